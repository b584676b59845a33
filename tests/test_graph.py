"""The knowledge graph: building, querying, saving and loading."""

from __future__ import annotations

import json

import networkx as nx
import pytest

import kg
from kg.errors import EntityNotFound, GraphFormatError

TEXT = (
    "Danish Foreign Minister Anna Berg met Tomas Lind in Oslo on Monday. "
    "Berg later flew into Stockholm, where she criticised Norway. "
    "Lind thanked Berg for the visit."
)


@pytest.fixture(scope="module")
def graph(nlp):
    return kg.build([("doc-1", TEXT)], nlp=nlp)


def test_query_through_aliases_any_case(graph):
    hits = graph.query(subject="berg", relation="meet")
    assert [(t.subject, t.object) for t in hits] == [("Anna Berg", "Tomas Lind")]
    assert hits[0].evidence.doc_id == "doc-1"
    assert "met Tomas Lind" in hits[0].evidence.sentence


def test_pronoun_resolved_subject(graph):
    assert graph.query(subject="Anna Berg", relation="criticise", object="norway")


def test_networkx_view(graph):
    g = graph.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes["Anna Berg"]["type"] == "PERSON"
    assert "Berg" in g.nodes["Anna Berg"]["aliases"]
    data = g.get_edge_data("Anna Berg", "Tomas Lind")["meet"]
    assert data["count"] == 1 and data["evidence"][0]["doc_id"] == "doc-1"


def test_neighbors(graph):
    assert "Tomas Lind" in graph.neighbors("anna berg")


def test_entity_titles(graph):
    e = graph.entity("Berg")
    assert e.name == "Anna Berg"
    assert any("Minister" in t for t in e.titles)


def test_unknown_entity(graph):
    with pytest.raises(EntityNotFound, match="no entity named"):
        graph.entity("Nobody Here")


def test_save_load_roundtrip(graph, tmp_path):
    path = tmp_path / "g.json"
    graph.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "kg-graph" and data["version"] == 1
    again = kg.load(path)
    assert again == graph
    assert again.triples == graph.triples
    assert again.entities == graph.entities


def test_load_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{\"format\": \"kg-graph\", \"version\": 99, \"documents\": []}", encoding="utf-8")
    with pytest.raises(GraphFormatError, match="version 99"):
        kg.load(bad)
    bad.write_text("{\"format\": \"kg-gr", encoding="utf-8")
    with pytest.raises(GraphFormatError, match="not valid JSON"):
        kg.load(bad)


def test_html_holds_every_node(graph, tmp_path):
    out = tmp_path / "g.html"
    report = graph.to_html(out)
    html = out.read_text(encoding="utf-8")
    g = graph.to_networkx()
    assert report.nodes == g.number_of_nodes()
    for node in g.nodes:
        assert json.dumps(node)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") in html
