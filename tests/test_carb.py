"""Tests of kg.eval.carb, the CaRB benchmark scorer.

Every sentence and tuple here is made up; the expected numbers are worked out by hand in the
comments next to each case.
"""

from __future__ import annotations

import sys

import pytest

from kg.errors import InputError, KgError
from kg.eval.carb import (
    CarbScore,
    CarbTuple,
    format_tabbed,
    pair_score,
    parse_extractions,
    parse_gold,
    plot_curve,
    read_extractions,
    read_gold,
    score,
    sentence_key,
)

approx = pytest.approx


def T(relation: str, *args: str, confidence: float = 1.0) -> CarbTuple:
    return CarbTuple(relation, tuple(args), confidence)


def side(*sentences: tuple[str, list[CarbTuple]]) -> dict[str, tuple[str, list[CarbTuple]]]:
    """Build a gold or predicted mapping from (sentence, tuples) pairs."""
    return {sentence_key(s): (s, list(tuples)) for s, tuples in sentences}


S1 = "Alice founded the chess club in 1990 ."
S2 = "The bakery on Elm Street sells rye bread ."
S3 = "Bob , the mayor said , will raise taxes ."


# --- pair_score -------------------------------------------------------------------------------


def test_exact_match_scores_one():
    gold = T("founded", "Alice", "the chess club")
    assert pair_score(gold, gold) == (1.0, 1.0)


def test_relation_mismatch_scores_zero():
    # Arguments identical, but no relation word in common: the pair is (0, 0).
    gold = T("founded", "Alice", "the chess club")
    assert pair_score(gold, T("joined", "Alice", "the chess club")) == (0.0, 0.0)


@pytest.mark.parametrize("args", [("Alice",), ("Alice", ""), ("", "the chess club"), ()])
def test_missing_argument_scores_zero(args):
    gold = T("founded", "Alice", "the chess club")
    assert pair_score(gold, CarbTuple("founded", args)) == (0.0, 0.0)


def test_partial_word_overlap():
    # gold: was born in | Marie Curie | Warsaw             -> 3 + 2 + 1 = 6 words
    # pred: born in     | Curie       | Warsaw Poland      -> 2 + 1 + 2 = 5 words
    # matched: born, in (2) + Curie (1) + Warsaw (1) = 4 -> P = 4/5, R = 4/6
    gold = T("was born in", "Marie Curie", "Warsaw")
    pred = T("born in", "Curie", "Warsaw Poland")
    assert pair_score(gold, pred) == (approx(4 / 5), approx(4 / 6))


def test_argument_without_match_does_not_zero_the_pair():
    # gold: lives in | Tom | Oslo (4 words); pred: lives in | Ann | Oslo (4 words)
    # matched: lives, in, Oslo = 3 -> P = R = 3/4
    assert pair_score(T("lives in", "Tom", "Oslo"), T("lives in", "Ann", "Oslo")) == (
        approx(3 / 4),
        approx(3 / 4),
    )


def test_each_predicted_word_is_used_once_and_case_counts():
    # gold arg2 "the the cat" against pred "the cat": first "the" and "cat" match, the second
    # gold "the" finds no unused predicted "the". "Saw" does not match "saw" (case as given).
    # gold: saw | Kim | the the cat -> 1 + 1 + 3 = 5; pred: saw | Kim | the cat -> 4
    # matched: saw, Kim, the, cat = 4 -> P = 4/4, R = 4/5
    assert pair_score(T("saw", "Kim", "the the cat"), T("saw", "Kim", "the cat")) == (
        1.0,
        approx(4 / 5),
    )
    assert pair_score(T("saw", "Kim", "it"), T("Saw", "Kim", "it")) == (0.0, 0.0)


def test_predicted_be_matches_gold_was():
    # "be" stands for "was": relation 3/3, arguments 3/3 -> (1, 1)
    gold = T("was born in", "Marie Curie", "Warsaw")
    assert pair_score(gold, T("be born in", "Marie Curie", "Warsaw")) == (1.0, 1.0)
    # Only in that direction: a gold "be" is not matched by a predicted "was" ...
    assert pair_score(T("be", "Kim", "tall"), T("was", "Kim", "tall")) == (0.0, 0.0)
    # ... and one predicted "be" serves one gold form only:
    # gold: is was | Kim | tall (4 words), pred: be | Kim | tall (3 words) -> matched 3
    assert pair_score(T("is was", "Kim", "tall"), T("be", "Kim", "tall")) == (
        1.0,
        approx(3 / 4),
    )


def test_said_tries_the_arguments_swapped():
    # gold: said | the mayor | taxes will rise (1 + 2 + 3 = 6 words)
    # pred with arguments the other way round: as is, only "said" matches -> (1/6, 1/6);
    # swapped, all 6 words match -> (1, 1), which is kept.
    gold = T("said", "the mayor", "taxes will rise")
    pred = T("said", "taxes will rise", "the mayor")
    assert pair_score(gold, pred) == (1.0, 1.0)
    # No speech verb in the gold relation: no swap. raises | the mayor | taxes -> 4 words,
    # only "raises" matches -> (1/4, 1/4).
    assert pair_score(T("raises", "the mayor", "taxes"), T("raises", "taxes", "the mayor")) == (
        approx(1 / 4),
        approx(1 / 4),
    )


def test_told_swap_keeps_the_better_score_only():
    # Already in gold order: the swap (only "told" matching) must not replace it.
    gold = T("told", "Ann", "the truth")
    assert pair_score(gold, T("told", "Ann", "the truth")) == (1.0, 1.0)


def test_extra_arguments_are_joined_into_arg2():
    # gold met | Ann | Bob in Paris  ==  pred met | Ann | Bob | in Paris after binarisation
    gold = T("met", "Ann", "Bob in Paris")
    assert pair_score(gold, T("met", "Ann", "Bob", "in Paris")) == (1.0, 1.0)
    assert pair_score(T("met", "Ann", "Bob", "", "in Paris"), gold) == (1.0, 1.0)


# --- score ------------------------------------------------------------------------------------


def test_score_of_gold_against_itself_is_one():
    gold = side(
        (S1, [T("founded", "Alice", "the chess club", "in 1990"), T("is", "the club", "chess")]),
        (S2, [T("sells", "The bakery on Elm Street", "rye bread"), T("is on", "The bakery", "Elm Street"),
              T("sells", "The bakery", "bread")]),  # a subset of the first: same precision 1
        (S3, [T("will raise", "Bob", "taxes"), T("said", "the mayor", "Bob will raise taxes")]),
    )
    result = score(gold, gold)
    assert isinstance(result, CarbScore)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.auc == 1.0
    assert (result.gold_sentences, result.gold_tuples, result.predicted_tuples) == (3, 7, 7)
    assert result.unmatched_sentences == 0


def test_greedy_precision_two_predictions_compete_for_one_gold():
    # One gold tuple G = founded | Alice | the chess club.
    # A = exact (P 1, R 1); B = founded | Alice | a club: founded, Alice, club match,
    # P = 3/4, R = 3/5. min(1 gold, 2 preds) = 1 greedy round takes (G, A) = 1.
    # Precision = 1 / 2 predictions = 0.5; recall = best recall of G = 1 / 1.
    # F1 = 2 * 0.5 * 1 / 1.5 = 2/3.
    gold = side((S1, [T("founded", "Alice", "the chess club")]))
    pred = side((S1, [T("founded", "Alice", "a club"), T("founded", "Alice", "the chess club")]))
    result = score(gold, pred)
    assert result.precision == approx(0.5)
    assert result.recall == approx(1.0)
    assert result.f1 == approx(2 / 3)


def test_one_prediction_serves_several_gold_for_recall_but_one_for_precision():
    # G1 = founded | Alice | the chess club (5 words), G2 = founded | Alice | the club in 1990
    # (6 words); the only prediction is A = G1.
    # recall: G1 1, G2: founded, Alice, the, club = 4/6 -> (1 + 2/3) / 2 = 5/6.
    # precision: A has precision 1 against both; the tie goes to the higher recall (G1);
    # one round -> 1 / 1.
    gold = side((S1, [T("founded", "Alice", "the chess club"), T("founded", "Alice", "the club in 1990")]))
    pred = side((S1, [T("founded", "Alice", "the chess club")]))
    result = score(gold, pred)
    assert result.precision == approx(1.0)
    assert result.recall == approx(5 / 6)


def test_greedy_matching_takes_best_pairs_first():
    # G1 = founded | Alice | the club, G2 = founded | Alice | a school
    # A = G1: vs G1 (1, 1); vs G2 founded, Alice -> (2/4, 2/4)
    # B = founded | Bob | a school: vs G1 founded -> (1/4, 1/4); vs G2 founded, a, school (3/4, 3/4)
    # greedy: (G1, A) = 1, then (G2, B) = 3/4 -> precision 1.75 / 2
    # recall: G1 1, G2 max(2/4, 3/4) -> 1.75 / 2
    gold = side((S1, [T("founded", "Alice", "the club"), T("founded", "Alice", "a school")]))
    pred = side((S1, [T("founded", "Bob", "a school"), T("founded", "Alice", "the club")]))
    result = score(gold, pred)
    assert result.precision == approx(0.875)
    assert result.recall == approx(0.875)


def test_gold_sentence_without_predictions_lowers_recall():
    # S1: 1 gold, predicted exactly. S2: 2 gold, nothing predicted.
    # precision 1/1, recall 1/3, F1 = 2 * 1/3 / (4/3) = 0.5
    gold = side(
        (S1, [T("founded", "Alice", "the chess club")]),
        (S2, [T("sells", "The bakery", "rye bread"), T("is on", "The bakery", "Elm Street")]),
    )
    pred = side((S1, [T("founded", "Alice", "the chess club")]))
    result = score(gold, pred)
    assert result.precision == approx(1.0)
    assert result.recall == approx(1 / 3)
    assert result.f1 == approx(0.5)
    assert result.gold_tuples == 3 and result.predicted_tuples == 1


def test_low_confidence_wrong_prediction_lowers_precision_at_low_threshold_only():
    # A exact at 0.9, W (wrong relation) at 0.2.
    # t = 0.9: P 1/1, R 1, F1 1.   t = 0.2: P 1/2 (W adds 0), R 1, F1 2/3.
    gold = side((S1, [T("founded", "Alice", "the chess club")]))
    pred = side((S1, [T("founded", "Alice", "the chess club", confidence=0.9),
                      T("plays", "Alice", "chess", confidence=0.2)]))
    result = score(gold, pred)
    high, low = result.curve
    assert (high.threshold, high.precision, high.recall, high.f1) == (0.9, 1.0, 1.0, 1.0)
    assert (low.threshold, low.precision, low.recall) == (0.2, approx(0.5), 1.0)
    assert low.f1 == approx(2 / 3)
    assert (result.f1, result.threshold) == (1.0, 0.9)
    # Points in curve order: (0, 1), (1, 1), (1, 0.5): all area comes before the drop -> 1.
    assert result.auc == approx(1.0)


def test_auc_of_a_small_curve():
    # Gold G1 = founded | Alice | the chess club, G2 = is on | The bakery | Elm Street.
    # A = G1 at 0.9, W = wrong at 0.5, B = G2 at 0.1 (A and B match only their own gold).
    # t = 0.9: P 1/1, R 1/2, F1 2/3
    # t = 0.5: P (1 + 0)/2 = 1/2, R 1/2, F1 1/2
    # t = 0.1: P 2/3, R 2/2 = 1, F1 = 2 * 2/3 / (5/3) = 0.8  <- best
    # AUC over (0, 1), (1/2, 1), (1/2, 1/2), (1, 2/3):
    #   (1/2) * (1 + 1)/2 + 0 + (1/2) * (1/2 + 2/3)/2 = 1/2 + 7/24 = 19/24
    gold = side((S1, [T("founded", "Alice", "the chess club"), T("is on", "The bakery", "Elm Street")]))
    pred = side((S1, [
        T("founded", "Alice", "the chess club", confidence=0.9),
        T("plays", "Alice", "chess", confidence=0.5),
        T("is on", "The bakery", "Elm Street", confidence=0.1),
    ]))
    result = score(gold, pred)
    assert [p.threshold for p in result.curve] == [0.9, 0.5, 0.1]
    assert [p.precision for p in result.curve] == approx([1.0, 0.5, 2 / 3])
    assert [p.recall for p in result.curve] == approx([0.5, 0.5, 1.0])
    assert [p.f1 for p in result.curve] == approx([2 / 3, 0.5, 0.8])
    assert (result.f1, result.threshold) == (approx(0.8), 0.1)
    assert (result.precision, result.recall) == (approx(2 / 3), approx(1.0))
    assert result.auc == approx(19 / 24)


def test_thresholds_come_from_the_whole_output_and_unmatched_sentences_are_ignored():
    # The 0.3 prediction belongs to a sentence not in gold: it is ignored, but its confidence
    # is a threshold (with the same numbers as 0.6 there).
    gold = side((S1, [T("founded", "Alice", "the chess club")]))
    pred = side(
        (S1, [T("founded", "Alice", "the chess club", confidence=0.6)]),
        ("A sentence nobody annotated .", [T("annotated", "nobody", "it", confidence=0.3)]),
    )
    result = score(gold, pred)
    assert [p.threshold for p in result.curve] == [0.6, 0.3]
    assert all((p.precision, p.recall) == (1.0, 1.0) for p in result.curve)
    assert result.unmatched_sentences == 1
    assert result.predicted_tuples == 1
    # Above every confidence of a sentence, precision with no predictions is 1.
    only_other = side(
        (S1, [T("founded", "Alice", "the chess club", confidence=0.2)]),
        ("Another sentence .", [T("is", "it", "another", confidence=0.8)]),
    )
    top = score(gold, only_other).curve[0]
    assert (top.threshold, top.precision, top.recall) == (0.8, 1.0, 0.0)


def test_no_predictions_at_all():
    gold = side((S1, [T("founded", "Alice", "the chess club")]))
    result = score(gold, {})
    assert (result.precision, result.recall, result.f1, result.auc) == (0.0, 0.0, 0.0, 0.0)
    assert result.curve == ()
    assert "F1 0.000" in result.summary()


def test_summary_mentions_scores_and_counts():
    gold = side((S1, [T("founded", "Alice", "the chess club")]))
    pred = side(
        (S1, [T("founded", "Alice", "the chess club", confidence=0.75)]),
        ("Elsewhere .", [T("is", "it", "elsewhere")]),
    )
    text = score(gold, pred).summary()
    assert "F1 1.000" in text and "threshold 0.7500" in text and "AUC" in text
    assert "1 sentences" in text and "1 predicted sentence(s) not in gold" in text


# --- sentences and files ----------------------------------------------------------------------


def test_sentence_keys_ignore_tokenisation():
    assert sentence_key("They don't know it.") == sentence_key("They do n't know it .")
    assert sentence_key("The club -LRB- founded 1990 -RRB- grew .") == sentence_key(
        "The club (founded 1990) grew."
    )
    assert sentence_key("He said `` yes '' .") == sentence_key('He said "yes".')
    assert sentence_key("-LSB- a -RSB- -LCB- b -RCB-") == sentence_key("[a] {b}")
    assert sentence_key("Ann \u2014 Bob\u2019s cat") == sentence_key("Ann - Bob 's cat")
    assert sentence_key("The cat") != sentence_key("the cat")  # case is kept


def test_scoring_matches_sentences_across_tokenisation():
    gold = side(("They don't know Alice -LRB- the founder -RRB- .", [T("do n't know", "They", "Alice")]))
    pred = side(("They do n't know Alice (the founder).", [T("do n't know", "They", "Alice")]))
    result = score(gold, pred)
    assert result.f1 == 1.0 and result.unmatched_sentences == 0


def test_read_gold_is_tolerant(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text(
        f"{S1}\tfounded \t Alice\tthe chess club \tin 1990\n"
        "\n"
        f"{S1} \tis\tthe club\t\n"
        f"{S2}\tsells\tThe bakery\trye bread\n",
        encoding="utf-8",
    )
    gold = read_gold(path)
    assert list(gold) == [sentence_key(S1), sentence_key(S2)]
    sentence, tuples = gold[sentence_key(S1)]
    assert sentence == S1
    assert tuples == [T("founded", "Alice", "the chess club", "in 1990"), T("is", "the club", "")]


def test_read_extractions_and_format_tabbed_round_trip(tmp_path):
    line = format_tabbed("Ann\tmet Bob .", 0.123456, "met", ["Ann", "Bob\nin Paris", "today"])
    assert line == "Ann met Bob .\t0.1235\tmet\tAnn\tBob in Paris\ttoday"
    path = tmp_path / "out.tsv"
    path.write_text(line + "\n" + format_tabbed(S1, 1, "founded", ("Alice",)) + "\n", encoding="utf-8")
    predicted = read_extractions(path)
    assert predicted[sentence_key("Ann met Bob .")][1] == [
        T("met", "Ann", "Bob in Paris", "today", confidence=0.1235)
    ]
    assert predicted[sentence_key(S1)][1] == [T("founded", "Alice", confidence=1.0)]
    assert parse_extractions([line]) == {
        sentence_key("Ann met Bob ."): ("Ann met Bob .", [T("met", "Ann", "Bob in Paris", "today", confidence=0.1235)])
    }


def test_malformed_gold_raises_input_error_naming_the_line(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text(f"{S1}\tfounded\tAlice\tthe club\n{S2} sells bread\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_gold(path)
    message = str(info.value)
    assert "bad.tsv" in message and "line 2" in message and "tab" in message


def test_malformed_extractions_raise_input_error_naming_the_line(tmp_path):
    path = tmp_path / "out.tsv"
    path.write_text(f"{S1}\t0.5\tfounded\tAlice\tthe club\n{S1}\thigh\tfounded\tAlice\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"out\.tsv, line 2: confidence 'high'"):
        read_extractions(path)
    with pytest.raises(InputError, match="line 1"):
        parse_extractions([f"{S1}\tnan\tfounded\tAlice\tclub"], "mem")
    with pytest.raises(InputError, match="line 1.*sentence"):
        parse_gold(["\tfounded\tAlice\tthe club"])


def test_unreadable_files_raise_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_gold(tmp_path / "missing.tsv")
    with pytest.raises(InputError, match="directory"):
        read_extractions(tmp_path)
    binary = tmp_path / "latin1.tsv"
    binary.write_bytes(b"caf\xe9\tis\tit\tgood\n")
    with pytest.raises(InputError, match="UTF-8"):
        read_gold(binary)


def test_carb_tuple_stores_args_as_tuple():
    item = CarbTuple("met", ["Ann", "Bob"])  # type: ignore[arg-type]
    assert item.args == ("Ann", "Bob") and hash(item) == hash(T("met", "Ann", "Bob"))


# --- plot -------------------------------------------------------------------------------------


def test_plot_curve_writes_a_png(tmp_path):
    gold = side((S1, [T("founded", "Alice", "the chess club"), T("is on", "The bakery", "Elm Street")]))
    pred = side((S1, [T("founded", "Alice", "the chess club", confidence=0.9),
                      T("plays", "Alice", "chess", confidence=0.4)]))
    path = tmp_path / "curve.png"
    plot_curve(score(gold, pred), path, label="test")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_curve_without_matplotlib(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    monkeypatch.setitem(sys.modules, "matplotlib.backends.backend_agg", None)
    result = score(side((S1, [T("founded", "Alice", "the club")])), {})
    with pytest.raises(KgError, match="pip install matplotlib"):
        plot_curve(result, tmp_path / "curve.png")
