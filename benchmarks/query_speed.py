"""Query speed on a big graph: query, neighbors and path on about 100,000 edges.

Usage:
    python benchmarks/query_speed.py [--edges 100000] [--entities 20000] [--runs 200]

The graph is made of hand-built triples (no parsing), so the figures are kg's own. The first
call builds the indexes (reported apart); then each operation is timed over --runs random
names and the median and 95th percentile are printed. Targets: query and neighbors under
10 ms, path under 100 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time


def make_graph(edges: int, entities: int, seed: int = 1):
    from kg.analysis import DocResult
    from kg.graph.graph import KnowledgeGraph
    from kg.model import Entity, Evidence, Mention, Triple

    rng = random.Random(seed)
    first = ["Anna", "Tomas", "Maria", "Peter", "Helen", "Lars", "Sofia", "David", "Elena", "Omar", "Yuki", "Grace"]
    names = [f"{rng.choice(first)} Person{i}" for i in range(entities)]
    relations = ["meet", "visit", "praise", "criticise", "threaten", "sanction", "call", "help", "accuse", "support"]
    results = []
    per_doc = 50
    for d in range(edges // per_doc):
        doc_id = f"doc{d}"
        triples = []
        used = set()
        for k in range(per_doc):
            s, o = rng.sample(names, 2)
            used.update((s, o))
            sentence = f"{s} {rng.choice(relations)} {o} on day {k}."
            ev = Evidence(doc_id, sentence, k * 100, k * 100 + len(sentence))
            rel = rng.choice(relations)
            triples.append(Triple(s, rel, o, s, rel, o, "PERSON", "PERSON", ev, confidence=0.8, interaction="neutral", intensity=0.0))
        ents = tuple(
            Entity(n, "PERSON", ((n, 1), (n.split()[1], 1)), mentions=(Mention(n, 0, len(n), triples[0].evidence),))
            for n in used
        )
        results.append(DocResult(doc_id, tuple(triples), ents, (), words=per_doc * 6))
    return KnowledgeGraph(results), names


def timed(fn, args_list):
    times = []
    for args in args_list:
        t0 = time.perf_counter()
        fn(*args)
        times.append(1000 * (time.perf_counter() - t0))
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edges", type=int, default=100_000)
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    graph, names = make_graph(args.edges, args.entities)
    made = time.perf_counter() - t0
    t0 = time.perf_counter()
    g = graph.to_networkx()
    graph.query(subject=names[0])
    graph.path(names[0], names[1])
    first = time.perf_counter() - t0
    rng = random.Random(2)
    picks = [(rng.choice(names),) for _ in range(args.runs)]
    pairs = [(rng.choice(names), rng.choice(names)) for _ in range(args.runs // 4)]
    pairs = [(a, b) for a, b in pairs if a != b]
    surnames = [(n.split()[1].lower(),) for (n,) in picks]
    print(f"graph: {g.number_of_nodes():,} entities, {g.number_of_edges():,} edges, {len(graph.triples):,} triples")
    print(f"built in {made:.1f} s; first query (indexes and views) {first:.1f} s")
    for label, fn, arglist in (
        ("query(subject=full name)", lambda n: graph.query(subject=n), picks),
        ("query(subject=alias, any case)", lambda n: graph.query(subject=n, relation="meet"), surnames),
        ("neighbors(name)", lambda n: graph.neighbors(n), picks),
        ("neighbors(name, depth=2)", lambda n: graph.neighbors(n, depth=2), picks[:50]),
        ("path(a, b)", lambda a, b: graph.path(a, b), pairs),
    ):
        median, p95 = timed(fn, arglist)
        print(f"  {label:32} median {median:7.2f} ms   95th percentile {p95:7.2f} ms")
    print("targets: query and neighbors < 10 ms, path < 100 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
