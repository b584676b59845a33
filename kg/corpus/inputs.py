"""Reading inputs lazily: texts, files, directories, JSONL, CSV/TSV, HTML and standard input.

Every input becomes one or more :class:`Document` objects. Long texts are cut at paragraph
breaks into chunks of at most ``chunk_chars`` characters, each carrying its character offset
in the whole document, so a 50 MB file is parsed with flat memory and evidence offsets still
point into the original text. Inputs that cannot be read are reported as :class:`Problem`
records and skipped; the others go on.

Each document carries its metadata (``meta``): the ``date``, ``title``, ``url`` and ``source``
of a JSONL line, a CSV row or an HTML page, any other fields of the line or row as they are,
and, when no date is given, the date of the text's dateline ("February 03, 2009" at its top).
Dates are written as ISO 8601 (see :mod:`kg.dates`); a date that cannot be read, or an
ambiguous one ("03-02-2009") that nothing settles, is a warning naming the file and line, and
the document is read without it.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import hashlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Union

from kg.dates import DateReading, choose_date, find_dateline, read_date
from kg.errors import InputError

__all__ = [
    "Document",
    "Problem",
    "Columns",
    "InputLike",
    "iter_documents",
    "chunk_text",
    "text_id",
    "CHUNK_CHARS",
    "DIRECTORY_SUFFIXES",
    "TEXT_FIELDS",
    "ID_FIELDS",
    "DATE_FIELDS",
    "TITLE_FIELDS",
    "HTML_HINT",
]

#: Documents longer than this are parsed in chunks cut at paragraph breaks.
CHUNK_CHARS = 100_000
_SNIFF = 8192

InputLike = Union[str, os.PathLike, tuple[str, str], Mapping[str, Any]]  # noqa: UP007 (a runtime alias on Python 3.10 too)

#: The files a directory yields (a ``glob`` narrows or widens the choice).
DIRECTORY_SUFFIXES = (".txt", ".md", ".jsonl", ".csv", ".tsv", ".html", ".htm")
#: Field (JSONL) or column (CSV, TSV) names tried, in order and in any case, for the text...
TEXT_FIELDS = ("text", "content", "body", "article", "full_text", "story")
#: ... the document id ...
ID_FIELDS = ("id", "doc_id", "article_id", "guid", "uuid")
#: ... its date ...
DATE_FIELDS = ("date", "published", "publish_date", "published_at", "publishedat", "publication_date", "date_published", "pubdate", "datetime")
#: ... its title ...
TITLE_FIELDS = ("title", "headline")
#: ... its address and its source (publisher).
URL_FIELDS = ("url", "link")
SOURCE_FIELDS = ("source", "publisher", "outlet")
#: What to do when an HTML page comes without the extraction library.
HTML_HINT = "reading HTML pages needs the html extra: pip install 'kg-newsgraph[html]' (it installs trafilatura)"


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column of a CSV/TSV file (or field of a JSONL line) holds what.

    None means the first of the usual names that the file has, in any case: the text in
    :data:`TEXT_FIELDS` (text, content, body, ...), the id in :data:`ID_FIELDS`, the date in
    :data:`DATE_FIELDS` (date, published, publish_date, ...), the title in
    :data:`TITLE_FIELDS` (title, headline). A row without an id gets ``FILE:LINE``.

    Attributes:
        text: Column of the text.
        id: Column of the document id.
        date: Column of the publication date.
        title: Column of the title.
    """

    text: str | None = None
    id: str | None = None
    date: str | None = None
    title: str | None = None


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


Report = Callable[[Problem], None]
Meta = dict[str, Any]


def _text_meta(text: str) -> Meta | None:
    """Metadata of a text given without any: the date of its dateline, if it has one."""
    found = find_dateline(text)
    return {"date": found} if found else None


def _documents_from_text(doc_id: str, text: str, source: str, limit: int, meta: Meta | None = None) -> Iterator[Document]:
    chunks = list(chunk_text(text, limit)) if len(text) > limit else [(0, text)]
    for i, (offset, chunk) in enumerate(chunks):
        yield Document(doc_id, chunk, offset, source, i, i == len(chunks) - 1, meta)


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




def _stream_file(path: Path, source: str, doc_id: str, limit: int, report: Report) -> Iterator[Document]:
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

    Every chunk carries the metadata of the first one's text (its dateline). Returns (as the
    generator's value) whether any chunk held text.
    """
    pending: Document | None = None
    meta: Meta | None = None
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
            if part == 0:
                meta = _text_meta(chunk)
            pending = Document(doc_id, chunk, offset + local, source, part, False, meta)
            part += 1
            any_text = any_text or bool(chunk.strip())
        if not block:
            break
        tail_offset, buf = chunks[-1]
        offset += tail_offset
    if pending is not None and any_text:
        yield Document(pending.id, pending.text, pending.offset, pending.source, pending.part, True, pending.meta)
    return any_text


# -- metadata of records (JSONL lines, CSV rows, Python dicts) ----------------------------------------------


class _Records:
    """Reads the text, id and metadata of the records of one input (a JSONL or CSV file).

    Holds the state that belongs to the input as a whole: the numeric date order ("dmy" or
    "mdy") its unambiguous dates show, which settles its ambiguous ones.

    Args:
        source: The input, for messages.
        columns: Field names chosen by the user.
        report: Where problems go.
        scan: Yields every raw date value of the input (read again), for when an ambiguous
            date comes before the dates that settle it.
    """

    def __init__(
        self, source: str, columns: Columns, report: Report, scan: Callable[[], Iterable[Any]] | None = None, python: bool = False
    ) -> None:
        self.source = source
        self.columns = columns
        self.report = report
        self._scan = scan
        self._python = python  # records given as Python dicts may hold values JSON cannot
        self._orders = {"dmy": 0, "mdy": 0}
        self._scanned = False

    @staticmethod
    def pick(keys: Iterable[str], given: str | None, defaults: tuple[str, ...]) -> str | None:
        """The key of a record that holds a field: the one given (any case), else the first
        default name it has (any case)."""
        by_lower: dict[str, str] = {}
        for k in keys:
            by_lower.setdefault(str(k).strip().lower(), k)
        if given is not None:
            return by_lower.get(given.strip().lower())
        for name in defaults:
            if name in by_lower:
                return by_lower[name]
        return None

    def keys(self, record_keys: Iterable[str]) -> dict[str, str | None]:
        """Which key of a record holds the text, id, date, title, url and source."""
        keys = list(record_keys)
        c = self.columns
        return {
            "text": self.pick(keys, c.text, TEXT_FIELDS),
            "id": self.pick(keys, c.id, ID_FIELDS),
            "date": self.pick(keys, c.date, DATE_FIELDS),
            "title": self.pick(keys, c.title, TITLE_FIELDS),
            "url": self.pick(keys, None, URL_FIELDS),
            "source": self.pick(keys, None, SOURCE_FIELDS),
        }

    def meta(self, record: Mapping[str, Any], keys: Mapping[str, str | None], text: str, line: int | None) -> Meta | None:
        """The metadata of a record: its fields other than the text and id, with the date as
        ISO 8601 (or the text's dateline) and the title, url and source as text."""
        used = {keys["text"], keys["id"]}
        meta: Meta = {}
        date_key = keys["date"]
        if date_key is not None:
            used.add(date_key)
        when = self.date(record[date_key] if date_key is not None else None, text, line)
        if when:
            meta["date"] = when
        for name in ("title", "url", "source"):
            key = keys[name]
            if key is None:
                continue
            used.add(key)
            value = _as_text(record[key])
            if value is None and record[key] not in (None, ""):
                self.warn(f"the {key!r} field must be text, not {type(record[key]).__name__}: ignored", line)
            elif value:
                meta[name] = value
        for k, v in record.items():
            if k not in used and v is not None and v != "":
                if self._python and not _jsonable(v):
                    self.warn(f"the {k!r} field is not JSON data ({type(v).__name__}): ignored", line)
                    continue
                meta.setdefault(str(k), v)
        return meta or None

    def date(self, raw: Any, text: str, line: int | None) -> str | None:
        dateline = find_dateline(text)
        if raw is None or raw == "":
            return dateline
        reading = read_date(raw)
        if reading.order:
            self._orders[reading.order] += 1
        order = self.order() if reading.readings and dateline not in reading.readings else None
        when, warning = choose_date(reading, dateline, order)
        if warning:
            # an unreadable date's message quotes it already
            self.warn(warning if reading.problem else f"date {str(raw)[:40]!r}: {warning}", line)
        return when

    def order(self) -> str | None:
        """The numeric date order of this input ("dmy", "mdy"), from its unambiguous dates;
        the whole input is read once for them the first time they are needed."""
        if not self._scanned and self._scan is not None and self._orders["dmy"] == self._orders["mdy"] == 0:
            self._scanned = True
            for value in self._scan():
                found = read_date(value).order if isinstance(value, (str, int)) else None
                if found:
                    self._orders[found] += 1
        dmy, mdy = self._orders["dmy"], self._orders["mdy"]
        if dmy and not mdy:
            return "dmy"
        if mdy and not dmy:
            return "mdy"
        return None

    def warn(self, message: str, line: int | None) -> None:
        self.report(Problem(self.source, message, line=line, skipped=False))


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def _as_text(value: Any) -> str | None:
    """A metadata value as text: strings stripped, numbers written out, a news API's
    ``{"name": ...}`` source by its name; None for anything else."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Mapping) and isinstance(value.get("name"), str):
        return " ".join(value["name"].split())
    return None


def _record_documents(
    record: Mapping[str, Any], records: _Records, source: str, line: int | None, limit: int, fallback_id: str
) -> Iterator[Document]:
    """The documents of one record (a JSONL line, a CSV row, a dict), or a problem."""
    keys = records.keys(record.keys())
    text_key = keys["text"]
    if text_key is None:
        wanted = f'"{records.columns.text}" field' if records.columns.text else "\"text\" field (nor content, body, article)"
        records.report(Problem(source, f"no {wanted}: each line needs {{\"id\": ..., \"text\": ...}}, or name the text's field with --text-column", line=line))
        return
    text = record[text_key]
    if not isinstance(text, str):
        records.report(Problem(source, f"\"{text_key}\" must be a string, not {type(text).__name__}", line=line))
        return
    if not text.strip():
        records.report(Problem(source, f"empty \"{text_key}\"", line=line))
        return
    raw_id = record[keys["id"]] if keys["id"] is not None else None
    doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id).strip() else fallback_id
    yield from _documents_from_text(doc_id, text, source, limit, records.meta(record, keys, text, line))


# -- JSONL ----------------------------------------------------------------------------------------------


def _jsonl_dates(path: Path, columns: Columns) -> Iterator[Any]:
    """Every raw date value of a JSONL file."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        for line in fh:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                key = _Records.pick(obj.keys(), columns.date, DATE_FIELDS)
                if key is not None:
                    yield obj[key]


def _read_jsonl(path: Path, source: str, limit: int, report: Report, columns: Columns) -> Iterator[Document]:
    try:
        fh = open(path, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        report(Problem(source, f"cannot read the file ({exc.strerror or exc})"))
        return
    found = False
    problems = 0

    def line_problem(problem: Problem) -> None:
        nonlocal problems
        if problem.skipped:
            problems += 1
        report(problem)

    records = _Records(source, columns, line_problem, scan=lambda: _jsonl_dates(path, columns))
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
            for doc in _record_documents(obj, records, source, lineno, limit, f"{source}:{lineno}"):
                found = True
                yield doc
    if not found and not problems:
        report(Problem(source, "no documents in this JSONL file"))  # (bad lines were each reported)


# -- CSV and TSV --------------------------------------------------------------------------------------


def _open_table(path: Path, source: str, report: Report) -> IO[str] | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF)
    except OSError as exc:
        report(Problem(source, f"cannot read the file ({exc.strerror or exc}): check its permissions"))
        return None
    encoding, reason = _sniff_encoding(head)
    if reason:
        report(Problem(source, reason))
        return None
    try:
        return open(path, encoding="utf-8-sig" if encoding == "utf-8" else encoding, errors="replace", newline="")
    except OSError as exc:
        report(Problem(source, f"cannot read the file ({exc.strerror or exc})"))
        return None


def _table_rows(fh: IO[str], delimiter: str) -> tuple[list[str] | None, Iterator[tuple[int, list[str]]]]:
    """The header of a CSV/TSV file and its rows, each with the line it starts on."""
    reader = csv.reader(fh, delimiter=delimiter)
    header = next(reader, None)

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num + 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1

    return header, rows()


def _table_dates(path: Path, delimiter: str, columns: Columns) -> Iterator[Any]:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        header, rows = _table_rows(fh, delimiter)
        if not header:
            return
        key = _Records.pick(header, columns.date, DATE_FIELDS)
        if key is None:
            return
        k = header.index(key)
        for _, row in rows:
            if k < len(row):
                yield row[k]


def _read_table(path: Path, source: str, limit: int, report: Report, columns: Columns) -> Iterator[Document]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    fh = _open_table(path, source, report)
    if fh is None:
        return
    found = False
    problems = 0

    def row_problem(problem: Problem) -> None:
        nonlocal problems
        if problem.skipped:
            problems += 1
        report(problem)

    with fh:
        try:
            header, rows = _table_rows(fh, delimiter)
        except csv.Error as exc:
            report(Problem(source, f"not a readable {'TSV' if delimiter == chr(9) else 'CSV'} file ({exc})"))
            return
        if not header or not any(h.strip() for h in header):
            report(Problem(source, "no header row: the first line must name the columns (text, id, date, title, ...)"))
            return
        header = [h.strip() for h in header]
        records = _Records(source, columns, row_problem, scan=lambda: _table_dates(path, delimiter, columns))
        keys = records.keys(header)
        for name in ("text", "id", "date", "title"):
            given = getattr(columns, name)
            if given is not None and keys[name] is None:
                report(Problem(source, f"no column {given!r} (--{name}-column); the columns are: {', '.join(header)[:300]}"))
                return
        if keys["text"] is None:
            report(Problem(source, f"no text column (text, content, body, article...); the columns are: {', '.join(header)[:300]}; name it with --text-column"))
            return
        try:
            for line, row in rows:
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    row_problem(Problem(source, f"{len(row)} cells where the header has {len(header)}: the row was skipped (a quote left open?)", line=line))
                    continue
                record = dict(zip(header, row))
                for doc in _record_documents(record, records, source, line, limit, f"{source}:{line}"):
                    found = True
                    yield doc
        except csv.Error as exc:
            report(Problem(source, f"the file stops being valid {'TSV' if delimiter == chr(9) else 'CSV'} ({exc}); the rows before were read"))
            return
    if not found and not problems:
        report(Problem(source, "no rows with text in this file"))


# -- HTML ------------------------------------------------------------------------------------------------

# trafilatura's date search: the page's own publication date markup (meta tags, JSON-LD,
# <time>, the URL); no guessing from any year in the page ("Copyright 2009" is no date)
_HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _read_html(path: Path, source: str, limit: int, report: Report) -> Iterator[Document]:
    try:
        import trafilatura
    except ImportError:
        report(Problem(source, HTML_HINT))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        report(Problem(source, f"cannot read the file ({exc.strerror or exc}): check its permissions"))
        return
    if b"\x00" in data[:_SNIFF] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        report(Problem(source, "binary file (it holds NUL bytes): not an HTML page"))
        return
    try:
        page = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True, date_extraction_params=_HTML_DATE_PARAMS
        )
    except Exception as exc:  # the library's own failures on broken markup
        report(Problem(source, f"cannot extract the page's text ({type(exc).__name__}: {exc})"))
        return
    body = getattr(page, "text", None) if page is not None else None
    if not body or not body.strip():
        report(Problem(source, "no main text found in the page (an index page or an empty article?)"))
        return
    # one paragraph a block, as in a plain text file
    text = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    meta: Meta = {}
    for name, attr in (("title", "title"), ("url", "url"), ("source", "sitename"), ("author", "author")):
        value = getattr(page, attr, None)
        if isinstance(value, str) and value.strip():
            meta[name] = " ".join(value.split())
    reading = read_date(page.date) if getattr(page, "date", None) else DateReading()
    when, warning = choose_date(reading, find_dateline(text))
    if warning:
        report(Problem(source, f"date: {warning}", skipped=False))
    if when:
        meta["date"] = when
    yield from _documents_from_text(path.as_posix(), text, source, limit, meta or None)


# -- inputs -----------------------------------------------------------------------------------------------


def _read_path(path: Path, source: str, limit: int, report: Report, columns: Columns) -> Iterator[Document]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, source, limit, report, columns)
    elif suffix in (".csv", ".tsv"):
        yield from _read_table(path, source, limit, report, columns)
    elif suffix in (".html", ".htm"):
        yield from _read_html(path, source, limit, report)
    else:
        yield from _stream_file(path, source, path.as_posix(), limit, report)


def _directory_files(path: Path, glob: str | None) -> list[Path]:
    """The files a directory yields: those with a suffix kg reads, or those matching ``glob``
    (matched against the path below the directory, or the file name)."""
    if glob is None:
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in DIRECTORY_SUFFIXES and p.is_file())
    patterns = [glob] + ([glob[3:]] if glob.startswith("**/") else [])
    out = []
    for p in path.rglob("*"):
        rel = p.relative_to(path).as_posix()
        if any(PurePosixPath(rel).match(g) or fnmatch.fnmatchcase(rel, g) for g in patterns) and p.is_file():
            out.append(p)
    return sorted(out)


def _expand(item: InputLike, stdin: IO[str] | None, limit: int, report: Report, columns: Columns, glob: str | None) -> Iterator[Document]:
    if isinstance(item, Mapping):
        records = _Records("<dict>", columns, report, python=True)
        fallback = text_id(str(item.get("text", "")))
        for doc in _record_documents(item, records, "<dict>", None, limit, fallback):
            yield doc
        return
    if isinstance(item, tuple):
        if len(item) != 2 or not isinstance(item[1], str):
            raise InputError(f"an input pair must be (doc_id, text) with a string text, got {item!r:.80}")
        doc_id, text = str(item[0]), item[1]
        if not text.strip():
            report(Problem(doc_id, "empty text"))
            return
        yield from _documents_from_text(doc_id, text, doc_id, limit, _text_meta(text))
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
        yield from _documents_from_text(text_id(item), item, "<string>", limit, _text_meta(item))
        return
    if not isinstance(item, (str, os.PathLike)):
        raise InputError(f"cannot read an input of type {type(item).__name__}: pass text, a path, a (doc_id, text) pair or a dict with a \"text\"")
    path = Path(item)
    source = path.as_posix()
    if not path.exists():
        report(Problem(source, "no such file or directory: check the path"))
        return
    # a file's id is its absolute path, so the same file read again from another directory
    # (kg build --into) is recognised and replaced, not counted twice
    path = path.resolve()
    if path.is_dir():
        files = _directory_files(path, glob)
        if not files:
            if glob is not None:
                report(Problem(source, f"no file in the directory matches --glob {glob!r}"))
            else:
                report(Problem(source, "directory holds no .txt files, nor .md, .jsonl, .csv, .tsv, .html or .htm (kg reads these in it and its subdirectories)"))
            return
        for file in files:
            yield from _read_path(file, file.as_posix(), limit, report, columns)
        return
    yield from _read_path(path, source, limit, report, columns)


_PATH_SUFFIXES = (".txt", ".jsonl", ".json", ".text", ".md", ".csv", ".tsv", ".html", ".htm")


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
    columns: Columns | None = None,
    glob: str | None = None,
) -> Iterator[Document]:
    """Yield the documents of ``inputs`` lazily, one chunk at a time, with their metadata.

    Args:
        inputs: One input or an iterable of them. A ``str`` is text, unless it is a single line
            naming an existing file or directory; ``"-"`` is standard input; a path
            (``os.PathLike``) is a file or a directory; a ``(doc_id, text)`` pair is a text
            with its id; a dict is a record like a JSONL line (``text``, ``id``, ``date``,
            ``title``, ...). Files by suffix: ``.jsonl`` (one ``{"id": ..., "text": ...,
            "date": ..., "title": ...}`` object a line), ``.csv`` and ``.tsv`` (a header row,
            one document a row), ``.html``/``.htm`` (the page's main text, title and date,
            through trafilatura: the ``html`` extra), anything else plain text (``.txt``,
            ``.md``). A directory yields its files of those suffixes, recursively.
        on_problem: Called with each :class:`Problem`. When None, the first input that has to
            be skipped raises :class:`~kg.errors.InputError`; warnings are ignored.
        stdin: Stream to read for ``"-"`` (default ``sys.stdin``).
        chunk_chars: Longest chunk handed to the parser.
        columns: Which columns (CSV, TSV) or fields (JSONL, dicts) hold the text, id, date and
            title; the usual names by default (see :class:`Columns`).
        glob: In directories, read only the files whose path below the directory (or name)
            matches this pattern ("*.jsonl", "2009/*.html"); files of other suffixes that
            match are read as plain text.

    Yields:
        :class:`Document` chunks, in input order.

    Example:
        >>> [d.id for d in iter_documents([("a1", "Ann met Bob.")])]
        ['a1']
        >>> next(iter_documents([{"id": "a2", "text": "Ann met Bob.", "date": "Feb 3, 2009"}])).meta
        {'date': '2009-02-03'}
    """

    def report(problem: Problem) -> None:
        if on_problem is not None:
            on_problem(problem)
        elif problem.skipped:
            raise InputError(str(problem))

    cols = columns if columns is not None else Columns()
    if isinstance(inputs, (str, os.PathLike, tuple, Mapping)):
        inputs = [inputs]  # type: ignore[list-item]
    for item in inputs:  # type: ignore[union-attr]
        yield from _expand(item, stdin, chunk_chars, report, cols, glob)


def read_text(stream: io.TextIOBase) -> str:  # pragma: no cover - tiny helper for notebooks
    return stream.read()
