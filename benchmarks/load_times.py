"""How long kg takes to get ready: the word tables (``kg/data``) and the spaCy pipeline.

Usage:
    python benchmarks/load_times.py [--repeat N]

Prints the median of N fresh loads of each (the word tables are read and parsed anew each
time; the pipeline is loaded anew each time). The tables are meant to load in well under 0.1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    import kg
    from kg import lexicon

    tables = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        lexicon._load_shipped.__wrapped__()
        tables.append(time.perf_counter() - start)
    pipelines = []
    for _ in range(max(1, args.repeat // 2)):
        start = time.perf_counter()
        kg.load_pipeline()
        pipelines.append(time.perf_counter() - start)
    print(f"word tables: median {statistics.median(tables) * 1000:.1f} ms over {len(tables)} loads")
    print(f"spaCy pipeline: median {statistics.median(pipelines):.2f} s over {len(pipelines)} loads")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
