"""Extraction on real parses of sentences written for these tests."""

from __future__ import annotations

import kg
from kg.analysis import analyze


def triples(nlp, text):
    return [t for t in analyze(nlp(text), doc_id="t").triples if not t.object_is_clause]


def spo(nlp, text):
    return {(t.subject, t.relation, t.object) for t in triples(nlp, text)}


def test_active_svo(nlp):
    assert ("Maria Costa", "visit", "Lisbon") in spo(nlp, "Maria Costa visited Lisbon on Sunday.")


def test_passive_agent_becomes_subject(nlp):
    found = spo(nlp, "The treaty was signed by Maria Costa in Geneva.")
    assert ("Maria Costa", "sign", "treaty") in found


def test_verb_preposition(nlp):
    assert ("Peter Novak", "fly into", "Warsaw") in spo(nlp, "Peter Novak flew into Warsaw on Friday.")


def test_conjoined_subjects_and_objects(nlp):
    found = spo(nlp, "Anna Berg and Tomas Lind met the mayor and the governor.")
    for s in ("Anna Berg", "Tomas Lind"):
        for o in ("mayor", "governor"):
            assert (s, "meet", o) in found


def test_light_verb_each_conjunct(nlp):
    found = spo(nlp, "Costa held a meeting in Madrid on Monday with her Spanish and French counterparts.")
    assert ("Costa", "meet", "Spanish counterparts") in found
    assert ("Costa", "meet", "French counterparts") in found


def test_negation_and_modality(nlp):
    ts = triples(nlp, "Novak did not meet the ambassador. Berg could visit Oslo.")
    meet = next(t for t in ts if t.relation == "meet")
    visit = next(t for t in ts if t.relation == "visit")
    assert meet.negated and not visit.negated
    assert visit.modality == "could"


def test_evidence_slices_document(nlp):
    text = "Leaders gather in Rome\n\nAnna Berg met Tomas Lind in Rome. Lind thanked Berg.\n\nThe talks ended."
    doc = nlp(text)
    result = analyze(doc, doc_id="d1")
    assert result.triples
    for t in result.triples:
        ev = t.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert ev.doc_id == "d1"
        assert "\n\n" not in ev.sentence


def test_blank_lines_split_sentences(nlp):
    doc = nlp("Ministers meet in Rome\nAnna Berg met Tomas Lind\n\nthe talks went well.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Ministers meet in Rome"
    assert all("\n\n" not in s for s in sents)


def test_dateline_is_not_a_subject(nlp):
    text = "BERGEN, May 2 - Anna Berg welcomed Tomas Lind to the city on Friday."
    doc = nlp(text)
    assert [s.text for s in doc.sents][0] == "BERGEN, May 2 -"
    assert ("Anna Berg", "welcome", "Tomas Lind") in spo(nlp, text)
    assert not any(s == "BERGEN" for s, _, _ in spo(nlp, text))
    sents = [s.text for s in nlp("NATO said on Monday - in a statement - that it would act.").sents]
    assert len(sents) == 1


def test_datelines_with_agencies_are_no_entities(nlp):
    text = (
        "STOCKHOLM (Agence Nord-Presse) - Anna Berg met Tomas Lind in Stockholm.\n\n"
        "OSLO, March 3 (Wire) - Lena Ruiz visited Oslo."
    )
    doc = nlp(text)
    sents = [s.text.strip() for s in doc.sents]
    assert "STOCKHOLM (Agence Nord-Presse) -" in sents and "OSLO, March 3 (Wire) -" in sents
    g = kg.build([("d", text)], nlp=nlp)
    assert not [n for n in g.entities if "Wire" in n or "Presse" in n]
    assert all("(" not in a for a, _ in g.entity("Oslo").aliases)
    assert all(not t.evidence.sentence.endswith("-") for t in g.triples)
    assert ("Lena Ruiz", "visit", "Oslo") in {(t.subject, t.relation, t.object) for t in g.triples}
