"""Throughput of kg beside spaCy's own parse, on one and two processes.

Usage:
    python benchmarks/throughput.py [CORPUS_DIR] [--words 200000] [--repeat 1] [--skip-parallel]
    python benchmarks/throughput.py --jsonl docs.jsonl --times 10 --modes spacy,store

Without CORPUS_DIR a synthetic corpus of --words words is made with benchmarks/corpus.py in a
temporary directory; --jsonl FILE --times N makes the corpus of real text instead: the
documents of a JSONL file written N times over, each copy with ids of its own. Each measurement
runs in a fresh process (so peak memory is its own) and times the processing only, after the
pipeline is loaded:

  (a) spaCy nlp.pipe alone, same model, same components, same batches
  (b) kg extract: read the files, parse, extract, resolve, write JSONL
  (c) kg build: the same, then the graph, saved as JSON and as HTML
  (d) kg build with 2 worker processes (each parses and extracts)
  (e) kg build --into a new store: the same as (b), every batch written into SQLite

Prints words per second, the ratios b/a, c/a and e/a (targets >= 0.90, >= 0.85 and >= 0.85),
the speed-up of 2 processes over 1 (target >= 1.7 on two cores) and peak memory (RSS) of each
run. --modes picks the runs (spacy,extract,build,build2,store).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

WORKER = r"""
import json, os, resource, sys, time
mode, corpus, out = sys.argv[1], sys.argv[2], sys.argv[3]
import kg
from kg.corpus.inputs import iter_documents
from kg.corpus.engine import analyze_documents, batches
nlp = kg.load_pipeline()
words = 0
start = time.perf_counter()
if mode == "spacy":
    for batch in batches(iter_documents(corpus)):
        for doc in nlp.pipe([d.text for d in batch], batch_size=len(batch)):
            words += len(doc)
elif mode == "store":  # what kg build --into news.kgdb does, into a new store
    for suffix in ("", "-wal", "-shm", "-lock"):
        if os.path.exists(out + ".kgdb" + suffix):
            os.remove(out + ".kgdb" + suffix)
    def count(r):
        global words
        words += r.words
    hashes = {}
    with kg.open(out + ".kgdb", write=True) as store:
        docs = store.skip_unchanged(iter_documents(corpus), hashes)
        store.add_results(analyze_documents(docs, nlp, on_result=count), hashes=hashes)
elif mode == "extract":  # what kg extract --format jsonl does
    from kg.cli import ExtractFormat, _format_triple
    with open(out, "w", encoding="utf-8") as fh:
        for r in analyze_documents(iter_documents(corpus), nlp):
            words += r.words
            for t in r.triples:
                fh.write(_format_triple(t, ExtractFormat.jsonl) + "\n")
else:
    n = 2 if mode == "build2" else 1
    def count(r):
        global words
        words += r.words
    graph = kg.KnowledgeGraph(analyze_documents(iter_documents(corpus), nlp, n_process=n, on_result=count))
    graph.save(out + ".json")
    graph.to_html(out + ".html")
elapsed = time.perf_counter() - start
self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "tokens": words, "rss_mb": self_rss / 1024, "child_rss_mb": child_rss / 1024}))
"""


def run(mode: str, corpus: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", WORKER, mode, str(corpus), str(out)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"throughput: the {mode} run failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def count_words(corpus: Path) -> int:
    if corpus.suffix == ".jsonl":
        return sum(len(json.loads(line)["text"].split()) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip())
    return sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.rglob("*.txt"))


def repeat_jsonl(source: Path, times: int, out: Path) -> Path:
    """The documents of ``source`` written ``times`` over, each copy with ids of its own."""
    lines = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as fh:
        for k in range(times):
            for i, doc in enumerate(lines):
                fh.write(json.dumps({**doc, "id": f"{doc.get('id', i)}#{k}"}, ensure_ascii=False) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path)
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each mode (medians are printed)")
    ap.add_argument("--skip-parallel", action="store_true")
    ap.add_argument("--jsonl", type=Path, help="real text: a JSONL file of {id, text} documents")
    ap.add_argument("--times", type=int, default=10, help="with --jsonl: copies of its documents")
    ap.add_argument("--modes", default="spacy,extract,build,build2,store", help="the runs, comma separated")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = args.corpus
        if args.jsonl is not None:
            corpus = repeat_jsonl(args.jsonl, args.times, Path(tmp) / "corpus.jsonl")
        elif corpus is None:
            corpus = Path(tmp) / "corpus"
            subprocess.run([sys.executable, str(HERE / "corpus.py"), str(corpus), "--words", str(args.words)], check=True)
        words = count_words(corpus)
        out = Path(tmp) / "out"
        modes = [m for m in args.modes.split(",") if m and not (args.skip_parallel and m == "build2")]
        if "spacy" not in modes:
            modes.insert(0, "spacy")
        # the modes run in turn (a b c d a b c d ...) and ratios are taken run by run, so
        # that the machine's drift over the benchmark does not favour one mode
        runs: dict[str, list[dict]] = {m: [] for m in modes}
        for r in range(args.repeat):
            for mode in modes:
                result = run(mode, corpus, out)
                runs[mode].append(result)
                print(
                    f"  run {r + 1} {mode:8} {result['seconds']:7.1f} s  {words / result['seconds']:8,.0f} words/s"
                    f"  peak RSS {result['rss_mb']:6.0f} MB" + (f" (workers {result['child_rss_mb']:.0f} MB)" if mode == "build2" else ""),
                    flush=True,
                )
    med = {m: statistics.median(r["seconds"] for r in runs[m]) for m in modes}

    def ratio(num: str, den: str) -> float:
        return statistics.median(a["seconds"] / b["seconds"] for a, b in zip(runs[num], runs[den]))

    print(f"corpus: {words:,} words ({corpus}); medians of {args.repeat} run(s), ratios taken run by run")
    print(f"(a) spaCy nlp.pipe alone : {words / med['spacy']:8,.0f} words/s   peak RSS {max(r['rss_mb'] for r in runs['spacy']):.0f} MB")
    if "extract" in runs:
        print(f"(b) kg extract           : {words / med['extract']:8,.0f} words/s   b/a = {ratio('spacy', 'extract'):.2f} (target >= 0.90)   peak RSS {max(r['rss_mb'] for r in runs['extract']):.0f} MB")
    if "build" in runs:
        print(f"(c) kg build, JSON + HTML: {words / med['build']:8,.0f} words/s   c/a = {ratio('spacy', 'build'):.2f} (target >= 0.85)   peak RSS {max(r['rss_mb'] for r in runs['build']):.0f} MB")
    if "build2" in runs:
        print(
            f"(d) kg build, 2 processes: {words / med['build2']:8,.0f} words/s   speed-up over 1 process = {ratio('build', 'build2'):.2f}"
            f" (target >= 1.7)   peak RSS {max(r['rss_mb'] for r in runs['build2']):.0f} MB + workers {max(r['child_rss_mb'] for r in runs['build2']):.0f} MB each"
        )
    if "store" in runs:
        print(f"(e) kg build --into STORE: {words / med['store']:8,.0f} words/s   e/a = {ratio('spacy', 'store'):.2f} (target >= 0.85)   peak RSS {max(r['rss_mb'] for r in runs['store']):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
