"""Merging entities across documents: the keys under which names of one entity meet (an
organisation's name but for its ending, a person's but for a middle initial, a lone surname),
the rules that join them (:func:`merge_entities` on a graph's entities, :func:`merge_summaries`
on a store's), and the corpus view of a triple (:func:`corpus_triple`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kg.lexicon import load_lexicon
from kg.model import Entity, Mention, Triple
from kg.resolve.pronouns import FEMALE_PRONOUNS, MALE_PRONOUNS

__all__ = [
    "merge_entities",
    "merge_summaries",
    "merge_keys",
    "connected_groups",
    "EntitySummary",
    "NameTally",
    "corpus_triple",
    "surname_index",
    "person_surname",
    "legal_form",
    "org_key",
    "person_key",
]

# Words that end a company's name without telling companies apart ("Apple Inc." is Apple).
_CORPORATE_SUFFIXES = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "cos", "group", "holding", "holdings", "plc", "ltd",
     "limited", "llc", "lp", "llp", "sa", "ag", "nv", "spa", "s.p.a", "gmbh", "bv", "ab", "asa", "oyj", "kk", "se"}
)
# The legal forms among them, which may follow the name after a comma ("Orvo Motors, Inc.")
_LEGAL_FORMS = frozenset(
    {"inc", "incorporated", "corp", "co", "plc", "ltd", "limited", "llc", "lp", "llp", "sa", "ag", "nv", "spa", "s.p.a", "gmbh", "bv", "ab", "asa", "oyj", "kk", "se"}
)
_KEY_PUNCT = re.compile(r"\s*([-/])\s*")
_MIDDLE_INITIAL = re.compile(r"^[A-Z]\.?$")


def legal_form(word: str) -> bool:
    """Is ``word`` a company's legal form ("Inc.", "Ltd", "GmbH"), which names no firm alone?

    Example:
        >>> legal_form("Inc."), legal_form("Motors")
        (True, False)
    """
    return word.lower().rstrip(".") in _LEGAL_FORMS


@functools.lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """The key under which organisation names are one: case, dots, a leading "the", spaces
    around hyphens and corporate endings do not count, and a country prefix is written one way
    ("Bank of America Corp." and "Bank of America"; "U.S. Air Force" and "US Air Force").

    Example:
        >>> org_key("JPMorgan Chase & Co.")
        'jpmorgan chase'
    """
    text = _KEY_PUNCT.sub(r"\1", name.casefold().replace(",", " "))
    words = [w.strip(".") for w in text.split()]
    words = [w for w in words if w]
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and (words[-1] in _CORPORATE_SUFFIXES or words[-1] in ("&", "and")):
        words.pop()
    if words:
        country = load_lexicon().country(" ".join(name.split()[: _country_prefix_len(name)])) if _country_prefix_len(name) else None
        if country is not None:
            words = [country.code.lower(), *words[_country_prefix_len(name):]]
    return " ".join(words)


@functools.lru_cache(maxsize=65536)
def _country_prefix_len(name: str) -> int:
    """How many leading words of ``name`` name a country ("U.S. Air Force" -> 1), when more
    words follow; else 0."""
    lex = load_lexicon()
    words = name.split()
    for k in (3, 2, 1):
        if len(words) > k and lex.country(" ".join(words[:k])) is not None:
            return k
    return 0


def person_key(name: str) -> str:
    """A person's name without middle initials ("George W. Bush" -> "george bush")."""
    words = name.split()
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if not _MIDDLE_INITIAL.match(w)), words[-1]]
    return " ".join(words).casefold()


# -- merging across documents ---------------------------------------------------------------
#
# merge_entities joins the document-level entities of a corpus. It runs in two steps: the
# entities of one name are combined (NameTally), then names are joined by the rules of
# merge_summaries. A store adds documents a few at a time, so it keeps one NameTally per name
# and re-merges only the names connected, through merge_keys, to the names it touched.
# Whoever changes a rule of merge_summaries must keep merge_keys in step with it (and the
# property test in tests/test_resolve.py checks that they are).


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """An entity as the merge rules weigh it: the fields of :class:`~kg.model.Entity` without
    the mentions themselves, only their number and whether one begins with "the".

    Attributes:
        name: Canonical name.
        type: Entity type, or None.
        aliases: Surface forms with their counts.
        titles: Titles and roles.
        affiliation: Country or organisation, or None.
        mentions: Number of mentions.
        the_mention: True when a name mention begins with "the" ("the Jordan" is no surname).
        genders: How many of its pronouns are male (M) and female (F).
        notes: Why names were merged into it or kept apart (see :attr:`Entity.notes`).
    """

    name: str
    type: str | None = None
    aliases: tuple[tuple[str, int], ...] = ()
    titles: tuple[str, ...] = ()
    affiliation: str | None = None
    mentions: int = 0
    the_mention: bool = False
    genders: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, entity: Entity) -> EntitySummary:
        """The summary of an entity."""
        the = any(a.lower().startswith("the ") for a, _ in entity.aliases)
        genders: Counter = Counter()
        for m in entity.mentions:
            low = m.text.lower()
            if low in MALE_PRONOUNS:
                genders["M"] += 1
            elif low in FEMALE_PRONOUNS:
                genders["F"] += 1
        return cls(
            entity.name, entity.type, entity.aliases, entity.titles, entity.affiliation, len(entity.mentions), the,
            tuple(sorted(genders.items())), entity.notes,
        )


@dataclass(frozen=True, slots=True)
class NameTally:
    """The entities of one name combined so far, in order: adding one more entity gives what
    combining them all at once gives, without reading the others again.

    Attributes:
        name: The name the entities share (or the name they are merged under).
        count: Entities combined.
        votes: Type votes (mentions per type), in the order the types were first seen.
        aliases: Alias counts, in the order first seen.
        titles: Titles, each once, in the order first seen.
        affiliation: The first affiliation seen.
        mentions: Mentions of all the entities.
        the_mention: Whether any mention begins with "the".
        first_type: The type of the first entity (a full name that came first as a person
            stays a person).
        single: The entity while it is the only one (it then stands as it is).
        genders: Male and female pronouns of all the entities.
        notes: Merge notes of the entities, each once.
    """

    name: str
    count: int = 0
    votes: tuple[tuple[str, int], ...] = ()
    aliases: tuple[tuple[str, int], ...] = ()
    titles: tuple[str, ...] = ()
    affiliation: str | None = None
    mentions: int = 0
    the_mention: bool = False
    first_type: str | None = None
    single: EntitySummary | None = None
    genders: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = ()

    def add(self, entity: EntitySummary) -> NameTally:
        """This tally with one more entity."""
        votes = dict(self.votes)
        if entity.type:
            votes[entity.type] = votes.get(entity.type, 0) + max(1, entity.mentions)
        aliases = dict(self.aliases)
        for alias, n in entity.aliases:
            aliases[alias] = aliases.get(alias, 0) + n
        titles = list(self.titles)
        for t in entity.titles:
            if t not in titles:
                titles.append(t)
        genders = dict(self.genders)
        for g, n in entity.genders:
            genders[g] = genders.get(g, 0) + n
        return NameTally(
            self.name,
            self.count + 1,
            tuple(votes.items()),
            tuple(aliases.items()),
            tuple(titles),
            self.affiliation or entity.affiliation,
            self.mentions + entity.mentions,
            self.the_mention or entity.the_mention,
            self.first_type if self.count else entity.type,
            entity if self.count == 0 else None,
            tuple(sorted(genders.items())),
            tuple(dict.fromkeys((*self.notes, *entity.notes))),
        )

    def summary(self) -> EntitySummary:
        """The combined entity: the type by vote (a full name that came first as a person stays
        a person), aliases most frequent first."""
        if self.single is not None and self.count == 1 and self.single.name == self.name:
            return self.single
        votes = dict(self.votes)
        if self.first_type == "PERSON" and len(self.name.split()) > 1:
            votes["PERSON"] = votes.get("PERSON", 0) + 1000  # the full-name person's type stands
        # the first type with the most votes (as Counter.most_common)
        typ = max(votes.items(), key=lambda kv: kv[1])[0] if votes else None
        aliases = tuple(sorted(self.aliases, key=lambda x: (-x[1], x[0])))
        return EntitySummary(self.name, typ, aliases, self.titles, self.affiliation, self.mentions, self.the_mention, self.genders, self.notes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, without the name (a store keeps one tally per name)."""
        s = self.single
        extra: dict[str, Any] = {}
        if self.genders:
            extra["genders"] = [list(g) for g in self.genders]
        if self.notes:
            extra["notes"] = list(self.notes)
        if s is not None and self.count == 1:
            return {"single": [s.name, s.type, [list(a) for a in s.aliases], list(s.titles), s.affiliation, s.mentions, s.the_mention], **extra}
        return {
            **extra,
            "count": self.count,
            "votes": [list(v) for v in self.votes],
            "aliases": [list(a) for a in self.aliases],
            "titles": list(self.titles),
            "affiliation": self.affiliation,
            "mentions": self.mentions,
            "the": self.the_mention,
            "first_type": self.first_type,
        }

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> NameTally:
        """The tally :meth:`to_dict` wrote for ``name``."""
        s = data.get("single")
        genders = tuple((str(g), int(n)) for g, n in data.get("genders", ()))
        notes = tuple(str(n) for n in data.get("notes", ()))
        if s is not None:
            single = EntitySummary(s[0], s[1], tuple((str(a), int(n)) for a, n in s[2]), tuple(s[3]), s[4], int(s[5]), bool(s[6]), genders, notes)
            return cls(name).add(single)
        return cls(
            name,
            int(data["count"]),
            tuple((str(t), int(n)) for t, n in data["votes"]),
            tuple((str(a), int(n)) for a, n in data["aliases"]),
            tuple(data["titles"]),
            data.get("affiliation"),
            int(data["mentions"]),
            bool(data["the"]),
            data.get("first_type"),
            None,
            genders,
            notes,
        )


def merge_entities(entities: Iterable[Entity]) -> tuple[dict[str, Entity], dict[str, str]]:
    """Merge document-level entities across documents.

    Entities merge when they have the same name, or names that differ only in case; an
    organisation whose name differs only in its corporate ending, dots or country prefix
    ("Apple Inc." and "Apple"); a person whose names differ only in a middle initial ("George
    W. Bush" and "George Bush"); an acronym that is an alias of exactly one entity ("EU"). A
    lone surname ("Mattis") joins the full name ending in it ("Jim Mattis") when it is the only
    such full name in the corpus or, among several, the one the surname's honorific gender,
    titles and affiliation fit clearly better; otherwise the surname stays apart. Every
    merge, and every surname kept apart, is noted in the entities' ``notes`` (shown by ``kg
    show``). See :func:`merge_summaries`.

    Returns:
        The merged entities by name, and a map from every merged-away name to its new name.
    """
    tallies: dict[str, NameTally] = {}
    mentions: dict[str, list[Mention]] = {}
    for e in entities:
        tally = tallies.get(e.name)
        tallies[e.name] = (tally if tally is not None else NameTally(e.name)).add(EntitySummary.of(e))
        mentions.setdefault(e.name, []).extend(e.mentions)

    def moved(name: str, target: str) -> None:
        mentions[target].extend(mentions.pop(name))

    merged, renames = merge_summaries((t.summary() for t in tallies.values()), on_move=moved)
    out = {
        name: Entity(s.name, s.type, s.aliases, s.titles, s.affiliation, tuple(mentions[name]), s.notes)
        for name, s in merged.items()
    }
    return out, renames


def merge_summaries(
    summaries: Iterable[EntitySummary], on_move: Callable[[str, str], None] | None = None
) -> tuple[dict[str, EntitySummary], dict[str, str]]:
    """The rules of :func:`merge_entities`, on summaries (what a store keeps of each name).

    In order: names that differ only in case are one; organisations whose names differ only
    in a corporate ending, dots or a country prefix (:func:`org_key`); people whose names
    differ only in a middle initial (:func:`person_key`); an acronym that is an alias of
    exactly one other entity joins it; so does a one-word organisation name that is the alias
    (and first word) of exactly one longer organisation name; a lone surname joins the one full-name person ending in
    it, or among several the one its gender, titles and affiliation fit clearly better. The
    order of ``summaries`` decides ties, as the order of documents does in
    :func:`merge_entities`. Each merge leaves a note on the entity it went into, and a surname
    kept apart a note on itself.

    Args:
        summaries: Entity summaries; several of one name are combined first.
        on_move: Called with (name, target) each time a name is merged into another.

    Returns:
        The merged summaries by name, and a map from every merged-away name to its new name.
    """
    by_name: dict[str, list[EntitySummary]] = defaultdict(list)
    for e in summaries:
        by_name[e.name].append(e)
    merged = {name: _combine(name, group) for name, group in by_name.items()}
    renames: dict[str, str] = {}
    notes: dict[str, list[str]] = defaultdict(list)

    def move(name: str, target: str, why: str) -> None:
        renames[name] = target
        notes[target].append(f"{name!r} merged: {why}")
        notes[target].extend(notes.pop(name, ()))
        merged[target] = _combine(target, [merged[target], merged.pop(name)])
        if on_move is not None:
            on_move(name, target)

    def join(groups: Iterable[list[str]], why: str) -> None:
        for names in groups:
            names = [n for n in names if n in merged]
            if len(names) > 1:
                # the most mentioned form names them, then one not in capitals, then the shortest
                target = max(names, key=lambda n: (merged[n].mentions, not n.isupper(), -len(n), n))
                for name in names:
                    if name != target:
                        move(name, target, why)

    # names that differ only in case ("LONDON" in a dateline, "London" in the text) are one
    by_fold: dict[str, list[str]] = defaultdict(list)
    for name in merged:
        by_fold[name.casefold()].append(name)
    join(by_fold.values(), "the same name in other letter case")
    by_org: dict[str, list[str]] = defaultdict(list)
    by_person: dict[str, list[str]] = defaultdict(list)
    for name, e in merged.items():
        if e.type == "PERSON":
            if len(name.split()) > 2:
                by_person[person_key(name)].append(name)
        elif e.type != "GROUP":
            by_org[org_key(name)].append(name)
    for name, e in merged.items():
        if e.type == "PERSON" and len(name.split()) == 2 and person_key(name) in by_person:
            by_person[person_key(name)].append(name)
    join(by_org.values(), "the same organisation name but for its ending, dots or country prefix")
    join(by_person.values(), "the same person name but for a middle initial")
    # an acronym that is an alias of exactly one other entity ("EU" beside "European Union",
    # written "European Union (EU)" elsewhere) is that entity
    by_alias: dict[str, set[str]] = defaultdict(set)
    for name, e in merged.items():
        for alias, _ in e.aliases:
            if alias != name:
                by_alias[alias].add(name)
    for name in list(merged):
        if name in merged and _acronym_shaped(name):
            owners = by_alias.get(name, set()) - {name}
            if len(owners) == 1:
                target = next(iter(owners))
                if target in merged:
                    move(name, target, f"an acronym written as an alias of {target!r}")
    # a one-word organisation name that is the short name of exactly one longer organisation
    # in the corpus, written as its alias where both stand ("Ford ... Ford Motor Company ...
    # Ford" in one article), is that organisation
    for name in list(merged):
        if name not in merged or " " in name or merged[name].type not in _ORG_TYPES:
            continue
        owners = {
            o for o in by_alias.get(name, set()) - {name}
            if o in merged and merged[o].type in _ORG_TYPES and _short_form_of(name, o)
        }
        if len(owners) == 1:
            owner = next(iter(owners))
            join([[name, owner]], f"a short name written as an alias of {owner!r}")
    # a one-word organisation name that starts exactly one longer organisation name of the
    # corpus, one that only adds a company's ending ("Ford" and "Ford Motor Company") or is
    # an institution's "of" ("House" and "House of Representatives"), is it
    for name in list(merged):
        if name not in merged or " " in name or merged[name].type not in _ORG_TYPES:
            continue
        owners = [o for o in merged if o != name and merged[o].type in _ORG_TYPES and _short_form_of(name, o)]
        if len(owners) == 1 and (_company_form_of(name, owners[0]) or _institution_form_of(name, owners[0])):
            join([[name, owners[0]]], f"the one organisation whose name it starts, with a company's ending or an 'of': {owners[0]!r}")
    _merge_surnames(merged, move, notes)
    # a name merged into one that was merged on in turn ends at the last
    for name, target in renames.items():
        seen = {name}
        while target in renames and target not in seen:
            seen.add(target)
            target = renames[target]
        renames[name] = target
    for name, lines in notes.items():
        if name in merged and lines:
            e = merged[name]
            merged[name] = replace(e, notes=tuple(dict.fromkeys((*e.notes, *lines))))
    return merged, renames


def _gender_of(e: EntitySummary) -> str | None:
    """M or F from an entity's honorifics, pronouns and first name ("Mr Blair", "she"), when
    they agree."""
    lex = load_lexicon()
    votes: Counter = Counter(dict(e.genders))
    for alias, n in e.aliases:
        words = alias.split()
        found = lex.title(words[0]) if words else None
        if found is not None and found[0]:
            votes[found[0]] += n
    if len(e.name.split()) > 1:
        g = lex.name_gender(e.name.split()[0])
        if g:
            votes[g] += 3
    if not votes:
        return None
    (best, n), *rest = votes.most_common()
    return best if not rest or n > 2 * rest[0][1] else None


def _merge_surnames(merged: dict[str, EntitySummary], move: Callable[[str, str, str], None], notes: dict[str, list[str]]) -> None:
    """A lone surname joins the one full name that ends in it, or the one that its gender,
    titles and affiliation fit clearly better than the others."""
    lex = load_lexicon()
    by_last: dict[str, list[str]] = defaultdict(list)
    for name, e in merged.items():
        if e.type == "PERSON" and len(name.split()) > 1:
            by_last[name.split()[-1]].append(name)
    for name, e in list(merged.items()):
        if name not in merged or len(name.split()) != 1 or e.type not in ("PERSON", "ORG", "GPE", "NORP", "ACTOR", None):
            continue
        if e.type != "PERSON" and (lex.country(name) is not None or lex.capital_country(name) is not None):
            continue  # the country Jordan is not Ali Jordan
        if e.the_mention:
            continue  # "the Jordan" is no surname
        full = [f for f in by_last.get(name, []) if f in merged]
        if not full:
            continue
        if len(full) == 1:
            move(name, full[0], "the only person in the corpus with that surname")
            continue
        scored = sorted(((_surname_fit(e, merged[f]), f) for f in full), key=lambda x: (-x[0], x[1]))
        (best, target), (second, _) = scored[0], scored[1]
        if best >= 2 and best - second >= 2:
            move(name, target, f"of the people named {name}, the one its gender, titles and affiliation fit")
        else:
            shown = ", ".join(repr(f) for _, f in scored[:4])
            notes[name].append(f"kept apart from {shown}: the surname fits more than one person")


def _surname_fit(short: EntitySummary, full: EntitySummary) -> float:
    """How well a lone surname's mentions fit a full-name person."""
    score = 0.0
    g1, g2 = _gender_of(short), _gender_of(full)
    if g1 and g2:
        score += 2 if g1 == g2 else -5
    t1 = {w.lower() for t in short.titles for w in t.split()}
    t2 = {w.lower() for t in full.titles for w in t.split()}
    if t1 & t2:
        score += 2
    if short.affiliation and full.affiliation:
        score += 2 if short.affiliation == full.affiliation else -2
    return score


# the types a short organisation name may join
_ORG_TYPES = frozenset({"ORG", "ACTOR"})


def merge_keys(entity: Entity | EntitySummary) -> frozenset[str]:
    """The keys under which :func:`merge_entities` may join ``entity`` with another.

    Entities that share a key are connected; a key that begins with "~" is weak: it connects
    its holders only to the entities holding the same key without the "~" (and through them
    to one another). Entities that are not connected, directly or through a chain, are never
    merged: the result on a set of entities is the union of the results on its connected
    groups, so a store merges again only the groups its new documents touch. A full name is
    connected to a lone surname ("Mattis"), and so to the other full names of that surname,
    but full names alone are not connected by their surname: no rule joins two full names.

    Keep this in step with :func:`merge_summaries`: a rule that joins entities on anything
    else must add its key here (tests/test_resolve.py checks the two against each other).

    Example:
        >>> sorted(merge_keys(Entity("Jim Mattis", "PERSON")))
        ['name:jim mattis', 'org:jim mattis', '~person:jim mattis', '~surname:mattis']
    """
    name = entity.name
    keys = {"name:" + name.casefold()}  # the same name, in any case
    if entity.type != "GROUP":
        keys.add("org:" + org_key(name))  # an organisation but for its ending, dots, country prefix
    words = name.split()
    if entity.type == "PERSON" and len(words) > 1:
        # a person but for a middle initial: the name with the initial holds the key, the one
        # without it only reaches it
        keys.add(("person:" if len(words) > 2 else "~person:") + person_key(name))
    if _acronym_shaped(name):
        keys.add("acronym:" + name)
    acronym_alias = False
    for alias, _ in entity.aliases:
        if alias != name and _acronym_shaped(alias):
            keys.add("acronym:" + alias)  # an acronym joins the one entity that has it as an alias
            acronym_alias = True
    words = name.split()
    for alias, _ in entity.aliases:
        if alias != name and " " not in alias and _short_form_of(alias, name):
            keys.add("short:" + alias)  # the organisation whose short name it is ("Ford Motor Company")
    k = _country_prefix_len(name)
    if entity.type != "GROUP" and len(words) > k + 1:
        keys.add("~short:" + words[k])  # reached by a lone "Ford", which it may be
    if len(words) == 1:
        keys.add("surname:" + name.casefold())  # a lone surname
        keys.add("short:" + name)  # a short organisation name ("Ford")
    elif words and (entity.type == "PERSON" or acronym_alias):
        # a full-name person (an acronym merged in may make a name a person), found by the
        # lone surname: no rule joins it to the other full names of that surname by itself
        keys.add("~surname:" + words[-1].casefold())
    return frozenset(keys)


# the last words of a company's full name ("Ford Motor Company", "Fiat Group SpA")
_COMPANY_ENDINGS = frozenset({"company", "corporation", "corp", "inc", "co", "group", "plc", "ltd", "llc", "sa", "spa", "ag", "gmbh", "holdings", "nv", "se"})


def _company_form_of(short: str, name: str) -> bool:
    """Is ``name`` the short name ``short`` with a company's ending ("Ford Motor Company",
    not "Boeing Commercial Airplanes", a unit of Boeing)?"""
    last = name.split()[-1].strip(".,").casefold()
    return _short_form_of(short, name) and last in _COMPANY_ENDINGS


# institutions named by the word before their "of" ("the House" of Representatives)
_INSTITUTION_HEADS = frozenset({"house", "bank", "court", "council", "chamber", "congress", "parliament", "assembly", "ministry", "department"})


def _institution_form_of(short: str, name: str) -> bool:
    """Is ``name`` the institution ``short`` with its "of" phrase ("House of Representatives",
    "Bank of England")?"""
    return short.casefold() in _INSTITUTION_HEADS and head_before_of(name) == short


def head_before_of(name: str) -> str | None:
    """The word before "of" in an institution's name, a country before it aside ("House" of
    "United States House of Representatives", "Bank" of "Bank of England"), or None."""
    words = name.split()
    k = _country_prefix_len(name)
    return words[k] if len(words) > k + 2 and words[k + 1] == "of" else None


def _short_form_of(short: str, name: str) -> bool:
    """Is the one word ``short`` the first word of the longer organisation name ``name``, a
    country before it counting for nothing ("Ford" of "Ford Motor Company", "Treasury" of
    "U.S. Treasury Department")?"""
    words = name.split()
    k = _country_prefix_len(name)
    return len(words) > k + 1 and words[k] == short


def connected_groups(keys: Sequence[frozenset[str]]) -> list[list[int]]:
    """The groups of items connected by shared :func:`merge_keys` (weak keys connect only
    through the same key held strong), each as item positions in order.

    Example:
        >>> connected_groups([frozenset({"~surname:kim"}), frozenset({"~surname:kim"}), frozenset({"surname:kim"})])
        [[0, 1, 2]]
    """
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, ks in enumerate(keys):
        for k in ks:
            strong, weak = holders[k.lstrip("~")]
            (weak if k.startswith("~") else strong).append(i)
    for strong, weak in holders.values():
        if strong:
            for j in strong[1:] + weak:
                parent[find(j)] = find(strong[0])
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        groups[find(i)].append(i)
    return list(groups.values())


def _acronym_shaped(name: str) -> bool:
    return name.isupper() and 2 <= len(name) <= 6 and " " not in name


def _combine(name: str, group: Sequence[EntitySummary]) -> EntitySummary:
    tally = NameTally(name)
    for e in group:
        tally = tally.add(e)
    return tally.summary()


# -- the corpus view of a triple ------------------------------------------------------------------


def person_surname(name: str, entity_type: str | None) -> str | None:
    """The key under which a full-name person is found by surname ("jim mattis" -> "mattis"),
    or None for any other entity."""
    parts = name.split()
    return parts[-1].lower() if entity_type == "PERSON" and len(parts) > 1 else None


def surname_index(types: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Full-name persons by lower-cased surname, from entity types by canonical name."""
    surnames: dict[str, list[str]] = defaultdict(list)
    for name, typ in types.items():
        key = person_surname(name, typ)
        if key is not None:
            surnames[key].append(name)
    return surnames


def corpus_triple(
    t: Triple, types: Mapping[str, str | None], renames: Mapping[str, str], surnames: Mapping[str, Sequence[str]]
) -> Triple:
    """A document-level triple as the corpus view shows it: names merged across documents.

    A surname the parser did not take for a name ("Ruiz later criticised Chile") is a plain,
    lower-cased node; written capitalised, it joins the one person of that surname. Merged-away
    names take their new names, and renamed arguments the type of their entity.

    Args:
        t: The triple as analysed in its document.
        types: Entity type by canonical name, for every merged entity the triple may name.
        renames: Merged-away name -> canonical name (from :func:`merge_entities`).
        surnames: Full-name persons by lower-cased surname (:func:`surname_index`).
    """

    def person_for(name: str, text: str) -> str | None:
        if name in types or " " in name or not text[:1].isupper():
            return None
        found = surnames.get(name.lower(), ())
        return found[0] if len(found) == 1 else None

    def rn(name: str | None) -> str | None:
        return renames.get(name, name) if name is not None else None

    subject_person = person_for(t.subject, t.subject_text)
    object_person = None if t.object_is_clause else person_for(t.object, t.object_text)
    if subject_person or object_person:
        t = replace(
            t,
            subject=subject_person or t.subject,
            subject_type="PERSON" if subject_person else t.subject_type,
            object=object_person or t.object,
            object_type="PERSON" if object_person else t.object_type,
        )
    if t.subject in renames or t.object in renames or t.attributed_to in renames:
        t = replace(t, subject=rn(t.subject), object=rn(t.object), attributed_to=rn(t.attributed_to))
        if t.subject in types:
            t = replace(t, subject_type=types[t.subject])
        if t.object in types and not t.object_is_clause:
            t = replace(t, object_type=types[t.object])
    return t
