"""Which part of a graph a page draws: the whole graph, its most connected entities, or the
neighbourhood of some entities, with the filters of ``kg query``; for a JSON graph
(:class:`~kg.graph.graph.KnowledgeGraph`) and a store (:class:`~kg.graph.store.Store`) alike.

A store is never read whole for a page: the entities are chosen in SQL (by their number of
relations, or by walking out from the ``around`` entities), then only the edges among them are
read, with a few evidence sentences each (:meth:`kg.graph.store.Store.part`). A JSON graph is in
memory already; the same choices are made on it with its own methods.

Example:
    >>> page = page_graph(kg.open("news.kgdb"), PageSpec(top=500))  # doctest: +SKIP
    >>> render_html(page.graph, "news.html", documents=page.documents)  # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import KgError
from kg.graph.query import NodeInfo, TripleFilter, check_walk, interaction_graph, relation_graph, walk

if TYPE_CHECKING:  # pragma: no cover
    from kg.graph.graph import KnowledgeGraph
    from kg.graph.store import Store

__all__ = ["PageSpec", "Page", "page_graph", "STORE_TOP", "STORE_MAX_EDGES", "STORE_EVIDENCE", "WHOLE_STORE_EDGES"]

#: Entities a store page shows when no --top or --around says otherwise (and the store is big).
STORE_TOP = 500
#: Edges a store page keeps at most, unless told otherwise (the ones with the most evidence).
STORE_MAX_EDGES = 5000
#: Evidence sentences a store page keeps per edge, unless told otherwise.
STORE_EVIDENCE = 20
#: A store with at most this many edges is drawn whole when no --top or --around is given.
WHOLE_STORE_EDGES = 5000


@dataclass(frozen=True)
class PageSpec:
    """What part of a graph to draw.

    Attributes:
        view: "relations" or "interactions".
        around: Entities (any name or alias) whose neighbourhood to draw.
        depth: How many relations away from ``around`` to go.
        top: Without ``around``: the ``top`` named entities with the most relations. With it:
            at most ``top`` named entities of the neighbourhood, the nearest (most related to
            the ``around`` entities) first.
        where: The triples to draw (the filters of ``kg query``).
        max_edges: Keep at most this many edges, the ones with the most evidence; None: all
            for a JSON graph, :data:`STORE_MAX_EDGES` for a store.
        evidence: Evidence sentences kept per edge; None: all for a JSON graph,
            :data:`STORE_EVIDENCE` for a store.
    """

    view: str = "relations"
    around: tuple[str, ...] = ()
    depth: int = 1
    top: int | None = None
    where: TripleFilter = field(default_factory=TripleFilter)
    max_edges: int | None = None
    evidence: int | None = None


@dataclass(frozen=True)
class Page:
    """A part of a graph ready to render.

    Attributes:
        graph: The networkx view (relations or interactions) to draw.
        documents: Date and title of the documents its evidence cites, by document id.
        notes: What was left out and how to choose otherwise, one sentence each.
    """

    graph: nx.Graph
    documents: dict[str, dict[str, Any]]
    notes: tuple[str, ...] = ()


def page_graph(graph: KnowledgeGraph | Store, spec: PageSpec) -> Page:
    """The part of ``graph`` that ``spec`` chooses, as a networkx graph to render.

    Args:
        graph: A JSON graph or a store.
        spec: What to draw.

    Raises:
        EntityNotFound: An ``around`` name matches no entity (the message suggests close ones).
        KgError: A filter or a view that means nothing.
    """
    from kg.graph.store import Store

    if spec.view not in ("relations", "interactions"):
        raise KgError(f"view must be 'relations' or 'interactions', not {spec.view!r}")
    if spec.around:
        check_walk("both", spec.depth)
    if spec.top is not None and spec.top < 1:
        raise KgError("top must be 1 or more")
    if isinstance(graph, Store):
        return _store_page(graph, spec)
    return _graph_page(graph, spec)


def _store_page(store: Store, spec: PageSpec) -> Page:
    notes = []
    where = spec.where or None
    max_edges = STORE_MAX_EDGES if spec.max_edges is None else spec.max_edges
    evidence = STORE_EVIDENCE if spec.evidence is None else spec.evidence
    names: list[str] | None
    if spec.around:
        limit = spec.top if spec.top is not None else STORE_TOP
        names = store.around(
            spec.around, spec.depth, limit=limit, where=where, entities=spec.top is not None, acts=spec.view == "interactions"
        )
        if spec.top is None and len(names) - len(set(spec.around)) >= STORE_TOP:
            notes.append(f"the neighbourhood was cut at its {STORE_TOP} nearest nodes (--top N keeps the N nearest entities)")
    elif spec.top is not None:
        names = [n for n, _ in store.top_entities(spec.top, where)]
    elif store.edge_count() <= WHOLE_STORE_EDGES:
        names = None
    else:
        names = [n for n, _ in store.top_entities(STORE_TOP, where)]
        notes.append(f"the store is big: the page shows its {STORE_TOP} most connected entities (choose with --top N or --around NAME)")
    part, dropped = store.part(names, view=spec.view, where=where, evidence=evidence, max_edges=max_edges)
    notes.extend(_unrelated(names, part, spec))
    if dropped:
        what = "pairs of actors" if spec.view == "interactions" else "relations"
        notes.append(f"kept the {max_edges:,} {what} with the most evidence and left out {dropped:,} (--max-edges N to change)")
    return Page(part, store.document_meta(_cited(part)), tuple(notes))


def _graph_page(g: KnowledgeGraph, spec: PageSpec) -> Page:
    notes = []
    sub = g.filtered(**spec.where.kwargs()) if spec.where else g
    names: list[str] | None = None
    if spec.around:
        starts = list(dict.fromkeys(sub.resolve_name(n) for n in spec.around))
        entities = sub.entities
        keep = (lambda found: [n for n in found if n in entities]) if spec.top is not None else None
        acts = spec.view == "interactions"
        names = starts + walk(starts, spec.depth, lambda f: sub._nearest(f, acts=acts), limit=spec.top, keep=keep)
    elif spec.top is not None:
        entities = sub.entities
        degree = [(n, d) for n, d in sub._graph.degree() if n in entities]
        names = [n for n, _ in sorted(degree, key=lambda x: (-x[1], x[0]))[: spec.top]]
    part = sub.subgraph(names) if names is not None else sub
    if spec.evidence is None:
        view = part._view(spec.view)
    else:
        infos = {name: NodeInfo.of(e) for name, e in part.entities.items()}
        if spec.view == "relations":
            view = relation_graph(part.triples, infos, limit=spec.evidence)
        else:
            base = part._graph
            view = interaction_graph(part.triples, lambda n: dict(base.nodes[n]) if n in base else {"label": n}, affiliations=True, limit=spec.evidence)
    notes.extend(_unrelated(names, view, spec))
    if spec.max_edges is not None:
        view, dropped = _heaviest(view, spec.max_edges)
        if dropped:
            notes.append(f"kept the {spec.max_edges:,} relations with the most evidence and left out {dropped:,} (--max-edges N to change)")
    return Page(view, part._document_meta(), tuple(notes))


def _unrelated(names: list[str] | None, view: nx.Graph, spec: PageSpec) -> list[str]:
    """A note on the chosen entities that the page cannot draw: those with no relation (of
    this view, in this range) to any other chosen one."""
    if names is None or spec.top is None:
        return []
    missing = sum(1 for n in dict.fromkeys(names) if n not in view)
    if not missing:
        return []
    return [f"{missing} of the {len(set(names))} entities chosen have no {'interaction' if spec.view == 'interactions' else 'relation'} with the others and are not drawn"]


def _heaviest(graph: nx.Graph, most: int) -> tuple[nx.Graph, int]:
    """The graph with its ``most`` heaviest edges (count, or weight) and the nodes they join."""
    if graph.number_of_edges() <= most:
        return graph, 0
    if graph.is_multigraph():
        edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    else:
        edges = [(u, v, None, d) for u, v, d in graph.edges(data=True)]
    edges.sort(key=lambda e: (-(e[3].get("count") or e[3].get("weight") or 0), str(e[0]), str(e[1]), str(e[2])))
    kept = graph.__class__()
    for u, v, k, d in edges[:most]:
        for n in (u, v):
            if n not in kept:
                kept.add_node(n, **graph.nodes[n])
        if k is None:
            kept.add_edge(u, v, **d)
        else:
            kept.add_edge(u, v, key=k, **d)
    return kept, len(edges) - most


def _cited(graph: nx.Graph) -> set[str]:
    """The documents the evidence of a graph cites."""
    docs: Counter = Counter()
    for *_, data in graph.edges(data=True):
        for ev in data.get("evidence", ()):
            docs[ev.get("doc_id")] += 1
    return {d for d in docs if d}
