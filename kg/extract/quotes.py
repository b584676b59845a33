"""Direct quotations and their speakers.

Finds the quoted stretches of a document (curly or straight quotation marks, quotes that run
over several sentences and, by the news convention, over several paragraphs: a paragraph that
opens a quote without closing it continues in the next paragraph that opens with a quotation
mark, or that has no opening mark and closes one) and the speaker of each, from the speech verb beside it:

* ``"...," X said.`` / ``"...," said X.`` / ``"...," X told reporters.``
* ``X said: "..."`` / ``X said, "..."``
* a quote with no speech verb in its sentences continues the previous quote's speaker when
  it directly follows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.extract import doc_text
from kg.lexicon import Lexicon

__all__ = ["QuoteSpan", "find_quotes", "speaker_map"]

_OPEN = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
_CLOSE = {"\u201d", "\u00bb"}
_STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation in a parsed document.

    Attributes:
        start: Token index of the first token inside the quotation marks.
        end: Token index one past the last token inside.
        start_char: Character offset of the opening mark (in the ``Doc``).
        end_char: Character offset just past the closing mark (or the quote's end).
        cue: Token index of the speech verb, or None.
        speaker: Token index of the speaker's head word (a name or a pronoun), or None.
        text: The quoted words without the marks.
    """

    start: int
    end: int
    start_char: int
    end_char: int
    cue: int | None
    speaker: int | None
    text: str


_MARKS = re.compile('[\u201c\u201d\u00ab\u00bb\u201e"]|\n[ \t\r]*(?=\n)')


def _char_spans(text: str) -> list[tuple[int, int, bool]]:
    """(open, close, open-ended) character offsets of quotations; close is the offset of the
    closing mark, or of the paragraph end for a quote left open there (open-ended: by the news
    convention it continues in the next paragraph if that one opens with a quotation mark)."""
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    closer: str | None = None
    # after a paragraph that left a quote open: where the next paragraph starts
    continued: int | None = None
    # only quotation marks and blank lines matter: jump from one to the next
    for m in _MARKS.finditer(text):
        i = m.start()
        ch = text[i]
        if open_at is None:
            if ch in _CLOSE and continued is not None:
                # the quote goes on in this paragraph, which only closes it (the other
                # convention: no mark at the paragraph's start)
                spans.append((continued - 1, i, False))
            elif ch in _OPEN:
                open_at, closer = i, _OPEN[ch]
            elif ch == _STRAIGHT:
                open_at, closer = i, _STRAIGHT
            continued = None
            continue
        if ch == closer or (closer != _STRAIGHT and ch in _CLOSE):
            spans.append((open_at, i, False))
            open_at = closer = None
        elif ch == "\n":
            # paragraph ends with the quote still open: close it here; a quote that the
            # next paragraph reopens is the same speaker's (joined by the caller)
            spans.append((open_at, i, True))
            straight = closer == _STRAIGHT
            open_at = closer = None
            if not straight:
                j = m.end()
                while j < len(text) and text[j].isspace():
                    j += 1
                continued = j
    if open_at is not None:
        spans.append((open_at, len(text), False))
    return spans


def _speech_verb(tok: Token, lex: Lexicon) -> bool:
    return tok.pos_ in ("VERB", "AUX") and lex.has_role(tok.lemma_.lower(), "reporting")


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    return None


def find_quotes(doc: Doc, lexicon: Lexicon) -> list[QuoteSpan]:
    """The quotations of ``doc`` with their speech verbs and speakers."""
    text = doc_text(doc)
    spans = _char_spans(text)
    if not spans:
        return []
    inside = [False] * len(doc)
    tok_spans: list[tuple[int, int, int, int, bool]] = []
    for a, b, open_ended in spans:
        span = doc.char_span(a + 1, b, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        lo, hi = span.start, span.end
        # do not count the closing mark itself
        while hi > lo and doc[hi - 1].text in ('"', "\u201d", "\u00bb"):
            hi -= 1
        while lo < hi and doc[lo].text in ('"', "\u201c", "\u00ab", "\u201e"):
            lo += 1
        if hi <= lo:
            continue
        for k in range(lo, hi):
            inside[k] = True
        tok_spans.append((lo, hi, a, min(len(text), b + 1), open_ended))
    # a quote left open at a paragraph's end and reopened at the start of the next paragraph
    # is one quotation, wherever its speaker is named (first paragraph or last)
    groups: list[list[tuple[int, int, int, int, bool]]] = []
    for span in tok_spans:
        if groups and groups[-1][-1][4] and not text[groups[-1][-1][3] : span[2]].strip():
            groups[-1].append(span)
        else:
            groups.append([span])
    out: list[QuoteSpan] = []
    prev: QuoteSpan | None = None
    for group in groups:
        lo, hi, a, b = group[0][0], group[-1][1], group[0][2], group[-1][3]
        cue = None
        for part in (group[-1], *group[:-1]):
            cue = _find_cue(doc, part[0], part[1], inside, lexicon)
            if cue is not None:
                break
        speaker = _subject(doc[cue]) if cue is not None else None
        if speaker is not None and inside[speaker.i]:
            speaker = None
        quote_text = "\n\n".join(
            text[doc[p[0]].idx : doc[p[1] - 1].idx + len(doc[p[1] - 1].text)].strip().rstrip(",;:").strip() for p in group
        )
        if cue is None and prev is not None and prev.speaker is not None and _adjacent(doc, prev, lo):
            q = QuoteSpan(lo, hi, a, b, prev.cue, prev.speaker, quote_text)
        else:
            q = QuoteSpan(lo, hi, a, b, cue, speaker.i if speaker is not None else None, quote_text)
        out.append(q)
        prev = q
    return out


def _adjacent(doc: Doc, prev: QuoteSpan, lo: int) -> bool:
    """Does a quote starting at token ``lo`` continue ``prev``? Only space, punctuation and
    the words of ``prev``'s own attribution ("..., Berg said.") may stand between them."""
    gap = doc[prev.end : lo]
    if len(gap) > 40:
        return False
    cue_sent = doc[prev.cue].sent if prev.cue is not None else None
    for t in gap:
        if t.is_space or t.is_punct or t.is_quote:
            continue
        if cue_sent is None or not (cue_sent.start <= t.i < cue_sent.end):
            return False
    return True


def _find_cue(doc: Doc, lo: int, hi: int, inside: list[bool], lex: Lexicon) -> int | None:
    last_sent = doc[hi - 1].sent
    first_sent = doc[lo].sent
    # after the quote, in the sentence of its end: "...," X said / said X / X told reporters
    for t in doc[hi : last_sent.end]:
        if inside[t.i]:
            break
        if _speech_verb(t, lex) and _subject(t) is not None and not inside[_subject(t).i]:
            return t.i
    # before the quote, in the sentence of its start: X said: "..."
    for t in reversed(doc[first_sent.start : lo]):
        if inside[t.i]:
            break
        if _speech_verb(t, lex) and _subject(t) is not None and not inside[_subject(t).i]:
            return t.i
    # the next sentence opens with the cue: "... ." He said.
    return None


def speaker_map(quotes: list[QuoteSpan]) -> dict[int, int]:
    """Token index -> speaker token index, for every token inside an attributed quotation."""
    out: dict[int, int] = {}
    for q in quotes:
        if q.speaker is None:
            continue
        for i in range(q.start, q.end):
            out[i] = q.speaker
    return out
