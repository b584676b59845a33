"""The dask engine: extraction on a Dask distributed cluster gives the local engine's graph."""

from __future__ import annotations

import sys
import time

import pytest

pytest.importorskip("distributed")

import dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from kg.corpus.distributed import INSTALL_DASK, analyze_documents_dask  # noqa: E402
from kg.corpus.engine import analyze_documents  # noqa: E402
from kg.corpus.inputs import Document, iter_documents  # noqa: E402
from kg.errors import KgError  # noqa: E402
from kg.graph.graph import KnowledgeGraph  # noqa: E402

SHORT = [
    ("n1", "Ann Lee met Bob Stone in Paris on Monday."),
    ("n2", "Carl Diaz criticised Ann Lee over the budget."),
    ("n3", "President Maria Santos visited Berlin and met Chancellor Otto Weber."),
    ("n4", "Bob Stone praised Carl Diaz. He later called Maria Santos."),
    ("n5", "Otto Weber did not meet Ann Lee in Rome."),
    ("n6", "The minister, Paul Grant, accused Carl Diaz of lying to the committee."),
    ("n7", "Maria Santos thanked Otto Weber for his support."),
]

LONG = (
    "Ann Lee travelled to Madrid on Tuesday. She met Elena Ruiz at the port.\n\n"
    "Elena Ruiz criticised Paul Grant for the delays. Paul Grant rejected the claims.\n\n"
    "On Wednesday Bob Stone visited Lisbon, where he met Jorge Silva.\n\n"
    "Jorge Silva praised Bob Stone and thanked Ann Lee for the talks.\n\n"
    "Later Carl Diaz called Elena Ruiz. She warned Carl Diaz about the strike.\n\n"
    "Maria Santos congratulated Jorge Silva on the agreement with Otto Weber.\n"
)

DATED = {"id": "n8", "text": "Ann Lee met Otto Weber on Friday.", "date": "2009-03-04", "title": "Lee meets Weber", "section": "world"}

INPUTS = [*SHORT[:3], ("long", "May 01, 2009\n\n" + LONG), DATED, *SHORT[3:]]


def _documents():
    return iter_documents(INPUTS, chunk_chars=200)


@pytest.fixture(scope="module")
def local_results(nlp, lexicon):
    return list(analyze_documents(_documents(), nlp, lexicon=lexicon, n_process=1))


def test_long_document_is_chunked():
    parts = [d for d in _documents() if d.id == "long"]
    assert len(parts) >= 3
    assert [d.part for d in parts] == list(range(len(parts)))
    assert [d.last for d in parts] == [False] * (len(parts) - 1) + [True]


def test_dask_equals_local_on_two_worker_local_cluster(nlp, lexicon, local_results):
    seen = []
    results = list(
        analyze_documents_dask(_documents(), nlp, lexicon=lexicon, n_workers=2, batch_chars=150, on_result=seen.append)
    )
    assert seen == results
    # Input order, chunks of the long document in order ending with last=True.
    assert [(r.doc_id, r.part, r.last) for r in results] == [(r.doc_id, r.part, r.last) for r in local_results]
    assert results == local_results
    dask_graph, local_graph = KnowledgeGraph(results), KnowledgeGraph(local_results)
    assert dask_graph == local_graph
    assert dask_graph.triples == local_graph.triples
    assert len(dask_graph.triples) >= 10
    relations = {t.relation for t in dask_graph.triples}
    assert {"meet", "criticise", "visit"} <= relations
    # Triples of later chunks of the long document carry offsets into the whole document.
    assert any(t.evidence.doc_id == "long" and t.evidence.start > 200 for t in dask_graph.triples)
    # Metadata travels to the workers and back with every chunk; triples get their dates there.
    assert [r.meta for r in results if r.doc_id == "long"] == [{"date": "2009-05-01"}] * sum(r.doc_id == "long" for r in results)
    assert dask_graph.document("n8").meta == {"date": "2009-03-04", "title": "Lee meets Weber", "section": "world"}
    (meet,) = dask_graph.query(subject="Ann Lee", object="Otto Weber")
    assert (meet.date, meet.date_source) == ("2009-02-27", "text")
    assert {t.date_source for t in dask_graph.triples if t.evidence.doc_id == "long"} <= {"text", "document"}


def test_bad_scheduler_address_is_a_quick_kg_error(nlp, lexicon):
    start = time.monotonic()
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        with pytest.raises(KgError) as info:
            list(analyze_documents_dask(_documents(), nlp, lexicon=lexicon, scheduler="tcp://127.0.0.1:1"))
    assert time.monotonic() - start < 20
    message = str(info.value)
    assert "tcp://127.0.0.1:1" in message
    assert "dask scheduler" in message and "dask worker tcp://127.0.0.1:1" in message


def test_no_documents_starts_no_cluster(nlp, lexicon):
    start = time.monotonic()
    assert list(analyze_documents_dask(iter([]), nlp, lexicon=lexicon, scheduler="tcp://127.0.0.1:1")) == []
    assert time.monotonic() - start < 1


def test_missing_dask_says_how_to_install(nlp, lexicon, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(KgError, match=r"pip install -e '\.\[dask\]'") as info:
        analyze_documents_dask(_documents(), nlp, lexicon=lexicon)
    assert str(info.value) == INSTALL_DASK


@pytest.mark.parametrize("kwargs", [{"n_workers": 0}, {"batch_chars": 0}])
def test_bad_arguments(nlp, lexicon, kwargs):
    with pytest.raises(KgError):
        analyze_documents_dask(_documents(), nlp, lexicon=lexicon, **kwargs)


# -- against one running cluster -----------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as running:
        yield running


@pytest.fixture()
def client(cluster):
    with Client(cluster, set_as_default=False) as c:
        yield c


def _loaded_states(client: Client) -> dict[str, list[str]]:
    return client.run(lambda dask_worker: sorted(getattr(dask_worker, "_kg_state", {})))


def test_scheduler_address_reads_lazily_and_frees_workers(nlp, lexicon, cluster, client):
    consumed = 0
    most_ahead = 0
    yielded = 0

    def documents():
        nonlocal consumed
        for i in range(40):
            consumed += 1
            yield Document(f"d{i}", f"Person {i} met Ann Lee in Paris.")

    for result in analyze_documents_dask(
        documents(), nlp, lexicon=lexicon, scheduler=cluster.scheduler_address, batch_chars=1
    ):
        assert result.doc_id == f"d{yielded}"
        yielded += 1
        most_ahead = max(most_ahead, consumed - yielded)
    assert yielded == consumed == 40
    # One document a batch, at most 2 x 2 worker threads in flight (plus the one being submitted).
    assert most_ahead <= 6
    # A shared cluster is left running, without kg's pipeline on its workers.
    assert all(states == [] for states in _loaded_states(client).values())


def test_stopping_early_cancels_and_cleans_up(nlp, lexicon, cluster, client):
    docs = (Document(f"e{i}", "Ann Lee met Bob Stone.") for i in range(50))
    results = analyze_documents_dask(docs, nlp, lexicon=lexicon, scheduler=cluster.scheduler_address, batch_chars=1)
    first = next(results)
    assert first.doc_id == "e0"
    assert all(states for states in _loaded_states(client).values())  # loaded while running
    results.close()
    assert all(states == [] for states in _loaded_states(client).values())
    assert not [key for key in client.has_what() if "kg-batch" in str(key)]


def test_pipeline_built_in_memory_is_sent_to_workers(nlp, lexicon, cluster, local_results):
    source = nlp.meta.pop("kg_source")
    try:
        results = list(analyze_documents_dask(_documents(), nlp, lexicon=lexicon, scheduler=cluster.scheduler_address))
    finally:
        nlp.meta["kg_source"] = source
    assert KnowledgeGraph(results) == KnowledgeGraph(local_results)


def test_worker_failure_is_a_kg_error_with_the_workers_message(nlp, lexicon, cluster):
    docs = [Document("fine", "Ann Lee met Bob Stone."), Document("broken", ["not", "a", "text"])]
    with pytest.raises(KgError) as info:
        list(analyze_documents_dask(docs, nlp, lexicon=lexicon, scheduler=cluster.scheduler_address, batch_chars=1))
    message = str(info.value)
    assert "broken" in message
    assert "E1041" in message or "string" in message.lower()  # spaCy's own message, from the worker


def test_pipeline_workers_cannot_load_is_a_kg_error(nlp, lexicon, cluster, tmp_path):
    source = nlp.meta["kg_source"]
    missing = tmp_path / "no-such-model"
    nlp.meta["kg_source"] = str(missing)
    try:
        with pytest.raises(KgError) as info:
            list(analyze_documents_dask(_documents(), nlp, lexicon=lexicon, scheduler=cluster.scheduler_address))
    finally:
        nlp.meta["kg_source"] = source
    assert "no-such-model" in str(info.value)


def test_results_are_written_into_a_store_as_they_come(nlp, lexicon, cluster, local_results, tmp_path):
    import kg

    written = []

    def as_they_come():
        for r in analyze_documents_dask(_documents(), nlp, lexicon=lexicon, scheduler=cluster.scheduler_address, batch_chars=150):
            with kg.open(dask_path) as reader:  # what is committed while results still arrive
                written.append(len(reader.documents))
            yield r

    dask_path, local_path = tmp_path / "dask.kgdb", tmp_path / "local.kgdb"
    with kg.open(dask_path, write=True) as store:
        store.add_results(as_they_come(), batch_docs=2)
    with kg.open(local_path, write=True) as store:
        store.add_results(local_results)
    assert written[0] == 0 and 0 < written[-1] < len(INPUTS)  # batches committed during the run
    with kg.open(dask_path) as a, kg.open(local_path) as b:
        assert a.stats() == b.stats() == KnowledgeGraph(local_results).stats()
        assert a.query() == b.query()
        assert sorted(a.to_networkx().edges(keys=True, data=True), key=repr) == sorted(b.to_networkx().edges(keys=True, data=True), key=repr)
