"""Build the graph of the example article and ask it a few questions.

Run from the repository root:  python examples/query_article.py
"""

from pathlib import Path

import kg

HERE = Path(__file__).parent


def main() -> None:
    nlp = kg.load_pipeline()  # load the spaCy pipeline once and pass it along
    graph = kg.build([HERE / "article.txt"], nlp=nlp)
    print(graph)

    print("\nWho met whom:")
    for t in graph.query(relation="meet"):
        flag = " (denied)" if t.negated else ""
        print(f"  {t.subject} -> {t.object}{flag}: {t.evidence.sentence}")

    print("\nConflict between actors:")
    for t in graph.query(interaction="conflict"):
        print(f"  {t.subject} {t.relation} {t.object}  [{t.interaction}, {t.intensity:+.1f}]")

    delaney = graph.entity("delaney")
    print(f"\n{delaney.name}: titles {list(delaney.titles)}, aliases {dict(delaney.aliases)}")
    print("  related to:", ", ".join(graph.neighbors("delaney")))

    print("\nQuotes:")
    for q in graph.quotes():
        print(f"  {q.speaker} ({q.cue}): {q.text}")


if __name__ == "__main__":
    main()
