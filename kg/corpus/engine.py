"""Running the stages over many inputs: read lazily, parse in batches, analyse, in one process
or several.

With ``n_process > 1`` each worker process holds its own copy of the pipeline, parses *and*
analyses its batch, and sends back only the results (triples, entities, quotes), which are
small beside a parsed ``Doc``. At most a few batches are in flight at once, so memory stays
flat however long the input is.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from spacy.language import Language

from kg.analysis import DocResult, analyze
from kg.corpus.inputs import Document, InputLike, Problem, iter_documents
from kg.errors import KgError
from kg.graph.graph import KnowledgeGraph
from kg.lexicon import Lexicon, load_lexicon
from kg.pipeline import SENTENCE_BREAKS, load_pipeline, prepare_pipeline

__all__ = ["build", "analyze_inputs", "analyze_documents", "batches", "BATCH_CHARS"]

#: Characters of text per batch sent to a worker.
BATCH_CHARS = 60_000
_BATCH_DOCS = 64


def batches(documents: Iterable[Document], max_chars: int = BATCH_CHARS, max_docs: int = _BATCH_DOCS) -> Iterator[list[Document]]:
    """Group documents into batches of about ``max_chars`` characters."""
    batch: list[Document] = []
    size = 0
    for d in documents:
        batch.append(d)
        size += len(d.text)
        if size >= max_chars or len(batch) >= max_docs:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _analyze_batch(nlp: Language, lexicon: Lexicon, batch: list[Document]) -> list[DocResult]:
    out = []
    texts = ((d.text, d) for d in batch)
    for doc, d in nlp.pipe(texts, as_tuples=True, batch_size=len(batch)):
        out.append(analyze(doc, doc_id=d.id, offset=d.offset, lexicon=lexicon, part=d.part, last=d.last, text=d.text, meta=d.meta))
    return out


# Worker-process state: one pipeline per worker, set once by the pool initializer. It lives in
# the worker processes only; the parent never reads or writes it.
_WORKER: dict[str, Any] = {}


def _init_worker(nlp: Language | None, source: str | None, lexicon: Lexicon | None, interactions: str | None) -> None:
    if nlp is None:
        nlp = load_pipeline(source)
    _WORKER["nlp"] = nlp
    _WORKER["lexicon"] = lexicon if lexicon is not None else load_lexicon(interactions)


def _worker_batch(batch: list[Document]) -> list[DocResult]:
    return _analyze_batch(_WORKER["nlp"], _WORKER["lexicon"], batch)


def analyze_documents(
    documents: Iterable[Document],
    nlp: Language,
    *,
    lexicon: Lexicon | None = None,
    n_process: int = 1,
    interactions: str | os.PathLike[str] | None = None,
    on_result: Callable[[DocResult], None] | None = None,
) -> Iterator[DocResult]:
    """Parse and analyse documents, yielding one :class:`~kg.analysis.DocResult` per chunk, in
    input order.

    Args:
        documents: Documents (chunks) from :func:`kg.corpus.inputs.iter_documents`.
        nlp: The pipeline (see :func:`kg.load_pipeline`).
        lexicon: Word lists; the shipped ones (with ``interactions`` if given) by default.
        n_process: Worker processes; 1 runs in this process, -1 uses every core.
        interactions: A user interaction table (TSV) replacing the shipped one.
        on_result: Called with each result (progress reports).
    """
    if SENTENCE_BREAKS not in nlp.component_names:
        prepare_pipeline(nlp)
    lex = lexicon if lexicon is not None else load_lexicon(interactions)
    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process < 1:
        raise KgError(f"the number of processes (-j) must be 1 or more, or -1 for every core; got {n_process}")
    if n_process == 1:
        for batch in batches(documents):
            for r in _analyze_batch(nlp, lex, batch):
                if on_result is not None:
                    on_result(r)
                yield r
        return
    yield from _parallel(documents, nlp, lex, n_process, interactions, on_result)


def _parallel(
    documents: Iterable[Document],
    nlp: Language,
    lexicon: Lexicon,
    n_process: int,
    interactions: str | os.PathLike[str] | None,
    on_result: Callable[[DocResult], None] | None,
) -> Iterator[DocResult]:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("fork")
        initargs: tuple = (nlp, None, lexicon, None)
    else:  # spawn: each worker loads the pipeline by name
        ctx = multiprocessing.get_context("spawn")
        source = nlp.meta.get("kg_source") or (f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}")
        initargs = (None, source, None, os.fspath(interactions) if interactions else None)
    in_flight: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx, initializer=_init_worker, initargs=initargs) as pool:
        for batch in batches(documents, max_chars=BATCH_CHARS // 2):
            in_flight.append(pool.submit(_worker_batch, batch))
            while len(in_flight) > 2 * n_process:
                for r in in_flight.popleft().result():
                    if on_result is not None:
                        on_result(r)
                    yield r
        while in_flight:
            for r in in_flight.popleft().result():
                if on_result is not None:
                    on_result(r)
                yield r


def analyze_inputs(
    inputs: InputLike | Iterable[InputLike],
    nlp: Language | None = None,
    *,
    lexicon: Lexicon | None = None,
    n_process: int = 1,
    interactions: str | os.PathLike[str] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    on_result: Callable[[DocResult], None] | None = None,
) -> Iterator[DocResult]:
    """Read ``inputs`` (see :func:`kg.corpus.inputs.iter_documents`) and analyse them lazily."""
    if nlp is None:
        nlp = load_pipeline()
    docs = iter_documents(inputs, on_problem=on_problem)
    yield from analyze_documents(docs, nlp, lexicon=lexicon, n_process=n_process, interactions=interactions, on_result=on_result)


def build(
    inputs: InputLike | Iterable[InputLike],
    nlp: Language | None = None,
    *,
    lexicon: Lexicon | None = None,
    n_process: int = 1,
    interactions: str | os.PathLike[str] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    on_result: Callable[[DocResult], None] | None = None,
) -> KnowledgeGraph:
    """Build a knowledge graph from texts, files, directories or (doc_id, text) pairs.

    Args:
        inputs: One input or many. A ``str`` is text (or, when it is one line naming an
            existing file or directory, that path); a path is a ``.txt`` file, a ``.jsonl``
            file of ``{"id": ..., "text": ...}`` lines, or a directory searched for ``.txt``
            files; ``"-"`` is standard input; a ``(doc_id, text)`` pair is a text with its id.
        nlp: A pipeline from :func:`kg.load_pipeline`; loaded once here when None.
        lexicon: Word lists; the shipped ones by default.
        n_process: Worker processes (each parses and extracts); -1 for every core.
        interactions: A TSV interaction table replacing the shipped one.
        on_problem: Called with each skipped input; when None the first bad input raises
            :class:`~kg.errors.InputError`.
        on_result: Called with each document's result (for progress).

    Returns:
        The :class:`~kg.graph.graph.KnowledgeGraph`.

    Example:
        >>> graph = build([("a1", "Ann Lee met Bob Stone in Paris on Monday.")])  # doctest: +SKIP
        >>> graph.query(relation="meet")[0].object  # doctest: +SKIP
        'Bob Stone'
    """
    return KnowledgeGraph(
        analyze_inputs(
            inputs,
            nlp,
            lexicon=lexicon,
            n_process=n_process,
            interactions=interactions,
            on_problem=on_problem,
            on_result=on_result,
        )
    )
