"""Plain data passed between kg's stages: evidence, triples, entities, quotes.

All are frozen dataclasses so they can be hashed, compared, pickled to worker processes and
written to JSON without surprises.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["Evidence", "Argument", "Triple", "Mention", "Entity", "Quote", "AFFILIATION", "DATE_SOURCES"]

#: The relation of affiliation edges ("Jim Mattis / member of / United States"): a person or
#: group and the organisation or country it belongs to. They are not interactions.
AFFILIATION = "member of"

#: Where a triple's ``date`` comes from: a time phrase of its clause, or the document's date.
DATE_SOURCES = ("text", "document")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: a sentence of a document.

    Attributes:
        doc_id: Identifier of the document.
        sentence: The sentence text, exactly ``text[start:end]`` of the document.
        start: Character offset of the sentence's first character in the document.
        end: Character offset just past the sentence's last character.
    """

    doc_id: str
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "sentence": self.sentence, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(str(data["doc_id"]), str(data["sentence"]), int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Argument:
    """An extra argument of a relation: a time, place or other prepositional phrase.

    Attributes:
        role: ``"time"``, ``"place"`` or ``"other"``.
        text: The phrase as written, preposition included ("on Friday", "in the capital").
    """

    role: str
    text: str


@dataclass(frozen=True, slots=True)
class Triple:
    """One relation between two arguments, with its evidence.

    ``subject``, ``relation`` and ``object`` are canonical forms (entity names after resolution,
    the relation lemmatised with light verbs folded); the ``*_text`` fields keep the words as
    written in the sentence.

    Attributes:
        subject: Canonical subject.
        relation: Normalised predicate ("meet", "fly into", "threaten to destroy").
        object: Canonical object.
        subject_text: Subject as written.
        relation_text: Predicate as written ("held a meeting with", "has emphasized").
        object_text: Object as written.
        subject_type: spaCy entity label of the subject, or None for a plain noun phrase.
        object_type: spaCy entity label of the object, or None.
        evidence: The sentence that says so.
        negated: True when the sentence denies the relation ("did not meet").
        modality: The modal or hedge word ("could", "expected", "plans"), or None.
        confidence: How reliable the pattern that produced the triple is, in [0, 1].
        conditional: True inside an if/unless clause.
        attributed_to: Canonical speaker when the triple is reported speech or a quotation.
        extras: Time, place and other phrases attached to the relation.
        interaction: Interaction class between two actors ("verbal cooperation", ...), or None.
        intensity: Goldstein-style intensity in [-10, 10] for interactions, or None.
        pattern: Name of the extraction pattern (for diagnostics and calibration).
        object_is_clause: The object is a clause ("X said that ..."), not a thing; such
            triples are kept in extraction output but are not edges of the graph.
        date: When it happened, ISO 8601 as precise as known ("2009-02-03", "2009-02",
            "2009"), or None.
        date_source: ``"text"`` when a time phrase of the clause gives ``date``,
            ``"document"`` when it is the document's date, None when no date is known.
    """

    subject: str
    relation: str
    object: str
    subject_text: str
    relation_text: str
    object_text: str
    subject_type: str | None
    object_type: str | None
    evidence: Evidence
    negated: bool = False
    modality: str | None = None
    confidence: float = 0.5
    conditional: bool = False
    attributed_to: str | None = None
    extras: tuple[Argument, ...] = ()
    interaction: str | None = None
    intensity: float | None = None
    pattern: str = ""
    object_is_clause: bool = False
    date: str | None = None
    date_source: str | None = None

    @property
    def doc_id(self) -> str:
        return self.evidence.doc_id

    @property
    def kind(self) -> str:
        """``"affiliation"`` for membership edges (see :data:`AFFILIATION`), else ``"relation"``."""
        return "affiliation" if self.pattern == "affiliation" else "relation"

    @property
    def label(self) -> str:
        """The relation as an edge label: "not " before negated relations."""
        return f"not {self.relation}" if self.negated else self.relation

    def to_dict(self) -> dict[str, Any]:
        """A flat JSON-ready dict (evidence fields inlined: doc_id, sentence, start, end)."""
        out: dict[str, Any] = {}
        for name in _TRIPLE_FIELDS:
            value = getattr(self, name)
            if name == "evidence":
                out["doc_id"] = value.doc_id
                out["sentence"] = value.sentence
                out["start"] = value.start
                out["end"] = value.end
            elif name == "extras":
                out["extras"] = [{"role": a.role, "text": a.text} for a in value]
            else:
                out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Triple:
        kwargs: dict[str, Any] = {}
        for name in _TRIPLE_FIELDS:
            if name == "evidence":
                kwargs["evidence"] = Evidence.from_dict(data)
            elif name == "extras":
                kwargs["extras"] = tuple(Argument(a["role"], a["text"]) for a in data.get("extras", ()))
            elif name in data:
                kwargs[name] = data[name]
        return cls(**kwargs)


_TRIPLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Triple))


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity in a document.

    Attributes:
        text: The words as written ("Mattis", "he", "the U.S.").
        start: Character offset of the mention in its document.
        end: Character offset just past the mention.
        evidence: The sentence holding the mention.
    """

    text: str
    start: int
    end: int
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "evidence": self.evidence.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(str(data["text"]), int(data["start"]), int(data["end"]), Evidence.from_dict(data["evidence"]))


@dataclass(frozen=True, slots=True)
class Entity:
    """A real-world entity: the node of the graph.

    Attributes:
        name: Canonical name, the node label ("Jim Mattis", "United States").
        type: Entity type by vote over its mentions (PERSON, GPE, ORG, NORP, ...), or None.
        aliases: Surface forms with their counts, most frequent first.
        titles: Titles and roles seen before the name ("U.S. Defense Secretary").
        affiliation: Country or organisation the entity belongs to ("Japan" for
            "Japanese counterparts"), or None.
        mentions: Every mention with its evidence: by name, by description ("the
            carmaker") and by pronoun.
        notes: Why names were merged into this entity across documents, or kept apart
            from it ("'Blair' merged: the only person in the corpus with that surname").
    """

    name: str
    type: str | None = None
    aliases: tuple[tuple[str, int], ...] = ()
    titles: tuple[str, ...] = ()
    affiliation: str | None = None
    mentions: tuple[Mention, ...] = field(default=(), compare=True)
    notes: tuple[str, ...] = ()

    @property
    def mention_count(self) -> int:
        return len(self.mentions) if self.mentions else sum(n for _, n in self.aliases)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": [[a, n] for a, n in self.aliases],
            "titles": list(self.titles),
            "affiliation": self.affiliation,
            "mentions": [m.to_dict() for m in self.mentions],
            **({"notes": list(self.notes)} if self.notes else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            name=str(data["name"]),
            type=data.get("type"),
            aliases=tuple((str(a), int(n)) for a, n in data.get("aliases", ())),
            titles=tuple(data.get("titles", ())),
            affiliation=data.get("affiliation"),
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", ())),
            notes=tuple(str(n) for n in data.get("notes", ())),
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it.

    Attributes:
        speaker: Canonical name of the speaker.
        cue: Lemma of the speech verb ("say", "tell", "warn").
        text: The quoted words, quotation marks removed.
        evidence: The sentence(s) holding the quotation.
    """

    speaker: str
    cue: str
    text: str
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "cue": self.cue, "text": self.text, **self.evidence.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        return cls(str(data["speaker"]), str(data["cue"]), str(data["text"]), Evidence.from_dict(data))
