"""Make a synthetic news corpus for the speed benchmarks, from sentence patterns written for kg.

Usage:
    python benchmarks/corpus.py OUT_DIR [--words 200000] [--seed 7]

Writes OUT_DIR/doc-00001.txt ... , each a short article: a headline line, then paragraphs
separated by blank lines, with people (titles, surnames, pronouns), countries, organisations,
quotations and the verbs of meeting, visiting, threatening and sanctioning. The text is
generated, so any size can be made and nothing is copied from elsewhere.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

FIRST = ["Anna", "Tomas", "Maria", "Peter", "Helen", "Lars", "Ingrid", "Mark", "Sofia", "David", "Elena", "Jonas",
         "Claire", "Omar", "Yuki", "Rahul", "Amara", "Carlos", "Nadia", "Viktor", "Grace", "Samuel", "Leila", "Felix"]
LAST = ["Berg", "Lind", "Costa", "Novak", "Carter", "Holm", "Solberg", "Delaney", "Gromov", "Okafor", "Tanaka",
        "Mehta", "Silva", "Haddad", "Kowalski", "Moreau", "Fischer", "Andersen", "Rossi", "Petrov", "Nguyen", "Alvarez"]
TITLES = ["Foreign Minister", "Defence Minister", "Prime Minister", "President", "Trade Minister", "Secretary of State",
          "Finance Minister", "Ambassador"]
COUNTRIES = [("Norway", "Norwegian"), ("Canada", "Canadian"), ("Japan", "Japanese"), ("Brazil", "Brazilian"),
             ("Kenya", "Kenyan"), ("Germany", "German"), ("India", "Indian"), ("Mexico", "Mexican"),
             ("Poland", "Polish"), ("Egypt", "Egyptian"), ("Chile", "Chilean"), ("Vietnam", "Vietnamese"),
             ("Russia", "Russian"), ("France", "French"), ("Turkey", "Turkish"), ("Australia", "Australian")]
CITIES = ["Oslo", "Ottawa", "Tokyo", "Brasilia", "Nairobi", "Berlin", "Delhi", "Lima", "Warsaw", "Cairo", "Hanoi", "Paris"]
ORGS = ["the European Union", "the United Nations", "the World Bank", "NATO", "the African Union", "the Red Cross"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "in March", "next month"]
TOPICS = ["trade", "fishing rights", "border security", "climate policy", "energy prices", "shipping lanes",
          "refugee aid", "arms control", "water rights", "vaccine supplies"]

PATTERNS = [
    "{T1} {P1} met {P2} in {city} {day} to discuss {topic}.",
    "{S1} flew into {city} {day} for talks on {topic}.",
    "{C1} imposed sanctions on {adj2} shipping companies {day}, officials said.",
    "{S1} accused {C2} of blocking a deal on {topic} and threatened to leave the talks.",
    "{S2} praised {C1} for its support and signed an agreement with {S1} on {topic}.",
    "\u201cWe will not accept new barriers to {topic},\u201d {S1} told reporters in {city}.",
    "{S2} did not meet {S1} during the visit, according to two diplomats.",
    "{C1} is {C2}'s largest trading partner, and the two governments have held talks on {topic} for years.",
    "{S1} is expected to visit {city} {day}, where {pron} will hold talks with {T2} {P2}.",
    "{org} criticised {C2} for the decision and called for a meeting of its members.",
    "The {adj1} delegation, led by {S1}, arrived in {city} after a two-day trip to {city2}.",
    "{S2} warned that {C2} would respond to any move against its ships.",
    "Officials in {city} said the plan was approved by {org} {day}.",
    "{S1} and {S2} agreed to set up a working group on {topic}.",
    "\u201cThe talks on {topic} were useful,\u201d {S2} said. \u201cWe will meet again {day}.\u201d",
]


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST) + " " + rng.choice(LAST), rng.choice(TITLES)


def article(rng: random.Random) -> str:
    (p1, t1), (p2, t2) = person(rng), person(rng)
    (c1, a1), (c2, a2) = rng.sample(COUNTRIES, 2)
    city, city2 = rng.sample(CITIES, 2)
    slots = dict(P1=p1, P2=p2, S1=p1.split()[1], S2=p2.split()[1], T1=f"{a1} {t1}", T2=f"{a2} {t2}",
                 C1=c1, C2=c2, adj1=a1, adj2=a2, city=city, city2=city2, pron=rng.choice(["he", "she"]))
    head = f"{a1} and {a2} leaders meet in {city}"
    paras = []
    for _ in range(rng.randint(4, 7)):
        sents = []
        for _ in range(rng.randint(1, 3)):
            slots.update(day=rng.choice(DAYS), topic=rng.choice(TOPICS), org=rng.choice(ORGS))
            s = rng.choice(PATTERNS).format(**slots)
            sents.append(s[0].upper() + s[1:])
        paras.append(" ".join(sents))
    return head + "\n\n" + "\n\n".join(paras) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    words = n = 0
    while words < args.words:
        n += 1
        text = article(rng)
        words += len(text.split())
        (args.out / f"doc-{n:05d}.txt").write_text(text, encoding="utf-8")
    print(f"wrote {n} documents, {words:,} words to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
