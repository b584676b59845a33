"""The corpus store: a knowledge graph in one SQLite file that grows a few documents at a time.

A :class:`Store` keeps what kg read from each document (its triples, entities, mentions and
quotes, with the names as analysed in that document) and the corpus view derived from them:
entities merged across documents, every document-level name mapped to its canonical name,
triples renamed, and edges counted per (subject, relation label, object). Every query is
answered by SQL on indexed tables, so opening a store of 100,000 documents reads nothing but
its header, and a query reads only the rows it returns.

Writing is incremental. A batch of documents is one transaction: its rows are added (a
changed document's old rows are deleted first), then only the entity names connected to the
batch's names through :func:`kg.resolve.merge.merge_keys` are merged again, and only the triples
whose names that changes are renamed. The result equals a batch build of the same documents.
One writer at a time holds an exclusive lock on the side file ``STORE-lock``; readers open the
file read-only and see every committed batch while a build runs.

The schema is documented in docs/store.md and readable with any SQLite tool.

Example:
    >>> store = kg.open("news.kgdb")  # doctest: +SKIP
    >>> store.query(subject="mattis", relation="meet")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import heapq
import json
import os
import sqlite3
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import GraphFormatError, KgError
from kg.graph.query import (
    NameAnswers,
    NodeInfo,
    TripleFilter,
    check_walk,
    date_bounds,
    date_range,
    index_keys,
    interaction_classes,
    interaction_graph,
    match_names,
    pagerank,
    plain_entity,
    relation_filter,
    relation_graph,
    stats_record,
    suggest_names,
    title_keys,
    walk,
)
from kg.model import AFFILIATION, Argument, Entity, Evidence, Mention, Quote, Triple
from kg.resolve.merge import (
    EntitySummary,
    NameTally,
    corpus_triple,
    merge_keys,
    merge_summaries,
    person_surname,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from spacy.language import Language

    from kg.analysis import DocResult
    from kg.corpus.inputs import Document, Problem
    from kg.graph.graph import DocumentInfo, KnowledgeGraph, Timeline, _Doc
    from kg.lexicon import Lexicon
    from kg.render.page import RenderReport

__all__ = [
    "Store",
    "SearchHit",
    "Neighborhood",
    "WriteReport",
    "open",
    "open_store",
    "is_store_path",
    "is_sqlite_file",
    "STORE_FORMAT",
    "STORE_VERSION",
    "STORE_SUFFIXES",
]

#: The ``format`` row of a store's ``kg_meta`` table.
STORE_FORMAT = "kg-store"
#: The store schema version this kg reads and writes (also ``PRAGMA user_version``).
STORE_VERSION = 1
#: File suffixes that make ``kg build --into PATH`` write a store rather than a JSON graph.
STORE_SUFFIXES = (".kgdb", ".sqlite", ".sqlite3", ".db")
#: ``PRAGMA application_id`` of a kg store ("kgST").
APPLICATION_ID = 0x6B675354

_SQLITE_HEADER = b"SQLite format 3\x00"
_BATCH_DOCS = 500
_BATCH_SECONDS = 10.0
_ORDER = 10_000_000_000  # doc * _ORDER + id orders triples as the corpus does (document, then position)

# Triple fields with a column of their own; any other field (one added to Triple later) is kept
# in the JSON column ``more``, so that a Triple read back always equals the Triple written.
_COLUMN_FIELDS = frozenset(
    {
        "subject", "relation", "object", "subject_text", "relation_text", "object_text", "subject_type",
        "object_type", "evidence", "negated", "modality", "confidence", "conditional", "attributed_to", "extras",
        "interaction", "intensity", "pattern", "object_is_clause", "date", "date_source",
    }
)
_MORE_FIELDS = tuple(f.name for f in fields(Triple) if f.name not in _COLUMN_FIELDS)

_SCHEMA = """
CREATE TABLE kg_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    hash TEXT,
    words INTEGER NOT NULL DEFAULT 0,
    date TEXT,
    meta TEXT,
    added TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date) WHERE date IS NOT NULL;

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX sentences_doc ON sentences(doc);

CREATE TABLE triples (
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    subject TEXT NOT NULL,
    relation TEXT NOT NULL,
    object TEXT NOT NULL,
    negated INTEGER NOT NULL,
    subject_type TEXT,
    object_type TEXT,
    attributed_to TEXT,
    edge INTEGER,
    doc_subject TEXT,
    doc_object TEXT,
    doc_subject_type TEXT,
    doc_object_type TEXT,
    doc_attributed_to TEXT,
    subject_text TEXT NOT NULL,
    relation_text TEXT NOT NULL,
    object_text TEXT NOT NULL,
    modality TEXT,
    confidence REAL NOT NULL,
    conditional INTEGER NOT NULL,
    extras TEXT,
    interaction TEXT,
    intensity REAL,
    pattern TEXT NOT NULL,
    object_is_clause INTEGER NOT NULL,
    date TEXT,
    date_source TEXT,
    date_lo INTEGER,
    date_hi INTEGER,
    more TEXT
);
CREATE INDEX triples_subject ON triples(subject, doc);
CREATE INDEX triples_object ON triples(object, doc);
CREATE INDEX triples_relation ON triples(relation COLLATE NOCASE);
CREATE INDEX triples_doc ON triples(doc);
CREATE INDEX triples_edge ON triples(edge) WHERE edge IS NOT NULL;
CREATE INDEX triples_date ON triples(date_lo, date_hi) WHERE date_lo IS NOT NULL;
CREATE INDEX triples_doc_subject ON triples(doc_subject) WHERE doc_subject IS NOT NULL;
CREATE INDEX triples_doc_object ON triples(doc_object) WHERE doc_object IS NOT NULL;
CREATE INDEX triples_doc_attributed ON triples(doc_attributed_to) WHERE doc_attributed_to IS NOT NULL;

CREATE TABLE doc_entities (
    doc INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT,
    aliases TEXT NOT NULL,
    titles TEXT NOT NULL,
    affiliation TEXT,
    mentions INTEGER NOT NULL,
    the_mention INTEGER NOT NULL,
    genders TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (doc, seq)
) WITHOUT ROWID;
CREATE INDEX doc_entities_name ON doc_entities(name, doc, seq);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL,
    entity INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence INTEGER NOT NULL
);
CREATE INDEX mentions_entity ON mentions(doc, entity);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    doc_speaker TEXT NOT NULL,
    cue TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX quotes_doc_speaker ON quotes(doc_speaker);
CREATE INDEX quotes_doc ON quotes(doc);

CREATE TABLE names (
    name TEXT PRIMARY KEY,
    canonical TEXT NOT NULL,
    first_doc INTEGER NOT NULL,
    first_seq INTEGER NOT NULL,
    tally TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX names_canonical ON names(canonical);

CREATE TABLE name_keys (
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (key, name)
) WITHOUT ROWID;

CREATE TABLE entities (
    name TEXT PRIMARY KEY,
    type TEXT,
    aliases TEXT NOT NULL,
    titles TEXT NOT NULL,
    affiliation TEXT,
    mentions INTEGER NOT NULL,
    the_mention INTEGER NOT NULL,
    surname TEXT,
    notes TEXT NOT NULL DEFAULT '[]'
) WITHOUT ROWID;
CREATE INDEX entities_surname ON entities(surname) WHERE surname IS NOT NULL;

CREATE TABLE edges (
    subject TEXT NOT NULL,
    object TEXT NOT NULL,
    label TEXT NOT NULL,
    id INTEGER NOT NULL,
    relation TEXT NOT NULL,
    negated INTEGER NOT NULL,
    count INTEGER NOT NULL,
    confidence REAL NOT NULL,
    interaction TEXT,
    intensity REAL,
    kind TEXT NOT NULL,
    PRIMARY KEY (subject, object, label)
) WITHOUT ROWID;
CREATE UNIQUE INDEX edges_id ON edges(id);
CREATE INDEX edges_object ON edges(object, subject, count, kind);

CREATE TABLE lookup (
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (key, name, source)
) WITHOUT ROWID;

CREATE TABLE lookup_words (
    word TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (word, name, source)
) WITHOUT ROWID;

CREATE TABLE single_names (
    name TEXT PRIMARY KEY,
    key TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX single_names_key ON single_names(key);

CREATE TABLE title_keys (
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (key, name)
) WITHOUT ROWID;
"""

# Added to version 1 after its first release: a store written before has no title_keys table;
# a writer adds it (filled from the entities), a reader without it reads the entities' titles.
_TITLE_KEYS_TABLE = "CREATE TABLE title_keys (key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name)) WITHOUT ROWID"

# Columns of a triple in the order _triple() reads them: the corpus view, or the names as
# analysed in the document.
_CORPUS_COLUMNS = (
    "t.subject, t.relation, t.object, t.subject_text, t.relation_text, t.object_text, t.subject_type, "
    "t.object_type, t.negated, t.modality, t.confidence, t.conditional, t.attributed_to, t.extras, "
    "t.interaction, t.intensity, t.pattern, t.object_is_clause, t.date, t.date_source, t.more, "
    'd.doc_id, s.text, s.start, s."end"'
)
_DOC_COLUMNS = (  # (a document-level name is NULL where it equals the corpus name)
    "coalesce(t.doc_subject, t.subject), t.relation, coalesce(t.doc_object, t.object), t.subject_text, t.relation_text, "
    "t.object_text, t.doc_subject_type, t.doc_object_type, t.negated, t.modality, t.confidence, t.conditional, "
    "coalesce(t.doc_attributed_to, t.attributed_to), t.extras, t.interaction, t.intensity, t.pattern, t.object_is_clause, "
    't.date, t.date_source, t.more, d.doc_id, s.text, s.start, s."end"'
)
_FROM_TRIPLES = "FROM triples t JOIN documents d ON d.id = t.doc JOIN sentences s ON s.id = t.sentence"
_TRIPLE_INSERT = (
    "INSERT INTO triples (id, doc, sentence, subject, relation, object, negated, subject_type, object_type, "
    "attributed_to, edge, doc_subject, doc_object, doc_subject_type, doc_object_type, doc_attributed_to, "
    "subject_text, relation_text, object_text, modality, confidence, conditional, extras, interaction, "
    "intensity, pattern, object_is_clause, date, date_source, date_lo, date_hi, more) "
    "VALUES (" + ", ".join(["?"] * 32) + ")"
)


def is_store_path(path: str | os.PathLike[str]) -> bool:
    """Whether ``kg build --into PATH`` writes a store: an existing SQLite file, or a path
    ending in .kgdb, .sqlite, .sqlite3 or .db."""
    p = Path(path)
    return is_sqlite_file(p) or p.suffix.lower() in STORE_SUFFIXES


def is_sqlite_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file that begins like an SQLite database."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write did to a store.

    Attributes:
        added: Ids of documents new to the store.
        replaced: Ids of documents whose text changed (or came twice): the old rows are gone.
        unchanged: Ids of documents already in the store with the same content, left as they were.
        removed: Ids of documents removed.
    """

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __add__(self, other: WriteReport) -> WriteReport:
        return WriteReport(
            self.added + other.added,
            self.replaced + other.replaced,
            self.unchanged + other.unchanged,
            self.removed + other.removed,
        )


def _hasher(meta: Mapping[str, Any] | None) -> Any:
    """The start of a document's content hash (SHA-1 of its metadata, then its text)."""
    h = hashlib.sha1()
    if meta:
        h.update(json.dumps(dict(meta), sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    return h


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _lst(values: Iterable[Any]) -> str:
    """A list as a JSON parameter for ``IN (SELECT value FROM json_each(?))``."""
    return json.dumps(list(values), ensure_ascii=False)


_IN = "(SELECT value FROM json_each(?))"


class _WriteLock:
    """An exclusive lock on ``STORE-lock`` held by the one process writing the store.

    The operating system drops the lock when the process ends, however it ends, so a killed
    build never leaves a stale lock behind.
    """

    def __init__(self, path: Path) -> None:
        self.store = path
        self.file = path.with_name(path.name + "-lock")
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.file, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise KgError(f"cannot write the store {self.store}: cannot create its lock file {self.file} ({exc.strerror or exc})") from None
        try:
            _lock_file(fd)
        except BlockingIOError:
            try:
                pid = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            finally:
                os.close(fd)
            raise KgError(f"another kg build is writing to {self.store} (pid {pid}); wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)
                _unlock_file(self.fd)
            finally:
                os.close(self.fd)
                self.fd = None


def _lock_file(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            raise BlockingIOError from None
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_file(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


def _check_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database, or one cut short, before SQLite opens it."""
    try:
        with Path(path).open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise GraphFormatError(f"{path}: cannot read the store ({exc.strerror or exc})") from None
    if not header.startswith(_SQLITE_HEADER):
        hint = " (it looks like a JSON graph: read it with kg.load, or give --into a .json path)" if header.lstrip()[:1] == b"{" else ""
        raise GraphFormatError(
            f"{path} is not a kg store: it is not an SQLite database{hint}; give a new path ending in .kgdb to create a store"
        )
    if len(header) < 100:
        raise GraphFormatError(f"{path} is a damaged kg store: the file is cut short ({size} bytes); rebuild it with kg build --into")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is reliable only then
    if valid and pages and size < pages * page_size:
        raise GraphFormatError(
            f"{path} is a damaged kg store: the file is cut short ({size:,} bytes of {pages * page_size:,}); "
            "restore it from a copy, or rebuild it with kg build --into"
        )


def open(path: str | os.PathLike[str], *, write: bool = False) -> Store:  # noqa: A001 (kg.open)
    """Open a store: read-only, or for writing (created when missing).

    Args:
        path: The store file (``news.kgdb``).
        write: Open for writing: take the store's write lock (one writer at a time) and
            create the store when the file is missing.

    Raises:
        GraphFormatError: The file is missing (when reading), not a kg store, damaged, or
            written by a newer kg. Nothing in the file is changed.
        KgError: Another process is writing the store.

    Example:
        >>> with kg.open("news.kgdb", write=True) as store:  # doctest: +SKIP
        ...     store.update(["today/"], nlp=nlp)
        >>> kg.open("news.kgdb").neighbors("mattis")  # doctest: +SKIP
    """
    return Store(path, write=write)


#: Another name of :func:`open`, for code in which ``open`` is the builtin.
open_store = open


class Store(NameAnswers):
    """A knowledge graph kept in an SQLite file, with the query methods of
    :class:`~kg.graph.graph.KnowledgeGraph`.

    Open one with :func:`kg.open` (read-only) or ``kg.open(path, write=True)``; close it with
    :meth:`close` or use it as a context manager.
    """

    def __init__(self, path: str | os.PathLike[str], *, write: bool = False) -> None:
        self.file = Path(path)
        self.where = f"the store {self.file}"
        self.writable = write
        self._lock: _WriteLock | None = None
        self._depth = 0
        self._conn: sqlite3.Connection | None = None
        if write:
            if self.file.is_file() and self.file.stat().st_size > 0:
                # refuse a foreign, damaged or newer file before anything is made beside it
                self._open_reader().close()
            self._lock = _WriteLock(self.file)
            self._lock.acquire()
            try:
                self._conn = self._open_writer()
            except BaseException:
                self._lock.release()
                raise
        else:
            self._conn = self._open_reader()

    # -- opening ------------------------------------------------------------------------------------

    def _open_reader(self) -> sqlite3.Connection:
        if not self.file.exists():
            raise GraphFormatError(f"{self.file}: no such store; build one with `kg build INPUT --into {self.file}`")
        if self.file.is_dir():
            raise GraphFormatError(f"{self.file} is a directory, not a kg store")
        _check_file(self.file)
        uri = self.file.resolve().as_uri() + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise GraphFormatError(f"{self.file}: cannot open the store ({exc})") from None
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            self._check_meta(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_writer(self) -> sqlite3.Connection:
        p = self.file
        if p.is_dir():
            raise KgError(f"cannot write the store {p}: it is a directory; give a file name such as news.kgdb")
        new = not p.exists() or p.stat().st_size == 0
        if not new:
            _check_file(p)
        elif not p.parent.exists():
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise KgError(f"cannot write the store {p}: cannot create the directory {p.parent} ({exc.strerror or exc})") from None
        try:
            conn = sqlite3.connect(p, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise KgError(f"cannot open the store {p} for writing ({exc})") from None
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            if new and not self._has_tables(conn):
                self._create(conn)
            else:
                self._check_meta(conn)  # before anything is written
                if not self._has_table(conn, "title_keys"):
                    self._add_title_keys(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA temp_store = MEMORY")
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _has_tables(conn: sqlite3.Connection) -> bool:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    @staticmethod
    def _has_table(conn: sqlite3.Connection, name: str) -> bool:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()[0] > 0

    @staticmethod
    def _add_title_keys(conn: sqlite3.Connection) -> None:
        """Give a store written before the title lookup its ``title_keys`` table."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_TITLE_KEYS_TABLE)
            rows = conn.execute("SELECT name, titles FROM entities WHERE titles != '[]'").fetchall()
            conn.executemany("INSERT OR IGNORE INTO title_keys (key, name) VALUES (?, ?)", _title_rows(rows))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _create(self, conn: sqlite3.Connection) -> None:
        from kg import __version__

        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
            conn.executemany(
                "INSERT INTO kg_meta (key, value) VALUES (?, ?)",
                [("format", STORE_FORMAT), ("version", str(STORE_VERSION)), ("kg_version", __version__), ("created", now)],
            )
            conn.execute(f"PRAGMA user_version = {STORE_VERSION}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _check_meta(self, conn: sqlite3.Connection) -> None:
        p = self.file
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            has_meta = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'kg_meta'").fetchone()[0]
            meta = dict(conn.execute("SELECT key, value FROM kg_meta").fetchall()) if has_meta else {}
        except sqlite3.DatabaseError as exc:
            raise GraphFormatError(f"{p} is a damaged kg store ({exc}); restore it from a copy, or rebuild it with kg build --into") from None
        if app != APPLICATION_ID or meta.get("format") != STORE_FORMAT:
            raise GraphFormatError(
                f"{p} is an SQLite database but not a kg store (no kg-store format mark); kg leaves it unchanged: "
                "give kg build --into a new file name, such as news.kgdb"
            )
        if version > STORE_VERSION:
            raise GraphFormatError(
                f"{p} is a kg store of version {version}, written by a newer kg ({meta.get('kg_version', 'unknown')}); "
                f"this kg reads version {STORE_VERSION}: upgrade kg (pip install -U kg-newsgraph)"
            )
        if version < STORE_VERSION:
            raise GraphFormatError(f"{p} is a kg store of version {version}, which this kg no longer reads; rebuild it with kg build --into")

    # -- life cycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the store (and release the write lock)."""
        if self._conn is not None:
            try:
                if self.writable:
                    try:
                        self._conn.execute("PRAGMA optimize")
                    except sqlite3.Error:
                        pass
                self._conn.close()
            finally:
                self._conn = None
                if self._lock is not None:
                    self._lock.release()
                    self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - a forgotten close
        try:
            self.close()
        except Exception:
            pass

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise KgError(f"the store {self.file} is closed; open it again with kg.open({str(self.file)!r})")
        return self._conn

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """Run several reads on one consistent state of the store, whatever a writer commits
        meanwhile."""
        conn = self._db
        if self._depth or conn.in_transaction:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        conn.execute("BEGIN")
        self._depth += 1
        try:
            yield conn
        finally:
            self._depth -= 1
            if conn.in_transaction:
                conn.execute("COMMIT")

    def _require_write(self) -> sqlite3.Connection:
        if not self.writable:
            raise KgError(f"the store {self.file} is open read-only; open it with kg.open({str(self.file)!r}, write=True) to change it")
        return self._db

    # -- writing ------------------------------------------------------------------------------------

    def stored_hash(self, doc_id: str) -> str | None:
        """The content hash the store holds for a document, or None."""
        row = self._db.execute("SELECT hash FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def skip_unchanged(
        self, documents: Iterable[Document], hashes: dict[str, deque[str]], skipped: list[str] | None = None
    ) -> Iterator[Document]:
        """The documents that need parsing: a document already in the store with the same
        content hash is left out before it reaches the parser.

        A long document that comes in several chunks is known only at its last chunk: its
        chunks are passed on (and parsed), and :meth:`add_results` finds it unchanged then.

        Args:
            documents: Document chunks in input order (:func:`kg.corpus.inputs.iter_documents`).
            hashes: Filled with each passed document's content hash, for :meth:`add_results`.
            skipped: Filled with the ids of the documents left out.
        """
        running: dict[str, Any] = {}
        for d in documents:
            if d.part == 0 or d.id not in running:
                running[d.id] = _hasher(d.meta)
            running[d.id].update(d.text.encode("utf-8", "surrogatepass"))
            if d.last:
                digest = running.pop(d.id).hexdigest()
                if d.part == 0 and self.stored_hash(d.id) == digest:
                    if skipped is not None:
                        skipped.append(d.id)
                    continue
                hashes.setdefault(d.id, deque()).append(digest)
            yield d

    def update(
        self,
        inputs: Any,
        nlp: Language | None = None,
        *,
        n_process: int = 1,
        lexicon: Lexicon | None = None,
        on_problem: Callable[[Problem], None] | None = None,
    ) -> WriteReport:
        """Read more documents into the store: new ones are added, changed ones replaced,
        unchanged ones skipped without parsing.

        Args:
            inputs: Texts, files, directories or (doc_id, text) pairs (see :func:`kg.build`).
            nlp: A pipeline from :func:`kg.load_pipeline`; loaded here when None.
            n_process: Worker processes (each parses and extracts); -1 for every core.
            lexicon: Word lists; the shipped ones by default.
            on_problem: Called with each input that cannot be read; when None the first one
                raises :class:`~kg.errors.InputError`.

        Returns:
            What was added, replaced and left unchanged.
        """
        from kg.corpus.engine import analyze_documents
        from kg.corpus.inputs import iter_documents
        from kg.pipeline import load_pipeline

        self._require_write()
        if nlp is None:
            nlp = load_pipeline()
        hashes: dict[str, deque[str]] = {}
        skipped: list[str] = []
        docs = self.skip_unchanged(iter_documents(inputs, on_problem=on_problem), hashes, skipped)
        report = self.add_results(analyze_documents(docs, nlp, lexicon=lexicon, n_process=n_process), hashes=hashes)
        return report + WriteReport(unchanged=tuple(skipped))

    def add_results(
        self,
        results: Iterable[DocResult],
        *,
        hashes: Mapping[str, deque[str]] | None = None,
        batch_docs: int = _BATCH_DOCS,
        batch_seconds: float = _BATCH_SECONDS,
    ) -> WriteReport:
        """Write per-document results in batches, each one transaction: ``batch_docs``
        documents, or fewer when results come slowly (as fast as a parser reads them), every
        ``batch_seconds`` seconds.

        Chunks of one document must come in order, ending with ``last=True``. A document
        already in the store is replaced, unless its content hash (from ``hashes``, filled by
        :meth:`skip_unchanged`) equals the stored one. A run stopped at any point leaves every
        committed batch in place and nothing of the others.

        Returns:
            What was added, replaced and left unchanged.
        """
        from kg.graph.graph import _documents

        self._require_write()
        report = WriteReport()
        batch: list[tuple[_Doc, str | None]] = []
        started = time.monotonic()
        for doc in _documents(results):
            queue = hashes.get(doc.id) if hashes is not None else None
            batch.append((doc, queue.popleft() if queue else None))
            if len(batch) >= batch_docs or time.monotonic() - started >= batch_seconds:
                report = report + self._write(batch, ())
                batch = []
                started = time.monotonic()
        if batch:
            report = report + self._write(batch, ())
        return report

    def remove(self, doc_ids: Iterable[str]) -> list[str]:
        """Delete documents (and everything read from them) in one transaction.

        Returns:
            The ids that were in the store.
        """
        self._require_write()
        return list(self._write((), list(doc_ids)).removed)

    def _write(self, docs: Sequence[tuple[_Doc, str | None]], remove: Sequence[str]) -> WriteReport:
        conn = self._db
        conn.execute("BEGIN IMMEDIATE")
        try:
            report = _Batch(conn).run(docs, remove)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return report

    # -- documents ----------------------------------------------------------------------------------

    @property
    def documents(self) -> list[str]:
        """Ids of the documents in the store, in the order they were first added."""
        return [r[0] for r in self._db.execute("SELECT doc_id FROM documents ORDER BY id")]

    def document(self, doc_id: str) -> DocumentInfo:
        """A document's metadata (date, title, url, source...), size, triple count, and the
        hash and time the store took it in (as :meth:`kg.graph.graph.KnowledgeGraph.document`).

        Raises:
            KgError: The store has no document with this id.
        """
        from kg.graph.graph import DocumentInfo

        with self._snapshot() as db:
            row = db.execute("SELECT id, doc_id, hash, words, date, meta, added FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KgError(f"no document {doc_id!r} in {self.where}; kg remove and kg query --doc take the ids kg stats and kg query print")
            n = db.execute("SELECT count(*) FROM triples WHERE doc = ?", (row[0],)).fetchone()[0]
        return DocumentInfo(row[1], json.loads(row[5]) if row[5] else {}, row[3], n, row[2], row[6])

    def results(self, doc_id: str) -> DocResult:
        """What was read from one document, with its names as analysed there (as written by
        :meth:`add_results`).

        Raises:
            KgError: No such document.
        """
        from kg.analysis import DocResult

        with self._snapshot() as db:
            row = db.execute("SELECT id, words, meta FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KgError(f"no document {doc_id!r} in the store {self.file}")
            key, words, meta = row
            triples = self._triples(f"SELECT {_DOC_COLUMNS} {_FROM_TRIPLES} WHERE t.doc = ? ORDER BY t.id", (key,))
            entities = self._doc_entities(key, doc_id)
            quotes = tuple(
                Quote(speaker, cue, text, Evidence(doc_id, evidence, start, end))
                for speaker, cue, text, start, end, evidence in db.execute(
                    'SELECT doc_speaker, cue, text, start, "end", evidence FROM quotes WHERE doc = ? ORDER BY id', (key,)
                )
            )
        return DocResult(doc_id, tuple(triples), entities, quotes, words, 0, True, json.loads(meta) if meta else None)

    def _doc_entities(self, key: int, doc_id: str) -> tuple[Entity, ...]:
        db = self._db
        mentions: dict[int, list[Mention]] = defaultdict(list)
        evidence: dict[tuple[int, int], Evidence] = {}
        for entity, text, start, end, s_text, s_start, s_end in db.execute(
            'SELECT m.entity, m.text, m.start, m."end", s.text, s.start, s."end" FROM mentions m '
            "JOIN sentences s ON s.id = m.sentence WHERE m.doc = ? ORDER BY m.id",
            (key,),
        ):
            ev = evidence.get((s_start, s_end))
            if ev is None:
                ev = evidence[(s_start, s_end)] = Evidence(doc_id, s_text, s_start, s_end)
            mentions[entity].append(Mention(text, start, end, ev))
        out = []
        for seq, name, typ, aliases, titles, affiliation in db.execute(
            "SELECT seq, name, type, aliases, titles, affiliation FROM doc_entities WHERE doc = ? ORDER BY seq", (key,)
        ):
            out.append(Entity(name, typ, _aliases(aliases), tuple(json.loads(titles)), affiliation, tuple(mentions.get(seq, ()))))
        return tuple(out)

    def to_graph(self) -> KnowledgeGraph:
        """The whole store as an in-memory :class:`~kg.graph.graph.KnowledgeGraph` (reads every
        document: for a store of a size that fits in memory)."""
        from kg.graph.graph import KnowledgeGraph

        with self._snapshot():
            return KnowledgeGraph(self.results(d) for d in self.documents)

    # -- reading triples ------------------------------------------------------------------------------

    def _triples(self, sql: str, params: Sequence[Any] = ()) -> list[Triple]:
        out = []
        evidence: dict[tuple[str, int, int], Evidence] = {}
        for row in self._db.execute(sql, params):
            key = (row[21], row[23], row[24])
            ev = evidence.get(key)
            if ev is None:
                ev = evidence[key] = Evidence(row[21], row[22], row[23], row[24])
            out.append(_triple(row, ev))
        return out

    def query(
        self,
        subject: str | None = None,
        relation: str | None = None,
        object: str | None = None,
        *,
        entity_type: str | None = None,
        interaction: str | None = None,
        min_count: int | None = None,
        doc_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> list[Triple]:
        """Triples matching every given condition, each with its evidence, in document order
        (as :meth:`kg.graph.graph.KnowledgeGraph.query`).

        Args:
            subject: Subject name; matched through aliases and without regard to case.
            relation: Normalised relation ("meet", "fly into"), any case; "not meet" for the
                negated ones.
            object: Object name, matched like ``subject``.
            entity_type: Subject or object has this entity type (PERSON, GPE, ...).
            interaction: Interaction class ("verbal conflict", ...) or "cooperation"/"conflict".
            min_count: Only relations stated at least this often (same subject, relation, object).
            doc_id: Only triples from this document.
            since: Only triples dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD): a
                triple is kept when its date overlaps the range; undated ones are left out.
            until: Only triples dated on or before this day.
            limit: At most this many triples.
        """
        f = TripleFilter(subject, relation, object, entity_type, interaction, min_count, doc_id, since, until)
        with self._snapshot():
            join, join_params, where, params, rel = self._conditions(f)
            params = join_params + params
            sql = f"SELECT {_CORPUS_COLUMNS} {_FROM_TRIPLES}{join}"
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += " ORDER BY t.doc, t.id"
            if limit is not None and rel is None:
                sql += " LIMIT ?"
                params.append(limit)
            out = self._triples(sql, params)
        if rel is not None:  # (SQLite folds the case of ASCII letters only)
            out = [t for t in out if t.relation.lower() == rel]
            if limit is not None:
                out = out[:limit]
        return out

    def _conditions(self, f: TripleFilter) -> tuple[str, list[Any], list[str], list[Any], str | None]:
        """SQL for the triples (``t``) that ``f`` selects: a join and its parameters, WHERE
        conditions and theirs, and the relation to check again in Python (SQLite folds the case
        of ASCII letters only), or None.

        Raises:
            KgError: An unknown interaction class, or a bound that is not a date.
        """
        where: list[str] = []
        params: list[Any] = []
        join = ""
        for column, name in (("subject", f.subject), ("object", f.object)):
            if name is not None:
                names = self._match_names(name)
                if len(names) == 1:  # (= reads the index in document order, and stops at the limit)
                    where.append(f"t.{column} = ?")
                    params.append(next(iter(names)))
                else:
                    where.append(f"t.{column} IN {_IN}")
                    params.append(_lst(names))
        rel = None
        if f.relation is not None:
            rel, negated = relation_filter(f.relation)
            where.append("t.relation = ? COLLATE NOCASE")
            params.append(rel)
            if negated:
                where.append("t.negated = 1")
        if f.doc_id is not None:
            where.append("t.doc = (SELECT id FROM documents WHERE doc_id = ?)")
            params.append(f.doc_id)
        if f.entity_type is not None:
            where.append("(t.subject_type = ? OR t.object_type = ?)")
            params += [f.entity_type.upper()] * 2
        if f.interaction is not None:
            where.append(f"t.interaction IN {_IN}")
            params.append(_lst(interaction_classes(f.interaction)))
        join_params: list[Any] = []
        if f.min_count is not None and f.min_count > 1:
            join = " JOIN edges e ON e.id = t.edge AND e.count >= ?"
            join_params.append(f.min_count)
        days = _days(f.since, f.until)
        if days is not None:
            where.append("t.date_hi >= ? AND t.date_lo <= ?")
            params += list(days)
        return join, join_params, where, params, rel

    def quotes(self, speaker: str | None = None) -> list[Quote]:
        """Direct quotations, optionally of one speaker (matched through aliases, any case)."""
        sql = 'SELECT q.speaker, q.cue, q.text, d.doc_id, q.evidence, q.start, q."end" FROM quotes q JOIN documents d ON d.id = q.doc'
        params: list[Any] = []
        with self._snapshot() as db:
            if speaker is not None:
                sql += f" WHERE q.speaker IN {_IN}"
                params.append(_lst(self._match_names(speaker)))
            sql += " ORDER BY q.doc, q.id"
            return [Quote(s, cue, text, Evidence(doc, ev, start, end)) for s, cue, text, doc, ev, start, end in db.execute(sql, params)]

    def timeline(
        self,
        by: str = "month",
        *,
        entity: str | None = None,
        since: str | datetime.date | None = None,
        until: str | datetime.date | None = None,
    ) -> Timeline:
        """Interactions between actors over time, counted by class in each period (as
        :meth:`kg.graph.graph.KnowledgeGraph.timeline`).

        Raises:
            EntityNotFound: ``entity`` matches nothing.
            KgError: ``by`` is not a period, or a bound is not a date.
        """
        from kg.graph.graph import timeline_of

        names = {self.resolve_name(entity)} if entity is not None else None
        sql = "SELECT subject, object, interaction, date FROM triples WHERE interaction IS NOT NULL AND NOT object_is_clause"
        params: list[Any] = []
        if names is not None:
            sql += f" AND (subject IN {_IN} OR object IN {_IN})"
            params += [_lst(names), _lst(names)]
        with self._snapshot() as db:
            return timeline_of(db.execute(sql, params), by, names=names, since=since, until=until)

    def relation_pairs(self) -> set[tuple[str, str]]:
        """Every (relation, relation as written) pair in the store (for "did you mean")."""
        return set(self._db.execute("SELECT DISTINCT relation, relation_text FROM triples").fetchall())

    # -- names --------------------------------------------------------------------------------------

    def _lookup(self, key: str) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT DISTINCT name FROM lookup WHERE key = ?", (key,))}

    def _words(self, word: str) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT DISTINCT name FROM lookup_words WHERE word = ?", (word,))}

    def _titles(self, key: str) -> set[str]:
        db = self._db
        if self._has_table(db, "title_keys"):
            return {r[0] for r in db.execute("SELECT name FROM title_keys WHERE key = ?", (key,))}
        # a store written before the title lookup, not written since: read the titles themselves
        rows = db.execute("SELECT name, titles FROM entities WHERE titles != '[]'").fetchall()
        return {name for k, name in _title_rows(rows) if k == key}

    def _match_names(self, name: str) -> set[str]:
        with self._snapshot():
            return match_names(name, self._lookup, self._words, self._titles)

    def _suggest(self, name: str) -> str:
        db = self._db
        key = " ".join(name.split()).lower()
        total = db.execute("SELECT count(*) FROM lookup").fetchone()[0]
        if total <= 50_000:
            keys = [r[0] for r in db.execute("SELECT DISTINCT key FROM lookup")]
        else:  # a big store: the keys that begin like the name
            prefix = key[:2]
            keys = [r[0] for r in db.execute("SELECT DISTINCT key FROM lookup WHERE key >= ? AND key < ? LIMIT 20000", (prefix, prefix + "\U0010ffff"))]
        return suggest_names(name, keys, self._lookup)

    # -- entities -----------------------------------------------------------------------------------

    def entity(self, name: str) -> Entity:
        """The entity called ``name`` (any alias, any case), with aliases, titles and every
        mention (in document order).

        Raises:
            EntityNotFound: No entity matches ``name``, or it is ambiguous.
        """
        with self._snapshot() as db:
            canonical = self.resolve_name(name)
            row = db.execute("SELECT type, aliases, titles, affiliation, notes FROM entities WHERE name = ?", (canonical,)).fetchone()
            if row is None:
                # a plain noun phrase node: its mentions are its triples' evidence
                triples = self._triples(
                    f"SELECT {_CORPUS_COLUMNS} {_FROM_TRIPLES} WHERE t.id IN "
                    "(SELECT id FROM triples WHERE subject = ? UNION SELECT id FROM triples WHERE object = ?) ORDER BY t.doc, t.id",
                    (canonical, canonical),
                )
                return plain_entity(canonical, triples)
            mentions = []
            evidence: dict[tuple[str, int, int], Evidence] = {}
            for text, start, end, doc_id, s_text, s_start, s_end in db.execute(
                'SELECT m.text, m.start, m."end", d.doc_id, s.text, s.start, s."end" FROM doc_entities e '
                "JOIN mentions m ON m.doc = e.doc AND m.entity = e.seq JOIN documents d ON d.id = m.doc "
                "JOIN sentences s ON s.id = m.sentence "
                "WHERE e.name IN (SELECT name FROM names WHERE canonical = ?) ORDER BY m.doc, m.id",
                (canonical,),
            ):
                ev = evidence.get((doc_id, s_start, s_end))
                if ev is None:
                    ev = evidence[(doc_id, s_start, s_end)] = Evidence(doc_id, s_text, s_start, s_end)
                mentions.append(Mention(text, start, end, ev))
            typ, aliases, titles, affiliation, notes = row
            return Entity(canonical, typ, _aliases(aliases), tuple(json.loads(titles)), affiliation, tuple(mentions), tuple(json.loads(notes)))

    # -- the graph ----------------------------------------------------------------------------------

    def _has_node(self, name: str) -> bool:
        db = self._db
        return (
            db.execute("SELECT 1 FROM edges WHERE subject = ? LIMIT 1", (name,)).fetchone() is not None
            or db.execute("SELECT 1 FROM edges WHERE object = ? LIMIT 1", (name,)).fetchone() is not None
        )

    def neighbors(self, name: str, depth: int = 1, direction: str = "both", *, affiliations: bool = True) -> list[str]:
        """Entities within ``depth`` relations of ``name`` (see
        :meth:`kg.graph.graph.KnowledgeGraph.neighbors`); ``affiliations=False`` leaves out
        membership edges ("member of")."""
        check_walk(direction, depth)
        with self._snapshot():
            start = self.resolve_name(name)
            if not self._has_node(start):
                return []
            return walk(start, depth, lambda frontier: self._nearest(frontier, direction, affiliations))

    def _nearest(
        self, frontier: list[str], direction: str = "both", affiliations: bool = True, where: TripleFilter | None = None, acts: bool = False
    ) -> list[str]:
        """The neighbours of the ``frontier`` names, most related first (by the number of
        triples with them, then by name), in the graph ``where`` selects; ``acts`` counts only
        interactions and memberships (what the interactions view draws)."""
        if not frontier:
            return []
        db = self._db
        one = len(frontier) == 1  # (= lets SQLite read the index in order)
        arg = frontier[0] if one else _lst(frontier)
        sides = [(c, o) for c, o, d in (("subject", "object", "out"), ("object", "subject", "in")) if direction in ("both", d)]
        parts, params = [], []
        if not where:
            kind = "" if affiliations else " AND kind != 'affiliation'"
            if acts:
                kind += " AND (interaction IS NOT NULL OR kind = 'affiliation')"
            for col, other in sides:
                parts.append(f"SELECT {other} AS name, count FROM edges WHERE {col} {'= ?' if one else 'IN ' + _IN}{kind}")
                params.append(arg)
        else:
            join, join_params, cond, cond_params, _ = self._conditions(where)
            cond = cond + ["t.object_is_clause = 0"] + ([] if affiliations else ["t.pattern != 'affiliation'"])
            if acts:
                cond.append("(t.interaction IS NOT NULL OR t.pattern = 'affiliation')")
            for col, other in sides:
                parts.append(
                    f"SELECT t.{other} AS name, count(*) AS count FROM triples t{join} WHERE t.{col} {'= ?' if one else 'IN ' + _IN} "
                    f"AND {' AND '.join(cond)} GROUP BY t.{other}"
                )
                params += [*join_params, arg, *cond_params]
        sql = f"SELECT name FROM ({' UNION ALL '.join(parts)}) GROUP BY name ORDER BY sum(count) DESC, name"
        return [r[0] for r in db.execute(sql, params)]

    def _adjacent(self, nodes: Iterable[str], kind: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        arg = (_lst(nodes),)
        for u, v in self._db.execute(f"SELECT subject, object FROM edges WHERE subject IN {_IN}{kind}", arg):
            out[u].add(v)
        for u, v in self._db.execute(f"SELECT object, subject FROM edges WHERE object IN {_IN}{kind}", arg):
            out[u].add(v)
        return out

    def path(self, source: str, target: str, *, affiliations: bool = True) -> list[Triple]:
        """The shortest chain of relations between two entities, one triple (with its
        evidence) per step, in either direction. Of several shortest chains, any one. A denied
        relation ("did not meet") is no step.

        Args:
            source: Any name or alias of the first entity.
            target: Any name or alias of the second.
            affiliations: Go through membership edges ("member of"); False leaves them out.

        Raises:
            EntityNotFound: A name matches no entity.
            KgError: The two entities are not connected.
        """
        # a denied relation ("did not meet") is no step
        kind = " AND negated = 0" + ("" if affiliations else " AND kind != 'affiliation'")
        with self._snapshot():
            a, b = self.resolve_name(source), self.resolve_name(target)
            for n in (a, b):
                if not self._has_node(n):
                    raise KgError(f"no path from {a!r} to {b!r}: {n!r} has no relations")
            nodes = self._bfs(a, b, kind)
            if nodes is None:
                raise KgError(f"no path from {a!r} to {b!r}: they are in unconnected parts of the graph")
            steps = []
            pattern = "" if affiliations else " AND t.pattern != 'affiliation'"
            for u, v in zip(nodes, nodes[1:]):
                for s, o in ((u, v), (v, u)):
                    found = self._triples(
                        f"SELECT {_CORPUS_COLUMNS} {_FROM_TRIPLES} WHERE t.edge IN (SELECT id FROM edges WHERE subject = ? AND object = ? AND negated = 0)"
                        f"{pattern} ORDER BY t.confidence DESC, t.doc, t.id LIMIT 1",
                        (s, o),
                    )
                    if found:
                        steps.append(found[0])
                        break
        return steps

    def _bfs(self, a: str, b: str, kind: str) -> list[str] | None:
        """A shortest path of nodes from ``a`` to ``b`` over undirected edges, searched from
        both ends (the smaller frontier first)."""
        if a == b:
            return [a]
        before: dict[str, str | None] = {a: None}
        after: dict[str, str | None] = {b: None}
        ahead, behind = [a], [b]
        while ahead and behind:
            forward = len(ahead) <= len(behind)
            frontier, parents, others = (ahead, before, after) if forward else (behind, after, before)
            adjacent = self._adjacent(frontier, kind)
            nxt = []
            meet = None
            for u in frontier:
                for v in sorted(adjacent.get(u, ())):
                    if v in parents:
                        continue
                    parents[v] = u
                    nxt.append(v)
                    if v in others:
                        meet = v
                        break
                if meet is not None:
                    break
            if meet is not None:
                left: list[str] = []
                n: str | None = meet
                while n is not None:
                    left.append(n)
                    n = before[n]
                right: list[str] = []
                n = after[meet]
                while n is not None:
                    right.append(n)
                    n = after[n]
                return left[::-1] + right
            if forward:
                ahead = nxt
            else:
                behind = nxt
        return None

    def top(self, n: int = 10, by: str = "degree") -> list[tuple[str, float]]:
        """The ``n`` most central entities by "degree", "pagerank" or "mentions"."""
        if by == "degree":
            with self._snapshot():
                return [(name, float(c)) for name, c in self._most_related(n)]
        if by == "mentions":
            with self._snapshot():
                scores = self._mention_scores()
            return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:n]
        if by == "pagerank":
            g = self._edge_graph()
            if g.number_of_nodes() == 0:
                return []
            return sorted(pagerank(g).items(), key=lambda x: (-x[1], x[0]))[:n]
        raise KgError(f"top(by=...) takes 'degree', 'pagerank' or 'mentions', not {by!r}")

    def _degrees(self, where: TripleFilter | None = None) -> Counter:
        """The number of edges (distinct relations) of every node, in the graph ``where`` selects."""
        db = self._db
        degree: Counter = Counter()
        if not where:
            # each side counted in the order of its index (no sort), then added up
            degree.update(dict(db.execute("SELECT subject, count(*) FROM edges GROUP BY subject").fetchall()))
            degree.update(dict(db.execute("SELECT object, count(*) FROM edges INDEXED BY edges_object GROUP BY object").fetchall()))
            return degree
        join, join_params, cond, cond_params, _ = self._conditions(where)
        sql = (
            # (+ keeps SQLite from reading every triple through the edge index to find the non-null ones)
            f"WITH chosen AS (SELECT DISTINCT t.edge AS id FROM triples t{join} WHERE {' AND '.join([*cond, '+t.edge IS NOT NULL'])}) "
            "SELECT e.subject, e.object FROM chosen c JOIN edges e INDEXED BY edges_id ON e.id = c.id"
        )
        for u, v in db.execute(sql, join_params + cond_params):
            degree[u] += 1
            degree[v] += 1
        return degree

    def _mention_scores(self) -> dict[str, float]:
        db = self._db
        scores: dict[str, float] = {}
        for name, c in db.execute(
            "SELECT name, count(*) FROM (SELECT subject AS name FROM triples WHERE object_is_clause = 0 "
            "UNION ALL SELECT object FROM triples WHERE object_is_clause = 0) GROUP BY name"
        ):
            scores[name] = float(c)
        for name, mentions, aliases in db.execute("SELECT name, mentions, aliases FROM entities"):
            if name in scores:
                scores[name] = float(mentions or sum(k for _, k in _aliases(aliases)))
        return scores

    def _edge_graph(self) -> nx.MultiDiGraph:
        import networkx as nx

        g = nx.MultiDiGraph()
        for s, o, label, count in self._db.execute("SELECT subject, object, label, count FROM edges INDEXED BY edges_id ORDER BY id"):
            g.add_edge(s, o, key=label, count=count)
        return g

    def stats(self) -> dict[str, Any]:
        """Counts: documents, triples, entities, nodes, edges, quotes, and the commonest
        relations and entity types (as :meth:`kg.graph.graph.KnowledgeGraph.stats`)."""
        with self._snapshot() as db:

            def one(sql: str) -> int:
                return db.execute(sql).fetchone()[0] or 0

            types = self._node_types(None)
            node_types: Counter = Counter(typ or "other" for typ in types.values())
            relations: Counter = Counter()
            for rel, c, _ in db.execute(
                f"SELECT relation, count(*) AS c, min(doc * {_ORDER} + id) AS f FROM triples WHERE object_is_clause = 0 "
                "GROUP BY relation ORDER BY f"
            ):
                relations[rel] = c
            interactions: Counter = Counter()
            for cls, c, _ in db.execute(
                f"SELECT interaction, count(*), min(doc * {_ORDER} + id) AS f FROM triples WHERE interaction IS NOT NULL AND interaction != '' "
                "GROUP BY interaction ORDER BY f"
            ):
                interactions[cls] = c
            sources: Counter = Counter(
                {src or "undated": c for src, c in db.execute("SELECT date_source, count(*) FROM triples GROUP BY date_source")}
            )
            # the earliest date (by first day, then last) and the one ending last (the first such)
            first = db.execute("SELECT date FROM triples WHERE date_lo IS NOT NULL ORDER BY date_lo, date_hi LIMIT 1").fetchone()
            last = db.execute(f"SELECT date FROM triples WHERE date_lo IS NOT NULL ORDER BY date_hi DESC, doc * {_ORDER} + id LIMIT 1").fetchone()
            return stats_record(
                documents=one("SELECT count(*) FROM documents"),
                words=one("SELECT sum(words) FROM documents"),
                triples=one("SELECT count(*) FROM triples"),
                entities=one("SELECT count(*) FROM entities"),
                nodes=len(types),
                edges=one("SELECT count(*) FROM edges"),
                quotes=one("SELECT count(*) FROM quotes"),
                node_types=node_types,
                relations=relations,
                interactions=interactions,
                date_sources=sources,
                first_date=first[0] if first else None,
                last_date=last[0] if last else None,
            )

    def _nodes(self) -> set[str]:
        """Every node of the graph: the subjects and objects of its edges (each side read in
        the order of its index)."""
        db = self._db
        nodes = {r[0] for r in db.execute("SELECT DISTINCT subject FROM edges")}
        nodes.update(r[0] for r in db.execute("SELECT DISTINCT object FROM edges INDEXED BY edges_object"))
        return nodes

    def _node_types(self, names: Sequence[str] | None) -> dict[str, str | None]:
        """The type of each node (of ``names``, or of every node): its entity's, or for a
        phrase the commonest type its triples give it (the first seen among equals)."""
        db = self._db
        if names is None:
            nodes = self._nodes()
            types = {name: typ for name, typ in db.execute("SELECT name, type FROM entities") if name in nodes}
            among, params = "NOT IN (SELECT name FROM entities)", []
        else:
            nodes = set(names)
            types = dict(db.execute(f"SELECT name, type FROM entities WHERE name IN {_IN}", (_lst(nodes),)).fetchall())
            among, params = f"IN {_IN}", [_lst(nodes - set(types))]
        best: dict[str, tuple[int, int, str]] = {}
        for name, typ, c, first in db.execute(
            f"SELECT name, type, count(*), min(f) FROM ("
            f"SELECT subject AS name, subject_type AS type, doc * {_ORDER} * 2 + id * 2 AS f FROM triples "
            f"WHERE object_is_clause = 0 AND subject_type IS NOT NULL AND subject_type != '' AND subject {among} "
            f"UNION ALL SELECT object, object_type, doc * {_ORDER} * 2 + id * 2 + 1 FROM triples "
            f"WHERE object_is_clause = 0 AND object_type IS NOT NULL AND object_type != '' AND object {among}"
            ") GROUP BY name, type",
            params * 2,
        ):
            cur = best.get(name)
            if cur is None or (c, -first) > (cur[0], -cur[1]):
                best[name] = (c, first, typ)
        for name in nodes:
            if name not in types:
                found = best.get(name)
                types[name] = found[2] if found else None
        return types

    def _node_infos(self, names: Sequence[str] | None, docs: int | None = None) -> dict[str, NodeInfo]:
        """What the networkx views show of the named entities among ``names`` (all when None),
        with at most ``docs`` + 1 document ids each when ``docs`` is given."""
        db = self._db
        if names is not None and docs is not None:
            rows = db.execute(f"SELECT name, type, aliases, titles, affiliation, mentions FROM entities WHERE name IN {_IN}", (_lst(names),))
            out = {}
            for name, typ, aliases, titles, affiliation, mentions in rows.fetchall():
                found = [] if docs == 0 else db.execute(
                    "SELECT DISTINCT d.doc_id FROM names n JOIN doc_entities e ON e.name = n.name JOIN documents d ON d.id = e.doc "
                    "WHERE n.canonical = ? AND e.mentions > 0 LIMIT ?",
                    (name, docs + 1),
                ).fetchall()
                al = _aliases(aliases)
                out[name] = NodeInfo(typ, mentions or sum(k for _, k in al), al, tuple(json.loads(titles)), affiliation, frozenset(r[0] for r in found))
            return out
        if names is None:
            rows = db.execute("SELECT name, type, aliases, titles, affiliation, mentions FROM entities")
            docs_rows = db.execute(
                "SELECT DISTINCT n.canonical, d.doc_id FROM doc_entities e JOIN names n ON n.name = e.name "
                "JOIN documents d ON d.id = e.doc WHERE e.mentions > 0"
            ).fetchall()
        else:
            rows = db.execute(f"SELECT name, type, aliases, titles, affiliation, mentions FROM entities WHERE name IN {_IN}", (_lst(names),))
            docs_rows = db.execute(
                "SELECT DISTINCT n.canonical, d.doc_id FROM names n JOIN doc_entities e ON e.name = n.name "
                f"JOIN documents d ON d.id = e.doc WHERE n.canonical IN {_IN} AND e.mentions > 0",
                (_lst(names),),
            ).fetchall()
        docs: dict[str, set[str]] = defaultdict(set)
        for canonical, doc_id in docs_rows:
            docs[canonical].add(doc_id)
        out = {}
        for name, typ, aliases, titles, affiliation, mentions in rows.fetchall():
            al = _aliases(aliases)
            out[name] = NodeInfo(typ, mentions or sum(k for _, k in al), al, tuple(json.loads(titles)), affiliation, frozenset(docs.get(name, ())))
        return out

    def _node_attrs(self, names: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The attributes :meth:`to_networkx` gives these nodes, from the whole store."""
        db = self._db
        infos = self._node_infos(names)
        types = self._node_types(names)
        docs: dict[str, set[str]] = defaultdict(set)
        counts: Counter = Counter()
        for name, doc_id, c in db.execute(
            "SELECT name, d.doc_id, count(*) FROM (SELECT subject AS name, doc FROM triples WHERE object_is_clause = 0 "
            f"AND subject IN {_IN} UNION ALL SELECT object, doc FROM triples WHERE object_is_clause = 0 AND object IN {_IN}) x "
            "JOIN documents d ON d.id = x.doc GROUP BY name, d.doc_id",
            (_lst(names), _lst(names)),
        ):
            docs[name].add(doc_id)
            counts[name] += c
        out = {}
        for name in names:
            e = infos.get(name)
            if e is not None:
                out[name] = {
                    "label": name, "type": e.type, "mentions": e.mentions, "aliases": dict(e.aliases), "titles": list(e.titles),
                    "affiliation": e.affiliation, "docs": sorted(e.docs | docs[name]),
                }
            else:
                out[name] = {
                    "label": name, "type": types.get(name), "mentions": counts[name], "aliases": {}, "titles": [],
                    "affiliation": None, "docs": sorted(docs[name]),
                }
        return out

    def to_networkx(self, names: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The graph, or the part of it among ``names``, as a networkx ``MultiDiGraph`` (with
        the nodes and edges of :meth:`kg.graph.graph.KnowledgeGraph.to_networkx`).

        Args:
            names: Names or aliases of the entities to keep (with the relations among them);
                None reads the whole store (for a store that fits in memory).
        """
        with self._snapshot():
            if names is None:
                triples = self._triples(f"SELECT {_CORPUS_COLUMNS} {_FROM_TRIPLES} WHERE t.object_is_clause = 0 ORDER BY t.doc, t.id")
                return relation_graph(triples, self._node_infos(None))
            keep: set[str] = set()
            for n in names:
                keep |= self._match_names(n) or {n}
            keep_list = sorted(keep)
            triples = self._triples(
                f"SELECT {_CORPUS_COLUMNS} {_FROM_TRIPLES} WHERE t.subject IN {_IN} AND t.object IN {_IN} "
                "AND t.object_is_clause = 0 ORDER BY t.doc, t.id",
                (_lst(keep_list), _lst(keep_list)),
            )
            g = relation_graph(triples, self._node_infos(keep_list))
            for name, attrs in self._node_attrs(list(g.nodes)).items():
                g.nodes[name].update(attrs)
            return g

    def interactions(
        self, directed: bool = False, *, since: str | None = None, until: str | None = None, names: Iterable[str] | None = None
    ) -> nx.Graph:
        """A weighted graph among actors only (as :meth:`kg.graph.graph.KnowledgeGraph.interactions`).

        Args:
            directed: One edge per direction instead of one per pair.
            since: Only interactions dated on or after this day (see :meth:`query`).
            until: Only interactions dated on or before this day.
            names: Only interactions among these entities (names or aliases); None for all.
        """
        where = ["t.interaction IS NOT NULL", "t.object_is_clause = 0"]
        params: list[Any] = []
        with self._snapshot():
            days = _days(since, until)
            if days is not None:
                where.append("t.date_hi >= ? AND t.date_lo <= ?")
                params += list(days)
            if names is not None:
                keep: set[str] = set()
                for n in names:
                    keep |= self._match_names(n) or {n}
                where.append(f"t.subject IN {_IN} AND t.object IN {_IN}")
                params += [_lst(keep), _lst(keep)]
            triples = self._triples(f"SELECT {_CORPUS_COLUMNS} {_FROM_TRIPLES} WHERE {' AND '.join(where)} ORDER BY t.doc, t.id", params)
            nodes = sorted({n for t in triples for n in (t.subject, t.object)})
            attrs = self._node_attrs(nodes) if nodes else {}
        return interaction_graph(triples, lambda n: attrs.get(n, {"label": n}), directed)

    # -- parts of the graph: pages and the server ------------------------------------------------------

    def top_entities(self, n: int, where: TripleFilter | None = None) -> list[tuple[str, int]]:
        """The ``n`` named entities (people, organisations, places, groups; not phrases such as
        "the talks") with the most relations, with their number of relations (distinct subject,
        relation, object), most first, then by name.

        Args:
            n: How many.
            where: Count only the relations of the triples this selects (see :meth:`query`).
        """
        with self._snapshot():
            k = max(4 * n, 100)
            while True:
                ranked = self._most_related(k, where)
                named = self._entities_among([name for name, _ in ranked])
                out = [(name, c) for name, c in ranked if name in named]
                if len(out) >= n or len(ranked) < k:
                    return out[:n]
                k *= 4

    def _most_related(self, k: int, where: TripleFilter | None = None) -> list[tuple[str, int]]:
        """The ``k`` nodes with the most edges, most first, then by name."""
        if where:
            return heapq.nsmallest(k, self._degrees(where).items(), key=lambda x: (-x[1], x[0]))
        # each side counted in the order of its index (no sort), added up and ranked by SQLite
        return self._db.execute(
            "SELECT name, sum(c) AS d FROM (SELECT subject AS name, count(*) AS c FROM edges GROUP BY subject UNION ALL "
            "SELECT object, count(*) FROM edges INDEXED BY edges_object GROUP BY object) GROUP BY name ORDER BY d DESC, name LIMIT ?",
            (k,),
        ).fetchall()

    def _entities_among(self, names: Sequence[str]) -> set[str]:
        """Which of ``names`` are named entities."""
        return {r[0] for r in self._db.execute(f"SELECT name FROM entities WHERE name IN {_IN}", (_lst(names),))}

    def around(
        self,
        names: Sequence[str],
        depth: int = 1,
        *,
        limit: int | None = None,
        where: TripleFilter | None = None,
        entities: bool = False,
        acts: bool = False,
    ) -> list[str]:
        """The entities ``names`` (any name or alias) and the nodes within ``depth`` relations
        of them, nearest first: step by step, each by the number of triples tying it to the ones
        before, then by name.

        Args:
            names: The entities to start from.
            depth: How many relations away.
            limit: At most this many nodes beyond ``names`` (the nearest).
            where: Follow only the triples this selects (see :meth:`query`).
            entities: Only named entities (phrases such as "the talks" are neither kept nor
                walked through).
            acts: Follow only interactions and memberships.

        Raises:
            EntityNotFound: A name matches no entity.
        """
        check_walk("both", depth)
        with self._snapshot():
            starts = list(dict.fromkeys(self.resolve_name(n) for n in names))
            keep = (lambda found: [n for n in found if n in self._entities_among(found)]) if entities else None
            return starts + walk(starts, depth, lambda f: self._nearest(f, where=where, acts=acts), limit=limit, keep=keep)

    def part(
        self,
        names: Iterable[str] | None,
        *,
        view: str = "relations",
        where: TripleFilter | None = None,
        evidence: int | None = 20,
        max_edges: int | None = None,
        touching: Iterable[str] | None = None,
    ) -> tuple[nx.Graph, int]:
        """The part of the graph among ``names`` as a networkx graph, read from the edges among
        them only (never the whole store): what a page draws.

        The graph is the one :meth:`to_networkx` (``view="relations"``) or
        ``interactions(affiliations=True)`` of a :class:`~kg.graph.graph.KnowledgeGraph` gives for
        those names, with at most ``evidence`` evidence records per edge and document ids per
        node; each edge then has ``dates``, the dates of all its triples with their counts.

        Args:
            names: Canonical names (or any name or alias) of the nodes; None for every node.
            view: "relations" or "interactions".
            where: Only the triples this selects (see :meth:`query`).
            evidence: Evidence records kept per edge (the first in corpus order); None keeps all.
            max_edges: Keep only this many edges, the ones with the most triples (for the
                interactions view, the pairs with the most).
            touching: Only edges with at least one end among these names.

        Returns:
            The graph and the number of edges (or pairs) ``max_edges`` left out.

        Raises:
            KgError: An unknown view, or a filter that means nothing (see :meth:`query`).
        """
        if view not in ("relations", "interactions"):
            raise KgError(f"view must be 'relations' or 'interactions', not {view!r}")
        with self._snapshot():
            edges, weights = self._part_edges(names, view, where, touching)
            kept, dropped = _heaviest(edges, weights, max_edges, pairs=view == "interactions")
            return self._part_graph(kept, view, where, evidence), dropped

    def _part_edges(
        self, names: Iterable[str] | None, view: str, where: TripleFilter | None, touching: Iterable[str] | None = None
    ) -> tuple[list[tuple[int, str, str, int]], dict[int, int]]:
        """The edges (id, subject, object, count) among ``names`` that have triples in the
        view, and the number of those triples of each."""
        db = self._db
        join, join_params, cond, cond_params, _ = self._conditions(where or TripleFilter())
        if view == "interactions":
            cond = [*cond, "(t.interaction IS NOT NULL OR t.pattern = 'affiliation')"]
        sql, params = "SELECT id, subject, object, count FROM edges", []
        if names is not None:
            keep: set[str] = set()
            for n in names:
                keep |= self._match_names(n) or {n}
            everyone = _lst(sorted(keep))
            if touching is None:
                sql += f" WHERE subject IN {_IN} AND object IN {_IN}"
                params = [everyone, everyone]
            else:  # each pair looked up by the key (subject, object): the others' edges are never read
                near = _lst(sorted(set(touching)))
                pair = (
                    "SELECT e.id, e.subject, e.object, e.count FROM json_each(?) a CROSS JOIN json_each(?) b "
                    "CROSS JOIN edges e ON e.subject = a.value AND e.object = b.value"
                )
                sql = f"{pair} UNION {pair}"
                params = [near, everyone, everyone, near]
        edges = db.execute(sql, params).fetchall()
        if touching is not None and names is None:
            close = set(touching)
            edges = [e for e in edges if e[1] in close or e[2] in close]
        weights = {e[0]: e[3] for e in edges}
        if cond or join:  # count the triples each edge has in the graph drawn
            weights = dict(
                db.execute(
                    f"SELECT t.edge, count(*) FROM triples t{join} WHERE {' AND '.join([f't.edge IN {_IN}', *cond])} GROUP BY t.edge",
                    [*join_params, _lst([e[0] for e in edges]), *cond_params],
                ).fetchall()
            )
        return [e for e in edges if weights.get(e[0])], weights

    def _part_graph(self, kept: Sequence[int], view: str, where: TripleFilter | None, evidence: int | None) -> nx.Graph:
        """The networkx view of the triples of the edges ``kept`` (see :meth:`part`)."""
        db = self._db
        join, join_params, cond, cond_params, rel = self._conditions(where or TripleFilter())
        if view == "interactions":
            cond = [*cond, "(t.interaction IS NOT NULL OR t.pattern = 'affiliation')"]
        if evidence == 0:
            return self._part_counts(kept, view, join, join_params, cond, cond_params, rel)
        # every triple of the edges kept, as the few columns the graph counts; the whole triple
        # (sentence and all) only for the evidence a page shows
        rows = [
            _Row(*r)
            for r in db.execute(
                f"SELECT {_ROW_COLUMNS} FROM triples t JOIN documents d ON d.id = t.doc{join} "
                f"WHERE {' AND '.join([f't.edge IN {_IN}', *cond])} ORDER BY t.doc, t.id",
                [*join_params, _lst(kept), *cond_params],
            )
        ]
        if rel is not None:
            rows = [r for r in rows if r.relation.lower() == rel]
        shown: list[int] = []
        if evidence is None or evidence > 0:
            per_edge: Counter = Counter()
            for r in rows:
                # (an interactions edge keeps the evidence of its acts, or of its memberships)
                key = r.edge if view == "relations" else (min(r.subject, r.object), max(r.subject, r.object), r.interaction is None)
                if evidence is None or per_edge[key] < evidence:
                    per_edge[key] += 1
                    shown.append(r.id)
        full = {}
        if shown:
            ids = db.execute(f"SELECT id FROM triples WHERE id IN {_IN} ORDER BY doc, id", (_lst(shown),)).fetchall()
            found = self._triples(f"SELECT {_CORPUS_COLUMNS} {_FROM_TRIPLES} WHERE t.id IN {_IN} ORDER BY t.doc, t.id", (_lst(shown),))
            full = {i[0]: t for i, t in zip(ids, found)}
        triples: list[Any] = [full.get(r.id, r) for r in rows]
        nodes = sorted({n for r in rows for n in (r.subject, r.object)})
        infos = self._node_infos(nodes, docs=evidence)
        if view == "relations":
            return relation_graph(triples, infos, limit=evidence)
        attrs = {name: _node_dict(name, e) for name, e in infos.items()}
        return interaction_graph(triples, lambda n: attrs.get(n, {"label": n}), affiliations=True, limit=evidence)

    def _part_counts(
        self, kept: Sequence[int], view: str, join: str, join_params: list[Any], cond: list[str], cond_params: list[Any], rel: str | None
    ) -> nx.Graph:
        """:meth:`_part_graph` without evidence: the triples of each edge read as counts, in SQL."""
        db = self._db
        where = " AND ".join([f"t.edge IN {_IN}", *cond])
        # one pass: the triples of an edge alike in all the graph reads but the confidence, with
        # their dates; then one row for those alike but the date, in the order of their first
        # triple (which gives an edge its class), and the dates of each edge apart
        groups: dict[tuple, list[Any]] = {}
        dates: dict[tuple[int, bool], Counter] = defaultdict(Counter)
        for edge, s_type, o_type, cls, intensity, pattern, date, conf, n, first in db.execute(
            "SELECT t.edge, t.subject_type, t.object_type, t.interaction, t.intensity, t.pattern, t.date, max(t.confidence), count(*), "
            f"min(t.doc * {_ORDER} + t.id) FROM triples t{join} WHERE {where} "
            "GROUP BY t.edge, t.subject_type, t.object_type, t.interaction, t.intensity, t.pattern, t.date",
            [*join_params, _lst(kept), *cond_params],
        ):
            key = (edge, s_type, o_type, cls, intensity, pattern)
            group = groups.get(key)
            if group is None:
                groups[key] = [first, conf, n]
            else:
                group[0] = min(group[0], first)
                group[1] = max(group[1], conf)
                group[2] += n
            if date:
                dates[(edge, cls is not None)][date] += n
        ends = {
            e[0]: e[1:]
            for e in db.execute(f"SELECT id, subject, object, relation, negated FROM edges WHERE id IN {_IN}", (_lst({k[0] for k in groups}),))
        }
        rows = []
        for key, (_, conf, n) in sorted(groups.items(), key=lambda x: x[1][0]):
            edge, s_type, o_type, cls, intensity, pattern = key
            subject, obj, relation, negated = ends[edge]
            rows.append(_Row(None, edge, subject, obj, s_type, o_type, relation, negated, conf, cls, intensity, None, pattern, None, n=n))
        if rel is not None:
            rows = [r for r in rows if r.relation.lower() == rel]
        infos = self._node_infos(sorted({n for r in rows for n in (r.subject, r.object)}), docs=0)
        by_edge = {r.edge: r for r in rows}
        if view == "relations":
            g = relation_graph(rows, infos, limit=0)
            for (edge, _), counts in dates.items():
                r = by_edge.get(edge)
                if r is not None:
                    g.edges[r.subject, r.object, r.label]["dates"].update(counts)
            return g
        attrs = {name: _node_dict(name, e) for name, e in infos.items()}
        g = interaction_graph(rows, lambda n: attrs.get(n, {"label": n}), affiliations=True, limit=0)
        for (edge, acts), counts in dates.items():
            r = by_edge.get(edge)
            if r is None or not g.has_edge(r.subject, r.object):
                continue
            data = g.edges[r.subject, r.object]
            if acts == (data.get("kind") != "affiliation"):  # the triples the edge counts
                data.setdefault("dates", Counter()).update(counts)
        return g

    def edge_count(self) -> int:
        """The number of edges (distinct subject, relation, object) in the store."""
        return self._db.execute("SELECT count(*) FROM edges INDEXED BY edges_id").fetchone()[0]

    def degrees(self, names: Iterable[str]) -> dict[str, int]:
        """The number of relations (distinct subject, relation, object) of each of ``names``
        (canonical names) in the whole store."""
        db = self._db
        out = {}
        with self._snapshot():
            for n in names:
                out[n] = (
                    db.execute("SELECT count(*) FROM edges WHERE subject = ?", (n,)).fetchone()[0]
                    + db.execute("SELECT count(*) FROM edges WHERE object = ?", (n,)).fetchone()[0]
                )
        return out

    def document_meta(self, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The metadata a page shows beside evidence (date, title) of these documents."""
        out = {}
        for doc_id, meta in self._db.execute(f"SELECT doc_id, meta FROM documents WHERE doc_id IN {_IN} AND meta IS NOT NULL", (_lst(doc_ids),)):
            data = json.loads(meta)
            shown = {k: data[k] for k in ("date", "title") if isinstance(data.get(k), str)}
            if shown:
                out[doc_id] = shown
        return out

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Entities and other nodes whose name, an alias or a title they hold begins like
        ``text`` (or has a word that does), best first: what ``text`` names exactly (see
        :meth:`resolve_name`), then names and aliases that begin like it, titles, and words of
        names; among equals the most connected first.

        Args:
            text: What the user typed (any case).
            limit: At most this many hits.
        """
        key = " ".join(text.split()).lower()
        if not key or limit <= 0:
            return []
        db = self._db
        found: dict[str, tuple[int, str]] = {}  # name -> (rank, what matched)

        def note(rank: int, rows: Iterable[tuple[str, str]]) -> None:
            for matched, name in rows:
                if name not in found or found[name][0] > rank:
                    found[name] = (rank, matched)

        def prefix(table: str, column: str, value: str, cap: int = 5000) -> list[tuple[str, str]]:
            return db.execute(
                f"SELECT {column}, name FROM {table} WHERE {column} >= ? AND {column} < ? ORDER BY {column} LIMIT ?",
                (value, value + "\U0010ffff", cap),
            ).fetchall()

        with self._snapshot():
            note(0, ((key, n) for n in self._match_names(text)))
            for variant in dict.fromkeys(index_keys(key)):
                note(1, prefix("lookup", "key", variant))
            note(2, prefix("title_keys", "key", key.replace(".", "")) if self._has_table(db, "title_keys") else [])
            if " " not in key:
                note(3, prefix("lookup_words", "word", key))
            # of many, the most mentioned of each kind of match first (one query), then by relations
            known = {
                name: (typ, mentions)
                for name, typ, mentions in db.execute(f"SELECT name, type, mentions FROM entities WHERE name IN {_IN}", (_lst(found),))
            }
            first = sorted(found, key=lambda n: (found[n][0], -known.get(n, (None, 0))[1], n))[: max(limit * 5, 50)]
            degree = self.degrees(first)
        ranked = sorted(first, key=lambda n: (found[n][0], -degree[n], n))
        return [SearchHit(n, known.get(n, (None, 0))[0], degree[n], found[n][1]) for n in ranked if degree[n] or n in known][:limit]

    def neighborhood(
        self,
        name: str,
        *,
        limit: int = 50,
        offset: int = 0,
        known: Iterable[str] = (),
        view: str = "relations",
        where: TripleFilter | None = None,
        max_edges: int = 500,
    ) -> Neighborhood:
        """An entity and its neighbours, most related first, with the edges that join them to
        each other and to the ``known`` nodes (those a page already shows): what a page adds
        when it opens an entity. Edges carry their counts and dates, not their evidence (see
        :meth:`evidence`).

        Args:
            name: Any name or alias of the entity.
            limit: At most this many neighbours.
            offset: Skip this many (the next page of neighbours).
            known: Canonical names of nodes the page shows already.
            view: "relations" or "interactions" (then only actors that interact, or are members).
            where: Only the triples this selects (see :meth:`query`).
            max_edges: At most this many edges: the heaviest tie of each neighbour to the
                entity, then the heaviest others.

        Raises:
            EntityNotFound: No entity matches ``name``.
        """
        with self._snapshot():
            center = self.resolve_name(name)
            near = self._nearest([center], where=where, acts=view == "interactions")
            chosen = [n for n in near if n != center][offset : offset + limit]
            new = [center, *chosen]
            edges, weights = self._part_edges([*new, *known], view, where, touching=new)
            # each neighbour keeps its heaviest tie to the entity, then the heaviest of the rest
            best: dict[str, tuple[int, int]] = {}
            for e in edges:
                other = e[2] if e[1] == center else e[1] if e[2] == center else None
                if other is not None and (other not in best or weights[e[0]] > best[other][1]):
                    best[other] = (e[0], weights[e[0]])
            first = {b[0] for b in best.values()}
            rest, _ = _heaviest([e for e in edges if e[0] not in first], weights, max(max_edges - len(first), 0), pairs=view == "interactions")
            graph = self._part_graph(sorted(first | set(rest)), view, where, evidence=0)
            degree = self.degrees(new)
        for n in new:
            if n not in graph:
                graph.add_node(n, label=n)
        for n, d in degree.items():
            graph.nodes[n]["relations_total"] = d
        return Neighborhood(center, len([n for n in near if n != center]), tuple(chosen), graph)

    def evidence(
        self,
        *,
        name: str | None = None,
        source: str | None = None,
        target: str | None = None,
        label: str | None = None,
        view: str = "relations",
        where: TripleFilter | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> tuple[int, list[Triple]]:
        """The triples behind an entity or an edge, in corpus order, a page at a time.

        Give ``name`` (an entity: every relation it takes part in), or ``source`` and
        ``target`` (canonical names) with ``label`` (the edge ``source`` -label-> ``target`` of
        the relations view) or without (the interactions between the two, either way; with
        ``label="member of"``, their memberships).

        Args:
            view: "interactions" keeps only interactions and memberships.
            where: Only the triples this selects (see :meth:`query`).
            offset: Skip this many triples.
            limit: At most this many.

        Returns:
            The number of triples in all, and the page of them.

        Raises:
            EntityNotFound: ``name`` matches no entity.
            KgError: Neither an entity nor an edge given.
        """
        join, join_params, cond, cond_params, _ = self._conditions(where or TripleFilter())
        if view == "interactions" and label is None:
            cond = [*cond, "(t.interaction IS NOT NULL OR t.pattern = 'affiliation')"]
        with self._snapshot() as db:
            if name is not None:
                n = self.resolve_name(name)
                sides = [("t.subject = ?", [n]), ("t.object = ? AND t.subject != ?", [n, n])]
            elif source is not None and target is not None:
                if label is not None and view == "relations":
                    sides = [("t.edge = (SELECT id FROM edges WHERE subject = ? AND object = ? AND label = ?)", [source, target, label])]
                else:
                    kind = " AND kind = 'affiliation'" if label == AFFILIATION else " AND kind != 'affiliation'" if label is None else ""
                    sides = [
                        (f"t.edge IN (SELECT id FROM edges WHERE subject = ? AND object = ?{kind})", [source, target]),
                        (f"t.edge IN (SELECT id FROM edges WHERE subject = ? AND object = ?{kind})", [target, source]),
                    ]
                    if source == target:
                        sides = sides[:1]
            else:
                raise KgError("evidence needs an entity (name) or an edge (source and target)")
            parts, params, total = [], [], 0
            for where_side, side_params in sides:
                conds = " AND ".join([where_side, "t.edge IS NOT NULL", *cond])
                total += db.execute(f"SELECT count(*) FROM triples t{join} WHERE {conds}", [*join_params, *side_params, *cond_params]).fetchone()[0]
                parts.append(f"SELECT t.id AS id, t.doc AS doc FROM triples t{join} WHERE {conds}")
                params += [*join_params, *side_params, *cond_params]
            ids = [r[0] for r in db.execute(f"{' UNION ALL '.join(parts)} ORDER BY doc, id LIMIT ? OFFSET ?", [*params, limit, offset])]
            triples = self._triples(f"SELECT {_CORPUS_COLUMNS} {_FROM_TRIPLES} WHERE t.id IN {_IN} ORDER BY t.doc, t.id", (_lst(ids),))
        return total, triples

    def to_html(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        view: str = "relations",
        title: str = "kg graph",
        max_nodes: int | None = None,
        top: int | None = None,
        around: Sequence[str] = (),
        depth: int = 1,
    ) -> RenderReport:
        """Write the interactive HTML view of the store, or of a part of it (see
        :mod:`kg.render.pages`): a store of more than 5,000 edges is drawn by its 500 most connected
        entities unless ``top`` or ``around`` say otherwise, with 20 evidence sentences per
        relation at most.

        Args:
            path: Where to write the page; None renders without writing.
            view: "relations" or "interactions".
            title: Page title.
            max_nodes: Then keep only this many most connected nodes.
            top: The ``top`` named entities with the most relations (with ``around``: the
                ``top`` entities nearest to them).
            around: Entities (any name, alias or title) whose neighbourhood to draw.
            depth: How many relations away from ``around`` to go.
        """
        from kg.render.page import render_html
        from kg.render.pages import PageSpec, page_graph

        page = page_graph(self, PageSpec(view, tuple(around), depth, top))
        _, report = render_html(page.graph, path, title=title, view=view, max_nodes=max_nodes, documents=page.documents, notes=page.notes)
        return report

    # -- dunder -------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM triples").fetchone()[0]

    def __repr__(self) -> str:
        if self._conn is None:
            return f"<Store {self.file} (closed)>"
        db = self._conn
        docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        ents = db.execute("SELECT count(*) FROM entities").fetchone()[0]
        edges = db.execute("SELECT count(*) FROM edges").fetchone()[0]
        return f"<Store {self.file}: {docs} documents, {ents} entities, {edges} edges>"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A name found by :meth:`Store.search`.

    Attributes:
        name: The canonical name.
        type: Its entity type, or None (a phrase, or untyped).
        degree: Its number of relations.
        match: The name, alias or title that matched (lower case).
    """

    name: str
    type: str | None
    degree: int
    match: str


@dataclass(frozen=True)
class Neighborhood:
    """An entity and some of its neighbours (:meth:`Store.neighborhood`).

    Attributes:
        name: The entity's canonical name.
        total: How many neighbours it has in all.
        neighbors: The neighbours given, most related first.
        graph: The entity, those neighbours and the edges among them and the known nodes
            (counts and dates, no evidence); each node has ``relations_total``, its number of
            relations in the store.
    """

    name: str
    total: int
    neighbors: tuple[str, ...]
    graph: nx.Graph


_ROW_COLUMNS = (
    "t.id, t.edge, t.subject, t.object, t.subject_type, t.object_type, t.relation, t.negated, t.confidence, "
    "t.interaction, t.intensity, t.date, t.pattern, d.doc_id"
)


class _Row:
    """The columns of a triple that the networkx views count (no sentence, no words as
    written): it stands for a :class:`~kg.model.Triple` whose evidence a page leaves out."""

    __slots__ = (
        "id", "edge", "subject", "object", "subject_type", "object_type", "relation", "negated", "confidence",
        "interaction", "intensity", "date", "pattern", "evidence", "n",
    )  # fmt: skip
    object_is_clause = False

    def __init__(self, *values: Any, n: int = 1) -> None:
        for name, value in zip(self.__slots__[:13], values):
            setattr(self, name, value)
        self.negated = bool(self.negated)
        self.evidence = _DocOnly(values[13])
        self.n = n  # how many triples alike this row stands for

    @property
    def label(self) -> str:
        return f"not {self.relation}" if self.negated else self.relation

    @property
    def kind(self) -> str:
        return "affiliation" if self.pattern == "affiliation" else "relation"


@dataclass(frozen=True, slots=True)
class _DocOnly:
    doc_id: str


def _heaviest(edges: list[tuple], weights: Mapping[int, int], most: int | None, pairs: bool) -> tuple[list[int], int]:
    """The ids of the ``most`` edges (id, subject, object, ...) with the greatest weight, ties
    by names; with ``pairs``, of the edges of the heaviest unordered pairs. Also how many edges
    (or pairs) were left out."""
    if not pairs:
        if most is None or len(edges) <= most:
            return [e[0] for e in edges], 0
        ranked = sorted(edges, key=lambda e: (-weights[e[0]], e[1], e[2], e[0]))
        return [e[0] for e in ranked[:most]], len(ranked) - most
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for e in edges:
        groups[(min(e[1], e[2]), max(e[1], e[2]))].append(e[0])
    if most is None or len(groups) <= most:
        return [e[0] for e in edges], 0
    ranked_pairs = sorted(groups, key=lambda p: (-sum(weights[i] for i in groups[p]), p))
    return [i for p in ranked_pairs[:most] for i in groups[p]], len(ranked_pairs) - most


def _node_dict(name: str, e: NodeInfo) -> dict[str, Any]:
    """The attributes of a named entity's node in the networkx views."""
    return {
        "label": name, "type": e.type, "mentions": e.mentions, "aliases": dict(e.aliases), "titles": list(e.titles),
        "affiliation": e.affiliation, "docs": sorted(e.docs),
    }


def _aliases(text: str) -> tuple[tuple[str, int], ...]:
    return tuple((str(a), int(n)) for a, n in json.loads(text))


def _triple(row: Sequence[Any], evidence: Evidence) -> Triple:
    """A Triple from the columns of _CORPUS_COLUMNS or _DOC_COLUMNS."""
    extras = tuple(Argument(r, x) for r, x in json.loads(row[13])) if row[13] else ()
    t = Triple(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], evidence,
        bool(row[8]), row[9], row[10], bool(row[11]), row[12], extras, row[14], row[15], row[16], bool(row[17]), row[18], row[19],
    )  # fmt: skip
    if row[20]:
        data = t.to_dict()
        data.update({k: v for k, v in json.loads(row[20]).items() if k in _MORE_FIELDS})
        t = Triple.from_dict(data)
    return t


def _more(t: Triple) -> str | None:
    if not _MORE_FIELDS:
        return None
    data = t.to_dict()
    more = {k: data[k] for k in _MORE_FIELDS if k in data}
    return _json(more) if more else None


def _day(iso: str) -> int:
    """An ISO day as the integer the date columns hold: "2009-02-03" -> 20090203."""
    return int(iso.replace("-", ""))


@functools.lru_cache(maxsize=4096)
def _date_span(date: str | None) -> tuple[int | None, int | None]:
    if not date:
        return None, None
    try:
        lo, hi = date_bounds(date)
    except KgError:
        return None, None  # kept as written, but no date filter can find it
    return _day(lo), _day(hi)


def _days(since: str | None, until: str | None) -> tuple[int, int] | None:
    days = date_range(since, until)
    return None if days is None else (_day(days[0]), _day(days[1]))



class _Batch:
    """One write transaction: documents added, replaced or removed, and the corpus view brought
    up to date for the names they touch."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.db = conn
        self.appended: dict[str, list[tuple[int, int, EntitySummary]]] = defaultdict(list)
        self.recount: set[str] = set()
        self.new_triples: list[tuple[int, int, Triple]] = []  # (doc key, sentence id, triple)
        self.new_quotes: list[tuple[int, Quote]] = []
        self.replaced_docs: set[int] = set()
        self.dirty_edges: set[int] = set()
        self.gone_nodes: set[str] = set()
        self.changed_names: set[str] = set()
        self.changed_surnames: set[str] = set()
        self.next_id = {
            table: (conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0] + 1)
            for table in ("documents", "sentences", "triples", "mentions", "quotes", "edges")
        }

    def _id(self, table: str) -> int:
        n = self.next_id[table]
        self.next_id[table] = n + 1
        return n

    # -- documents --------------------------------------------------------------------------------

    def run(self, docs: Sequence[tuple[_Doc, str | None]], remove: Sequence[str]) -> WriteReport:
        db = self.db
        added: list[str] = []
        replaced: list[str] = []
        unchanged: list[str] = []
        removed: list[str] = []
        for doc_id in remove:
            row = db.execute("SELECT id FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                continue
            self._delete_rows(row[0])
            db.execute("DELETE FROM documents WHERE id = ?", (row[0],))
            removed.append(doc_id)
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        for doc, digest in docs:
            row = db.execute("SELECT id, hash FROM documents WHERE doc_id = ?", (doc.id,)).fetchone()
            if row is not None and digest is not None and row[1] == digest:
                unchanged.append(doc.id)
                continue
            meta = _json(doc.meta) if doc.meta else None
            date = str(doc.meta["date"]) if doc.meta and doc.meta.get("date") is not None else None
            if row is not None:
                key = row[0]  # a changed document keeps its place in the corpus
                self._delete_rows(key)
                db.execute("UPDATE documents SET hash = ?, words = ?, date = ?, meta = ?, added = ? WHERE id = ?", (digest, doc.words, date, meta, now, key))
                replaced.append(doc.id)
            else:
                key = self._id("documents")
                db.execute(
                    "INSERT INTO documents (id, doc_id, hash, words, date, meta, added) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, doc.id, digest, doc.words, date, meta, now),
                )
                added.append(doc.id)
            self._insert_rows(key, doc, appended=row is None)
        self._remerge()
        self._derive()
        return WriteReport(tuple(added), tuple(replaced), tuple(unchanged), tuple(removed))

    def _delete_rows(self, key: int) -> None:
        db = self.db
        for edge, subject, obj, clause in db.execute("SELECT edge, subject, object, object_is_clause FROM triples WHERE doc = ?", (key,)):
            if edge is not None:
                self.dirty_edges.add(edge)
            self.gone_nodes.add(subject)
            if not clause:
                self.gone_nodes.add(obj)
        self.recount.update(r[0] for r in db.execute("SELECT name FROM doc_entities WHERE doc = ?", (key,)))
        for table in ("triples", "doc_entities", "mentions", "quotes", "sentences"):
            db.execute(f"DELETE FROM {table} WHERE doc = ?", (key,))
        # a document given twice in one batch: its first triples and quotes are not written yet
        self.new_triples = [x for x in self.new_triples if x[0] != key]
        self.new_quotes = [x for x in self.new_quotes if x[0] != key]

    def _insert_rows(self, key: int, doc: _Doc, appended: bool) -> None:
        """Write a document's sentences, entities and mentions; its triples and quotes wait for
        the names they will have in the corpus."""
        db = self.db
        sentences: dict[tuple[int, int], int] = {}
        sentence_rows = []

        def sentence(ev: Evidence) -> int:
            k = (ev.start, ev.end)
            sid = sentences.get(k)
            if sid is None:
                sid = sentences[k] = self._id("sentences")
                sentence_rows.append((sid, key, ev.start, ev.end, ev.sentence))
            return sid

        entity_rows = []
        mention_rows = []
        for seq, e in enumerate(doc.entities):
            s = EntitySummary.of(e)
            entity_rows.append((key, seq, e.name, e.type, _json(e.aliases), _json(e.titles), e.affiliation, s.mentions, int(s.the_mention), _json(s.genders)))
            if appended:
                self.appended[e.name].append((key, seq, s))
            else:
                self.recount.add(e.name)
            for m in e.mentions:
                mention_rows.append((self._id("mentions"), key, seq, m.text, m.start, m.end, sentence(m.evidence)))
        for t in doc.triples:
            self.new_triples.append((key, sentence(t.evidence), t))
        for q in doc.quotes:
            self.new_quotes.append((key, q))
        db.executemany('INSERT INTO sentences (id, doc, start, "end", text) VALUES (?, ?, ?, ?, ?)', sentence_rows)
        db.executemany(
            "INSERT INTO doc_entities (doc, seq, name, type, aliases, titles, affiliation, mentions, the_mention, genders) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            entity_rows,
        )
        db.executemany('INSERT INTO mentions (id, doc, entity, text, start, "end", sentence) VALUES (?, ?, ?, ?, ?, ?, ?)', mention_rows)
        if not appended:
            self.replaced_docs.add(key)

    # -- entities -----------------------------------------------------------------------------------

    def _tallies(self, names: Iterable[str]) -> dict[str, tuple[str, NameTally, int, int]]:
        """Stored names: canonical name, tally, and the (document, position) of first mention."""
        return {
            name: (canonical, NameTally.from_dict(name, json.loads(tally)), first_doc, first_seq)
            for name, canonical, tally, first_doc, first_seq in self.db.execute(
                f"SELECT name, canonical, tally, first_doc, first_seq FROM names WHERE name IN {_IN}", (_lst(names),)
            )
        }

    def _remerge(self) -> None:
        """Bring the tallies of the touched names up to date, then merge again every name
        connected to them by a merge key, and note which names now read otherwise."""
        db = self.db
        touched = set(self.appended) | self.recount
        if not touched:
            return
        old = self._tallies(touched)
        deleted: dict[str, str] = {}  # name -> its old canonical name
        rows: dict[str, tuple[str, NameTally, int, int]] = {}
        for name in touched:
            before = old.get(name)
            if name in self.recount or before is None and name not in self.appended:
                found = self._recount(name)
            else:
                tally = before[1] if before is not None else NameTally(name)
                for _, _, summary in self.appended[name]:
                    tally = tally.add(summary)
                first = (before[2], before[3]) if before is not None else self.appended[name][0][:2]
                found = (tally, first)
            if found is None:
                if before is not None:
                    deleted[name] = before[0]
                continue
            tally, (first_doc, first_seq) = found
            rows[name] = (before[0] if before is not None else name, tally, first_doc, first_seq)
        if deleted:
            db.execute(f"DELETE FROM names WHERE name IN {_IN}", (_lst(deleted),))
        db.executemany(
            "INSERT OR REPLACE INTO names (name, canonical, first_doc, first_seq, tally) VALUES (?, ?, ?, ?, ?)",
            [(name, c, fd, fs, _json(t.to_dict())) for name, (c, t, fd, fs) in rows.items()],
        )
        old_keys = {(k, name) for name, (_, t, _, _) in old.items() for k in merge_keys(t.summary())}
        new_keys = {(k, name) for name, (_, t, _, _) in rows.items() for k in merge_keys(t.summary())}
        db.executemany("DELETE FROM name_keys WHERE key = ? AND name = ?", old_keys - new_keys)
        db.executemany("INSERT OR IGNORE INTO name_keys (key, name) VALUES (?, ?)", new_keys - old_keys)
        component = self._component({k for k, _ in old_keys}, rows)
        order = sorted(component, key=lambda n: (component[n][2], component[n][3], n))
        old_canonical = {name: component[name][0] for name in order}
        old_canonical.update(deleted)
        merged, renames = merge_summaries(component[name][1].summary() for name in order)
        # the entities this component had, and has now
        old_entities = {
            r[0]: r
            for r in db.execute(
                f"SELECT name, type, aliases, titles, affiliation, mentions, the_mention, surname, notes FROM entities WHERE name IN {_IN}",
                (_lst(set(old_canonical.values())),),
            )
        }
        new_entities = {
            name: (name, s.type, _json(s.aliases), _json(s.titles), s.affiliation, s.mentions, int(s.the_mention), person_surname(name, s.type), _json(s.notes))
            for name, s in merged.items()
        }
        surnames = {r[7] for r in old_entities.values() if r[7]} | {r[7] for r in new_entities.values() if r[7]}
        before_surnames = self._surname_lists(surnames)
        gone = [n for n in old_entities if old_entities[n] != new_entities.get(n)]
        fresh = [row for n, row in new_entities.items() if old_entities.get(n) != row]
        if gone:
            db.execute(f"DELETE FROM entities WHERE name IN {_IN}", (_lst(gone),))
            _drop_lookup(db, ((n, [n, *(a for a, _ in _aliases(old_entities[n][2]))]) for n in gone), "e")
            db.executemany("DELETE FROM title_keys WHERE key = ? AND name = ?", _title_rows((n, old_entities[n][3]) for n in gone))
        if fresh:
            db.executemany(
                "INSERT INTO entities (name, type, aliases, titles, affiliation, mentions, the_mention, surname, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", fresh
            )
            _add_lookup(db, ((row[0], [row[0], *(a for a, _ in _aliases(row[2]))]) for row in fresh), "e")
            db.executemany("INSERT OR IGNORE INTO title_keys (key, name) VALUES (?, ?)", _title_rows((row[0], row[3]) for row in fresh))
        new_canonical = {name: renames.get(name, name) for name in order}
        db.executemany(
            "UPDATE names SET canonical = ? WHERE name = ?",
            [(new_canonical[name], name) for name in order if component[name][0] != new_canonical[name]],
        )
        after_surnames = self._surname_lists(surnames)
        # the surname rule reads a list only as "exactly this one person, or nobody"
        self.changed_surnames = {k for k in surnames if _only(before_surnames.get(k)) != _only(after_surnames.get(k))}
        old_types = {n: r[1] for n, r in old_entities.items()}
        new_types = {n: s.type for n, s in merged.items()}

        def signature(name: str, canon: Mapping[str, str], types: Mapping[str, str | None]) -> tuple:
            c = canon.get(name, name)
            return (name in types, c, types.get(c))

        candidates = set(old_canonical) | set(new_canonical) | set(old_types) | set(new_types)
        self.changed_names = {n for n in candidates if signature(n, old_canonical, old_types) != signature(n, new_canonical, new_types)}

    def _recount(self, name: str) -> tuple[NameTally, tuple[int, int]] | None:
        """A name's tally read again from every document that has it (after a document was
        replaced or removed)."""
        tally = NameTally(name)
        first = None
        for doc, seq, typ, aliases, titles, affiliation, mentions, the, genders in self.db.execute(
            "SELECT doc, seq, type, aliases, titles, affiliation, mentions, the_mention, genders FROM doc_entities WHERE name = ? ORDER BY doc, seq",
            (name,),
        ):
            first = first or (doc, seq)
            tally = tally.add(
                EntitySummary(name, typ, _aliases(aliases), tuple(json.loads(titles)), affiliation, mentions, bool(the), _aliases(genders))
            )
        return (tally, first) if first is not None else None

    def _component(self, before: set[str], known: dict[str, tuple[str, NameTally, int, int]]) -> dict[str, tuple[str, NameTally, int, int]]:
        """Every name connected through merge keys (see :func:`kg.resolve.merge.merge_keys`) to the
        ``known`` names, or connected to them before this batch through their keys then
        (``before``): the names whose merges may change."""
        db = self.db
        component = dict(known)
        todo: set[str] = set()
        held: set[str] = set()  # keys a name of the component holds (or held) strong: they join every holder

        def note(keys: Iterable[str]) -> None:
            for k in keys:
                base = k.lstrip("~")
                todo.add(base)
                if base == k:
                    held.add(base)

        note(before)
        for _, tally, _, _ in known.values():
            note(merge_keys(tally.summary()))
        done: set[str] = set()
        while todo - done:
            bases = todo - done
            done |= bases
            holders: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
            for key, name in db.execute(f"SELECT key, name FROM name_keys WHERE key IN {_IN}", (_lst(bases | {"~" + b for b in bases}),)):
                strong, weak = holders[key.lstrip("~")]
                (weak if key.startswith("~") else strong).append(name)
            found = {n for base, (strong, weak) in holders.items() if strong or base in held for n in strong + weak}
            new = self._tallies(found - set(component))
            component.update(new)
            for _, tally, _, _ in new.values():
                note(merge_keys(tally.summary()))
        return component

    def _surname_lists(self, keys: set[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        if keys:
            for key, name in self.db.execute(f"SELECT surname, name FROM entities WHERE surname IN {_IN}", (_lst(keys),)):
                out[key].add(name)
        return out

    # -- triples ------------------------------------------------------------------------------------

    def _lookups(self, names: set[str]) -> tuple[dict[str, str | None], dict[str, str], dict[str, list[str]]]:
        """Entity types, renames and surnames covering every name ``names`` may become."""
        db = self.db
        renames = dict(db.execute(f"SELECT name, canonical FROM names WHERE name IN {_IN} AND canonical != name", (_lst(names),)).fetchall())
        singles = {n.lower() for n in names if " " not in n}
        surnames: dict[str, list[str]] = defaultdict(list)
        if singles:
            for key, name in db.execute(f"SELECT surname, name FROM entities WHERE surname IN {_IN} ORDER BY name", (_lst(singles),)):
                surnames[key].append(name)
        wanted = names | set(renames.values()) | {n for found in surnames.values() for n in found}
        types = dict(db.execute(f"SELECT name, type FROM entities WHERE name IN {_IN}", (_lst(wanted),)).fetchall())
        return types, renames, surnames

    def _affected(self) -> list[tuple]:
        """The stored triples whose names may read otherwise after this batch's merges."""
        db = self.db
        if not self.changed_names and not self.changed_surnames:
            return []
        names = set(self.changed_names)
        if self.changed_surnames:
            names |= {r[0] for r in db.execute(f"SELECT name FROM single_names WHERE key IN {_IN}", (_lst(self.changed_surnames),))}
        arg = (_lst(names),)
        ids: set[int] = set()
        for column in ("subject", "object", "attributed_to"):
            # a document-level name is NULL where it equals the corpus name
            ids.update(r[0] for r in db.execute(f"SELECT id FROM triples WHERE doc_{column} IN {_IN}", arg))
            ids.update(r[0] for r in db.execute(f"SELECT id FROM triples WHERE {column} IN {_IN} AND doc_{column} IS NULL", arg))
        if not ids:
            return []
        return db.execute(
            f"SELECT t.id, t.edge, t.subject, t.object, t.attributed_to, t.subject_type, t.object_type, {_DOC_COLUMNS} {_FROM_TRIPLES} WHERE t.id IN {_IN}",
            (_lst(ids),),
        ).fetchall()

    def _derive(self) -> None:
        """Insert the batch's triples and quotes under their corpus names, rename the stored
        triples whose names changed, and bring edges and name lookups up to date."""
        db = self.db
        stored = [(row, _triple(row[7:], Evidence(row[28], row[29], row[30], row[31]))) for row in self._affected()]
        if self.changed_names:
            canon = dict(db.execute(f"SELECT name, canonical FROM names WHERE name IN {_IN}", (_lst(self.changed_names),)).fetchall())
            db.executemany("UPDATE quotes SET speaker = ? WHERE doc_speaker = ?", [(canon.get(n, n), n) for n in self.changed_names])
        names: set[str] = set()
        for t in [t for _, t in stored] + [t for _, _, t in self.new_triples]:
            names.update(n for n in (t.subject, t.object, t.attributed_to) if n is not None)
        names.update(q.speaker for _, q in self.new_quotes)
        types, renames, surnames = self._lookups(names) if names else ({}, {}, {})

        renamed = []
        for row, t in stored:
            c = corpus_triple(t, types, renames, surnames)
            if (c.subject, c.object, c.attributed_to, c.subject_type, c.object_type) != tuple(row[2:7]):
                renamed.append((row, t, c))
        fresh = [(key, sentence, t, corpus_triple(t, types, renames, surnames)) for key, sentence, t in self.new_triples]
        edges = self._edge_ids({(c.subject, c.object, c.label) for _, _, c in renamed} | {(c.subject, c.object, c.label) for *_, c in fresh if not c.object_is_clause})
        new_nodes: set[str] = set()
        updates = []
        for row, t, c in renamed:
            if row[1] is not None:
                self.dirty_edges.add(row[1])
            self.gone_nodes.update((row[2], row[3]))
            edge = None if c.object_is_clause else edges[(c.subject, c.object, c.label)]
            if edge is not None:
                self.dirty_edges.add(edge)
            new_nodes.update((c.subject,) if c.object_is_clause else (c.subject, c.object))
            updates.append((c.subject, c.object, c.attributed_to, c.subject_type, c.object_type, edge, *_doc_names(t, c), row[0]))
        db.executemany(
            "UPDATE triples SET subject = ?, object = ?, attributed_to = ?, subject_type = ?, object_type = ?, edge = ?, "
            "doc_subject = ?, doc_object = ?, doc_attributed_to = ? WHERE id = ?",
            updates,
        )
        inserts = []
        singles = set()
        appended: dict[int, list[Triple]] = defaultdict(list)
        for key, sentence, t, c in fresh:
            edge = None
            if not c.object_is_clause:
                edge = edges[(c.subject, c.object, c.label)]
                if key in self.replaced_docs:
                    self.dirty_edges.add(edge)  # (in the middle of the corpus: counted again)
                else:
                    appended[edge].append(c)
                new_nodes.update((c.subject, c.object))
                if " " not in t.object:
                    singles.add(t.object)
            else:
                new_nodes.add(c.subject)
            if " " not in t.subject:
                singles.add(t.subject)
            lo, hi = _date_span(t.date)
            doc_subject, doc_object, doc_attributed = _doc_names(t, c)
            inserts.append((
                self._id("triples"), key, sentence, c.subject, t.relation, c.object, int(t.negated), c.subject_type, c.object_type,
                c.attributed_to, edge, doc_subject, doc_object, t.subject_type, t.object_type, doc_attributed, t.subject_text,
                t.relation_text, t.object_text, t.modality, t.confidence, int(t.conditional),
                _json([[a.role, a.text] for a in t.extras]) if t.extras else None, t.interaction, t.intensity, t.pattern,
                int(t.object_is_clause), t.date, t.date_source, lo, hi, _more(t),
            ))  # fmt: skip
        db.executemany(_TRIPLE_INSERT, inserts)
        db.executemany("INSERT OR IGNORE INTO single_names (name, key) VALUES (?, ?)", [(n, n.lower()) for n in singles])
        db.executemany(
            'INSERT INTO quotes (id, doc, speaker, doc_speaker, cue, text, start, "end", evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (self._id("quotes"), key, renames.get(q.speaker, q.speaker), q.speaker, q.cue, q.text, q.evidence.start, q.evidence.end, q.evidence.sentence)
                for key, q in self.new_quotes
            ],
        )
        self._count_edges(appended)
        _add_lookup(db, ((n, [n]) for n in new_nodes), "n")
        gone = [
            n
            for n in self.gone_nodes - new_nodes
            if db.execute("SELECT 1 FROM triples WHERE subject = ? LIMIT 1", (n,)).fetchone() is None
            and db.execute("SELECT 1 FROM triples WHERE object = ? AND object_is_clause = 0 LIMIT 1", (n,)).fetchone() is None
        ]
        _drop_lookup(db, ((n, [n]) for n in gone), "n")

    def _edge_ids(self, keys: set[tuple[str, str, str]]) -> dict[tuple[str, str, str], int]:
        """The ids of the edges (subject, object, label); new ones are made empty, to be counted."""
        db = self.db
        ids: dict[tuple[str, str, str], int] = {}
        if not keys:
            return ids
        for edge, s, o, label in db.execute(
            "SELECT e.id, e.subject, e.object, e.label FROM json_each(?) k "
            "JOIN edges e ON e.subject = json_extract(k.value, '$[0]') AND e.object = json_extract(k.value, '$[1]') "
            "AND e.label = json_extract(k.value, '$[2]')",
            (_lst([list(k) for k in keys]),),
        ):
            ids[(s, o, label)] = edge
        rows = []
        for key in sorted(keys - set(ids)):
            relation, negated = (key[2][4:], 1) if key[2].startswith("not ") else (key[2], 0)
            ids[key] = edge = self._id("edges")
            rows.append((edge, *key, relation, negated))
            self.dirty_edges.add(edge)
        db.executemany(
            "INSERT INTO edges (id, subject, object, label, relation, negated, count, confidence, interaction, intensity, kind) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, 0, NULL, NULL, 'relation')",
            rows,
        )
        return ids

    def _count_edges(self, appended: Mapping[int, list[Triple]]) -> None:
        """Count edges again: from their triples when some left, changed, or came in the middle
        of the corpus; by adding the triples appended at its end otherwise (the first triple
        of an edge, which gives its relation, interaction and kind, stays first)."""
        db = self.db
        db.executemany(
            "UPDATE edges SET count = count + ?, confidence = max(confidence, ?) WHERE id = ?",
            [(len(ts), max(t.confidence for t in ts), edge) for edge, ts in appended.items() if edge not in self.dirty_edges],
        )
        if not self.dirty_edges:
            return
        dirty = _lst(self.dirty_edges)
        counts = {
            edge: (n, conf)
            for edge, n, conf in db.execute(f"SELECT edge, count(*), max(confidence) FROM triples WHERE edge IN {_IN} GROUP BY edge", (dirty,))
        }
        firsts = {}
        for edge, relation, negated, interaction, intensity, pattern in db.execute(
            "SELECT edge, relation, negated, interaction, intensity, pattern FROM triples WHERE id IN ("
            "SELECT (SELECT id FROM triples WHERE edge = e.value ORDER BY doc, id LIMIT 1) FROM json_each(?) e)",
            (dirty,),
        ):
            firsts[edge] = (relation, negated, interaction, intensity, "affiliation" if pattern == "affiliation" else "relation")
        empty = [e for e in self.dirty_edges if e not in counts]
        if empty:
            db.execute(f"DELETE FROM edges WHERE id IN {_IN}", (_lst(empty),))
        db.executemany(
            "UPDATE edges SET count = ?, confidence = ?, relation = ?, negated = ?, interaction = ?, intensity = ?, kind = ? WHERE id = ?",
            [(counts[e][0], counts[e][1], *firsts[e], e) for e in counts],
        )


def _doc_names(t: Triple, c: Triple) -> tuple[str | None, str | None, str | None]:
    """The document-level names of a triple where they differ from its corpus names (NULL
    where they are the same, which is most of the time)."""
    return (
        t.subject if t.subject != c.subject else None,
        t.object if t.object != c.object else None,
        t.attributed_to if t.attributed_to != c.attributed_to else None,
    )


def _only(names: set[str] | None) -> str | None:
    return next(iter(names)) if names and len(names) == 1 else None


def _lookup_rows(items: Iterable[tuple[str, list[str]]], source: str) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """The rows that index names under their keys, and multi-word keys under each word."""
    keys = set()
    words = set()
    for name, texts in items:
        for text in texts:
            for k in index_keys(text):
                keys.add((k, name, source))
                parts = k.split()
                if len(parts) > 1:
                    words.update((w, name, source) for w in parts)
    return keys, words


def _title_rows(entities: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(key, name) rows that find entities by the titles they hold (see :func:`kg.graph.query.title_keys`),
    from (name, titles as JSON) pairs."""
    return {(k, name) for name, titles in entities for title in json.loads(titles) for k in title_keys(title)}


def _add_lookup(db: sqlite3.Connection, items: Iterable[tuple[str, list[str]]], source: str) -> None:
    keys, words = _lookup_rows(items, source)
    db.executemany("INSERT OR IGNORE INTO lookup (key, name, source) VALUES (?, ?, ?)", keys)
    db.executemany("INSERT OR IGNORE INTO lookup_words (word, name, source) VALUES (?, ?, ?)", words)


def _drop_lookup(db: sqlite3.Connection, items: Iterable[tuple[str, list[str]]], source: str) -> None:
    keys, words = _lookup_rows(items, source)
    db.executemany("DELETE FROM lookup WHERE key = ? AND name = ? AND source = ?", keys)
    db.executemany("DELETE FROM lookup_words WHERE word = ? AND name = ? AND source = ?", words)
