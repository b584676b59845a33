"""How fast is kg's HTML view on a big graph?

Builds a random power-law relations graph (default 2,000 entities, 5,000 relations, the schema
kg's builder produces), times :func:`kg.render.page.render_html` in Python, then opens the page in
headless Chromium with every non-file request blocked and times, from navigation start, the
first frame vis-network draws and the moment the page reports itself interactive.

Usage::

    python benchmarks/html_scale.py [--nodes 2000] [--edges 5000] [--runs 3] [--no-browser]
                                    [--view relations|interactions] [--chromium /usr/bin/chromium]

Needs Chromium from Debian (``apt-get install -y chromium``) and the ``playwright`` package;
never ``playwright install``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.render.page import render_html  # noqa: E402

__all__ = ["make_graph", "main"]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

_SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "dri", "ul", "sen", "pa", "qui", "bor", "ne", "zet"]
_TYPES = ["PERSON", "PERSON", "PERSON", "ORG", "ORG", "GPE", "GPE", "NORP", "LOC", None]
_RELATIONS = ["meet", "criticize", "sign deal with", "visit", "accuse", "support", "call", "fund",
              "sanction", "praise"]
_CLASSES = {
    "meet": "verbal cooperation", "criticize": "verbal conflict", "sign deal with": "material cooperation",
    "visit": "verbal cooperation", "accuse": "verbal conflict", "support": "material cooperation",
    "call": "neutral", "fund": "material cooperation", "sanction": "material conflict",
    "praise": "verbal cooperation",
}


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        words = [
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            for _ in range(rng.randint(1, 2))
        ]
        name = " ".join(words)
        if name not in used:
            used.add(name)
            return name


def make_graph(n_nodes: int = 2000, n_edges: int = 5000, seed: int = 1,
               view: str = "relations") -> nx.Graph:
    """A random power-law graph of the given size with kg's node and edge attributes."""
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(n_nodes, 2, seed=seed)
    pairs = list(base.edges())
    while len(pairs) < n_edges:  # extra relations, preferring busy entities
        u, v = rng.choice(pairs)
        w = rng.randrange(n_nodes)
        if w != u:
            pairs.append((u, w))
    pairs = pairs[:n_edges]

    used: set[str] = set()
    names = [_name(rng, used) for _ in range(n_nodes)]
    g: nx.Graph = nx.MultiDiGraph() if view == "relations" else nx.Graph()
    for name in names:
        g.add_node(
            name,
            label=name,
            type=rng.choice(_TYPES),
            mentions=rng.randint(1, 40),
            aliases={name: rng.randint(1, 20), name.split()[-1]: rng.randint(1, 5)},
            titles=[],
            affiliation=None,
            docs=[f"doc{rng.randrange(300):03d}" for _ in range(rng.randint(1, 3))],
        )

    for u, v in pairs:
        if rng.random() < 0.5:
            u, v = v, u
        a, b = names[u], names[v]
        rel = rng.choice(_RELATIONS)
        negated = rng.random() < 0.05
        label = f"not {rel}" if negated else rel
        k = rng.randint(1, 3)
        evidence = [
            {
                "doc_id": f"doc{rng.randrange(300):03d}",
                "sentence": f"{a} said on day {rng.randint(1, 28)} that it would {rel} {b}.",
                "start": rng.randrange(5000),
                "end": 0,
                "relation_text": rel,
                "subject_text": a,
                "object_text": b,
            }
            for _ in range(k)
        ]
        if view == "relations":
            if g.has_edge(a, b, key=label):
                g.edges[a, b, label]["count"] += k
                g.edges[a, b, label]["evidence"].extend(evidence)
                continue
            g.add_edge(a, b, key=label, relation=rel, label=label, negated=negated, count=k,
                       confidence=round(rng.uniform(0.3, 0.95), 2), interaction=_CLASSES[rel],
                       intensity=round(rng.uniform(-8, 8), 1), evidence=evidence)
        else:
            if g.has_edge(a, b):
                d = g.edges[a, b]
                d["weight"] += k
                d["classes"][_CLASSES[rel]] = d["classes"].get(_CLASSES[rel], 0) + k
                d["relations"][rel] = d["relations"].get(rel, 0) + k
                d["evidence"].extend(evidence)
                continue
            g.add_edge(a, b, weight=k, classes={_CLASSES[rel]: k}, relations={rel: k},
                       intensity=round(rng.uniform(-8, 8), 1), evidence=evidence)
    return g


def _time_browser(html_path: Path, chromium: str, runs: int) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    results: list[dict[str, float]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                blocked: list[str] = []

                def route(r, _blocked=blocked):  # type: ignore[no-untyped-def]
                    url = r.request.url
                    if url.startswith(("file:", "data:", "blob:")):
                        r.continue_()
                    else:
                        _blocked.append(url)
                        r.abort()

                page.route("**/*", route)
                page.goto(html_path.as_uri(), wait_until="load", timeout=60_000)
                # a selector wait: the page's CSP forbids the eval wait_for_function polls with
                page.wait_for_selector("html[data-kg-ready='1']", state="attached", timeout=60_000)
                timing = page.evaluate("window.kgView.timing")
                # one interaction round-trip: search and focus a node, then time a redraw
                t = page.evaluate(
                    """() => { const t0 = performance.now(); kgView.search(kgView.data.nodes[0].label);
                               kgView.network.redraw(); return performance.now() - t0; }"""
                )
                timing["search_ms"] = t
                timing["blocked"] = len(blocked)
                results.append(timing)
                page.close()
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--view", choices=("relations", "interactions"), default="relations")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--out", type=Path, default=None, help="keep the page at this path")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    graph = make_graph(args.nodes, args.edges, view=args.view)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
          f"(built in {time.perf_counter() - t:.2f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.out or Path(tmp) / "graph.html"
        render_times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            html, report = render_html(graph, path, title="benchmark", view=args.view)
            render_times.append(time.perf_counter() - t)
        print(f"render_html: median {statistics.median(render_times):.2f} s "
              f"(runs: {', '.join(f'{x:.2f}' for x in render_times)}); layout={report.layout}; "
              f"page {len(html.encode()) / 1e6:.1f} MB")
        if args.no_browser:
            return 0
        if not Path(args.chromium).exists():
            print(f"no browser at {args.chromium}: apt-get install -y chromium")
            return 1
        results = _time_browser(Path(path), args.chromium, args.runs)
        for key in ("dataParsed", "firstDraw", "interactive", "search_ms"):
            values = [r[key] for r in results if r.get(key) is not None]
            if values:
                print(f"chromium {key:>11}: median {statistics.median(values):7.0f} ms "
                      f"(runs: {', '.join(f'{v:.0f}' for v in values)})"
                      + ("  [from navigation start]" if key != "search_ms" else ""))
        print(f"non-file requests blocked: {sum(int(r['blocked']) for r in results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
