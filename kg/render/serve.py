"""``kg serve``: a local web server that shows a store's graph and reads more of it on demand.

The server sends kg's own page (``kg/render/templates``) in its live mode: the page starts from a part
of the graph (the most connected entities, or the neighbourhood of some) and asks the server's
JSON API for the rest as the user searches, opens entities and reads evidence:

``GET /``
    The page.
``GET /api/search?q=TEXT[&limit=N]``
    Entities and other nodes whose name, alias or title begins like TEXT (or has a word that
    does), best first: ``{"query", "results": [{"name", "type", "degree", "match"}]}``.
``GET /api/neighbors?name=NAME[&limit=N][&offset=K][&known=NAME...][&since=D][&until=D]``
    The entity, its neighbours (most related first, ``limit`` from ``offset``) and the edges
    that join them to each other and to the ``known`` nodes (those the page shows), with
    counts and dates but no sentences: ``{"name", "total", "offset", "neighbors", "nodes",
    "edges"}``.
``GET /api/evidence?name=NAME | source=A&target=B[&label=L] [&offset=K][&limit=N][&since][&until]``
    The sentences behind an entity or an edge, a page at a time:
    ``{"total", "offset", "items", "docs"}``.

It uses the standard library's :class:`http.server.ThreadingHTTPServer`: the server answers one
user on one machine, every answer is a few SQL queries on a store opened read-only for that
request, and kg gains no dependency. It is read-only (GET and HEAD; other methods get 405),
serves no file but its page, answers unknown paths with 404 and bad parameters with 400 (always
a JSON ``{"error": ...}``), listens on 127.0.0.1 unless told otherwise, answers only requests
that name it (the Host header: a web page elsewhere cannot reach it through DNS rebinding), and
stops cleanly on Ctrl-C or SIGTERM. Document text is JSON data in every answer; the page shows
it as text only, and its Content-Security-Policy lets it fetch from its own origin and nothing
else.

Example:
    >>> server = make_server(ServeOptions("news.kgdb"), port=0)  # doctest: +SKIP
    >>> server.serve_forever()  # doctest: +SKIP
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.errors import EntityNotFound, KgError
from kg.graph.query import TripleFilter, date_range, edge_evidence
from kg.graph.store import Store
from kg.render.pages import PageSpec, page_graph

__all__ = ["ServeOptions", "KgServer", "make_server", "LOOPBACK", "NEIGHBORS", "START_TOP"]

#: Host names that mean this machine only.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Neighbours a page adds when it opens an entity.
NEIGHBORS = 50
#: Entities the page starts from, unless --top or --around says otherwise.
START_TOP = 100

_MAX_KNOWN = 5000
_MAX_FIELDS = _MAX_KNOWN + 20
_JSON_HEADERS = {"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"}


@dataclass(frozen=True)
class ServeOptions:
    """What ``kg serve`` serves.

    Attributes:
        store: The store file.
        start: The part of the graph the page starts from (its ``where`` holds the server's
            date range, which every answer keeps to).
        title: The page's title.
        neighbors: Neighbours the page adds at a time.
        verbose: Log every request on standard error (else only server errors).
    """

    store: Path
    start: PageSpec = field(default_factory=lambda: PageSpec(top=START_TOP))
    title: str = "kg graph"
    neighbors: int = NEIGHBORS
    verbose: bool = False


class _BadRequest(KgError):
    """A request the API cannot answer as asked (400)."""


class _Empty(Exception):
    """A date range outside the server's: nothing to answer."""


class KgServer(ThreadingHTTPServer):
    """The HTTP server of ``kg serve``: one thread per request, each with its own read-only
    connection to the store (so a running ``kg build --into`` may add documents, and new
    requests see them)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], options: ServeOptions) -> None:
        host = address[0]
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.options = options
        self.view = options.start.view
        self._page_lock = threading.Lock()
        self._page: tuple[Any, bytes] | None = None
        super().__init__(address, _Handler)
        port = self.server_address[1]
        self.port = port
        # the names a request to this server may give in its Host header (when it listens on
        # this machine only; on a network address, any)
        self.hosts: frozenset[str] | None = None
        if host in LOOPBACK:
            self.hosts = frozenset({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"})

    @property
    def url(self) -> str:
        host = self.server_address[0]
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.port}/"

    def store(self) -> Store:
        """The store, opened read-only for one request."""
        return Store(self.options.store)

    def page(self) -> bytes:
        """The page: its starting part of the graph, read again when the store has changed."""
        with self.store() as store:
            with store._snapshot() as db:
                state = db.execute("SELECT count(*), max(id), max(added) FROM documents").fetchone()
                with self._page_lock:
                    if self._page is not None and self._page[0] == state:
                        return self._page[1]
                text = self._render(store)
        with self._page_lock:
            self._page = (state, text)
        return text

    def _render(self, store: Store) -> bytes:
        from kg.render.page import render_html

        spec = replace(self.options.start, evidence=0)
        page = page_graph(store, spec)
        graph = page.graph
        for name, total in store.degrees(list(graph.nodes)).items():
            graph.nodes[name]["relations_total"] = total
        where = self.options.start.where
        live = {"api": "/api/", "neighbors": self.options.neighbors, "store": self.options.store.name,
                "since": where.since, "until": where.until}
        text, _ = render_html(graph, None, title=self.options.title, view=self.view, live=live, notes=page.notes)
        return text.encode("utf-8")


def make_server(options: ServeOptions, host: str = "127.0.0.1", port: int = 8765) -> KgServer:
    """A server for ``options`` listening on ``host``:``port`` (0 for any free port); call
    ``serve_forever()`` on it, and ``shutdown()`` from another thread to stop it.

    Raises:
        GraphFormatError: The store is missing, not a kg store, or damaged.
        KgError: The port cannot be listened on.
    """
    Store(options.store).close()  # refuse a missing or foreign file before listening
    try:
        return KgServer((host, port), options)
    except OSError as exc:
        if exc.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
            raise KgError(f"cannot listen on {host}:{port}: the port is in use (another kg serve?); give another with --port") from None
        raise KgError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


# -- the API ----------------------------------------------------------------------------------------


class _Params:
    """The query of a request, checked: each parameter given at most once (but ``known``), of
    the right kind, and none unknown."""

    def __init__(self, query: str, allowed: frozenset[str]) -> None:
        try:
            self.raw = parse_qs(query, keep_blank_values=True, max_num_fields=_MAX_FIELDS)
        except ValueError:
            raise _BadRequest(f"too many parameters (at most {_MAX_FIELDS})") from None
        unknown = sorted(set(self.raw) - allowed)
        if unknown:
            raise _BadRequest(f"unknown parameter {unknown[0]!r}; this endpoint takes {', '.join(sorted(allowed))}")

    def text(self, name: str, required: bool = False, most: int = 500) -> str | None:
        values = self.raw.get(name)
        if not values:
            if required:
                raise _BadRequest(f"give the parameter {name!r}")
            return None
        if len(values) > 1:
            raise _BadRequest(f"give {name!r} once")
        value = values[0].strip()
        if required and not value:
            raise _BadRequest(f"the parameter {name!r} is empty")
        if len(value) > most:
            raise _BadRequest(f"{name!r} is longer than {most} characters")
        return value or None

    def number(self, name: str, default: int, least: int, most: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not value.isdigit():
            raise _BadRequest(f"{name!r} must be a whole number from {least} to {most}, not {value!r}")
        n = int(value)
        if not least <= n <= most:
            raise _BadRequest(f"{name!r} must be from {least} to {most}, not {n}")
        return n

    def names(self, name: str) -> list[str]:
        values = [v.strip() for v in self.raw.get(name, []) if v.strip()]
        if len(values) > _MAX_KNOWN:
            raise _BadRequest(f"give at most {_MAX_KNOWN} {name!r} names")
        return values


def _where(server: KgServer, p: _Params) -> TripleFilter | None:
    """The date range of a request within the server's: the later start, the earlier end."""
    bounds = server.options.start.where
    asked = date_range(p.text("since", most=20), p.text("until", most=20))  # KgError for no date: 400
    mine = date_range(bounds.since, bounds.until)
    if asked is None and mine is None:
        return bounds or None
    ranges = [r for r in (asked, mine) if r is not None]
    lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
    if lo > hi:
        raise _Empty
    # (date_range writes an open end as the first or last day there is)
    return replace(bounds, since=None if lo == "0000-01-01" else lo, until=None if hi == "9999-12-31" else hi)


def _search(server: KgServer, store: Store, p: _Params) -> dict[str, Any]:
    q = p.text("q", required=True, most=200)
    limit = p.number("limit", 20, 1, 50)
    hits = store.search(q or "", limit)
    return {"query": q, "results": [{"name": h.name, "type": h.type, "degree": h.degree, "match": h.match} for h in hits]}


def _neighbors(server: KgServer, store: Store, p: _Params) -> dict[str, Any]:
    from kg.render.page import graph_items

    name = p.text("name", required=True)
    limit = p.number("limit", server.options.neighbors, 1, 500)
    offset = p.number("offset", 0, 0, 10_000_000)
    known = p.names("known")
    try:
        where = _where(server, p)
    except _Empty:
        center = store.resolve_name(name or "")
        return {"name": center, "total": 0, "offset": offset, "neighbors": [], "nodes": [], "edges": []}
    found = store.neighborhood(name or "", limit=limit, offset=offset, known=known, view=server.view, where=where)
    nodes, edges = graph_items(found.graph, server.view, names=True)
    new = {found.name, *found.neighbors}
    return {
        "name": found.name,
        "total": found.total,
        "offset": offset,
        "neighbors": list(found.neighbors),
        "nodes": [n for n in nodes if n["name"] in new],
        "edges": edges,
    }


def _evidence(server: KgServer, store: Store, p: _Params) -> dict[str, Any]:
    from kg.render.page import evidence_records

    name, source, target, label = p.text("name"), p.text("source"), p.text("target"), p.text("label")
    offset = p.number("offset", 0, 0, 10_000_000)
    limit = p.number("limit", 20, 1, 100)
    if name is None and (source is None or target is None):
        raise _BadRequest("give name (an entity) or source and target (an edge; label for one relation)")
    if name is not None and (source or target or label):
        raise _BadRequest("give name, or source and target, not both")
    try:
        where = _where(server, p)
    except _Empty:
        return {"total": 0, "offset": offset, "items": [], "docs": {}}
    total, triples = store.evidence(
        name=name, source=source, target=target, label=label, view=server.view, where=where, offset=offset, limit=limit
    )
    items = []
    for t in triples:
        ev = edge_evidence(t)
        ev.update(subject=t.subject, relation=t.label, object=t.object)
        items.extend(evidence_records([ev]))
    return {"total": total, "offset": offset, "items": items, "docs": store.document_meta({t.evidence.doc_id for t in triples})}


_ENDPOINTS: dict[str, tuple[Callable[[KgServer, Store, _Params], dict[str, Any]], frozenset[str]]] = {
    "search": (_search, frozenset({"q", "limit"})),
    "neighbors": (_neighbors, frozenset({"name", "limit", "offset", "known", "since", "until"})),
    "evidence": (_evidence, frozenset({"name", "source", "target", "label", "offset", "limit", "since", "until"})),
}


# -- HTTP -------------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: KgServer
    protocol_version = "HTTP/1.1"
    def version_string(self) -> str:
        return "kg"

    def do_GET(self) -> None:  # noqa: N802 (http.server's names)
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _refuse(self) -> None:
        self._send_json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": f"{self.command} is not allowed: kg serve is read-only (GET and HEAD)"},
                        extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse  # noqa: N815

    def _answer(self, head: bool) -> None:
        self._head = head
        try:
            if self.server.hosts is not None:
                host = (self.headers.get("Host") or "").strip().lower()
                if host and host not in self.server.hosts:
                    self._send_json(HTTPStatus.FORBIDDEN, {"error": f"this server answers requests for {self.server.url} only, not for {host!r}"})
                    return
            url = urlsplit(self.path)
            path = url.path
            if path in ("/", "/index.html"):
                if url.query:
                    raise _BadRequest("the page takes no parameters")
                self._send(HTTPStatus.OK, self.server.page(), "text/html; charset=utf-8", _page_headers())
                return
            if path == "/favicon.ico":
                self._send(HTTPStatus.NO_CONTENT, b"", None)
                return
            endpoint = _ENDPOINTS.get(path[len("/api/"):]) if path.startswith("/api/") else None
            if endpoint is None:
                self._send_json(HTTPStatus.NOT_FOUND, {"error": f"no such page: {path[:200]!r}; the page is / and the API /api/search, /api/neighbors, /api/evidence"})
                return
            handler, allowed = endpoint
            params = _Params(url.query, allowed)
            with self.server.store() as store:
                answer = handler(self.server, store, params)
            self._send_json(HTTPStatus.OK, answer)
        except _BadRequest as exc:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
        except EntityNotFound as exc:
            self._send_json(HTTPStatus.NOT_FOUND, {"error": str(exc)})
        except KgError as exc:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:  # a bug: say so on the console, and answer 500 without the details
            sys.stderr.write(f"kg serve: error answering {self.path[:200]!r}:\n{traceback.format_exc()}")
            self._send_json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "the server failed to answer; its console says why"})

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Malformed requests (http.server's own checks) get a JSON answer too."""
        try:
            short, _ = self.responses[code]
        except KeyError:
            short = "error"
        self.close_connection = True
        self._head = getattr(self, "command", None) == "HEAD"
        self._send_json(code, {"error": message or short}, extra={"Connection": "close"})

    def _send_json(self, status: int, body: Mapping[str, Any], extra: Mapping[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(status, data, "application/json; charset=utf-8", {**_JSON_HEADERS, **(extra or {})})

    def _send(self, status: int, body: bytes, content_type: str | None, extra: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if body and not getattr(self, "_head", False):
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        if self.server.options.verbose:
            sys.stderr.write(f"kg serve: {self.address_string()} {format % args}\n")

    def log_error(self, format: str, *args: Any) -> None:  # noqa: A002
        self.log_message(format, *args)


def _page_headers() -> dict[str, str]:
    from kg.render.page import CSP_LIVE

    return {"Content-Security-Policy": CSP_LIVE + "; frame-ancestors 'none'", "X-Frame-Options": "DENY"}
