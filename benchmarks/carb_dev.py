"""CaRB dev-split figures for kg's extractor, and its cost beside spaCy's parse.

Usage:
    python benchmarks/carb_dev.py [--sentences DEV.txt] [--gold DEV.gold.tsv] [--curve pr.png]
                                  [--save out.tsv] [--patterns]

Defaults point at ../shared/benchmarks/carb/ beside the repository. Prints precision, recall
and F1 at the best confidence threshold, the AUC, and the extraction time as a fraction of the
parse time (target: at most 10 %). --patterns adds per-pattern precision (used to calibrate
confidences).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "benchmarks" / "carb"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=Path, default=DEFAULT_DIR / "dev.txt")
    ap.add_argument("--gold", type=Path, default=DEFAULT_DIR / "dev.gold.tsv")
    ap.add_argument("--curve", type=Path, help="write the precision-recall curve (PNG)")
    ap.add_argument("--save", type=Path, help="write kg's extractions (tabbed)")
    ap.add_argument("--patterns", action="store_true", help="per-pattern precision and counts")
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    for p in (args.sentences, args.gold):
        if not p.is_file():
            print(
                f"carb_dev: {p} not found, skipped. The CaRB dev split comes with the CaRB benchmark "
                "(github.com/dair-iitd/CaRB, data/dev.txt and the gold tuples); pass --sentences and --gold.",
                file=sys.stderr,
            )
            return 0 if argv is None and p in (DEFAULT_DIR / "dev.txt", DEFAULT_DIR / "dev.gold.tsv") else 2

    import kg
    from kg.eval import carb
    from kg.extract.openie import surface_tuples
    from kg.lexicon import load_lexicon

    nlp = kg.load_pipeline(args.model)
    lex = load_lexicon()
    lines = [line.rstrip("\r\n") for line in args.sentences.open(encoding="utf-8")]
    lines = [line for line in lines if line.strip()]
    words = sum(len(line.split()) for line in lines)

    t0 = time.perf_counter()
    docs = list(nlp.pipe(lines, batch_size=256))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = []
    for line, doc in zip(lines, docs):
        for st in surface_tuples(doc[:], lex):
            rows.append((line, st))
    extract = time.perf_counter() - t0

    text = "\n".join(carb.format_tabbed(line, st.confidence, st.relation, st.args) for line, st in rows)
    if args.save:
        args.save.write_text(text + "\n", encoding="utf-8")
    gold = carb.read_gold(args.gold)
    result = carb.score(gold, carb.parse_extractions(text.splitlines(), source="kg"))
    print(f"CaRB dev: {len(lines)} sentences, {words} words, {len(rows)} extractions")
    print(result.summary())
    print(f"parse {parse:.2f} s ({words / parse:,.0f} words/s); extraction {extract:.2f} s = {100 * extract / parse:.1f} % of parse time")
    if args.curve:
        carb.plot_curve(result, args.curve)
        print(f"wrote {args.curve}")
    if args.patterns:
        _pattern_report(rows, gold)
    return 0


def _pattern_report(rows, gold) -> None:
    """Per pattern: how many extractions, and their mean best precision against the gold."""
    from kg.eval import carb

    stats: dict[str, list[float]] = defaultdict(list)
    for line, st in rows:
        key = carb.sentence_key(line)
        if key not in gold:
            continue
        pred = carb.CarbTuple(st.relation, st.args, st.confidence)
        best = max((carb.pair_score(g, pred)[0] for g in gold[key][1]), default=0.0)
        stats[st.pattern].append(best)
    print(f"{'pattern':20} {'n':>6} {'mean precision':>15} {'matched':>8}")
    for pattern, values in sorted(stats.items(), key=lambda x: -len(x[1])):
        matched = sum(1 for v in values if v > 0)
        print(f"{pattern:20} {len(values):6} {sum(values) / len(values):15.3f} {matched / len(values):8.2f}")


if __name__ == "__main__":
    sys.exit(main())
