"""Time in the graph: queries over a date range, filtered views, document metadata, the
timeline, and the commands that use them (kg query --since, kg html, kg timeline, kg show)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

import kg
from kg.analysis import DocResult
from kg.cli import app
from kg.errors import EntityNotFound, KgError
from kg.graph.graph import KnowledgeGraph, Timeline
from kg.model import Entity, Evidence, Quote, Triple

runner = CliRunner()


def _t(subj, rel, obj, sentence, doc, when=None, source="text", interaction="verbal cooperation", **kw):
    return Triple(
        subj, rel, obj, subj, rel, obj, "GPE", "GPE", Evidence(doc, sentence, 0, len(sentence)),
        interaction=interaction, intensity=1.0 if interaction else None, date=when, date_source=source if when else None, **kw,
    )


def _results() -> list[DocResult]:
    d1 = DocResult(
        "d1",
        (
            _t("Norway", "meet", "Sweden", "Norway met Sweden on Friday.", "d1", "2009-02-27"),
            _t("Norway", "criticise", "Sweden", "Norway criticised Sweden last week.", "d1", "2009-W09", interaction="verbal conflict"),
            _t("Norway", "praise", "Finland", "Norway praised Finland.", "d1", "2009-03-04", source="document"),
        ),
        (Entity("Norway", "GPE", (("Norway", 3),)), Entity("Sweden", "GPE", (("Sweden", 2),))),
        (Quote("Norway", "say", "We agree.", Evidence("d1", '"We agree," Norway said.', 40, 64)),),
        30,
        meta={"date": "2009-03-04", "title": "Norway meets Sweden", "url": "https://example.org/1"},
    )
    d2 = DocResult(
        "d2",
        (
            _t("Sweden", "sanction", "Norway", "Sweden sanctioned Norway in February.", "d2", "2009-02", interaction="material conflict"),
            _t("Finland", "thank", "Sweden", "Finland thanked Sweden in 2009.", "d2", "2009"),
            _t("Finland", "meet", "Norway", "Finland met Norway.", "d2"),  # undated
            _t("Finland", "visit", "Oslo", "Finland visited Oslo on January 5, 2009.", "d2", "2009-01-05", interaction=None),
        ),
        (Entity("Finland", "GPE", (("Finland", 3),)),),
        (Quote("Finland", "say", "No.", Evidence("d2", '"No," Finland said.', 10, 30)),),
        25,
    )
    return [d1, d2]


def _graph() -> KnowledgeGraph:
    return KnowledgeGraph(_results())


@pytest.fixture()
def graph():
    return _graph()


def _rels(triples):
    return sorted(f"{t.subject} {t.relation} {t.object}" for t in triples)


def test_query_since_until_keeps_what_overlaps(graph):
    # March 2009: the praise (4 March), last week (23 Feb - 1 Mar) and the year 2009 overlap it
    assert _rels(graph.query(since="2009-03", until="2009-03")) == ["Finland thank Sweden", "Norway criticise Sweden", "Norway praise Finland"]
    # a month-precise date overlaps a range that touches its month
    assert _rels(graph.query(since="2009-02-20", until="2009-02-21")) == ["Finland thank Sweden", "Sweden sanction Norway"]
    assert _rels(graph.query(until="2009-01-31")) == ["Finland thank Sweden", "Finland visit Oslo"]
    assert _rels(graph.query(since=date(2009, 2, 27), until=date(2009, 2, 27))) == [
        "Finland thank Sweden", "Norway criticise Sweden", "Norway meet Sweden", "Sweden sanction Norway"]
    # undated triples are left out once a bound is given, kept without one
    assert "Finland meet Norway" not in _rels(graph.query(since="2000"))
    assert "Finland meet Norway" in _rels(graph.query())
    # dates combine with the other conditions
    assert _rels(graph.query(subject="norway", since="2009-03-01")) == ["Norway criticise Sweden", "Norway praise Finland"]
    assert _rels(graph.query(interaction="conflict", since="2009-03-01")) == ["Norway criticise Sweden"]
    assert _rels(graph.query(interaction="conflict", since="2009-W09")) == ["Norway criticise Sweden", "Sweden sanction Norway"]
    with pytest.raises(KgError, match="until 'yesterday' is not a date"):
        graph.query(until="yesterday")


def test_interactions_over_a_range(graph):
    whole = graph.interactions()
    assert whole.has_edge("Finland", "Norway")
    feb = graph.interactions(since="2009-02-01", until="2009-02-28")
    assert sorted(tuple(sorted(e)) for e in feb.edges) == [("Finland", "Sweden"), ("Norway", "Sweden")]
    data = feb.edges["Norway", "Sweden"]
    assert data["weight"] == 3 and data["classes"] == {"verbal cooperation": 1, "verbal conflict": 1, "material conflict": 1}
    assert {ev["date"] for ev in data["evidence"]} == {"2009-02-27", "2009-W09", "2009-02"}
    assert {ev["date_source"] for ev in data["evidence"]} == {"text"}
    directed = graph.interactions(directed=True, since="2009-03-02")
    assert set(directed.edges) == {("Norway", "Finland"), ("Finland", "Sweden")}  # last week ended on 1 March


def test_between_and_filtered_are_views(graph):
    view = graph.between("2009-03-01", "2009-03-31")
    assert isinstance(view, KnowledgeGraph) and view.documents == graph.documents
    assert _rels(view.triples) == ["Finland thank Sweden", "Norway criticise Sweden", "Norway praise Finland"]
    assert view.document("d1").title == "Norway meets Sweden"
    # quotations go with their document's date: d2 has none
    assert [q.speaker for q in view.quotes()] == ["Norway"]
    assert len(graph.quotes()) == 2  # the graph itself is unchanged
    assert _rels(graph.filtered(subject="Finland").triples) == ["Finland meet Norway", "Finland thank Sweden", "Finland visit Oslo"]
    html = view.html()
    assert "Finland met Norway." not in html and "Norway criticised Sweden last week." in html
    assert view.between("2009-03-04", "2009-03-04").query(relation="praise")


def test_document_metadata(graph):
    info = graph.document("d1")
    assert (info.id, info.date, info.title, info.words, info.triples) == ("d1", "2009-03-04", "Norway meets Sweden", 30, 3)
    assert info.meta["url"] == "https://example.org/1"
    assert graph.document("d2").meta == {} and graph.document("d2").date is None
    with pytest.raises(KgError, match="no document 'd9' in the graph; documents: d1, d2"):
        graph.document("d9")


def test_timeline_counts_by_period_and_class(graph):
    tl = graph.timeline(by="month")
    assert isinstance(tl, Timeline) and tl.by == "month"
    assert [p for p, _ in tl.periods] == ["2009-02", "2009-03"]
    assert dict(tl.periods) == {"2009-02": {"verbal cooperation": 1, "material conflict": 1},
                                "2009-03": {"verbal cooperation": 1}}
    assert tl.undated == 1  # Finland met Norway
    assert tl.coarser == 2  # "2009", and the ISO week (it can straddle two months)
    assert tl.classes == ["verbal cooperation", "material conflict"]
    by_week = graph.timeline(by="week")
    assert [p for p, _ in by_week.periods] == ["2009-W09", "2009-W10"]
    assert dict(by_week.periods)["2009-W09"] == {"verbal cooperation": 1, "verbal conflict": 1}
    assert by_week.coarser == 2
    by_year = graph.timeline(by="year")
    assert by_year.periods == (("2009", {"verbal cooperation": 3, "verbal conflict": 1, "material conflict": 1}),)
    sweden = graph.timeline(by="year", entity="sweden", since="2009-02-27")
    assert sweden.periods == (("2009", {"verbal cooperation": 2, "verbal conflict": 1, "material conflict": 1}),)
    assert sweden.undated == 0  # (not counted once a range is given)
    with pytest.raises(EntityNotFound):
        graph.timeline(entity="Atlantis")
    with pytest.raises(KgError, match="a timeline is by day, week, month, year"):
        graph.timeline(by="decade")


def test_timeline_plot(graph, tmp_path):
    pytest.importorskip("matplotlib")
    out = graph.timeline(by="day").plot(tmp_path / "sub" / "t.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    empty = KnowledgeGraph().timeline().plot(tmp_path / "empty.png")
    assert empty.stat().st_size > 0


def test_stats_count_dated_triples(graph):
    stats = graph.stats()
    assert stats["dated_triples"] == {"text": 5, "document": 1, "undated": 1}
    assert stats["dates"] == "2009 to 2009"


def test_dates_and_metadata_survive_save_and_load(graph, tmp_path):
    path = tmp_path / "g.json"
    graph.save(path)
    back = kg.load(path)
    assert back == graph
    assert [t.date for t in back.triples] == [t.date for t in graph.triples]
    assert back.document("d1").meta == graph.document("d1").meta


# -- the commands ---------------------------------------------------------------------------------


@pytest.fixture()
def saved(graph, tmp_path):
    path = tmp_path / "g.json"
    graph.save(path)
    return path


def test_cli_query_since_until(saved):
    out = runner.invoke(app, ["query", str(saved), "--since", "2009-03", "--format", "jsonl"])
    assert out.exit_code == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert sorted(r["relation"] for r in rows) == ["criticise", "praise", "thank"]
    assert all("date" in r and "date_source" in r for r in rows)
    out = runner.invoke(app, ["query", str(saved), "--subject", "Norway"])
    assert "2009-03-04 (doc)" in out.stdout and "2009-W09" in out.stdout
    out = runner.invoke(app, ["query", str(saved), "--until", "last week"])
    assert out.exit_code == 1 and "is not a date" in out.stderr
    help_text = runner.invoke(app, ["query", "--help"]).stdout
    assert "--since" in help_text and "without a date are left out" in " ".join(help_text.split())


def test_cli_html(saved, tmp_path):
    page = tmp_path / "p.html"
    out = runner.invoke(app, ["html", str(saved), "-o", str(page), "--title", "February", "--since", "2009-02", "--until", "2009-02"])
    assert out.exit_code == 0, out.output
    text = page.read_text(encoding="utf-8")
    assert "<title>February</title>" in text and "Sweden sanctioned Norway in February." in text
    assert "Norway praised Finland." not in text and "Finland met Norway." not in text
    assert "(3 nodes, 4 edges)" in out.stderr  # meet, criticise, sanction (February) and thank (2009)
    assert "no dated relation" not in out.stderr
    out = runner.invoke(app, ["html", str(saved), "-o", str(page), "--since", "2012"])
    assert out.exit_code == 0 and "no dated relation falls in that range" in out.stderr
    out = runner.invoke(app, ["html", str(saved), "-o", str(page), "--interaction", "conflict", "--view", "interactions", "--max-nodes", "2"])
    assert out.exit_code == 0, out.output
    assert "Norway met Sweden on Friday." not in page.read_text(encoding="utf-8")
    out = runner.invoke(app, ["html", str(saved), "-o", str(page), "--subject", "Atlantis"])
    assert out.exit_code == 1 and "no entity named 'Atlantis'" in out.stderr
    out = runner.invoke(app, ["html", str(tmp_path / "missing.json"), "-o", str(page)])
    assert out.exit_code == 1 and "no such graph file" in out.stderr


def test_cli_timeline(saved, tmp_path):
    out = runner.invoke(app, ["timeline", str(saved)])
    assert out.exit_code == 0
    assert "2009-02" in out.stdout and "material conflict" in out.stdout
    assert "1 without a date" in out.stderr and "2 dated less precisely than a month" in out.stderr
    out = runner.invoke(app, ["timeline", str(saved), "--by", "week", "--entity", "sweden", "--format", "jsonl"])
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0] == {"period": "2009-W09", "verbal cooperation": 1, "verbal conflict": 1, "total": 2}
    pytest.importorskip("matplotlib")
    png = tmp_path / "t.png"
    out = runner.invoke(app, ["timeline", str(saved), "--by", "day", "--plot", str(png)])
    assert out.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    out = runner.invoke(app, ["timeline", str(saved), "--since", "2010"])
    assert out.exit_code == 0 and "no dated interactions in that range" in out.stderr
    out = runner.invoke(app, ["timeline", str(saved), "--entity", "Atlantis"])
    assert out.exit_code == 1 and "no entity named" in out.stderr


def test_cli_timeline_without_matplotlib(saved, tmp_path, monkeypatch):
    import sys

    for name in ("matplotlib", "matplotlib.backends.backend_agg", "matplotlib.figure", "matplotlib.dates"):
        monkeypatch.setitem(sys.modules, name, None)
    out = runner.invoke(app, ["timeline", str(saved), "--plot", str(tmp_path / "t.png")])
    assert out.exit_code == 1 and "pip install 'kg-newsgraph[plot]'" in out.stderr


def test_cli_show_has_document_dates_and_titles(saved):
    out = runner.invoke(app, ["show", str(saved), "norway"])
    assert out.exit_code == 0
    assert "published" in out.stdout and "Norway meets Sweden" in out.stdout and "2009-03-04" in out.stdout
    out = runner.invoke(app, ["show", str(saved), "norway", "--format", "jsonl"])
    data = json.loads(out.stdout)
    assert data["documents"]["d1"]["title"] == "Norway meets Sweden"
    assert {r["date"] for r in data["relations"]} >= {"2009-02-27", "2009-W09"}


def test_a_store_counts_the_timeline_as_the_graph_does(graph, tmp_path):
    path = tmp_path / "t.kgdb"
    with kg.open(path, write=True) as store:
        store.add_results(_results())
    with kg.open(path) as store:
        for by in ("week", "month", "year"):
            assert store.timeline(by) == graph.timeline(by)
        assert store.timeline("month", entity="sweden") == graph.timeline("month", entity="sweden")
        assert store.timeline("day", since="2009-02-01", until="2009-02-28") == graph.timeline("day", since="2009-02-01", until="2009-02-28")
    out = runner.invoke(app, ["timeline", str(path), "--by", "week", "--entity", "Sweden", "--format", "jsonl"])
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[0]) == {"period": "2009-W09", "verbal cooperation": 1, "verbal conflict": 1, "total": 2}
