"""Reader's notes on real news: loading and checking the gold files of ``benchmarks/notes/``.

A note file is one JSON object per article of the Wikinews dev corpus
(``../shared/corpora/wikinews/docs.jsonl``), written by a person reading the article, never
from kg's output. It holds no article text beyond short anchors: ids, names, and the few words
that locate a mention or a sentence.

Format::

    {
      "id": "<article id of docs.jsonl>",
      "actors": [
        {"name": "General Motors", "type": "ORG",
         "mentions": ["General Motors", ["GM", "GM said"], ["it", "said it would"], ["the company", "the company's"]],
         "affiliation": null}
      ],
      "affiliations": [["Rick Wagoner", "General Motors"]],
      "interactions": [
        {"at": "offered buyouts", "who": "General Motors", "what": "offer", "whom": "employees",
         "class": "material cooperation", "explicit": true}
      ]
    }

* ``type``: PERSON, ORG, GPE (a country, state or city acting as a government), GROUP (a
  collective: workers, analysts, investors, police, protesters) or ACTOR (anything else that acts).
* A mention is ``"text"`` when that text occurs once in the article (whole words), else
  ``["text", "context"]`` where ``context`` occurs exactly once and holds ``text`` once.
  List every mention that refers to the actor: names, short forms, descriptions ("the
  carmaker"), pronouns ("it", "they", "his").
* ``affiliations``: [person or group, organisation or country] pairs the article states
  (titles, appositions, possessives: "GM chief executive Rick Wagoner").
* ``interactions``: one per act between two actors a reader finds in a sentence. ``at`` is a
  snippet that occurs once in the article, inside the sentence; ``who`` acts, ``whom`` is acted
  on or with (actor names of this file); ``what`` is the act as a verb; ``class`` is one of
  verbal cooperation, material cooperation, verbal conflict, material conflict, neutral;
  ``explicit`` is false when the reader infers the act or a participant (no word of the
  sentence names it directly).

Run ``python benchmarks/reader_notes.py`` to check every note file (anchors found once, names
known, classes valid).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES_DIR = ROOT / "benchmarks" / "notes" / "wikinews"
CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews" / "docs.jsonl"

TYPES = frozenset({"PERSON", "ORG", "GPE", "GROUP", "ACTOR"})
CLASSES = frozenset({"verbal cooperation", "material cooperation", "verbal conflict", "material conflict", "neutral"})


class NoteError(ValueError):
    """A note file that cannot be read against its article."""


@dataclass(frozen=True)
class GoldMention:
    actor: str
    text: str
    start: int
    end: int

    @property
    def named(self) -> bool:
        """A proper name (starts with a capital and is no pronoun or description)."""
        first = self.text.split()[0]
        return first[:1].isupper() and first.lower() not in _NOT_NAMES


_NOT_NAMES = frozenset({"the", "a", "an", "it", "its", "they", "them", "their", "he", "she", "his", "her", "him", "this", "that", "these", "those", "we", "our", "us", "i", "my"})


@dataclass(frozen=True)
class GoldActor:
    name: str
    type: str
    affiliation: str | None
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class GoldInteraction:
    start: int  # offset of the anchor snippet
    who: str
    what: str
    whom: str
    cls: str
    explicit: bool


@dataclass(frozen=True)
class ArticleNotes:
    id: str
    text: str
    date: str | None
    actors: tuple[GoldActor, ...]
    affiliations: tuple[tuple[str, str], ...]
    interactions: tuple[GoldInteraction, ...]


def load_corpus(path: Path = CORPUS) -> dict[str, dict]:
    """Articles of the dev corpus by id."""
    with open(path, encoding="utf-8") as fh:
        return {d["id"]: d for d in map(json.loads, fh)}


def _occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of ``needle`` in ``text`` at word boundaries."""
    pattern = (r"\b" if needle[:1].isalnum() else "") + re.escape(needle) + (r"\b" if needle[-1:].isalnum() else "")
    return [m.start() for m in re.finditer(pattern, text)]


def locate(text: str, mention: str | list[str], where: str) -> tuple[str, int]:
    """(mention text, start offset) of a mention written as ``"text"`` or ``["text", "context"]``."""
    if isinstance(mention, str):
        words, context = mention, mention
    elif isinstance(mention, list) and len(mention) == 2 and all(isinstance(x, str) for x in mention):
        words, context = mention
    else:
        raise NoteError(f"{where}: a mention is \"text\" or [\"text\", \"context\"], not {mention!r}")
    found = _occurrences(text, context) if context != words else _occurrences(text, words)
    if len(found) != 1:
        raise NoteError(f"{where}: {context!r} occurs {len(found)} times in the article; give a context that occurs once")
    inner = _occurrences(context, words)
    if len(inner) != 1:
        raise NoteError(f"{where}: {words!r} occurs {len(inner)} times in its context {context!r}; it must occur once")
    return words, found[0] + inner[0]


def read_notes(path: Path, corpus: dict[str, dict]) -> ArticleNotes:
    where = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise NoteError(f"{where}: not JSON ({exc})") from None
    doc = corpus.get(data.get("id"))
    if doc is None:
        raise NoteError(f"{where}: id {data.get('id')!r} is not an article of the corpus")
    text = doc["text"]
    actors = []
    names: set[str] = set()
    taken: dict[int, str] = {}
    for a in data.get("actors", ()):
        name, typ = a.get("name"), a.get("type")
        if not name or typ not in TYPES:
            raise NoteError(f"{where}: actor {a!r} needs a name and a type among {sorted(TYPES)}")
        if name in names:
            raise NoteError(f"{where}: actor {name!r} listed twice")
        names.add(name)
        mentions = []
        for m in a.get("mentions", ()):
            words, start = locate(text, m, f"{where}: {name}")
            if start in taken:
                raise NoteError(f"{where}: the mention {words!r} at {start} is given to {taken[start]!r} and {name!r}")
            taken[start] = name
            mentions.append(GoldMention(name, words, start, start + len(words)))
        if not mentions:
            raise NoteError(f"{where}: actor {name!r} has no mention")
        actors.append(GoldActor(name, typ, a.get("affiliation"), tuple(sorted(mentions, key=lambda m: m.start))))
    affiliations = []
    for pair in data.get("affiliations", ()):
        if not (isinstance(pair, list) and len(pair) == 2 and all(p in names for p in pair)):
            raise NoteError(f"{where}: affiliation {pair!r} must be [member, organisation] with names of listed actors")
        affiliations.append((pair[0], pair[1]))
    for a in actors:
        if a.affiliation is not None and a.affiliation not in names:
            raise NoteError(f"{where}: {a.name}'s affiliation {a.affiliation!r} is not a listed actor")
    interactions = []
    for k, i in enumerate(data.get("interactions", ())):
        at = f"{where}: interaction {k + 1}"
        if i.get("who") not in names or i.get("whom") not in names:
            raise NoteError(f"{at}: who {i.get('who')!r} and whom {i.get('whom')!r} must be listed actors")
        if i.get("class") not in CLASSES:
            raise NoteError(f"{at}: class {i.get('class')!r} is not one of {sorted(CLASSES)}")
        if not isinstance(i.get("what"), str) or not i["what"]:
            raise NoteError(f"{at}: 'what' must name the act")
        _, start = locate(text, i.get("at", ""), at)
        interactions.append(GoldInteraction(start, i["who"], i["what"], i["whom"], i["class"], bool(i.get("explicit", True))))
    return ArticleNotes(doc["id"], text, doc.get("date"), tuple(actors), tuple(affiliations), tuple(interactions))


def iter_notes(directory: Path = NOTES_DIR, corpus: dict[str, dict] | None = None) -> Iterator[ArticleNotes]:
    corpus = corpus if corpus is not None else load_corpus()
    for path in sorted(directory.glob("*.json")):
        yield read_notes(path, corpus)


def main() -> int:
    if not CORPUS.is_file():
        print(f"reader_notes: {CORPUS} not found", file=sys.stderr)
        return 2
    corpus = load_corpus()
    bad = 0
    counts = [0, 0, 0, 0]
    for path in sorted(NOTES_DIR.glob("*.json")):
        try:
            n = read_notes(path, corpus)
        except NoteError as exc:
            print(exc)
            bad += 1
            continue
        counts[0] += 1
        counts[1] += len(n.actors)
        counts[2] += sum(len(a.mentions) for a in n.actors)
        counts[3] += len(n.interactions)
    print(f"{counts[0]} note files ok, {bad} with errors: {counts[1]} actors, {counts[2]} mentions, {counts[3]} interactions")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
