"""Property-based tests: arbitrary Unicode text through extract and build never raises,
evidence offsets always slice the original text, and no subject or object is empty."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.analysis import analyze
from kg.extract.openie import surface_tuples

WORDS = ["Anna", "Berg", "met", "the", "minister", "in", "Oslo", "and", "he", "said", "\u201c", "\u201d", '"', ",", ".",
         "not", "Russia", "sanctioned", "was", "by", "'s", "her", "talks", "held", "with", "\n", "\n\n", "Mr", "U.S."]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=6)), max_size=60).map(" ".join),
)

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(text=texts)
def test_extract_never_raises_and_evidence_slices(nlp, text):
    doc = nlp(text)
    result = analyze(doc, doc_id="p", text=text)
    for t in result.triples:
        assert text[t.evidence.start : t.evidence.end] == t.evidence.sentence
        assert t.subject.strip() and t.object.strip()
        assert 0.0 <= t.confidence <= 1.0
    for e in result.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for st_ in surface_tuples(doc[:]):
        assert all(a.strip() for a in st_.args[:2]) and st_.relation.strip()


@SETTINGS
@given(texts=st.lists(texts, min_size=1, max_size=3))
def test_build_never_raises(nlp, texts):
    pairs = [(f"d{i}", t) for i, t in enumerate(texts) if t.strip()]
    if not pairs:
        return
    g = kg.build(pairs, nlp=nlp, on_problem=lambda p: None)
    by_id = dict(pairs)
    for t in g.triples:
        assert by_id[t.evidence.doc_id][t.evidence.start : t.evidence.end] == t.evidence.sentence
    g.to_networkx()
    assert kg.KnowledgeGraph.from_dict(g.to_dict()) == g
