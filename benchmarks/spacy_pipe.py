"""spaCy alone on a corpus, the yardstick for kg's speed: the same pipeline kg loads (same
model and components), the same lazy reading and batches, nothing else.

Usage:
    python benchmarks/spacy_pipe.py CORPUS_DIR

Time it beside `kg extract CORPUS_DIR -o out.jsonl -q` (e.g. with /usr/bin/time -v).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    import kg
    from kg.corpus.engine import batches
    from kg.corpus.inputs import iter_documents

    nlp = kg.load_pipeline()
    tokens = 0
    for batch in batches(iter_documents(args[0])):
        for doc in nlp.pipe([d.text for d in batch], batch_size=len(batch)):
            tokens += len(doc)
    print(f"{tokens} tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main())
