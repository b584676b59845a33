"""The corpus store: the same answers as the in-memory graph, built at once or a few documents at
a time, safe under a killed or interrupted build, and strict about the files it opens."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.analysis import DocResult
from kg.cli import app
from kg.corpus.engine import analyze_documents
from kg.corpus.inputs import iter_documents
from kg.errors import EntityNotFound, GraphFormatError, KgError
from kg.graph.graph import KnowledgeGraph
from kg.graph.store import STORE_VERSION, Store
from kg.model import AFFILIATION, Argument, Entity, Evidence, Mention, Quote, Triple

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

DOCS = [
    ("a1", "Danish Foreign Minister Anna Berg met Tomas Lind in Oslo on Monday. Berg criticised Russia."),
    ("a2", "Anna Berg met Tomas Lind again in Bergen. Lind later visited Peter Novak in Prague."),
    ("a3", "Peter Novak praised Maria Costa. Costa thanked Novak. Russia threatened Poland."),
    ("a4", "The European Union (EU) and Norway signed a fisheries pact. Novak said the deal was fair."),
    ("a5", "The EU later fined a Polish shipping firm. \u201cWe will appeal the fine,\u201d Maria Costa told reporters."),
    ("a6", "OSLO - Berg flew to Warsaw, where she met Polish officials. The U.S. sanctioned Russia."),
    ("a7", "Lars Lind did not meet Anna Berg. The United States praised Norway for its support."),
    ("a8", "Costa later criticised the EU over the fine. Peter Novak visited Oslo in March."),
    ("a9", "Lind accused Russia of blocking the talks. Tomas Lind and Peter Novak agreed to meet in May."),
    ("a10", "Novak met Maria Costa in Lisbon. Mr Novak said that Poland would support the EU."),
]


@pytest.fixture(scope="module")
def results(nlp):
    return list(analyze_documents(iter_documents(DOCS), nlp))


@pytest.fixture(scope="module")
def graph(results):
    return KnowledgeGraph(results)


@pytest.fixture(scope="module")
def store(results, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "news.kgdb"
    with kg.open(path, write=True) as s:
        s.add_results(results)
    opened = kg.open(path)
    yield opened
    opened.close()


def state(path: Path) -> dict:
    """Everything a store holds, ids left out (they depend on the order of writes)."""
    db = sqlite3.connect(path)
    try:
        return {
            "documents": db.execute("SELECT doc_id, hash, words, meta FROM documents ORDER BY doc_id").fetchall(),
            "triples": db.execute(
                "SELECT d.doc_id, t.subject, t.relation, t.object, t.subject_type, t.object_type, t.attributed_to, t.doc_subject, t.doc_object "
                "FROM triples t JOIN documents d ON d.id = t.doc ORDER BY d.doc_id, t.id"
            ).fetchall(),
            "entities": db.execute("SELECT * FROM entities ORDER BY name").fetchall(),
            "names": db.execute("SELECT name, canonical, first_doc, first_seq, tally FROM names ORDER BY name").fetchall(),
            "name_keys": db.execute("SELECT key, name FROM name_keys ORDER BY key, name").fetchall(),
            "edges": db.execute(
                "SELECT subject, object, label, relation, negated, count, confidence, interaction, intensity, kind FROM edges ORDER BY subject, object, label"
            ).fetchall(),
            "quotes": db.execute("SELECT speaker, doc_speaker, text FROM quotes ORDER BY speaker, text").fetchall(),
            "lookup": db.execute("SELECT * FROM lookup ORDER BY 1, 2, 3").fetchall(),
            "lookup_words": db.execute("SELECT * FROM lookup_words ORDER BY 1, 2, 3").fetchall(),
            "title_keys": db.execute("SELECT * FROM title_keys ORDER BY 1, 2").fetchall(),
        }
    finally:
        db.close()


def by_position(mentions):
    return sorted(mentions, key=lambda m: (m.evidence.doc_id, m.start, m.end, m.text))


# -- the same answers as KnowledgeGraph -----------------------------------------------------------


def test_round_trip_of_what_was_written(store, results):
    for r in results:
        back = store.results(r.doc_id)
        assert back == DocResult(r.doc_id, r.triples, r.entities, r.quotes, r.words, 0, True, None)


def test_a_triple_with_every_field_reads_back_equal(tmp_path):
    ev = Evidence("d1", "On Friday in Rome Ann Lee reportedly did not meet Bob Stone, if at all.", 10, 82)
    t = Triple(
        "Ann Lee", "meet", "Bob Stone", "Ann Lee", "did not meet", "Bob Stone", "PERSON", "PERSON", ev,
        negated=True, modality="reportedly", confidence=0.731, conditional=True, attributed_to="Cal Ruiz",
        extras=(Argument("time", "On Friday"), Argument("place", "in Rome")), interaction="neutral", intensity=0.0,
        pattern="svo", object_is_clause=False, date="2009-02-03", date_source="text",
    )  # fmt: skip
    member = Triple("Bob Stone", AFFILIATION, "Norway", "Bob Stone", "of", "Norway", "PERSON", "GPE", ev, pattern="affiliation", date="2009")
    quote = Quote("Cal Ruiz", "say", "It went well", Evidence("d1", "It went well, Ruiz said.", 90, 114))
    mention = Mention("Ann Lee", 28, 35, ev)
    entities = (Entity("Ann Lee", "PERSON", (("Ann Lee", 1),), ("Envoy",), "Norway", (mention,)),)
    result = DocResult("d1", (t, member), entities, (quote,), 17, meta={"date": "2009-02-03", "title": "Talks", "tags": ["a", "b"]})
    with kg.open(tmp_path / "s.kgdb", write=True) as s:
        s.add_results([result])
        back = s.results("d1")
        assert back.triples == (t, member)
        assert back == result
        assert s.document("d1").meta == {"date": "2009-02-03", "title": "Talks", "tags": ["a", "b"]}
        assert s.document("d1").date == "2009-02-03"
        with pytest.raises(KgError):
            s.document("nope")


def test_answers_equal_the_knowledge_graph(store, graph):
    assert store.stats() == graph.stats()
    assert store.documents == graph.documents
    for kwargs in (
        {"subject": "berg"},
        {"subject": "ANNA BERG", "relation": "meet"},
        {"object": "lind"},
        {"relation": "not meet"},
        {"interaction": "conflict"},
        {"entity_type": "gpe"},
        {"relation": "meet", "min_count": 2},
        {"doc_id": "a3"},
        {"subject": "the U.S."},
        {},
    ):
        assert store.query(**kwargs) == graph.query(**kwargs), kwargs
    assert store.query(limit=3) == graph.query()[:3]
    for name, e in graph.entities.items():
        got = store.entity(name)
        assert (got.name, got.type, got.aliases, got.titles, got.affiliation) == (e.name, e.type, e.aliases, e.titles, e.affiliation)
        assert by_position(got.mentions) == by_position(e.mentions)
    g = graph.to_networkx()
    for name in g.nodes:
        assert store.known(name) and store.resolve_name(name) == graph.resolve_name(name)
        for direction in ("both", "in", "out"):
            assert store.neighbors(name, direction=direction) == graph.neighbors(name, direction=direction)
        assert store.neighbors(name, depth=2) == graph.neighbors(name, depth=2)
    for a, b in (("Anna Berg", "Maria Costa"), ("Tomas Lind", "Poland"), ("Berg", "EU")):
        assert len(store.path(a, b)) == len(graph.path(a, b))
    assert store.quotes() == graph.quotes() and store.quotes("costa") == graph.quotes("costa")
    for by in ("degree", "mentions", "pagerank"):
        assert [n for n, _ in store.top(5, by=by)] == [n for n, _ in graph.top(5, by=by)]
    s = store.to_networkx()
    assert dict(s.nodes(data=True)) == dict(g.nodes(data=True))
    assert sorted(s.edges(keys=True, data=True), key=repr) == sorted(g.edges(keys=True, data=True), key=repr)
    si, gi = store.interactions(), graph.interactions()
    assert dict(si.nodes(data=True)) == dict(gi.nodes(data=True))
    assert {frozenset((u, v)): d for u, v, d in si.edges(data=True)} == {frozenset((u, v)): d for u, v, d in gi.edges(data=True)}


def test_errors_read_like_the_graphs(store, graph):
    with pytest.raises(EntityNotFound, match="no entity named 'Nobody Here'"):
        store.entity("Nobody Here")
    with pytest.raises(KgError, match="unknown interaction"):
        store.query(interaction="friendship")
    with pytest.raises(KgError, match="direction"):
        store.neighbors("berg", direction="sideways")
    with pytest.raises(KgError, match="top"):
        store.top(by="height")
    assert "did you mean 'Anna Berg'" in store.unknown_name_message("Ana Berg")
    with pytest.raises(KgError, match="read-only"):
        store.remove(["a1"])


def test_part_of_the_graph_and_date_filters(tmp_path):
    def triple(s, r, o, date, pattern="svo", doc="d1", k=0):
        ev = Evidence(doc, f"{s} {r} {o}.", k * 40, k * 40 + 20)
        return Triple(s, r, o, s, r, o, "PERSON", "GPE" if pattern == "affiliation" else "PERSON", ev, pattern=pattern, date=date, interaction=None if pattern == "affiliation" else "neutral")

    triples = (
        triple("Ann Lee", "meet", "Bob Stone", "2009-02-03", k=0),
        triple("Bob Stone", "meet", "Cal Ruiz", "2009-03", k=1),
        triple("Cal Ruiz", "meet", "Dan Holm", None, k=2),
        triple("Ann Lee", AFFILIATION, "Norway", "2009", pattern="affiliation", k=3),
        triple("Dan Holm", AFFILIATION, "Norway", None, pattern="affiliation", k=4),
    )
    with kg.open(tmp_path / "d.kgdb", write=True) as s:
        s.add_results([DocResult("d1", triples, (), ())])
        assert [t.object for t in s.query(since="2009-02-15")] == ["Cal Ruiz", "Norway"]  # a month and a year overlap
        assert [t.object for t in s.query(until="2009-02")] == ["Bob Stone", "Norway"]
        assert [t.object for t in s.query(since="2009-03-01", until="2009-03-31")] == ["Cal Ruiz", "Norway"]
        assert s.query(since="2010") == []
        with pytest.raises(KgError, match="not a date"):
            s.query(since="last week")
        assert s.neighbors("Ann Lee") == ["Bob Stone", "Norway"]
        assert s.neighbors("Ann Lee", affiliations=False) == ["Bob Stone"]
        assert [t.object for t in s.path("Ann Lee", "Dan Holm")] == ["Norway", "Norway"]
        assert len(s.path("Ann Lee", "Dan Holm", affiliations=False)) == 3
        part = s.to_networkx(["Ann Lee", "Bob Stone"])
        assert set(part.nodes) == {"Ann Lee", "Bob Stone"} and part.number_of_edges() == 1
        assert set(s.interactions(since="2009-03").nodes) == {"Bob Stone", "Cal Ruiz"}


# -- incremental ----------------------------------------------------------------------------------


def test_five_increments_equal_one_batch(results, tmp_path, store):
    path = tmp_path / "inc.kgdb"
    for k in range(5):
        with kg.open(path, write=True) as s:
            s.add_results(results[2 * k : 2 * k + 2], batch_docs=1)
    assert state(path) == state(store.file)
    with kg.open(path) as s:
        assert s.stats() == store.stats()


def test_a_changed_document_replaces_its_old_rows_and_remove_deletes(results, nlp, tmp_path):
    path = tmp_path / "r.kgdb"
    with kg.open(path, write=True) as s:
        s.add_results(results)
        report = s.update([("a3", "Maria Costa met Lars Lind in Rome.")], nlp=nlp)
        assert report.replaced == ("a3",)
        assert s.remove(["a7", "nope"]) == ["a7"]
    expected = KnowledgeGraph(results)
    expected.update([("a3", "Maria Costa met Lars Lind in Rome.")], nlp=nlp)
    expected.remove(["a7"])
    with kg.open(path) as s:
        assert s.stats() == expected.stats()
        assert s.query(subject="costa") == expected.query(subject="costa")
        assert not s.query(relation="threaten")  # it was in the old a3
        assert s.documents == expected.documents  # a3 keeps its place
        for name, e in expected.entities.items():
            assert (s.entity(name).name, s.entity(name).aliases) == (e.name, e.aliases)
    # the same content written at once
    again = tmp_path / "again.kgdb"
    with kg.open(again, write=True) as s:
        s.update([(i, t) for i, t in DOCS if i != "a7"], nlp=nlp)
        s.update([("a3", "Maria Costa met Lars Lind in Rome.")], nlp=nlp)
    assert state(again)["entities"] == state(path)["entities"]
    assert state(again)["edges"] == state(path)["edges"]


def test_unchanged_documents_are_skipped_without_parsing(nlp, tmp_path, monkeypatch):
    import kg.corpus.engine

    parsed: list[str] = []
    real = kg.corpus.engine._analyze_batch

    def counting(nlp_, lexicon, batch):
        parsed.extend(d.id for d in batch)
        return real(nlp_, lexicon, batch)

    monkeypatch.setattr(kg.corpus.engine, "_analyze_batch", counting)
    path = tmp_path / "skip.kgdb"
    with kg.open(path, write=True) as s:
        assert len(s.update(DOCS[:4], nlp=nlp).added) == 4
        assert parsed == ["a1", "a2", "a3", "a4"]
        parsed.clear()
        changed = [*DOCS[:3], ("a4", "Peter Novak met Anna Berg in Bergen."), DOCS[4]]
        report = s.update(changed, nlp=nlp)
    assert parsed == ["a4", "a5"]
    assert report.unchanged == ("a1", "a2", "a3") and report.replaced == ("a4",) and report.added == ("a5",)


def test_a_long_document_in_chunks_is_found_unchanged_after_parsing(nlp, tmp_path):
    long_text = "\n\n".join(f"Anna Berg met Tomas Lind in Oslo on day {i}. Lind praised Berg." for i in range(12))
    path = tmp_path / "long.kgdb"
    with kg.open(path, write=True) as s:
        hashes: dict = {}
        docs = list(s.skip_unchanged(iter_documents([("long", long_text)], chunk_chars=200), hashes))
        assert len(docs) > 2
        s.add_results(analyze_documents(iter(docs), nlp), hashes=hashes)
        hashes = {}
        skipped: list = []
        docs = list(s.skip_unchanged(iter_documents([("long", long_text)], chunk_chars=200), hashes, skipped))
        assert len(docs) > 2 and not skipped  # chunks go on to the parser
        report = s.add_results(analyze_documents(iter(docs), nlp), hashes=hashes)
    assert report.unchanged == ("long",) and not report.replaced


# -- files ----------------------------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_foreign_truncated_and_newer_files_are_refused_unchanged(store, tmp_path):
    foreign = tmp_path / "other.db"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE notes (x TEXT)")
    db.commit()
    db.close()
    truncated = tmp_path / "cut.kgdb"
    data = store.file.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    newer = tmp_path / "newer.kgdb"
    newer.write_bytes(data)
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {STORE_VERSION + 1}")
    db.commit()
    db.close()
    as_json = tmp_path / "graph.kgdb"
    as_json.write_text('{"format": "kg-graph", "version": 1, "documents": []}', encoding="utf-8")
    cases = [(foreign, "not a kg store"), (truncated, "cut short"), (newer, "newer kg"), (as_json, "not an SQLite database")]
    for path, message in cases:
        before = digest(path)
        for write in (False, True):
            with pytest.raises(GraphFormatError, match=message):
                kg.open(path, write=write)
        result = runner.invoke(app, ["build", "-", "--into", str(path), "-q"], input="Anna Berg met Tomas Lind.")
        assert result.exit_code == 1 and message in result.stderr
        result = runner.invoke(app, ["stats", str(path)])
        if path == as_json:  # read commands read what the file holds: here a JSON graph
            assert result.exit_code == 0
        else:
            assert result.exit_code == 1 and message in result.stderr
        assert digest(path) == before, path
        assert not Path(str(path) + "-lock").exists()


def test_two_writers_are_refused_and_readers_see_committed_batches(results, tmp_path):
    path = tmp_path / "w.kgdb"
    writer = kg.open(path, write=True)
    try:
        with pytest.raises(KgError, match=rf"another kg build is writing to .*w\.kgdb \(pid {os.getpid()}\); wait for it to finish"):
            kg.open(path, write=True)
        out = runner.invoke(app, ["build", "-", "--into", str(path), "-q"], input="Anna Berg met Tomas Lind.")
        assert out.exit_code == 1 and "another kg build is writing to" in out.stderr

        seen = []

        def slowly():
            for i, r in enumerate(results[:5]):
                if i == 4:  # two batches of two are committed, the third is being written
                    with kg.open(path) as reader:
                        seen.append(reader.documents)
                yield r

        writer.add_results(slowly(), batch_docs=2)
    finally:
        writer.close()
    assert seen == [["a1", "a2", "a3", "a4"]]
    with kg.open(path, write=True) as again:  # the lock went with the writer
        assert len(again.documents) == 5


# -- a build killed or interrupted ----------------------------------------------------------------

PEOPLE = ["Anna Berg", "Tomas Lind", "Peter Novak", "Maria Costa", "Lars Holm", "Ines Vogt", "Omar Haddad", "Yuki Tanaka"]
PLACES = ["Oslo", "Prague", "Lisbon", "Vienna", "Cairo", "Tokyo"]
COUNTRIES = ["Norway", "Poland", "Chile", "Kenya", "Japan"]


def _corpus(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            a, b = PEOPLE[i % 8], PEOPLE[(i * 3 + 1) % 8]
            if a == b:
                b = PEOPLE[(i + 1) % 8]
            place, country = PLACES[i % 6], COUNTRIES[i % 5]
            text = (
                f"{a} met {b} in {place} on Monday to discuss trade. {a.split()[1]} later praised {country} for its help. "
                f"{b.split()[1]} criticised {COUNTRIES[(i + 2) % 5]} over the fishing rights, officials said."
            )
            fh.write(json.dumps({"id": f"n{i:04d}", "text": text}) + "\n")


def _count(path: Path) -> int:
    try:
        db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _build_until(corpus: Path, store: Path, docs: int, sig: int) -> int:
    """Run kg build into the store and send ``sig`` once it holds ``docs`` documents."""
    cmd = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--into", str(store), "--commit-every", "0.3", "-q"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        while proc.poll() is None and _count(store) < docs:
            time.sleep(0.02)
        assert proc.poll() is None, "the build ended before it could be stopped: give it more documents"
        proc.send_signal(sig)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    return proc.returncode


def test_killed_and_interrupted_builds_resume_to_the_same_store(nlp, tmp_path):
    corpus = tmp_path / "news.jsonl"
    _corpus(corpus, 260)
    reference = tmp_path / "whole.kgdb"
    with kg.open(reference, write=True) as s:
        s.update([corpus], nlp=nlp)
    path = tmp_path / "resumed.kgdb"
    assert _build_until(corpus, path, 1, signal.SIGKILL) == -signal.SIGKILL
    killed_at = _count(path)
    assert 0 < killed_at < 260
    assert _build_until(corpus, path, killed_at + 1, signal.SIGINT) == 130
    stopped_at = _count(path)
    assert killed_at < stopped_at < 260
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    out = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), "--into", str(path), "-q"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert f"{stopped_at} document(s) already in" in out.stderr
    assert state(path) == state(reference)


# -- the command line -------------------------------------------------------------------------------


def test_cli_on_a_store(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    for i, text in DOCS[:4]:
        (news / f"{i}.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "news.kgdb"
    out = runner.invoke(app, ["build", str(news), "--into", str(path), "-q"])
    assert out.exit_code == 0, out.output
    assert "4 document(s) added, 4 in the store" in out.stderr
    (news / "a5.txt").write_text(DOCS[4][1], encoding="utf-8")
    out = runner.invoke(app, ["build", str(news), "--into", str(path), "-q"])
    assert "4 document(s) already in" in out.stderr and "1 document(s) added, 5 in the store" in out.stderr
    js = tmp_path / "g.json"
    assert runner.invoke(app, ["build", str(news), "--json", str(js), "-q"]).exit_code == 0
    for args in (
        ["query", "--subject", "berg", "--format", "jsonl"],
        ["query", "--relation", "meet", "--limit", "1", "--format", "jsonl"],
        ["show", "berg", "--format", "jsonl"],
        ["path", "Anna Berg", "Maria Costa", "--format", "jsonl"],
        ["quotes", "--format", "jsonl"],
        ["stats", "--format", "jsonl"],
        ["show", "berg"],
    ):
        from_store = runner.invoke(app, [args[0], str(path), *args[1:]])
        from_json = runner.invoke(app, [args[0], str(js), *args[1:]])
        assert from_store.exit_code == 0, (args, from_store.output)
        assert from_store.stdout == from_json.stdout, args
    out = runner.invoke(app, ["query", str(path), "--subject", "Ana Berg"])
    assert out.exit_code == 1 and "did you mean 'Anna Berg'" in out.stderr
    out = runner.invoke(app, ["query", str(path), "--relation", "met"])
    assert "did you mean 'meet'" in out.stderr
    graphml = tmp_path / "g.graphml"
    assert runner.invoke(app, ["export", str(path), "--to", "graphml", "-o", str(graphml)]).exit_code == 0
    assert graphml.read_text(encoding="utf-8").count("<node ") == kg.load(js).to_networkx().number_of_nodes()
    out = runner.invoke(app, ["remove", str(path), "a5.txt", "a1.txt"])
    assert out.exit_code == 0 and "removed 2 document(s)" in out.stderr and "3 left" in out.stderr
    out = runner.invoke(app, ["remove", str(path), "nothing.txt"])
    assert out.exit_code == 1 and "no document 'nothing.txt'" in out.stderr
    with kg.load(path) as s:
        assert isinstance(s, Store) and len(s.documents) == 3
    out = runner.invoke(app, ["remove", str(js), "a1.txt"])
    assert out.exit_code == 0 and len(kg.load(js).documents) == 4


# -- any order of writes ------------------------------------------------------------------------------

_VOCAB = [("Anna Kim", "PERSON"), ("Kim", "PERSON"), ("Bo Kim", "PERSON"), ("KIM", "ORG"), ("Lee", None), ("Ann Lee", "ORG"),
          ("AL", "PERSON"), ("Jordan", "GPE"), ("Ali Jordan", "PERSON"), ("EU", "ORG"), ("European Union", "ORG"), ("Norway", "GPE")]


def _doc_result(doc_id: str, picks: list[int], salt: int) -> DocResult:
    entities, triples, quotes = [], [], []
    sentence = Evidence(doc_id, f"Sentence {salt} of {doc_id}.", 0, 20)
    for k, i in enumerate(dict.fromkeys(picks)):
        name, typ = _VOCAB[i]
        aliases = ((name, 1 + (salt + k) % 2),) + ((("AL", 1),) if name == "Ann Lee" else (("EU", 1),) if name == "European Union" else ())
        texts = ["the " + name] if (salt + k) % 5 == 0 else [name]
        entities.append(Entity(name, typ, aliases, ("Envoy",) if k % 3 == 0 else (), "Norway" if k % 4 == 1 else None,
                               tuple(Mention(t, 0, len(t), sentence) for t in texts)))
    names = [e.name for e in entities] + ["kim", "officials"]
    for k in range(len(names) - 1):
        s, o = names[k], names[(k + salt) % len(names)]
        if s != o:
            text = s.capitalize() if s == "kim" else s
            triples.append(Triple(s, "meet" if k % 2 else "praise", o, text, "met", o, _type(s), _type(o), sentence,
                                  confidence=0.1 * (k % 9), interaction="neutral", attributed_to=names[0] if k == 2 else None))
    if entities:
        quotes.append(Quote(entities[0].name, "say", f"We agree {salt}", sentence))
    return DocResult(doc_id, tuple(triples), tuple(entities), tuple(quotes), 10 + salt)


def _type(name):
    return dict(_VOCAB).get(name)


def test_any_sequence_of_writes_equals_the_graph_of_the_same_documents(tmp_path_factory):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    ops = st.lists(
        st.tuples(st.sampled_from(["add", "add", "remove"]), st.integers(0, 5), st.lists(st.integers(0, len(_VOCAB) - 1), min_size=1, max_size=5), st.integers(0, 9)),
        min_size=1,
        max_size=12,
    )

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ops, st.integers(1, 3))
    def check(operations, batch):
        path = tmp_path_factory.mktemp("seq") / "s.kgdb"
        graph = KnowledgeGraph()
        with kg.open(path, write=True) as s:
            pending = []
            for op, doc, picks, salt in operations:
                if op == "add":
                    result = _doc_result(f"d{doc}", picks, salt)
                    pending.append(result)
                    graph.add_results([result])
                else:
                    s.add_results(pending, batch_docs=batch)
                    pending = []
                    s.remove([f"d{doc}"])
                    graph.remove([f"d{doc}"])
            s.add_results(pending, batch_docs=batch)
            assert s.stats() == graph.stats()
            assert s._match_names("envoy") == graph._match_names("envoy")  # a title the entities hold
            assert s.query() == graph.query()
            assert s.quotes() == graph.quotes()
            for name, e in graph.entities.items():
                got = s.entity(name)
                assert (got.name, got.type, got.aliases, got.titles, got.affiliation) == (e.name, e.type, e.aliases, e.titles, e.affiliation)
            assert sorted(s.to_networkx().edges(keys=True, data=True), key=repr) == sorted(graph.to_networkx().edges(keys=True, data=True), key=repr)

    check()


def test_a_lone_surname_removed_leaves_the_full_name_as_it_was(tmp_path):
    full = _doc_result("d1", [0], 1)  # Anna Kim
    lone = _doc_result("d2", [1], 2)  # Kim, who merges into her
    with kg.open(tmp_path / "k.kgdb", write=True) as s:
        s.add_results([full, lone], batch_docs=1)
        assert dict(s.entity("Anna Kim").aliases).get("Kim")
        s.remove(["d2"])
        assert s.entity("Anna Kim").aliases == KnowledgeGraph([full]).entity("Anna Kim").aliases


def _titled(doc_id: str, name: str, titles: tuple[str, ...], other: str = "Norway") -> DocResult:
    sentence = Evidence(doc_id, f"{name} met officials of {other}.", 0, 40)
    entities = (
        Entity(name, "PERSON", ((name, 1),), titles, None, (Mention(name, 0, len(name), sentence),)),
        Entity(other, "GPE", ((other, 1),), (), None, (Mention(other, 26, 26 + len(other), sentence),)),
    )
    triples = (Triple(name, "meet", other, name, "met", other, "PERSON", "GPE", sentence, interaction="neutral"),)
    return DocResult(doc_id, triples, entities, (), 8)


def test_a_title_an_entity_holds_finds_it_as_in_the_graph(tmp_path):
    docs = [_titled("t1", "Jim Mattis", ("U.S. Defense Secretary",)), _titled("t2", "Ana Ruiz", ("Trade Minister",), "Chile")]
    path = tmp_path / "t.kgdb"
    with kg.open(path, write=True) as s:
        s.add_results(docs, batch_docs=1)
    graph = KnowledgeGraph(docs)
    with kg.open(path) as s:
        for asked in ("Defense Secretary", "defense secretary", "U.S. Defense Secretary", "US Defense Secretary", "Trade Minister"):
            assert s.resolve_name(asked) == graph.resolve_name(asked), asked
        assert s.resolve_name("Defense Secretary") == "Jim Mattis"
        assert s.neighbors("Defense Secretary") == ["Norway"]
        with pytest.raises(EntityNotFound):
            s.resolve_name("Secretary")  # one word of a title is no title
    with kg.open(path, write=True) as s:  # the lookup follows the entities as they change
        s.remove(["t1"])
        s.add_results([_titled("t3", "Ana Ruiz", ("Foreign Minister",), "Peru")])
    with kg.open(path) as s:
        assert not s.known("Defense Secretary")
        assert s.resolve_name("foreign minister") == s.resolve_name("trade minister") == "Ana Ruiz"
    # a store written before the title lookup: readers read the titles, the next writer adds the table
    old = sqlite3.connect(path)
    old.execute("DROP TABLE title_keys")
    old.commit()
    old.close()
    with kg.open(path) as s:
        assert s.resolve_name("Foreign Minister") == "Ana Ruiz"
    with kg.open(path, write=True) as s:
        assert s.resolve_name("Trade Minister") == "Ana Ruiz"
    assert ("foreign minister", "Ana Ruiz") in state(path)["title_keys"]
