"""Parser slips mended before the rules read the parse (kg.repairs), on sentences written for
these tests: each repair is checked on the view and on the triples it makes possible."""

from __future__ import annotations

from kg.analysis import analyze
from kg.tokens import DocView


def relations(nlp, text):
    return {(t.subject, t.relation, t.object) for t in analyze(nlp(text), doc_id="t").triples if not t.object_is_clause}


def test_a_subject_hung_on_an_opening_phrase_is_the_subject_again(nlp):
    text = "In a phone call with Emmanuel Macron, Olaf Scholz discussed the crisis."
    view = DocView(nlp(text))
    verb = next(t for t in view if t.lower_ == "discussed")
    assert [c.text for c in verb.children if c.dep_ == "nsubj"] == ["Scholz"]
    rels = relations(nlp, text)
    assert any(s == "Olaf Scholz" and r == "discuss" for s, r, _ in rels), rels
    assert any(s == "Olaf Scholz" and o == "Emmanuel Macron" for s, _, o in rels), rels


def test_a_real_apposition_stays_one(nlp):
    view = DocView(nlp("The minister met her counterpart, Ana Ruiz, in Lima."))
    ruiz = next(t for t in view if t.text == "Ruiz")
    assert ruiz.dep_ != "nsubj"


def test_before_takes_an_object_not_a_clause_with_a_subject(nlp):
    rels = relations(nlp, "The carmakers had pleaded before Parliament to be given emergency loans.")
    assert ("carmakers", "plead before", "Parliament") in rels, rels
    assert not [r for r in rels if r[0] == "Parliament"], rels
    # a real clause after "before" keeps its subject
    rels = relations(nlp, "The minister resigned before Parliament voted on the budget.")
    assert ("Parliament", "vote on", "budget") in rels, rels


def test_a_preposition_ends_no_name_in_the_view(nlp):
    # the tagger reads "Corvane Logistics to" as one name
    view = DocView(nlp("The company said it would sell Corvane Logistics to Melbrook Holdings."))
    assert "Corvane Logistics" in [e.text for e in view.ents], [e.text for e in view.ents]
    assert not [t for t in view if t.lower_ == "to" and t.ent_type_]
