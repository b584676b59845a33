"""The kg command end to end, in-process through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

ARTICLE = Path(__file__).resolve().parent.parent / "examples" / "article.txt"
runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("kg ")


def test_build_query_extract(tmp_path):
    html, js = tmp_path / "g.html", tmp_path / "g.json"
    result = runner.invoke(app, ["build", str(ARTICLE), "-o", str(html), "--json", str(js), "--quiet"])
    assert result.exit_code == 0, result.output
    assert html.stat().st_size > 10_000 and "<html" in html.read_text(encoding="utf-8")
    result = runner.invoke(app, ["query", str(js), "--relation", "meet", "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["relation"] == "meet" for r in rows)
    result = runner.invoke(app, ["extract", str(ARTICLE), "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    keys = {"subject", "relation", "object", "subject_text", "relation_text", "object_text", "subject_type",
            "object_type", "negated", "modality", "confidence", "doc_id", "sentence", "start", "end"}
    assert rows and keys <= set(rows[0])
    text = ARTICLE.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["sentence"] for r in rows)


def test_extract_tsv_and_stdin():
    result = runner.invoke(app, ["extract", "-", "--format", "tsv", "--quiet"], input="Anna Berg met Tomas Lind in Rome.")
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split("\t")[:6] == ["doc_id", "start", "end", "subject", "relation", "object"]
    assert any(r.split("\t")[3:6] == ["Anna Berg", "meet", "Tomas Lind"] for r in rows)


def test_missing_input_is_reported_and_fails(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Anna Berg met Tomas Lind.", encoding="utf-8")
    out = tmp_path / "g.json"
    result = runner.invoke(app, ["build", str(good), str(tmp_path / "nope.txt"), "--json", str(out), "--quiet"])
    assert result.exit_code == 1
    assert "nope.txt" in result.stderr and "skipped" in result.stderr
    assert out.exists()  # the good input still made a graph


def test_help_has_examples():
    for cmd in ([], ["build"], ["extract"], ["query"]):
        result = runner.invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.stdout


def test_extract_lines_carb_and_eval(tmp_path):
    sentences = tmp_path / "s.txt"
    lines = ["Anna Berg met Tomas Lind in Oslo .", "The council turned down the offer on Friday ."]
    sentences.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        f"{lines[0]}\tmet\tAnna Berg\tTomas Lind\tin Oslo\n{lines[1]}\tturned down\tThe council\tthe offer\ton Friday\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(sentences), "--lines", "--format", "carb", "-q"])
    assert result.exit_code == 0
    rows = [r.split("\t") for r in result.stdout.splitlines()]
    assert {r[0] for r in rows} == set(lines)  # the sentence column is the input line unchanged
    assert all(0 <= float(r[1]) <= 1 for r in rows)
    assert any(r[2] == "turned down" and r[3] == "The council" and r[4] == "the offer" for r in rows)
    png, saved = tmp_path / "pr.png", tmp_path / "out.tsv"
    result = runner.invoke(app, ["eval", "carb", str(sentences), str(gold), "--curve", str(png), "--save", str(saved), "-q"])
    assert result.exit_code == 0, result.output
    assert "precision" in result.stdout and "AUC" in result.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = runner.invoke(app, ["eval", "carb", str(sentences), str(gold), "--extractions", str(saved)])
    assert "F1 1.000" in result.stdout or "F1 0.9" in result.stdout


def test_every_command_has_help_with_examples():
    for cmd in (["show"], ["path"], ["stats"], ["quotes"], ["export"], ["remove"], ["eval", "carb"]):
        result = runner.invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, cmd


def test_build_interactions_view_and_max_nodes(tmp_path):
    html = tmp_path / "i.html"
    result = runner.invoke(app, ["build", str(ARTICLE), "-o", str(html), "--view", "interactions", "-q"])
    assert result.exit_code == 0, result.output
    assert "verbal conflict" in html.read_text(encoding="utf-8")
    small = tmp_path / "small.html"
    result = runner.invoke(app, ["build", str(ARTICLE), "-o", str(small), "--max-nodes", "5", "-q"])
    assert result.exit_code == 0
    assert "--max-nodes 5: dropped" in result.stderr
    assert "(5 nodes" in result.stderr


def test_export_from_cli(tmp_path):
    js = tmp_path / "g.json"
    assert runner.invoke(app, ["build", str(ARTICLE), "--json", str(js), "-q"]).exit_code == 0
    out = tmp_path / "g.graphml"
    result = runner.invoke(app, ["export", str(js), "--to", "graphml", "-o", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 1000
    import networkx as nx

    g = nx.read_graphml(out, force_multigraph=True)
    assert "Mark Delaney" in g


def test_progress_line_only_on_a_terminal():
    import io

    from kg.corpus.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet = io.StringIO()
    p = Progress(stream=quiet)
    p.update(docs=3, words=900)
    p.close()
    assert quiet.getvalue() == ""
    tty = Tty()
    p = Progress(stream=tty)
    p._last = -1.0
    p.update(docs=3, words=900)
    p.close()
    assert "3 documents" in tty.getvalue() and "words/s" in tty.getvalue()
    forced_off = Tty()
    p = Progress(enabled=False, stream=forced_off)
    p.update(docs=1, words=10)
    p.close()
    assert forced_off.getvalue() == ""


def test_query_document_by_file_name_and_helpful_misses(tmp_path, monkeypatch):
    docs = tmp_path / "news"
    docs.mkdir()
    (docs / "one.txt").write_text("Lena Ruiz met Tomas Lind in Oslo.\n", encoding="utf-8")
    (docs / "two.txt").write_text("Anna Berg criticised Peter Novak.\n", encoding="utf-8")
    js = tmp_path / "g.json"
    assert runner.invoke(app, ["build", str(docs), "--json", str(js), "--quiet"]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    for given in ("two.txt", "news/two.txt", str(docs / "two.txt")):
        result = runner.invoke(app, ["query", str(js), "--doc", given, "--format", "jsonl"])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows and {r["doc_id"] for r in rows} == {str(docs / "two.txt")}
    result = runner.invoke(app, ["query", str(js), "--doc", "three.txt"])
    assert result.exit_code != 0 and "no document 'three.txt'" in result.output
    result = runner.invoke(app, ["query", str(js), "--relation", "met"])
    assert result.exit_code == 0 and "did you mean 'meet'" in result.output
    result = runner.invoke(app, ["query", str(js), "--limit", "-1"])
    assert result.exit_code == 2


def test_build_reads_csv_columns_and_dates(tmp_path):
    news = tmp_path / "news.csv"
    news.write_text(
        "key,pubDate,headline,story\n"
        'k1,2009-03-04,Berg meets Lind,"Anna Berg met Tomas Lind in Oslo on Friday."\n'
        'k2,"March 10, 2009",Lind visits Rome,"Tomas Lind will visit Rome next month."\n',
        encoding="utf-8",
    )
    out, page = tmp_path / "g.json", tmp_path / "g.html"
    args = ["build", str(news), "--json", str(out), "-q", "--text-column", "story", "--id-column", "key", "--date-column", "pubdate"]
    result = runner.invoke(app, [*args, "-o", str(page), "--since", "2009-04", "--until", "2009-04"])
    assert result.exit_code == 0, result.output
    g = json.loads(out.read_text(encoding="utf-8"))
    assert [d["meta"] for d in g["documents"]] == [{"date": "2009-03-04", "title": "Berg meets Lind"}, {"date": "2009-03-10", "title": "Lind visits Rome"}]
    rows = {r["relation"]: r for r in map(json.loads, runner.invoke(app, ["query", str(out), "--format", "jsonl"]).stdout.splitlines())}
    assert (rows["meet"]["date"], rows["meet"]["date_source"]) == ("2009-02-27", "text")
    assert (rows["visit"]["date"], rows["visit"]["date_source"]) == ("2009-04", "text")
    html = page.read_text(encoding="utf-8")
    assert "Tomas Lind will visit Rome next month." in html and "in Oslo on Friday" not in html  # the page holds April only
    result = runner.invoke(app, ["build", str(news), "--json", str(out), "--since", "2009", "-q"])
    assert result.exit_code == 2 and "give -o page.html too" in result.stderr
    result = runner.invoke(app, ["build", str(news), "--json", str(out), "-q", "--text-column", "body"])
    assert result.exit_code == 1 and "no column 'body' (--text-column)" in result.stderr


def test_extract_has_date_columns():
    result = runner.invoke(app, ["extract", "-", "--format", "tsv", "--quiet"], input="May 01, 2009\n\nAnna Berg met Tomas Lind yesterday.")
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    cols = header.split("\t")
    assert cols[-3:] == ["date", "date_source", "sentence"]
    meet = next(dict(zip(cols, r.split("\t"))) for r in rows if "\tmeet\t" in r)
    assert (meet["date"], meet["date_source"]) == ("2009-04-30", "text")


def test_help_of_new_commands_has_examples():
    for cmd in (["html"], ["timeline"]):
        result = runner.invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout
