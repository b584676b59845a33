"""Every proposition of a sentence, and of a document."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from kg.extract.clauses import AUX_DEPS, _absorbed_xcomp, _clause_props, _is_predicate, _Sentence
from kg.extract.nominal import _descriptive_props, _nominal_props
from kg.extract.records import Proposition
from kg.lexicon import Lexicon, load_lexicon
from kg.tokens import DocView, SpanView, view_of

__all__ = ["sentence_propositions", "propositions"]

def sentence_propositions(sent: Span, lexicon: Lexicon | None = None, *, descriptive: bool = True) -> list[Proposition]:
    """All propositions of one sentence.

    Args:
        sent: A sentence span of a parsed ``Doc``.
        lexicon: Word lists; the shipped ones by default.
        descriptive: Also read possession, titles and locations from noun phrases (Open IE
            output; the graph does not use them).

    Returns:
        Propositions in the order of their predicates.
    """
    if len(sent) == 0:
        return []
    if not isinstance(sent, SpanView):
        sent = view_of(sent.doc).span(sent.start, sent.end)
    lex = lexicon if lexicon is not None else load_lexicon()
    sent.doc.user_data["kg.lex"] = lex
    st = _Sentence(sent.doc, sent, lex)
    props: list[Proposition] = []
    for tok in st.tokens:
        if not _is_predicate(tok) or _absorbed_xcomp(tok, lex):
            continue
        if tok.pos_ == "AUX" and tok.dep_ in AUX_DEPS:
            continue
        props.extend(_clause_props(tok, st))
    props.extend(_nominal_props(sent, st))
    if descriptive:
        props.extend(_descriptive_props(sent, st))
    return _dedupe(props)


def _dedupe(props: list[Proposition]) -> list[Proposition]:
    seen: set[tuple] = set()
    out = []
    for p in props:
        key = (p.arg1.full, p.arg1.core, p.relation, p.lemma, p.arg2.full if p.arg2 else None, p.arg2.core if p.arg2 else None, p.agent_first)
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


def propositions(
    doc: Doc | DocView, lexicon: Lexicon | None = None, *, descriptive: bool = True, text: str | None = None
) -> Iterator[Proposition]:
    """Propositions of every sentence of ``doc`` (see :func:`sentence_propositions`).

    Args:
        doc: A parsed ``Doc``, or a :class:`~kg.tokens.DocView` of one.
        lexicon: Word lists; the shipped ones by default.
        descriptive: Also read possession, titles and locations (Open IE output).
        text: The document's text, if at hand (spares rebuilding it from the tokens).

    Example:
        >>> nlp = kg.load_pipeline()  # doctest: +SKIP
        >>> [p.lemma for p in propositions(nlp("Ann met Bob in Rome."))]  # doctest: +SKIP
        ['meet']
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    view = view_of(doc, text)
    view.user_data["kg.surface"] = descriptive
    try:
        for sent in view.sents:
            yield from sentence_propositions(sent, lex, descriptive=descriptive)
    finally:
        view.user_data.pop("kg.np_args", None)
        view.user_data.pop("kg.surface", None)
