"""Reading inputs: texts, files, directories, JSONL and standard input."""

from __future__ import annotations

import io
import json

import pytest

from kg.corpus.inputs import DIRECTORY_SUFFIXES, HTML_HINT, Columns, chunk_text, iter_documents
from kg.errors import InputError


def test_pairs_strings_and_paths(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Anna Berg met Tomas Lind.", encoding="utf-8")
    docs = list(iter_documents([("x1", "Some text."), "Free text here.", f]))
    assert [d.id for d in docs][0] == "x1"
    assert docs[1].id.startswith("text-")
    assert docs[2].id == f.as_posix() and docs[2].text == "Anna Berg met Tomas Lind."


def test_directory_recursive(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "one.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "sub" / "two.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "three.md").write_text("Three.", encoding="utf-8")
    (tmp_path / "skip.json").write_text('{"text": "Not read."}', encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF-1.4 not read")
    assert sorted(d.text for d in iter_documents(tmp_path)) == ["One.", "Three.", "Two."]


def test_jsonl_and_problems(tmp_path):
    f = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "a", "text": "Alpha."}), "{not json", json.dumps({"id": "b"}), json.dumps({"id": "c", "text": 5})]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = []
    docs = list(iter_documents(f, on_problem=problems.append))
    assert [d.id for d in docs] == ["a"]
    assert [p.line for p in problems] == [2, 3, 4]
    assert all(str(f.as_posix()) in str(p) for p in problems)


def test_stdin():
    docs = list(iter_documents("-", stdin=io.StringIO("From standard input.")))
    assert docs[0].id == "stdin" and docs[0].text == "From standard input."


def test_missing_path_raises_without_handler(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_documents(tmp_path / "missing.txt"))


def test_chunks_concatenate_back():
    text = ("Para one is here.\n\n" * 50) + ("x" * 300)
    chunks = list(chunk_text(text, 120))
    assert "".join(c for _, c in chunks) == text
    assert all(len(c) <= 120 for _, c in chunks)
    assert all(text[o : o + len(c)] == c for o, c in chunks)


# -- metadata and formats ---------------------------------------------------------------------------

TEXT = "Anna Berg met Tomas Lind in Oslo on Friday."


def _read(inputs, **kw):
    problems = []
    docs = list(iter_documents(inputs, on_problem=problems.append, **kw))
    return docs, problems


def test_jsonl_metadata_is_kept_and_dates_are_iso(tmp_path):
    f = tmp_path / "news.jsonl"
    rows = [
        {"id": "a1", "text": TEXT, "date": "March 4, 2009", "title": "Berg meets Lind", "url": "https://example.org/a1",
         "source": {"id": "fjord", "name": "The Fjord Times"}, "section": "world", "tags": ["fish", "trade"]},
        {"id": 7, "text": TEXT, "published": "2009-03-05T08:00:00Z", "headline": "Second"},
        {"text": TEXT, "date": None, "title": ""},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, problems = _read(f)
    assert problems == []
    assert [d.id for d in docs] == ["a1", "7", f"{f.as_posix()}:3"]
    assert docs[0].meta == {"date": "2009-03-04", "title": "Berg meets Lind", "url": "https://example.org/a1",
                            "source": "The Fjord Times", "section": "world", "tags": ["fish", "trade"]}
    assert docs[1].meta == {"date": "2009-03-05", "title": "Second"}
    assert docs[2].meta is None


def test_bad_metadata_is_a_warning_with_file_and_line(tmp_path):
    f = tmp_path / "news.jsonl"
    rows = [{"id": "a", "text": TEXT, "date": "soonish"}, {"id": "b", "text": TEXT, "date": "2009-02-30", "title": ["x"]},
            {"id": "c", "text": TEXT, "date": 20090304}]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, problems = _read(f)
    assert [d.id for d in docs] == ["a", "b", "c"]  # every document is still read
    assert [(p.line, p.skipped) for p in problems] == [(1, False), (2, False), (2, False)]
    assert "unreadable date 'soonish'" in problems[0].message and "no such date" in problems[1].message
    assert "title" in problems[2].message
    assert str(problems[0]).startswith(f"{f.as_posix()}:1: warning:")
    assert docs[0].meta is None and docs[1].meta is None and docs[2].meta == {"date": "2009-03-04"}


def test_ambiguous_date_settled_by_the_dateline(tmp_path):
    f = tmp_path / "news.jsonl"
    f.write_text(json.dumps({"id": "x", "date": "03-02-2009", "text": "Harbour talks\n\nFebruary 03, 2009\n\n" + TEXT}), encoding="utf-8")
    docs, problems = _read(f)
    assert problems == [] and docs[0].meta == {"date": "2009-02-03"}
    f.write_text(json.dumps({"id": "x", "date": "03-02-2009", "text": "Harbour talks\n\nMarch 2, 2009\n\n" + TEXT}), encoding="utf-8")
    docs, problems = _read(f)
    assert problems == [] and docs[0].meta == {"date": "2009-03-02"}


def test_ambiguous_date_settled_by_the_inputs_other_dates(tmp_path):
    # the unambiguous day-first date comes later in the file: the input is read once more for it
    f = tmp_path / "news.jsonl"
    rows = [{"id": "a", "text": TEXT, "date": "03/02/2009"}, {"id": "b", "text": TEXT, "date": "25/12/2009"}]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, problems = _read(f)
    assert problems == [] and [d.meta["date"] for d in docs] == ["2009-02-03", "2009-12-25"]
    rows[1]["date"] = "12/25/2009"
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, problems = _read(f)
    assert problems == [] and [d.meta["date"] for d in docs] == ["2009-03-02", "2009-12-25"]


def test_ambiguous_date_nothing_settles_is_a_warning_not_a_guess(tmp_path):
    f = tmp_path / "news.jsonl"
    rows = [{"id": "a", "text": TEXT, "date": "03/02/2009"}, {"id": "b", "text": TEXT, "date": "25/12/2009"},
            {"id": "c", "text": TEXT, "date": "12/26/2009"}]  # the input contradicts itself
    f.write_text("\n".join(json.dumps(r) for r in rows[:1]), encoding="utf-8")
    docs, problems = _read(f)
    assert docs[0].meta is None
    assert [(p.line, p.skipped) for p in problems] == [(1, False)]
    assert "ambiguous date" in problems[0].message and "3 February 2009" in problems[0].message
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, problems = _read(f)
    assert docs[0].meta is None and len(problems) == 1
    # with a dateline that agrees with neither reading, the dateline is used, with the warning
    f.write_text(json.dumps({"id": "a", "date": "03/02/2009", "text": "May 1, 2009\n\n" + TEXT}), encoding="utf-8")
    docs, problems = _read(f)
    assert docs[0].meta == {"date": "2009-05-01"} and "dateline 2009-05-01" in problems[0].message


def test_a_dateline_dates_texts_without_metadata(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Harbour talks stall\n\nFriday 3 March 2006\n\n" + TEXT, encoding="utf-8")
    g = tmp_path / "b.jsonl"
    g.write_text(json.dumps({"id": "b", "text": "OSLO, May 1, 2009 (Wire) - " + TEXT}), encoding="utf-8")
    docs, problems = _read([f, g, ("c", "Published: 2 June 2007\n" + TEXT), "Sept. 3, 2008\n" + TEXT, ("d", TEXT)])
    assert problems == []
    assert [d.meta for d in docs] == [{"date": "2006-03-03"}, {"date": "2009-05-01"}, {"date": "2007-06-02"}, {"date": "2008-09-03"}, None]
    docs, _ = _read("-", stdin=io.StringIO("May 01, 2009\n\n" + TEXT))
    assert docs[0].meta == {"date": "2009-05-01"}


def test_metadata_dates_win_over_a_dateline_that_disagrees(tmp_path):
    f = tmp_path / "news.jsonl"
    f.write_text(json.dumps({"id": "a", "date": "2009-01-20", "text": "Markets\n\nFebruary 20, 2009\n\n" + TEXT}), encoding="utf-8")
    docs, problems = _read(f)
    assert docs[0].meta == {"date": "2009-01-20"}
    assert len(problems) == 1 and not problems[0].skipped and "disagree" in problems[0].message and problems[0].line == 1


def test_every_chunk_of_a_long_file_carries_the_metadata(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("May 01, 2009\n\n" + "\n\n".join([TEXT] * 200), encoding="utf-8")
    docs, _ = _read(f, chunk_chars=500)
    assert len(docs) > 5 and all(d.meta == {"date": "2009-05-01"} for d in docs)
    j = tmp_path / "long.jsonl"
    j.write_text(json.dumps({"id": "L", "date": "2009-05-02", "text": "\n\n".join([TEXT] * 200)}), encoding="utf-8")
    docs, _ = _read(j, chunk_chars=500)
    assert len(docs) > 5 and all(d.meta == {"date": "2009-05-02"} for d in docs)


def test_dict_inputs_are_records():
    import datetime

    docs, problems = _read([{"id": "d1", "text": TEXT, "date": "2009-03-04", "title": "T"}, {"content": TEXT}, {"id": "x"},
                            {"id": "d4", "text": TEXT, "date": datetime.datetime(2009, 3, 5, 10, 30), "extra": {1, 2}, "n": 3}])
    assert docs[0].id == "d1" and docs[0].meta == {"date": "2009-03-04", "title": "T"}
    assert docs[1].id.startswith("text-") and docs[1].text == TEXT
    assert docs[2].id == "d4" and docs[2].meta == {"date": "2009-03-05", "n": 3}  # a set is no JSON: left out
    assert len(problems) == 2 and "no \"text\" field" in problems[0].message
    assert "'extra' field is not JSON data (set)" in problems[1].message and not problems[1].skipped


def test_csv_with_default_columns(tmp_path):
    f = tmp_path / "news.csv"
    f.write_text(
        "ID,Headline,Published,Content,Author\n"
        f'a1,Berg meets Lind,2009-03-04,"{TEXT}",Kari\n'
        'a2,"Quotes, commas","Mar 5, 2009","Tomas Lind said: ""We agree.""\nThen he left.",\n'
        ",,,,\n"
        f'a3,No date,,"{TEXT}",Ola\n',
        encoding="utf-8",
    )
    docs, problems = _read(f)
    assert problems == []
    assert [d.id for d in docs] == ["a1", "a2", "a3"]
    assert docs[0].meta == {"date": "2009-03-04", "title": "Berg meets Lind", "Author": "Kari"}
    assert docs[1].text == 'Tomas Lind said: "We agree."\nThen he left.' and docs[1].meta == {"date": "2009-03-05", "title": "Quotes, commas"}
    assert docs[2].meta == {"title": "No date", "Author": "Ola"}


def test_tsv_with_named_columns_and_row_problems(tmp_path):
    f = tmp_path / "news.tsv"
    f.write_text(
        "key\twhen\tstory\tname\n"
        f"k1\t04/03/2009\t{TEXT}\tFirst\n"
        f"k2\t25/03/2009\t{TEXT}\tSecond\n"
        "k3\tbad date\t\tThird\n"
        f"k4\t2009-03-06\t{TEXT}\n",
        encoding="utf-8",
    )
    cols = Columns(text="story", id="key", date="WHEN", title="name")
    docs, problems = _read(f, columns=cols)
    assert [d.id for d in docs] == ["k1", "k2"]
    assert docs[0].meta == {"date": "2009-03-04", "title": "First"}  # day first, as the file's 25/03/2009 shows
    assert [(p.line, p.skipped) for p in problems] == [(4, True), (5, True)]
    assert "empty \"story\"" in problems[0].message and "3 cells where the header has 4" in problems[1].message


def test_csv_without_the_text_column_names_the_columns(tmp_path):
    f = tmp_path / "news.csv"
    f.write_text("id,headline,published\n1,Talks,2009-03-04\n", encoding="utf-8")
    docs, problems = _read(f)
    assert not docs and len(problems) == 1 and problems[0].skipped
    assert "no text column" in problems[0].message and "id, headline, published" in problems[0].message and "--text-column" in problems[0].message
    docs, problems = _read(f, columns=Columns(text="body"))
    assert not docs and "no column 'body' (--text-column)" in problems[0].message
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    docs, problems = _read(tmp_path / "empty.csv")
    assert "no header row" in problems[0].message


HTML_PAGE = """<!DOCTYPE html><html><head><title>Berg meets Lind | The Fjord Times</title>
<meta property="og:title" content="Berg meets Lind in Oslo">
<meta property="article:published_time" content="2009-03-04T10:00:00Z">
<link rel="canonical" href="https://example.org/news/berg-lind">
<script>var x = "<b>not text</b>";</script><style>p {{ color: red }}</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Berg meets Lind in Oslo</h1>
<p>Anna Berg met Tomas Lind in Oslo on Friday. The two ministers discussed fishing quotas and a new trade agreement between their countries, officials said.</p>
<p>Lind will visit Stockholm next month. Berg praised the talks &amp; said they were useful for both sides of the border.</p>
{extra}</article>
<footer>Copyright 2009 The Fjord Times. All rights reserved.</footer></body></html>
"""


def test_html_pages_give_main_text_title_and_date(tmp_path):
    pytest.importorskip("trafilatura")
    f = tmp_path / "page.html"
    f.write_text(HTML_PAGE.format(extra=""), encoding="utf-8")
    docs, problems = _read(f)
    assert problems == [] and len(docs) == 1
    d = docs[0]
    assert d.id == f.as_posix()
    assert "Anna Berg met Tomas Lind in Oslo on Friday." in d.text and "\n\n" in d.text
    for junk in ("not text", "color", "Home", "Copyright", "<"):
        assert junk not in d.text
    assert d.meta["date"] == "2009-03-04" and d.meta["title"] == "Berg meets Lind in Oslo"
    assert d.meta["url"] == "https://example.org/news/berg-lind"


def test_html_date_never_guessed_from_a_copyright_year(tmp_path):
    pytest.importorskip("trafilatura")
    f = tmp_path / "page.htm"
    page = HTML_PAGE.format(extra="").replace('<meta property="article:published_time" content="2009-03-04T10:00:00Z">', "")
    f.write_text(page, encoding="utf-8")
    docs, _ = _read(f)
    assert "date" not in docs[0].meta  # not "2009-01-01" from "Copyright 2009"
    f.write_text(page.replace("<article><h1>Berg meets Lind in Oslo</h1>", "<article><p>May 01, 2009</p>"), encoding="utf-8")
    docs, _ = _read(f)
    assert docs[0].meta["date"] == "2009-05-01"  # the dateline at the top of the text


def test_html_extraction_makes_no_network_request(tmp_path, monkeypatch):
    pytest.importorskip("trafilatura")
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    f = tmp_path / "page.html"
    f.write_text(HTML_PAGE.format(extra='<img src="https://example.org/a.png"><a href="https://example.org/b">more</a>'), encoding="utf-8")
    docs, problems = _read(f)
    assert problems == [] and docs[0].meta["date"] == "2009-03-04"


def test_html_without_the_extra_says_what_to_install(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura -> ImportError
    f = tmp_path / "page.html"
    f.write_text(HTML_PAGE.format(extra=""), encoding="utf-8")
    g = tmp_path / "a.txt"
    g.write_text(TEXT, encoding="utf-8")
    docs, problems = _read([f, g])
    assert [d.id for d in docs] == [g.as_posix()]
    assert len(problems) == 1 and problems[0].skipped and problems[0].message == HTML_HINT
    assert "pip install 'kg-newsgraph[html]'" in HTML_HINT


def test_html_page_without_article_text(tmp_path):
    pytest.importorskip("trafilatura")
    f = tmp_path / "index.html"
    f.write_text("<html><head><title>Index</title></head><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    docs, problems = _read(f)
    assert not docs and "no main text" in problems[0].message


def test_mixed_directory_and_glob(tmp_path):
    pytest.importorskip("trafilatura")
    (tmp_path / "2009").mkdir()
    (tmp_path / "a.txt").write_text("May 01, 2009\n\n" + TEXT, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Notes\n\n" + TEXT, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": TEXT, "date": "2009-05-02"}) + "\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text(f'id,date,text\nd1,2009-05-03,"{TEXT}"\n', encoding="utf-8")
    (tmp_path / "2009" / "e.tsv").write_text(f"id\tdate\ttext\ne1\t2009-05-04\t{TEXT}\n", encoding="utf-8")
    (tmp_path / "2009" / "f.html").write_text(HTML_PAGE.format(extra=""), encoding="utf-8")
    (tmp_path / "2009" / "g.HTM").write_text(HTML_PAGE.format(extra=""), encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    docs, problems = _read(tmp_path)
    assert problems == []
    names = sorted(d.id.rsplit("/", 1)[-1] for d in docs)
    assert names == ["a.txt", "b.md", "c1", "d1", "e1", "f.html", "g.HTM"]
    dates = {d.id.rsplit("/", 1)[-1]: (d.meta or {}).get("date") for d in docs}
    assert dates == {"a.txt": "2009-05-01", "b.md": None, "c1": "2009-05-02", "d1": "2009-05-03", "e1": "2009-05-04",
                     "f.html": "2009-03-04", "g.HTM": "2009-03-04"}
    assert set(DIRECTORY_SUFFIXES) == {".txt", ".md", ".jsonl", ".csv", ".tsv", ".html", ".htm"}
    docs, _ = _read(tmp_path, glob="*.jsonl")
    assert [d.id for d in docs] == ["c1"]
    docs, _ = _read(tmp_path, glob="2009/*")
    assert sorted(d.id.rsplit("/", 1)[-1] for d in docs) == ["e1", "f.html", "g.HTM"]
    docs, _ = _read(tmp_path, glob="**/*.tsv")
    assert [d.id for d in docs] == ["e1"]
    docs, problems = _read(tmp_path, glob="*.doc")
    assert not docs and "no file in the directory matches --glob '*.doc'" in problems[0].message
    (tmp_path / "extra.text").write_text(TEXT, encoding="utf-8")
    docs, _ = _read(tmp_path, glob="*.text")  # a glob may pick other files: read as text
    assert [d.text for d in docs] == [TEXT]
