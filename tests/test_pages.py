"""Pages of part of a graph: a store's part read by SQL equals the in-memory graph's view, the
entities chosen by --top and --around (names, aliases, titles), the filters and dates, and the
command line (kg html on a store and on a JSON graph)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from newsroom import MINISTER, TITLE, VISITORS, build_store, corpus
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import EntityNotFound
from kg.graph.graph import KnowledgeGraph
from kg.graph.query import TripleFilter
from kg.render import pages
from kg.render.pages import PageSpec, page_graph

runner = CliRunner()


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return KnowledgeGraph(corpus())


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("pages") / "news.kgdb")


@pytest.fixture(scope="module")
def store(store_path):
    with kg.open(store_path) as s:
        yield s


def page_data(path: Path) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', path.read_text(encoding="utf-8"), re.S)
    return json.loads(m.group(1))


def edge_table(g) -> dict:
    if g.is_multigraph():
        return {(u, k, v): d for u, v, k, d in g.edges(keys=True, data=True)}
    return {frozenset((u, v)): d for u, v, d in g.edges(data=True)}


def test_a_stores_part_equals_the_graphs_view(store, graph):
    whole, dropped = store.part(None, evidence=None)
    assert dropped == 0
    assert edge_table(whole) == edge_table(graph.to_networkx())
    assert {n: d["type"] for n, d in whole.nodes(data=True)} == {n: d["type"] for n, d in graph.to_networkx().nodes(data=True)}
    acts, _ = store.part(None, view="interactions", evidence=None)
    assert edge_table(acts) == edge_table(graph.interactions(affiliations=True))
    # a page's cut: the first evidence of each edge, all its dates; without evidence, the same counts
    for view, full in (("relations", whole), ("interactions", acts)):
        for evidence in (3, 0):
            cut, _ = store.part(None, view=view, evidence=evidence)
            for key, data in edge_table(cut).items():
                want = edge_table(full)[key]
                assert data["evidence"] == want["evidence"][:evidence]
                assert data["dates"] == Counter(ev["date"] for ev in want["evidence"] if ev.get("date"))
                assert {k: v for k, v in data.items() if k not in ("evidence", "dates")} == {
                    k: v for k, v in want.items() if k != "evidence"
                }, key


def test_top_and_around_choose_alike_in_a_store_and_a_graph(store, graph):
    for spec in (
        PageSpec(top=4),
        PageSpec(top=3, view="interactions"),
        PageSpec(around=("ruiz",)),
        PageSpec(around=(TITLE,), top=5),  # a title the minister holds finds her
        PageSpec(around=("Trade Minister",), depth=2, top=8),
        PageSpec(around=("Bo Lindqvist",), depth=2),
        PageSpec(top=10, where=TripleFilter(since="2010")),
        PageSpec(around=("Chile",), where=TripleFilter(until="2009-01-10"), view="interactions"),
        PageSpec(where=TripleFilter(interaction="conflict")),
    ):
        a, b = page_graph(store, spec).graph, page_graph(graph, spec).graph
        assert set(a.nodes) == set(b.nodes), spec
        assert set(edge_table(a)) == set(edge_table(b)), spec
    top = page_graph(store, PageSpec(top=4)).graph
    assert MINISTER in top and "the talks" not in top  # named entities only
    near = page_graph(store, PageSpec(around=("Trade Minister",), top=5)).graph
    assert MINISTER in near and len(near) == 6  # the minister and the five entities nearest her
    with pytest.raises(EntityNotFound, match="did you mean 'Ana Ruiz'"):
        page_graph(store, PageSpec(around=("Ana Ruis",)))


def test_a_store_page_cuts_evidence_and_edges_and_says_so(store, graph):
    page = page_graph(store, PageSpec(evidence=5, max_edges=4))
    assert page.graph.number_of_edges() == 4
    meet = page.graph.edges[MINISTER, "Chile", "meet"]
    assert meet["count"] == 45 and len(meet["evidence"]) == 5 and sum(meet["dates"].values()) == 45
    assert any("left out" in n and "--max-edges" in n for n in page.notes)
    assert page.documents["talks-00"] == {"date": "2009-01-05", "title": "Talks, day 0"}
    json_page = page_graph(graph, PageSpec(evidence=5, max_edges=4))
    assert set(edge_table(json_page.graph)) == set(edge_table(page.graph))


def test_a_big_store_is_drawn_by_its_most_connected_entities(store, monkeypatch):
    whole = page_graph(store, PageSpec())
    assert not whole.notes and len(whole.graph) == len(store.part(None)[0])
    monkeypatch.setattr(pages, "WHOLE_STORE_EDGES", 10)
    monkeypatch.setattr(pages, "STORE_TOP", 4)
    page = page_graph(store, PageSpec())  # (ties by name: Chile, Dara Okafor, Norway)
    assert set(page.graph) == {MINISTER, "Chile", "Dara Okafor", "Norway"} and "4 most connected entities" in page.notes[0]
    page = page_graph(store, PageSpec(around=(MINISTER,)))
    assert len(page.graph) == 5 and "nearest nodes" in page.notes[0]


def test_kg_html_on_a_store(store_path, tmp_path):
    out = tmp_path / "page.html"
    r = runner.invoke(app, ["html", str(store_path), "-o", str(out), "--top", "4"])
    assert r.exit_code == 0, r.output
    data = page_data(out)
    assert {n["name"] for n in data["nodes"]} == {MINISTER, "Chile", "Dara Okafor", "Norway"}
    meet = next(e for e in data["edges"] if e["label"] == "meet" and data["nodes"][e["from"]]["name"] == MINISTER)
    assert len(meet["evidence"]) == 20 and meet["total"] == 45 and sum(c for _, c in meet["dates"]) == 45
    assert data["docs"]["talks-01"]["title"] == "Talks, day 1"

    r = runner.invoke(app, ["html", str(store_path), "-o", str(out), "--around", "trade minister", "--top", "4", "--evidence", "2"])
    assert r.exit_code == 0, r.output
    data = page_data(out)
    assert len(data["nodes"]) == 5 and MINISTER in {n["name"] for n in data["nodes"]}
    assert max(len(e["evidence"]) for e in data["edges"]) == 2

    r = runner.invoke(app, ["html", str(store_path), "-o", str(out), "--around", "Lia Berg", "--depth", "2", "--since", "2010", "--view", "interactions"])
    assert r.exit_code == 0, r.output
    data = page_data(out)  # Lia Berg praised the minister in 2009: nothing of hers in 2010
    assert data["nodes"] == [] and "(0 nodes, 0 edges)" in r.stderr

    r = runner.invoke(app, ["html", str(store_path), "-o", str(out), "--since", "2010-06", "--until", "2010-06"])
    assert r.exit_code == 0, r.output
    data = page_data(out)
    assert {n["name"] for n in data["nodes"]} == {MINISTER, "Peru", "Bo Lindqvist"}
    assert all(d.startswith("2010-06") for e in data["edges"] for d, _ in e["dates"])

    r = runner.invoke(app, ["html", str(store_path), "-o", str(out), "--around", "Ana Ruis"])
    assert r.exit_code == 1 and "no entity named 'Ana Ruis'" in r.stderr and "did you mean 'Ana Ruiz'" in r.stderr
    r = runner.invoke(app, ["html", str(store_path), "-o", str(out), "--max-edges", "2", "--top", "10"])
    assert r.exit_code == 0 and "left out 7" in r.stderr and "(4 nodes, 2 edges)" in r.stderr
    help_text = " ".join(runner.invoke(app, ["html", "--help"]).stdout.split())
    assert "--around" in help_text and "--top" in help_text and "nearest to it" in help_text


def test_kg_html_on_a_json_graph_takes_the_same_options(graph, store_path, tmp_path):
    saved = tmp_path / "g.json"
    graph.save(saved)
    pages_of = {}
    for name, path in (("json", saved), ("store", store_path)):
        out = tmp_path / f"{name}.html"
        r = runner.invoke(app, ["html", str(path), "-o", str(out), "--around", "Ruiz", "--top", "6", "--until", "2009-01-20"])
        assert r.exit_code == 0, r.output
        pages_of[name] = page_data(out)
    names = [{n["name"] for n in d["nodes"]} for d in pages_of.values()]
    assert names[0] == names[1] and len(names[0]) == 7
    assert set(VISITORS[:16]) & names[0]


def test_kg_build_into_a_store_draws_its_page_by_sql(store_path, tmp_path, monkeypatch, nlp):
    from kg.graph.store import Store

    def whole(self):  # a store's page never reads the whole store
        raise AssertionError("to_graph called")

    monkeypatch.setattr(Store, "to_graph", whole)
    news = tmp_path / "more.txt"
    news.write_text("Bo Lindqvist met Chen Wei in Lima on Monday.", encoding="utf-8")
    copy = tmp_path / "copy.kgdb"
    copy.write_bytes(store_path.read_bytes())
    out = tmp_path / "b.html"
    r = runner.invoke(app, ["build", str(news), "--into", str(copy), "-o", str(out), "--since", "2010", "-q"])
    assert r.exit_code == 0, r.output
    assert {n["name"] for n in page_data(out)["nodes"]} == {MINISTER, "Peru", "Bo Lindqvist"}
