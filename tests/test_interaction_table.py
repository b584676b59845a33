"""The interaction table against its example sentences (tests/data/interaction_examples.tsv).

Every row of ``kg/data/interactions.tsv`` and every noun of ``kg/data/nominalizations.tsv`` has
an example sentence of its own; the table is checked for coverage and consistency, and the
examples are run through the real pipeline to measure how many of them kg reads as the row.
"""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from kg.analysis import analyze
from kg.lexicon import CAMEO_CATEGORIES, INTERACTION_CLASSES, Lexicon

EXAMPLES = Path(__file__).parent / "data" / "interaction_examples.tsv"
NOUN = "noun:"

# The share of verb rows whose example kg reads as that row, a few points below what was
# measured when the table was written (1043 of 1142 rows, 91.3%). Raise it as the extractor
# improves.
VERB_FLOOR = 0.88


def _table_rows(name: str) -> list[list[str]]:
    """The data rows of a shipped table as lists of cells, header first."""
    text = resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _cells() -> dict[str, tuple[str, ...]]:
    """First form of each ``lemma`` cell of interactions.tsv -> every form in the cell."""
    header, *rows = _table_rows("interactions.tsv")
    col = [c.strip().lower() for c in header].index("lemma")
    out: dict[str, tuple[str, ...]] = {}
    for row in rows:
        forms = tuple(" ".join(f.split()).lower() for f in row[col].split("|") if f.strip())
        out[forms[0]] = forms
    return out


def _examples() -> list[tuple[str, str]]:
    rows = []
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, sentence = line.split("\t")
        if (lemma, sentence) != ("lemma", "sentence"):
            rows.append((lemma.strip(), sentence.strip()))
    return rows


# -- coverage ------------------------------------------------------------------------------


def test_every_row_and_noun_has_one_example_and_no_example_is_orphaned(lexicon: Lexicon) -> None:
    examples = _examples()
    keys = [lemma for lemma, _ in examples]
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    rows = set(_cells())
    nouns = {entry.noun for entry in lexicon.nominalizations.values()}
    verbs_given = {k for k in keys if not k.startswith(NOUN)}
    nouns_given = {k[len(NOUN) :] for k in keys if k.startswith(NOUN)}
    assert sorted(rows - verbs_given) == [], "rows without an example"
    assert sorted(verbs_given - rows) == [], "examples of no row (or not of a cell's first form)"
    assert sorted(nouns - nouns_given) == [], "nouns without an example"
    assert sorted(nouns_given - nouns) == [], "examples of no noun (or not of its first form)"
    for _, sentence in examples:
        assert sentence[:1].isupper() and sentence[-1] in ".!?", sentence


def test_the_table_is_large_and_every_category_has_rows(lexicon: Lexicon) -> None:
    assert len(lexicon.interactions) >= 1000
    per_category = Counter(entry.category for entry in lexicon.interactions.values())
    assert set(CAMEO_CATEGORIES) <= set(per_category)
    assert all(per_category[code] >= 5 for code in CAMEO_CATEGORIES), per_category
    assert len({entry.noun for entry in lexicon.nominalizations.values()}) >= 300


# -- consistency ---------------------------------------------------------------------------


def test_class_follows_category(lexicon: Lexicon) -> None:
    extra = {"01": {"verbal cooperation"}, "14": {"verbal conflict"}}
    for lemma, entry in lexicon.interactions.items():
        assert entry.cls in INTERACTION_CLASSES
        if entry.category is None:
            assert entry.cls == "neutral", f"{lemma}: only a neutral row may have no category"
        else:
            default = CAMEO_CATEGORIES[entry.category][1]
            assert entry.cls in {default} | extra.get(entry.category, set()), lemma
        if entry.cls == "neutral":
            assert entry.intensity == 0, lemma
        elif entry.cls.endswith("cooperation"):
            assert 0 < entry.intensity <= 10, lemma
        else:
            assert -10 <= entry.intensity < 0, lemma


def test_intensity_is_consistent_within_a_category(lexicon: Lexicon) -> None:
    # the verbal-conflict roots stay milder than the violent ones, the yields and aid are
    # material cooperation of middling to high value
    worst = {
        code: min(e.intensity for e in lexicon.interactions.values() if e.category == code) for code in CAMEO_CATEGORIES
    }
    best = {
        code: max(e.intensity for e in lexicon.interactions.values() if e.category == code) for code in CAMEO_CATEGORIES
    }
    for code in ("09", "10", "11", "12"):
        assert worst[code] >= -5, code
    for code in ("18", "19", "20"):
        assert best[code] <= -6, code
    for code in ("06", "07", "08"):
        assert worst[code] >= 3, code
    assert worst["20"] == best["20"] == -10


def test_every_noun_folds_to_a_scored_verb(lexicon: Lexicon) -> None:
    for entry in set(lexicon.nominalizations.values()):
        if entry.object_preps or not entry.keep_preps:
            assert lexicon.interaction(entry.verb) is not None, (entry.noun, entry.verb)
        for prep in entry.keep_preps:
            assert lexicon.interaction(f"{entry.verb} {prep}") is not None, (entry.noun, entry.verb, prep)
        if entry.modality is not None:
            assert entry.modality == entry.noun


def test_the_business_and_named_relations_have_rows(lexicon: Lexicon) -> None:
    named = (
        "buy from",
        "sell to",
        "sue",
        "ask",
        "urge",
        "address",
        "write to",
        "appeal to",
        "appeal against",
        "demonstrate against",
        "clash with",
        "bid for",
        "welcome",
        "question",
        "reply to",
        "deliver to",
        "acquire",
        "merge with",
        "take over",
        "order from",
        "award to",
        "lend to",
        "bail out",
        "invest in",
        "lay off",
        "fire",
        "hire",
        "appoint",
        "settle with",
        "fine",
        "license to",
        "partner with",
        "supply",
        "compete with",
        "outbid",
        "beat",
        "side with",
        "side against",
        "go after",
        "back down",
    )
    missing = [lemma for lemma in named if lemma not in lexicon.interactions]
    assert missing == []
    assert lexicon.interactions["side with"].cls == "verbal cooperation"
    assert lexicon.interactions["side against"].cls == "verbal conflict"
    assert lexicon.interactions["go after"].cls == "verbal conflict"
    assert lexicon.interactions["back down"].cls == "material cooperation"
    assert (
        lexicon.nominalization("lawsuit").verb == "sue" and "against" in lexicon.nominalization("lawsuit").object_preps
    )
    assert lexicon.nominalization("bid").modality == "bid"


# -- the examples on the real parse --------------------------------------------------------


@pytest.fixture(scope="module")
def readings(nlp, lexicon: Lexicon) -> dict[str, bool]:
    """Example key -> whether kg reads the sentence as that row (or noun)."""
    examples = _examples()
    first = {form: cell[0] for cell in _cells().values() for form in cell}
    out: dict[str, bool] = {}
    for (key, _), doc in zip(examples, nlp.pipe([s for _, s in examples])):
        triples = [
            t
            for t in analyze(doc, doc_id=key, lexicon=lexicon).triples
            if t.interaction is not None and t.subject != t.object
        ]
        if key.startswith(NOUN):
            verb = lexicon.nominalization(key[len(NOUN) :]).verb
            ok = any(
                (t.relation == verb or t.relation.startswith(verb + " "))
                and (entry := lexicon.interaction(t.relation)) is not None
                and t.interaction == entry.cls
                for t in triples
            )
        else:
            row = lexicon.interactions[key]
            ok = any(
                (entry := lexicon.interaction(t.relation)) is not None
                and first.get(entry.lemma) == key
                and t.interaction == row.cls
                for t in triples
            )
        out[key] = ok
    return out


def test_kg_reads_most_verb_examples_as_their_row(readings: dict[str, bool]) -> None:
    verbs = {k: ok for k, ok in readings.items() if not k.startswith(NOUN)}
    share = sum(verbs.values()) / len(verbs)
    failing = sorted(k for k, ok in verbs.items() if not ok)
    assert share >= VERB_FLOOR, (
        f"{share:.1%} of {len(verbs)} verb rows read as their row (floor {VERB_FLOOR:.0%}); failing: {failing}"
    )


def test_every_category_has_an_example_kg_reads(readings: dict[str, bool], lexicon: Lexicon) -> None:
    passing = Counter(lexicon.interactions[k].category for k, ok in readings.items() if ok and not k.startswith(NOUN))
    assert [code for code in CAMEO_CATEGORIES if passing[code] == 0] == []


def test_noun_examples_are_measured(readings: dict[str, bool]) -> None:
    # Event nouns are being extended in the extractor: measured, not held to a floor.
    nouns = {k: ok for k, ok in readings.items() if k.startswith(NOUN)}
    share = sum(nouns.values()) / len(nouns)
    print(f"\nnoun examples read as their noun: {share:.1%} of {len(nouns)}")
    assert nouns
