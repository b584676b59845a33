"""Reading inputs: texts, files, directories, JSONL and standard input."""

from __future__ import annotations

import io
import json

import pytest

from kg.errors import InputError
from kg.inputs import chunk_text, iter_documents


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
    (tmp_path / "skip.md").write_text("Not read.", encoding="utf-8")
    assert sorted(d.text for d in iter_documents(tmp_path)) == ["One.", "Two."]


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
