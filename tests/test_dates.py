"""Dates: reading document dates, datelines, time phrases by shape and tense, clause tense.

Every sentence and date here is made up for the test. The document date of most cases is
Wednesday 4 March 2009 (ISO week 2009-W10).
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from kg.dates import (
    DateReading,
    choose_date,
    clause_date,
    clause_tense,
    date_range,
    find_dateline,
    overlaps,
    parse_bound,
    period_of,
    precision,
    read_date,
    resolve_phrase,
    sort_key,
)
from kg.errors import KgError

WED = "2009-03-04"  # a Wednesday
FRI = "2009-03-06"  # a Friday


# -- ISO dates as ranges ----------------------------------------------------------------------------


def test_date_ranges_and_precision():
    assert date_range("2009") == (date(2009, 1, 1), date(2009, 12, 31))
    assert date_range("2009-02") == (date(2009, 2, 1), date(2009, 2, 28))
    assert date_range("2008-02") == (date(2008, 2, 1), date(2008, 2, 29))
    assert date_range("2009-12") == (date(2009, 12, 1), date(2009, 12, 31))
    assert date_range("2009-W06") == (date(2009, 2, 2), date(2009, 2, 8))
    assert date_range("2009-W01") == (date(2008, 12, 29), date(2009, 1, 4))  # ISO week years
    assert date_range("2009-02-03") == (date(2009, 2, 3), date(2009, 2, 3))
    assert [precision(d) for d in ("2009", "2009-02", "2009-W06", "2009-02-03")] == ["year", "month", "week", "day"]
    for bad in ("2009-2", "09-02-03", "2009-13", "2009-W60", "", "Feb 2009"):
        with pytest.raises(ValueError):
            date_range(bad)


def test_overlap_sort_and_periods():
    feb1, feb28 = date(2009, 2, 1), date(2009, 2, 28)
    assert overlaps("2009-02", date(2009, 2, 20), None)  # a month-precise date touches a range in it
    assert overlaps("2009", feb1, feb28) and overlaps("2009-W06", feb1, feb1 + (feb28 - feb1))
    assert not overlaps("2009-03-01", feb1, feb28) and not overlaps("2009-01", feb1, None)
    assert overlaps("2009-W05", None, feb1)  # 26 Jan to 1 Feb
    assert overlaps(None, None, None) and not overlaps(None, feb1, None)  # undated: out once bounded
    assert sorted(["2009-03", "2009-W06", None, "2009-02-01", "2009"], key=sort_key) == ["2009", "2009-02-01", "2009-W06", "2009-03", None]
    assert period_of("2009-02-03", "day") == "2009-02-03"
    assert period_of("2009-02-03", "week") == "2009-W06"
    assert period_of("2009-12-29", "week") == "2009-W53"
    assert period_of("2009-W06", "month") is None  # a week can straddle two months
    assert period_of("2009-02", "month") == "2009-02" and period_of("2009-02", "day") is None
    assert period_of("2009-02-03", "year") == "2009"


def test_bounds_take_the_first_or_last_day():
    assert parse_bound("2009-02") == date(2009, 2, 1)
    assert parse_bound("2009-02", end=True) == date(2009, 2, 28)
    assert parse_bound("2009", end=True) == date(2009, 12, 31)
    assert parse_bound(None) is None and parse_bound(date(2009, 1, 5)) == date(2009, 1, 5)
    with pytest.raises(KgError, match="--since 'last week' is not a date: give an ISO date like 2009"):
        parse_bound("last week", name="--since")


# -- document dates from metadata -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2009-02-03", "2009-02-03"),
        ("2009-02-03T10:15:00Z", "2009-02-03"),
        ("2009-02-03 23:30:00-05:00", "2009-02-03"),  # the date as written, not moved to UTC
        ("2009-02-03T10:15:00.123+01:00", "2009-02-03"),
        ("2009-02", "2009-02"),
        ("2009", "2009"),
        ("2009-W06", "2009-W06"),
        ("2009/02/03", "2009-02-03"),
        ("2009.2.3", "2009-02-03"),
        ("20090203", "2009-02-03"),
        ("20090203101500", "2009-02-03"),
        ("Tue, 03 Feb 2009 10:15:00 GMT", "2009-02-03"),
        ("February 3, 2009", "2009-02-03"),
        ("Feb. 3rd, 2009", "2009-02-03"),
        ("Sept. 30, 2009", "2009-09-30"),
        ("3 February 2009", "2009-02-03"),
        ("Tuesday 3rd of February 2009 at 10am", "2009-02-03"),
        ("February 2009", "2009-02"),
        ("25/12/2009", "2009-12-25"),
        ("12/25/2009", "2009-12-25"),
        ("25.12.09", "2009-12-25"),
        ("  2009-02-03\n", "2009-02-03"),
        (2009, "2009"),
        (20090203, "2009-02-03"),
        (1233656100, "2009-02-03"),  # Unix seconds
        (1233656100000, "2009-02-03"),  # Unix milliseconds
        ("1233656100", "2009-02-03"),
    ],
)
def test_read_date_formats(value, expected):
    assert read_date(value) == DateReading(date=expected, order=read_date(value).order)


def test_numeric_order_evidence_and_ambiguity():
    assert read_date("25/12/2009").order == "dmy"
    assert read_date("12/25/2009").order == "mdy"
    assert read_date("03/03/2009") == DateReading(date="2009-03-03")  # both readings agree
    r = read_date("03-02-2009")
    assert r.date is None and r.readings == ("2009-03-02", "2009-02-03")
    assert read_date("11.10.08").readings == ("2008-11-10", "2008-10-11")


@pytest.mark.parametrize("value", ["soon", "2009-02-30", "13/13/2009", "", "   ", None, True, ["2009"], {"y": 2009}, 12, float("nan"), "2009-W54"])
def test_unreadable_dates_say_so(value):
    r = read_date(value)
    assert r.date is None and r.readings is None and r.problem


def test_choose_date_settles_ambiguity_by_dateline_then_order():
    ambiguous = read_date("03-02-2009")
    assert choose_date(ambiguous, "2009-02-03") == ("2009-02-03", None)
    assert choose_date(ambiguous, "2009-03-02") == ("2009-03-02", None)
    assert choose_date(ambiguous, None, "dmy") == ("2009-02-03", None)
    assert choose_date(ambiguous, None, "mdy") == ("2009-03-02", None)
    # a dateline that agrees with neither reading: used, with a warning; no order, no dateline: no date
    when, warning = choose_date(ambiguous, "2009-05-01")
    assert when == "2009-05-01" and "2 March 2009 or 3 February 2009" in warning and "dateline 2009-05-01" in warning
    when, warning = choose_date(ambiguous, None)
    assert when is None and "no date is used" in warning and "YYYY-MM-DD" in warning


def test_choose_date_for_certain_and_missing_dates():
    assert choose_date(DateReading(), "2009-02-03") == ("2009-02-03", None)  # no metadata: the dateline
    assert choose_date(DateReading(), None) == (None, None)
    assert choose_date(read_date("2009-02-03"), "2009-02-02") == ("2009-02-03", None)  # a day apart: fine
    when, warning = choose_date(read_date("2009-01-20"), "2009-02-20")
    assert when == "2009-01-20" and "disagree" in warning
    when, warning = choose_date(read_date("last Tuesday"), "2009-02-03")
    assert when == "2009-02-03" and "unreadable" in warning and "dateline" in warning


# -- datelines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Harbour talks stall\n\nMay 01, 2009\n\nThe port of Vell closed.", "2009-05-01"),
        ("Friday 3 March 2006\nThe port of Vell closed.", "2006-03-03"),
        ("Friday, March 3, 2006 - The port closed.", "2006-03-03"),
        ("Title line\n\nMay 7, 2005 In the harbour of Vell, boats waited.", "2005-05-07"),
        ("VELL, March 4, 2009 (Harbour Wire) - The port closed.", "2009-03-04"),
        ("NEW VELL (HW), 4 March 2009 - The port closed.", "2009-03-04"),
        ("Published: 4th March 2009\n\nThe port closed.", "2009-03-04"),
        ("Posted on Sept. 12, 2008\nText.", "2008-09-12"),
        ("2009-03-04\nThe port closed.", "2009-03-04"),
        ("VELL, March 4 (Harbour Wire) - The port closed.", None),  # no year
        ("The port of Vell closed on March 4, 2009.", None),  # a date inside a sentence
        ("A\nB\nC\nD\nE\nF\nG\nMarch 4, 2009\n", None),  # too far down
        ("February 30, 2009\nText.", None),
        ("", None),
    ],
)
def test_find_dateline(text, expected):
    assert find_dateline(text) == expected


# -- time phrases: shape by shape, tense by tense ----------------------------------------------------


@pytest.mark.parametrize(
    "phrase, tense, expected",
    [
        # a weekday: the latest before (past), the next after (future, present); the document's
        # own day when it is that weekday
        ("on Friday", "past", "2009-02-27"),
        ("on Friday", "future", FRI),
        ("on Friday", "present", FRI),
        ("on Wednesday", "past", WED),
        ("on Wednesday", "future", WED),
        ("Monday", "past", "2009-03-02"),
        ("Friday night", "past", "2009-02-27"),
        ("late on Friday", "future", FRI),
        ("early Tuesday", "past", "2009-03-03"),
        ("at 10 a.m. on Friday", "future", FRI),
        ("last Friday", "past", "2009-02-27"),
        ("last Wednesday", "past", "2009-02-25"),  # strictly before
        ("next Wednesday", "future", "2009-03-11"),  # strictly after
        ("this past Monday", "past", "2009-03-02"),
        ("this coming Monday", "future", "2009-03-09"),
        ("this Friday", "future", FRI),
        # days around the document
        ("yesterday", "past", "2009-03-03"),
        ("yesterday afternoon", "past", "2009-03-03"),
        ("last night", "past", "2009-03-03"),
        ("today", "present", WED),
        ("earlier today", "past", WED),
        ("this morning", "past", WED),
        ("tonight", "future", WED),
        ("tomorrow", "future", "2009-03-05"),
        ("the day before yesterday", "past", "2009-03-02"),
        # weeks (ISO 8601 week dates)
        ("last week", "past", "2009-W09"),
        ("this week", "past", "2009-W10"),
        ("earlier this week", "past", "2009-W10"),
        ("later this week", "future", "2009-W10"),
        ("earlier in the week", "past", "2009-W10"),
        ("next week", "future", "2009-W11"),
        ("over the weekend", "past", "2009-W09"),  # the weekend before a Wednesday
        ("at the weekend", "future", "2009-W10"),  # the coming one, in the same ISO week
        ("last weekend", "past", "2009-W09"),
        ("three weeks ago", "past", "2009-W07"),
        ("in two weeks", "future", "2009-W12"),
        # months
        ("last month", "past", "2009-02"),
        ("this month", "past", "2009-03"),
        ("earlier this month", "past", "2009-03"),
        ("next month", "future", "2009-04"),
        ("six months ago", "past", "2008-09"),
        ("in March", "past", "2009-03"),  # the month holding the document date
        ("in March", "future", "2009-03"),
        ("in January", "past", "2009-01"),
        ("in January", "future", "2010-01"),
        ("in November", "past", "2008-11"),
        ("in November", "future", "2009-11"),
        ("in early April", "future", "2009-04"),
        ("in mid-February", "past", "2009-02"),
        ("last March", "past", "2008-03"),
        ("next March", "future", "2010-03"),
        ("in March 2008", "past", "2008-03"),
        ("in April of last year", "past", "2008-04"),
        ("in January next year", "future", "2010-01"),
        ("in May this year", "future", "2009-05"),
        ("March of 2010", "future", "2010-03"),
        # years
        ("last year", "past", "2008"),
        ("this year", "past", "2009"),
        ("earlier this year", "past", "2009"),
        ("in the current year", "past", "2009"),
        ("next year", "future", "2010"),
        ("a year ago", "past", "2008"),
        ("two years ago", "past", "2007"),
        ("in 2003", "past", "2003"),
        ("in 2003", "future", "2003"),  # an explicit year, whatever the tense
        ("in late 2010", "future", "2010"),
        # explicit days; a day and month without year by tense
        ("on March 2, 2009", "past", "2009-03-02"),
        ("on 2 March 2009", "past", "2009-03-02"),
        ("Monday, March 2, 2009", "past", "2009-03-02"),
        ("on 2009-03-02", "past", "2009-03-02"),
        ("on Nov. 3", "past", "2008-11-03"),
        ("on Nov. 3", "future", "2009-11-03"),
        ("on March 4", "past", WED),
        ("on March 4", "future", WED),
        ("November 3rd", "past", "2008-11-03"),
        ("on the 3rd of November", "future", "2009-11-03"),
        ("on Friday, March 6", "future", FRI),  # the date wins over the weekday
        ("two days ago", "past", "2009-03-02"),
        ("a day ago", "past", "2009-03-03"),
        # quarters, halves and seasons: the year they fall in
        ("in the first quarter", "past", "2009"),
        ("in the fourth quarter", "past", "2008"),
        ("in the fourth quarter", "future", "2009"),
        ("in the third quarter of 2007", "past", "2007"),
        ("Q2 2008", "past", "2008"),
        ("in the second half of 2010", "future", "2010"),
        ("in the second half", "past", "2008"),
        ("in the first half", "past", "2009"),
        ("last summer", "past", "2008"),
        ("next summer", "future", "2009"),
        ("in the spring", "past", "2009"),
        ("in the autumn", "past", "2008"),
        ("in the autumn", "future", "2009"),
    ],
)
def test_resolve_phrase(phrase, tense, expected):
    assert resolve_phrase(phrase, WED, tense) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "since 2003", "since Friday", "until Friday", "by 2012", "before March", "after the summit",
        "for two years", "for years", "within a week", "over the past week", "in recent weeks",
        "in the past two years", "the next day", "the previous week", "the following month",
        "that day", "every Friday", "several days ago", "a few weeks ago", "days", "annual", "daily",
        "in the 1990s", "now", "recently", "the same day", "in two weeks",  # (past tense: a duration)
        "earlier", "March 3-4", "on Fridays",
    ],
)
def test_phrases_that_fix_no_date(phrase):
    assert resolve_phrase(phrase, WED, "past") is None


def test_relative_phrases_need_a_document_date_precise_enough():
    assert resolve_phrase("on Friday", None, "past") is None
    assert resolve_phrase("in 2003", None, "past") == "2003"  # absolute: no document date needed
    assert resolve_phrase("on March 2, 2009", None, "past") == "2009-03-02"
    assert resolve_phrase("last year", "2009", "past") == "2008"  # a year-precise document
    assert resolve_phrase("last month", "2009", "past") is None
    assert resolve_phrase("last month", "2009-03", "past") == "2009-02"
    assert resolve_phrase("in January", "2009-03", "past") == "2009-01"
    assert resolve_phrase("yesterday", "2009-03", "past") is None
    assert resolve_phrase("last week", "2009-W10", "past") == "2009-W09"
    assert resolve_phrase("yesterday", "not a date", "past") is None


def test_year_and_month_boundaries():
    assert resolve_phrase("yesterday", "2009-01-01", "past") == "2008-12-31"
    assert resolve_phrase("next month", "2009-12-15", "future") == "2010-01"
    assert resolve_phrase("last month", "2009-01-15", "past") == "2008-12"
    assert resolve_phrase("last week", "2009-01-01", "past") == "2008-W52"
    assert resolve_phrase("on Dec. 30", "2009-01-02", "past") == "2008-12-30"
    assert resolve_phrase("on Jan. 5", "2008-12-28", "future") == "2009-01-05"
    assert resolve_phrase("on Feb. 29", "2009-03-04", "past") == "2008-02-29"  # the last 29 February
    assert resolve_phrase("in the fourth quarter", "2009-01-10", "past") == "2008"


def test_clause_date_prefers_the_most_precise_phrase():
    assert clause_date([("in 2009", "past"), ("on Friday", "past")], WED) == ("2009-02-27", "text")
    assert clause_date([("since 2003", "past")], WED) == (WED, "document")
    assert clause_date([], WED) == (WED, "document")
    assert clause_date([], None) == (None, None)
    assert clause_date([("on Friday", "past")], None) == (None, None)


# -- the tense of a clause, on hand-built parses -------------------------------------------------------


_VOCAB = English().vocab


def _doc(words, heads, deps, tags, lemmas=None):
    return Doc(_VOCAB, words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas or [w.lower() for w in words])


@pytest.mark.parametrize(
    "words, heads, deps, tags, lemmas, verb, expected",
    [
        (["Vell", "met", "Ost"], [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["NNP", "VBD", "NNP"], None, 1, "past"),
        (["Vell", "will", "meet", "Ost"], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], ["NNP", "MD", "VB", "NNP"], None, 2, "future"),
        (["Vell", "meets", "Ost"], [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["NNP", "VBZ", "NNP"], None, 1, "present"),
        (["Vell", "is", "meeting", "Ost"], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], ["NNP", "VBZ", "VBG", "NNP"], None, 2, "present"),
        (["Vell", "was", "meeting", "Ost"], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], ["NNP", "VBD", "VBG", "NNP"], None, 2, "past"),
        (["Vell", "has", "met", "Ost"], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], ["NNP", "VBZ", "VBN", "NNP"], None, 2, "past"),
        (["Vell", "had", "met", "Ost"], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], ["NNP", "VBD", "VBN", "NNP"], None, 2, "past"),
        (["Vell", "did", "not", "meet", "Ost"], [3, 3, 3, 3, 3], ["nsubj", "aux", "neg", "ROOT", "dobj"], ["NNP", "VBD", "RB", "VB", "NNP"], None, 3, "past"),
        (["Vell", "could", "meet", "Ost"], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], ["NNP", "MD", "VB", "NNP"], None, 2, "future"),
        (["Vell", "would", "meet", "Ost"], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], ["NNP", "MD", "VB", "NNP"], None, 2, "future"),
        (["Ost", "was", "fined"], [2, 2, 2], ["nsubjpass", "auxpass", "ROOT"], ["NNP", "VBD", "VBN"], None, 2, "past"),
        (["Ost", "is", "fined"], [2, 2, 2], ["nsubjpass", "auxpass", "ROOT"], ["NNP", "VBZ", "VBN"], None, 2, "present"),
        (["Ost", "will", "be", "fined"], [3, 3, 3, 3], ["nsubjpass", "aux", "auxpass", "ROOT"], ["NNP", "MD", "VB", "VBN"], None, 3, "future"),
        # to-infinitives: prospective governors make them future, others pass their tense on
        (["Vell", "is", "expected", "to", "meet", "Ost"], [2, 2, 2, 4, 2, 4], ["nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "dobj"],
         ["NNP", "VBZ", "VBN", "TO", "VB", "NNP"], ["vell", "be", "expect", "to", "meet", "ost"], 4, "future"),
        (["Vell", "is", "to", "meet", "Ost"], [1, 1, 3, 1, 3], ["nsubj", "ROOT", "aux", "xcomp", "dobj"],
         ["NNP", "VBZ", "TO", "VB", "NNP"], ["vell", "be", "to", "meet", "ost"], 3, "future"),
        (["Vell", "is", "going", "to", "meet", "Ost"], [2, 2, 2, 4, 2, 4], ["nsubj", "aux", "ROOT", "aux", "xcomp", "dobj"],
         ["NNP", "VBZ", "VBG", "TO", "VB", "NNP"], ["vell", "be", "go", "to", "meet", "ost"], 4, "future"),
        (["Vell", "agreed", "to", "meet", "Ost"], [1, 1, 3, 1, 3], ["nsubj", "ROOT", "aux", "xcomp", "dobj"],
         ["NNP", "VBD", "TO", "VB", "NNP"], ["vell", "agree", "to", "meet", "ost"], 3, "future"),
        (["Vell", "managed", "to", "meet", "Ost"], [1, 1, 3, 1, 3], ["nsubj", "ROOT", "aux", "xcomp", "dobj"],
         ["NNP", "VBD", "TO", "VB", "NNP"], ["vell", "manage", "to", "meet", "ost"], 3, "past"),
        (["Vell", "flew", "in", "to", "meet", "Ost"], [1, 1, 1, 4, 1, 4], ["nsubj", "ROOT", "prt", "aux", "advcl", "dobj"],
         ["NNP", "VBD", "RP", "TO", "VB", "NNP"], ["vell", "fly", "in", "to", "meet", "ost"], 4, "past"),
        # a participle clause takes the tense of the verb it hangs on
        (["Vell", "left", ",", "meeting", "Ost"], [1, 1, 1, 1, 3], ["nsubj", "ROOT", "punct", "advcl", "dobj"],
         ["NNP", "VBD", ",", "VBG", "NNP"], None, 3, "past"),
        (["sanctions", "imposed"], [0, 0], ["ROOT", "acl"], ["NNS", "VBN"], None, 1, "past"),
    ],
)
def test_clause_tense(words, heads, deps, tags, lemmas, verb, expected):
    doc = _doc(words, heads, deps, tags, lemmas)
    assert clause_tense(doc[verb]) == expected


# -- end to end: the model reads sentences written for the test ---------------------------------------


@pytest.mark.parametrize(
    "sentence, relation, expected, source",
    [
        ("Anna Berg met Tomas Lind on Friday.", "meet", "2009-02-27", "text"),
        ("Anna Berg will meet Tomas Lind on Friday.", "meet", FRI, "text"),
        ("Anna Berg meets Tomas Lind on Friday.", "meet", FRI, "text"),
        ("Anna Berg is meeting Tomas Lind on Friday.", "meet", FRI, "text"),
        ("Anna Berg is expected to meet Tomas Lind on Monday.", "meet", "2009-03-09", "text"),
        ("Last week, Norway criticised Sweden.", "criticise", "2009-W09", "text"),
        ("Norway will sanction Sweden next month.", "sanction", "2009-04", "text"),
        ("Norway sanctioned Sweden in 2003.", "sanction", "2003", "text"),
        ("Norway sanctioned Sweden on Nov. 3.", "sanction", "2008-11-03", "text"),
        ("Norway sanctioned Sweden yesterday.", "sanction", "2009-03-03", "text"),
        ("Norway sanctioned Sweden two days ago.", "sanction", "2009-03-02", "text"),
        ("Norway signed a treaty with Sweden on March 2, 2009.", "sign treaty with", "2009-03-02", "text"),
        ("Norway announced new sanctions on Monday.", "announce", "2009-03-02", "text"),
        ("Anna Berg announced the company's move on Monday.", "announce", "2009-03-02", "text"),  # "on Monday" hangs on "move"
        ("Norway bought the port from Sweden in late 2006 for US$51 million.", "buy from", "2006", "text"),
        ("Norway has criticised Sweden since 2003.", "criticise", WED, "document"),
        ("Norway criticised Sweden.", "criticise", WED, "document"),
    ],
)
def test_triples_get_their_dates(nlp, sentence, relation, expected, source):
    from kg.analysis import analyze

    triples = analyze(nlp(sentence), doc_id="t", meta={"date": WED}).triples
    found = [t for t in triples if t.relation == relation]
    assert found, [(t.subject, t.relation, t.object) for t in triples]
    assert (found[0].date, found[0].date_source) == (expected, source)


def test_triples_without_a_document_date(nlp):
    from kg.analysis import analyze

    triples = analyze(nlp("Norway sanctioned Sweden on Friday. Sweden thanked Norway in 2003."), doc_id="t").triples
    by_relation = {t.relation: t for t in triples}
    assert (by_relation["sanction"].date, by_relation["sanction"].date_source) == (None, None)
    assert (by_relation["thank"].date, by_relation["thank"].date_source) == ("2003", "text")


def test_a_dateline_run_into_the_first_sentence_is_not_its_time_phrase(nlp):
    import kg

    text = "March 28, 2006 Norway has criticised Sweden this week.\n\nYesterday, Sweden thanked Finland.\n\nMay 2, 2006 was when Finland met Norway."
    g = kg.build([("d", text)], nlp=nlp)
    assert g.document("d").date == "2006-03-28"  # from the dateline
    by_relation = {t.relation: t for t in g.triples}
    assert (by_relation["criticise"].date, by_relation["criticise"].date_source) == ("2006-W13", "text")
    assert (by_relation["thank"].date, by_relation["thank"].date_source) == ("2006-03-27", "text")
    g = kg.build([("e", "March 28, 2006 Norway criticised Sweden.")], nlp=nlp)
    (t,) = g.query(relation="criticise")
    assert (t.date, t.date_source) == ("2006-03-28", "document")


def test_in_n_years_measures_time_unless_the_clause_is_future():
    assert resolve_phrase("in six years", "2009-01-20", "present") is None  # "closes at its lowest level in six years"
    assert resolve_phrase("in six years", "2009-01-20", "past") is None
    assert resolve_phrase("in two weeks", "2009-01-20", "future") == "2009-W06"
