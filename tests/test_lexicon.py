"""Tests of kg.lexicon: the shipped tables load, are consistent, and user tables are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import LexiconError
from kg.lexicon import (
    INTERACTION_CLASSES,
    TITLE_KINDS,
    VERB_ROLES,
    Lexicon,
    load_lexicon,
    read_interactions,
)


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def _write(tmp_path: Path, text: str, name: str = "mine.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the shipped tables ----------------------------------------------------------------------


def test_shipped_tables_load_and_are_cached(lex: Lexicon) -> None:
    assert load_lexicon() is lex
    assert len(lex.countries) >= 197
    assert len(lex.nominalizations) >= 80
    assert len(lex.first_names) >= 600
    assert len(lex.titles) >= 100
    assert {"officials", "troops", "government", "diplomats"} <= lex.actor_nouns


def test_interactions_cover_every_class_with_valid_values(lex: Lexicon) -> None:
    assert len(lex.interactions) >= 300
    assert {entry.cls for entry in lex.interactions.values()} == INTERACTION_CLASSES
    for key, entry in lex.interactions.items():
        assert key == entry.lemma == entry.lemma.lower().strip()
        assert entry.cls in INTERACTION_CLASSES
        assert -10 <= entry.intensity <= 10
        if entry.cls == "neutral":
            assert entry.intensity == 0
        elif entry.cls.endswith("cooperation"):
            assert entry.intensity > 0, key
        else:
            assert entry.intensity < 0, key


@pytest.mark.parametrize(
    ("lemma", "cls"),
    [
        ("meet", "verbal cooperation"),
        ("talk with", "verbal cooperation"),
        ("sign", "verbal cooperation"),
        ("provide", "material cooperation"),
        ("criticise", "verbal conflict"),
        ("criticize", "verbal conflict"),
        ("threaten", "verbal conflict"),
        ("sanction", "material conflict"),
        ("crack down on", "material conflict"),
        ("pull out of", "material conflict"),
        ("invade", "material conflict"),
        ("say", "neutral"),
    ],
)
def test_interaction_classes_of_common_verbs(lex: Lexicon, lemma: str, cls: str) -> None:
    entry = lex.interaction(lemma)
    assert entry is not None and entry.lemma == lemma and entry.cls == cls


def test_interaction_falls_back_to_the_head_verb(lex: Lexicon) -> None:
    assert lex.interaction("praise for").lemma == "praise"
    assert lex.interaction("threaten to  strike").lemma == "threaten"
    assert lex.interaction("Kill").lemma == "kill"
    assert lex.interaction("frobnicate with") is None
    assert lex.interaction("") is None


def test_attack_is_more_hostile_than_criticism(lex: Lexicon) -> None:
    scores = {w: lex.interaction(w).intensity for w in ("kill", "sanction", "accuse", "meet")}
    assert scores["kill"] < scores["sanction"] < scores["accuse"] < 0 < scores["meet"]


# -- countries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "United States",
        "U.S.",
        "US",
        "the United States",
        "United States of America",
        "USA",
        "America",
        "the U.S.'s",
        "U.S.A.",
    ],
)
def test_us_variants_are_one_country(lex: Lexicon, text: str) -> None:
    country = lex.country(text)
    assert country is not None
    assert (country.name, country.code, country.capital) == ("United States", "USA", "Washington")


def test_country_lookup_normalises_case_accents_quotes(lex: Lexicon) -> None:
    assert lex.country("N. Korea").name == "North Korea"
    assert lex.country("DPRK").name == "North Korea"
    assert lex.country("Côte d’Ivoire").name == "Ivory Coast"
    assert lex.country("cote d'ivoire").name == "Ivory Coast"
    assert lex.country("Burma").name == "Myanmar"
    assert lex.country("Türkiye") is lex.country("Turkiye") is lex.country("Turkey")
    assert lex.country("the Netherlands").name == "Netherlands"
    assert lex.country("Philippines'").name == "Philippines"


def test_acronyms_are_case_sensitive(lex: Lexicon) -> None:
    assert lex.country("us") is None
    assert lex.country("Us") is None
    assert lex.country("UK").name == "United Kingdom"


def test_demonyms_and_capitals(lex: Lexicon) -> None:
    assert lex.demonym_country("Japanese").name == "Japan"
    assert lex.demonym_country("North Korean").name == "North Korea"
    assert lex.demonym_country("North Koreans").name == "North Korea"
    assert lex.demonym_country("Americans").name == "United States"
    assert lex.demonym_country("Swiss").name == "Switzerland"
    assert lex.demonym_country("Korean") is None  # ambiguous: left out on purpose
    assert lex.capital_country("Pyongyang").name == "North Korea"
    assert lex.capital_country("Seoul").name == "South Korea"
    assert lex.capital_country("The Hague").name == "Netherlands"
    assert lex.country("Pyongyang") is None


def test_countries_are_unique_and_well_formed(lex: Lexicon) -> None:
    codes = [c.code for c in lex.countries]
    assert len(codes) == len(set(codes))
    names = [c.name for c in lex.countries]
    assert len(names) == len(set(names))
    for required in ("Taiwan", "Kosovo", "Hong Kong", "Macau", "Palestine", "Vatican"):
        assert required in names
    # No word (name, variant or demonym) may lead to two different countries.
    owners: dict[str, set[str]] = {}
    for country in lex.countries:
        for word in (country.name, *country.variants, *country.demonyms):
            assert not word.lower().startswith("the "), word
            found = lex.country(word) or lex.demonym_country(word)
            assert found is not None, word
            owners.setdefault(word.casefold(), set()).add(country.code)
            if word in country.demonyms:
                assert lex.demonym_country(word) is country, word
            else:
                assert lex.country(word) is country, word
        if country.capital:
            assert lex.capital_country(country.capital) is country
    clashes = {word: codes for word, codes in owners.items() if len(codes) > 1}
    assert clashes == {}


def test_a_word_naming_two_countries_is_rejected(lex: Lexicon) -> None:
    korea = lex.country("South Korea")
    north = lex.country("North Korea")
    import dataclasses

    bad = dataclasses.replace(north, variants=(*north.variants, "Republic of Korea"))
    with pytest.raises(LexiconError, match="Republic of Korea"):
        dataclasses.replace(lex, countries=(korea, bad))


# -- nominalisations, verbs, titles, names ---------------------------------------------------


def test_nominalizations_singular_and_plural(lex: Lexicon) -> None:
    singular, plural = lex.nominalization("sanction"), lex.nominalization("Sanctions")
    assert singular is plural is not None
    assert singular.verb == "sanction"
    assert {"on", "against"} <= singular.object_preps
    talks = lex.nominalization("talks")
    assert talks.verb == "talk" and not talks.object_preps and "with" in talks.keep_preps
    assert lex.nominalization("meeting").object_preps == frozenset({"with"})
    assert lex.nominalization("trip").verb == "travel"
    assert lex.nominalization("crackdown").verb == "crack down"
    assert "into" in lex.nominalization("investigation").object_preps
    for entry in lex.nominalizations.values():
        assert not entry.object_preps & entry.keep_preps


def test_verb_roles(lex: Lexicon) -> None:
    assert lex.has_role("say", "reporting")
    assert lex.has_role("Hold", "light")
    assert lex.has_role("refuse", "negating")
    assert lex.has_role("threaten", "compose")
    assert lex.has_role("likely", "modality_adj")
    assert lex.has_role("might", "modal")
    assert lex.has_role("reportedly", "hedge_adv")
    assert lex.has_role("promise", "modality") and lex.has_role("promise", "reporting")
    assert not lex.has_role("meet", "light")
    assert {"expect", "plan", "hope"} <= lex.words_with_role("modality")
    assert set(lex.verb_roles) == set().union(*(lex.words_with_role(r) for r in VERB_ROLES))
    with pytest.raises(ValueError, match="unknown verb role"):
        lex.words_with_role("lite")


def test_titles(lex: Lexicon) -> None:
    assert lex.title("Mr.") == ("M", "honorific")
    assert lex.title("mr") == ("M", "honorific")
    assert lex.title("Queen") == ("F", "royal_religious")
    assert lex.title("Gen.") == lex.title("Gen") == (None, "military")
    assert lex.title("Prime  Minister") == (None, "office")
    assert lex.title("Sen.") == (None, "office")
    assert lex.title("Banana") is None
    assert {kind for _, kind in lex.titles.values()} == TITLE_KINDS


def test_first_names(lex: Lexicon) -> None:
    assert lex.name_gender("Donald") == "M"
    assert lex.name_gender("angela") == "F"
    assert lex.name_gender("Francois") == lex.name_gender("François") == "M"
    assert lex.name_gender("Jean-Pierre") == "M"
    for unisex in ("Jordan", "Alex", "Kim", "Sam", "Jean", "Andrea"):
        assert lex.name_gender(unisex) is None, unisex
    assert set(lex.first_names.values()) == {"M", "F"}


def test_lexicon_pickles_for_worker_processes(lex: Lexicon) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(lex))
    assert copy.country("U.S.") == lex.country("U.S.")
    assert copy.interaction("meet") == lex.interaction("meet")
    assert copy.has_role("say", "reporting")
    assert dict(copy.titles) == dict(lex.titles)


def test_lexicon_is_read_only(lex: Lexicon) -> None:
    with pytest.raises(TypeError):
        lex.interactions["meet"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        lex.countries = ()  # type: ignore[misc]


# -- user interaction tables -----------------------------------------------------------------

_HEADER = "lemma\tclass\tintensity\tnote\n"


def test_user_table_replaces_the_shipped_one(tmp_path: Path, lex: Lexicon) -> None:
    path = _write(
        tmp_path,
        "# my own scores\n" + _HEADER + "meet\tverbal conflict\t-1\tsuspicious meetings\n"
        "Bless\tverbal cooperation\t9.5\n",
    )
    mine = load_lexicon(path)
    assert mine is not lex and load_lexicon() is lex
    assert set(mine.interactions) == {"meet", "bless"}
    assert mine.interaction("meet").cls == "verbal conflict"
    assert mine.interaction("meet with").intensity == -1
    assert mine.interaction("kill") is None
    assert lex.interaction("meet").cls == "verbal cooperation"  # shipped table untouched
    assert mine.country("US") is lex.country("US")  # other tables shared


def test_read_interactions_accepts_alternatives(tmp_path: Path) -> None:
    path = _write(tmp_path, _HEADER + "criticise|criticize\tverbal conflict\t-2\t\n")
    table = read_interactions(path)
    assert table["criticize"].intensity == table["criticise"].intensity == -2.0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("meet\tfriendly\t2\n", "line 3: unknown class 'friendly'"),
        ("meet\tneutral\t11\n", "line 3: intensity 11 is out of range"),
        ("meet\tneutral\tlots\n", "line 3: intensity 'lots' is not a number"),
        ("meet\tneutral\tnan\n", "line 3: intensity nan is out of range"),
        ("meet\tneutral\n", "line 3: wrong column count"),
        ("meet\tneutral\t0\tnote\textra\n", "line 3: wrong column count"),
        ("meet\tneutral\t0\nmeet\tneutral\t1\n", "line 4: duplicate lemma 'meet'"),
    ],
)
def test_bad_user_rows_name_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = _write(tmp_path, "# comment\n" + _HEADER + row)
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


def test_bad_header_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="line 1: expected the header line"):
        load_lexicon(_write(tmp_path, "verb,class,score\nmeet,neutral,0\n"))
    with pytest.raises(LexiconError, match="no header line"):
        load_lexicon(_write(tmp_path, "# only a comment\n"))
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(tmp_path / "missing.tsv")
    latin1 = tmp_path / "latin1.tsv"
    latin1.write_bytes((_HEADER + "m\xe9et\tneutral\t0\n").encode("latin-1"))
    with pytest.raises(LexiconError, match="not UTF-8"):
        load_lexicon(latin1)


def test_verb_lemma_puts_back_a_lost_e_only_for_known_verbs():
    lex = load_lexicon()
    assert lex.verb_lemma("fin", "fined") == "fine"
    assert lex.verb_lemma("fin", "fining") == "fine"
    assert lex.verb_lemma("hop", "hopped") == "hop"  # a real "hop"
    assert lex.verb_lemma("meet", "meeting") == "meet"


# -- columns by name, CAMEO categories, modality ---------------------------------------------


def test_interaction_columns_may_come_in_any_order_and_category_is_optional(tmp_path: Path) -> None:
    path = _write(tmp_path, "category\tintensity\tlemma\tclass\n04\t2\tmeet\tverbal cooperation\n\t0\tsay\tneutral\n")
    table = read_interactions(path)
    assert table["meet"].category == "04" and table["meet"].intensity == 2.0 and table["meet"].note == ""
    assert table["say"].category is None
    old = read_interactions(_write(tmp_path, "lemma\tclass\tintensity\nmeet\tverbal cooperation\t2\n", "old.tsv"))
    assert old["meet"].category is None
    four = read_interactions(_write(tmp_path, _HEADER + "fine\tmaterial conflict\t-4\tpenalty\n", "four.tsv"))
    assert four["fine"].note == "penalty"
    one = _write(tmp_path, "lemma\tclass\tintensity\tcategory\nmeet\tverbal cooperation\t2\t4\n", "one.tsv")
    assert read_interactions(one)["meet"].category == "04"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lemma\tclass\tscore\n", "line 1: expected the header line .*unknown column 'score'"),
        ("lemma\tclass\tclass\tintensity\n", "line 1: expected the header line .*column 'class' given twice"),
        ("lemma\tclass\tnote\n", "line 1: expected the header line .*no 'intensity' column"),
        ("lemma\tclass\tintensity\tcategory\nmeet\tverbal cooperation\t2\t21\n", "line 2: unknown category '21'"),
        ("lemma\tclass\tintensity\tcategory\nmeet\tneutral\t0\tconsult\n", "line 2: unknown category 'consult'"),
        ("lemma\tclass\tintensity\tcategory\nkill\tverbal conflict\t-10\t18\n", "line 2: class 'verbal conflict' does not fit"),
        ("lemma\tclass\tintensity\tcategory\nsay\tverbal conflict\t-1\t01\n", "line 2: .* does not fit category 01"),
        ("note\tlemma\tclass\tintensity\nx\tmeet\tneutral\n", "line 2: wrong column count"),
    ],
)
def test_bad_columns_and_categories_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(LexiconError, match=message) as info:
        read_interactions(path)
    assert str(path) in str(info.value)


def test_categories_allow_their_quad_class() -> None:
    from kg.lexicon import CAMEO_CATEGORIES, _parse_interactions

    assert len(CAMEO_CATEGORIES) == 20 and list(CAMEO_CATEGORIES) == [f"{n:02d}" for n in range(1, 21)]
    assert CAMEO_CATEGORIES["14"] == ("protest", "material conflict")
    rows = "".join(
        f"w{code}\t{cls}\t{0 if cls == 'neutral' else (1 if cls.endswith('cooperation') else -1)}\t{code}\n"
        for code, (_, cls) in CAMEO_CATEGORIES.items()
    )
    extra = "praise a\tverbal cooperation\t3\t01\nprotest a\tverbal conflict\t-3\t14\n"
    table = _parse_interactions("lemma\tclass\tintensity\tcategory\n" + rows + extra, "t")
    assert {e.category for e in table.values()} == set(CAMEO_CATEGORIES)


def test_shipped_rows_carry_their_category(lex: Lexicon) -> None:
    assert lex.interaction("meet").category == "04"
    assert lex.interaction("sue").category == "11"
    assert lex.interaction("invade").category == "19"
    assert lex.interaction("say").category == "01"
    assert lex.interaction("fly").category is None


def test_nominalization_modality_column(lex: Lexicon) -> None:
    from kg.lexicon import _parse_nominalizations

    assert lex.nominalization("bids").modality == "bid"
    assert lex.nominalization("threat").modality == "threat"
    assert lex.nominalization("lawsuit").modality is None
    old = _parse_nominalizations("noun\tverb\tobject_preps\tkeep_preps\ntalk|talks\ttalk\t\twith\n", "old")
    assert old["talks"].modality is None and old["talks"].keep_preps == frozenset({"with"})
    with pytest.raises(LexiconError, match="line 1: .*unknown column 'mood'"):
        _parse_nominalizations("noun\tverb\tmood\n", "bad")


def test_lexicon_with_categories_pickles(lex: Lexicon) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(lex))
    assert copy.interaction("sue") == lex.interaction("sue") and copy.interaction("sue").category == "11"
    assert copy.nominalization("bid") == lex.nominalization("bid")


def test_the_string_cache_travels_to_workers_empty(nlp):
    import pickle

    from kg.analysis import analyze
    from kg.lexicon import load_lexicon

    lex = load_lexicon()
    analyze(nlp("Ruiz met Chile's trade minister in Oslo."), lexicon=lex)
    assert len(lex.string_cache) > 0
    copy = pickle.loads(pickle.dumps(lex))
    assert len(copy.string_cache) == 0 and copy.string_cache.store is None
