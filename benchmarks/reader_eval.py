"""kg against a reader's notes on real news: actors, references, affiliations, interactions.

Usage:
    python benchmarks/reader_eval.py [--notes DIR] [--corpus docs.jsonl] [--detail actors|refs|affiliations|interactions]

Builds one graph of the articles that have notes in ``benchmarks/notes/wikinews/`` (see
``benchmarks/reader_notes.py`` for the format) and prints:

* **actors as one node**: the share of the reader's actors (one per name, across all
  articles) whose name mentions all land on one node of kg's graph that holds no other actor;
* **description and pronoun links**: the share of mentions by description ("the carmaker")
  or pronoun ("it", "their") that kg gives to the node of the actor the reader wrote;
* **affiliations**: recall and precision of kg's ``member of`` edges against the reader's
  [member, organisation] pairs;
* **interactions**: recall of the reader's interactions (explicit and inferred apart): kg has
  a triple between the two actors' nodes in that sentence, either way round; precision of
  kg's actor-actor triples (those with an interaction class) in these articles; and class
  accuracy over the interactions found.

Targets (issues 14 and 15): actors as one node >= 0.90; description and pronoun links >=
0.80; affiliations recall >= 0.70 at precision >= 0.90; interaction recall >= 0.75, precision
>= 0.85, class accuracy >= 0.75.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reader_notes import CORPUS, NOTES_DIR, ArticleNotes, iter_notes, load_corpus  # noqa: E402

_PRONOUNS = frozenset({"it", "its", "itself", "they", "them", "their", "theirs", "themselves", "he", "him", "his", "himself",
                       "she", "her", "hers", "herself", "we", "us", "our", "ours", "i", "me", "my"})


def mention_kind(text: str, actor_type: str, first: bool) -> str:
    """"name", "description" or "pronoun" (a group's first mention is its name)."""
    low = text.lower()
    if low in _PRONOUNS:
        return "pronoun"
    words = text.split()
    if words[0][:1].isupper() and words[0].lower() not in ("the", "a", "an", "this", "that"):
        return "name"
    if actor_type == "GROUP" and first:
        return "name"
    return "description"


@dataclass
class Figures:
    actors: int = 0
    one_node: int = 0
    refs: Counter = field(default_factory=Counter)
    refs_ok: Counter = field(default_factory=Counter)
    aff_gold: int = 0
    aff_found: int = 0
    aff_kg: int = 0
    aff_kg_ok: int = 0
    inter: Counter = field(default_factory=Counter)
    inter_found: Counter = field(default_factory=Counter)
    inter_direction: int = 0
    inter_class_ok: int = 0
    kg_pairs: int = 0
    kg_pairs_ok: int = 0


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a"


def evaluate(notes: list[ArticleNotes], nlp, detail: str | None = None) -> Figures:
    import kg
    from kg.resolve.merge import merge_entities

    graph = kg.build([(n.id, n.text) for n in notes], nlp=nlp)
    docs = graph._docs  # per-document results, as analysed
    _, renames = merge_entities(e for d in docs.values() for e in d.entities)

    def node(name: str | None) -> str | None:
        if name is None:
            return None
        seen = set()
        while name in renames and name not in seen:
            seen.add(name)
            name = renames[name]
        return name

    fig = Figures()
    # kg's node for every character offset a mention of an entity covers, per document
    at: dict[str, list[tuple[int, int, str]]] = {}
    for d in docs.values():
        spans = []
        for e in d.entities:
            for m in e.mentions:
                spans.append((m.start, m.end, node(e.name)))
        at[d.id] = spans

    def node_at(doc_id: str, start: int, end: int, text: str = "") -> str | None:
        """kg's node for the mention at [start, end): a kg mention of exactly that span, else
        the one that holds the mention's head (its last word before any prepositional phrase:
        "the minister of fiscal policy" -> minister), else None."""
        head = max(start, end - 1)
        cut = _HEAD_END.search(text, 1) if text else None
        if cut is not None:
            head = start + cut.start() - 1
        best = None
        for a, b, name in at.get(doc_id, ()):
            if a == start and b == end:
                return name
            if a <= head < b and (best is None or b - a < best[0]):
                best = (b - a, name)
        return best[1] if best else None

    # actors as one node, across articles
    names_nodes: dict[str, list[str | None]] = defaultdict(list)
    node_actors: dict[str, set[str]] = defaultdict(set)
    ref_node: dict[tuple[str, str], str | None] = {}
    for n in notes:
        for a in n.actors:
            kinds = [mention_kind(m.text, a.type, k == 0) for k, m in enumerate(a.mentions)]
            # the node an actor is: where its names are, else its descriptions (never judged
            # by the pronouns alone, whose resolution is what is measured)
            named = (
                [m for m, kind in zip(a.mentions, kinds) if kind == "name"]
                or [m for m, kind in zip(a.mentions, kinds) if kind == "description"]
                or list(a.mentions)
            )
            found = [node_at(n.id, m.start, m.end, m.text) for m in named]
            names_nodes[a.name].extend(found)
            for f in found:
                if f is not None:
                    node_actors[f].add(a.name)
            votes = Counter(f for f in found if f is not None)
            ref_node[(n.id, a.name)] = votes.most_common(1)[0][0] if votes else None
    for name, found in names_nodes.items():
        fig.actors += 1
        distinct = set(found)
        ok = len(distinct) == 1 and None not in distinct and node_actors[next(iter(distinct))] == {name}
        fig.one_node += ok
        if detail == "actors" and not ok:
            print(f"  actor {name!r}: nodes {sorted(map(str, distinct))}" + (f" shared with {sorted(node_actors[next(iter(distinct))] - {name})}" if len(distinct) == 1 and None not in distinct else ""))

    # references by description and pronoun
    for n in notes:
        for a in n.actors:
            want = ref_node[(n.id, a.name)]
            for k, m in enumerate(a.mentions):
                kind = mention_kind(m.text, a.type, k == 0)
                if kind == "name":
                    continue
                got = node_at(n.id, m.start, m.end, m.text)
                fig.refs[kind] += 1
                ok = want is not None and got == want
                fig.refs_ok[kind] += ok
                if detail == "refs" and not ok:
                    ctx = n.text[max(0, m.start - 50) : m.end + 30].replace("\n", " ")
                    print(f"  {n.id[:24]} {kind} {m.text!r} -> {got!r} (want {a.name!r} = {want!r}): ...{ctx}...")

    # affiliations
    for n in notes:
        gold = set(n.affiliations) | {(a.name, a.affiliation) for a in n.actors if a.affiliation}
        gold_nodes = {(ref_node[(n.id, m)], ref_node[(n.id, o)]): (m, o) for m, o in gold}
        kg_aff = [t for t in docs[n.id].triples if t.kind == "affiliation"] if n.id in docs else []
        kg_nodes = {(node(t.subject), node(t.object)) for t in kg_aff}
        fig.aff_gold += len(gold)
        for pair, names in gold_nodes.items():
            hit = None not in pair and pair in kg_nodes
            fig.aff_found += hit
            if detail == "affiliations" and not hit:
                print(f"  {n.id[:24]} missed {names[0]!r} member of {names[1]!r} (nodes {pair})")
        fig.aff_kg += len(kg_nodes)
        for pair in kg_nodes:
            ok = pair in gold_nodes
            fig.aff_kg_ok += ok
            if detail == "affiliations" and not ok:
                print(f"  {n.id[:24]} wrong {pair[0]!r} member of {pair[1]!r}")

    # interactions
    for n in notes:
        triples = [t for t in docs[n.id].triples if t.interaction is not None and t.kind != "affiliation" and not t.object_is_clause] if n.id in docs else []
        matched: set[int] = set()
        for g in n.interactions:
            kind = "explicit" if g.explicit else "inferred"
            fig.inter[kind] += 1
            who, whom = ref_node[(n.id, g.who)], ref_node[(n.id, g.whom)]
            cands = []
            for k, t in enumerate(triples):
                if not (t.evidence.start <= g.start < t.evidence.end):
                    continue
                s, o = node(t.subject), node(t.object)
                if who is not None and whom is not None and {s, o} == {who, whom}:
                    cands.append((k, t, s == who))
            if cands:
                fig.inter_found[kind] += 1
                best = max(cands, key=lambda c: (c[1].interaction == g.cls, c[2]))
                matched.update(c[0] for c in cands)
                fig.inter_direction += best[2]
                fig.inter_class_ok += best[1].interaction == g.cls
                if detail == "interactions" and best[1].interaction != g.cls:
                    print(f"  CLASS {n.id[:24]} {g.who} {g.what} {g.whom}: gold {g.cls}, kg {best[1].interaction} ({best[1].relation})")
            elif detail == "interactions":
                here = [t for t in docs[n.id].triples if t.evidence.start <= g.start < t.evidence.end]
                sent = here[0].evidence.sentence if here else ""
                why = "no actor node" if who is None or whom is None else (
                    "pair without class" if any({node(t.subject), node(t.object)} == {who, whom} for t in here) else "no pair")
                print(f"  MISS {kind} ({why}) {n.id[:24]} {g.who} [{who}] -{g.what}-> {g.whom} [{whom}] | {sent[:150]!r}")
        fig.kg_pairs += len(triples)
        fig.kg_pairs_ok += len(matched)
        if detail == "interactions":
            for k, t in enumerate(triples):
                if k not in matched:
                    print(f"  EXTRA {n.id[:24]} {t.subject} -{t.relation}-> {t.object} [{t.interaction}] | {t.evidence.sentence[:120]!r}")
    return fig


# where a noun phrase's head ends: before its first prepositional phrase or comma
_HEAD_END = re.compile(r" (?:of|in|at|for|from|with|on|to) |, ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notes", type=Path, default=NOTES_DIR)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--model", default=None)
    ap.add_argument("--detail", choices=("actors", "refs", "affiliations", "interactions"))
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        print(f"reader_eval: {args.corpus} not found (the Wikinews dev corpus lives beside the repository)", file=sys.stderr)
        return 2
    import kg

    notes = list(iter_notes(args.notes, load_corpus(args.corpus)))
    if not notes:
        print(f"reader_eval: no note files in {args.notes}", file=sys.stderr)
        return 2
    fig = evaluate(notes, kg.load_pipeline(args.model), args.detail)
    refs_total, refs_ok = sum(fig.refs.values()), sum(fig.refs_ok.values())
    found = sum(fig.inter_found.values())
    print(f"reader's notes: {len(notes)} articles, {fig.actors} actors, {sum(fig.inter.values())} interactions")
    print(f"actors as one node        {_ratio(fig.one_node, fig.actors)}   target >= 0.90")
    print(f"description/pronoun links {_ratio(refs_ok, refs_total)}   target >= 0.80")
    for kind in sorted(fig.refs):
        print(f"  {kind:23} {_ratio(fig.refs_ok[kind], fig.refs[kind])}")
    aff_p = fig.aff_kg_ok / fig.aff_kg if fig.aff_kg else 0.0
    print(f"affiliations recall       {_ratio(fig.aff_found, fig.aff_gold)}   target >= 0.70")
    print(f"affiliations precision    {_ratio(fig.aff_kg_ok, fig.aff_kg)}   target >= 0.90")
    print(f"interaction recall        {_ratio(found, sum(fig.inter.values()))}   target >= 0.75")
    for kind in ("explicit", "inferred"):
        print(f"  {kind:23} {_ratio(fig.inter_found[kind], fig.inter[kind])}")
    print(f"interaction precision     {_ratio(fig.kg_pairs_ok, fig.kg_pairs)}   target >= 0.85")
    print(f"class accuracy            {_ratio(fig.inter_class_ok, found)}   target >= 0.75")
    print(f"  direction right         {_ratio(fig.inter_direction, found)}")
    del aff_p
    return 0


if __name__ == "__main__":
    sys.exit(main())
