"""kg serve: the JSON API (search, neighbourhood, evidence paging, date ranges), clean 4xx
answers, a store read while a build writes it, and a clean stop on SIGINT and SIGTERM."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from newsroom import MINISTER, TITLE, VISITORS, XSS_NAME, XSS_SENTENCE, _doc, build_store
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import KgError
from kg.graph.query import TripleFilter
from kg.render.pages import PageSpec
from kg.render.serve import ServeOptions, make_server

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


class Served:
    """A server running in a thread, and a client for it."""

    def __init__(self, options: ServeOptions) -> None:
        self.server = make_server(options, port=0)
        self.port = self.server.port
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def request(self, path: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def get(self, endpoint: str, **params) -> tuple[int, dict]:
        query = urlencode(params, doseq=True)
        status, headers, body = self.request(f"/api/{endpoint}?{query}")
        assert headers["content-type"] == "application/json; charset=utf-8"
        assert headers["x-content-type-options"] == "nosniff"
        return status, json.loads(body)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "news.kgdb")


@pytest.fixture(scope="module")
def served(store_path):
    s = Served(ServeOptions(store_path, PageSpec(top=5)))
    yield s
    s.stop()


def test_search_finds_names_aliases_titles_and_words(served):
    status, body = served.get("search", q="ana")
    assert status == 200 and body["results"][0] == {"name": MINISTER, "type": "PERSON", "degree": 33, "match": "ana"}
    assert served.get("search", q="RUIZ")[1]["results"][0]["name"] == MINISTER  # a word of the name, any case
    assert served.get("search", q="chilean trade")[1]["results"][0]["name"] == MINISTER  # the beginning of a title she holds
    assert served.get("search", q="Trade Minister")[1]["results"][0]["name"] == MINISTER  # a title's ending names her exactly
    costa = served.get("search", q="costa", limit=3)[1]["results"]
    assert len(costa) == 3 and all(h["name"].endswith("Costa") for h in costa)
    assert served.get("search", q="nobody at all")[1]["results"] == []
    found = served.get("search", q="<img")[1]["results"]
    assert found[0]["name"] == XSS_NAME  # markup is data: the answer holds it as a JSON string


def test_neighbors_pages_through_the_neighbours_with_counts_and_dates(served):
    status, first = served.get("neighbors", name="ruiz", limit=5)
    assert status == 200 and first["name"] == MINISTER and first["total"] == 32  # 30 visitors, Chile and Peru
    assert first["neighbors"][:2] == ["Chile", "Peru"]  # the most related first
    assert {n["name"] for n in first["nodes"]} == {MINISTER, *first["neighbors"]}
    center = next(n for n in first["nodes"] if n["name"] == MINISTER)
    assert center["total"] == 33 and center["titles"] == [TITLE]
    meet = next(e for e in first["edges"] if e["key"] == json.dumps([MINISTER, "meet", "Chile"]))
    assert meet["count"] == 45 and meet["evidence"] == [] and sum(c for _, c in meet["dates"]) == 45
    assert meet["from"] == MINISTER and meet["to"] == "Chile"
    _, second = served.get("neighbors", name=MINISTER, limit=5, offset=5)
    assert not set(second["neighbors"]) & set(first["neighbors"]) and len(second["neighbors"]) == 5
    # edges to what the page shows already come along
    _, known = served.get("neighbors", name="Peru", limit=1, known=[MINISTER, "Chile"])
    assert {(e["from"], e["to"]) for e in known["edges"]} >= {("Peru", MINISTER)}
    assert {n["name"] for n in known["nodes"]} == {"Peru", *known["neighbors"]}
    _, bo = served.get("neighbors", name="Bo Lindqvist", known=[MINISTER])
    assert bo["neighbors"] == ["Peru"] and {e["to"] for e in bo["edges"]} == {"Peru", MINISTER}


def test_evidence_comes_a_page_at_a_time(served):
    pages = [served.get("evidence", source=MINISTER, target="Chile", label="meet", offset=k, limit=20)[1] for k in (0, 20, 40)]
    assert [p["total"] for p in pages] == [45, 45, 45]
    assert [len(p["items"]) for p in pages] == [20, 20, 5]
    sentences = [i["sentence"] for p in pages for i in p["items"]]
    assert len(set(sentences)) == 45 and sentences[0].startswith("On day 0 of the talks") and sentences[-1].startswith("On day 44")
    item = pages[0]["items"][0]
    assert item["date"] == "2009-01-05" and item["date_source"] == "document" and item["doc_id"] == "talks-00"
    assert item["subject"] == MINISTER and item["relation"] == "meet" and item["object"] == "Chile"
    assert pages[0]["docs"]["talks-00"] == {"date": "2009-01-05", "title": "Talks, day 0"}
    _, entity = served.get("evidence", name="Ruiz", limit=100)
    assert entity["total"] == 45 + 30 + 1 + 5 and len(entity["items"]) == 81  # met Chile, praised, member of Chile, met Peru
    _, pair = served.get("evidence", source="Peru", target=MINISTER)  # no label: both ways, every relation
    assert pair["total"] == 5
    _, markup = served.get("evidence", name="Dara Okafor")
    assert XSS_SENTENCE in [i["sentence"] for i in markup["items"]] and markup["docs"]["markup"]["title"] == "<b>Grain</b>"


def test_date_ranges_keep_what_overlaps_and_leave_out_the_undated(served, store_path):
    _, june = served.get("neighbors", name=MINISTER, since="2010-06", until="2010-06")
    assert june["neighbors"] == ["Peru"] and june["total"] == 1
    _, early = served.get("evidence", source=MINISTER, target="Chile", label="meet", until="2009-01-09")
    assert early["total"] == 5
    _, chen = served.get("neighbors", name="Chen Wei", since="2000")
    assert chen["total"] == 0  # his one relation has no date
    status, body = served.get("evidence", name=MINISTER, since="last week")
    assert status == 400 and "not a date" in body["error"]
    # a server that keeps to 2010 answers only inside it, whatever a page asks
    narrow = Served(ServeOptions(store_path, PageSpec(top=5, where=TripleFilter(since="2010"))))
    try:
        assert narrow.get("neighbors", name=MINISTER)[1]["neighbors"] == ["Peru"]
        assert narrow.get("evidence", name=MINISTER, until="2009-12")[1] == {"total": 0, "offset": 0, "items": [], "docs": {}}
        assert narrow.get("evidence", name=MINISTER, since="2009")[1]["total"] == 5
        page = narrow.request("/")[2].decode("utf-8")
        assert "On day 3 of the talks" not in page and '"since":"2010"' in page
    finally:
        narrow.stop()


def test_the_interactions_view_answers_pairs_of_actors(store_path):
    acts = Served(ServeOptions(store_path, PageSpec("interactions", top=5)))
    try:
        _, near = acts.get("neighbors", name=MINISTER, limit=2)
        assert near["neighbors"] == ["Chile", "Peru"]
        chile = next(e for e in near["edges"] if e["key"] == json.dumps(sorted([MINISTER, "Chile"])))
        assert chile["classes"] == {"verbal cooperation": 45} and chile["weight"] == 45  # the membership is no act
        _, pair = acts.get("evidence", source="Chile", target=MINISTER, limit=5)
        assert pair["total"] == 45 and {i["relation"] for i in pair["items"]} == {"meet"}
        _, member = acts.get("evidence", source=MINISTER, target="Chile", label="member of")
        assert member["total"] == 1 and member["items"][0]["sentence"].startswith(TITLE)
        _, lone = acts.get("neighbors", name="Bo Lindqvist", known=[MINISTER])
        assert lone["edges"][0]["classes"] == {"verbal conflict": 5}
    finally:
        acts.stop()


def test_bad_requests_get_clean_json_answers(served):
    cases = [
        ("/api/nothing", 404, "no such page"),
        ("/etc/passwd", 404, "no such page"),
        ("/../../etc/passwd", 404, "no such page"),
        ("/api/", 404, "no such page"),
        ("/kg/templates/graph.js", 404, "no such page"),
        ("/api/search", 400, "give the parameter 'q'"),
        ("/api/search?q=", 400, "is empty"),
        ("/api/search?q=ana&q=bo", 400, "give 'q' once"),
        ("/api/search?q=ana&limit=many", 400, "whole number"),
        ("/api/search?q=ana&limit=5000", 400, "from 1 to 50"),
        ("/api/search?q=ana&color=red", 400, "unknown parameter 'color'"),
        ("/api/neighbors?name=Ana+Ruis", 404, "did you mean 'Ana Ruiz'"),
        ("/api/neighbors?name=ruiz&offset=-1", 400, "whole number"),
        ("/api/evidence?source=Peru", 400, "give name"),
        ("/api/evidence?name=ruiz&source=Peru&target=Chile", 400, "not both"),
        ("/?x=1", 400, "no parameters"),
        ("/api/search?" + "&".join(f"q{i}=1" for i in range(6000)), 400, "too many parameters"),
    ]
    for path, status, message in cases:
        got, headers, body = served.request(path)
        assert got == status, path
        assert headers["content-type"] == "application/json; charset=utf-8", path
        assert message in json.loads(body)["error"], (path, body)
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        got, headers, body = served.request("/api/search?q=ana", method=method)
        assert got == 405 and headers["allow"] == "GET, HEAD" and "read-only" in json.loads(body)["error"]
    got, headers, body = served.request("/api/search?q=ana", method="BREW")
    assert got == 501 and "error" in json.loads(body)
    # another site's name for this machine (DNS rebinding) is refused
    got, _, body = served.request("/api/search?q=ana", headers={"Host": "attacker.example:80"})
    assert got == 403 and "answers requests for" in json.loads(body)["error"]
    got, headers, body = served.request("/api/search?q=ana", method="HEAD")
    assert got == 200 and body == b"" and int(headers["content-length"]) > 0
    # a request line too long for the server
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(b"GET /api/search?q=" + b"a" * 70000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        answer = b"".join(chunks).decode("latin-1")
    assert answer.startswith("HTTP/1.1 414") and '{"error"' in answer


def test_the_page_is_the_graph_page_in_live_mode(served):
    status, headers, body = served.request("/")
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    csp = headers["content-security-policy"]
    assert "connect-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "connect-src 'self'" in page and headers["x-frame-options"] == "DENY"
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1))
    assert data["meta"]["live"]["api"] == "/api/" and data["meta"]["live"]["store"] == "news.kgdb"
    assert {n["name"] for n in data["nodes"]} <= {MINISTER, "Chile", "Peru", "Dara Okafor", "Norway"}
    assert all(e["evidence"] == [] and "dates" in e for e in data["edges"])  # sentences come on demand
    assert next(n for n in data["nodes"] if n["name"] == MINISTER)["total"] == 33
    assert served.request("/favicon.ico")[0] == 204
    file_page = kg.render_html(kg.KnowledgeGraph().to_networkx(), None)[0]
    assert "connect-src 'none'" in file_page and "connect-src 'self'" not in file_page


def test_read_only_while_a_build_writes(store_path, tmp_path):
    path = tmp_path / "growing.kgdb"
    path.write_bytes(store_path.read_bytes())
    served = Served(ServeOptions(path, PageSpec(top=5)))
    try:
        before = served.request("/")[2]
        with kg.open(path, write=True) as writer:  # the server holds no lock: a build may write
            assert served.get("search", q="zora")[1]["results"] == []
            writer.add_results([_doc("late-1", "2011-01-03", [("Zora Vance", "meet", MINISTER, "Zora Vance met Ana Ruiz in Quito.")])])
            # committed: the next request sees it, while the writer still holds the store
            hits = served.get("search", q="zora")[1]["results"]
            assert [h["name"] for h in hits] == ["Zora Vance"]
            _, near = served.get("neighbors", name="Zora Vance")
            assert near["neighbors"] == [MINISTER]
            assert served.get("neighbors", name=MINISTER, limit=1)[1]["total"] == 33
            writer.add_results([_doc(f"late-{k}", "2011-01-04", [("Zora Vance", "meet", v, f"Zora Vance met {v} in Lima, note {k}.")])
                                for k, v in enumerate(VISITORS * 2, 2) if k < 40])
            assert served.get("evidence", name="Zora Vance")[1]["total"] == 39
        after = served.request("/")[2]
        assert after != before and b"Zora Vance" in after  # the page is read again once the store changed
        assert served.request("/")[2] == after
    finally:
        served.stop()


def _start(store: Path, *args: str) -> tuple[subprocess.Popen, int]:
    cmd = [sys.executable, "-m", "kg.cli", "serve", str(store), "--port", "0", *args]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", line)
        if m:
            return proc, int(m.group(1))
    proc.kill()
    raise AssertionError("the server did not start: " + "".join(lines))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_server_cleanly(store_path, sig):
    proc, port = _start(store_path)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/api/search?q=" + quote("ruiz"))
        assert json.loads(conn.getresponse().read())["results"][0]["name"] == MINISTER
        idle = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # a kept-alive connection stays open
        idle.request("GET", "/api/search?q=peru")
        idle.getresponse().read()
        proc.send_signal(sig)
        proc.wait(20)
        rest = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert proc.returncode == 0
    assert "stopped serving" in rest and "Traceback" not in rest
    with socket.socket() as s:  # the port is free again
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))


def test_the_command_refuses_what_it_cannot_serve(store_path, tmp_path):
    graph = tmp_path / "g.json"
    kg.KnowledgeGraph().save(graph)
    r = runner.invoke(app, ["serve", str(graph)])
    assert r.exit_code == 1 and "kg serve reads a store" in r.stderr and "kg html" in r.stderr
    r = runner.invoke(app, ["serve", str(tmp_path / "missing.kgdb")])
    assert r.exit_code == 1 and "no such store" in r.stderr
    r = runner.invoke(app, ["serve", str(store_path), "--since", "soon"])
    assert r.exit_code == 1 and "not a date" in r.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(KgError, match="the port is in use"):
            make_server(ServeOptions(store_path), port=busy.getsockname()[1])
    help_text = " ".join(runner.invoke(app, ["serve", "--help"]).stdout.split())
    assert "--port" in help_text and "--host" in help_text and "Read-only" in help_text
