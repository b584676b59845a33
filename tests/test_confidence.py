"""Confidence: in [0, 1], the fast scorer agrees with the feature definition, and reliable
patterns rank above shaky ones."""

from __future__ import annotations

import math

from kg.extract import propositions
from kg.extract.confidence import _linear, features, load_weights, proposition_confidence

TEXT = (
    "Anna Berg met Tomas Lind in Oslo on Monday. The treaty was signed by Lena Ruiz. "
    "Peter Novak said that Norway would not sanction Russia if the talks failed. "
    "Sweden's trade minister, Lena Ruiz, is expected to visit Rome. Lind's trip to Paris ended."
)


def test_fast_score_matches_features(nlp):
    w = load_weights()
    doc = nlp(TEXT)
    props = list(propositions(doc))
    assert len(props) > 5
    for p in props:
        slow = sum(w.get(k, 0.0) * v for k, v in features(p, doc).items())
        assert math.isclose(_linear(p, doc, w), slow, abs_tol=1e-9)
        assert 0.0 <= proposition_confidence(p, doc) <= 1.0


def test_core_patterns_rank_above_possession(nlp):
    doc = nlp("The company's chief executive bought the old factory.")
    props = {p.pattern: proposition_confidence(p, doc) for p in propositions(doc)}
    assert props["svo"] > props["poss"]
