"""A small made-up corpus for the page and server tests, as analysis results (no parsing): one
busy minister with dozens of neighbours and one relation stated in 45 documents (for paging),
dated documents in 2009 and 2010 and an undated one (for date ranges), a membership, a title,
and a name and a sentence that hold markup (which must stay text). Every sentence is written
here for the tests."""

from __future__ import annotations

import datetime
from pathlib import Path

import kg
from kg.analysis import DocResult
from kg.model import AFFILIATION, Entity, Evidence, Mention, Triple

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = "<script>alert(1)</script> Dara Okafor thanked Norway for the grain."

MINISTER = "Ana Ruiz"
TITLE = "Chilean Trade Minister"
FIRSTS = ["Lia", "Omar", "Ines", "Yuki", "Pavel", "Rosa", "Ivan", "Mina", "Karl", "Sofia"]
LASTS = ["Berg", "Costa", "Haddad"]
VISITORS = [f"{f} {s}" for s in LASTS for f in FIRSTS]  # 30 people who each praise the minister once
TYPES = {MINISTER: "PERSON", "Chile": "GPE", "Peru": "GPE", "Norway": "GPE", "Bo Lindqvist": "PERSON", "Chen Wei": "PERSON",
         "Dara Okafor": "PERSON", "Zora Vance": "PERSON", XSS_NAME: "ORG", **{v: "PERSON" for v in VISITORS}}
CLASSES = {"meet": ("verbal cooperation", 1.0), "praise": ("verbal cooperation", 3.4), "criticise": ("verbal conflict", -2.0),
           "visit": ("material cooperation", 1.9), "thank": ("verbal cooperation", 2.0), "host": ("material cooperation", 2.8),
           AFFILIATION: (None, None)}


def _doc(doc_id: str, date: str | None, facts: list[tuple[str, str, str, str]], title: str | None = None) -> DocResult:
    """A document of (subject, relation, object, sentence) facts, one sentence each."""
    triples, mentions = [], {}
    at = 0
    for subject, relation, obj, sentence in facts:
        ev = Evidence(doc_id, sentence, at, at + len(sentence))
        cls, intensity = CLASSES[relation]
        written = {"meet": "met", "praise": "praised", "criticise": "criticised", "visit": "visited", "thank": "thanked",
                   "host": "hosted", AFFILIATION: "of"}[relation]
        triples.append(Triple(
            subject, relation, obj, subject, written, obj, TYPES.get(subject), TYPES.get(obj), ev, confidence=0.8,
            interaction=cls, intensity=intensity, pattern="affiliation" if relation == AFFILIATION else "svo",
            date=date, date_source="document" if date else None,
        ))  # fmt: skip
        for name in (subject, obj):
            if name in TYPES:
                where = max(sentence.find(name.split()[-1]), 0)
                mentions.setdefault(name, []).append(Mention(name, at + where, at + where + len(name), ev))
        at += len(sentence) + 1
    entities = tuple(
        Entity(name, TYPES[name], ((name, len(ms)),), (TITLE,) if name == MINISTER else (), "Chile" if name == MINISTER else None, tuple(ms))
        for name, ms in mentions.items()
    )
    meta = {k: v for k, v in (("date", date), ("title", title)) if v}
    return DocResult(doc_id, tuple(triples), entities, (), at, meta=meta or None)


def corpus() -> list[DocResult]:
    """The documents, in corpus order."""
    docs = []
    start = datetime.date(2009, 1, 5)
    for k in range(45):
        day = (start + datetime.timedelta(days=k)).isoformat()
        facts = [(MINISTER, "meet", "Chile", f"On day {k} of the talks, {MINISTER} met Chile's envoys in Santiago.")]
        if k < len(VISITORS):
            facts.append((VISITORS[k], "praise", MINISTER, f"{VISITORS[k]} praised {MINISTER} for her patience."))
        if k == 0:
            facts.append((MINISTER, AFFILIATION, "Chile", f"{TITLE} {MINISTER} opened the session."))
        docs.append(_doc(f"talks-{k:02d}", day, facts, title=f"Talks, day {k}"))
    for k in range(5):
        day = f"2010-06-{10 + k:02d}"
        docs.append(_doc(f"summer-{k}", day, [("Bo Lindqvist", "criticise", "Peru", f"Bo Lindqvist criticised Peru over the tariffs, said note {k}."),
                                              ("Peru", "meet", MINISTER, f"Peru's delegates met {MINISTER} again in June.")], title=f"Summer {k}"))
    docs.append(_doc("undated", None, [("Chen Wei", "visit", "Norway", "Chen Wei visited Norway without notice.")]))
    docs.append(_doc("markup", "2009-03-02", [("Dara Okafor", "thank", "Norway", XSS_SENTENCE),
                                             (XSS_NAME, "host", "Dara Okafor", f"The fair {XSS_NAME} hosted Dara Okafor.")], title="<b>Grain</b>"))
    return docs


def build_store(path: Path) -> Path:
    """The corpus written into a store at ``path``."""
    with kg.open(path, write=True) as store:
        store.add_results(corpus())
    return path
