"""The query API and its CLI: matching through aliases, neighbours, paths, centrality,
communities, subgraphs, and growing a graph without counting a document twice."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import EntityNotFound, KgError

DOCS = [
    ("a1", "Danish Foreign Minister Anna Berg met Tomas Lind in Oslo on Monday. Berg criticised Russia."),
    ("a2", "Anna Berg met Tomas Lind again in Bergen. Lind later visited Peter Novak in Prague."),
    ("a3", "Peter Novak praised Maria Costa. Costa thanked Novak. Russia threatened Poland."),
]
runner = CliRunner()


@pytest.fixture(scope="module")
def graph(nlp):
    return kg.build(DOCS, nlp=nlp)


def test_query_matches_aliases_and_case(graph):
    for name in ("berg", "ANNA BERG", "Berg"):
        assert {t.object for t in graph.query(subject=name, relation="meet")} == {"Tomas Lind"}
    assert graph.query(object="lind", relation="MEET")[0].subject == "Anna Berg"


def test_names_with_an_honorific_or_another_country_name(graph):
    assert graph.entity("Ms Berg").name == "Anna Berg"
    assert graph.entity("Dr. Tomas Lind").name == "Tomas Lind"
    assert graph.entity("Russian Federation").name == "Russia"
    with pytest.raises(EntityNotFound):
        graph.entity("Mr Nobody")


def test_query_filters(graph):
    assert {t.evidence.doc_id for t in graph.query(doc_id="a3")} == {"a3"}
    conflict = graph.query(interaction="conflict")
    assert conflict and all(t.interaction in ("verbal conflict", "material conflict") for t in conflict)
    assert all("GPE" in (t.subject_type, t.object_type) for t in graph.query(entity_type="gpe"))
    twice = graph.query(relation="meet", min_count=2)
    assert {(t.subject, t.object) for t in twice} == {("Anna Berg", "Tomas Lind")}
    assert len(twice) == 2 and {t.evidence.doc_id for t in twice} == {"a1", "a2"}


def test_neighbors_depth_and_direction(graph):
    near = graph.neighbors("lind")
    assert "Anna Berg" in near and "Peter Novak" in near
    assert "Maria Costa" not in near
    assert "Maria Costa" in graph.neighbors("lind", depth=2)
    assert graph.neighbors("Maria Costa", direction="in") == ["Peter Novak"]
    with pytest.raises(KgError):
        graph.neighbors("lind", direction="sideways")


def test_path_with_evidence(graph):
    steps = graph.path("Anna Berg", "Maria Costa")
    assert len(steps) == 3
    assert steps[0].subject == "Anna Berg" or steps[0].object == "Anna Berg"
    for t in steps:
        assert t.evidence.sentence
    with pytest.raises(EntityNotFound):
        graph.path("Anna Berg", "Nobody Known")


def test_top_subgraph_communities(graph):
    by_degree = dict(graph.top(3))
    assert "Tomas Lind" in by_degree or "Anna Berg" in by_degree
    assert len(graph.top(2, by="pagerank")) == 2
    assert graph.top(1, by="mentions")
    sub = graph.subgraph(["Anna Berg", "Tomas Lind"])
    assert {t.subject for t in sub.triples} <= {"Anna Berg", "Tomas Lind"}
    assert sub.query(relation="meet")
    comms = graph.communities()
    assert sum(len(c) for c in comms) == graph.to_networkx().number_of_nodes()
    with pytest.raises(KgError):
        graph.top(by="height")


def test_update_replaces_a_document_seen_before(nlp):
    g = kg.build(DOCS[:2], nlp=nlp)
    before = len(g.query(relation="meet"))
    replaced = g.update([("a1", "Anna Berg met Tomas Lind in Oslo on Monday.")], nlp=nlp)
    assert replaced == ["a1"]
    assert len(g.query(relation="meet")) == before  # the same statement, not counted twice
    assert not g.query(subject="berg", relation="criticise")  # the old text is gone


def test_cli_into_show_path_stats(tmp_path):
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text(DOCS[0][1], encoding="utf-8")
    second.write_text(DOCS[1][1], encoding="utf-8")
    g = tmp_path / "g.json"
    assert runner.invoke(app, ["build", str(first), "--json", str(g), "-q"]).exit_code == 0
    assert runner.invoke(app, ["build", "--into", str(g), str(second), "-q"]).exit_code == 0
    result = runner.invoke(app, ["build", "--into", str(g), str(second), "-q"])
    assert "replaced 1 document" in result.stderr
    assert len(kg.load(g).documents) == 2
    out = runner.invoke(app, ["show", str(g), "berg", "--format", "jsonl"])
    data = json.loads(out.stdout)
    assert data["name"] == "Anna Berg" and data["relations"]
    out = runner.invoke(app, ["path", str(g), "Anna Berg", "Peter Novak", "--format", "jsonl"])
    assert out.exit_code == 0 and len(out.stdout.splitlines()) == 2
    out = runner.invoke(app, ["stats", str(g), "--format", "jsonl"])
    assert json.loads(out.stdout)["documents"] == 2
    out = runner.invoke(app, ["show", str(g), "nobody"])
    assert out.exit_code == 1 and "no entity named" in out.stderr


def test_cli_table_output_is_text(tmp_path):
    g = tmp_path / "g.json"
    kg.KnowledgeGraph([]).save(g)
    out = runner.invoke(app, ["query", str(g)])
    assert out.exit_code == 0 and "no matching triples" in out.stderr


def test_same_file_twice_and_from_another_directory(nlp, tmp_path, monkeypatch):
    sub = tmp_path / "mine"
    sub.mkdir()
    f = sub / "a.txt"
    f.write_text("Chile praised Peru on Monday.", encoding="utf-8")
    g = kg.build([f, f], nlp=nlp)
    assert len(g.query(relation="praise")) == 1
    monkeypatch.chdir(sub)
    g.update(["a.txt"], nlp=nlp)
    assert g.documents == [f.resolve().as_posix()]
    assert len(g.query(relation="praise")) == 1


def test_query_rough_edges(graph, tmp_path):
    assert all(t.negated for t in graph.query(relation="not meet"))
    with pytest.raises(KgError, match="unknown interaction"):
        graph.query(interaction="friendship")
    js = tmp_path / "g.json"
    graph.save(js)
    out = runner.invoke(app, ["query", str(js), "--subject", "Ana Berg"])
    assert out.exit_code == 1 and "did you mean" in out.stderr and "Anna Berg" in out.stderr


def test_alias_without_dots(nlp):
    g = kg.build([("u", "The U.S. sanctioned Iran on Monday.")], nlp=nlp)
    assert g.entity("us").name == "United States"
    assert g.query(subject="US")


def test_a_capitalised_name_means_the_named_entity_not_a_noun_phrase():
    from kg.graph.query import match_names

    index = {"jobs": {"jobs", "Steve Jobs"}, "steve jobs": {"Steve Jobs"}}
    lookup = lambda key: set(index.get(key, set()))  # noqa: E731
    words = lambda word: set()  # noqa: E731
    assert match_names("Jobs", lookup, words) == {"Steve Jobs"}
    assert match_names("jobs", lookup, words) == {"jobs"}
