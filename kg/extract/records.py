"""The records extraction produces: arguments and propositions, as token indices."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Arg", "Proposition"]

@dataclass(frozen=True, slots=True)
class Arg:
    """An argument of a proposition, as token indices of its document.

    Attributes:
        head: Index of the head token.
        full: Indices of the argument as a phrase (for CaRB output and ``*_text``).
        core: Indices of the compact form used as an entity name.
        prep: Index of the preposition that introduces it, or None.
        kind: ``"np"``, ``"clause"``, ``"adj"``, ``"time"``, ``"place"`` or ``"other"``.
    """

    head: int
    full: tuple[int, ...]
    core: tuple[int, ...]
    prep: int | None = None
    kind: str = "np"


@dataclass(frozen=True, slots=True)
class Proposition:
    """One clause reading: who did what to whom, with token indices into the document.

    ``arg1``/``relation``/``arg2``/``extras`` follow the surface order of the sentence (passive
    subjects stay first, as Open IE benchmarks expect); ``agent_first`` tells that the graph
    triple swaps them so the agent becomes the subject.

    Attributes:
        arg1: Surface subject.
        relation: Indices of the relation words as written (auxiliaries, negation, verb,
            particle, light-verb noun, preposition).
        lemma: The normalised relation ("meet", "fly into", "threaten to destroy").
        arg2: Surface object, or None.
        extras: Further arguments (time, place, other prepositional phrases).
        agent_first: True for passives with an agent: the triple's subject is ``arg2``.
        negated: The relation is denied.
        modality: Modal or hedge word, or None.
        conditional: The clause is part of a conditional.
        speaker: The argument that reports this proposition, or None.
        pattern: Name of the pattern that produced it.
        sentence: Index of the sentence's first and one-past-last token.
        graph: False for readings that only Open IE output uses (possession, "is in"),
            not relations of the graph.
        event: The verb of an event noun the relation goes through ("agree with" for "signed
            an agreement with X"), which classes the interaction when the relation does not.
        negated_by: The verb that denies the relation ("refuse" in "refused to meet",
            "cancel" in "cancelled its visit"), whose own class, if it has one, classes the
            interaction: a refusal is a rejection, a cancellation a cut in relations.
    """

    arg1: Arg
    relation: tuple[int, ...]
    lemma: str
    arg2: Arg | None
    extras: tuple[Arg, ...] = ()
    agent_first: bool = False
    negated: bool = False
    modality: str | None = None
    conditional: bool = False
    speaker: Arg | None = None
    pattern: str = "svo"
    sentence: tuple[int, int] = (0, 0)
    graph: bool = True
    event: str | None = None
    negated_by: str | None = None

    @property
    def subject(self) -> Arg:
        return self.arg2 if self.agent_first and self.arg2 is not None else self.arg1

    @property
    def object(self) -> Arg | None:
        return self.arg1 if self.agent_first else self.arg2
