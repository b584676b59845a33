"""Direct quotations in the common news shapes, and attribution of the triples inside."""

from __future__ import annotations

import kg


def build(nlp, text):
    return kg.build([("q", text)], nlp=nlp)


def test_quote_then_speaker_said(nlp):
    g = build(nlp, '"We will support Ukraine," Anna Berg said on Tuesday.')
    [q] = g.quotes()
    assert q.speaker == "Anna Berg" and q.cue == "say"
    assert q.text == "We will support Ukraine"
    t = next(t for t in g.triples if t.relation == "support")
    assert t.attributed_to == "Anna Berg"


def test_speaker_said_colon_quote(nlp):
    g = build(nlp, 'Tomas Lind said: "Russia must withdraw its troops."')
    [q] = g.quotes()
    assert q.speaker == "Tomas Lind"
    t = next(t for t in g.triples if t.relation == "withdraw")
    assert t.subject == "Russia" and t.attributed_to == "Tomas Lind"


def test_told_reporters(nlp):
    g = build(nlp, "\u201cThe talks went well,\u201d Anna Berg told reporters in Oslo.")
    [q] = g.quotes()
    assert q.speaker == "Anna Berg" and q.cue == "tell"


def test_quote_over_several_sentences_and_paragraphs(nlp):
    text = (
        "Anna Berg met Tomas Lind in Oslo.\n\n"
        "\u201cWe discussed the border. We will meet the Finnish president next week,\u201d Berg said.\n\n"
        "\u201cI also invited Lind to Stockholm.\u201d"
    )
    g = build(nlp, text)
    qs = g.quotes(speaker="berg")
    assert len(qs) == 2 and all(q.speaker == "Anna Berg" for q in qs)
    t = next(t for t in g.triples if t.relation == "invite")
    assert t.subject == "Anna Berg" and t.attributed_to == "Anna Berg"


def test_paragraph_left_open_continues(nlp):
    text = (
        "\u201cThe sanctions will stay,\u201d Tomas Lind said. \u201cWe will not lift them.\n\n"
        "\u201cRussia knows what it must do.\u201d"
    )
    qs = build(nlp, text).quotes()
    # the quote left open at the paragraph's end and its continuation are one quotation
    assert len(qs) == 2 and {q.speaker for q in qs} == {"Tomas Lind"}
    assert qs[1].text == "We will not lift them.\n\nRussia knows what it must do."


def test_speaker_named_after_a_quote_of_several_paragraphs(nlp):
    text = (
        "Heating costs rose again in Bergen.\n\n"
        "\u201cWe face the hardest winter in years. Our plan protects families.\n\n"
        "\u201cBut we must also help Ukraine,\u201d Mrs Solberg told reporters.\n\n"
        "Critics were not convinced."
    )
    g = build(nlp, text)
    qs = g.quotes()
    assert len(qs) == 1 and qs[0].speaker == "Solberg" and qs[0].cue == "tell"
    assert qs[0].text.startswith("We face the hardest winter") and qs[0].text.endswith("help Ukraine")
    t = next(t for t in g.triples if t.relation == "protect")
    assert t.attributed_to == "Solberg"  # a triple of the first paragraph has its speaker


def test_quotes_filter_by_speaker(nlp):
    g = build(nlp, '"Yes," Anna Berg said. "No," Tomas Lind said.')
    assert [q.text for q in g.quotes(speaker="lind")] == ["No"]


def test_quoted_phrase_inside_a_sentence_is_no_quotation(nlp):
    g = build(nlp, 'Tomas Lind warned that the danger had reached a "critical and imminent level" on Monday.')
    assert g.quotes() == []


def test_a_quote_left_open_goes_on_in_a_paragraph_that_only_closes_it(nlp):
    text = (
        "Anna Berg said on Monday, \u201cThe talks went well.\n\n"
        "We will support Ukraine with more money.\u201d The minister then left for Oslo."
    )
    g = build(nlp, text)
    [q] = g.quotes()
    assert q.speaker == "Anna Berg" and "We will support Ukraine" in q.text
    t = next(t for t in g.triples if t.relation == "support")
    assert t.attributed_to == "Anna Berg"
    assert all(t.attributed_to is None for t in g.triples if t.relation == "leave for")
