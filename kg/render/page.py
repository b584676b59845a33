"""Render a kg graph as one self-contained, interactive HTML page.

The page inlines vis-network's JavaScript and CSS (read at run time from the installed
``pyvis`` package), kg's own template, script and style sheet, and the graph itself as JSON in
a ``<script type="application/json">`` element. Opening it makes no network request: there is
no CDN link, no web font, no image URL, and a Content-Security-Policy forbids any fetch.

Every string that comes from documents (entity names, sentences, relation labels) is data: it
goes into the JSON block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page's
script only ever puts it into the document with ``textContent`` or as canvas text.

Small graphs are laid out by vis-network's physics (bounded stabilisation, then physics off);
big ones (more than :data:`PHYSICS_MAX_NODES` nodes or :data:`PHYSICS_MAX_EDGES` edges) get a
force-directed layout computed here with numpy, physics off, and edge labels that show only
once zoomed in.
"""

from __future__ import annotations

import html as _html
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np

from kg.corpus.atomic import atomic_write_text
from kg.errors import KgError

__all__ = [
    "RenderReport",
    "render_html",
    "graph_items",
    "page_documents",
    "evidence_records",
    "CSP_FILE",
    "CSP_LIVE",
    "notebook_html",
    "PALETTE",
    "EDGE_COLORS",
    "INTERACTION_CLASSES",
    "PHYSICS_MAX_NODES",
    "PHYSICS_MAX_EDGES",
]

#: Node colours by entity type; every other type (and None) is drawn as "other".
PALETTE: Mapping[str, str] = MappingProxyType({
    "PERSON": "#4e79a7",
    "ORG": "#f28e2b",
    "GPE": "#b07aa1",
    "NORP": "#e1b000",
    "LOC": "#17a2b8",
    "other": "#9d9590",
})

#: Edge colours by interaction group; membership edges ("member of") have a colour of their own.
EDGE_COLORS: Mapping[str, str] = MappingProxyType({
    "cooperation": "#2ca02c",
    "conflict": "#d62728",
    "neutral": "#9a9a9a",
    "none": "#8c96a3",
    "membership": "#7b6fb0",
})

#: The interaction classes, in the order the class filter lists them.
INTERACTION_CLASSES: tuple[str, ...] = (
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
    "neutral",
)

#: Above this many nodes (or :data:`PHYSICS_MAX_EDGES` edges) the layout is computed in Python.
PHYSICS_MAX_NODES = 300
#: Above this many edges (or :data:`PHYSICS_MAX_NODES` nodes) the layout is computed in Python.
PHYSICS_MAX_EDGES = 1000

_VIS_DIR = "lib/vis-9.1.2"
_LAYOUT_SEED = 7
_EDGE_PX = 70.0
_EVIDENCE_KEYS_STR = ("doc_id", "sentence", "relation_text", "subject_text", "object_text",
                      "modality", "attributed_to", "subject", "relation", "object", "date",
                      "date_source")
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_SOURCE_MAP = re.compile(r"^\s*(//[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$",
                         re.MULTILINE)


@dataclass(frozen=True)
class RenderReport:
    """What :func:`render_html` drew.

    Attributes:
        path: The file written, or None when no path was given.
        nodes: Number of nodes in the page.
        edges: Number of edges in the page.
        dropped_nodes: Nodes left out by ``max_nodes``, most connected first.
        dropped_edges: Number of edges left out with them.
        layout: ``"physics"`` (vis-network lays the graph out in the browser) or
            ``"precomputed"`` (positions computed in Python, physics off).
    """

    path: Path | None
    nodes: int
    edges: int
    dropped_nodes: tuple[str, ...]
    dropped_edges: int
    layout: str


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def render_html(
    graph: nx.MultiDiGraph | nx.Graph,
    path: str | os.PathLike[str] | None = None,
    *,
    title: str = "kg graph",
    view: str = "relations",
    max_nodes: int | None = None,
    physics: bool | None = None,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    live: Mapping[str, Any] | None = None,
    notes: Iterable[str] = (),
) -> tuple[str, RenderReport]:
    """Render a graph as a self-contained interactive HTML page.

    Args:
        graph: A relations graph (``nx.MultiDiGraph``, edge key = label) or an interactions
            graph (``nx.Graph``/``nx.DiGraph`` with ``weight``, ``classes``, ``relations``).
            Missing optional attributes are tolerated.
        path: Where to write the page. Written atomically: a temporary file in the same
            directory, then ``os.replace``. The directory must exist. None writes nothing.
        title: Page title.
        view: ``"relations"`` or ``"interactions"``; chooses edge labels, colours and filters.
        max_nodes: Keep only this many nodes: the most connected (by degree, ties broken by
            mention count, then name). None keeps all.
        physics: True lays the graph out with vis-network's physics (bounded stabilisation),
            False uses a layout computed in Python; None (default) picks physics for graphs of
            at most :data:`PHYSICS_MAX_NODES` nodes and :data:`PHYSICS_MAX_EDGES` edges.
        documents: Metadata shown beside the evidence of each document: ``{doc_id: {"date":
            ..., "title": ...}}``; only the documents the page's evidence cites are kept.
        live: Settings of a page served by ``kg serve`` (:mod:`kg.render.serve`), which fetches more
            of the graph from the server's API as the user asks: ``api`` (the API's path),
            ``neighbors`` (how many to add at a time), ``since``/``until`` (the server's date
            range) and ``store`` (a name to show). Its Content-Security-Policy allows fetches
            from the page's own origin, and nothing else; without ``live`` the page fetches
            nothing at all.
        notes: Sentences the page shows under its legend (what was left out of it, and how
            to choose otherwise).

    Returns:
        The HTML text and a :class:`RenderReport`.

    Raises:
        TypeError: ``graph`` is not a networkx graph.
        ValueError: ``view`` is unknown or ``max_nodes`` is negative.
        KgError: vis-network's files cannot be found in the installed pyvis package, or the
            directory of ``path`` cannot be created or written.
        OSError: Writing the file failed.
    """
    if not isinstance(graph, nx.Graph):
        raise TypeError(f"render_html needs a networkx graph, not {type(graph).__name__}")
    if view not in ("relations", "interactions"):
        raise ValueError(f"unknown view {view!r}: use 'relations' or 'interactions'")
    if max_nodes is not None and (isinstance(max_nodes, bool) or int(max_nodes) != max_nodes
                                  or max_nodes < 0):
        raise ValueError(f"max_nodes must be a non-negative integer or None, not {max_nodes!r}")

    kept, dropped = _select_nodes(graph, max_nodes)
    sub = graph.subgraph(kept) if dropped else graph
    dropped_edges = graph.number_of_edges() - sub.number_of_edges()

    n_nodes = sub.number_of_nodes()
    n_edges = sub.number_of_edges()
    big = n_nodes > PHYSICS_MAX_NODES or n_edges > PHYSICS_MAX_EDGES
    use_physics = (not big) if physics is None else bool(physics)
    layout = "physics" if use_physics else "precomputed"

    data = _page_data(sub, view=view, title=title, big=big, use_physics=use_physics,
                      total_nodes=graph.number_of_nodes(), dropped=len(dropped),
                      dropped_edges=dropped_edges, documents=documents)
    if live is not None:
        data["meta"]["live"] = {k: _opt_text(v) if isinstance(v, str) else v for k, v in live.items()}
    data["meta"]["notes"] = [_text(n) for n in notes]
    text = _assemble(title, data, live=live is not None)

    out_path: Path | None = None
    if path is not None:
        out_path = Path(path)
        atomic_write_text(out_path, text)
    report = RenderReport(
        path=out_path,
        nodes=n_nodes,
        edges=n_edges,
        dropped_nodes=tuple(dropped),
        dropped_edges=dropped_edges,
        layout=layout,
    )
    return text, report


def notebook_html(html: str, height: int = 600) -> str:
    """Wrap a page from :func:`render_html` in an ``<iframe srcdoc>`` for notebooks.

    The iframe shows in Jupyter, JupyterLab and VS Code: the page travels inside the output
    (no file or server), and ``sandbox="allow-scripts"`` runs its script without giving it
    access to the notebook.

    Args:
        html: The page, as returned by :func:`render_html`.
        height: Height of the frame in CSS pixels.

    Returns:
        The iframe element as HTML text (pass it to ``IPython.display.HTML``).

    Raises:
        ValueError: ``height`` is not a positive integer.
    """
    if isinstance(height, bool) or not isinstance(height, int) or height <= 0:
        raise ValueError(f"height must be a positive integer, not {height!r}")
    srcdoc = _html.escape(html, quote=True)
    return (
        f'<iframe srcdoc="{srcdoc}" sandbox="allow-scripts" width="100%" height="{height}" '
        f'style="width:100%;height:{height}px;border:0" loading="eager" '
        f'title="kg graph"></iframe>'
    )


# ---------------------------------------------------------------------------------------------
# Node selection (max_nodes)
# ---------------------------------------------------------------------------------------------


def _select_nodes(graph: nx.Graph, max_nodes: int | None) -> tuple[list[Any], list[str]]:
    """Return (kept node keys in graph order, dropped node names most connected first)."""
    nodes = list(graph.nodes)
    if max_nodes is None or len(nodes) <= max_nodes:
        return nodes, []
    degree = dict(graph.degree())
    ranked = sorted(
        nodes,
        key=lambda n: (-degree.get(n, 0), -_as_int(graph.nodes[n].get("mentions"), 0), str(n)),
    )
    keep = set(ranked[:max_nodes])
    return [n for n in nodes if n in keep], [str(n) for n in ranked[max_nodes:]]


# ---------------------------------------------------------------------------------------------
# Page data
# ---------------------------------------------------------------------------------------------


def _page_data(
    graph: nx.Graph,
    *,
    view: str,
    title: str,
    big: bool,
    use_physics: bool,
    total_nodes: int,
    dropped: int,
    dropped_edges: int,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Build the JSON-ready dict the page's script reads."""
    positions: dict[Any, tuple[float, float]] = {}
    if not use_physics:
        positions = _layout(graph)
    nodes, edges = graph_items(graph, view, positions=positions)
    cited = {ev.get("doc_id") for e in edges for ev in e["evidence"]}
    cited.update(ev.get("doc_id") for n in nodes for ev in n.get("evidence", ()))
    docs = page_documents(documents, cited)
    return {
        "meta": {
            "title": _text(title),
            "view": view,
            "layout": "physics" if use_physics else "precomputed",
            "big": big,
            "physics_max_nodes": PHYSICS_MAX_NODES,
            "directed": graph.is_directed(),
            "nodes": len(nodes),
            "edges": len(edges),
            "total_nodes": total_nodes,
            "dropped_nodes": dropped,
            "dropped_edges": dropped_edges,
        },
        "palette": dict(PALETTE),
        "edge_colors": dict(EDGE_COLORS),
        "classes": list(INTERACTION_CLASSES),
        "nodes": nodes,
        "edges": edges,
        "docs": docs,
    }


def page_documents(documents: Mapping[str, Mapping[str, Any]] | None, cited: Iterable[Any]) -> dict[str, dict[str, str]]:
    """The title and ISO date the page shows beside the evidence of each cited document."""
    wanted = set(cited)
    docs: dict[str, dict[str, str]] = {}
    for doc_id, meta in (documents or {}).items():
        if doc_id not in wanted or not isinstance(meta, Mapping):
            continue
        shown = {}
        title = _opt_text(meta.get("title"))
        if title:
            shown["title"] = title
        when = _opt_text(meta.get("date"))
        if when and _ISO_DATE.match(when):
            shown["date"] = when
        if shown:
            docs[_text(doc_id)] = shown
    return docs


def graph_items(
    graph: nx.Graph, view: str, *, positions: Mapping[Any, tuple[float, float]] | None = None, names: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The node and edge records a page's script reads, from a networkx graph.

    Every string is plain data (the script puts it in the page as text only). An edge has a
    ``key`` that names it across pages and answers of the server (subject, label and object;
    for the interactions view the two ends in order), ``from``/``to`` (the index of a node in
    the nodes list, or with ``names`` the node's name), its ``evidence``, and when it has
    them its ``dates`` (``[[date, count], ...]`` of all its triples) and ``total`` (its
    number of triples, when the evidence is cut). A node has a ``total`` when the graph gives
    its number of relations in the whole store (``relations_total``).

    Args:
        graph: A relations or interactions graph (see :func:`render_html`).
        view: "relations" or "interactions".
        positions: Node positions to give the nodes (x, y).
        names: Refer to nodes by name rather than by index (for the server's answers).
    """
    index = {key: i for i, key in enumerate(graph.nodes)}
    degree = dict(graph.degree())
    max_degree = max(degree.values(), default=0) or 1
    positions = positions or {}

    nodes: list[dict[str, Any]] = []
    for key, attrs in graph.nodes(data=True):
        etype = _opt_text(attrs.get("type"))
        group = etype if etype in PALETTE and etype != "other" else "other"
        deg = degree.get(key, 0)
        node: dict[str, Any] = {
            "id": index[key],
            "name": _text(key),
            "label": _text(attrs.get("label")) or _text(key),
            "type": etype,
            "group": group,
            "color": PALETTE[group],
            "mentions": _as_int(attrs.get("mentions"), 0),
            "aliases": _aliases(attrs.get("aliases")),
            "titles": _text_list(attrs.get("titles")),
            "affiliation": _opt_text(attrs.get("affiliation")),
            "docs": _text_list(attrs.get("docs")),
            "degree": deg,
            "size": round(8 + 30 * math.sqrt(deg / max_degree), 2),
        }
        own_evidence = _evidence(attrs.get("evidence"))
        if own_evidence:
            node["evidence"] = own_evidence
        if attrs.get("docs_more"):
            node["docs_more"] = True
        total = _opt_number(attrs.get("relations_total"))
        if total is not None:
            node["total"] = total
        if key in positions:
            node["x"], node["y"] = positions[key]
        nodes.append(node)

    edges = _edges(graph, {k: _text(k) for k in index} if names else index, view)
    return nodes, edges


def _edges(graph: nx.Graph, index: Mapping[Any, Any], view: str) -> list[dict[str, Any]]:
    """Edge dicts with label, weight, colour, width, evidence and curvature for parallels."""
    if graph.is_multigraph():
        triples: Iterable[tuple[Any, Any, Any, Mapping[str, Any]]] = graph.edges(keys=True, data=True)
    else:
        triples = ((u, v, None, d) for u, v, d in graph.edges(data=True))

    edges: list[dict[str, Any]] = []
    for u, v, key, attrs in triples:
        evidence = _evidence(attrs.get("evidence"))
        if view == "interactions":
            edge = _interaction_edge(attrs, key, evidence)
        else:
            edge = _relation_edge(attrs, key, evidence)
        edge["from"] = index[u]
        edge["to"] = index[v]
        edge["evidence"] = evidence
        if view == "interactions" or not graph.is_directed():
            a, b = sorted((_text(u), _text(v)))
            edge["key"] = json.dumps([a, b], ensure_ascii=False)
        else:
            edge["key"] = json.dumps([_text(u), edge["label"], _text(v)], ensure_ascii=False)
        dates = attrs.get("dates")
        if isinstance(dates, Mapping):
            edge["dates"] = [[_text(d), _as_int(c, 1)] for d, c in sorted(dates.items(), key=lambda x: str(x[0])) if _ISO_DATE.match(_text(d))]
            if len(evidence) < edge["count"]:  # (a graph whose evidence was cut has dates)
                edge["total"] = edge["count"]
        if attrs.get("kind") == "affiliation":
            # a membership (a minister and the country) is no act: drawn dotted, filtered apart
            edge["kind"] = "affiliation"
            edge["color"] = EDGE_COLORS["membership"]
            edge["cls"] = None
        edges.append(edge)

    weights = [e["weight"] for e in edges]
    max_w = max(weights, default=1.0)
    spread = 7.0 if view == "interactions" else 3.0
    for i, edge in enumerate(edges):
        edge["id"] = i
        w = edge["weight"]
        edge["width"] = round(1 + spread * math.sqrt(max(w, 0) / max_w), 2) if max_w > 0 else 1.0
    _curve_parallel_edges(edges)
    return edges


def _relation_edge(attrs: Mapping[str, Any], key: Any, evidence: list[dict[str, Any]]
                   ) -> dict[str, Any]:
    relation = _opt_text(attrs.get("relation"))
    negated = bool(attrs.get("negated", False))
    label = _opt_text(attrs.get("label"))
    if label is None and isinstance(key, str):
        label = key
    if label is None and relation is not None:
        label = f"not {relation}" if negated else relation
    label = label or ""
    weight = _as_number(attrs.get("count"), float(len(evidence) or 1))
    interaction = _opt_text(attrs.get("interaction"))
    group = _class_group(interaction)
    return {
        "label": label,
        "relation": relation,
        "negated": negated,
        "weight": weight,
        "count": _as_int(attrs.get("count"), len(evidence) or 1),
        "confidence": _opt_number(attrs.get("confidence")),
        "interaction": interaction,
        "intensity": _opt_number(attrs.get("intensity")),
        "classes": {interaction: 1} if interaction else {},
        "relations": {label: 1} if label else {},
        "cls": group,
        "color": EDGE_COLORS[group or "none"],
    }


def _interaction_edge(attrs: Mapping[str, Any], key: Any, evidence: list[dict[str, Any]]
                      ) -> dict[str, Any]:
    classes = _count_map(attrs.get("classes"))
    relations = _count_map(attrs.get("relations"))
    default_weight = sum(classes.values()) or sum(relations.values()) or len(evidence) or 1
    weight = _as_number(attrs.get("weight"), float(default_weight))
    intensity = _opt_number(attrs.get("intensity"))

    coop = classes.get("verbal cooperation", 0) + classes.get("material cooperation", 0)
    conflict = classes.get("verbal conflict", 0) + classes.get("material conflict", 0)
    neutral = classes.get("neutral", 0)
    # the colour tells cooperation from conflict; neutral acts (visits, trips, denied
    # cooperation) only count when there is nothing else, so one accusation among
    # meetings shows
    if coop > conflict:
        group = "cooperation"
    elif conflict > coop:
        group = "conflict"
    elif coop and intensity is not None and intensity != 0:
        group = "cooperation" if intensity > 0 else "conflict"
    elif coop or conflict or neutral:
        group = "neutral"
    elif intensity is not None and intensity > 0:
        group = "cooperation"
    elif intensity is not None and intensity < 0:
        group = "conflict"
    else:
        group = "neutral"

    top = sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))
    if top:
        label = ", ".join(name for name, _ in top[:2])
        if len(top) > 2:
            label += f" +{len(top) - 2}"
    else:
        label = _opt_text(attrs.get("label")) or (key if isinstance(key, str) else "")
    return {
        "label": label,
        "relation": None,
        "negated": False,
        "weight": weight,
        "count": _as_int(attrs.get("weight"), int(default_weight)),
        "confidence": _opt_number(attrs.get("confidence")),
        "interaction": None,
        "intensity": intensity,
        "classes": classes,
        "relations": relations,
        "cls": group,
        "color": EDGE_COLORS[group],
    }


def _class_group(interaction: str | None) -> str | None:
    if not interaction:
        return None
    low = interaction.lower()
    if "cooperation" in low:
        return "cooperation"
    if "conflict" in low:
        return "conflict"
    return "neutral"


def _curve_parallel_edges(edges: list[dict[str, Any]]) -> None:
    """Give edges between the same two nodes distinct curves so that none hides another."""
    groups: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for edge in edges:
        a, b = edge["from"], edge["to"]
        groups.setdefault((min(a, b), max(a, b)), []).append(edge)
    for (a, _b), group in groups.items():
        m = len(group)
        for i, edge in enumerate(group):
            offset = i - (m - 1) / 2
            if offset == 0 or edge["from"] == edge["to"]:
                edge["smooth"] = False
                continue
            clockwise = offset > 0
            if edge["from"] != a:  # drawn the other way round: mirror the bend
                clockwise = not clockwise
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": round(min(0.9, 0.3 * abs(offset) + 0.05), 3),
            }


# ---------------------------------------------------------------------------------------------
# Layout for big graphs
# ---------------------------------------------------------------------------------------------


def _layout(graph: nx.Graph, seed: int = _LAYOUT_SEED) -> dict[Any, tuple[float, float]]:
    """Force-directed layout in numpy, one component at a time, packed, in pixel coordinates.

    Each connected component is laid out by Fruchterman-Reingold (all components in one
    vectorised run, repulsion acting only within a component), scaled so that an edge is about
    :data:`_EDGE_PX` pixels long, and the components are packed in rows, biggest first.
    Repulsion is exact (in row blocks, to bound memory) up to a few thousand nodes; above that
    each step uses a random sample of repulsors. Seeded: the same graph gets the same layout.
    """
    given = list(graph.nodes)
    n = len(given)
    if n == 0:
        return {}
    first = {k: i for i, k in enumerate(given)}
    simple = nx.Graph()
    simple.add_nodes_from(range(n))
    simple.add_edges_from((first[u], first[v]) for u, v in graph.edges() if u != v)
    # components, biggest first (ties: first node); the nodes are renumbered component by
    # component, so that a node's repulsors (its own component's) are one contiguous range
    groups = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    keys = [given[i] for c in groups for i in c]
    index = {k: i for i, k in enumerate(keys)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                    for u, v in graph.edges() if u != v})
    src = np.array([a for a, _ in pairs], dtype=np.intp)
    dst = np.array([b for _, b in pairs], dtype=np.intp)
    comp = np.empty(n, dtype=np.intp)
    comps: list[list[int]] = []
    lo_of = np.empty(n, dtype=np.intp)  # first and one-past-last node of each node's component
    hi_of = np.empty(n, dtype=np.intp)
    sizes = np.empty(len(groups), dtype=np.float32)
    at = 0
    for c, members in enumerate(groups):
        comps.append(list(range(at, at + len(members))))
        comp[at : at + len(members)] = c
        lo_of[at : at + len(members)] = at
        hi_of[at : at + len(members)] = at + len(members)
        sizes[c] = len(members)
        at += len(members)
    node_size = sizes[comp]
    k = (1.0 / np.sqrt(node_size)).astype(np.float32)  # natural edge length, per node
    k2 = k * k

    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    iterations = int(min(200, max(50, 4e7 / (n * n))))
    t = np.float32(0.1)
    dt = np.float32(0.1 / (iterations + 1))
    block = max(8, min(512, 32_768 // n))  # rows per block: small blocks stay in cache
    max_repulsors = 4000
    gravity = np.float32(0.05)
    ncomp = len(comps)

    for _ in range(iterations):
        if n > max_repulsors:
            sample = rng.choice(n, size=max_repulsors, replace=False)
            rep, rep_comp = pos[sample], comp[sample]
            scale = np.float32(n / max_repulsors)
        else:
            rep, rep_comp, scale = pos, comp, np.float32(1.0)
        disp = np.zeros_like(pos)
        rx, ry = rep[:, 0][None, :], rep[:, 1][None, :]
        multi = ncomp > 1
        sampled = n > max_repulsors
        s = 0
        while s < n:
            if sampled:
                e = min(n, s + block)
                a, b = 0, len(rep)
            else:
                # exact repulsion: only the components of these rows, one contiguous range;
                # as many rows as keep the block small (many rows of small components)
                e = min(n, s + max(8, min(256, 32_768 // int(hi_of[s] - lo_of[s]))))
                a, b = int(lo_of[s]), int(hi_of[e - 1])
            dx = pos[s:e, 0, None] - rx[:, a:b]
            dy = pos[s:e, 1, None] - ry[:, a:b]
            d2 = dx * dx
            d2 += dy * dy
            np.maximum(d2, np.float32(1e-6), out=d2)
            inv = np.divide(k2[s:e, None], d2, out=d2)
            if multi:
                inv *= comp[s:e, None] == rep_comp[None, a:b]
            dx *= inv
            dy *= inv
            disp[s:e, 0] = dx.sum(axis=1)
            disp[s:e, 1] = dy.sum(axis=1)
            s = e
        if scale != 1:
            disp *= scale
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.sqrt((delta * delta).sum(axis=1))[:, None]
            pull = delta * (dist / k[src, None])
            np.subtract.at(disp, src, pull)
            np.add.at(disp, dst, pull)
        centre = np.stack([np.bincount(comp, weights=pos[:, 0], minlength=ncomp),
                           np.bincount(comp, weights=pos[:, 1], minlength=ncomp)], axis=1)
        centre = (centre / sizes[:, None]).astype(np.float32)
        disp -= gravity * (pos - centre[comp]) * (node_size * k)[:, None]
        length = np.sqrt((disp * disp).sum(axis=1))[:, None]
        np.maximum(length, np.float32(1e-9), out=length)
        pos += disp / length * np.minimum(length, t)
        t = max(t - dt, np.float32(0.002))

    # each component to pixels (an edge ~ _EDGE_PX), then pack the components in rows
    out = np.zeros((n, 2), dtype=np.float64)
    boxes = []
    for members in comps:
        p = pos[members].astype(np.float64)
        p -= p.mean(axis=0)
        p *= _EDGE_PX / float(k[members[0]])
        lo, hi = p.min(axis=0), p.max(axis=0)
        out[members] = p - lo
        boxes.append(hi - lo + _EDGE_PX)
    widths = np.array([b[0] for b in boxes])
    area = float(sum(b[0] * b[1] for b in boxes))
    row_width = max(float(widths.max()), math.sqrt(area * 1.6))
    x = y = row_h = 0.0
    for members, (w, h) in zip(comps, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        out[members] += (x, y)
        x += w
        row_h = max(row_h, h)
    out -= (out.min(axis=0) + out.max(axis=0)) / 2
    return {key: (round(float(px), 1), round(float(py), 1)) for key, (px, py) in zip(keys, out, strict=True)}


# ---------------------------------------------------------------------------------------------
# Attribute coercion (graphs may carry only some attributes, of loose types)
# ---------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    s = value if isinstance(value, str) else str(value)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a bad decode
        s = s.encode("utf-8", "replace").decode("utf-8")
    return s


def _opt_text(value: Any) -> str | None:
    if value is None:
        return None
    s = _text(value)
    return s or None


def _text_list(value: Any) -> list[str]:
    if value is None or isinstance(value, (str, bytes)):
        return [_text(value)] if isinstance(value, str) and value else []
    try:
        return [_text(v) for v in value if v is not None]
    except TypeError:
        return [_text(value)]


def _as_int(value: Any, default: int) -> int:
    try:
        if value is None or isinstance(value, bool):
            return default
        f = float(value)
        return int(f) if math.isfinite(f) else default
    except (TypeError, ValueError):
        return default


def _as_number(value: Any, default: float) -> float:
    got = _opt_number(value)
    return default if got is None else got


def _opt_number(value: Any) -> float | None:
    try:
        if value is None or isinstance(value, bool):
            return None
        f = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() and abs(f) < 2**53 else round(f, 4)


def _aliases(value: Any) -> list[list[Any]]:
    """Aliases as [[alias, count], ...], most frequent first; accepts dict, pairs or strings."""
    out: list[list[Any]] = []
    if not value:
        return out
    items: Iterable[Any] = value.items() if isinstance(value, Mapping) else value
    if isinstance(value, str):
        items = [value]
    for item in items:
        if isinstance(item, str):
            out.append([_text(item), 1])
        else:
            try:
                name, count = item
            except (TypeError, ValueError):
                continue
            out.append([_text(name), _as_int(count, 1)])
    out.sort(key=lambda a: (-a[1], a[0]))
    return out


def _count_map(value: Any) -> dict[str, float]:
    if not isinstance(value, Mapping):
        if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
            counts: dict[str, float] = {}
            for item in value:
                counts[_text(item)] = counts.get(_text(item), 0) + 1
            return counts
        return {}
    out: dict[str, float] = {}
    for name, count in value.items():
        num = _opt_number(count)
        if num is not None and num > 0:
            out[_text(name)] = num
    return out


def _field(item: Any, key: str) -> Any:
    """``key`` of an evidence dict, an Evidence-like object, or a Triple-like one holding one."""
    if type(item) is dict or isinstance(item, Mapping):  # (dicts first: the ABC check is slow)
        return item.get(key)
    inner = getattr(item, "evidence", None)
    if inner is not None and hasattr(inner, key):
        return getattr(inner, key)
    return getattr(item, key, None)


def evidence_records(value: Any) -> list[dict[str, Any]]:
    """Evidence as the plain records a page shows (strings, ISO dates, offsets), from dicts or
    objects with the same attributes; repeated records once."""
    return _evidence(value)


def _evidence(value: Any) -> list[dict[str, Any]]:
    """Evidence as a list of plain dicts; accepts dicts or objects with the same attributes."""
    if not value or isinstance(value, (str, bytes)):
        return []
    if isinstance(value, Mapping):
        value = [value]
    try:
        items = list(value)
    except TypeError:
        return []
    out: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for item in items:
        if _field(item, "sentence") is None:
            continue
        ev: dict[str, Any] = {}
        for k in _EVIDENCE_KEYS_STR:
            v = _field(item, k)
            if v is not None:
                ev[k] = _text(v)
        if "date" in ev and not _ISO_DATE.match(ev["date"]):
            del ev["date"]  # the page's timeline reads only ISO dates
        for k in ("start", "end"):
            v = _field(item, k)
            if v is not None:
                ev[k] = _as_int(v, 0)
        ev.setdefault("doc_id", "")
        ident = (ev.get("doc_id"), ev.get("start"), ev.get("sentence"), ev.get("relation_text"),
                 ev.get("subject_text"), ev.get("object_text"))
        if ident in seen:
            continue
        seen.add(ident)
        out.append(ev)
    return out


# ---------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------


def _json_for_script(data: Any) -> str:
    """JSON that can sit inside a <script> element: nothing in it can end or comment it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _inline_script(js: str) -> str:
    js = _SOURCE_MAP.sub("", js)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "<\\!--")


def _inline_style(css: str) -> str:
    css = _SOURCE_MAP.sub("", css)
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


def _read_vis_asset(name: str) -> str:
    try:
        return resources.files("pyvis").joinpath(f"{_VIS_DIR}/{name}").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError) as exc:
        raise KgError(
            f"cannot read vis-network's {name} from the installed pyvis package ({exc}); "
            "reinstall pyvis 0.3.x (pip install --force-reinstall 'pyvis>=0.3.2,<0.4')"
        ) from exc


def _read_template(name: str) -> str:
    return resources.files("kg").joinpath(f"render/templates/{name}").read_text(encoding="utf-8")


#: The page's Content-Security-Policy: it runs its own inline script and fetches nothing; a
#: live page (``kg serve``) may fetch from its own origin, and only from there.
CSP_FILE = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'"
)
CSP_LIVE = CSP_FILE.replace("connect-src 'none'", "connect-src 'self'")


def _assemble(title: str, data: dict[str, Any], live: bool = False) -> str:
    values = {
        "csp": CSP_LIVE if live else CSP_FILE,
        "title": _html.escape(_text(title), quote=True),
        "vis_css": _inline_style(_read_vis_asset("vis-network.css")),
        "css": _inline_style(_read_template("graph.css")),
        "vis_js": _inline_script(_read_vis_asset("vis-network.min.js")),
        "js": _inline_script(_read_template("graph.js")),
        "data": _json_for_script(data),
    }

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return _PLACEHOLDER.sub(fill, _read_template("graph.html"))
