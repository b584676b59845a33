"""Bad input, faults and untrusted text: one clear message per bad input, the rest goes on,
nothing truncated, nothing fetched."""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.corpus.engine import analyze_documents
from kg.corpus.inputs import iter_documents

runner = CliRunner()
GOOD = "Anna Berg met Tomas Lind in Oslo on Monday. Lind thanked Berg."


def problems_of(inputs, **kw):
    found = []
    docs = list(iter_documents(inputs, on_problem=found.append, **kw))
    return docs, found


def test_missing_path_and_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    docs, found = problems_of([tmp_path / "nope.txt", tmp_path / "empty"])
    assert not docs
    assert [("nope.txt" in p.source, "no such file" in p.message) for p in found][0] == (True, True)
    assert "no .txt files" in found[1].message


def test_empty_binary_and_encodings(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner Anna Berg met Tomas Lind.".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    docs, found = problems_of(sorted(tmp_path.iterdir()))
    by_name = {Path(p.source).name: p for p in found}
    assert by_name["empty.txt"].skipped and "empty" in by_name["empty.txt"].message
    assert by_name["binary.txt"].skipped and "binary" in by_name["binary.txt"].message
    assert not by_name["latin1.txt"].skipped and "invalid UTF-8" in by_name["latin1.txt"].message
    texts = {Path(d.id).name: d.text for d in docs}
    assert texts["utf16.txt"] == GOOD
    assert "\ufffd" in texts["latin1.txt"]


def test_jsonl_problems_name_the_line(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join([json.dumps({"id": "ok", "text": GOOD}), "{oops", json.dumps({"id": 2}), json.dumps({"text": ["x"]})]), encoding="utf-8")
    docs, found = problems_of(f)
    assert [d.id for d in docs] == ["ok"]
    assert [(p.line, p.skipped) for p in found] == [(2, True), (3, True), (4, True)]
    assert "text" in found[1].message and "list" in found[2].message
    # a file of bad lines only: each line is reported once, the file is not counted again
    f.write_text("{oops\n[1, 2]\n", encoding="utf-8")
    docs, found = problems_of(f)
    assert not docs and [p.line for p in found] == [1, 2]
    f.write_text("\n\n", encoding="utf-8")
    docs, found = problems_of(f)
    assert not docs and len(found) == 1 and "no documents" in found[0].message


def test_cli_goes_on_and_summarises(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 50)
    out = tmp_path / "g.json"
    result = runner.invoke(app, ["build", str(good), str(bad), str(tmp_path / "missing.txt"), "--json", str(out), "-q"])
    assert result.exit_code == 1
    err = result.stderr
    assert "bad.txt" in err and "binary" in err and "missing.txt" in err
    assert "2 input(s) skipped" in err
    assert kg.load(out).query(relation="meet")


def test_big_file_is_read_in_chunks_with_flat_memory(tmp_path):
    para = ("Anna Berg met Tomas Lind in Oslo on Monday to discuss fishing rights and trade. " * 6).strip()
    big = tmp_path / "big.txt"
    with open(big, "w", encoding="utf-8") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(para + "\n\n")
    size = big.stat().st_size
    tracemalloc.start()
    chunks = 0
    end = 0
    for d in iter_documents(big):
        assert d.offset == end  # chunks follow each other exactly
        end = d.offset + len(d.text)
        chunks += 1
        assert len(d.text) <= 100_000
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert end == size  # ASCII: characters == bytes
    assert chunks >= 500
    assert peak < size / 10, f"peak {peak} bytes while reading a {size}-byte file"


def test_chunked_document_keeps_offsets(nlp, tmp_path):
    paras = [f"Minister {name} met Anna Berg in Oslo on Monday." for name in ("Tomas Lind", "Peter Novak", "Maria Costa")] * 20
    text = "\n\n".join(paras)
    f = tmp_path / "long.txt"
    f.write_text(text, encoding="utf-8")
    results = list(analyze_documents(iter_documents(f, chunk_chars=500), nlp))
    assert len(results) > 5 and results[-1].last and not results[0].last
    g = kg.KnowledgeGraph(results)
    assert g.documents == [f.as_posix()]
    for t in g.triples:
        assert text[t.evidence.start : t.evidence.end] == t.evidence.sentence


def test_ten_thousand_token_sentence_without_punctuation(nlp):
    words = ["minister", "Berg", "met", "officials", "and", "the", "delegation", "visited", "Oslo", "with", "Lind"]
    text = " ".join(words[i % len(words)] for i in range(10_000))
    start = time.perf_counter()
    g = kg.build([("long", text)], nlp=nlp)
    assert time.perf_counter() - start < 120
    for t in g.triples:
        assert text[t.evidence.start : t.evidence.end] == t.evidence.sentence


@pytest.mark.parametrize(
    "text",
    [
        "\U0001F600 \U0001F680 \U0001F30D \u2764\ufe0f " * 40,
        "12 345 6789 0.5 1,000,000 -7 3/4 " * 40,
        "Der Minister traf gestern seinen Amtskollegen in Berlin. Die Gespr\u00e4che waren lang.",
        "\u0627\u0644\u0648\u0632\u064a\u0631 \u0627\u0644\u062a\u0642\u0649 \u0646\u0638\u064a\u0631\u0647 \u0641\u064a \u0627\u0644\u0642\u0627\u0647\u0631\u0629.",
        "\u5916\u4ea4\u90e8\u957f\u5728\u5317\u4eac\u4f1a\u89c1\u4e86\u4ed6\u7684\u540c\u884c\u3002",
    ],
)
def test_odd_texts_do_not_crash(nlp, text, tmp_path):
    g = kg.build([("odd", text)], nlp=nlp)
    for t in g.triples:
        assert t.subject.strip() and t.object.strip()
    g.to_html(tmp_path / "odd.html")


def test_nothing_named_in_the_input_is_fetched(nlp, tmp_path):
    text = (
        'Anna Berg met <img src="http://example.com/x.png"> in Oslo. '
        "Lind visited https://example.com/track.js and file:///etc/passwd on Monday."
    )
    g = kg.build([("urls", text)], nlp=nlp)
    html = g.html()
    assert 'src="http' not in html and "src='http" not in html
    assert '<img src="http://example.com' not in html
    assert "href=\"http" not in html


def test_nothing_read_means_nothing_written(tmp_path):
    out = tmp_path / "keep.json"
    out.write_text("the previous graph", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path / "missing.txt"), "--json", str(out), "-q"])
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert out.read_text(encoding="utf-8") == "the previous graph"


def test_corrupt_graph_file(tmp_path):
    bad = tmp_path / "g.json"
    bad.write_text("{\"format\": \"kg-graph\", \"version\": 1, \"documents\": [{\"id\": 3}]", encoding="utf-8")
    result = runner.invoke(app, ["query", str(bad)])
    assert result.exit_code == 1
    assert "not valid JSON" in result.stderr and "Traceback" not in result.stderr
    bad.write_text(json.dumps({"format": "kg-graph", "version": 1, "documents": [{"id": "x", "triples": [{"subject": "a"}]}]}), encoding="utf-8")
    result = runner.invoke(app, ["stats", str(bad)])
    assert result.exit_code == 1 and "damaged" in result.stderr


@pytest.mark.slow
def test_sigterm_leaves_no_truncated_output(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):
        (corpus / f"d{i}.txt").write_text((GOOD + "\n\n") * 40, encoding="utf-8")
    out = tmp_path / "g.json"
    out.write_text("previous content", encoding="utf-8")
    kg_bin = Path(sys.executable).with_name("kg")
    proc = subprocess.Popen([str(kg_bin), "build", str(corpus), "--json", str(out), "-q"], stderr=subprocess.PIPE, text=True)
    time.sleep(6)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert out.read_text(encoding="utf-8") == "previous content"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert "Traceback" not in err


def test_outputs_write_through_links_and_into_devices(tmp_path):
    from kg.corpus.atomic import atomic_write_text

    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()))
    reader.start()
    atomic_write_text(fifo, "through the pipe")
    reader.join(timeout=10)
    assert got == ["through the pipe"] and fifo.exists() and not fifo.is_file()


def test_punctuation_is_never_a_node(nlp):
    text = "Critics posted > online. Anna Berg met Tomas Lind in Oslo."
    for t in kg.analyze(nlp(text), text=text).triples:
        assert any(ch.isalnum() for ch in t.subject) and any(ch.isalnum() for ch in t.object), t


def test_a_text_file_or_a_missing_store_given_as_a_graph_says_what_to_do(tmp_path):
    text = tmp_path / "article.txt"
    text.write_text("Chile met Peru on Monday.\n", encoding="utf-8")
    result = runner.invoke(app, ["query", str(text)])
    assert result.exit_code == 1 and "is not a graph file" in result.stderr and "kg build" in result.stderr
    result = runner.invoke(app, ["show", str(tmp_path / "mine.kgdb"), "Chile"])
    assert result.exit_code == 1 and "--into" in result.stderr, result.stderr
