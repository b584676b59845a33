"""The text of a document and of token runs, read once and kept."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from kg.tokens import DocView

__all__ = ["doc_text", "span_text"]

def doc_text(doc: Doc | DocView) -> str:
    """The text of a document (a :class:`~kg.tokens.DocView` keeps it; ``Doc.text`` rebuilds
    it from every token on each call, so it is kept in ``user_data`` once read)."""
    if isinstance(doc, DocView):
        return doc.text
    text = doc.user_data.get("kg.text")
    if text is None:
        text = doc.text
        doc.user_data["kg.text"] = text
    return text


def span_text(doc: Doc | DocView, indices: Iterable[int]) -> str:
    """Text of the tokens at ``indices``: contiguous runs as written, runs joined by a space."""
    idx = indices if isinstance(indices, tuple) else tuple(sorted(set(indices)))
    if not idx:
        return ""
    text = doc_text(doc)
    first_i, last_i = idx[0], idx[-1]
    if last_i - first_i == len(idx) - 1:  # one contiguous run (sorted, unique): the common case
        first, last = doc[first_i], doc[last_i]
        return text[first.idx : last.idx + len(last.text)].strip()
    idx = tuple(sorted(set(idx)))
    parts: list[str] = []
    run_start = prev = idx[0]
    for i in (*idx[1:], -1):
        if i == prev + 1:
            prev = i
            continue
        first, last = doc[run_start], doc[prev]
        part = text[first.idx : last.idx + len(last.text)].strip()
        if part:
            parts.append(part)
        run_start = prev = i
    return " ".join(parts)
