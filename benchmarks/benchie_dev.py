"""BenchIE dev-part figures for kg: exact facts, for both kinds of slots.

Usage:
    python benchmarks/benchie_dev.py [--sentences DEV.txt] [--gold DEV.gold.txt] [--detail N]
                                     [--slots carb|compact|both] [--save-dir DIR]

Defaults point at ../shared/benchmarks/benchie/ beside the repository. Parses the sentences
once and scores two outputs with kg's BenchIE scorer (kg/eval/benchie.py): the Open IE tuples
(--slots carb, what `kg extract --lines --format carb` writes) and the graph triples' surface
slots (--slots compact: subject, relation and object as written). Prints precision, recall,
F1, TP, FP and the number of gold facts (synsets) for each.

--detail N prints, per slot kind, the first N sentences with a missed fact or a false
positive: what was found, each false positive, and one wording of each missed fact (for
developers improving the extractor). --save-dir DIR writes the tabbed extractions as
DIR/carb.tsv and DIR/compact.tsv (score them again with `kg eval benchie ... --extractions`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "benchmarks" / "benchie"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=Path, default=DEFAULT_DIR / "dev.txt")
    ap.add_argument("--gold", type=Path, default=DEFAULT_DIR / "dev.gold.txt")
    ap.add_argument("--slots", choices=("carb", "compact", "both"), default="both", help="which output to score")
    ap.add_argument("--detail", type=int, default=0, metavar="N", help="print N sentences' missed facts and false positives")
    ap.add_argument("--wordings", type=int, default=1, metavar="K", help="with --detail: wordings shown per missed fact")
    ap.add_argument("--save-dir", type=Path, help="write the tabbed extractions here (carb.tsv, compact.tsv)")
    ap.add_argument("--model", default=None)
    args = ap.parse_args(argv)
    for p in (args.sentences, args.gold):
        if not p.is_file():
            print(
                f"benchie_dev: {p} not found, skipped. The BenchIE data comes with the BenchIE benchmark "
                "(github.com/gkiril/benchie, CC BY 4.0); pass --sentences and --gold.",
                file=sys.stderr,
            )
            return 0 if argv is None and p in (DEFAULT_DIR / "dev.txt", DEFAULT_DIR / "dev.gold.txt") else 2

    import kg
    from kg.eval import benchie
    from kg.lexicon import load_lexicon

    kinds = benchie.SLOTS if args.slots == "both" else (args.slots,)
    gold = benchie.read_gold(args.gold)
    nlp = kg.load_pipeline(args.model)
    lex = load_lexicon()
    lines = [line.rstrip("\r\n") for line in args.sentences.open(encoding="utf-8")]
    lines = [line for line in lines if line.strip()]

    t0 = time.perf_counter()
    docs = list(nlp.pipe(lines, batch_size=256))
    parse = time.perf_counter() - t0
    outputs: dict[str, list[str]] = {kind: [] for kind in kinds}
    for doc in docs:
        for kind in kinds:
            outputs[kind].extend(benchie.tabbed_lines(doc, kind, lex))

    print(f"BenchIE dev: {len(lines)} sentences, {sum(len(s.synsets) for s in gold.values())} facts; parse {parse:.1f} s")
    if args.save_dir:
        args.save_dir.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        result = benchie.score(gold, benchie.parse_extractions(outputs[kind], source=f"kg ({kind})"))
        print(f"\n--slots {kind}")
        print(result.summary())
        if args.save_dir:
            path = args.save_dir / f"{kind}.tsv"
            path.write_text("".join(line + "\n" for line in outputs[kind]), encoding="utf-8")
            print(f"wrote {path}")
        if args.detail > 0:
            shown = [s for s in result.sentences if s.false_positives or s.missed][: args.detail]
            for sentence in shown:
                print()
                print(sentence.describe(wordings=args.wordings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
