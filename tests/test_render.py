"""Tests of kg.render.page that need no browser: page content, escaping, max_nodes, writing."""

from __future__ import annotations

import html as htmllib
import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import KgError
from kg.render.page import (
    EDGE_COLORS,
    PALETTE,
    PHYSICS_MAX_NODES,
    RenderReport,
    notebook_html,
    render_html,
)

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = "<script>alert(1)</script> Veloria hosted the fair."


def ev(doc: str, sentence: str, subj: str = "", rel: str = "", obj: str = "") -> dict:
    return {"doc_id": doc, "sentence": sentence, "start": 0, "end": len(sentence),
            "relation_text": rel, "subject_text": subj, "object_text": obj}


def relations_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("Mara Quill", label="Mara Quill", type="PERSON", mentions=5,
               aliases={"Quill": 3, "Mara Quill": 2}, titles=["Harbour Minister"],
               affiliation="Veloria", docs=["d1", "d2"])
    g.add_node("Veloria", label="Veloria", type="GPE", mentions=4, aliases={"Veloria": 4},
               titles=[], affiliation=None, docs=["d1", "d3"])
    g.add_node("Tarn Shipping", label="Tarn Shipping", type="ORG", mentions=2, aliases={},
               titles=[], affiliation=None, docs=["d2"])
    g.add_node(XSS_NAME, label=XSS_NAME, type=None, mentions=1, aliases={XSS_NAME: 1},
               titles=[], affiliation=None, docs=["d3"])
    g.add_edge("Mara Quill", "Tarn Shipping", key="meet", relation="meet", label="meet",
               negated=False, count=2, confidence=0.8, interaction="verbal cooperation",
               intensity=3.0,
               evidence=[ev("d1", "Mara Quill met Tarn Shipping executives on Monday.",
                            "Mara Quill", "met", "Tarn Shipping executives"),
                         ev("d2", "Quill met Tarn Shipping again in the spring.",
                            "Quill", "met", "Tarn Shipping")])
    g.add_edge("Mara Quill", "Tarn Shipping", key="not fine", relation="fine", label="not fine",
               negated=True, count=1, confidence=0.6, interaction="material conflict",
               intensity=-5.0,
               evidence=[ev("d2", "Quill did not fine Tarn Shipping.", "Quill", "did not fine",
                            "Tarn Shipping")])
    g.add_edge("Mara Quill", "Veloria", key="lead", relation="lead", label="lead", negated=False,
               count=3, confidence=0.9, interaction=None, intensity=None,
               evidence=[ev("d1", "Mara Quill leads the port office of Veloria.")])
    g.add_edge("Veloria", XSS_NAME, key="host", relation="host", label="host", negated=False,
               count=1, confidence=0.5, interaction="neutral", intensity=0.0,
               evidence=[ev("d3", XSS_SENTENCE)])
    return g


def page_data(text: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def test_every_node_label_and_edge_in_data() -> None:
    g = relations_graph()
    text, report = render_html(g)
    data = page_data(text)
    assert {n["label"] for n in data["nodes"]} == {g.nodes[n]["label"] for n in g.nodes}
    assert len(data["nodes"]) == g.number_of_nodes() == report.nodes
    assert len(data["edges"]) == g.number_of_edges() == report.edges
    assert report.path is None and report.layout == "physics"
    assert report.dropped_nodes == () and report.dropped_edges == 0
    assert isinstance(report, RenderReport)
    labels = sorted(e["label"] for e in data["edges"])
    assert labels == ["host", "lead", "meet", "not fine"]
    meet = next(e for e in data["edges"] if e["label"] == "meet")
    assert [x["doc_id"] for x in meet["evidence"]] == ["d1", "d2"]
    assert meet["weight"] == 2
    colors = {n["label"]: n["color"] for n in data["nodes"]}
    assert colors["Mara Quill"] == PALETTE["PERSON"]
    assert colors["Tarn Shipping"] == PALETTE["ORG"]
    assert colors[XSS_NAME] == PALETTE["other"]
    # the two parallel edges bend apart
    between = [e for e in data["edges"] if {e["label"]} <= {"meet", "not fine"}]
    assert all(e["smooth"] for e in between)
    assert between[0]["smooth"]["type"] != between[1]["smooth"]["type"]


def test_no_remote_resources() -> None:
    text, _ = render_html(relations_graph())
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, re.I)
    assert not re.search(r"<link\b", text, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", text, re.I)
    assert not re.search(r"@import", text, re.I)
    assert "sourceMappingURL" not in text
    assert "Content-Security-Policy" in text
    # vis-network is inlined
    assert "vis-network" in text and len(text) > 400_000


def test_script_and_comment_cannot_break_out() -> None:
    g = relations_graph()
    tricky = "A </script><script>alert(2)</script> <!-- x --> & \u2028 line \u2029 end"
    g.add_edge("Tarn Shipping", "Veloria", key="warn", relation="warn", label="warn", count=1,
               evidence=[ev("d4", tricky)])
    text, _ = render_html(g, title="</title><script>alert(3)</script>")
    # the only </script> tags are the page's own three script elements
    assert len(re.findall(r"</script", text, re.I)) == 3
    plain, _ = render_html(relations_graph())
    assert text.lower().count("<script") == plain.lower().count("<script")
    assert "<!--" not in text
    assert XSS_SENTENCE not in text
    assert XSS_NAME not in text
    assert "\u2028" not in text and "\u2029" not in text
    block = re.search(r'id="kg-data">(.*?)</script>', text, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = page_data(text)
    sentences = {x["sentence"] for e in data["edges"] for x in e["evidence"]}
    assert tricky in sentences and XSS_SENTENCE in sentences
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;</title>" in text


def test_max_nodes_keeps_most_connected() -> None:
    g = nx.MultiDiGraph()
    # hub has degree 4; b and c have degree 2 (tie broken by mentions); d, e, f degree 1
    for name, mentions in [("hub", 1), ("b", 1), ("c", 9), ("d", 1), ("e", 1), ("f", 1)]:
        g.add_node(name, label=name, type="ORG", mentions=mentions)
    g.add_edge("hub", "b", key="x", relation="x", label="x", count=1, evidence=[])
    g.add_edge("hub", "c", key="x", relation="x", label="x", count=1, evidence=[])
    g.add_edge("hub", "d", key="x", relation="x", label="x", count=1, evidence=[])
    g.add_edge("hub", "e", key="x", relation="x", label="x", count=1, evidence=[])
    g.add_edge("b", "c", key="y", relation="y", label="y", count=1, evidence=[])
    g.add_node("g", label="g", type=None, mentions=0)
    g.add_edge("f", "g", key="z", relation="z", label="z", count=1, evidence=[])

    text, report = render_html(g, max_nodes=3)
    data = page_data(text)
    assert {n["label"] for n in data["nodes"]} == {"hub", "c", "b"}
    assert report.nodes == 3 and report.edges == 3
    assert report.dropped_nodes == ("d", "e", "f", "g")
    assert report.dropped_edges == 3
    assert data["meta"]["dropped_nodes"] == 4 and data["meta"]["total_nodes"] == 7

    _, report = render_html(g, max_nodes=2)
    assert report.dropped_nodes[0] == "b"  # c beats b on mentions
    _, report = render_html(g, max_nodes=100)
    assert report.dropped_nodes == () and report.nodes == 7
    with pytest.raises(ValueError):
        render_html(g, max_nodes=-1)


def test_atomic_write(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    out = tmp_path / "site" / "graph.html"
    text, report = render_html(relations_graph(), out)
    assert report.path == out
    assert out.read_text(encoding="utf-8") == text
    assert os.listdir(out.parent) == ["graph.html"]

    # overwriting replaces the file, still without leftovers
    text2, _ = render_html(relations_graph(), out, title="Second")
    assert out.read_text(encoding="utf-8") == text2 != text
    assert os.listdir(out.parent) == ["graph.html"]

    # a missing directory is created; a directory in place of the file is refused
    render_html(relations_graph(), tmp_path / "missing" / "graph.html")
    assert (tmp_path / "missing" / "graph.html").is_file()
    with pytest.raises(KgError):
        render_html(relations_graph(), tmp_path / "site")


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "graph.html"
    out.write_text("old", encoding="utf-8")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        render_html(relations_graph(), out)
    assert out.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["graph.html"]


def test_notebook_html_escapes() -> None:
    text, _ = render_html(relations_graph())
    frame = notebook_html(text, height=450)
    assert frame.startswith("<iframe ") and frame.endswith("</iframe>")
    assert 'sandbox="allow-scripts"' in frame and 'width="100%"' in frame
    assert 'height="450"' in frame
    m = re.fullmatch(r'<iframe srcdoc="([^"]*)"[^>]*></iframe>', frame, re.S)
    assert m, "srcdoc must be one quoted attribute with no raw quote inside"
    srcdoc = m.group(1)
    assert "<" not in srcdoc and ">" not in srcdoc
    assert htmllib.unescape(srcdoc) == text
    assert "allow-same-origin" not in frame
    for bad in (0, -5, 2.5, True):
        with pytest.raises(ValueError):
            notebook_html(text, height=bad)


def test_tolerates_missing_attributes() -> None:
    g = nx.MultiDiGraph()
    g.add_edge("a", "b")  # no attributes at all; key 0
    g.add_edge("a", "b", key="meet")
    g.add_node(42)  # not a string key
    g.add_node("c", type="PERSON", aliases=[("C", 2)], mentions=float("nan"), docs="d9")
    g.add_edge("c", "a", key="odd", count=float("inf"), confidence="high",
               evidence=[{"sentence": "Only a sentence here."}, {"doc_id": "no sentence"}])
    text, report = render_html(g)
    data = page_data(text)
    assert report.nodes == 4 and report.edges == 3
    assert {n["label"] for n in data["nodes"]} == {"a", "b", "42", "c"}
    odd = next(e for e in data["edges"] if e["label"] == "odd")
    assert odd["evidence"] == [{"sentence": "Only a sentence here.", "doc_id": ""}]
    assert odd["confidence"] is None and odd["weight"] == 1
    assert "NaN" not in text.split('id="kg-data">')[1].split("</script>")[0]

    # an interactions view of a bare graph renders too
    h = nx.Graph()
    h.add_edge("x", "y")
    _, report = render_html(h, view="interactions")
    assert report.edges == 1


def interactions_graph() -> nx.Graph:
    g = nx.Graph()
    for name, etype in [("Veloria", "GPE"), ("Ostmark", "GPE"), ("Mara Quill", "PERSON"),
                        ("Tarn Shipping", "ORG")]:
        g.add_node(name, label=name, type=etype, mentions=3)
    g.add_edge("Veloria", "Ostmark", weight=5,
               classes={"verbal conflict": 3, "material conflict": 1, "verbal cooperation": 1},
               intensity=-4.2, relations={"accuse": 3, "sanction": 1, "praise": 1},
               evidence=[ev("d1", "Veloria accused Ostmark of hiding the cargo.")])
    g.add_edge("Mara Quill", "Tarn Shipping", weight=2, classes={"material cooperation": 2},
               intensity=5.0, relations={"sign deal with": 2},
               evidence=[ev("d2", "Mara Quill signed a deal with Tarn Shipping.")])
    g.add_edge("Mara Quill", "Ostmark", weight=1, classes={"neutral": 1}, intensity=0.0,
               relations={"visit": 1}, evidence=[ev("d3", "Mara Quill visited Ostmark.")])
    g.add_edge("Tarn Shipping", "Ostmark", weight=3, classes={"neutral": 2, "verbal conflict": 1},
               intensity=-2.0, relations={"fly to": 2, "criticise": 1},
               evidence=[ev("d4", "Tarn Shipping criticised Ostmark.")])
    return g


def test_interactions_view_colours_and_labels() -> None:
    text, report = render_html(interactions_graph(), view="interactions")
    data = page_data(text)
    assert data["meta"]["view"] == "interactions" and data["meta"]["directed"] is False
    by_label = {e["label"]: e for e in data["edges"]}
    assert by_label["accuse, praise +1"]["color"] == EDGE_COLORS["conflict"]
    assert by_label["sign deal with"]["color"] == EDGE_COLORS["cooperation"]
    assert by_label["visit"]["color"] == EDGE_COLORS["neutral"]
    # one criticism among neutral trips still shows as conflict
    assert by_label["fly to, criticise"]["color"] == EDGE_COLORS["conflict"]
    assert by_label["accuse, praise +1"]["width"] > by_label["visit"]["width"]
    assert report.edges == 4


def test_layout_switches_for_big_graphs() -> None:
    g = nx.path_graph(PHYSICS_MAX_NODES + 5, create_using=nx.MultiDiGraph)
    g.add_nodes_from(["lonely one", "lonely two"])
    text, report = render_html(g)
    assert report.layout == "precomputed"
    data = page_data(text)
    assert data["meta"]["big"] is True
    assert all("x" in n and "y" in n for n in data["nodes"])
    xs = [n["x"] for n in data["nodes"]]
    assert max(xs) - min(xs) > 500  # spread out in pixels, not collapsed
    # same graph, same page
    assert render_html(g)[0] == text

    _, forced = render_html(g, physics=True)
    assert forced.layout == "physics"
    small_text, small = render_html(relations_graph(), physics=False)
    assert small.layout == "precomputed"
    assert all("x" in n for n in page_data(small_text)["nodes"])


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        render_html(relations_graph(), view="sideways")
    with pytest.raises(TypeError):
        render_html({"a": "b"})  # type: ignore[arg-type]


def test_empty_graph() -> None:
    text, report = render_html(nx.MultiDiGraph(), max_nodes=0)
    assert report.nodes == 0 and report.edges == 0
    assert page_data(text)["nodes"] == []


def test_evidence_objects_from_kg_model() -> None:
    from kg.model import Evidence, Triple

    sentence = "Ostmark praised the new ferry line."
    evidence = Evidence("d7", sentence, 10, 10 + len(sentence))
    triple = Triple("Ostmark", "praise", "ferry line", "Ostmark", "praised", "the new ferry line",
                    "GPE", None, Evidence("d8", "Ostmark praised it twice.", 0, 25))
    g = nx.MultiDiGraph()
    g.add_edge("Ostmark", "ferry line", key="praise", relation="praise", label="praise",
               count=2, evidence=[evidence, triple])
    data = page_data(render_html(g)[0])
    got = data["edges"][0]["evidence"]
    assert [(x["doc_id"], x["sentence"], x["start"]) for x in got] == [
        ("d7", sentence, 10), ("d8", "Ostmark praised it twice.", 0)]
    assert got[1]["relation_text"] == "praised"
