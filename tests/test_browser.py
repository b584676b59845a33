"""Tests of kg's HTML view in headless Chromium (Debian's /usr/bin/chromium, via playwright).

Skipped when /usr/bin/chromium is absent, unless KG_REQUIRE_BROWSER is set (to anything but
"" or "0"): then a missing browser is a failure. Install with ``apt-get install -y chromium``;
never ``playwright install``.

Every page is opened from a file with the network blocked: any request that is not file:,
data: or blob: is aborted and recorded, and each test checks that none was made, none failed
and the console logged no error.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.render.page import EDGE_COLORS, render_html

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = "<script>alert(1)</script> Veloria hosted the fair."


def _browser_required() -> bool:
    return os.environ.get("KG_REQUIRE_BROWSER", "") not in ("", "0")


def _no_browser(reason: str) -> None:
    if _browser_required():
        pytest.fail(f"{reason} and KG_REQUIRE_BROWSER is set", pytrace=False)
    pytest.skip(f"{reason} (apt-get install -y chromium; set KG_REQUIRE_BROWSER=1 to make this fail)")


# ------------------------------------------------------------------------------- graphs ---


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
    g.add_node("Ostmark", label="Ostmark", type="GPE", mentions=2, aliases={}, docs=["d4"])
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
    g.add_edge("Ostmark", "Veloria", key="meet", relation="meet", label="meet", negated=False,
               count=1, confidence=0.7, interaction="verbal cooperation", intensity=2.0,
               evidence=[ev("d4", "Ostmark envoys met Veloria officials at the border.")])
    return g


def interactions_graph() -> nx.Graph:
    g = nx.Graph()
    for name, etype in [("Veloria", "GPE"), ("Ostmark", "GPE"), ("Mara Quill", "PERSON"),
                        ("Tarn Shipping", "ORG")]:
        g.add_node(name, label=name, type=etype, mentions=3)
    # the undirected edge is stored the other way round from who acted
    g.add_edge("Ostmark", "Veloria", weight=6,
               classes={"verbal conflict": 4, "material conflict": 2},
               intensity=-4.2, relations={"accuse": 4, "sanction": 2},
               evidence=[dict(ev("d1", "Veloria accused Ostmark of hiding the cargo."),
                              subject="Veloria", relation="accuse", object="Ostmark")])
    g.add_edge("Mara Quill", "Tarn Shipping", weight=6, classes={"material cooperation": 6},
               intensity=5.0, relations={"sign deal with": 6},
               evidence=[ev("d2", "Mara Quill signed a deal with Tarn Shipping.")])
    g.add_edge("Mara Quill", "Ostmark", weight=1, classes={"neutral": 1}, intensity=0.0,
               relations={"visit": 1}, evidence=[ev("d3", "Mara Quill visited Ostmark.")])
    return g


# ----------------------------------------------------------------------------- fixtures ---


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _no_browser(f"no browser at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev environment has it
        _no_browser("the playwright package is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def pages_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("kg_pages")
    render_html(relations_graph(), d / "relations.html", title="Relations test")
    render_html(interactions_graph(), d / "interactions.html", title="Interactions test",
                view="interactions")
    return d


@dataclass
class Opened:
    page: Any
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def check_clean(self) -> None:
        assert self.external == [], f"non-file requests: {self.external}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def until(self, expression: str, arg: Any = None, timeout: float = 5.0) -> Any:
        """Poll ``expression`` until truthy (page.wait_for_function needs eval, which CSP blocks)."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.js(expression, arg)
            if got:
                return got
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {expression!r}")
            self.page.wait_for_timeout(40)


@pytest.fixture
def open_page(browser):
    opened: list[Any] = []

    def _open(path: Path) -> Opened:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        opened.append(page)
        o = Opened(page)

        def route(r):
            url = r.request.url
            if url.startswith(("file:", "data:", "blob:")):
                r.continue_()
            else:
                o.external.append(url)
                r.abort()

        page.route("**/*", route)
        _listen(page, o)
        page.goto(path.as_uri())
        # a selector wait: the page's CSP forbids the eval that wait_for_function polls with
        page.wait_for_selector("html[data-kg-ready='1']", state="attached", timeout=15_000)
        return o

    yield _open
    for page in opened:
        page.close()


def _listen(page: Any, o: Opened) -> None:
    """Record the page's failed requests, console errors, page errors and dialogs on ``o``."""
    page.on("requestfailed", lambda req: o.failed.append(req.url))
    page.on("console", lambda m: o.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: o.errors.append(f"page error: {e}"))

    def on_dialog(d):
        o.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)


def node_id(o: Opened, label: str) -> int:
    got = o.js("(l) => kgView.nodeIdByLabel(l)", label)
    assert got is not None, label
    return got


def edge_id(o: Opened, src: str, label: str, dst: str) -> int:
    return o.js(
        """([s, l, t]) => kgView.data.edges.find(e => e.label === l &&
             kgView.data.nodes[e.from].label === s && kgView.data.nodes[e.to].label === t).id""",
        [src, label, dst],
    )


def hidden_nodes(o: Opened) -> set[str]:
    return set(o.js("kgView.nodes.get({filter: n => n.hidden === true}).map(n => n.label)"))


def panel_text(o: Opened) -> str:
    return o.page.inner_text("#kg-panel")


# -------------------------------------------------------------------------------- tests ---


def test_page_loads_offline_and_clean(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    assert o.js("kgView.nodes.length") == 5
    assert o.js("kgView.edges.length") == 5
    assert o.js("document.querySelectorAll('#kg-graph canvas').length") == 1
    assert o.js("document.title") == "Relations test"
    stats = o.page.inner_text("#kg-stats")
    assert "5 nodes" in stats and "5 edges" in stats
    legend = o.page.inner_text("#kg-legend")
    for group in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
        assert group in legend
    o.check_clean()


def test_search_focuses_entity_and_shows_evidence(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    mara = node_id(o, "Mara Quill")
    o.page.click("#kg-search")
    o.page.keyboard.type("mara quill")  # case-insensitive exact match selects as you type
    o.until("(id) => kgView.network.getSelectedNodes().includes(id)", mara)
    assert o.page.inner_text("#kg-panel-title") == "Mara Quill"
    text = panel_text(o)
    assert "Mara Quill met Tarn Shipping executives on Monday." in text
    assert "d1" in text and "d2" in text
    # neighbours stay bright, the rest is dimmed
    dimmed = set(o.js("Array.from(kgView.state.dimmedNodes)"))
    assert node_id(o, "Ostmark") in dimmed and mara not in dimmed
    assert node_id(o, "Tarn Shipping") not in dimmed

    # an alias, typed partly, then Enter
    o.page.fill("#kg-search", "")
    o.js("kgView.clearSelection()")
    o.page.click("#kg-search")
    o.page.keyboard.type("quil")
    o.page.keyboard.press("Enter")
    o.until("(id) => kgView.network.getSelectedNodes().includes(id)", mara)
    assert "Showing Mara Quill" in o.page.inner_text("#kg-search-status")

    o.page.fill("#kg-search", "nobody by that name")
    o.page.keyboard.press("Enter")
    assert "No entity matches" in o.page.inner_text("#kg-search-status")
    o.check_clean()


def test_entity_type_filter_hides_and_restores(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    assert hidden_nodes(o) == set()
    o.page.uncheck('#kg-type-list input[data-type="GPE"]')
    assert hidden_nodes(o) == {"Veloria", "Ostmark"}
    # edges touching a hidden node are hidden as well
    assert o.js("kgView.visibleEdgeIds().length") == 2
    o.page.uncheck('#kg-type-list input[data-type="PERSON"]')
    assert hidden_nodes(o) == {"Veloria", "Ostmark", "Mara Quill"}
    o.page.check('#kg-type-list input[data-type="GPE"]')
    assert hidden_nodes(o) == {"Mara Quill"}
    o.page.check('#kg-type-list input[data-type="PERSON"]')
    assert hidden_nodes(o) == set()
    assert o.js("kgView.visibleEdgeIds().length") == 5

    # untyped entities have their own box; Clear filters brings everything back
    o.page.uncheck('#kg-type-list input[data-type=""]')
    assert hidden_nodes(o) == {XSS_NAME}
    o.page.uncheck('#kg-type-list input[data-type="ORG"]')
    o.page.click("#kg-reset")
    assert hidden_nodes(o) == set()
    assert o.js("kgView.edges.get({filter: e => e.hidden === true}).length") == 0
    assert o.js("document.querySelectorAll('#kg-type-list input:not(:checked)').length") == 0
    o.check_clean()


def test_min_weight_filter(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    o.page.fill("#kg-min-weight", "2")
    visible = set(o.js("kgView.visibleEdgeIds().map(i => kgView.data.edges[i].label)"))
    assert visible == {"meet", "lead"}  # counts 2 and 3
    assert o.js("kgView.visibleEdgeIds().length") == 2
    # entities left without a shown relation are hidden
    assert hidden_nodes(o) == {"Ostmark", XSS_NAME}
    o.page.fill("#kg-min-weight", "3")
    assert hidden_nodes(o) == {"Ostmark", XSS_NAME, "Tarn Shipping"}
    o.page.fill("#kg-min-weight", "1")
    assert hidden_nodes(o) == set()
    assert o.js("kgView.visibleEdgeIds().length") == 5
    o.check_clean()


def test_relation_and_class_filters(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    o.page.select_option("#kg-relation-filter", "meet")
    labels = o.js("kgView.visibleEdgeIds().map(i => kgView.data.edges[i].label)")
    assert sorted(labels) == ["meet", "meet"]
    assert hidden_nodes(o) == {XSS_NAME}
    o.page.select_option("#kg-relation-filter", "")
    o.page.select_option("#kg-class-filter", "material conflict")
    labels = o.js("kgView.visibleEdgeIds().map(i => kgView.data.edges[i].label)")
    assert labels == ["not fine"]
    assert hidden_nodes(o) == {"Veloria", "Ostmark", XSS_NAME}
    # both at once can match nothing; the page stays usable and clears cleanly
    o.page.select_option("#kg-relation-filter", "meet")
    assert o.js("kgView.visibleNodeIds().length") == 0
    assert "0 of 5 nodes" in o.page.inner_text("#kg-stats")
    o.page.click("#kg-reset")
    assert hidden_nodes(o) == set() and o.js("kgView.visibleEdgeIds().length") == 5
    assert o.page.input_value("#kg-relation-filter") == ""
    o.check_clean()


def _edge_point(o: Opened, eid: int) -> dict:
    """Page coordinates of the middle of an edge as drawn (curves included)."""
    return o.js(
        """(id) => {
            const net = kgView.network;
            const edge = net.body.edges[id];
            const mid = edge.edgeType.getPoint(0.5);
            const dom = net.canvasToDOM(mid);
            const box = document.querySelector('#kg-graph canvas').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y, domX: dom.x, domY: dom.y};
        }""",
        eid,
    )


def test_click_edge_lists_its_evidence(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    eid = edge_id(o, "Mara Quill", "meet", "Tarn Shipping")
    pt = _edge_point(o, eid)
    assert o.js("(p) => kgView.network.getEdgeAt({x: p.domX, y: p.domY})", pt) == eid
    o.page.mouse.click(pt["x"], pt["y"])
    o.until("(id) => kgView.network.getSelectedEdges().includes(id)", eid)
    assert o.js("document.getElementById('kg-panel-body').dataset.kind") == "edge"
    title = o.page.inner_text("#kg-panel-title")
    assert "Mara Quill" in title and "meet" in title and "Tarn Shipping" in title
    items = o.js(
        "Array.from(document.querySelectorAll('#kg-panel .kg-evidence li')).map(li => "
        "[li.querySelector('.kg-doc').textContent, li.querySelector('.kg-sentence').textContent])"
    )
    assert items == [["d1", "Mara Quill met Tarn Shipping executives on Monday."],
                     ["d2", "Quill met Tarn Shipping again in the spring."]]

    # the API path selects too, and clicking empty canvas clears the panel
    other = edge_id(o, "Ostmark", "meet", "Veloria")
    assert o.js("(id) => kgView.selectEdge(id)", other) is True
    assert "Ostmark envoys met Veloria officials at the border." in panel_text(o)
    box = o.page.locator("#kg-graph").bounding_box()
    o.page.mouse.click(box["x"] + 5, box["y"] + 5)
    o.until("document.getElementById('kg-panel-body').dataset.kind === undefined")
    assert o.js("kgView.state.dimmedNodes.size") == 0
    o.check_clean()


def test_untrusted_text_stays_text(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    eid = edge_id(o, "Veloria", "host", XSS_NAME)
    # hover tooltip: a DOM element holding the sentence as text
    assert o.js("(id) => kgView.edges.get(id).title instanceof HTMLElement", eid)
    pt = _edge_point(o, eid)
    o.page.mouse.move(pt["x"] - 3, pt["y"] - 3)
    o.page.mouse.move(pt["x"], pt["y"])
    o.until(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.textContent.includes('alert(1)'); }"
    )
    tip = o.js("document.querySelector('div.vis-tooltip').textContent")
    assert XSS_SENTENCE in tip and XSS_NAME in tip
    assert o.js("document.querySelectorAll('div.vis-tooltip script, div.vis-tooltip img').length") == 0

    # the node named like an img tag, found by search
    o.page.fill("#kg-search", XSS_NAME)
    o.page.keyboard.press("Enter")
    xss = node_id(o, XSS_NAME)
    o.until("(id) => kgView.network.getSelectedNodes().includes(id)", xss)
    assert o.page.inner_text("#kg-panel-title") == XSS_NAME
    assert XSS_SENTENCE in panel_text(o)
    # the edge whose sentence holds a script tag
    o.js("(id) => kgView.selectEdge(id)", eid)
    assert XSS_SENTENCE in panel_text(o)
    assert XSS_NAME in o.page.inner_text("#kg-panel-title")
    assert o.js("document.querySelectorAll('#kg-panel img, #kg-panel script').length") == 0
    assert o.js("document.querySelectorAll('img').length") == 0
    assert o.js("document.scripts.length") == 3
    o.page.wait_for_timeout(100)
    assert o.dialogs == []
    o.check_clean()


def _pixel_near(o: Opened, eid: int) -> list[int]:
    """The most saturated canvas pixel near a few points along an edge (clear of its label)."""
    return o.js(
        """(id) => {
            const net = kgView.network;
            const canvas = document.querySelector('#kg-graph canvas');
            const ratio = canvas.width / canvas.getBoundingClientRect().width;
            const ctx = canvas.getContext('2d');
            let best = [0, 0, 0, 0], bestSat = -1;
            for (const t of [0.25, 0.3, 0.7, 0.75])
            for (let dx = -3; dx <= 3; dx++) for (let dy = -3; dy <= 3; dy++) {
                const dom = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(t));
                const p = ctx.getImageData(Math.round((dom.x + dx) * ratio),
                                           Math.round((dom.y + dy) * ratio), 1, 1).data;
                const sat = Math.max(p[0], p[1], p[2]) - Math.min(p[0], p[1], p[2]);
                if (p[3] > 0 && sat > bestSat) { bestSat = sat; best = Array.from(p); }
            }
            return best;
        }""",
        eid,
    )


def test_interactions_view_draws_coloured_edges(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "interactions.html")
    assert o.js("kgView.data.meta.view") == "interactions"
    conflict = o.js(
        """() => kgView.data.edges.find(e => e.label === "accuse, sanction" &&
             [kgView.data.nodes[e.from].label, kgView.data.nodes[e.to].label].sort().join() === "Ostmark,Veloria").id"""
    )
    coop = edge_id(o, "Mara Quill", "sign deal with", "Tarn Shipping")
    assert o.js("(id) => kgView.edges.get(id).color.color", conflict) == EDGE_COLORS["conflict"]
    assert o.js("(id) => kgView.edges.get(id).color.color", coop) == EDGE_COLORS["cooperation"]
    r, g, b, _ = _pixel_near(o, conflict)
    assert r > 150 and r > g + 60 and r > b + 60, (r, g, b)
    r, g, b, _ = _pixel_near(o, coop)
    assert g > 100 and g > r + 40 and g > b + 40, (r, g, b)
    # class filter uses the interaction classes
    o.page.select_option("#kg-class-filter", "material cooperation")
    assert o.js("kgView.visibleEdgeIds()") == [coop]
    o.page.select_option("#kg-class-filter", "")
    o.page.select_option("#kg-relation-filter", "visit")
    assert len(o.js("kgView.visibleEdgeIds()")) == 1
    o.page.click("#kg-reset")
    o.js("(id) => kgView.selectEdge(id)", conflict)
    text = panel_text(o)
    assert "Veloria accused Ostmark of hiding the cargo." in text and "verbal conflict" in text
    # each sentence says who did what to whom, whatever the order of the edge's ends
    assert "Veloria \u2014 accuse \u2192 Ostmark" in text and "Between" in text
    o.check_clean()


def test_notebook_iframe_renders(open_page, browser, tmp_path) -> None:
    from kg.render.page import notebook_html

    text, _ = render_html(relations_graph())
    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><body><p>cell output</p>"
                    + notebook_html(text, height=500) + "</body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    try:
        external: list[str] = []
        errors: list[str] = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
            ("file:", "data:", "blob:", "about:")) else (external.append(r.request.url), r.abort()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(host.as_uri())
        frame = page.frames[1]
        frame.wait_for_selector("html[data-kg-ready='1']", state="attached", timeout=15_000)
        assert frame.evaluate("kgView.nodes.length") == 5
        height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
        assert height == 500
        assert external == [] and errors == []
    finally:
        page.close()


def test_filter_hiding_the_selection_clears_the_panel(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    o.page.fill("#kg-search", "Mara Quill")
    o.page.click("#kg-search-go")
    o.until("() => document.querySelector('#kg-panel-title').textContent === 'Mara Quill'")
    o.page.uncheck('#kg-type-list input[data-type="PERSON"]')
    o.until("() => document.querySelector('#kg-panel-title').textContent !== 'Mara Quill'")
    o.page.click("#kg-reset")
    o.check_clean()


# ------------------------------------------------------------------------------- time -----

XSS_TITLE = "<img src=x onerror=alert(2)> Harbour news"


def dated(ev_dict: dict, when: str, source: str = "text") -> dict:
    return dict(ev_dict, date=when, date_source=source)


def dated_graph() -> nx.MultiDiGraph:
    g = relations_graph()
    meet = g.edges["Mara Quill", "Tarn Shipping", "meet"]
    meet["evidence"] = [dated(meet["evidence"][0], "2009-02-02"), dated(meet["evidence"][1], "2009-03")]
    fine = g.edges["Mara Quill", "Tarn Shipping", "not fine"]
    fine["evidence"] = [dated(fine["evidence"][0], "2009-03-10", "document")]
    host = g.edges["Veloria", XSS_NAME, "host"]
    host["evidence"] = [dated(host["evidence"][0], "2009-02-20")]
    border = g.edges["Ostmark", "Veloria", "meet"]
    border["evidence"] = [dated(border["evidence"][0], "2009-W10")]
    return g  # "lead" stays undated


@pytest.fixture(scope="module")
def dated_page(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("kg_dated")
    docs = {"d1": {"title": XSS_TITLE, "date": "2009-02-03"}, "d2": {"date": "2009-03-11"}, "d9": {"title": "not cited"}}
    render_html(dated_graph(), d / "dated.html", title="Dated", documents=docs)
    return d / "dated.html"


def visible_labels(o: Opened) -> list[str]:
    return sorted(o.js("kgView.visibleEdgeIds().map(i => kgView.data.nodes[kgView.data.edges[i].from].label + ' ' + kgView.data.edges[i].label)"))


def test_timeline_histogram_and_drag_filters_the_graph(open_page, dated_page) -> None:
    o = open_page(dated_page)
    tl = o.js("kgView.timeline()")
    # 2 February to 31 March: by day; the month- and week-precise dates are not drawn
    assert tl["unit"] == "day" and len(tl["bins"]) == 58 and sum(tl["bins"]) == 3 and tl["coarser"] == 2
    assert o.js("document.querySelectorAll('#kg-histogram .kg-bar').length") == 58
    assert "5 of 6 relations dated, by day" in o.page.inner_text("#kg-time-note")
    assert o.js("Object.keys(kgView.data.docs).sort()") == ["d1", "d2"]  # only cited documents

    # drag across the first 18 days (2 to 19 February)
    box = o.page.locator("#kg-histogram").bounding_box()
    y = box["y"] + box["height"] / 2
    o.page.mouse.move(box["x"] + 2, y)
    o.page.mouse.down()
    o.page.mouse.move(box["x"] + box["width"] * 10 / 58, y)
    o.page.mouse.move(box["x"] + box["width"] * 17.5 / 58, y)
    o.page.mouse.up()
    assert visible_labels(o) == ["Mara Quill meet"]
    assert hidden_nodes(o) == {"Veloria", "Ostmark", XSS_NAME}
    assert o.page.input_value("#kg-since") == "2009-02-02" and o.page.input_value("#kg-until") == "2009-02-19"
    assert "showing 2009-02-02 to 2009-02-19" in o.page.inner_text("#kg-time-status")
    assert o.js("document.querySelectorAll('#kg-histogram .kg-in-range').length") == 18
    assert "1 of 5 edges shown" in o.page.inner_text("#kg-stats")

    # the date fields: March, where a month-, a week- and a day-precise date overlap it
    o.page.fill("#kg-since", "2009-03-01")
    o.page.fill("#kg-until", "2009-03-31")
    o.page.locator("#kg-until").dispatch_event("change")
    assert visible_labels(o) == ["Mara Quill meet", "Mara Quill not fine", "Ostmark meet"]
    # with the other filters
    o.page.select_option("#kg-relation-filter", "meet")
    assert visible_labels(o) == ["Mara Quill meet", "Ostmark meet"]
    o.page.click("#kg-time-clear")
    assert visible_labels(o) == ["Mara Quill meet", "Ostmark meet"]  # all dates, still only meet
    o.page.click("#kg-reset")
    assert len(visible_labels(o)) == 5 and o.page.input_value("#kg-since") == ""
    assert o.js("kgView.setTimeRange('2009-02-20', '2009-02-20')")["edges"] == 1
    assert visible_labels(o) == ["Veloria host"]
    o.check_clean()


def test_evidence_panel_shows_dates_and_document_titles(open_page, dated_page) -> None:
    o = open_page(dated_page)
    eid = edge_id(o, "Mara Quill", "meet", "Tarn Shipping")
    o.js("(id) => kgView.selectEdge(id)", eid)
    items = o.js(
        "Array.from(document.querySelectorAll('#kg-panel .kg-evidence li')).map(li => "
        "[li.querySelector('.kg-date').textContent, (li.querySelector('.kg-doc-title') || {}).textContent])"
    )
    assert items == [["2009-02-02", XSS_TITLE + " \u00b7 2009-02-03"], ["2009-03", "d2 \u00b7 2009-03-11"]]
    fine = edge_id(o, "Mara Quill", "not fine", "Tarn Shipping")
    o.js("(id) => kgView.selectEdge(id)", fine)
    assert o.js("document.querySelector('#kg-panel .kg-date').classList.contains('kg-from-document')")
    assert o.js("document.querySelectorAll('img, #kg-panel script').length") == 0
    o.page.wait_for_timeout(100)
    assert o.dialogs == []
    o.check_clean()


def test_undated_page_says_so(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    assert "No relation in this graph has a date." in o.page.inner_text("#kg-time-note")
    assert o.js("document.getElementById('kg-histogram').hidden") is True
    assert o.js("document.getElementById('kg-since').disabled") is True
    o.check_clean()


def test_timeline_axis_leaves_far_outliers_off(open_page, tmp_path) -> None:
    g = nx.MultiDiGraph()
    for i in range(40):
        g.add_edge(f"A{i}", f"B{i}", key="meet", relation="meet", label="meet", count=1,
                   evidence=[dated(ev("d", f"A{i} met B{i}."), f"2009-02-{1 + i % 28:02d}")])
    g.add_edge("Old", "Older", key="meet", relation="meet", label="meet", count=1,
               evidence=[dated(ev("d", "Old met Older on 24 February 1955."), "1955-02-24")])
    render_html(g, tmp_path / "outlier.html")
    o = open_page(tmp_path / "outlier.html")
    tl = o.js("kgView.timeline()")
    assert tl["unit"] == "day" and tl["first"] == "2009-02-01" and tl["outside"] == 1 and sum(tl["bins"]) == 40
    assert "1 dated far from the others are off the axis" in o.page.inner_text("#kg-time-note")
    assert o.js("kgView.setTimeRange('1955', '1955')")["edges"] == 1  # still found by a range
    o.check_clean()


def test_membership_edges_are_dotted_filterable_and_listed(open_page, tmp_path) -> None:
    g = relations_graph()
    g.add_edge("Mara Quill", "Veloria", key="member of", kind="affiliation", relation="member of",
               label="member of", negated=False, count=1, confidence=0.9, interaction=None,
               intensity=None, evidence=[ev("d1", "Veloria's Harbour Minister Mara Quill spoke.",
                                            "Mara Quill", "Harbour Minister", "Veloria")])
    render_html(g, tmp_path / "members.html", title="Members")
    o = open_page(tmp_path / "members.html")
    eid = edge_id(o, "Mara Quill", "member of", "Veloria")
    assert o.js("(i) => kgView.edges.get(i).dashes", eid) == [2, 5]
    assert o.js("(i) => kgView.edges.get(i).color.color", eid) == EDGE_COLORS["membership"]
    assert "member of" in o.page.inner_text("#kg-legend")
    # the membership filter hides membership edges only
    before = o.js("kgView.visibleEdgeIds().length")
    o.page.uncheck("#kg-member-filter")
    assert o.js("kgView.visibleEdgeIds().length") == before - 1
    assert eid not in o.js("kgView.visibleEdgeIds()")
    o.page.click("#kg-reset")
    assert eid in o.js("kgView.visibleEdgeIds()")
    # the entity panel lists what the person belongs to
    o.js("(i) => kgView.selectNode(i)", node_id(o, "Mara Quill"))
    o.until("document.querySelector('#kg-panel').innerText.includes('Member of')")
    assert "Veloria" in panel_text(o)
    o.check_clean()


# ------------------------------------------------------------------- labels by zoom ---


def big_graph(n: int = 800) -> nx.MultiDiGraph:
    """A power-law graph above the physics limit: a few hubs, many leaves."""
    base = nx.barabasi_albert_graph(n, 2, seed=3)
    g = nx.MultiDiGraph()
    for i in base.nodes:
        g.add_node(f"Entity {i:03d}", label=f"Entity {i:03d}", type="PERSON", mentions=1)
    for u, v in base.edges:
        g.add_edge(f"Entity {u:03d}", f"Entity {v:03d}", key="meet", relation="meet", label="meet", count=1,
                   evidence=[ev("d1", f"Entity {u:03d} met Entity {v:03d}.")])
    return g


def overlapping_labels(o: Opened, ids: list[int]) -> list[tuple[int, int]]:
    """Pairs of the given nodes whose labels (measured on the canvas as drawn) overlap."""
    boxes = o.js(
        """(ids) => { const net = kgView.network, ctx = document.querySelector('#kg-graph canvas').getContext('2d');
             return ids.map(i => { const n = kgView.nodes.get(i), p = net.canvasToDOM(net.getPosition(i));
               const px = n.font.size * net.getScale(); ctx.font = px + 'px sans-serif';
               const w = ctx.measureText(n.label).width, top = p.y + n.size * net.getScale();
               return [i, p.x - w / 2, top, p.x + w / 2, top + px]; }); }""",
        ids,
    )
    return [(a[0], b[0]) for k, a in enumerate(boxes) for b in boxes[k + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


def test_a_big_page_labels_the_most_connected_first_and_more_as_one_zooms(open_page, tmp_path):
    render_html(big_graph(), tmp_path / "big.html")
    o = open_page(tmp_path / "big.html")
    assert o.js("kgView.data.meta.big") is True
    shown = o.js("kgView.labelledNodeIds()")
    n = o.js("kgView.data.nodes.length")
    assert 8 <= len(shown) <= 120 < n
    ranked = o.js("kgView.data.nodes.slice().sort((a, b) => a.rank - b.rank).map(n => n.id)")
    assert ranked[0] in shown and set(shown) <= set(ranked[:120])  # of the most connected ones
    degree = o.js("(ids) => ids.map(i => kgView.data.nodes[i].degree)", ranked[:3])
    assert degree == sorted(degree, reverse=True) and degree[0] == o.js("Math.max(...kgView.data.nodes.map(n => n.degree))")
    assert not overlapping_labels(o, shown)
    base = o.js("kgView.network.getScale()")
    o.js("(s) => kgView.zoom(s)", base * 3)
    more = o.js("kgView.labelledNodeIds()")
    assert len(more) > 3 * len(shown) and ranked[0] in more and not overlapping_labels(o, more)
    o.js("(s) => kgView.zoom(s)", 1.5)
    close = o.js("kgView.labelledNodeIds()")
    assert len(more) <= len(close) < n and not overlapping_labels(o, close)  # close up, every label that finds room
    # the labels keep a readable size on the screen whatever the zoom
    sizes = o.js("(ids) => ids.map(i => kgView.nodes.get(i).font.size * kgView.network.getScale())", close[:5])
    assert all(12 <= s <= 22 for s in sizes), sizes
    o.check_clean()


def test_a_small_page_labels_every_node(open_page, pages_dir) -> None:
    o = open_page(pages_dir / "relations.html")
    assert o.js("kgView.data.meta.big") is False
    assert o.js("kgView.nodes.get().every(n => n.font.size === 14)")
    o.check_clean()


# ----------------------------------------------------------------- kg serve, live ---


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from newsroom import build_store

    from kg.render.pages import PageSpec
    from kg.render.serve import ServeOptions, make_server

    path = build_store(tmp_path_factory.mktemp("served") / "news.kgdb")
    server = make_server(ServeOptions(path, PageSpec(top=3), neighbors=5), port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_served(browser, served):
    opened: list[Any] = []

    def _open() -> Opened:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        opened.append(page)
        o = Opened(page)
        o.requests = []  # type: ignore[attr-defined]

        def route(r):
            url = r.request.url
            if url.startswith(served.url):
                o.requests.append(url)
                r.continue_()
            else:  # anything but the server on this machine
                o.external.append(url)
                r.abort()

        page.route("**/*", route)
        _listen(page, o)
        page.goto(served.url)
        page.wait_for_selector("html[data-kg-ready='1']", state="attached", timeout=15_000)
        return o

    yield _open
    for page in opened:
        page.close()


def idle(o: Opened) -> None:
    o.until("!kgView.busy()")
    o.page.wait_for_timeout(50)
    o.until("!kgView.busy()")


def click_node(o: Opened, label: str) -> None:
    box = o.page.locator("#kg-graph canvas").bounding_box()
    at = o.js("(l) => kgView.network.canvasToDOM(kgView.network.getPosition(kgView.nodeIdByLabel(l)))", label)
    o.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def test_served_page_searches_expands_by_click_and_pages_evidence(open_served, served):
    from newsroom import MINISTER

    o = open_served()
    assert o.js("kgView.live") is True
    assert set(o.js("kgView.data.nodes.map(n => n.name)")) == {MINISTER, "Chile"}
    # search the store for someone the page does not show yet
    o.page.fill("#kg-search", "lindq")
    o.page.press("#kg-search", "Enter")
    o.until("document.querySelector('#kg-search-status').textContent.includes('Showing Bo Lindqvist')")
    idle(o)
    assert o.page.inner_text("#kg-panel-title") == "Bo Lindqvist"
    assert {"Bo Lindqvist", "Peru"} <= set(o.js("kgView.data.nodes.map(n => n.name)"))
    # the edge between Peru and the minister, both shown now, came with Peru's neighbours
    click_node(o, "Peru")
    o.until("document.querySelector('#kg-panel-title').textContent === 'Peru'")
    idle(o)
    assert o.js(f"kgView.data.edges.some(e => kgView.data.nodes[e.from].name === 'Peru' && kgView.data.nodes[e.to].name === {MINISTER!r})")
    # a click on the minister adds five of her neighbours, the panel five more
    before = o.js("kgView.data.nodes.length")
    click_node(o, MINISTER)
    o.until("document.querySelector('#kg-panel').innerText.includes('Neighbours added: 5 of 32')")
    assert o.js("kgView.data.nodes.length") > before
    o.page.click("#kg-panel .kg-neighbours button")
    o.until("document.querySelector('#kg-panel').innerText.includes('Neighbours added: 10 of 32')")
    idle(o)
    # the evidence of a relation stated 45 times comes 20 at a time
    eid = edge_id(o, MINISTER, "meet", "Chile")
    o.js("(i) => kgView.selectEdge(i)", eid)
    o.until("document.querySelectorAll('#kg-panel .kg-evidence li').length === 20")
    assert "Evidence (20 of 45)" in panel_text(o)
    for shown in (40, 45):
        o.page.click("#kg-panel .kg-evidence-box > .kg-more")
        o.until(f"document.querySelectorAll('#kg-panel .kg-evidence li').length === {shown}")
    assert "Evidence (45)" in panel_text(o) and o.js("document.querySelector('#kg-panel .kg-evidence-box > .kg-more').hidden")
    sentences = o.js("Array.from(document.querySelectorAll('#kg-panel .kg-sentence')).map(s => s.textContent)")
    assert sentences[0].startswith("On day 0 of the talks") and sentences[44].startswith("On day 44 of the talks")
    assert "Talks, day 0" in panel_text(o)
    assert all(u.startswith(served.url) for u in o.requests) and any("/api/evidence?" in u for u in o.requests)
    o.check_clean()


def test_served_page_filters_by_time_with_the_server(open_served):
    from newsroom import MINISTER

    o = open_served()
    o.js(f"kgView.search({MINISTER!r})")
    idle(o)
    assert o.js("kgView.timeline().bins.length") > 0
    o.js("kgView.setTimeRange('2010-06', '2010-06')")
    idle(o)
    visible = o.js("kgView.visibleEdgeIds().map(i => kgView.data.nodes[kgView.data.edges[i].from].name + '>' + kgView.data.nodes[kgView.data.edges[i].to].name)")
    assert visible == [f"Peru>{MINISTER}"]
    o.until("document.querySelectorAll('#kg-panel .kg-evidence li').length === 5")  # her evidence, asked for June 2010 only
    assert "Evidence (5)" in panel_text(o)
    assert any("since=2010-06-01" in u and "until=2010-06-30" in u for u in o.requests)
    o.check_clean()


def test_served_document_text_stays_text(open_served):
    from newsroom import XSS_NAME, XSS_SENTENCE

    o = open_served()
    scripts = o.js("document.scripts.length")
    o.page.fill("#kg-search", "Dara Okafor")
    o.page.press("#kg-search", "Enter")
    o.until("document.querySelectorAll('#kg-panel .kg-evidence li').length === 2")
    idle(o)
    assert XSS_SENTENCE in panel_text(o) and "<b>Grain</b>" in panel_text(o)
    o.js("(i) => kgView.selectNode(i)", node_id(o, XSS_NAME))
    o.until("document.querySelector('#kg-panel-title').textContent.includes('onerror')")
    idle(o)
    assert o.page.inner_text("#kg-panel-title") == XSS_NAME
    assert o.js("document.scripts.length") == scripts
    assert o.js("document.querySelectorAll('img, #kg-panel b, #kg-panel script').length") == 0
    o.page.wait_for_timeout(200)
    assert o.dialogs == [] and not o.js("window.__xss === true")
    o.check_clean()
