"""Confidence of a proposition: a small logistic model over what makes a reading reliable.

The features are the extraction pattern, the kind of clause the predicate heads (main clause,
relative clause, complement...), argument lengths and kinds, pronoun arguments, negation,
modality and sentence length. The weights live in ``kg/data/confidence.json``; they were fitted
on the CaRB dev split by ``benchmarks/calibrate_confidence.py`` (target: how well each
extraction matched the gold), so the score ranks reliable patterns above shaky ones and reads
roughly as the expected precision of an extraction.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources

from spacy.tokens import Doc

from kg.extract import Proposition
from kg.extract.args import AUX_DEPS

__all__ = ["features", "proposition_confidence", "load_weights"]


@functools.lru_cache(maxsize=1)
def load_weights() -> dict[str, float]:
    """The shipped weights (read once; the mapping is never modified)."""
    text = resources.files("kg").joinpath("data/confidence.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {str(k): float(v) for k, v in data["weights"].items()}


def _predicate(prop: Proposition, doc: Doc) -> int | None:
    for i in prop.relation:
        t = doc[i]
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in AUX_DEPS:
            return i
    return None


# patterns that share another's weights: a recipient beside an object is read like any
# other prepositional phrase beside an object
_SAME_AS = {"svo_partner": "svo_prep", "svo_asset": "svo", "between_set": "nominal", "directive": "svo"}


def features(prop: Proposition, doc: Doc) -> dict[str, float]:
    """The features of a proposition, by name."""
    f: dict[str, float] = {"bias": 1.0, f"pattern={_SAME_AS.get(prop.pattern, prop.pattern)}": 1.0}
    top = _predicate(prop, doc)
    if top is not None:
        f[f"clause={doc[top].dep_}"] = 1.0
        if doc[top].tag_ in ("VBG", "VBN") and not any(c.dep_ in AUX_DEPS for c in doc[top].children):
            f["participle"] = 1.0
    else:
        f["clause=none"] = 1.0
    a1 = prop.arg1
    # lengths of the compact names, so that the graph (which builds no surface phrases)
    # and the Open IE output score a proposition alike
    f["arg1_len"] = min(len(a1.core), 20) / 10
    if doc[a1.head].pos_ == "PRON":
        f["arg1_pron"] = 1.0
    if doc[a1.head].ent_type_:
        f["arg1_ent"] = 1.0
    if prop.arg2 is not None:
        a2 = prop.arg2
        f["arg2_len"] = min(len(a2.core), 30) / 10
        f[f"arg2_kind={a2.kind}"] = 1.0
        if doc[a2.head].pos_ == "PRON":
            f["arg2_pron"] = 1.0
        if doc[a2.head].ent_type_:
            f["arg2_ent"] = 1.0
    else:
        f["arg2_none"] = 1.0
    f["extras"] = min(len(prop.extras), 4) / 2
    start, end = prop.sentence
    f["sent_len"] = min(end - start, 80) / 40
    f["rel_len"] = min(len(prop.relation), 8) / 4
    if prop.negated:
        f["negated"] = 1.0
    if prop.modality:
        f["modality"] = 1.0
    if prop.conditional:
        f["conditional"] = 1.0
    if prop.speaker is not None:
        f["reported"] = 1.0
    return f


def proposition_confidence(prop: Proposition, doc: Doc, weights: dict[str, float] | None = None) -> float:
    """Confidence in [0, 1] of a proposition (rounded to 3 decimals)."""
    w = weights if weights is not None else load_weights()
    z = _linear(prop, doc, w)
    z = max(-30.0, min(30.0, z))
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def _linear(prop: Proposition, doc: Doc, w: dict[str, float]) -> float:
    """``sum(w[f] * v for f, v in features(prop, doc).items())``, without building the
    feature dict (this runs for every triple); tests check that the two agree."""
    get = w.get
    z = get("bias", 0.0) + get("pattern=" + _SAME_AS.get(prop.pattern, prop.pattern), 0.0)
    top = _predicate(prop, doc)
    if top is not None:
        t = doc[top]
        z += get("clause=" + t.dep_, 0.0)
        if t.tag_ in ("VBG", "VBN") and not any(c.dep_ in AUX_DEPS for c in t.children):
            z += get("participle", 0.0)
    else:
        z += get("clause=none", 0.0)
    a1 = prop.arg1
    z += get("arg1_len", 0.0) * (min(len(a1.core), 20) / 10)
    h1 = doc[a1.head]
    if h1.pos_ == "PRON":
        z += get("arg1_pron", 0.0)
    if h1.ent_type_:
        z += get("arg1_ent", 0.0)
    a2 = prop.arg2
    if a2 is not None:
        z += get("arg2_len", 0.0) * (min(len(a2.core), 30) / 10) + get("arg2_kind=" + a2.kind, 0.0)
        h2 = doc[a2.head]
        if h2.pos_ == "PRON":
            z += get("arg2_pron", 0.0)
        if h2.ent_type_:
            z += get("arg2_ent", 0.0)
    else:
        z += get("arg2_none", 0.0)
    z += get("extras", 0.0) * (min(len(prop.extras), 4) / 2)
    start, end = prop.sentence
    z += get("sent_len", 0.0) * (min(end - start, 80) / 40)
    z += get("rel_len", 0.0) * (min(len(prop.relation), 8) / 4)
    if prop.negated:
        z += get("negated", 0.0)
    if prop.modality:
        z += get("modality", 0.0)
    if prop.conditional:
        z += get("conditional", 0.0)
    if prop.speaker is not None:
        z += get("reported", 0.0)
    return z
