"""The knowledge graph: triples, entities and quotes of many documents, with a query API.

A :class:`KnowledgeGraph` keeps what kg read from each document (its triples, entities and
quotes, with document-level names) and derives the corpus view from it on demand: entities
merged across documents, triples renamed to the merged names, and a networkx
``MultiDiGraph`` with one node per entity and one edge per distinct (subject, relation,
object). Because the per-document results are kept, adding a document again replaces it
instead of counting it twice, and a save/load round trip is exact.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import MISSING, dataclass, fields, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.analysis import DocResult
from kg.corpus.atomic import atomic_write_text
from kg.dates import PRECISIONS, date_range, overlaps, parse_bound, period_of, sort_key
from kg.errors import GraphFormatError, KgError
from kg.graph.query import (
    CONFLICT,
    COOPERATION,
    NameAnswers,
    NodeInfo,
    by_weight,
    check_walk,
    index_keys,
    interaction_classes,
    interaction_graph,
    match_names,
    pagerank,
    plain_entity,
    relation_filter,
    relation_graph,
    stats_record,
    suggest_names,
    title_keys,
    walk,
)
from kg.model import Entity, Evidence, Mention, Quote, Triple
from kg.resolve.merge import corpus_triple, merge_entities, surname_index

if TYPE_CHECKING:  # pragma: no cover
    from kg.graph.store import Store
    from kg.render.page import RenderReport

__all__ = ["KnowledgeGraph", "DocumentInfo", "Timeline", "timeline_of", "load", "FORMAT_NAME", "FORMAT_VERSION"]

#: The ``format`` field of a saved graph.
FORMAT_NAME = "kg-graph"
#: The version of the saved-graph format this kg reads and writes.
FORMAT_VERSION = 1

@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document of the graph: its id, metadata and size.

    Attributes:
        id: The document id (a file's absolute path, a JSONL or CSV id, ...).
        meta: Its metadata: ``date`` (ISO 8601), ``title``, ``url``, ``source`` and any other
            fields its input gave; empty when none.
        words: Number of tokens read.
        triples: Number of triples read from it.
        hash: A hash of its text (a store keeps it, to skip a document it holds unchanged).
        added: When a store took it in (ISO 8601), or None.
    """

    id: str
    meta: dict[str, Any]
    words: int
    triples: int
    hash: str | None = None
    added: str | None = None

    @property
    def date(self) -> str | None:
        """The document's date (ISO 8601), or None."""
        value = self.meta.get("date")
        return value if isinstance(value, str) else None

    @property
    def title(self) -> str | None:
        """The document's title, or None."""
        value = self.meta.get("title")
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Timeline:
    """Interactions over time: one row per period, with the count of each interaction class.

    Attributes:
        by: The period: ``"day"``, ``"week"``, ``"month"`` or ``"year"``.
        periods: ``(period, {class: count})`` rows in time order ("2009-02", "2009-W06", ...);
            periods without interactions are left out.
        undated: Interactions without a date (not counted in ``periods``).
        coarser: Interactions dated less precisely than ``by`` ("2009" in a timeline by
            month; not counted in ``periods``).
    """

    by: str
    periods: tuple[tuple[str, dict[str, int]], ...]
    undated: int = 0
    coarser: int = 0

    @property
    def classes(self) -> list[str]:
        """The interaction classes that occur, in kg's order."""
        seen = {c for _, counts in self.periods for c in counts}
        order = [*COOPERATION, *CONFLICT, "neutral"]
        return [c for c in order if c in seen] + sorted(seen - set(order))

    def plot(self, path: str | os.PathLike[str], title: str = "Interactions over time") -> Path:
        """Draw the timeline as stacked bars by interaction class into a PNG file.

        matplotlib (the ``plot`` extra) is imported here and drawn with its Agg canvas, so
        neither pyplot nor the process-wide backend is touched.

        Raises:
            KgError: matplotlib is not installed, or the file cannot be written.
        """
        try:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
            from matplotlib.figure import Figure
        except ImportError:
            raise KgError("drawing a timeline needs matplotlib: pip install 'kg-newsgraph[plot]'") from None
        from kg.corpus.atomic import atomic_open

        figure = Figure(figsize=(9, 4), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot(1, 1, 1)
        starts = [date_range(p)[0] for p, _ in self.periods]
        widths = [0.8 * ((date_range(p)[1] - date_range(p)[0]).days + 1) for p, _ in self.periods]
        bottom = [0] * len(self.periods)
        for cls in self.classes:
            heights = [counts.get(cls, 0) for _, counts in self.periods]
            axes.bar([date2num(d) for d in starts], heights, width=widths, bottom=bottom, align="edge",
                     color=_CLASS_COLOURS.get(cls, "#9a9a9a"), label=cls)
            bottom = [b + h for b, h in zip(bottom, heights)]
        if self.periods:
            locator = AutoDateLocator()
            axes.xaxis.set_major_locator(locator)
            axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
            axes.legend(loc="upper left", fontsize=8)
        axes.set_ylabel(f"interactions per {self.by}")
        axes.set_title(title)
        axes.grid(True, axis="y", alpha=0.3)
        figure.tight_layout()
        target = Path(path)
        with atomic_open(target, "wb") as fh:
            figure.savefig(fh, format="png")
        return target


def _step(t: Triple, to: str, affiliations: bool) -> bool:
    """Can ``t`` be a step of a path to ``to``?"""
    return t.object == to and not t.object_is_clause and not t.negated and (affiliations or t.kind != "affiliation")


def timeline_of(
    interactions: Iterable[tuple[str, str, str, str | None]],
    by: str,
    *,
    names: set[str] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> Timeline:
    """Count ``(subject, object, interaction class, date)`` rows by period: the one rule
    behind :meth:`KnowledgeGraph.timeline` and :meth:`kg.graph.store.Store.timeline`.

    Raises:
        KgError: ``by`` is not a period, or a bound is not a date.
    """
    if by not in PRECISIONS:
        raise KgError(f"a timeline is by {', '.join(PRECISIONS)}, not {by!r}")
    lo, hi = parse_bound(since, name="since"), parse_bound(until, end=True, name="until")
    counts: dict[str, Counter] = defaultdict(Counter)
    undated = coarser = 0
    for subject, obj, interaction, when in interactions:
        if names is not None and subject not in names and obj not in names:
            continue
        if not when:
            if lo is None and hi is None:
                undated += 1
            continue
        if not overlaps(when, lo, hi):
            continue
        period = period_of(when, by)
        if period is None:
            coarser += 1
            continue
        counts[period][interaction] += 1
    rows = tuple((p, dict(counts[p])) for p in sorted(counts, key=sort_key))
    return Timeline(by, rows, undated, coarser)


_CLASS_COLOURS = {
    "verbal cooperation": "#98df8a",
    "material cooperation": "#2ca02c",
    "verbal conflict": "#ff9896",
    "material conflict": "#d62728",
    "neutral": "#9a9a9a",
}


@dataclass(frozen=True, slots=True)
class _Doc:
    """Everything read from one document (all its chunks)."""

    id: str
    triples: tuple[Triple, ...]
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    words: int
    meta: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The document as JSON-ready data. Each sentence is written once, in a table that
        triples and mentions point into (a sentence often holds several triples and
        mentions); triple fields at their default values are left out."""
        sentences: dict[tuple[int, int], int] = {}
        table: list[list[Any]] = []

        def ref(ev: Evidence) -> int:
            key = (ev.start, ev.end)
            k = sentences.get(key)
            if k is None:
                k = sentences[key] = len(table)
                table.append([ev.start, ev.end, ev.sentence])
            return k

        triples = []
        for t in self.triples:
            d: dict[str, Any] = {}
            for name, default in _TRIPLE_SAVED:
                value = getattr(t, name)
                if value is default or value == default:
                    continue
                if name == "extras":
                    value = [{"role": a.role, "text": a.text} for a in value]
                d[name] = value
            d["s"] = ref(t.evidence)
            triples.append(d)
        entities = []
        for e in self.entities:
            d = e.to_dict()
            d["mentions"] = [{"text": m.text, "start": m.start, "end": m.end, "s": ref(m.evidence)} for m in e.mentions]
            entities.append(d)
        out: dict[str, Any] = {"id": self.id, "words": self.words}
        if self.meta:
            out["meta"] = self.meta
        return {
            **out,
            "sentences": table,
            "triples": triples,
            "entities": entities,
            "quotes": [q.to_dict() for q in self.quotes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _Doc:
        doc_id = str(data["id"])
        evidence = [Evidence(doc_id, str(text), int(start), int(end)) for start, end, text in data.get("sentences", ())]
        triples = []
        for t in data.get("triples", ()):
            ev = evidence[t["s"]]
            triples.append(Triple.from_dict({**t, "doc_id": ev.doc_id, "sentence": ev.sentence, "start": ev.start, "end": ev.end}))
        entities = []
        for e in data.get("entities", ()):
            mentions = tuple(Mention(str(m["text"]), int(m["start"]), int(m["end"]), evidence[m["s"]]) for m in e.get("mentions", ()))
            entities.append(replace(Entity.from_dict({**e, "mentions": []}), mentions=mentions))
        return cls(
            id=doc_id,
            triples=tuple(triples),
            entities=tuple(entities),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
            words=int(data.get("words", 0)),
            meta=dict(data["meta"]) if isinstance(data.get("meta"), dict) else None,
        )


# the fields a saved triple carries (evidence goes in the sentence table), with the value
# that is left out because it is the default
_NO_DEFAULT = object()
_TRIPLE_SAVED: tuple[tuple[str, Any], ...] = tuple(
    (f.name, f.default if f.default is not MISSING else _NO_DEFAULT) for f in fields(Triple) if f.name != "evidence"
)


def _combine_results(results: Sequence[DocResult]) -> _Doc:
    """Join the chunks of one document."""
    first = results[0]
    if len(results) == 1:
        return _Doc(first.doc_id, first.triples, first.entities, first.quotes, first.words, _meta(first))
    triples: list[Triple] = []
    quotes: list[Quote] = []
    by_name: dict[str, list[Entity]] = defaultdict(list)
    words = 0
    for r in results:
        triples.extend(r.triples)
        quotes.extend(r.quotes)
        words += r.words
        for e in r.entities:
            by_name[e.name].append(e)
    entities = []
    for group in by_name.values():
        merged, _ = merge_entities(group)
        entities.extend(merged.values())
    return _Doc(first.doc_id, tuple(triples), tuple(entities), tuple(quotes), words, _meta(first))


def _meta(result: DocResult) -> dict[str, Any] | None:
    return dict(result.meta) if result.meta else None


def _documents(results: Iterable[DocResult]) -> Iterator[_Doc]:
    """The documents of per-chunk results (chunks of one document in order, the last with
    ``last=True``), each as it completes.

    Raises:
        KgError: The results end in the middle of a document.
    """
    pending: list[DocResult] = []
    for r in results:
        pending.append(r)
        if r.last:
            yield _combine_results(pending)
            pending = []
    if pending:
        raise KgError(f"document {pending[0].doc_id!r} ended without its last chunk; its results were not added")


class KnowledgeGraph(NameAnswers):
    """Who did what to whom, across documents, with the sentences that say so.

    Build one with :func:`kg.build`, or load a saved one with :func:`kg.load`.

    Example:
        >>> graph = kg.build(["Ann Lee met Bob Stone in Paris."])  # doctest: +SKIP
        >>> [(t.subject, t.relation, t.object) for t in graph.query(subject="lee")]  # doctest: +SKIP
        [('Ann Lee', 'meet', 'Bob Stone')]
    """

    def __init__(self, results: Iterable[DocResult] = ()) -> None:
        self._docs: dict[str, _Doc] = {}
        self.add_results(results)

    # -- building ------------------------------------------------------------------------------

    def add_results(self, results: Iterable[DocResult]) -> list[str]:
        """Add per-document results; a document id seen before replaces its old content.

        Chunks of one document must come in order, ending with ``last=True``. A document id
        given twice (the same file twice, two JSONL lines with one id) is one document: the
        later text replaces the earlier one, as it would in a later update.

        Returns:
            The ids of the documents that replaced earlier versions.
        """
        replaced: list[str] = []
        try:
            for doc in _documents(results):
                if doc.id in self._docs:
                    replaced.append(doc.id)
                self._docs[doc.id] = doc
        finally:
            self._invalidate()
        return replaced

    def update(self, inputs: Any, nlp: Any = None, **kwargs: Any) -> list[str]:
        """Read more documents into this graph (see :func:`kg.build` for ``inputs``).

        A document whose id is already in the graph replaces its old triples instead of
        counting twice.

        Returns:
            The ids of the documents that were replaced.
        """
        from kg.corpus.engine import analyze_inputs

        return self.add_results(analyze_inputs(inputs, nlp=nlp, **kwargs))

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Drop documents from the graph."""
        for d in doc_ids:
            self._docs.pop(d, None)
        self._invalidate()

    def _invalidate(self) -> None:
        for name in ("_merged", "_graph", "_index", "_word_index", "_title_index", "_triple_index", "_undirected", "_undirected_acts"):
            self.__dict__.pop(name, None)

    # -- the corpus view ---------------------------------------------------------------------------

    @cached_property
    def _merged(self) -> tuple[tuple[Triple, ...], dict[str, Entity], tuple[Quote, ...]]:
        entities, renames = merge_entities(e for d in self._docs.values() for e in d.entities)
        types = {name: e.type for name, e in entities.items()}
        surnames = surname_index(types)
        triples = [corpus_triple(t, types, renames, surnames) for d in self._docs.values() for t in d.triples]
        quotes = tuple(
            replace(q, speaker=renames.get(q.speaker, q.speaker)) for d in self._docs.values() for q in d.quotes
        )
        return tuple(triples), entities, quotes

    @property
    def triples(self) -> tuple[Triple, ...]:
        """Every triple, entity names merged across documents."""
        return self._merged[0]

    @property
    def entities(self) -> dict[str, Entity]:
        """Named entities by canonical name."""
        return dict(self._merged[1])

    @property
    def documents(self) -> list[str]:
        """Ids of the documents in the graph."""
        return list(self._docs)

    def document(self, doc_id: str) -> DocumentInfo:
        """A document's metadata (date, title, url, source...), size and triple count.

        Raises:
            KgError: No document has this id.

        Example:
            >>> graph.document("a1").date  # doctest: +SKIP
            '2009-02-03'
        """
        d = self._docs.get(doc_id)
        if d is None:
            shown = ", ".join(list(self._docs)[:5]) + (" ..." if len(self._docs) > 5 else "")
            raise KgError(f"no document {doc_id!r} in the graph; documents: {shown or '(none)'}")
        return DocumentInfo(d.id, dict(d.meta or {}), d.words, len(d.triples))

    def quotes(self, speaker: str | None = None) -> list[Quote]:
        """Direct quotations, optionally of one speaker (matched through aliases, any case)."""
        quotes = self._merged[2]
        if speaker is None:
            return list(quotes)
        names = self._match_names(speaker)
        return [q for q in quotes if q.speaker in names]

    # -- name matching ----------------------------------------------------------------------------

    @cached_property
    def _index(self) -> dict[str, set[str]]:
        """Lower-cased names and aliases -> canonical names."""
        index: dict[str, set[str]] = defaultdict(set)

        def add(key: str, name: str) -> None:
            for k in index_keys(key):
                index[k].add(name)

        for t in self.triples:
            add(t.subject, t.subject)
            if not t.object_is_clause:
                add(t.object, t.object)
        for name, e in self._merged[1].items():
            add(name, name)
            for alias, _ in e.aliases:
                add(alias, name)
        return index

    @cached_property
    def _word_index(self) -> dict[str, set[str]]:
        """Each word of a multi-word name or alias (lower case) -> canonical names."""
        words: dict[str, set[str]] = defaultdict(set)
        for key, names in self._index.items():
            parts = key.split()
            if len(parts) > 1:
                for w in parts:
                    words[w].update(names)
        return words

    def _match_names(self, name: str) -> set[str]:
        empty: set[str] = set()
        return match_names(
            name, lambda k: self._index.get(k, empty), lambda w: self._word_index.get(w, empty), lambda t: self._title_index.get(t, empty)
        )

    @cached_property
    def _title_index(self) -> dict[str, set[str]]:
        """Each title of an entity, and each ending of it of two words or more ("defense
        secretary" of "U.S. Defense Secretary"), lower case -> the entities holding it."""
        index: dict[str, set[str]] = defaultdict(set)
        for name, e in self._merged[1].items():
            for title in e.titles:
                for key in title_keys(title):
                    index[key].add(name)
        return index


    def _suggest(self, name: str) -> str:
        return suggest_names(name, self._index, self._index.__getitem__)

    # -- queries ------------------------------------------------------------------------------

    @cached_property
    def _triple_index(self) -> dict[str, dict[str, list[int]]]:
        by: dict[str, dict[str, list[int]]] = {"s": defaultdict(list), "o": defaultdict(list), "r": defaultdict(list), "d": defaultdict(list)}
        for i, t in enumerate(self.triples):
            by["s"][t.subject].append(i)
            by["o"][t.object].append(i)
            by["r"][t.relation.lower()].append(i)
            by["d"][t.evidence.doc_id].append(i)
        return by

    def query(
        self,
        subject: str | None = None,
        relation: str | None = None,
        object: str | None = None,
        *,
        entity_type: str | None = None,
        interaction: str | None = None,
        min_count: int | None = None,
        doc_id: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
    ) -> list[Triple]:
        """Triples matching every given condition, each with its evidence.

        Args:
            subject: Subject name; matched through aliases and without regard to case.
            relation: Normalised relation ("meet", "fly into"), any case.
            object: Object name, matched like ``subject``.
            entity_type: Subject or object has this entity type (PERSON, GPE, ...).
            interaction: Interaction class ("verbal conflict", ...) or "cooperation"/"conflict".
            min_count: Only relations stated at least this often (same subject, relation, object).
            doc_id: Only triples from this document.
            since: Only triples whose date overlaps this day or later: an ISO date of any
                precision ("2009", "2009-02", "2009-W06", "2009-02-03"; a month starts on its
                first day). Undated triples are left out once ``since`` or ``until`` is given.
            until: Only triples whose date overlaps this day or earlier ("2009-02" ends on its
                last day).

        Returns:
            Matching triples in document order.

        Raises:
            KgError: An unknown interaction class, or a bound that is not a date.

        Example:
            >>> graph.query(subject="mattis", relation="meet")  # doctest: +SKIP
            >>> graph.query(since="2009-02", until="2009-03")  # doctest: +SKIP
        """
        triples = self.triples
        return [triples[i] for i in self._select(subject, relation, object, entity_type, interaction, min_count, doc_id, since, until)]

    def _select(
        self,
        subject: str | None,
        relation: str | None,
        object: str | None,
        entity_type: str | None,
        interaction: str | None,
        min_count: int | None,
        doc_id: str | None,
        since: str | date | None,
        until: str | date | None,
    ) -> list[int]:
        """Indices (into :attr:`triples`) of the triples :meth:`query` returns."""
        lo, hi = parse_bound(since, name="since"), parse_bound(until, end=True, name="until")
        idx = self._triple_index
        candidates: list[set[int]] = []
        if subject is not None:
            names = self._match_names(subject)
            candidates.append({i for n in names for i in idx["s"].get(n, ())})
        if object is not None:
            names = self._match_names(object)
            candidates.append({i for n in names for i in idx["o"].get(n, ())})
        negated: bool | None = None
        if relation is not None:
            rel, negated = relation_filter(relation)
            candidates.append(set(idx["r"].get(rel, ())))
        if doc_id is not None:
            candidates.append(set(idx["d"].get(doc_id, ())))
        if candidates:
            chosen = sorted(set.intersection(*candidates))
        else:
            chosen = list(range(len(self.triples)))
        triples = self.triples
        out = chosen
        if negated is not None:
            out = [i for i in out if triples[i].negated == negated]
        if lo is not None or hi is not None:
            out = [i for i in out if overlaps(triples[i].date, lo, hi)]
        if entity_type is not None:
            et = entity_type.upper()
            out = [i for i in out if triples[i].subject_type == et or triples[i].object_type == et]
        if interaction is not None:
            classes = interaction_classes(interaction)
            out = [i for i in out if triples[i].interaction in classes]
        if min_count is not None and min_count > 1:
            counts = Counter((t.subject, t.label, t.object) for t in self.triples if not t.object_is_clause)
            out = [i for i in out if counts[(triples[i].subject, triples[i].label, triples[i].object)] >= min_count]
        return out

    def filtered(
        self,
        subject: str | None = None,
        relation: str | None = None,
        object: str | None = None,
        *,
        entity_type: str | None = None,
        interaction: str | None = None,
        min_count: int | None = None,
        doc_id: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
    ) -> KnowledgeGraph:
        """A view of the graph that holds only the triples :meth:`query` would return.

        Every document stays, with its entities and metadata, so names merge as in the whole
        graph; with ``since`` or ``until``, quotations are kept when their document's date
        overlaps the range. Takes the arguments of :meth:`query`.

        Example:
            >>> graph.filtered(interaction="conflict", since="2009").to_html("conflict.html")  # doctest: +SKIP
        """
        keep = set(self._select(subject, relation, object, entity_type, interaction, min_count, doc_id, since, until))
        lo, hi = parse_bound(since, name="since"), parse_bound(until, end=True, name="until")
        timed = lo is not None or hi is not None
        sub = KnowledgeGraph()
        i = 0
        for d in self._docs.values():
            triples = tuple(t for j, t in enumerate(d.triples) if i + j in keep)
            i += len(d.triples)
            quotes = d.quotes
            if timed and quotes and not overlaps((d.meta or {}).get("date"), lo, hi):
                quotes = ()
            sub._docs[d.id] = _Doc(d.id, triples, d.entities, quotes, d.words, d.meta)
        return sub

    def between(self, since: str | date | None = None, until: str | date | None = None) -> KnowledgeGraph:
        """A view of the graph holding the triples whose date overlaps ``since`` to ``until``
        (both included; either may be None). Undated triples are left out.

        Example:
            >>> graph.between("2009-02", "2009-03").query(relation="meet")  # doctest: +SKIP
        """
        return self.filtered(since=since, until=until)

    def timeline(
        self,
        by: str = "month",
        *,
        entity: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
    ) -> Timeline:
        """Interactions between actors over time, counted by class in each period.

        Args:
            by: ``"day"``, ``"week"``, ``"month"`` or ``"year"``.
            entity: Only interactions this entity takes part in (any name or alias).
            since: Only interactions dated from this day on (see :meth:`query`).
            until: Only interactions dated up to this day.

        Returns:
            A :class:`Timeline`; interactions without a date, or dated less precisely than
            ``by``, are counted apart.

        Raises:
            EntityNotFound: ``entity`` matches nothing.
            KgError: ``by`` is not a period, or a bound is not a date.
        """
        names = {self.resolve_name(entity)} if entity is not None else None
        rows = ((t.subject, t.object, t.interaction, t.date) for t in self.triples if t.interaction is not None and not t.object_is_clause)
        return timeline_of(rows, by, names=names, since=since, until=until)

    def entity(self, name: str) -> Entity:
        """The entity called ``name`` (any alias, any case), with aliases, titles and mentions.

        Raises:
            EntityNotFound: No entity matches ``name``, or it is ambiguous.
        """
        canonical = self.resolve_name(name)
        ents = self._merged[1]
        if canonical in ents:
            return ents[canonical]
        # a plain noun phrase node: its mentions are its triples' evidence
        return plain_entity(canonical, self.triples)

    def neighbors(self, name: str, depth: int = 1, direction: str = "both", *, affiliations: bool = True) -> list[str]:
        """Entities within ``depth`` relations of ``name``.

        Args:
            name: Any name or alias of the entity.
            depth: How many relations away (1 = directly related).
            direction: "out" (``name`` is the subject), "in" (the object) or "both".
            affiliations: Follow ``member of`` edges too (False: only what entities did).

        Returns:
            Names, nearest first, then by the number of relations with ``name``.
        """
        check_walk(direction, depth)
        start = self.resolve_name(name)
        if start not in self._graph:
            return []
        return walk(start, depth, lambda frontier: self._nearest(frontier, direction, affiliations))

    def _nearest(self, frontier: list[str], direction: str = "both", affiliations: bool = True, acts: bool = False) -> list[str]:
        """The neighbours of the ``frontier`` names, most related first (see :func:`kg.graph.query.walk`);
        ``acts`` follows only interactions and memberships (what the interactions view draws)."""
        g = self._graph

        def followed(data: dict[str, Any]) -> bool:
            if data.get("kind") == "affiliation":
                return affiliations
            return not acts or data.get("interaction") is not None

        weights: Counter = Counter()
        for n in frontier:
            if n not in g:
                continue
            if direction in ("both", "out"):
                for _, v, data in g.out_edges(n, data=True):
                    if followed(data):
                        weights[v] += data.get("count", 1)
            if direction in ("both", "in"):
                for u, _, data in g.in_edges(n, data=True):
                    if followed(data):
                        weights[u] += data.get("count", 1)
        return by_weight(weights)

    def path(self, source: str, target: str, *, affiliations: bool = True) -> list[Triple]:
        """The shortest chain of relations between two entities, one triple (with its
        evidence) per step, in either direction; ``affiliations=False`` leaves ``member of``
        edges out (a chain of what entities did). A denied relation ("did not meet") is no
        step.

        Raises:
            EntityNotFound: A name matches no entity.
            KgError: The two entities are not connected.
        """
        a, b = self.resolve_name(source), self.resolve_name(target)
        g = self._graph
        if a not in g or b not in g:
            raise KgError(f"no path from {a!r} to {b!r}: {a if a not in g else b!r} has no relations")
        try:
            nodes = nx.shortest_path(self._undirected if affiliations else self._undirected_acts, a, b)
        except nx.NetworkXNoPath:
            raise KgError(f"no path from {a!r} to {b!r}: they are in unconnected parts of the graph") from None
        steps: list[Triple] = []
        idx = self._triple_index
        triples = self.triples
        for u, v in zip(nodes, nodes[1:]):
            forward = [triples[i] for i in idx["s"].get(u, ()) if _step(triples[i], v, affiliations)]
            backward = [triples[i] for i in idx["s"].get(v, ()) if _step(triples[i], u, affiliations)]
            pool = forward or backward
            steps.append(max(pool, key=lambda t: t.confidence))
        return steps

    def top(self, n: int = 10, by: str = "degree") -> list[tuple[str, float]]:
        """The ``n`` most central entities by "degree", "pagerank" or "mentions"."""
        g = self._graph
        if by == "degree":
            scores = {v: float(d) for v, d in g.degree()}
        elif by == "pagerank":
            if g.number_of_nodes() == 0:
                return []
            scores = pagerank(g)
        elif by == "mentions":
            scores = {v: float(data.get("mentions", 0)) for v, data in g.nodes(data=True)}
        else:
            raise KgError(f"top(by=...) takes 'degree', 'pagerank' or 'mentions', not {by!r}")
        return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:n]

    def subgraph(self, names: Iterable[str]) -> KnowledgeGraph:
        """A graph of the triples whose subject and object are both among ``names``."""
        keep = set()
        for n in names:
            keep |= self._match_names(n) or {n}
        sub = KnowledgeGraph()
        for d in self._docs.values():
            triples = tuple(t for t in d.triples if self._renamed(t.subject) in keep and self._renamed(t.object) in keep)
            ents = tuple(e for e in d.entities if self._renamed(e.name) in keep)
            quotes = tuple(q for q in d.quotes if self._renamed(q.speaker) in keep)
            if triples or ents:
                sub._docs[d.id] = _Doc(d.id, triples, ents, quotes, d.words, d.meta)
        return sub

    def _renamed(self, name: str) -> str:
        if name in self._merged[1]:
            return name
        for n in self._match_names(name):
            return n
        return name

    def communities(self, seed: int = 0) -> list[set[str]]:
        """Groups of densely related entities (networkx Louvain), largest first."""
        und = self._undirected
        if und.number_of_nodes() == 0:
            return []
        comms = nx.community.louvain_communities(und, weight="weight", seed=seed)
        return sorted((set(c) for c in comms), key=lambda c: (-len(c), sorted(c)[0]))

    def stats(self) -> dict[str, Any]:
        """Counts: documents, triples, entities, nodes, edges, quotes, and the commonest
        relations and entity types."""
        g = self._graph
        dated = [t.date for t in self.triples if t.date]
        return stats_record(
            documents=len(self._docs),
            words=sum(d.words for d in self._docs.values()),
            triples=len(self.triples),
            entities=len(self._merged[1]),
            nodes=g.number_of_nodes(),
            edges=g.number_of_edges(),
            quotes=len(self._merged[2]),
            node_types=Counter(data.get("type") or "other" for _, data in g.nodes(data=True)),
            relations=Counter(t.relation for t in self.triples if not t.object_is_clause),
            interactions=Counter(t.interaction for t in self.triples if t.interaction),
            date_sources=Counter(t.date_source or "undated" for t in self.triples),
            first_date=min(dated, key=sort_key) if dated else None,
            last_date=max(dated, key=lambda d: date_range(d)[1]) if dated else None,
        )

    # -- networkx views ---------------------------------------------------------------------------

    @cached_property
    def _graph(self) -> nx.MultiDiGraph:
        return relation_graph(self.triples, {name: NodeInfo.of(e) for name, e in self._merged[1].items()})

    @cached_property
    def _undirected(self) -> nx.Graph:
        return self._undirected_of(affiliations=True)

    @cached_property
    def _undirected_acts(self) -> nx.Graph:
        """The undirected graph without ``member of`` edges."""
        return self._undirected_of(affiliations=False)

    def _undirected_of(self, affiliations: bool) -> nx.Graph:
        und = nx.Graph()
        und.add_nodes_from(self._graph.nodes)
        for u, v, data in self._graph.edges(data=True):
            if data.get("negated") or (not affiliations and data.get("kind") == "affiliation"):
                continue  # a denied relation ("did not meet") ties no one
            w = und.get_edge_data(u, v, {}).get("weight", 0) + data.get("count", 1)
            und.add_edge(u, v, weight=w)
        return und

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy of the graph as a networkx ``MultiDiGraph``.

        Nodes are canonical names with ``label``, ``type``, ``mentions``, ``aliases``,
        ``titles``, ``affiliation`` and ``docs``; edges are keyed by relation label and carry
        ``relation``, ``label``, ``negated``, ``count``, ``confidence``, ``interaction``,
        ``intensity`` and ``evidence`` (a list of dicts with doc_id, sentence, start, end, date,
        date_source, ...).
        """
        return self._graph.copy()

    def interactions(
        self, directed: bool = False, *, since: str | date | None = None, until: str | date | None = None, affiliations: bool = False
    ) -> nx.Graph:
        """A weighted graph among actors only (people, organisations, countries, groups with an
        affiliation).

        Each edge has ``weight`` (number of interactions), ``classes`` (count per interaction
        class), ``intensity`` (mean), ``relations`` (count per relation) and ``evidence``: one
        dict per sentence with its document id, text, offsets, ``date`` and ``date_source``
        and the ``subject``, ``relation`` and ``object`` it states (an undirected edge does
        not say who acted).

        Args:
            directed: A ``DiGraph`` from the actor to the one acted on, instead of a ``Graph``.
            since: Only interactions whose date overlaps this day or later (see :meth:`query`);
                undated ones are left out once a bound is given.
            until: Only interactions whose date overlaps this day or earlier.
            affiliations: Also the ``member of`` edges between actors (``kind`` set to
                ``"affiliation"``, no class), where the two do not interact: what ties a
                minister to the country in a picture of who did what.
        """
        lo, hi = parse_bound(since, name="since"), parse_bound(until, end=True, name="until")
        timed = lo is not None or hi is not None
        triples = (t for t in self.triples if not timed or overlaps(t.date, lo, hi))
        base = self._graph
        return interaction_graph(triples, lambda n: dict(base.nodes[n]) if n in base else {"label": n}, directed, affiliations)

    # -- output -------------------------------------------------------------------------------------

    def to_html(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        view: str = "relations",
        title: str = "kg graph",
        max_nodes: int | None = None,
    ) -> RenderReport:
        """Write the interactive HTML view (one self-contained file) and report what it holds.

        Args:
            path: Where to write the page; None renders without writing.
            view: "relations" (every relation) or "interactions" (actors only, coloured by
                cooperation and conflict).
            title: Page title.
            max_nodes: Keep only this many most connected entities.
        """
        from kg.render.page import render_html

        graph = self._view(view)
        _, report = render_html(graph, path, title=title, view=view, max_nodes=max_nodes, documents=self._document_meta())
        return report

    def html(self, *, view: str = "relations", title: str = "kg graph", max_nodes: int | None = None) -> str:
        """The HTML page as a string."""
        from kg.render.page import render_html

        text, _ = render_html(self._view(view), None, title=title, view=view, max_nodes=max_nodes, documents=self._document_meta())
        return text

    def _document_meta(self) -> dict[str, dict[str, Any]]:
        """The metadata the page shows beside evidence (date, title), by document id."""
        out = {}
        for d in self._docs.values():
            if d.meta:
                shown = {k: d.meta[k] for k in ("date", "title") if isinstance(d.meta.get(k), str)}
                if shown:
                    out[d.id] = shown
        return out

    def _view(self, view: str) -> nx.Graph:
        if view == "relations":
            return self._graph
        if view == "interactions":
            return self.interactions(affiliations=True)
        raise KgError(f"view must be 'relations' or 'interactions', not {view!r}")

    def _repr_html_(self) -> str:
        from kg.render.page import notebook_html

        return notebook_html(self.html(max_nodes=500))

    def to_dict(self) -> dict[str, Any]:
        """The whole graph as JSON-ready data (what :meth:`save` writes)."""
        from kg import __version__

        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "kg_version": __version__,
            "documents": [d.to_dict() for d in self._docs.values()],
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the graph to a JSON file (atomically); :func:`kg.load` reads it back unchanged."""
        atomic_write_text(path, json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")))

    @classmethod
    def from_dict(cls, data: Any, source: str = "<data>") -> KnowledgeGraph:
        """Rebuild a graph from :meth:`to_dict` output.

        Raises:
            GraphFormatError: The data is not a kg graph, or of an unknown format version.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise GraphFormatError(f"{source} is not a kg graph file (no \"format\": \"{FORMAT_NAME}\" field); build one with `kg build ... --json FILE`")
        version = data.get("version")
        if version != FORMAT_VERSION:
            raise GraphFormatError(
                f"{source} has graph format version {version!r}, but this kg reads version {FORMAT_VERSION}; "
                "rebuild the graph with this kg, or install the kg release that wrote it"
            )
        g = cls()
        try:
            for d in data["documents"]:
                doc = _Doc.from_dict(d)
                g._docs[doc.id] = doc
        except (KeyError, TypeError, ValueError) as exc:
            raise GraphFormatError(f"{source} is a damaged kg graph file ({type(exc).__name__}: {exc}); rebuild it with `kg build`") from None
        return g

    # -- dunder ------------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KnowledgeGraph):
            return NotImplemented
        return self._docs == other._docs

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def __repr__(self) -> str:
        g = self._graph
        return (
            f"<KnowledgeGraph: {len(self._docs)} documents, {len(self._merged[1])} entities, "
            f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges>"
        )


def load(path: str | os.PathLike[str]) -> KnowledgeGraph | Store:
    """Read a graph saved by :meth:`KnowledgeGraph.save`, or open a store (read-only).

    A file that begins like an SQLite database ("SQLite format 3") is opened as a
    :class:`~kg.graph.store.Store`, with the same query methods; any other file is read as a JSON
    graph.

    Raises:
        GraphFormatError: The file is missing, not JSON, not a kg graph, or of an unknown
            format version (or, for a store, not a kg store, damaged, or newer).
    """
    from kg.graph.store import Store, is_sqlite_file

    if is_sqlite_file(path):
        return Store(path)
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        if p.suffix.lower() in (".kgdb", ".db", ".sqlite", ".sqlite3"):
            raise GraphFormatError(f"{p}: no such store; make one with `kg build INPUT --into {p}`") from None
        raise GraphFormatError(f"{p}: no such graph file; build one with `kg build INPUT --json {p}`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphFormatError(f"{p}: cannot read the graph file ({exc})") from None
    if text.lstrip()[:1] not in ("{", "["):
        raise GraphFormatError(
            f"{p} is not a graph file (it is not JSON); commands that query read a graph saved with "
            f"`kg build INPUT --json graph.json` or a store made with `kg build INPUT --into store.kgdb`: "
            f"to query this text, build one from it first (`kg build {p} --json graph.json`)"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GraphFormatError(
            f"{p} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); the file is damaged or "
            "truncated: rebuild it with `kg build`"
        ) from None
    return KnowledgeGraph.from_dict(data, source=str(p))
