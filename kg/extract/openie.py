"""Open IE output: propositions as n-ary tuples of surface text, as benchmarks such as CaRB
expect (relation and arguments as written, extra arguments for time, place and the like)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.extract import Proposition, sentence_propositions, span_text
from kg.lexicon import Lexicon, load_lexicon

__all__ = ["SurfaceTuple", "surface_tuple", "surface_tuples"]

# readings that relate two actors through words the sentence does not state as a relation
# ("Apple and ABC agreed" -> Apple agree with ABC): the graph's, not Open IE output
_GRAPH_ONLY = frozenset({"reciprocal", "relational", "nominal_doer", "svo_inner", "between_set"})

# readings with no verb of their own: the relation is the normalised one ("be in", "has")
_NOMINAL = frozenset({"np_in", "poss", "title", "appos"})


@dataclass(frozen=True, slots=True)
class SurfaceTuple:
    """One Open IE extraction: ``relation(arg1, arg2, *extras)`` with a confidence."""

    confidence: float
    relation: str
    args: tuple[str, ...]
    pattern: str


def surface_tuple(doc: Doc, prop: Proposition, confidence: float) -> SurfaceTuple | None:
    """Render ``prop`` in surface order (passive subjects first, "by" in the relation)."""
    # "be" stands for whichever form of the copula the benchmark's gold uses
    rel = prop.lemma if prop.pattern in _NOMINAL else (span_text(doc, prop.relation) if prop.relation else prop.lemma)
    arg1 = span_text(doc, prop.arg1.full)
    arg2 = span_text(doc, prop.arg2.full) if prop.arg2 is not None else ""
    extras = tuple(t for t in (span_text(doc, e.full) for e in prop.extras) if t)
    if not arg2 and extras:
        arg2, extras = extras[0], extras[1:]
    if not rel or not arg1 or not arg2:
        return None
    return SurfaceTuple(confidence, rel, (arg1, arg2, *extras), prop.pattern)


def surface_tuples(sent: Span, lexicon: Lexicon | None = None) -> Iterator[SurfaceTuple]:
    """Open IE tuples of one sentence, most confident first."""
    from kg.extract.confidence import proposition_confidence

    lex = lexicon if lexicon is not None else load_lexicon()
    out = []
    for prop in sentence_propositions(sent, lex):
        if prop.pattern in _GRAPH_ONLY:
            continue
        t = surface_tuple(sent.doc, prop, proposition_confidence(prop, sent.doc))
        if t is not None:
            out.append(t)
    out.sort(key=lambda t: -t.confidence)
    yield from out
