"""Dates on real news: how many triples of the Wikinews dev corpus get a date, and how many of
a reader's checked sample are right.

Usage:
    python benchmarks/dates_dev.py [--corpus DOCS.jsonl] [--gold NOTES.json]
    python benchmarks/dates_dev.py --sample 50 --seed 17     # draw a sample to check by hand

The corpus is ``../shared/corpora/wikinews/docs.jsonl`` (120 Wikinews articles with their
publication dates; see its SOURCE.md). The script builds the graph of the whole corpus, prints
the share of triples dated by a time phrase of their clause (``text``), by the document's date
(``document``) and not at all, and the warnings the inputs gave.

The gold file (``benchmarks/notes/dates_wikinews.json``) holds triples drawn at random
(seeded) among the ``text``-dated ones and, for each, the date a person reading the sentence
with the article's date judges right. It quotes no article text beyond a few-word anchor::

    {"seed": 17, "items": [
      {"id": "<article id>", "anchor": "a few words of the sentence", "relation": "meet",
       "subject": "...", "object": "...", "phrase": "on Friday", "date": "2009-02-27"}
    ]}

``date`` is ISO 8601 as precise as the sentence allows (day, ISO week ``2009-W06``, month,
year), or null when no phrase of the clause fixes a date. A gold item is matched to the triple
of its article whose sentence holds the anchor and whose relation (and subject and object,
when given) are the same. An item is right when kg's date is the gold date exactly (a
``document`` date counts when it is the right one), or, for a null gold date, when kg does
not claim a date from the text. The items stay fixed when kg changes: a sample drawn again
later would differ.

``--sample N`` prints N triples drawn the same way, *without* kg's dates, for a reader to
judge: each with its article's date, the sentence and its time phrases.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews" / "docs.jsonl"
GOLD = ROOT / "benchmarks" / "notes" / "dates_wikinews.json"


def build(corpus: Path):
    sys.path.insert(0, str(ROOT))
    import kg

    problems = []
    nlp = kg.load_pipeline()
    start = time.perf_counter()
    graph = kg.build([corpus], nlp=nlp, on_problem=problems.append)
    return graph, problems, time.perf_counter() - start


def text_dated(graph) -> list:
    """The text-dated triples, in a stable order (document, offset, relation)."""
    found = [t for t in graph.triples if t.date_source == "text"]
    return sorted(found, key=lambda t: (t.evidence.doc_id, t.evidence.start, t.subject, t.relation, t.object))


def sample(graph, n: int, seed: int) -> list:
    pool = text_dated(graph)
    return random.Random(seed).sample(pool, min(n, len(pool)))


def match(graph, item: dict):
    """The triples of the gold item's article that its anchor, relation and names pick. The
    names were written as kg gave them when the check was made; resolution may have improved
    since ("Motors" became "General Motors"), so when no triple has them, the anchor and the
    relation (or the time phrase) pick alone: the date is what is checked."""
    here = [t for t in graph.query(doc_id=item["id"]) if item["anchor"] in t.evidence.sentence and t.kind == "relation"]
    out = [t for t in here if t.relation == item["relation"]]
    named = [t for t in out if (not item.get("subject") or t.subject == item["subject"]) and (not item.get("object") or t.object == item["object"])]
    if named:
        return named
    if out:
        return out
    phrase = item.get("phrase")
    return [t for t in here if phrase and any(phrase in a.text for a in t.extras)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--sample", type=int, default=0, help="print N text-dated triples to check by hand, and stop")
    ap.add_argument("--seed", type=int, default=None, help="seed of the sample (default: the gold file's)")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        print(f"dates_dev: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    graph, problems, seconds = build(args.corpus)
    triples = graph.triples
    sources = Counter(t.date_source or "undated" for t in triples)
    n = len(triples)
    docs = [graph.document(d) for d in graph.documents]
    print(f"corpus: {len(docs)} documents ({sum(d.date is not None for d in docs)} with a date), {n} triples, built in {seconds:.1f} s")
    for key, label in (("text", "dated by a time phrase (text)"), ("document", "dated by the document (document)"), ("undated", "without a date")):
        print(f"  {label:36} {sources[key]:5}  {sources[key] / n:6.1%}")
    print(f"  {'with a date':36} {n - sources['undated']:5}  {(n - sources['undated']) / n:6.1%}")
    if problems:
        print(f"input warnings ({len(problems)}):")
        for p in problems:
            print(f"  {p}")

    seed = args.seed
    gold = None
    if args.gold.is_file():
        gold = json.loads(args.gold.read_text(encoding="utf-8"))
        seed = gold.get("seed") if seed is None else seed
    if args.sample:
        meta = {d.id: d for d in docs}
        for t in sample(graph, args.sample, 17 if seed is None else seed):
            info = meta[t.evidence.doc_id]
            times = [a.text for a in t.extras if a.role == "time"]
            print(json.dumps({"id": t.evidence.doc_id, "article_date": info.date, "relation": t.relation, "subject": t.subject,
                              "object": t.object, "time_extras": times, "sentence": t.evidence.sentence}, ensure_ascii=False))
        return 0
    if gold is None:
        print(f"no gold file at {args.gold}: write one from --sample output", file=sys.stderr)
        return 0
    right = unmatched = 0
    rows = []
    for item in gold["items"]:
        found = match(graph, item)
        if not found:
            unmatched += 1
            rows.append(("NO MATCH", item, None))
            continue
        t = found[0]
        ok = t.date_source != "text" if item["date"] is None else t.date == item["date"]
        right += ok
        rows.append(("ok" if ok else "WRONG", item, f"{t.date} ({t.date_source})"))
    total = len(gold["items"])
    print(f"reader's check ({args.gold.name}, seed {seed}): {right} of {total} dates right = {right / total:.0%} (target >= 90%)"
          + (f"; {unmatched} item(s) no longer match a triple" if unmatched else ""))
    for verdict, item, got in rows:
        if verdict != "ok":
            print(f"  {verdict:8} {item['id'][:40]:40} {item['anchor']!r:40} {item['relation']:14} gold {item['date']}  kg {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
