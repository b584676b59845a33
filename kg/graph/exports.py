"""Export a knowledge graph for other tools: GraphML, GEXF, Neo4j CSV, Cypher and RDF Turtle.

Every export starts from :meth:`KnowledgeGraph.to_networkx` (one node per entity, one edge
per distinct subject, relation label and object) and writes each file atomically, so an
interrupted export leaves the old file or the new one, never half of one.

* **GraphML** and **GEXF** (Gephi, Cytoscape, yEd, networkx): written by networkx from
  :func:`flat_graph`, a copy whose attributes are plain strings, numbers and booleans. The
  GEXF file is *dynamic*: each dated edge (and each node whose edges are all dated) lives in
  the time intervals of its dates, so Gephi's timeline plays the graph.
* **CSV** for ``neo4j-admin database import``: ``nodes.csv`` and ``edges.csv`` with typed
  headers. Text cells that a spreadsheet would run as a formula are neutralised.
* **Cypher**: a script of ``MERGE`` statements, one a line, every string literal escaped.
* **Turtle**: RDF through rdflib, in the small vocabulary described in ``docs/exports.md``.

The text in a graph comes from the documents kg read, so it is treated as data in every
format: escaped for the format, never interpreted. Nothing named in the input is fetched or
run.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import networkx as nx

from kg.corpus.atomic import atomic_open
from kg.dates import date_range, precision, sort_key
from kg.errors import KgError

if TYPE_CHECKING:  # pragma: no cover
    from kg.graph.graph import KnowledgeGraph

__all__ = [
    "FORMATS",
    "VOCAB_NS",
    "ENTITY_NS",
    "RELATION_NS",
    "DOCUMENT_NS",
    "NODE_CSV_HEADER",
    "EDGE_CSV_HEADER",
    "flat_graph",
    "edge_dates",
    "to_graphml",
    "to_gexf",
    "to_csv",
    "to_cypher",
    "to_turtle",
    "export",
    "relationship_type",
    "relation_slug",
    "entity_iri",
    "cypher_string",
    "neutralise_cell",
]

#: The export formats :func:`export` knows.
FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv", "cypher", "turtle")

#: Namespace of kg's RDF vocabulary (classes and properties).
VOCAB_NS = "https://w3id.org/kg-newsgraph/vocab#"
#: Namespace of entity IRIs: this plus the percent-encoded canonical name.
ENTITY_NS = "https://w3id.org/kg-newsgraph/entity/"
#: Namespace of the direct relation predicates: this plus :func:`relation_slug` of the label.
RELATION_NS = "https://w3id.org/kg-newsgraph/relation/"
#: Namespace of document IRIs: this plus the percent-encoded document id.
DOCUMENT_NS = "https://w3id.org/kg-newsgraph/document/"

#: Header of ``nodes.csv`` (neo4j-admin import format).
NODE_CSV_HEADER: tuple[str, ...] = (
    "id:ID",
    "name",
    "type",
    "mentions:int",
    "aliases:string[]",
    "titles:string[]",
    "affiliation",
    "docs:string[]",
    ":LABEL",
)
#: Header of ``edges.csv`` (neo4j-admin import format).
EDGE_CSV_HEADER: tuple[str, ...] = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "relation",
    "label",
    "negated:boolean",
    "count:int",
    "confidence:float",
    "interaction",
    "intensity:float",
    "evidence_count:int",
    "sentence",
    "doc_ids:string[]",
    "dates:string[]",
    "first_date",
    "last_date",
)

_PathLike = str | os.PathLike[str]

# lone surrogates (a JSON "\ud800" escape can produce them) cannot be encoded as UTF-8
_SURROGATES = re.compile("[\ud800-\udfff]")
# characters XML 1.0 cannot hold at all, not even as character references
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_TYPE_CHAR = re.compile(r"[^A-Z0-9]+")
_NOT_LABEL_CHAR = re.compile(r"[^A-Za-z0-9_]+")
# cells that spreadsheets read as formulas (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# neo4j-admin's default array delimiter
_ARRAY_DELIMITER = ";"
_REPLACEMENT = "\ufffd"


# -- the flat graph ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """``value`` as a string; None becomes the empty string."""
    return "" if value is None else str(value)


def _unique_in_order(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def edge_dates(evidence: Iterable[Mapping[str, Any]]) -> list[str]:
    """The distinct dates of an edge's evidence, earliest first (by :func:`kg.dates.sort_key`)."""
    found = set()
    for ev in evidence:
        value = ev.get("date")
        if isinstance(value, str) and value:
            try:
                date_range(value)
            except ValueError:
                continue
            found.add(value)
    return sorted(found, key=sort_key)


def _first_last(dates: list[str]) -> tuple[str, str]:
    """The earliest date (by first day) and the latest (by last day), as written."""
    if not dates:
        return "", ""
    return dates[0], max(dates, key=lambda d: (date_range(d)[1], d))


def _intervals(dates: Iterable[str]) -> list[tuple[str, str]]:
    """The days the dates cover, as merged ``(first, last)`` ISO day intervals."""
    spans = sorted(date_range(d) for d in dates)
    merged: list[list[Any]] = []
    for start, end in spans:
        if merged and (start - merged[-1][1]).days <= 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a.isoformat(), b.isoformat()) for a, b in merged]


def flat_graph(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """A copy of the graph whose attributes are only ``str``, ``int``, ``float`` and ``bool``.

    This is what GraphML and GEXF can hold (and what Gephi opens). Node keys and edge keys are
    those of :meth:`KnowledgeGraph.to_networkx` (canonical names; relation labels).

    Node attributes: ``label``, ``type`` (``""`` when unknown), ``mentions``, ``aliases``
    (names joined with ``"; "``, most frequent first), ``aliases_json`` (a JSON object of
    alias -> count), ``titles`` and ``docs`` (joined with ``"; "``), ``affiliation`` (``""``
    when none).

    Edge attributes: ``relation``, ``label``, ``negated``, ``count``, ``weight`` (the count
    as a float, for Gephi's edge thickness), ``confidence``, ``interaction`` (``""`` when
    none), ``intensity`` (left out when the relation has none: a number attribute holds
    numbers only), ``evidence_count``, ``sentence`` (the first evidence sentence), ``doc_ids``
    (distinct documents joined with ``"; "``), ``dates`` (the distinct dates of its triples,
    ISO 8601 as precise as known, earliest first, joined with ``"; "``), ``first_date`` and
    ``last_date`` (the earliest and the latest of them, ``""`` when undated) and
    ``evidence_json`` (every evidence record, with its ``date`` and ``date_source``, as JSON).

    Args:
        graph: The knowledge graph.

    Returns:
        A new ``MultiDiGraph``; changing it does not change ``graph``.
    """
    src = graph.to_networkx()
    out = nx.MultiDiGraph()
    for name, data in src.nodes(data=True):
        aliases = dict(data.get("aliases") or {})
        out.add_node(
            name,
            label=_text(data.get("label", name)),
            type=_text(data.get("type")),
            mentions=int(data.get("mentions") or 0),
            aliases="; ".join(aliases),
            aliases_json=json.dumps(aliases, ensure_ascii=False),
            titles="; ".join(data.get("titles") or ()),
            affiliation=_text(data.get("affiliation")),
            docs="; ".join(data.get("docs") or ()),
        )
    for u, v, key, data in src.edges(keys=True, data=True):
        evidence = list(data.get("evidence") or ())
        count = int(data.get("count") or len(evidence) or 1)
        dates = edge_dates(evidence)
        first, last = _first_last(dates)
        attrs: dict[str, Any] = {
            "relation": _text(data.get("relation")),
            "label": _text(data.get("label", key)),
            "negated": bool(data.get("negated", False)),
            "count": count,
            "weight": float(count),
            "confidence": float(data.get("confidence") or 0.0),
            "interaction": _text(data.get("interaction")),
            "evidence_count": len(evidence),
            "sentence": _text(evidence[0].get("sentence")) if evidence else "",
            "doc_ids": "; ".join(_unique_in_order(_text(e.get("doc_id")) for e in evidence)),
            "dates": "; ".join(dates),
            "first_date": first,
            "last_date": last,
            "evidence_json": json.dumps(evidence, ensure_ascii=False),
        }
        if data.get("intensity") is not None:
            attrs["intensity"] = float(data["intensity"])
        out.add_edge(u, v, key=key, **attrs)
    return out


# -- GraphML and GEXF -------------------------------------------------------------------------------


def _xml_clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (each becomes U+FFFD)."""
    return _XML_INVALID.sub(_REPLACEMENT, text)


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    while candidate in used:
        candidate = f"{name} ({n})"
        n += 1
    used.add(candidate)
    return candidate


def _xml_graph(flat: nx.MultiDiGraph, numbered_edges: bool) -> nx.MultiDiGraph:
    """A copy of ``flat`` that XML can hold: invalid characters replaced, ids kept unique.

    Args:
        flat: Output of :func:`flat_graph`.
        numbered_edges: Key the edges ``e0``, ``e1``, ... (GraphML writes the key as the edge
            id, and Gephi wants edge ids unique in the whole file); otherwise keep the labels.
    """

    def clean(data: Mapping[str, Any]) -> dict[str, Any]:
        return {k: _xml_clean(v) if isinstance(v, str) else v for k, v in data.items()}

    ids: dict[Any, str] = {}
    used_ids: set[str] = set()
    g = nx.MultiDiGraph()
    for node, data in flat.nodes(data=True):
        ids[node] = _unique(_xml_clean(str(node)), used_ids)
        g.add_node(ids[node], **clean(data))
    for i, (u, v, key, data) in enumerate(flat.edges(keys=True, data=True)):
        a, b = ids[u], ids[v]
        if numbered_edges:
            new_key = f"e{i}"
        else:
            new_key = _unique(_xml_clean(str(key)), set(g[a][b]) if g.has_edge(a, b) else set())
        g.add_edge(a, b, key=new_key, **clean(data))
    return g


def _write_xml(path: _PathLike, write: Callable[[io.BytesIO], None]) -> Path:
    buffer = io.BytesIO()
    write(buffer)
    text = buffer.getvalue().decode("utf-8")
    # ElementTree writes a carriage return in element text as is, and XML readers turn it into
    # a newline; as a character reference it survives. Outside values there is none.
    text = text.replace("\r", "&#13;")
    target = Path(path)
    with atomic_open(target, "wb") as fh:
        fh.write(text.encode("utf-8"))
    return target


def to_graphml(graph: KnowledgeGraph, path: _PathLike) -> Path:
    """Write the graph as GraphML (networkx's writer on :func:`flat_graph`).

    Edge ids are ``e0``, ``e1``, ... (unique, as Gephi requires); kg's edge key, the relation
    label, is the ``label`` attribute. ``nx.read_graphml(path, force_multigraph=True)`` reads
    back the same nodes, attributes and edges, with these numbered keys.

    Args:
        graph: The knowledge graph.
        path: The file to write (its directory must exist).

    Returns:
        The path written.

    Raises:
        KgError: The file cannot be written.
    """
    g = _xml_graph(flat_graph(graph), numbered_edges=True)
    return _write_xml(path, lambda fh: nx.write_graphml(g, fh, encoding="utf-8"))


def to_gexf(graph: KnowledgeGraph, path: _PathLike) -> Path:
    """Write the graph as GEXF 1.2 (networkx's writer on :func:`flat_graph`).

    Edge ids are numbers, unique in the file; the relation label is the edge's ``label`` and
    its ``networkx_key`` attribute, so ``nx.read_gexf(path)`` gives back kg's edge keys.

    When the graph has dates the file is dynamic (``mode="dynamic"``,
    ``timeformat="date"``): a dated edge lives from the first to the last day of its dates
    (``start`` and ``end``), or in one ``spell`` per stretch of days when its dates are
    apart; a node whose edges are all dated lives when they do. Undated edges and the nodes
    they touch are there all the time. Gephi's timeline then plays the graph.

    Args:
        graph: The knowledge graph.
        path: The file to write (its directory must exist).

    Returns:
        The path written.

    Raises:
        KgError: The file cannot be written.
    """
    g = _xml_graph(flat_graph(graph), numbered_edges=False)
    _add_time(g)
    return _write_xml(path, lambda fh: nx.write_gexf(g, fh, encoding="utf-8"))


def _add_time(g: nx.MultiDiGraph) -> None:
    """Give the edges (and nodes) of a flat graph the GEXF ``start``/``end`` or ``spells``
    of their dates."""
    node_days: dict[Any, list[str] | None] = {}
    for u, v, _, data in g.edges(keys=True, data=True):
        dates = [d for d in data["dates"].split("; ") if d] if data.get("dates") else []
        for n in (u, v):
            if not dates:
                node_days[n] = None
            elif node_days.get(n, []) is not None:
                node_days.setdefault(n, []).extend(dates)
        _set_time(data, _intervals(dates))
    for n, dates in node_days.items():
        if dates:
            _set_time(g.nodes[n], _intervals(dates))


def _set_time(data: dict[str, Any], spans: list[tuple[str, str]]) -> None:
    if len(spans) == 1:
        data["start"], data["end"] = spans[0]
    elif spans:
        data["spells"] = spans


# -- Neo4j admin-import CSV -------------------------------------------------------------------------


def relationship_type(label: str) -> str:
    """A Neo4j relationship type for a relation label: upper case, ``[A-Z0-9_]`` only.

    Runs of other characters become one ``_``; a type that would start with a digit gets
    ``R_`` in front; an empty one is ``RELATED``.

    Example:
        >>> relationship_type("fly into"), relationship_type("not meet"), relationship_type("2nd")
        ('FLY_INTO', 'NOT_MEET', 'R_2ND')
    """
    rel = _NOT_TYPE_CHAR.sub("_", label.upper()).strip("_")
    if not rel:
        return "RELATED"
    if rel[0].isdigit():
        rel = "R_" + rel
    return rel


def _node_label(entity_type: str | None) -> str:
    """The extra Neo4j label of an entity type (``""`` when none): ``[A-Za-z0-9_]`` only."""
    return _NOT_LABEL_CHAR.sub("_", entity_type or "").strip("_")


def neutralise_cell(cell: str) -> str:
    """A text cell that no spreadsheet runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single
    quote ``'`` in front; any other cell is returned unchanged.

    Example:
        >>> neutralise_cell("=SUM(1)"), neutralise_cell("Oslo")
        ("'=SUM(1)", 'Oslo')
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _csv_text(value: Any) -> str:
    return neutralise_cell(_SURROGATES.sub(_REPLACEMENT, _text(value)))


def _csv_array(values: Iterable[Any]) -> str:
    """One neo4j-admin array cell: elements joined with ``;`` (a ``;`` inside becomes ``,``)."""
    items = [_text(v).replace(_ARRAY_DELIMITER, ",") for v in values]
    return _csv_text(_ARRAY_DELIMITER.join(i for i in items if i))


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return repr(value) if isinstance(value, float) else str(int(value))


def to_csv(graph: KnowledgeGraph, directory: _PathLike) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` for ``neo4j-admin database import``.

    Nodes get ids ``n0``, ``n1``, ... and the labels ``Entity`` and their type
    (``Entity;PERSON``); edges get a relationship type from :func:`relationship_type` and keep
    the real relation in ``relation`` and ``label``. Array columns use ``;``, neo4j-admin's
    default array delimiter. Text cells that start like a formula are neutralised with
    :func:`neutralise_cell`; number and boolean columns hold only numbers kg wrote itself.
    Sentences may hold line breaks: import with ``--multiline-fields=true``.

    Args:
        graph: The knowledge graph.
        directory: The directory to write into; created if missing.

    Returns:
        The paths of ``nodes.csv`` and ``edges.csv``.

    Raises:
        KgError: ``directory`` is a file, or cannot be created or written.
    """
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise KgError(f"cannot write CSV files into {out}: it is a file; the csv export writes a directory with nodes.csv and edges.csv")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot create the directory {out}: {exc.strerror or exc}") from None
    g = graph.to_networkx()
    ids = {name: f"n{i}" for i, name in enumerate(g.nodes)}
    nodes_path, edges_path = out / "nodes.csv", out / "edges.csv"
    with atomic_open(nodes_path, "w", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(NODE_CSV_HEADER)
        for name, data in g.nodes(data=True):
            extra = _node_label(data.get("type"))
            writer.writerow(
                [
                    ids[name],
                    _csv_text(name),
                    _csv_text(data.get("type")),
                    _number(int(data.get("mentions") or 0)),
                    _csv_array(data.get("aliases") or ()),
                    _csv_array(data.get("titles") or ()),
                    _csv_text(data.get("affiliation")),
                    _csv_array(data.get("docs") or ()),
                    "Entity;" + extra if extra and extra != "Entity" else "Entity",
                ]
            )
    with atomic_open(edges_path, "w", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(EDGE_CSV_HEADER)
        for u, v, key, data in g.edges(keys=True, data=True):
            evidence = list(data.get("evidence") or ())
            label = _text(data.get("label", key))
            dates = edge_dates(evidence)
            writer.writerow(
                [
                    ids[u],
                    ids[v],
                    relationship_type(label),
                    _csv_text(data.get("relation")),
                    _csv_text(label),
                    _number(bool(data.get("negated", False))),
                    _number(int(data.get("count") or 1)),
                    _number(float(data.get("confidence") or 0.0)),
                    _csv_text(data.get("interaction")),
                    _number(None if data.get("intensity") is None else float(data["intensity"])),
                    _number(len(evidence)),
                    _csv_text(evidence[0].get("sentence") if evidence else ""),
                    _csv_array(_unique_in_order(_text(e.get("doc_id")) for e in evidence)),
                    _csv_array(dates),
                    *_first_last(dates),
                ]
            )
    return [nodes_path, edges_path]


# -- Cypher ----------------------------------------------------------------------------------------

_CYPHER_ESCAPES: dict[int, str] = {
    ord("\\"): "\\\\",
    ord("'"): "\\'",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
}
for _code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]:
    _CYPHER_ESCAPES.setdefault(_code, f"\\u{_code:04x}")
del _code


def cypher_string(text: str) -> str:
    """``text`` as a single-quoted Cypher string literal, safe to put in any statement.

    Backslash, both quotes, newline, carriage return, tab, backspace and form feed get their
    backslash escapes; other control characters (and U+2028, U+2029) become ``\\uXXXX``; a
    lone surrogate becomes U+FFFD. The result never spans lines.

    Example:
        >>> print(cypher_string("O'Neil said \\"no\\"\\n"))
        'O\\'Neil said \\"no\\"\\n'
    """
    return "'" + _SURROGATES.sub(_REPLACEMENT, text).translate(_CYPHER_ESCAPES) + "'"


def _cypher_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_cypher_value(v) for v in value) + "]" if value else "null"
    return cypher_string(str(value))


def _cypher_set(var: str, props: Mapping[str, Any]) -> str:
    return ", ".join(f"{var}.{k} = {_cypher_value(v)}" for k, v in props.items())


def to_cypher(graph: KnowledgeGraph, path: _PathLike) -> Path:
    """Write a Cypher script of ``MERGE`` statements, one statement a line.

    The script first creates a uniqueness constraint on ``:Entity(name)``, then merges each
    entity by name (with its type as a second label), each relation by its label between
    the two entities (with its ``dates``, ``first_date`` and ``last_date``), and each document
    that has metadata as a ``:Document`` by id (``date``, ``title``, ``url``, ``source``; the
    relations name their documents in ``doc_ids``). Running it twice changes nothing the
    second time. Every string is a
    :func:`cypher_string` literal; labels and relationship types hold only ``[A-Za-z0-9_]``.
    Run it with ``cypher-shell -f graph.cypher``.

    Args:
        graph: The knowledge graph.
        path: The file to write (its directory must exist).

    Returns:
        The path written.

    Raises:
        KgError: The file cannot be written.
    """
    g = graph.to_networkx()
    target = Path(path)
    with atomic_open(target, "w", newline="\n") as fh:
        fh.write(f"// kg export: {g.number_of_nodes()} entities, {g.number_of_edges()} relations. Run: cypher-shell -f FILE\n")
        fh.write("CREATE CONSTRAINT kg_entity_name IF NOT EXISTS FOR (n:Entity) REQUIRE n.name IS UNIQUE;\n")
        for name, data in g.nodes(data=True):
            extra = _node_label(data.get("type"))
            label_set = f"n:`{extra}`, " if extra else ""
            props = {
                "type": data.get("type"),
                "mentions": int(data.get("mentions") or 0),
                "aliases": list(data.get("aliases") or ()),
                "titles": list(data.get("titles") or ()),
                "affiliation": data.get("affiliation"),
                "docs": list(data.get("docs") or ()),
            }
            fh.write(f"MERGE (n:Entity {{name: {cypher_string(str(name))}}}) SET {label_set}{_cypher_set('n', props)};\n")
        for u, v, key, data in g.edges(keys=True, data=True):
            evidence = list(data.get("evidence") or ())
            label = _text(data.get("label", key))
            dates = edge_dates(evidence)
            first, last = _first_last(dates)
            props = {
                "relation": data.get("relation"),
                "negated": bool(data.get("negated", False)),
                "count": int(data.get("count") or 1),
                "confidence": float(data.get("confidence") or 0.0),
                "interaction": data.get("interaction"),
                "intensity": None if data.get("intensity") is None else float(data["intensity"]),
                "evidence_count": len(evidence),
                "sentence": evidence[0].get("sentence") if evidence else None,
                "doc_ids": _unique_in_order(_text(e.get("doc_id")) for e in evidence),
                "dates": dates,
                "first_date": first or None,
                "last_date": last or None,
            }
            fh.write(
                f"MATCH (a:Entity {{name: {cypher_string(str(u))}}}), (b:Entity {{name: {cypher_string(str(v))}}}) "
                f"MERGE (a)-[r:`{relationship_type(label)}` {{label: {cypher_string(label)}}}]->(b) "
                f"SET {_cypher_set('r', props)};\n"
            )
        for doc in _documents(graph):
            props = {k: doc.meta.get(k) if isinstance(doc.meta.get(k), str) else None for k in ("date", "title", "url", "source")}
            fh.write(f"MERGE (d:Document {{id: {cypher_string(doc.id)}}}) SET {_cypher_set('d', props)};\n")
    return target


def _documents(graph: KnowledgeGraph) -> list[Any]:
    """The documents that have metadata, as :class:`kg.graph.graph.DocumentInfo`."""
    return [info for info in (graph.document(d) for d in graph.documents) if info.meta]


# -- RDF Turtle ------------------------------------------------------------------------------------


def entity_iri(name: str) -> str:
    """The IRI of an entity: :data:`ENTITY_NS` plus the percent-encoded (UTF-8) name.

    Example:
        >>> entity_iri("Anna Berg")
        'https://w3id.org/kg-newsgraph/entity/Anna%20Berg'
    """
    return ENTITY_NS + quote(_SURROGATES.sub(_REPLACEMENT, name), safe="")


def relation_slug(label: str) -> str:
    """The local name of a relation predicate: spaces as ``_``, the rest percent-encoded.

    Example:
        >>> relation_slug("not meet"), relation_slug("fly into")
        ('not_meet', 'fly_into')
    """
    words = "_".join(_SURROGATES.sub(_REPLACEMENT, label).split())
    return quote(words, safe="") or "related"


_TURTLE_ESCAPES: dict[int, str] = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
}
for _code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]:
    _TURTLE_ESCAPES.setdefault(_code, f"\\u{_code:04X}")
del _code


def _turtle_string(text: str) -> str:
    """A one-line double-quoted Turtle string with every special character escaped."""
    return '"' + _SURROGATES.sub(_REPLACEMENT, text).translate(_TURTLE_ESCAPES) + '"'


def _rdflib() -> Any:
    try:
        import rdflib
    except ImportError:
        raise KgError("the turtle export needs rdflib: pip install rdflib (or pip install -e '.[rdf]' in a checkout of kg)") from None
    return rdflib


def _rdf_graph(graph: KnowledgeGraph) -> Any:
    """The graph as an ``rdflib.Graph`` in kg's vocabulary (see docs/exports.md)."""
    rdflib = _rdflib()
    from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS

    kgv = Namespace(VOCAB_NS)
    kgr = Namespace(RELATION_NS)
    rdf = rdflib.Graph()
    rdf.bind("kgv", kgv)
    rdf.bind("kgr", kgr)
    rdf.bind("kge", Namespace(ENTITY_NS))
    rdf.bind("kgd", Namespace(DOCUMENT_NS))
    rdf.bind("dcterms", DCTERMS)

    def text(value: Any) -> Any:
        return Literal(_SURROGATES.sub(_REPLACEMENT, str(value)))

    def when(value: str) -> Any:
        """A date literal typed by its precision (a week has no XSD type: a plain string).

        Raises:
            ValueError: ``value`` is not an ISO date kg writes.
        """
        date_range(value)
        kind = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}.get(precision(value))
        return Literal(value, datatype=kind) if kind is not None else text(value)

    documents = {}
    for doc in _documents(graph):
        node = URIRef(DOCUMENT_NS + quote(_SURROGATES.sub(_REPLACEMENT, doc.id), safe=""))
        documents[doc.id] = node
        rdf.add((node, RDF.type, kgv["Document"]))
        rdf.add((node, kgv["docId"], Literal(_SURROGATES.sub(_REPLACEMENT, doc.id))))
        if doc.date:
            try:
                rdf.add((node, DCTERMS.date, when(doc.date)))
            except ValueError:
                pass  # (a saved graph edited by hand: a date kg did not write)
        for key, prop in (("title", DCTERMS.title), ("url", kgv["url"]), ("source", DCTERMS.publisher)):
            if isinstance(doc.meta.get(key), str):
                rdf.add((node, prop, Literal(_SURROGATES.sub(_REPLACEMENT, doc.meta[key]))))

    g = graph.to_networkx()
    iris = {name: URIRef(entity_iri(str(name))) for name in g.nodes}
    for name, data in g.nodes(data=True):
        e = iris[name]
        rdf.add((e, RDF.type, kgv["Entity"]))
        rdf.add((e, kgv["name"], text(name)))
        rdf.add((e, RDFS.label, text(name)))
        if data.get("type"):
            rdf.add((e, kgv["type"], text(data["type"])))
        rdf.add((e, kgv["mentions"], Literal(int(data.get("mentions") or 0), datatype=XSD.integer)))
        for alias in data.get("aliases") or ():
            rdf.add((e, kgv["alias"], text(alias)))
        for title in data.get("titles") or ():
            rdf.add((e, kgv["title"], text(title)))
        if data.get("affiliation"):
            rdf.add((e, kgv["affiliation"], text(data["affiliation"])))
        for doc in data.get("docs") or ():
            rdf.add((e, kgv["docId"], text(doc)))
    for u, v, key, data in g.edges(keys=True, data=True):
        label = _text(data.get("label", key))
        predicate = kgr[relation_slug(label)]
        rdf.add((iris[u], predicate, iris[v]))
        st = BNode()
        rdf.add((st, RDF.type, kgv["Statement"]))
        rdf.add((st, kgv["subject"], iris[u]))
        rdf.add((st, kgv["object"], iris[v]))
        rdf.add((st, kgv["predicate"], predicate))
        rdf.add((st, kgv["relation"], text(data.get("relation", label))))
        rdf.add((st, kgv["label"], text(label)))
        rdf.add((st, kgv["negated"], Literal(bool(data.get("negated", False)))))
        rdf.add((st, kgv["count"], Literal(int(data.get("count") or 1), datatype=XSD.integer)))
        rdf.add((st, kgv["confidence"], Literal(float(data.get("confidence") or 0.0), datatype=XSD.double)))
        if data.get("interaction"):
            rdf.add((st, kgv["interaction"], text(data["interaction"])))
        if data.get("intensity") is not None and math.isfinite(float(data["intensity"])):
            rdf.add((st, kgv["intensity"], Literal(float(data["intensity"]), datatype=XSD.double)))
        for ev in data.get("evidence") or ():
            node = BNode()
            rdf.add((st, kgv["evidence"], node))
            rdf.add((node, RDF.type, kgv["Evidence"]))
            rdf.add((node, kgv["docId"], text(ev.get("doc_id", ""))))
            rdf.add((node, kgv["sentence"], text(ev.get("sentence", ""))))
            rdf.add((node, kgv["start"], Literal(int(ev.get("start", 0)), datatype=XSD.integer)))
            rdf.add((node, kgv["end"], Literal(int(ev.get("end", 0)), datatype=XSD.integer)))
            for field, prop in (("subject_text", kgv["subjectText"]), ("relation_text", kgv["relationText"]), ("object_text", kgv["objectText"])):
                if ev.get(field) is not None:
                    rdf.add((node, prop, text(ev[field])))
            if ev.get("confidence") is not None:
                rdf.add((node, kgv["confidence"], Literal(float(ev["confidence"]), datatype=XSD.double)))
            if ev.get("modality"):
                rdf.add((node, kgv["modality"], text(ev["modality"])))
            if ev.get("attributed_to"):
                rdf.add((node, kgv["attributedTo"], text(ev["attributed_to"])))
            if ev.get("conditional"):
                rdf.add((node, kgv["conditional"], Literal(True)))
            if edge_dates([ev]):
                rdf.add((node, kgv["date"], when(ev["date"])))
                if ev.get("date_source"):
                    rdf.add((node, kgv["dateSource"], text(ev["date_source"])))
            if ev.get("doc_id") in documents:
                rdf.add((node, kgv["document"], documents[ev["doc_id"]]))
    return rdf


def _turtle_serializer(rdf: Any) -> Any:
    """rdflib's Turtle serializer, but writing every plain string on one line, escaped.

    rdflib writes a string holding a newline as a triple-quoted literal with the newline and
    any control characters raw; valid Turtle, but kg escapes them all.
    """
    from rdflib import Literal
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    class _Serializer(TurtleSerializer):
        def label(self, node: Any, position: int) -> str:
            if isinstance(node, Literal) and node.language is None and node.datatype is None:
                return _turtle_string(str(node))
            return super().label(node, position)

    return _Serializer(rdf)


def to_turtle(graph: KnowledgeGraph, path: _PathLike) -> Path:
    """Write the graph as RDF Turtle (through rdflib) in kg's vocabulary.

    Each entity is a ``kgv:Entity`` at :func:`entity_iri` of its name; each edge is a direct
    triple ``subject kgr:<relation_slug> object`` plus a ``kgv:Statement`` node with the
    subject, object, relation, counts and one ``kgv:Evidence`` node per sentence. Every
    string is written on one line with quotes, backslashes, line breaks and control
    characters escaped. The vocabulary is described in ``docs/exports.md``.

    Args:
        graph: The knowledge graph.
        path: The file to write (its directory must exist).

    Returns:
        The path written.

    Raises:
        KgError: rdflib is not installed, or the file cannot be written.
    """
    rdf = _rdf_graph(graph)
    buffer = io.BytesIO()
    _turtle_serializer(rdf).serialize(buffer, encoding="utf-8")
    target = Path(path)
    with atomic_open(target, "wb") as fh:
        fh.write(buffer.getvalue())
    return target


# -- dispatch --------------------------------------------------------------------------------------


def export(graph: KnowledgeGraph, fmt: str, output: _PathLike) -> list[Path]:
    """Export ``graph`` in format ``fmt`` to ``output``.

    Args:
        graph: The knowledge graph.
        fmt: One of :data:`FORMATS` (any case).
        output: The file to write; for ``csv`` the directory to write ``nodes.csv`` and
            ``edges.csv`` into.

    Returns:
        The paths written.

    Raises:
        KgError: ``fmt`` is unknown, rdflib is missing for ``turtle``, or a file cannot be
            written.
    """
    name = str(fmt).strip().lower()
    if name == "csv":
        return to_csv(graph, output)
    writers: dict[str, Callable[[KnowledgeGraph, _PathLike], Path]] = {
        "graphml": to_graphml,
        "gexf": to_gexf,
        "cypher": to_cypher,
        "turtle": to_turtle,
    }
    if name not in writers:
        raise KgError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return [writers[name](graph, output)]
