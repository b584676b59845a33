"""Fit kg's confidence weights on the CaRB dev split and write kg/data/confidence.json.

Usage:
    python benchmarks/calibrate_confidence.py [--sentences DEV.txt] [--gold DEV.gold.tsv]
                                              [--out kg/data/confidence.json] [--l2 1.0]

Each extraction of the dev split gets a target: its best precision against the gold tuples of
its sentence (the CaRB pair score). A logistic model over kg.extract.confidence.features() is fitted to
these soft labels with L2 regularisation (plain gradient descent, numpy only). Before/after
AUC and F1 are printed. Only the dev split is used; never the test split.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "benchmarks" / "carb"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=Path, default=DEFAULT_DIR / "dev.txt")
    ap.add_argument("--gold", type=Path, default=DEFAULT_DIR / "dev.gold.tsv")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "data" / "confidence.json")
    ap.add_argument("--l2", type=float, default=0.1)
    ap.add_argument("--dry-run", action="store_true", help="print the fit, write nothing")
    args = ap.parse_args(argv)

    import kg
    from kg.eval import carb
    from kg.extract import sentence_propositions
    from kg.extract.confidence import features, load_weights, proposition_confidence
    from kg.extract.openie import surface_tuple
    from kg.lexicon import load_lexicon

    nlp = kg.load_pipeline()
    lex = load_lexicon()
    gold = carb.read_gold(args.gold)
    lines = [line.rstrip("\r\n") for line in args.sentences.open(encoding="utf-8") if line.strip()]
    rows: list[tuple[str, dict[str, float], float, object, object]] = []
    for line, doc in zip(lines, nlp.pipe(lines, batch_size=256)):
        key = carb.sentence_key(line)
        golds = gold.get(key, ("", []))[1]
        for prop in sentence_propositions(doc[:], lex):
            st = surface_tuple(doc, prop, 0.5)
            if st is None:
                continue
            pred = carb.CarbTuple(st.relation, st.args, 0.5)
            target = max((carb.pair_score(g, pred)[0] for g in golds), default=0.0)
            rows.append((line, features(prop, doc), target, st, prop))
            rows[-1] = rows[-1] + (doc,)  # type: ignore[assignment]

    names = sorted({n for _, f, *_ in rows for n in f})
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    y = np.zeros(len(rows))
    for r, (_, f, target, *_rest) in enumerate(rows):
        for n, v in f.items():
            x[r, index[n]] = v
        y[r] = target
    w = np.zeros(len(names))
    lr = 0.5
    for _ in range(4000):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + args.l2 * w / len(y)
        w -= lr * grad
    weights = {n: round(float(w[index[n]]), 4) for n in names if abs(w[index[n]]) > 1e-4}

    def score_with(wts: dict[str, float] | None) -> object:
        lines_out = []
        for line, _f, _t, st, prop, doc in rows:  # type: ignore[misc]
            c = proposition_confidence(prop, doc, wts)
            lines_out.append(carb.format_tabbed(line, c, st.relation, st.args))
        return carb.score(gold, carb.parse_extractions(lines_out, source="fit"))

    try:
        before = score_with(load_weights())
        print("before:", before.summary().splitlines()[0], "|", before.summary().splitlines()[1])
    except (FileNotFoundError, KeyError):
        pass
    after = score_with(weights)
    print("after: ", after.summary().splitlines()[0], "|", after.summary().splitlines()[1])
    for n in sorted(weights, key=lambda k: -abs(weights[k]))[:15]:
        print(f"  {n:30} {weights[n]:+.3f}")
    if not args.dry_run:
        data = {
            "about": "Logistic weights over kg.extract.confidence.features(), fitted on the CaRB dev split by benchmarks/calibrate_confidence.py",
            "extractions": len(rows),
            "weights": weights,
        }
        args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
