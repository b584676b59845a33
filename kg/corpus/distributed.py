"""Running extraction on a Dask distributed cluster (``kg build --engine dask``).

The client (the process running kg) reads the inputs lazily, groups documents into batches
and submits them to the cluster, keeping only a few batches in flight (about two per worker
thread), so its memory stays flat however long the input is. Each worker loads the spaCy
pipeline once, through a :class:`distributed.WorkerPlugin`, parses and analyses the batches
it is given and sends back only the results (triples, entities, quotes). The client yields
them in input order, so the graph it builds equals the local engine's.

``dask[distributed]`` is an optional dependency: ``pip install -e '.[dask]' in a checkout of kg``. It is
imported only when the dask engine runs.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import pickle
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from kg.analysis import DocResult
from kg.corpus.engine import BATCH_CHARS, _analyze_batch, batches
from kg.corpus.inputs import Document
from kg.errors import KgError
from kg.lexicon import Lexicon, load_lexicon
from kg.pipeline import SENTENCE_BREAKS, load_pipeline, prepare_pipeline

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client, Future

__all__ = ["analyze_documents_dask", "DASK_BATCH_CHARS", "INSTALL_DASK"]

#: Characters of text per batch sent to a Dask worker.
DASK_BATCH_CHARS = BATCH_CHARS // 2

#: What to tell a user who has no dask.
INSTALL_DASK = "the dask engine needs dask[distributed]: pip install -e '.[dask]' in a checkout of kg"

#: Workers of the local cluster started when no scheduler address is given.
LOCAL_WORKERS = 2

# Seconds the client waits for a result while the cluster has no worker at all before giving up.
_NO_WORKERS_TIMEOUT = 120.0
_POLL = 2.0

# Attribute of the distributed Worker object holding kg's per-run state (pipeline, lexicon).
_STATE_ATTR = "_kg_state"


def _start_hint(address: str) -> str:
    return (
        f"start a scheduler with `dask scheduler` (it listens on tcp://HOST:8786) and workers with "
        f"`dask worker {address}` (each with kg and the spaCy model installed), or leave out "
        f"--scheduler to run on a local cluster"
    )


def _plugin_class() -> type:
    """The worker plugin class, defined on first use so that importing this module needs no dask.

    It is reachable as ``kg.corpus.distributed._KgPipelinePlugin`` (through the module's
    ``__getattr__``), so pickle sends it by reference and a worker re-creates it on import.
    """
    if _PLUGIN_CLASS:
        return _PLUGIN_CLASS[0]
    from distributed import WorkerPlugin

    class KgPipelinePlugin(WorkerPlugin):
        """Loads kg's pipeline and lexicon once on every worker (also on workers that join later)."""

        idempotent = False

        def __init__(self, name: str, source: str | None, nlp_bytes: bytes | None, lexicon: Lexicon) -> None:
            self.name = name
            self.source = source
            self.nlp_bytes = nlp_bytes
            self.lexicon = lexicon

        def _load(self) -> Language:
            if self.nlp_bytes is not None:
                nlp = pickle.loads(self.nlp_bytes)
                if SENTENCE_BREAKS not in nlp.component_names:
                    prepare_pipeline(nlp)
                return nlp
            return load_pipeline(self.source)

        async def setup(self, worker: Any) -> None:
            # Loading a model takes seconds; keep the worker's event loop (heartbeats) responsive.
            nlp = await asyncio.to_thread(self._load)
            states = getattr(worker, _STATE_ATTR, None)
            if states is None:
                states = {}
                setattr(worker, _STATE_ATTR, states)
            # One pipeline per worker; the lock keeps a worker with several threads from running
            # it concurrently (spaCy pipelines are not guaranteed to be thread-safe).
            states[self.name] = (nlp, self.lexicon, threading.Lock())

        def teardown(self, worker: Any) -> None:
            getattr(worker, _STATE_ATTR, {}).pop(self.name, None)

    KgPipelinePlugin.__module__ = __name__
    KgPipelinePlugin.__name__ = KgPipelinePlugin.__qualname__ = "_KgPipelinePlugin"
    _PLUGIN_CLASS.append(KgPipelinePlugin)
    return KgPipelinePlugin


_PLUGIN_CLASS: list[type] = []


def __getattr__(name: str) -> Any:
    # Pickle finds the plugin class here, on the client and when a worker unpickles the plugin.
    if name == "_KgPipelinePlugin":
        return _plugin_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _run_batch(name: str, batch: list[Document]) -> list[DocResult]:
    """The task run on a worker: analyse one batch with the worker's pipeline."""
    from distributed import get_worker

    worker = get_worker()
    state = getattr(worker, _STATE_ATTR, {}).get(name)
    if state is None:
        raise KgError(
            f"the dask worker {worker.address} has no kg pipeline loaded (plugin {name} missing): restart the run"
        )
    nlp, lexicon, lock = state
    with lock:
        return _analyze_batch(nlp, lexicon, batch)


def _pipeline_source(nlp: Language) -> str | None:
    """Name or path workers load the pipeline from; None for a pipeline built in memory."""
    source = nlp.meta.get("kg_source")
    if not source:
        return None
    source = str(source)
    from spacy.util import is_package

    if not is_package(source) and Path(source).exists():
        return str(Path(source).resolve())  # workers may run in another directory
    return source


def analyze_documents_dask(
    documents: Iterable[Document],
    nlp: Language,
    *,
    lexicon: Lexicon | None = None,
    scheduler: str | None = None,
    on_result: Callable[[DocResult], None] | None = None,
    interactions: str | os.PathLike[str] | None = None,
    n_workers: int | None = None,
    batch_chars: int = DASK_BATCH_CHARS,
) -> Iterator[DocResult]:
    """Parse and analyse documents on a Dask cluster, yielding one
    :class:`~kg.analysis.DocResult` per chunk, in input order (as
    :func:`kg.corpus.engine.analyze_documents` does).

    Documents are read lazily on this machine and sent to the workers in batches; at most about
    two batches per worker thread are in flight. Every worker loads the pipeline once: by the
    name or path it was loaded from (:func:`kg.load_pipeline` records it), so each worker needs
    kg and that model installed; a pipeline built in memory is pickled and sent instead. The
    lexicon (with the user's interaction table) is sent to the workers, so they need not see
    the table's file.

    Args:
        documents: Documents (chunks) from :func:`kg.corpus.inputs.iter_documents`.
        nlp: The pipeline (see :func:`kg.load_pipeline`).
        lexicon: Word lists; the shipped ones (with ``interactions`` if given) by default.
        scheduler: Address of a Dask scheduler (``tcp://HOST:8786``). When None, a local
            cluster of ``n_workers`` worker processes is started and closed at the end.
        on_result: Called with each result (progress reports).
        interactions: A user interaction table (TSV) replacing the shipped one.
        n_workers: Worker processes of the local cluster (default 2, -1 for every core); ignored
            with a scheduler.
        batch_chars: Characters of text per batch sent to a worker.

    Raises:
        KgError: dask is not installed, the scheduler cannot be reached, or a worker failed
            (the message holds the worker's error).

    Example:
        >>> from kg.corpus.inputs import iter_documents
        >>> docs = iter_documents([("a1", "Ann Lee met Bob Stone in Paris.")])  # doctest: +SKIP
        >>> results = list(analyze_documents_dask(docs, nlp))  # doctest: +SKIP
    """
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise KgError(INSTALL_DASK) from None
    if n_workers == -1:
        n_workers = os.cpu_count() or 1
    if n_workers is not None and n_workers < 1:
        raise KgError(f"n_workers must be 1 or more (or -1 for every core), not {n_workers}")
    if batch_chars < 1:
        raise KgError(f"batch_chars must be 1 or more, not {batch_chars}")
    if SENTENCE_BREAKS not in nlp.component_names:
        prepare_pipeline(nlp)
    lex = lexicon if lexicon is not None else load_lexicon(interactions)
    return _run(documents, nlp, lex, scheduler, on_result, n_workers or LOCAL_WORKERS, batch_chars)


def _run(
    documents: Iterable[Document],
    nlp: Language,
    lexicon: Lexicon,
    scheduler: str | None,
    on_result: Callable[[DocResult], None] | None,
    n_workers: int,
    batch_chars: int,
) -> Iterator[DocResult]:
    docs = iter(documents)
    first = next(docs, None)
    if first is None:  # nothing to do: start no cluster
        return
    docs = itertools.chain([first], docs)

    cluster = None
    client: Client | None = None
    token = uuid.uuid4().hex[:12]
    plugin_name = f"kg-pipeline-{token}"
    plugin_registered = False
    in_flight: deque[tuple[Future, str]] = deque()
    try:
        client, cluster = _connect(scheduler, n_workers)
        source = _pipeline_source(nlp)
        plugin = _plugin_class()(plugin_name, source, None if source else pickle.dumps(nlp), lexicon)
        try:
            client.register_plugin(plugin, name=plugin_name)
        except Exception as exc:
            if isinstance(exc, KgError):
                raise KgError(f"a dask worker could not load kg's pipeline: {exc}") from None
            raise KgError(
                f"a dask worker could not load kg's pipeline {source or '(sent from memory)'}: {type(exc).__name__}: {exc}"
            ) from None
        plugin_registered = True

        def finish(item: tuple[Future, str]) -> Iterator[DocResult]:
            future, label = item
            for r in _result(client, future, label, scheduler):
                if on_result is not None:
                    on_result(r)
                yield r

        for i, batch in enumerate(batches(docs, max_chars=batch_chars)):
            label = batch[0].id if len(batch) == 1 else f"{batch[0].id} and {len(batch) - 1} more"
            future = client.submit(_run_batch, plugin_name, batch, key=f"kg-batch-{token}-{i}", pure=False)
            del batch
            in_flight.append((future, label))
            bound = max(2, 2 * _threads(client))
            while len(in_flight) > bound:
                yield from finish(in_flight.popleft())
        while in_flight:
            yield from finish(in_flight.popleft())
    finally:
        _close(
            client, cluster, [f for f, _ in in_flight], plugin_name if plugin_registered and cluster is None else None
        )


def _connect(scheduler: str | None, n_workers: int) -> tuple[Client, Any]:
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        try:
            return Client(cluster, set_as_default=False), cluster
        except BaseException:
            cluster.close()
            raise
    try:
        return Client(scheduler, set_as_default=False), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(
            f"cannot connect to the dask scheduler at {scheduler} ({exc}): {_start_hint(scheduler)}"
        ) from None


def _threads(client: Client) -> int:
    try:
        return sum(client.nthreads().values())
    except Exception:
        return 1


def _where(scheduler: str | None) -> str:
    return f"the dask scheduler at {scheduler}" if scheduler else "the local dask cluster"


def _result(client: Client, future: Future, label: str, scheduler: str | None) -> list[DocResult]:
    """Wait for one batch; turn a worker's failure, or a cluster without workers, into a KgError."""
    from distributed import TimeoutError as DaskTimeout

    idle_since: float | None = None
    while True:
        try:
            return future.result(timeout=_POLL)
        except (DaskTimeout, TimeoutError):
            if _threads(client) > 0:
                idle_since = None
                continue
            now = time.monotonic()
            idle_since = idle_since if idle_since is not None else now
            if now - idle_since > _NO_WORKERS_TIMEOUT:
                raise KgError(
                    f"{_where(scheduler)} has had no worker for {_NO_WORKERS_TIMEOUT:.0f} s: start workers with "
                    f"`dask worker {scheduler or 'ADDRESS'}` (each with kg and the spaCy model installed)"
                ) from None
        except KgError as exc:
            raise type(exc)(f"a dask worker failed on {label}: {exc}") from None
        except Exception as exc:
            name = type(exc).__name__
            hint = ""
            if name == "KilledWorker":
                hint = " (the worker process died: out of memory? try a smaller batch or fewer threads per worker)"
            elif name in ("CancelledError", "FutureCancelledError"):
                hint = f" (lost the connection to {_where(scheduler)}?)"
            raise KgError(f"a dask worker failed on {label}: {name}: {exc}{hint}") from None


def _close(client: Client | None, cluster: Any, pending: list[Future], plugin_name: str | None) -> None:
    """Cancel what is still running and close the client and the local cluster; never raise."""
    if client is not None:
        if pending:
            try:
                client.cancel(pending)
            except Exception:
                pass
        if plugin_name is not None:  # a shared cluster: free the workers' copy of the pipeline
            try:
                client.unregister_worker_plugin(plugin_name)
            except Exception:
                pass
        try:
            client.close()
        except Exception:
            pass
    if cluster is not None:
        try:
            cluster.close()
        except Exception:
            pass
