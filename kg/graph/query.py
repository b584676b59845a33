"""Query rules shared by the in-memory graph (:class:`kg.graph.graph.KnowledgeGraph`) and the store
(:class:`kg.graph.store.Store`), so that both answer alike.

Pure functions only: how a name given by a user finds canonical names, how the relation,
interaction and date filters read their arguments, what the evidence record of an edge and
the networkx views hold, and the shape of ``stats()``. The graph answers from Python
dictionaries, the store from SQL tables; the rules are these.
"""

from __future__ import annotations

import datetime
import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg import dates
from kg.errors import EntityNotFound, KgError
from kg.model import Entity, Mention, Triple

__all__ = [
    "COOPERATION",
    "CONFLICT",
    "NameAnswers",
    "NodeInfo",
    "TripleFilter",
    "index_keys",
    "match_names",
    "title_keys",
    "suggest_names",
    "relation_filter",
    "interaction_classes",
    "check_walk",
    "walk",
    "by_weight",
    "date_bounds",
    "date_range",
    "edge_evidence",
    "plain_entity",
    "relation_graph",
    "interaction_graph",
    "pagerank",
    "stats_record",
]

#: Interaction classes that ``interaction="cooperation"`` selects.
COOPERATION = ("verbal cooperation", "material cooperation")
#: Interaction classes that ``interaction="conflict"`` selects.
CONFLICT = ("verbal conflict", "material conflict")



# -- names ------------------------------------------------------------------------------------------


def index_keys(name: str) -> list[str]:
    """The keys a name or alias is found under: lower case with spaces normalised, and the same
    without dots ("u.s." and "us" both find "U.S.")."""
    key = " ".join(name.split()).lower()
    bare = key.replace(".", "")
    return [key, bare] if bare != key and bare else [key]


def match_names(
    name: str, lookup: Callable[[str], set[str]], words: Callable[[str], set[str]], titles: Callable[[str], set[str]] | None = None
) -> set[str]:
    """The canonical names that ``name`` may mean.

    Tried in turn: the name or alias in any case (a name given in full wins over the aliases
    of other entities, and a capitalised one over a lower-case noun phrase), without "the" or dots, one word of a multi-word name ("mattis" ->
    "Jim Mattis"), a country by any of its names ("UK"), the name after an honorific or title
    ("Mr Pembroke"), a title an entity holds ("Defense Secretary").

    Args:
        name: What the user typed.
        lookup: Canonical names found under an index key (see :func:`index_keys`).
        words: Canonical names that have this word (lower case) in a multi-word key.
        titles: Canonical names holding this title (see :func:`title_keys`), if the graph
            keeps them.
    """
    key = " ".join(name.split()).lower()
    found = lookup(key)
    if found:
        if len(found) > 1:
            typed = " ".join(name.split())
            exact = [n for n in found if n == typed]
            if len(exact) == 1:
                return set(exact)
            proper = [n for n in found if n != n.lower()]
            if typed != typed.lower() and proper and len(proper) < len(found):
                return set(proper)  # a capitalised name means named entities, not a noun phrase ("Jobs", not "jobs")
            exact = [n for n in found if n.lower() == key]
            if len(exact) == 1:
                return set(exact)
        return set(found)
    for variant in (key[4:] if key.startswith("the ") else None, key.replace(".", "")):
        if variant:
            hits = lookup(variant)
            if hits:
                return set(hits)
    if " " not in key:
        hits = words(key)
        if hits:
            return set(hits)
    from kg.lexicon import load_lexicon

    lex = load_lexicon()
    country = lex.country(name)
    if country is not None:
        hits = lookup(country.name.lower())
        if hits:
            return set(hits)
    parts = key.split()
    if len(parts) > 1 and lex.title(parts[0]):
        found = match_names(" ".join(name.split()[1:]), lookup, words, titles)
        if found:
            return found
    return set(titles(key.replace(".", ""))) if titles is not None else set()


def title_keys(title: str) -> list[str]:
    """The keys an entity holding ``title`` is found under: the title, and each ending of it
    of two words or more, lower case without dots ("u.s. defense secretary" -> "us defense
    secretary", "defense secretary")."""
    words = title.lower().replace(".", "").split()
    return [" ".join(words[k:]) for k in range(len(words)) if k == 0 or len(words) - k >= 2]


class NameAnswers:
    """What a graph answers about names, from its own :meth:`_match_names` and
    :meth:`_suggest` (the in-memory graph from dictionaries, the store from SQL)."""

    #: How messages name the graph ("the graph", "the store news.kgdb").
    where = "the graph"

    def _match_names(self, name: str) -> set[str]:  # pragma: no cover - each graph has its own
        raise NotImplementedError

    def _suggest(self, name: str) -> str:  # pragma: no cover - each graph has its own
        raise NotImplementedError

    def resolve_name(self, name: str) -> str:
        """The canonical name that ``name`` refers to.

        Raises:
            EntityNotFound: No entity matches, or the name is ambiguous.
        """
        names = self._match_names(name)
        if len(names) == 1:
            return next(iter(names))
        if not names:
            raise EntityNotFound(self.unknown_name_message(name))
        raise EntityNotFound(f"{name!r} is ambiguous: it matches {', '.join(sorted(names)[:8])}; give the full name")

    def known(self, name: str) -> bool:
        """Whether ``name`` matches any entity or node (through aliases, any case)."""
        return bool(self._match_names(name))

    def unknown_name_message(self, name: str) -> str:
        """A message for a name that matches nothing, with the closest names."""
        return f"no entity named {name!r} in {self.where}{self._suggest(name)}"


def suggest_names(name: str, keys: Iterable[str], names_of: Callable[[str], Iterable[str]]) -> str:
    """"; did you mean ..." with up to three names close to ``name``, or ``""``."""
    close = difflib.get_close_matches(name.lower(), list(keys), n=3, cutoff=0.6)
    if not close:
        return ""
    names = sorted({n for c in close for n in names_of(c)})
    return f"; did you mean {', '.join(repr(n) for n in names[:3])}?"


# -- filters ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TripleFilter:
    """The conditions of :meth:`kg.graph.graph.KnowledgeGraph.query` as one value (what ``kg html``
    and ``kg serve`` draw). Every field None means every triple.

    Attributes:
        subject: Subject name or alias.
        relation: Normalised relation; "not meet" for the negated ones.
        object: Object name or alias.
        entity_type: Subject or object of this entity type.
        interaction: Interaction class, or "cooperation" / "conflict".
        min_count: Only relations stated at least this often.
        doc_id: Only triples of this document.
        since: Only triples whose date overlaps this day or later.
        until: Only triples whose date overlaps this day or earlier.
    """

    subject: str | None = None
    relation: str | None = None
    object: str | None = None
    entity_type: str | None = None
    interaction: str | None = None
    min_count: int | None = None
    doc_id: str | None = None
    since: str | None = None
    until: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f) is not None for f in self.__slots__)

    def kwargs(self) -> dict[str, Any]:
        """The conditions as keyword arguments of ``query`` and ``filtered`` (the given ones)."""
        return {f: getattr(self, f) for f in self.__slots__ if getattr(self, f) is not None}



def relation_filter(relation: str) -> tuple[str, bool | None]:
    """The relation to look for (lower case) and whether it must be negated: "not meet", the
    label tables and pages show, finds the negated triples of "meet"."""
    rel = " ".join(relation.split()).lower()
    if rel.startswith("not "):
        return rel[4:], True
    return rel, None


def interaction_classes(interaction: str) -> tuple[str, ...]:
    """The interaction classes an ``interaction`` filter selects.

    Raises:
        KgError: Not a class, nor "cooperation" or "conflict".
    """
    want = " ".join(interaction.split()).lower()
    if want == "cooperation":
        return COOPERATION
    if want == "conflict":
        return CONFLICT
    if want in (*COOPERATION, *CONFLICT, "neutral"):
        return (want,)
    raise KgError(f"unknown interaction {interaction!r}: use cooperation, conflict, neutral, " + ", ".join(COOPERATION + CONFLICT))


def check_walk(direction: str, depth: int) -> None:
    """Refuse a ``neighbors`` direction or depth that means nothing.

    Raises:
        KgError: The direction is not "both", "out" or "in", or the depth is below 1.
    """
    if direction not in ("both", "out", "in"):
        raise KgError(f"direction must be 'both', 'out' or 'in', not {direction!r}")
    if depth < 1:
        raise KgError("depth must be 1 or more")


def walk(
    start: str | Sequence[str],
    depth: int,
    nearest: Callable[[list[str]], Iterable[str]],
    *,
    limit: int | None = None,
    keep: Callable[[list[str]], list[str]] | None = None,
) -> list[str]:
    """The names within ``depth`` steps of ``start``, nearest first.

    Args:
        start: The canonical name (or names) to start from; they are not in the answer.
        depth: How many steps.
        nearest: The neighbours of a list of names, most related first (by the number of
            relations with the names, then by name): see :func:`by_weight`.
        limit: Stop once this many names are found (the nearest ones, the most related first).
        keep: Of each step's names, the ones to keep and go on from (the others are neither
            answered nor walked through); all when None.
    """
    frontier = [start] if isinstance(start, str) else list(start)
    seen = set(frontier)
    order: list[str] = []
    for _ in range(depth):
        frontier = [v for v in nearest(frontier) if v not in seen]
        if keep is not None:
            frontier = keep(frontier)
        if limit is not None:
            frontier = frontier[: max(limit - len(order), 0)]
        seen.update(frontier)
        order += frontier
        if not frontier or (limit is not None and len(order) >= limit):
            break
    return order


def by_weight(weights: Mapping[str, int]) -> list[str]:
    """Names by weight, the heaviest first, then by name."""
    return [v for v, _ in sorted(weights.items(), key=lambda x: (-x[1], x[0]))]


def date_bounds(date: str) -> tuple[str, str]:
    """The first and last day an ISO date as precise as known covers: "2009" ->
    ("2009-01-01", "2009-12-31"), "2009-W06" -> ("2009-02-02", "2009-02-08") (read by
    :func:`kg.dates.date_range`).

    Raises:
        KgError: Not an ISO date of year, month, week or day precision.
    """
    try:
        first, last = dates.date_range(date.strip() if isinstance(date, str) else date)
    except (ValueError, AttributeError):
        raise KgError(f"{date!r} is not a date: write it as YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD (2009, 2009-02, 2009-W06, 2009-02-03)") from None
    return first.isoformat(), last.isoformat()


def date_range(since: str | datetime.date | None, until: str | datetime.date | None) -> tuple[str, str] | None:
    """The days a ``since``/``until`` filter covers (either end may be open), or None for no
    filter. A triple is kept when its own date range overlaps this one; undated triples are
    left out when a range is given (the rule of :func:`kg.dates.overlaps`).

    Raises:
        KgError: A bound is no date, or ``since`` is after ``until``.
    """
    if since is None and until is None:
        return None
    lo_day = dates.parse_bound(since, name="since")
    hi_day = dates.parse_bound(until, end=True, name="until")
    lo = lo_day.isoformat() if lo_day is not None else "0000-01-01"
    hi = hi_day.isoformat() if hi_day is not None else "9999-12-31"
    if lo > hi:
        raise KgError(f"since ({since}) is after until ({until}): nothing can lie between them")
    return lo, hi


# -- records and views ------------------------------------------------------------------------------


def edge_evidence(t: Triple) -> dict[str, Any]:
    """The evidence record an edge of the networkx views keeps for one triple."""
    ev = t.evidence.to_dict()
    ev.update(
        relation_text=t.relation_text,
        subject_text=t.subject_text,
        object_text=t.object_text,
        confidence=t.confidence,
    )
    if t.modality:
        ev["modality"] = t.modality
    if t.attributed_to:
        ev["attributed_to"] = t.attributed_to
    if t.conditional:
        ev["conditional"] = True
    if t.date:
        ev["date"] = t.date
        ev["date_source"] = t.date_source
    return ev


def plain_entity(name: str, triples: Iterable[Triple]) -> Entity:
    """A node that is no named entity ("counterparts", "the deal"), as an entity: its mentions
    are the evidence of the triples (in order) that have it as subject or object."""
    mentions = []
    types: Counter = Counter()
    for t in triples:
        if t.subject == name:
            mentions.append(Mention(t.subject_text, t.evidence.start, t.evidence.end, t.evidence))
            types[t.subject_type] += 1
        elif t.object == name:
            mentions.append(Mention(t.object_text, t.evidence.start, t.evidence.end, t.evidence))
            types[t.object_type] += 1
    aliases = Counter(m.text for m in mentions)
    return Entity(
        name,
        types.most_common(1)[0][0] if types else None,
        tuple(sorted(aliases.items(), key=lambda x: (-x[1], x[0]))),
        mentions=tuple(mentions),
    )


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What a node of the networkx views shows of a named entity.

    Attributes:
        type: Entity type, or None.
        mentions: Number of mentions.
        aliases: Surface forms with their counts.
        titles: Titles and roles.
        affiliation: Country or organisation, or None.
        docs: Ids of the documents that mention it.
    """

    type: str | None
    mentions: int
    aliases: tuple[tuple[str, int], ...]
    titles: tuple[str, ...]
    affiliation: str | None
    docs: frozenset[str]

    @classmethod
    def of(cls, e: Entity) -> NodeInfo:
        mentions = len(e.mentions) or sum(n for _, n in e.aliases)
        return cls(e.type, mentions, e.aliases, e.titles, e.affiliation, frozenset(m.evidence.doc_id for m in e.mentions))


def relation_graph(triples: Iterable[Triple], entities: Mapping[str, NodeInfo], limit: int | None = None) -> nx.MultiDiGraph:
    """The graph of relations: one node per entity or phrase, one edge per distinct (subject,
    relation label, object) with its count, best confidence and every evidence record.

    Args:
        triples: Triples in corpus order (clause objects are left out).
        entities: What to show of the named entities among the nodes.
        limit: Keep at most this many evidence records per edge (the first ones) and document
            ids per node; then each edge also has ``dates``, a Counter of the dates of all its
            triples (what a page's timeline reads), and a node whose documents were cut has
            ``docs_more`` set. None keeps everything.
    """
    g = nx.MultiDiGraph()
    mention_counts: Counter = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    types: dict[str, Counter] = defaultdict(Counter)
    for t in triples:
        if t.object_is_clause:
            continue
        times = getattr(t, "n", 1)  # (a row of a store may stand for n triples alike)
        for name, typ in ((t.subject, t.subject_type), (t.object, t.object_type)):
            if limit is None or len(docs[name]) < limit:
                docs[name].add(t.evidence.doc_id)
            if typ:
                types[name][typ] += times
            if name not in entities:
                mention_counts[name] += times
        key = t.label
        if g.has_edge(t.subject, t.object, key):
            data = g.edges[t.subject, t.object, key]
            data["count"] += times
            data["confidence"] = max(data["confidence"], t.confidence)
            if limit is None or len(data["evidence"]) < limit:
                data["evidence"].append(edge_evidence(t))
            if limit is not None and t.date:
                data["dates"][t.date] += times
        else:
            if t.subject not in g:
                g.add_node(t.subject)
            if t.object not in g:
                g.add_node(t.object)
            g.add_edge(
                t.subject,
                t.object,
                key=key,
                kind=t.kind,
                relation=t.relation,
                label=key,
                negated=t.negated,
                count=times,
                confidence=t.confidence,
                interaction=t.interaction,
                intensity=t.intensity,
                evidence=[edge_evidence(t)] if limit != 0 else [],
            )
            if limit is not None:
                g.edges[t.subject, t.object, key]["dates"] = Counter({t.date: times} if t.date else {})
    for name in g.nodes:
        e = entities.get(name)
        data = g.nodes[name]
        data["label"] = name
        if e is not None:
            data["type"] = e.type
            data["mentions"] = e.mentions
            data["aliases"] = dict(e.aliases)
            data["titles"] = list(e.titles)
            data["affiliation"] = e.affiliation
            shown = e.docs | docs[name]
            if limit is not None and len(shown) > limit:
                shown = set(sorted(shown)[:limit])
                if limit:
                    data["docs_more"] = True
            data["docs"] = sorted(shown)
        else:
            data["type"] = types[name].most_common(1)[0][0] if types[name] else None
            data["mentions"] = mention_counts[name]
            data["aliases"] = {}
            data["titles"] = []
            data["affiliation"] = None
            data["docs"] = sorted(docs[name])
    return g


def interaction_graph(
    triples: Iterable[Triple],
    node: Callable[[str], dict[str, Any]],
    directed: bool = False,
    affiliations: bool = False,
    limit: int | None = None,
) -> nx.Graph:
    """The weighted graph of interactions among actors (see
    :meth:`kg.graph.graph.KnowledgeGraph.interactions`).

    Args:
        triples: Triples in corpus order; those without an interaction class are left out.
        node: The attributes of a node, by name.
        directed: One edge per direction instead of one per pair.
        affiliations: Also the ``member of`` edges (``kind`` "affiliation", no class) of two
            actors that do not interact.
        limit: Keep at most this many evidence records per edge (the first ones); then each
            edge also has ``dates``, a Counter of the dates of all its triples. None keeps all.
    """
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    triples = list(triples)
    for t in triples:
        if t.interaction is None or t.object_is_clause:
            continue
        times = getattr(t, "n", 1)  # (a row of a store may stand for n triples alike)
        u, v = t.subject, t.object
        if not g.has_edge(u, v):
            for n in (u, v):
                if n not in g:
                    g.add_node(n, **node(n))
            g.add_edge(u, v, weight=0, classes=Counter(), relations=Counter(), evidence=[], _intensity=0.0)
        data = g.edges[u, v]
        data["weight"] += times
        data["classes"][t.interaction] += times
        data["relations"][t.label] += times
        data["_intensity"] += (t.intensity or 0.0) * times
        if limit is None or len(data["evidence"]) < limit:
            ev = edge_evidence(t)
            # an undirected edge has no "from": each sentence keeps who did what to whom
            ev.update(subject=t.subject, relation=t.label, object=t.object)
            data["evidence"].append(ev)
        if limit is not None:
            dates = data.setdefault("dates", Counter())
            if t.date:
                dates[t.date] += times
    for _, _, data in g.edges(data=True):
        data["intensity"] = round(data.pop("_intensity") / data["weight"], 3)
        data["classes"] = dict(data["classes"])
        data["relations"] = dict(data["relations"])
    if affiliations:
        for t in triples:
            if t.kind != "affiliation":
                continue
            u, v = t.subject, t.object
            if g.has_edge(u, v) and g.edges[u, v].get("kind") != "affiliation":
                continue  # they interact: that edge says more
            for n in (u, v):
                if n not in g:
                    g.add_node(n, **node(n))
            if not g.has_edge(u, v):
                g.add_edge(u, v, kind="affiliation", weight=0, classes={}, relations={}, evidence=[], intensity=None)
            data = g.edges[u, v]
            times = getattr(t, "n", 1)
            data["weight"] += times
            data["relations"][t.label] = data["relations"].get(t.label, 0) + times
            if limit is None or len(data["evidence"]) < limit:
                ev = edge_evidence(t)
                ev.update(subject=t.subject, relation=t.label, object=t.object)
                data["evidence"].append(ev)
            if limit is not None:
                dates = data.setdefault("dates", Counter())
                if t.date:
                    dates[t.date] += times
    return g


def pagerank(g: nx.MultiDiGraph, damping: float = 0.85, tol: float = 1e-9, max_iter: int = 200) -> dict[str, float]:
    """PageRank by power iteration, edges weighted by their count (networkx's own pagerank
    needs scipy, which kg does not depend on)."""
    nodes = list(g)
    n = len(nodes)
    out_weight: dict[str, float] = defaultdict(float)
    incoming: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for u, v, data in g.edges(data=True):
        w = float(data.get("count", 1))
        out_weight[u] += w
        incoming[v].append((u, w))
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = damping * sum(rank[u] for u in nodes if out_weight[u] == 0) / n
        new = {
            v: (1 - damping) / n + dangling + damping * sum(rank[u] * w / out_weight[u] for u, w in incoming[v])
            for v in nodes
        }
        delta = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if delta < tol * n:
            break
    return rank


def stats_record(
    *,
    documents: int,
    words: int,
    triples: int,
    entities: int,
    nodes: int,
    edges: int,
    quotes: int,
    node_types: Counter,
    relations: Counter,
    interactions: Counter,
    date_sources: Counter | None = None,
    first_date: str | None = None,
    last_date: str | None = None,
) -> dict[str, Any]:
    """What ``stats()`` returns: the counts, every node type, the ten commonest relations and
    every interaction class, most common first (ties in the order first seen), the triples by
    where their date comes from, and the span of dates."""
    sources = date_sources or Counter()
    return {
        "documents": documents,
        "words": words,
        "triples": triples,
        "entities": entities,
        "nodes": nodes,
        "edges": edges,
        "quotes": quotes,
        "node_types": dict(node_types.most_common()),
        "top_relations": dict(relations.most_common(10)),
        "interactions": dict(interactions.most_common()),
        "dated_triples": {k: sources.get(k, 0) for k in ("text", "document", "undated")},
        "dates": f"{first_date} to {last_date}" if first_date else None,
    }
