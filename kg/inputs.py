"""Reading inputs lazily: texts, files, directories, JSONL files and standard input.

Every input becomes one or more :class:`Document` objects. Long texts are cut at paragraph
breaks into chunks of at most ``chunk_chars`` characters, each carrying its character offset
in the whole document, so a 50 MB file is parsed with flat memory and evidence offsets still
point into the original text. Inputs that cannot be read are reported as :class:`Problem`
records and skipped; the others go on.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Union

from kg.errors import InputError

__all__ = [
    "Document",
    "Problem",
    "InputLike",
    "iter_documents",
    "chunk_text",
    "text_id",
    "CHUNK_CHARS",
]

#: Documents longer than this are parsed in chunks cut at paragraph breaks.
CHUNK_CHARS = 100_000
_SNIFF = 8192

InputLike = Union[str, os.PathLike, tuple[str, str]]  # noqa: UP007 (a runtime alias on Python 3.10 too)


@dataclass(frozen=True, slots=True)
class Document:
    """A text to analyse, or one chunk of a long text.

    Attributes:
        id: Document identifier (file path, JSONL id, or a hash of the text).
        text: The text of this chunk.
        offset: Character offset of ``text`` in the whole document (0 unless chunked).
        source: Where it came from, for messages ("examples/article.txt", "<stdin>").
        part: Index of the chunk in its document.
        last: True for the last chunk of its document.
        meta: Document metadata (``date``, ``title``, ``url``, ``source`` and any other
            fields the input gave), or None.
    """

    id: str
    text: str
    offset: int = 0
    source: str = "<string>"
    part: int = 0
    last: bool = True
    meta: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that was skipped, or read with a warning.

    Attributes:
        source: The file, or "<string>"/"<stdin>".
        message: What was wrong and what to do.
        line: Line number in a JSONL file, if any.
        skipped: False for warnings (the input was still read).
    """

    source: str
    message: str
    line: int | None = None
    skipped: bool = True

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        kind = "skipped" if self.skipped else "warning"
        return f"{where}: {kind}: {self.message}"


def text_id(text: str) -> str:
    """A stable identifier for a text given without one: ``text-`` and 12 hex digits."""
    return "text-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into chunks of at most ``limit`` characters at paragraph breaks.

    Cuts fall after a blank line where possible, else after a line break, else after a
    space, else anywhere. Yields ``(offset, chunk)``; the chunks concatenate back to ``text``.
    """
    start, n = 0, len(text)
    while n - start > limit:
        window_end = start + limit
        cut = -1
        for sep in ("\n\n", "\n", " "):
            pos = text.rfind(sep, start + limit // 4, window_end)
            if pos != -1:
                cut = pos + len(sep)
                break
        if cut <= start:
            cut = window_end
        yield start, text[start:cut]
        start = cut
    if start < n or n == 0:
        yield start, text[start:]


def _documents_from_text(doc_id: str, text: str, source: str, limit: int) -> Iterator[Document]:
    chunks = list(chunk_text(text, limit)) if len(text) > limit else [(0, text)]
    for i, (offset, chunk) in enumerate(chunks):
        yield Document(doc_id, chunk, offset, source, i, i == len(chunks) - 1)


def _sniff_encoding(head: bytes) -> tuple[str | None, str | None]:
    """Return (encoding, reason-for-skipping) from the first bytes of a file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        return "utf-32", None
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", None
    if b"\x00" in head:
        return None, "binary file (it holds NUL bytes): give kg plain text, e.g. convert PDFs or Word files to .txt first"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls * 10 > len(head):
        return None, "binary file (mostly control bytes): give kg plain text"
    return "utf-8", None


def _stream_file(path: Path, source: str, doc_id: str, limit: int, report: Callable[[Problem], None]) -> Iterator[Document]:
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF)
    except OSError as exc:
        report(Problem(source, f"cannot read the file ({exc.strerror or exc}): check its permissions"))
        return
    encoding, reason = _sniff_encoding(head)
    if reason:
        report(Problem(source, reason))
        return
    assert encoding is not None
    errors = "strict"
    if encoding == "utf-8":
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                while fh.read(1 << 20):
                    pass
        except UnicodeDecodeError as exc:
            report(Problem(source, f"invalid UTF-8 (first bad byte at offset {exc.start}); decoded with replacement characters", skipped=False))
            errors = "replace"
        except OSError as exc:
            report(Problem(source, f"cannot read the file ({exc.strerror or exc})"))
            return
    try:
        with open(path, encoding=encoding, errors=errors, newline="") as fh:
            yielded = yield from _stream_chunks(fh, doc_id, source, limit)
    except UnicodeDecodeError as exc:
        report(Problem(source, f"cannot decode the file as {encoding} ({exc.reason}): save it as UTF-8"))
        return
    if not yielded:
        report(Problem(source, "empty file (no text in it)"))


def _stream_chunks(fh: IO[str], doc_id: str, source: str, limit: int) -> Iterator[Document]:
    """Read ``fh`` in blocks and yield its chunks without holding the whole file.

    Returns (as the generator's value) whether any chunk held text.
    """
    pending: Document | None = None
    any_text = False
    part = 0
    offset = 0  # offset of ``buf`` in the document
    buf = ""
    while True:
        block = fh.read(limit)
        buf += block
        if block and len(buf) < 2 * limit:
            continue
        chunks = list(chunk_text(buf, limit))
        keep_tail = bool(block)
        emit = chunks[:-1] if keep_tail else chunks
        for local, chunk in emit:
            if not chunk:
                continue
            if pending is not None:
                yield pending
            pending = Document(doc_id, chunk, offset + local, source, part, False)
            part += 1
            any_text = any_text or bool(chunk.strip())
        if not block:
            break
        tail_offset, buf = chunks[-1]
        offset += tail_offset
    if pending is not None and any_text:
        yield Document(pending.id, pending.text, pending.offset, pending.source, pending.part, True)
    return any_text


def _read_jsonl(path: Path, source: str, limit: int, report: Callable[[Problem], None]) -> Iterator[Document]:
    try:
        fh = open(path, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        report(Problem(source, f"cannot read the file ({exc.strerror or exc})"))
        return
    found = False
    problems = 0

    def line_problem(problem: Problem) -> None:
        nonlocal problems
        problems += 1
        report(problem)

    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                line_problem(Problem(source, f"malformed JSON: {exc.msg} (column {exc.colno}); each line must be one object like {{\"id\": \"a1\", \"text\": \"...\"}}", line=lineno))
                continue
            if not isinstance(obj, dict):
                line_problem(Problem(source, "a JSON line must be an object with a \"text\" field", line=lineno))
                continue
            if "text" not in obj:
                line_problem(Problem(source, "no \"text\" field: each line needs {\"id\": ..., \"text\": ...}", line=lineno))
                continue
            text = obj["text"]
            if not isinstance(text, str):
                line_problem(Problem(source, f"\"text\" must be a string, not {type(text).__name__}", line=lineno))
                continue
            if not text.strip():
                line_problem(Problem(source, "empty \"text\"", line=lineno))
                continue
            raw_id = obj.get("id")
            doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id) else f"{source}:{lineno}"
            found = True
            yield from _documents_from_text(doc_id, text, source, limit)
    if not found and not problems:
        report(Problem(source, "no documents in this JSONL file"))  # (bad lines were each reported)


def _expand(item: InputLike, stdin: IO[str] | None, limit: int, report: Callable[[Problem], None]) -> Iterator[Document]:
    if isinstance(item, tuple):
        if len(item) != 2 or not isinstance(item[1], str):
            raise InputError(f"an input pair must be (doc_id, text) with a string text, got {item!r:.80}")
        doc_id, text = str(item[0]), item[1]
        if not text.strip():
            report(Problem(doc_id, "empty text"))
            return
        yield from _documents_from_text(doc_id, text, doc_id, limit)
        return
    if isinstance(item, str) and item == "-":
        stream = stdin if stdin is not None else sys.stdin
        if stream is None:
            report(Problem("<stdin>", "no standard input"))
            return
        if stdin is None and hasattr(stream, "buffer"):
            # read the bytes ourselves: invalid UTF-8 becomes replacement characters, not a crash
            stream = io.TextIOWrapper(stream.buffer, encoding="utf-8", errors="replace", newline="")
        warned = False
        chunks = _stream_chunks(stream, "stdin", "<stdin>", limit)
        while True:
            try:
                doc = next(chunks)
            except StopIteration as stop:
                yielded = stop.value
                break
            if not warned and "\ufffd" in doc.text:
                warned = True
                report(Problem("<stdin>", "invalid UTF-8; decoded with replacement characters", skipped=False))
            yield doc
        if not yielded:
            report(Problem("<stdin>", "standard input was empty"))
        return
    if isinstance(item, str) and not _looks_like_path(item):
        if not item.strip():
            report(Problem("<string>", "empty text"))
            return
        yield from _documents_from_text(text_id(item), item, "<string>", limit)
        return
    if not isinstance(item, (str, os.PathLike)):
        raise InputError(f"cannot read an input of type {type(item).__name__}: pass text, a path, or a (doc_id, text) pair")
    path = Path(item)
    source = path.as_posix()
    if not path.exists():
        report(Problem(source, "no such file or directory: check the path"))
        return
    # a file's id is its absolute path, so the same file read again from another directory
    # (kg build --into) is recognised and replaced, not counted twice
    path = path.resolve()
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
        if not files:
            report(Problem(source, "directory holds no .txt files (kg reads *.txt in it and its subdirectories)"))
            return
        for file in files:
            yield from _stream_file(file, file.as_posix(), file.as_posix(), limit, report)
        return
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path, source, limit, report)
        return
    yield from _stream_file(path, source, path.as_posix(), limit, report)


_PATH_SUFFIXES = (".txt", ".jsonl", ".json", ".text", ".md")


def _looks_like_path(item: str) -> bool:
    """A string names a file when it is one line, short, and exists on disk, or when it is
    one word ending in a file suffix (a mistyped path is reported, not read as text)."""
    if "\n" in item or len(item) > 4096 or not item.strip():
        return False
    try:
        if os.path.exists(item):
            return True
    except (OSError, ValueError):
        return False
    stripped = item.strip()
    return " " not in stripped and stripped.lower().endswith(_PATH_SUFFIXES)


def iter_documents(
    inputs: InputLike | Iterable[InputLike],
    *,
    on_problem: Callable[[Problem], None] | None = None,
    stdin: IO[str] | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Document]:
    """Yield the documents of ``inputs`` lazily, one chunk at a time.

    Args:
        inputs: One input or an iterable of them. A ``str`` is text, unless it is a single line
            naming an existing file or directory; ``"-"`` is standard input; a path
            (``os.PathLike``) is a ``.txt`` file, a ``.jsonl`` file with one
            ``{"id": ..., "text": ...}`` object a line, or a directory searched recursively for
            ``.txt`` files; a ``(doc_id, text)`` pair is a text with its id.
        on_problem: Called with each :class:`Problem`. When None, the first input that has to
            be skipped raises :class:`~kg.errors.InputError`; warnings are ignored.
        stdin: Stream to read for ``"-"`` (default ``sys.stdin``).
        chunk_chars: Longest chunk handed to the parser.

    Yields:
        :class:`Document` chunks, in input order.

    Example:
        >>> [d.id for d in iter_documents([("a1", "Ann met Bob.")])]
        ['a1']
    """

    def report(problem: Problem) -> None:
        if on_problem is not None:
            on_problem(problem)
        elif problem.skipped:
            raise InputError(str(problem))

    if isinstance(inputs, (str, os.PathLike, tuple)):
        inputs = [inputs]  # type: ignore[list-item]
    for item in inputs:  # type: ignore[union-attr]
        yield from _expand(item, stdin, chunk_chars, report)


def read_text(stream: io.TextIOBase) -> str:  # pragma: no cover - tiny helper for notebooks
    return stream.read()
