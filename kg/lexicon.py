"""The closed word lists and tables kg reads, loaded once into one immutable :class:`Lexicon`.

The tables live in ``kg/data/`` as UTF-8, tab-separated files (see ``docs/data.md``):

============================  =================================================================
``countries.tsv``             countries, their variant names, demonyms and capitals
``interactions.tsv``          relation lemma -> quad class, intensity and CAMEO root category
``nominalizations.tsv``       action nouns and the verb they fold to ("talks" -> "talk")
``verbs.tsv``                 light, reporting, modality, negating, compose verbs; modals, hedges
``titles.tsv``                titles and honorifics that may precede a name
``first_names.tsv``           given names with a clear usual gender
``actor_nouns.txt``           common nouns for persons and groups that act ("officials")
``descriptors.tsv``           nouns that refer back to a named organisation or place ("the firm")
``function_words.tsv``        negations, conditional subordinators, place prepositions, time nouns
============================  =================================================================

Every TSV has a header line first; lines starting with ``#`` are comments; ``|`` separates
alternatives inside a cell; an empty cell means nothing. A row that cannot be read raises
:class:`~kg.errors.LexiconError` naming the file, the line and what is wrong.

Example:
    >>> from kg.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> lex.country("the U.S.").name
    'United States'
    >>> lex.interaction("talk with").cls
    'verbal cooperation'
"""

from __future__ import annotations

import functools
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kg.errors import LexiconError

__all__ = [
    "CAMEO_CATEGORIES",
    "INTERACTION_CLASSES",
    "VERB_ROLES",
    "TITLE_KINDS",
    "Interaction",
    "Nominalization",
    "Country",
    "Lexicon",
    "load_lexicon",
    "read_interactions",
]

#: The five classes of ``interactions.tsv`` (the CAMEO "quad classes" plus neutral).
INTERACTION_CLASSES: frozenset[str] = frozenset(
    {
        "verbal cooperation",
        "material cooperation",
        "verbal conflict",
        "material conflict",
        "neutral",
    }
)

#: The twenty CAMEO root categories: two-digit code -> (name, default quad class). The
#: ``category`` column of ``interactions.tsv`` holds one of these codes; a row's class must be
#: the default class of its category, except where :data:`_CATEGORY_CLASSES` allows more.
CAMEO_CATEGORIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "01": ("make public statement", "neutral"),
        "02": ("appeal", "verbal cooperation"),
        "03": ("express intent to cooperate", "verbal cooperation"),
        "04": ("consult", "verbal cooperation"),
        "05": ("engage in diplomatic cooperation", "verbal cooperation"),
        "06": ("engage in material cooperation", "material cooperation"),
        "07": ("provide aid", "material cooperation"),
        "08": ("yield", "material cooperation"),
        "09": ("investigate", "verbal conflict"),
        "10": ("demand", "verbal conflict"),
        "11": ("disapprove", "verbal conflict"),
        "12": ("reject", "verbal conflict"),
        "13": ("threaten", "verbal conflict"),
        "14": ("protest", "material conflict"),
        "15": ("exhibit force posture", "material conflict"),
        "16": ("reduce relations", "material conflict"),
        "17": ("coerce", "material conflict"),
        "18": ("assault", "material conflict"),
        "19": ("fight", "material conflict"),
        "20": ("use unconventional mass violence", "material conflict"),
    }
)

# Classes a category allows beside its default: a statement may be plainly supportive
# ("agree with", "sympathise with"), and a protest may be words only ("protest against" a
# ruling) rather than a demonstration.
_EXTRA_CLASSES = {"01": ("verbal cooperation",), "14": ("verbal conflict",)}
_CATEGORY_CLASSES: Mapping[str, frozenset[str]] = MappingProxyType(
    {code: frozenset({cls, *_EXTRA_CLASSES.get(code, ())}) for code, (_, cls) in CAMEO_CATEGORIES.items()}
)

#: The roles of ``verbs.tsv``.
VERB_ROLES: frozenset[str] = frozenset(
    {
        "light",
        "reporting",
        "modality",
        "negating",
        "compose",
        "modality_adj",
        "negating_adj",
        "modal",
        "hedge_adv",
        "reciprocal",
        "product",
        "noun_control",
        "receive",
        "ending",
        "directive",
        "aspect",
        "transfer",
        "sequence",
        "exchange",
        # function_words.tsv
        "negation",
        "conditional",
        "place_prep",
        "time_noun",
        "partner_prep",
        "partitive",
        "product_noun",
        "part_noun",
        "owner_noun",
        "measure_noun",
        "union_seat",
        "weapon_noun",
        "comparison_prep",
        "side_prep",
        "kind_adj",
        "role_prep",
    }
)

#: The kinds of ``titles.tsv``.
TITLE_KINDS: frozenset[str] = frozenset({"honorific", "military", "office", "company", "royal_religious", "opposition"})

_GENDERS = frozenset({"M", "F"})
_INTENSITY_RANGE = (-10.0, 10.0)

_COUNTRY_COLUMNS = ("name", "code", "variants", "demonyms", "capital")
_INTERACTION_COLUMNS = ("lemma", "class", "intensity", "note", "category")
_INTERACTION_REQUIRED = ("lemma", "class", "intensity")
_NOMINALIZATION_COLUMNS = ("noun", "verb", "object_preps", "keep_preps", "modality")
_NOMINALIZATION_REQUIRED = ("noun", "verb")
_VERB_COLUMNS = ("lemma", "role", "note")
_TITLE_COLUMNS = ("title", "gender", "kind")
_FIRST_NAME_COLUMNS = ("name", "gender")

# Curly quotes and dashes news text uses in place of the ASCII ones the tables are written with.
_PUNCTUATION = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"}
)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=\S)(?:'s|(?<=s)')$", re.IGNORECASE)
_ISO_CODE = re.compile(r"^[A-Z]{3}$")


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interaction:
    """One row of the interaction table: how a relation scores between two actors.

    Attributes:
        lemma: The relation as kg normalises it ("meet", "talk with", "crack down on").
        cls: One of :data:`INTERACTION_CLASSES`.
        intensity: Goldstein-like score in [-10, 10]: negative is conflict, positive cooperation.
        note: Free text from the table's note column (may be empty).
        category: Two-digit CAMEO root code ("01".."20", see :data:`CAMEO_CATEGORIES`), or
            ``None`` for a neutral relation that fits no category and for tables without a
            ``category`` column.
    """

    lemma: str
    cls: str
    intensity: float
    note: str = ""
    category: str | None = None


@dataclass(frozen=True)
class Nominalization:
    """An action noun and the verb it folds to.

    Attributes:
        noun: The noun lemma (the first form given in the table).
        verb: The verb it stands for ("talk", "crack down").
        object_preps: Prepositions whose object becomes the verb's direct object
            ("a visit to X" -> visit X).
        keep_preps: Prepositions kept in the relation ("talks with X" -> "talk with" X).
        modality: For a noun of intent rather than of a done act ("bid", "offer", "threat",
            "proposal"), the word that marks it so (the noun itself); ``None`` otherwise.
    """

    noun: str
    verb: str
    object_preps: frozenset[str]
    keep_preps: frozenset[str]
    modality: str | None = None


@dataclass(frozen=True)
class Country:
    """A country and the words news uses for it.

    Attributes:
        name: Canonical short English name ("United States", "North Korea").
        code: ISO 3166-1 alpha-3 code ("USA", "PRK"; Kosovo uses "XKX").
        variants: Other names and abbreviations ("U.S.", "America", "DPRK").
        demonyms: Nationality adjectives and nouns ("American", "Americans").
        capital: The capital city, or ``None`` (Hong Kong, Macau).
        capitals: Every name of the capital and of other seats of government the table
            lists (``capital`` first); all of them are indexed by
            :meth:`Lexicon.capital_country`.
    """

    name: str
    code: str
    variants: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    capitals: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Normalisation helpers
# --------------------------------------------------------------------------------------------


def _phrase(text: str) -> str:
    """Lower-case ``text`` and collapse its whitespace: the key of verb and noun tables."""
    return " ".join(text.split()).lower()


def _fold(text: str) -> str:
    """Case-, accent-, quote- and hyphen-insensitive key ("Côte d’Ivoire" -> "cote d'ivoire")."""
    text = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("-", " ").split()).casefold()


def _strip_place(text: str) -> str:
    """Drop a leading "the" and a trailing possessive: "the U.S.'s" -> "U.S."."""
    text = " ".join(text.translate(_PUNCTUATION).split())
    text = _LEADING_THE.sub("", text)
    stripped = _POSSESSIVE.sub("", text)
    return stripped or text


def _is_acronym(text: str) -> bool:
    """True for all-capital abbreviations ("US", "UK", "DPRK") matched case-sensitively.

    Matching these case-insensitively would turn the pronoun "us" into the United States.
    """
    return text.isascii() and text.isalpha() and text.isupper()


def _place_keys(text: str) -> tuple[str | None, str | None]:
    """The (case-sensitive acronym key, folded key) under which a place name is indexed."""
    stripped = _strip_place(text)
    if _is_acronym(stripped):
        return stripped, None
    return None, _fold(stripped)


# --------------------------------------------------------------------------------------------
# The lexicon
# --------------------------------------------------------------------------------------------


def _place_index(
    entries: Iterable[tuple[str, Country]], what: str
) -> tuple[Mapping[str, Country], Mapping[str, Country]]:
    """Index place words (names, demonyms or capitals) by acronym key and folded key.

    Raises:
        LexiconError: A word that maps to two different countries.
    """
    exact: dict[str, Country] = {}
    folded: dict[str, Country] = {}
    for text, country in entries:
        acronym, key = _place_keys(text)
        index, k = (exact, acronym) if acronym is not None else (folded, key)
        if not k:
            continue
        other = index.setdefault(k, country)
        if other.code != country.code:
            raise LexiconError(
                f"the {what} {text!r} names two countries, {other.name} and {country.name}; remove it from one of them"
            )
    return MappingProxyType(exact), MappingProxyType(folded)


def _place_lookup(text: str, exact: Mapping[str, Country], folded: Mapping[str, Country]) -> Country | None:
    if not text or not text.strip():
        return None
    acronym, key = _place_keys(text)
    if acronym is not None:
        return exact.get(acronym)
    return folded.get(key) if key else None


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Every closed word list kg uses, read-only, with O(1) lookups.

    Build it with :func:`load_lexicon`; constructing it by hand (in tests, say) works too,
    the lookup indexes are derived from the fields.

    Attributes:
        countries: Every country of ``countries.tsv``.
        interactions: Relation lemma (lower case) -> :class:`Interaction`.
        nominalizations: Every noun form (lower case) -> :class:`Nominalization`.
        verb_roles: Lemma (lower case) -> its roles (see :data:`VERB_ROLES`).
        titles: Lower-cased title, also without a trailing dot -> (gender or ``None``, kind).
        first_names: Lower-cased given name -> ``"M"`` or ``"F"``.
        actor_nouns: Lower-case common nouns for acting persons and groups.
        descriptors: Lower-case descriptor noun ("firm", "carmaker", "country") -> the entity
            type it refers back to (``"ORG"`` or ``"GPE"``).
        descriptor_kinds: Lower-case descriptor noun -> the first noun of its row, which names
            its kind ("automaker" -> "carmaker"); generic nouns ("firm", "company") have none.
        unions: Lower-case seat of a union of states -> the union's name, from the note of a
            ``function_words.tsv`` union_seat row ("brussels" -> "European Union").

    Example:
        >>> lex = load_lexicon()
        >>> lex.demonym_country("North Koreans").name
        'North Korea'
        >>> lex.has_role("say", "reporting")
        True
    """

    countries: tuple[Country, ...]
    interactions: Mapping[str, Interaction]
    nominalizations: Mapping[str, Nominalization]
    verb_roles: Mapping[str, frozenset[str]]
    titles: Mapping[str, tuple[str | None, str]]
    first_names: Mapping[str, str]
    actor_nouns: frozenset[str]
    descriptors: Mapping[str, str] = field(default_factory=dict)
    descriptor_kinds: Mapping[str, str] = field(default_factory=dict)
    unions: Mapping[str, str] = field(default_factory=dict)

    _names_exact: Mapping[str, Country] = field(init=False, repr=False)
    _names_folded: Mapping[str, Country] = field(init=False, repr=False)
    _demonyms_exact: Mapping[str, Country] = field(init=False, repr=False)
    _demonyms_folded: Mapping[str, Country] = field(init=False, repr=False)
    _capitals_exact: Mapping[str, Country] = field(init=False, repr=False)
    _capitals_folded: Mapping[str, Country] = field(init=False, repr=False)
    _by_role: Mapping[str, frozenset[str]] = field(init=False, repr=False)
    _names_accentless: Mapping[str, str] = field(init=False, repr=False)
    _memo: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        countries = self.countries
        names = ((t, c) for c in countries for t in (c.name, *c.variants))
        demonyms = ((t, c) for c in countries for t in c.demonyms)
        capitals = ((t, c) for c in countries for t in (c.capitals or ((c.capital,) if c.capital else ())))
        set_ = object.__setattr__
        set_(self, "_memo", {})
        exact, folded = _place_index(names, "country name")
        set_(self, "_names_exact", exact)
        set_(self, "_names_folded", folded)
        exact, folded = _place_index(demonyms, "demonym")
        set_(self, "_demonyms_exact", exact)
        set_(self, "_demonyms_folded", folded)
        exact, folded = _place_index(capitals, "capital")
        set_(self, "_capitals_exact", exact)
        set_(self, "_capitals_folded", folded)

        by_role: dict[str, set[str]] = {role: set() for role in VERB_ROLES}
        for lemma, roles in self.verb_roles.items():
            for role in roles:
                by_role.setdefault(role, set()).add(lemma)
        set_(self, "_by_role", MappingProxyType({r: frozenset(w) for r, w in by_role.items()}))

        accentless: dict[str, str] = {}
        for name, gender in self.first_names.items():
            accentless.setdefault(_fold(name), gender)
        set_(self, "_names_accentless", MappingProxyType(accentless))

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Mapping proxies cannot be pickled; send plain dicts and rebuild (for worker processes).
        return (
            _rebuild_lexicon,
            (
                self.countries,
                dict(self.interactions),
                dict(self.nominalizations),
                dict(self.verb_roles),
                dict(self.titles),
                dict(self.first_names),
                self.actor_nouns,
                dict(self.descriptors),
                dict(self.descriptor_kinds),
                dict(self.unions),
            ),
        )

    # -- countries ---------------------------------------------------------------------------

    def _lookup(self, table: str, text: str, exact: Mapping[str, Country], folded: Mapping[str, Country]) -> Country | None:
        # Normalising a name (accents, case, "the", possessives) costs more than the lookup;
        # remember the answers. The memo only ever caches what the immutable tables say.
        key = (table, text)
        memo = self._memo
        if key in memo:
            return memo[key]
        found = _place_lookup(text, exact, folded)
        if len(memo) < 200_000:
            memo[key] = found
        return found

    def country(self, text: str) -> Country | None:
        """The country a name or abbreviation stands for.

        A leading "the" and a trailing possessive are ignored, and so are case, accents and
        hyphens, except for all-capital abbreviations ("US", "UK"), which must be written in
        capitals so that the pronoun "us" is not the United States.

        Args:
            text: A name as written: "U.S.", "the United States", "America", "N. Korea".

        Returns:
            The :class:`Country`, or ``None`` if the text names none.

        Example:
            >>> load_lexicon().country("the United States's").code
            'USA'
        """
        return self._lookup("n", text, self._names_exact, self._names_folded)

    def demonym_country(self, text: str) -> Country | None:
        """The country of a nationality word ("Japanese", "North Korean", "Americans").

        Example:
            >>> load_lexicon().demonym_country("Japanese").name
            'Japan'
        """
        return self._lookup("d", text, self._demonyms_exact, self._demonyms_folded)

    def capital_country(self, text: str) -> Country | None:
        """The country whose capital (or seat of government) ``text`` names.

        Example:
            >>> load_lexicon().capital_country("Pyongyang").name
            'North Korea'
        """
        return self._lookup("c", text, self._capitals_exact, self._capitals_folded)

    # -- verbs -------------------------------------------------------------------------------

    @property
    def string_cache(self) -> Any:
        """A scratch cache of spaCy string-store look-ups (a :class:`kg.tokens.StringCache`)
        shared by the documents read with this lexicon."""
        found = self._memo.get("strings")
        if found is None:
            from kg.tokens import StringCache

            found = self._memo["strings"] = StringCache()
        return found

    def has_role(self, lemma: str, role: str) -> bool:
        """Whether ``lemma`` has ``role`` in ``verbs.tsv`` ("say" is "reporting").

        Raises:
            ValueError: ``role`` is not one of :data:`VERB_ROLES`.
        """
        _check_role(role)
        return role in self.verb_roles.get(_phrase(lemma), frozenset())

    def words_with_role(self, role: str) -> frozenset[str]:
        """Every lemma with ``role`` (for example all ``"light"`` verbs).

        Raises:
            ValueError: ``role`` is not one of :data:`VERB_ROLES`.
        """
        _check_role(role)
        return self._by_role.get(role, frozenset())

    # -- relations and nouns -------------------------------------------------------------------

    def interaction(self, relation: str) -> Interaction | None:
        """How a relation scores: its own entry, else the entry of a shorter head of it.

        Words are dropped from the end until an entry is found, so "talk with" falls back to
        "talk" when only "talk" is listed, and "threaten to strike" to "threaten".

        Example:
            >>> load_lexicon().interaction("crack down on").cls
            'material conflict'
        """
        words = _phrase(relation).split()
        while words:
            entry = self.interactions.get(" ".join(words))
            if entry is not None:
                return entry
            words.pop()
        return None

    def nominalization(self, noun: str) -> Nominalization | None:
        """The action noun entry for ``noun`` (any form listed: "sanction" or "sanctions")."""
        return self.nominalizations.get(_phrase(noun))

    def verb_lemma(self, lemma: str, word: str) -> str:
        """``lemma`` with a lost final *e* put back when the tables know the verb with it.

        spaCy's rule lemmatizer strips "-ed", "-es" and "-ing" and can drop the *e* of the
        stem ("fined" -> "fin", "hoped" -> "hop"). When ``lemma`` is no verb kg knows, but
        ``lemma + "e"`` is, and ``word`` is that verb inflected ("fined", "fines", "fining"),
        the verb with its *e* is returned; otherwise ``lemma`` unchanged ("hopped" stays "hop").

        Example:
            >>> load_lexicon().verb_lemma("fin", "fined")
            'fine'
        """
        key = ("verb_lemma", lemma, word)
        found = self._memo.get(key)
        if found is None:
            found = lemma
            known = self._memo.get("known_verbs")
            if known is None:
                known = frozenset(
                    {w for w in self.interactions if " " not in w}
                    | set(self.verb_roles)
                    | {n.verb for n in self.nominalizations.values() if " " not in n.verb}
                )
                self._memo["known_verbs"] = known
            if lemma not in known and lemma + "e" in known and word in (lemma + "ed", lemma + "es", lemma + "ing"):
                found = lemma + "e"
            if len(self._memo) < 200_000:  # (bounded, like every memo here)
                self._memo[key] = found
        return found

    # -- people --------------------------------------------------------------------------------

    def title(self, word: str) -> tuple[str | None, str] | None:
        """(gender, kind) of a title or honorific ("Mr." -> ("M", "honorific")), or ``None``."""
        memo = self._memo
        hit = memo.get(("title", word), memo)
        if hit is not memo:
            return hit  # type: ignore[return-value]
        key = _phrase(word)
        found = self.titles.get(key)
        if found is None and key.endswith("."):
            found = self.titles.get(key.rstrip("."))
        if len(memo) < 200_000:
            memo[("title", word)] = found
        return found

    def name_gender(self, first_name: str) -> str | None:
        """``"M"`` or ``"F"`` for a given name with a clear usual gender, else ``None``.

        Case and accents are ignored; a hyphenated name not listed whole is looked up by its
        first part ("Mary-Kate" -> "Mary" -> ``"F"``).

        Example:
            >>> load_lexicon().name_gender("FRANÇOIS")
            'M'
        """
        key = _phrase(first_name)
        if not key:
            return None
        found = self.first_names.get(key) or self._names_accentless.get(_fold(key))
        if found is None and "-" in key:
            head = key.split("-", 1)[0]
            found = self.first_names.get(head) or self._names_accentless.get(_fold(head))
        return found


def _rebuild_lexicon(
    countries: tuple[Country, ...],
    interactions: dict[str, Interaction],
    nominalizations: dict[str, Nominalization],
    verb_roles: dict[str, frozenset[str]],
    titles: dict[str, tuple[str | None, str]],
    first_names: dict[str, str],
    actor_nouns: frozenset[str],
    descriptors: dict[str, str] | None = None,
    descriptor_kinds: dict[str, str] | None = None,
    unions: dict[str, str] | None = None,
) -> Lexicon:
    return Lexicon(
        countries,
        MappingProxyType(interactions),
        MappingProxyType(nominalizations),
        MappingProxyType(verb_roles),
        MappingProxyType(titles),
        MappingProxyType(first_names),
        actor_nouns,
        MappingProxyType(descriptors or {}),
        MappingProxyType(descriptor_kinds or {}),
        MappingProxyType(unions or {}),
    )


def _check_role(role: str) -> None:
    if role not in VERB_ROLES:
        raise ValueError(f"unknown verb role {role!r}; expected one of {sorted(VERB_ROLES)}")


# --------------------------------------------------------------------------------------------
# Reading the tables
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    source: str
    line: int
    cells: tuple[str, ...]

    def error(self, message: str) -> LexiconError:
        return LexiconError(f"{self.source}, line {self.line}: {message}")


def _rows(text: str, source: str, columns: tuple[str, ...], required: int) -> Iterator[_Row]:
    """Yield the data rows of a TSV table, padded to ``len(columns)`` cells.

    The first line that is neither blank nor a comment must be the header. Rows may leave
    out trailing optional columns (those after the first ``required``).
    """
    header_seen = False
    expected_header = "\t".join(columns)
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in raw.split("\t"))
        if not header_seen:
            got = tuple(cell.lower() for cell in cells)
            if got != columns[: len(got)] or len(got) < required:
                raise LexiconError(
                    f"{source}, line {number}: expected the header line "
                    f"{expected_header!r} (tab-separated), found {raw.strip()!r}"
                )
            header_seen = True
            continue
        if not required <= len(cells) <= len(columns):
            wanted = str(len(columns)) if required == len(columns) else f"{required} to {len(columns)}"
            raise LexiconError(
                f"{source}, line {number}: wrong column count: expected {wanted} tab-separated "
                f"columns ({', '.join(columns)}), found {len(cells)}"
            )
        yield _Row(source, number, cells + ("",) * (len(columns) - len(cells)))
    if not header_seen:
        raise LexiconError(f"{source}: no header line; the first line must be {expected_header!r} (tab-separated)")


def _named_rows(
    text: str, source: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[tuple[_Row, dict[str, str]]]:
    """Yield the data rows of a TSV table whose header names its columns in any order.

    ``columns`` are the names a header may use, ``required`` those it must. Each row comes
    with a mapping of every name in ``columns`` to its cell (``""`` for a column the file
    lacks or a row leaves out at its end). Unknown or repeated column names in the header,
    and rows with more cells than the header or too few to reach a required column, are
    errors naming the file and the line.
    """
    header: tuple[str, ...] | None = None
    needed = 0
    tabbed = "\t".join(columns)
    usage = f"{tabbed!r} (tab-separated, in any order; {', '.join(required)} required)"
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in raw.split("\t"))
        if header is None:
            names = tuple(cell.lower() for cell in cells)
            problems = [f"unknown column {n!r}" for n in names if n not in columns]
            problems += [f"column {n!r} given twice" for n in sorted(set(names)) if names.count(n) > 1]
            problems += [f"no {n!r} column" for n in required if n not in names]
            if problems:
                raise LexiconError(
                    f"{source}, line {number}: expected the header line {usage}, "
                    f"found {raw.strip()!r}: {'; '.join(problems)}"
                )
            header = names
            needed = max(names.index(n) for n in required) + 1
            continue
        if not needed <= len(cells) <= len(header):
            wanted = str(len(header)) if needed == len(header) else f"{needed} to {len(header)}"
            raise LexiconError(
                f"{source}, line {number}: wrong column count: expected {wanted} tab-separated "
                f"columns ({', '.join(header)}), found {len(cells)}"
            )
        values = dict.fromkeys(columns, "")
        values.update(zip(header, cells))
        yield _Row(source, number, cells), values
    if header is None:
        raise LexiconError(f"{source}: no header line; the first line must be {usage}")


def _alternatives(cell: str) -> tuple[str, ...]:
    """The ``|``-separated alternatives of a cell, stripped, empty ones dropped."""
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _category(cell: str, cls: str, row: _Row) -> str | None:
    """The two-digit CAMEO root code of a ``category`` cell ("4" and "04" both give "04")."""
    if not cell:
        return None
    code = cell.zfill(2) if cell.isdigit() and len(cell) <= 2 else cell
    if code not in CAMEO_CATEGORIES:
        raise row.error(f"unknown category {cell!r}; expected a CAMEO root code from 01 to 20")
    allowed = _CATEGORY_CLASSES[code]
    if cls not in allowed:
        name = CAMEO_CATEGORIES[code][0]
        raise row.error(
            f"class {cls!r} does not fit category {code} ({name}); expected "
            + " or ".join(repr(c) for c in sorted(allowed))
        )
    return code


def _parse_interactions(text: str, source: str) -> dict[str, Interaction]:
    table: dict[str, Interaction] = {}
    first_line: dict[str, int] = {}
    low, high = _INTENSITY_RANGE
    for row, cell in _named_rows(text, source, _INTERACTION_COLUMNS, _INTERACTION_REQUIRED):
        lemmas = [_phrase(alt) for alt in _alternatives(cell["lemma"])]
        if not lemmas:
            raise row.error("empty lemma")
        cls = _phrase(cell["class"])
        if cls not in INTERACTION_CLASSES:
            raise row.error(
                f"unknown class {cell['class']!r}; expected one of "
                + ", ".join(repr(c) for c in sorted(INTERACTION_CLASSES))
            )
        try:
            intensity = float(cell["intensity"])
        except ValueError:
            raise row.error(f"intensity {cell['intensity']!r} is not a number") from None
        if not math.isfinite(intensity) or not low <= intensity <= high:
            raise row.error(f"intensity {cell['intensity']} is out of range [{low:g}, {high:g}]")
        category = _category(cell["category"], cls, row)
        for lemma in lemmas:
            if lemma in table:
                raise row.error(f"duplicate lemma {lemma!r} (first given on line {first_line[lemma]})")
            table[lemma] = Interaction(lemma, cls, intensity, cell["note"], category)
            first_line[lemma] = row.line
    return table


def _parse_nominalizations(text: str, source: str) -> dict[str, Nominalization]:
    table: dict[str, Nominalization] = {}
    for row, cell in _named_rows(text, source, _NOMINALIZATION_COLUMNS, _NOMINALIZATION_REQUIRED):
        nouns = [_phrase(alt) for alt in _alternatives(cell["noun"])]
        verb = _phrase(cell["verb"])
        if not nouns or not verb:
            raise row.error("a noun and a verb are required")
        object_preps = frozenset(_phrase(p) for p in _alternatives(cell["object_preps"]))
        keep_preps = frozenset(_phrase(p) for p in _alternatives(cell["keep_preps"]))
        if object_preps & keep_preps:
            both = ", ".join(sorted(object_preps & keep_preps))
            raise row.error(f"preposition(s) {both} in both object_preps and keep_preps")
        modality = _phrase(cell["modality"]) or None
        entry = Nominalization(nouns[0], verb, object_preps, keep_preps, modality)
        for noun in nouns:
            if noun in table:
                raise row.error(f"duplicate noun {noun!r}")
            table[noun] = entry
    return table


def _parse_verbs(text: str, source: str) -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {}
    for row in _rows(text, source, _VERB_COLUMNS, required=2):
        lemma = _phrase(row.cells[0])
        role = row.cells[1].strip().lower()
        if not lemma:
            raise row.error("empty lemma")
        if role not in VERB_ROLES:
            raise row.error(f"unknown role {row.cells[1]!r}; expected one of {sorted(VERB_ROLES)}")
        have = roles.setdefault(lemma, set())
        if role in have:
            raise row.error(f"duplicate row: {lemma!r} already has role {role!r}")
        have.add(role)
    return {lemma: frozenset(r) for lemma, r in roles.items()}


def _parse_unions(text: str, source: str) -> dict[str, str]:
    """Union seat (lower case) -> the union's name, from the note of each union_seat row."""
    out: dict[str, str] = {}
    for row in _rows(text, source, _VERB_COLUMNS, required=2):
        if row.cells[1].strip().lower() == "union_seat":
            name = row.cells[2].strip()
            if not name:
                raise row.error("a union_seat row names its union in the note column")
            out[_phrase(row.cells[0])] = name
    return out


def _parse_titles(text: str, source: str) -> dict[str, tuple[str | None, str]]:
    table: dict[str, tuple[str | None, str]] = {}
    for row in _rows(text, source, _TITLE_COLUMNS, required=3):
        gender_cell = row.cells[1].strip().upper()
        kind = row.cells[2].strip().lower()
        if gender_cell and gender_cell not in _GENDERS:
            raise row.error(f"gender {row.cells[1]!r} must be M, F or empty")
        if kind not in TITLE_KINDS:
            raise row.error(f"unknown kind {row.cells[2]!r}; expected one of {sorted(TITLE_KINDS)}")
        value = (gender_cell or None, kind)
        titles = _alternatives(row.cells[0])
        if not titles:
            raise row.error("empty title")
        for title in titles:
            key = _phrase(title)
            for k in {key, key.rstrip(".")}:
                if k and table.setdefault(k, value) != value:
                    raise row.error(f"title {title!r} conflicts with an earlier row {table[k]}")
    return table


def _parse_first_names(text: str, source: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _rows(text, source, _FIRST_NAME_COLUMNS, required=2):
        name = _phrase(row.cells[0])
        gender = row.cells[1].strip().upper()
        if not name:
            raise row.error("empty name")
        if gender not in _GENDERS:
            raise row.error(f"gender {row.cells[1]!r} must be M or F")
        if table.setdefault(name, gender) != gender:
            raise row.error(f"name {row.cells[0]!r} given both genders")
    return table


def _parse_countries(text: str, source: str) -> tuple[Country, ...]:
    countries: list[Country] = []
    # Word -> (country, line) over names and variants; demonyms and capitals apart.
    seen: dict[str, dict[str, tuple[Country, int]]] = {"name": {}, "demonym": {}, "capital": {}}
    for row in _rows(text, source, _COUNTRY_COLUMNS, required=2):
        name, code = row.cells[0].strip(), row.cells[1].strip()
        if not name:
            raise row.error("empty country name")
        if not _ISO_CODE.match(code):
            raise row.error(f"code {code!r} is not a three-letter ISO 3166-1 alpha-3 code")
        capitals = _alternatives(row.cells[4])
        country = Country(
            name=name,
            code=code,
            variants=_alternatives(row.cells[2]),
            demonyms=_alternatives(row.cells[3]),
            capital=capitals[0] if capitals else None,
            capitals=capitals,
        )
        words = {
            "name": (name, *country.variants),
            "demonym": country.demonyms,
            "capital": capitals,
        }
        for what, texts in words.items():
            for word in texts:
                key = "".join(k for k in _place_keys(word) if k)
                earlier = seen[what].get(key)
                if earlier is not None and earlier[0].code != code:
                    raise row.error(
                        f"the {what} {word!r} already names {earlier[0].name} "
                        f"(line {earlier[1]}); a word may name one country only"
                    )
                seen[what][key] = (country, row.line)
        countries.append(country)
    return tuple(countries)


_DESCRIPTOR_COLUMNS = ("noun", "refers", "kind")
_DESCRIPTOR_TYPES = frozenset({"ORG", "GPE"})


def _descriptor_kinds(text: str, source: str) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for row in _rows(text, source, _DESCRIPTOR_COLUMNS, required=2):
        nouns = [_phrase(n) for n in _alternatives(row.cells[0])]
        if row.cells[2].strip().lower() != "generic":
            for noun in nouns:
                kinds[noun] = nouns[0]
    return kinds


def _parse_descriptors(text: str, source: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _rows(text, source, _DESCRIPTOR_COLUMNS, required=2):
        refers = row.cells[1].strip().upper()
        if refers not in _DESCRIPTOR_TYPES:
            raise row.error(f"refers {row.cells[1]!r} must be one of {sorted(_DESCRIPTOR_TYPES)}")
        nouns = _alternatives(row.cells[0])
        if not nouns:
            raise row.error("empty noun")
        for noun in nouns:
            if table.setdefault(_phrase(noun), refers) != refers:
                raise row.error(f"noun {noun!r} given twice with different types")
    return table


def _parse_word_list(text: str) -> frozenset[str]:
    words = set()
    for raw in text.lstrip("\ufeff").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            words.add(_phrase(line))
    return frozenset(words)


def _read_user_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    source = os.fspath(path)
    try:
        return Path(source).read_text(encoding="utf-8-sig"), source
    except UnicodeDecodeError as err:
        raise LexiconError(f"{source}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise LexiconError(f"{source}: cannot read the table: {err.strerror or err}") from None


def read_interactions(path: str | os.PathLike[str]) -> dict[str, Interaction]:
    """Read an interaction table (same columns as the shipped ``interactions.tsv``).

    Args:
        path: A UTF-8 TSV file whose header names its columns, in any order: ``lemma``,
            ``class`` and ``intensity`` are required, ``note`` and ``category`` (a CAMEO
            root code, "01".."20") optional, so the older three- and four-column tables load
            unchanged.

    Returns:
        Lemma (lower case) -> :class:`Interaction`.

    Raises:
        LexiconError: The file cannot be read, the header names an unknown column, or a row
            is wrong (unknown class, intensity out of [-10, 10], unknown category or a class
            the category does not allow, wrong column count, duplicate lemma); the message
            names the file and the line.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.tsv"
        >>> _ = p.write_text("lemma\\tclass\\tintensity\\nmeet\\tverbal cooperation\\t2\\n")
        >>> read_interactions(p)["meet"].intensity
        2.0
    """
    text, source = _read_user_file(path)
    return _parse_interactions(text, source)


def _shipped_text(name: str) -> tuple[str, str]:
    resource = resources.files("kg").joinpath("data").joinpath(name)
    try:
        return resource.read_text(encoding="utf-8"), f"kg/data/{name}"
    except OSError as err:  # a broken install: say which file is missing
        raise LexiconError(f"kg/data/{name}: cannot read the shipped table ({err}); reinstall kg") from None


@functools.cache
def _load_shipped() -> Lexicon:
    return Lexicon(
        countries=_parse_countries(*_shipped_text("countries.tsv")),
        interactions=MappingProxyType(_parse_interactions(*_shipped_text("interactions.tsv"))),
        nominalizations=MappingProxyType(_parse_nominalizations(*_shipped_text("nominalizations.tsv"))),
        verb_roles=MappingProxyType(
            {**_parse_verbs(*_shipped_text("verbs.tsv")), **_parse_verbs(*_shipped_text("function_words.tsv"))}
        ),
        titles=MappingProxyType(_parse_titles(*_shipped_text("titles.tsv"))),
        first_names=MappingProxyType(_parse_first_names(*_shipped_text("first_names.tsv"))),
        actor_nouns=_parse_word_list(_shipped_text("actor_nouns.txt")[0]),
        descriptors=MappingProxyType(_parse_descriptors(*_shipped_text("descriptors.tsv"))),
        descriptor_kinds=MappingProxyType(_descriptor_kinds(*_shipped_text("descriptors.tsv"))),
        unions=MappingProxyType(_parse_unions(*_shipped_text("function_words.tsv"))),
    )


def load_lexicon(interactions: str | os.PathLike[str] | None = None) -> Lexicon:
    """Load the shipped tables, optionally with the user's own interaction table.

    The shipped lexicon is read once per process and shared (it is immutable).

    Args:
        interactions: Path of a TSV with the columns of ``interactions.tsv``; it *replaces*
            the shipped interaction table (it does not extend it).

    Returns:
        The :class:`Lexicon`.

    Raises:
        LexiconError: A table cannot be read or has a bad row.

    Example:
        >>> lex = load_lexicon()
        >>> lex.nominalization("sanctions").verb
        'sanction'
    """
    shipped = _load_shipped()
    if interactions is None:
        return shipped
    return replace(shipped, interactions=MappingProxyType(read_interactions(interactions)))
