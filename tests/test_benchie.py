"""Tests of kg.eval.benchie, the BenchIE benchmark scorer (exact facts), and of ``kg eval benchie``.

Every sentence and fact here is made up; the expected numbers are worked out by hand in the
comments next to each case.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.errors import InputError
from kg.eval.benchie import (
    SLOTS,
    BenchieScore,
    Fact,
    expand,
    fact_of,
    parse_extractions,
    parse_gold,
    read_gold,
    score,
    tabbed_lines,
)
from kg.eval.carb import CarbTuple

approx = pytest.approx

S1 = "Alice founded the chess club in 1990 ."
S2 = "Bob , a baker from Ghent , sells rye bread ."

GOLD = f"""sent_id:1\t{S1}
1--> Cluster 1:
Alice --> founded --> [the] [chess] club
1--> Cluster 2:
Alice --> founded [the] [chess] club in --> 1990
Alice --> founded [the] [chess] club --> in 1990

sent_id:2\t{S2}
2--> Cluster 1:
Bob --> sells --> [rye] bread
2--> Cluster 2:
Bob --> is --> [a] baker [from Ghent]
2--> Cluster 3:
Bob --> is [a] baker from --> Ghent
"""


def gold_of(text: str):
    return parse_gold(text.splitlines(), source="gold.txt")


def output(*rows: tuple[str, ...]):
    """Tabbed lines from (sentence, relation, arg1, arg2, ...) rows, confidence 0.5."""
    return parse_extractions(["\t".join((s, "0.5", *rest)) for s, *rest in rows], source="out.tsv")


# --- expand -----------------------------------------------------------------------------------


def test_expand_without_brackets_normalises_whitespace():
    assert expand("  the   chess\tclub ") == ("the chess club",)


def test_expand_adjacent_spans_every_combination():
    # two spans: 4 readings, the fully kept one first
    assert expand("[the] [old] chess club") == (
        "the old chess club",
        "the chess club",
        "old chess club",
        "chess club",
    )
    # glued together, [a][b] is the same as [a] [b] except for the space between them
    assert set(expand("x [a][b] y")) == {"x ab y", "x a y", "x b y", "x y"}


def test_expand_span_of_several_words_is_kept_or_dropped_whole():
    assert set(expand("chess club [of the old town of Ghent]")) == {
        "chess club of the old town of Ghent",
        "chess club",
    }


def test_expand_nested_spans_count_only_inside_a_kept_outer_span():
    # outer dropped: "a bank"; outer kept, inner kept or dropped: 2 more
    assert set(expand("a bank [in [the] north]")) == {"a bank in the north", "a bank in north", "a bank"}
    assert set(expand("[[very] old] house")) == {"very old house", "old house", "house"}


def test_expand_glued_spans_keep_their_spacing():
    assert set(expand("Jo Crane[,] Jr.")) == {"Jo Crane, Jr.", "Jo Crane Jr."}
    assert set(expand("[``]Blue Sky['']")) == {"``Blue Sky''", "Blue Sky''", "``Blue Sky", "Blue Sky"}


def test_expand_never_gives_an_empty_reading_and_drops_repeats():
    assert expand("[the] club") == ("the club", "club")
    assert expand("[club]") == ("club",)  # dropping it would leave the slot empty
    assert expand("[a] [b]") == ("a b", "a", "b")
    assert expand("[] club") == ("club",)
    assert expand("[x] x") == ("x x", "x")
    assert expand("") == () and expand("[ ]") == ()


@pytest.mark.parametrize(
    ("template", "where"),
    [("the [chess club", "'[' at column 5 is never closed"), ("the] club", "']' at column 4 closes no '['"),
     ("[a [b] c", "'[' at column 1 is never closed")],
)
def test_expand_rejects_unpaired_brackets(template, where):
    with pytest.raises(ValueError, match=where.replace("[", r"\[")):
        expand(template)


def test_expand_refuses_an_explosion():
    with pytest.raises(ValueError, match="too many optional spans"):
        expand(" ".join(f"[w{i}]" for i in range(17)))


# --- parse_gold -------------------------------------------------------------------------------


def test_parse_gold_structure():
    gold = gold_of(GOLD)
    assert [g.sent_id for g in gold.values()] == [1, 2]
    first, second = gold.values()
    assert first.sentence == S1 and first.line == 1
    assert [s.cluster for s in first.synsets] == [1, 2]
    assert [len(s.wordings) for s in first.synsets] == [1, 2]
    wording = first.synsets[1].wordings[1]
    assert wording.line == 6 and wording.text == "Alice --> founded [the] [chess] club --> in 1990"
    assert wording.relations == {"founded the chess club", "founded the club", "founded chess club", "founded club"}
    assert len(list(wording.facts())) == 4
    assert second.line == 8 and [s.line for s in second.synsets] == [9, 11, 13]


def test_cluster_line_spacing_and_number_are_lenient():
    # "3-->Cluster 1" (no space) and a cluster whose N names another sentence both start a
    # synset of the sentence above them
    gold = gold_of(f"sent_id:1\t{S1}\n3-->Cluster 1:\nAlice --> founded --> the club\n  7 -->  cluster 2 :\nAlice --> founded --> it\n")
    (entry,) = gold.values()
    assert [s.cluster for s in entry.synsets] == [1, 2]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (f"sent_id:1 {S1}\n", 1, "expected 'sent_id:N<TAB>sentence'"),
        ("sent_id:1\t  \n", 1, "expected 'sent_id:N<TAB>sentence'"),
        ("1--> Cluster 1:\nA --> b --> c\n", 1, "a cluster line before any sentence"),
        (f"sent_id:1\t{S1}\nAlice --> founded --> it\n", 2, "a wording outside any cluster"),
        (f"sent_id:1\t{S1}\n1--> Cluster 1:\nAlice --> founded it\n", 3, "found 2 slot"),
        (f"sent_id:1\t{S1}\n1--> Cluster 1:\nA --> b --> c --> d\n", 3, "found 4 slot"),
        (f"sent_id:1\t{S1}\n1--> Cluster 1:\nAlice --> founded --> [the club\n", 3, "object slot '\\[the club'.*never closed"),
        (f"sent_id:1\t{S1}\n1--> Cluster 1:\n --> founded --> it\n", 3, "the subject slot is empty"),
        (f"sent_id:1\t{S1}\n1--> Cluster 1:\nAlice --> [ ] --> it\n", 3, "the relation slot is empty in every reading"),
        (f"sent_id:1\t{S1}\n1--> Cluster 1:\n\n1--> Cluster 2:\nA --> b --> c\n", 2, "cluster 1 has no wording"),
        (f"sent_id:1\t{S1}\n1--> Cluster 1:\nA --> b --> c\njust some words\n", 4, "not a 'sent_id:N<TAB>sentence' line"),
        (f"sent_id:1\t{S1}\nsent_id:2\t{S1}\n", 2, "repeats that of sent_id 1 \\(line 1\\)"),
    ],
)
def test_malformed_gold_names_the_line(text, line, message):
    with pytest.raises(InputError, match=rf"^gold\.txt, line {line}: .*{message}"):
        gold_of(text)


def test_read_gold_file_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_gold(tmp_path / "missing.txt")
    path = tmp_path / "gold.txt"
    path.write_text(GOLD, encoding="utf-8")
    assert len(read_gold(path)) == 2


# --- score ------------------------------------------------------------------------------------


def test_exact_match_only():
    gold = gold_of(GOLD)
    result = score(
        gold,
        output(
            (S1, "founded", "Alice", "the club"),        # cluster 1 (a reading with [chess] dropped)
            (S1, "founded", "Alice", "The club"),        # case counts: FP
            (S1, "founded", "Alice", "the chess club ."),  # one token too many: FP
            (S1, "founded", "Alice", "chess"),           # a part of a reading: FP
        ),
    )
    # TP 1, FP 3; 5 synsets -> P 1/4, R 1/5, F1 = 2 * 1/4 * 1/5 / (1/4 + 1/5) = 2/9
    assert (result.tp, result.fp, result.synsets, result.extractions) == (1, 3, 5, 4)
    assert (result.precision, result.recall, result.f1) == (approx(1 / 4), approx(1 / 5), approx(2 / 9))


def test_fact_found_twice_counts_once_and_is_no_false_positive():
    gold = gold_of(GOLD)
    result = score(
        gold,
        output(
            (S1, "founded the club in", "Alice", "1990"),
            (S1, "founded the chess club", "Alice", "in 1990"),  # the same synset, other wording
            (S2, "sells", "Bob", "bread"),
            (S2, "sells", "Bob", "bread"),
        ),
    )
    # TP 2 (cluster 2 of S1, cluster 1 of S2), FP 0 -> P 1, R 2/5
    assert (result.tp, result.fp) == (2, 0)
    assert (result.precision, result.recall, result.f1) == (1.0, approx(2 / 5), approx(2 * 0.4 / 1.4))
    first = result.sentences[0]
    assert [synset.cluster for _, synset in first.found] == [2, 2] and first.tp == 1
    assert [synset.cluster for synset in first.missed] == [1]


def test_extraction_matching_nothing_is_one_false_positive():
    gold = gold_of(GOLD)
    result = score(gold, output((S2, "bakes", "Bob", "bread")))
    assert (result.tp, result.fp, result.synsets) == (0, 1, 5)
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)
    second = result.sentences[1]
    assert second.false_positives == (Fact("Bob", "bakes", "bread"),)
    assert [s.cluster for s in second.missed] == [1, 2, 3]


def test_credited_to_the_first_matching_synset():
    gold = gold_of(f"sent_id:1\t{S1}\n1--> Cluster 1:\nA --> b --> c\n1--> Cluster 2:\nA --> b --> [c]\n")
    result = score(gold, output((S1, "b", "A", "c")))
    (entry,) = result.sentences
    assert [s.cluster for _, s in entry.found] == [1] and [s.cluster for s in entry.missed] == [2]


def test_whitespace_is_normalised_and_arguments_joined_into_the_object():
    gold = gold_of(GOLD)
    result = score(
        gold,
        output(
            (S1, " founded  the   club in ", "  Alice", "1990 "),
            (S2, "is a baker", "Bob", "from", "", "Ghent"),  # no: cluster 3 has "is a baker from" -> FP
            (S2, "is", "Bob", "a  baker", "from Ghent"),     # arg2 + arg3 = "a baker from Ghent"
        ),
    )
    assert (result.tp, result.fp) == (2, 1)
    assert fact_of(CarbTuple("is\u00a0 a", ("Bob", "a baker", "", " from \t Ghent"))) == Fact("Bob", "is a", "a baker from Ghent")


def test_missing_slots_and_unknown_sentences():
    gold = gold_of(GOLD)
    predicted = parse_extractions(
        [f"{S1}\t0.9\tfounded\tAlice", "A sentence not in the gold .\t0.9\tis\tA\tsentence"], source="out.tsv"
    )
    result = score(gold, predicted)
    assert (result.tp, result.fp, result.extractions, result.unmatched_sentences) == (0, 1, 1, 1)
    assert "1 output sentence(s) not in gold were ignored" in result.summary()
    assert fact_of(CarbTuple("r", ())) == Fact("", "r", "")


def test_sentences_match_across_tokenisation():
    # kg.eval.carb.sentence_key: whitespace and punctuation do not matter
    gold = gold_of(GOLD)
    result = score(gold, output(("Bob, a baker from Ghent, sells rye bread.", "sells", "Bob", "rye bread")))
    assert (result.tp, result.fp, result.unmatched_sentences) == (1, 0, 0)


def test_no_output_and_detail_text():
    result = score(gold_of(GOLD), output())
    assert isinstance(result, BenchieScore)
    assert (result.precision, result.recall, result.f1, result.tp, result.fp) == (0.0, 0.0, 0.0, 0, 0)
    assert result.summary().splitlines()[1].startswith("TP 0  FP 0  synsets 5")
    text = score(gold_of(GOLD), output((S1, "founded", "Alice", "it"), (S1, "founded", "Alice", "the club"))).sentences[0].describe()
    assert "found   [cluster 1] Alice --> founded --> the club" in text
    assert "FP      Alice --> founded --> it" in text
    assert "missed  [cluster 2] Alice --> founded [the] [chess] club in --> 1990" in text
    assert "(+1 more wording)" in text


def test_tabbed_lines_rejects_unknown_slots():
    with pytest.raises(ValueError, match="carb, compact"):
        tabbed_lines(None, "long")  # type: ignore[arg-type]


# --- kg eval benchie, end to end with the model ------------------------------------------------

E2E_LINES = ["Anna Berg met Tomas Lind in Oslo .", "Lena Ruiz , the trade minister , visited Rome ."]
E2E_GOLD = f"""sent_id:1\t{E2E_LINES[0]}
1--> Cluster 1:
Anna Berg --> met --> Tomas Lind
1--> Cluster 2:
Anna Berg --> met Tomas Lind in --> Oslo
Anna Berg --> met Tomas Lind --> in Oslo

sent_id:2\t{E2E_LINES[1]}
2--> Cluster 1:
Lena Ruiz --> visited --> Rome
2--> Cluster 2:
Lena Ruiz --> is --> [the] trade minister
"""


def test_eval_benchie_end_to_end(tmp_path, nlp, lexicon):
    from kg.cli import app

    runner = CliRunner()
    sentences, gold = tmp_path / "s.txt", tmp_path / "gold.txt"
    sentences.write_text("\n".join(E2E_LINES) + "\n", encoding="utf-8")
    gold.write_text(E2E_GOLD, encoding="utf-8")
    docs = list(nlp.pipe(E2E_LINES))
    for slots in SLOTS:
        saved = tmp_path / f"{slots}.tsv"
        result = runner.invoke(app, ["eval", "benchie", str(sentences), str(gold), "--slots", slots, "--save", str(saved), "-q"])
        assert result.exit_code == 0, result.output
        # the saved file is what the module gives for each parsed line, and what was scored
        expected = [line for doc in docs for line in tabbed_lines(doc, slots, lexicon)]
        assert saved.read_text(encoding="utf-8").splitlines() == expected
        scored = score(gold_of(E2E_GOLD), parse_extractions(expected))
        assert result.stdout.strip() == scored.summary()
        assert "synsets 4" in result.stdout and scored.tp >= 1
        # a plain subject-verb-object clause is found in both slot kinds
        assert Fact("Lena Ruiz", "visited", "Rome") in [fact for s in scored.sentences for fact, _ in s.found]
        again = runner.invoke(app, ["eval", "benchie", str(sentences), str(gold), "--extractions", str(saved)])
        assert again.exit_code == 0 and again.stdout == result.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text(f"sent_id:1\t{E2E_LINES[0]}\n1--> Cluster 1:\nAnna Berg --> met\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "benchie", str(sentences), str(bad), "-q"])
    assert result.exit_code == 1 and "bad.txt, line 3: expected a wording" in result.stderr
    result = runner.invoke(app, ["eval", "benchie", "--help"])
    assert result.exit_code == 0 and "Example" in result.stdout and "--slots" in result.stdout


def test_compact_facts_of_a_triple(nlp):
    from kg.analysis import analyze
    from kg.eval.benchie import compact_facts

    ts = analyze(nlp("The town was hit by a storm. Mira Sole joined the band in 1994."), doc_id="t").triples
    facts = {f for t in ts for f in compact_facts(t)}
    assert ("town", "was hit by", "storm") in facts  # the sentence's order
    assert ("Mira Sole", "joined band in", "1994") in facts or ("Mira Sole", "joined the band in", "1994") in facts


def test_partitive_names_what_it_picks(nlp):
    from kg.analysis import analyze

    ts = analyze(nlp("The laser cut a portion of the tumour."), doc_id="t").triples
    assert any(t.relation == "cut" and t.object == "tumour" for t in ts)
