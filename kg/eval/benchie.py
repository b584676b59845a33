"""Scoring of open triple extraction against the BenchIE benchmark (exact facts).

BenchIE (Gashteovski et al., ACL 2022) credits an extraction only when it states a whole fact
exactly. This module is an independent implementation of its scoring as described in
``benchmarks/benchie/README.md`` of the project's shared data:

* the gold lists, per sentence, **fact synsets**; each synset has one or more acceptable
  wordings ``subject --> relation --> object`` in which ``[bracketed]`` spans are optional
  (:func:`parse_gold`, :func:`expand`);
* the system output is CaRB's tabbed format, read with :func:`kg.eval.carb.read_extractions`;
  sentences of gold and output are matched by :func:`kg.eval.carb.sentence_key`; arguments after
  the first are joined with single spaces into the object (:func:`fact_of`);
* an extraction is correct when its (subject, relation, object) equals the three slots of one
  wording of a synset of its sentence; it is credited to the first such synset. TP is the
  number of synsets credited at least once, FP the number of extractions matching no wording
  (:func:`score`).

Normalisation: **whitespace only**. Every slot, of the gold and of the output, has its runs of
whitespace collapsed to one space and its ends stripped; case and punctuation are compared as
written. An optional span is kept or dropped as written, glued to its neighbours or not, so
``Jo Crane[,] Jr.`` gives ``Jo Crane, Jr.`` and ``Jo Crane Jr.``, and ``[a] [senior] judge``
gives ``a senior judge``, ``senior judge``, ``a judge`` and ``judge``.

Tokenisation: BenchIE's sentences are tokenised (``U.S. ,``, ``Rolls - Royce``, ```` Blue
Sky ''``). kg is fed these lines and prints each slot as the words of the line, with the line's
spacing, so its slots are tokenised the same way. Most gold wordings are spaced like the
sentence too, but some are written glued (``Jo Crane, Jr.``, ``Rolls-Royce``, ````Blue Sky''``):
since only whitespace is normalised, such a wording can match only an extraction spelt the
same way, and a synset whose every wording is glued cannot be found by an extractor that
copies the tokenised line.

File formats (UTF-8):

* gold: a line ``sent_id:N<TAB>sentence``, then for each fact a line ``N--> Cluster K:``
  followed by its wordings, one a line; blank lines are ignored;
* system output ("tabbed"): ``sentence<TAB>confidence<TAB>relation<TAB>arg1[<TAB>arg2 ...]``;
  the confidence is read but ignored.

Example:
    >>> gold = read_gold("dev.gold.txt")                       # doctest: +SKIP
    >>> result = score(gold, read_extractions("kg.tsv"))       # doctest: +SKIP
    >>> print(result.summary())                                # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.eval.carb import (
    CarbTuple,
    PathLike,
    Sentences,
    format_tabbed,
    parse_extractions,
    read_extractions,
    sentence_key,
)
from kg.eval.carb import _read_lines as _carb_read_lines
from kg.model import Triple

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.lexicon import Lexicon

__all__ = [
    "SLOTS",
    "Gold",
    "Fact",
    "Wording",
    "Synset",
    "GoldSentence",
    "SentenceScore",
    "BenchieScore",
    "expand",
    "parse_gold",
    "read_gold",
    "parse_extractions",
    "read_extractions",
    "fact_of",
    "score",
    "tabbed_lines",
]

#: The slot kinds kg can be scored on: ``carb`` for its Open IE tuples
#: (:func:`kg.extract.openie.surface_tuples`, what ``kg extract --lines --format carb`` writes),
#: ``compact`` for the graph triples' surface slots (``subject_text``, ``relation_text``,
#: ``object_text`` of :func:`kg.analysis.analyze`).
SLOTS: tuple[str, ...] = ("carb", "compact")

#: The gold: sentence key (:func:`kg.eval.carb.sentence_key`) -> the sentence and its synsets, in
#: file order.
Gold = dict[str, "GoldSentence"]

# Most readings one slot may have; 2**16, i.e. 16 independent optional spans.
_MAX_READINGS = 1 << 16

_SENT_ID = re.compile(r"sent_id\s*:\s*(\d+)\t(.*)\Z")
_CLUSTER = re.compile(r"(\d+)\s*-->\s*cluster\s+(\d+)\s*:?\s*\Z", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_SLOT_NAMES = ("subject", "relation", "object")


def _norm(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Fact:
    """One binary extraction, slots whitespace-normalised.

    Attributes:
        subject: The subject (arg1).
        relation: The relation phrase.
        object: The object: every argument after arg1, joined with single spaces.
    """

    subject: str
    relation: str
    object: str

    def __str__(self) -> str:
        return f"{self.subject} --> {self.relation} --> {self.object}"


@dataclass(frozen=True)
class Wording:
    """One acceptable wording of a fact, its optional spans expanded.

    Attributes:
        text: The gold line as written (brackets and all).
        line: Its line number in the gold file (1-based).
        subjects: Every reading of the subject slot (see :func:`expand`).
        relations: Every reading of the relation slot.
        objects: Every reading of the object slot.
    """

    text: str
    line: int
    subjects: frozenset[str]
    relations: frozenset[str]
    objects: frozenset[str]

    def matches(self, fact: Fact) -> bool:
        """Whether ``fact`` equals one reading of this wording, slot by slot."""
        return fact.subject in self.subjects and fact.relation in self.relations and fact.object in self.objects

    def facts(self) -> Iterator[Fact]:
        """Every reading of the whole wording: each kept/dropped combination of its spans.

        Yields:
            The facts, sorted by subject, relation and object.
        """
        for s, r, o in product(sorted(self.subjects), sorted(self.relations), sorted(self.objects)):
            yield Fact(s, r, o)


@dataclass(frozen=True)
class Synset:
    """One fact of a sentence: the set of its acceptable wordings.

    Attributes:
        cluster: The number K of its ``N--> Cluster K:`` line, as written (it may repeat).
        line: The line number of that line (1-based).
        wordings: Its wordings, in file order.
    """

    cluster: int
    line: int
    wordings: tuple[Wording, ...]

    def matches(self, fact: Fact) -> bool:
        """Whether ``fact`` equals one reading of one of the synset's wordings."""
        return any(w.matches(fact) for w in self.wordings)


@dataclass(frozen=True)
class GoldSentence:
    """A gold sentence and its facts.

    Attributes:
        sent_id: The N of its ``sent_id:N`` line.
        sentence: The sentence as written.
        line: The line number of its ``sent_id`` line (1-based).
        synsets: Its facts, in file order.
    """

    sent_id: int
    sentence: str
    line: int
    synsets: tuple[Synset, ...]


@dataclass(frozen=True)
class SentenceScore:
    """What happened to one gold sentence: the detail behind the corpus figures.

    Attributes:
        sent_id: The sentence's ``sent_id``.
        sentence: The gold sentence.
        found: Each correct extraction with the synset it was credited to, in output order
            (a synset found twice appears twice).
        false_positives: The extractions that match no wording, in output order.
        missed: The synsets no extraction matched, in gold order.
    """

    sent_id: int
    sentence: str
    found: tuple[tuple[Fact, Synset], ...]
    false_positives: tuple[Fact, ...]
    missed: tuple[Synset, ...]

    @property
    def tp(self) -> int:
        """Number of synsets credited at least once."""
        return len({id(synset) for _, synset in self.found})

    @property
    def fp(self) -> int:
        """Number of extractions matching no wording."""
        return len(self.false_positives)

    def describe(self, wordings: int = 1) -> str:
        """Return the sentence with its found facts, false positives and missed synsets.

        Args:
            wordings: How many wordings to show of each missed synset (they can be many).

        Returns:
            Several lines of text, without a final newline.
        """
        lines = [f"sent_id {self.sent_id}: {self.sentence}", f"  TP {self.tp}  FP {self.fp}  missed {len(self.missed)}"]
        for fact, synset in self.found:
            lines.append(f"  found   [cluster {synset.cluster}] {fact}")
        for fact in self.false_positives:
            lines.append(f"  FP      {fact}")
        for synset in self.missed:
            shown = synset.wordings[:wordings]
            more = len(synset.wordings) - len(shown)
            for i, w in enumerate(shown):
                head = f"  missed  [cluster {synset.cluster}] " if i == 0 else "                      "
                lines.append(head + w.text)
            if more > 0:
                lines.append(f"                      (+{more} more wording{'s' if more > 1 else ''})")
        return "\n".join(lines)


@dataclass(frozen=True)
class BenchieScore:
    """The result of :func:`score`.

    Attributes:
        precision: TP / (TP + FP); 0.0 when both are 0.
        recall: TP / synsets; 0.0 without synsets.
        f1: Harmonic mean of precision and recall (0.0 when both are 0).
        tp: Synsets credited at least once.
        fp: Extractions matching no wording.
        synsets: Number of gold synsets (facts).
        extractions: Number of extractions scored, i.e. those of sentences in gold.
        gold_sentences: Number of gold sentences.
        unmatched_sentences: Number of output sentences absent from gold (their extractions
            are ignored).
        sentences: Per gold sentence, in gold order, what was found, wrong and missed.
    """

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    synsets: int
    extractions: int
    gold_sentences: int
    unmatched_sentences: int
    sentences: tuple[SentenceScore, ...]

    def summary(self) -> str:
        """Return a few lines of human-readable text with the scores and counts.

        Returns:
            The text, without a final newline.
        """
        lines = [
            f"BenchIE precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}",
            f"TP {self.tp}  FP {self.fp}  synsets {self.synsets}  "
            f"({self.gold_sentences} sentences, {self.extractions} extractions scored)",
        ]
        if self.unmatched_sentences:
            lines.append(f"{self.unmatched_sentences} output sentence(s) not in gold were ignored")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Gold
# ---------------------------------------------------------------------------------------------


class _BracketError(ValueError):
    """A slot whose brackets do not pair up; the message says where."""


def expand(template: str) -> tuple[str, ...]:
    """Every reading of a gold slot: each ``[optional]`` span kept or dropped.

    A span may hold several words, may be glued to its neighbours (``Jo Crane[,] Jr.``), may sit
    next to another (``[a][b]``, ``[a] [b]``) and may contain other spans (``[of [the] bank]``:
    an inner span counts only when its outer one is kept). Spans are kept or dropped as
    written, then whitespace is normalised; readings that end up empty are left out, as are
    repeats.

    Args:
        template: One slot of a gold wording.

    Returns:
        The distinct non-empty readings, the reading with every span kept first; empty when
        every reading is empty (e.g. for ``""`` or ``"[ ]"``).

    Raises:
        ValueError: A ``[`` that is never closed or a ``]`` that closes nothing (the message
            gives the column), or more than 65,536 readings.

    Example:
        >>> expand("[the] [old] chess club")
        ('the old chess club', 'the chess club', 'old chess club', 'chess club')
    """
    pos = 0
    n = len(template)

    def sequence(opened_at: int | None) -> list[str]:
        nonlocal pos
        readings = [""]
        while pos < n:
            ch = template[pos]
            if ch == "[":
                start = pos
                pos += 1
                inner = sequence(start)
                pos += 1  # the closing "]"
                combined: dict[str, None] = {}
                for head in readings:
                    for tail in (*inner, ""):
                        combined[_SPACES.sub(" ", head + tail)] = None
                readings = list(combined)
                if len(readings) > _MAX_READINGS:
                    raise _BracketError(
                        f"more than {_MAX_READINGS:,} readings (too many optional spans); "
                        "split the wording into several lines"
                    )
            elif ch == "]":
                if opened_at is None:
                    raise _BracketError(f"']' at column {pos + 1} closes no '['")
                return readings
            else:
                stop = pos
                while stop < n and template[stop] not in "[]":
                    stop += 1
                literal = template[pos:stop]
                readings = [head + literal for head in readings]
                pos = stop
        if opened_at is not None:
            raise _BracketError(f"'[' at column {opened_at + 1} is never closed")
        return readings

    out: dict[str, None] = {}
    for reading in sequence(None):
        text = _norm(reading)
        if text:
            out[text] = None
    return tuple(out)


def _wording(text: str, number: int, source: str) -> Wording:
    """Parse one ``subject --> relation --> object`` line."""
    slots = text.split("-->")
    if len(slots) != 3:
        raise InputError(
            f"{source}, line {number}: expected a wording 'subject --> relation --> object' "
            f"(3 slots separated by '-->'), found {len(slots)} slot(s): {text.strip()[:120]!r}"
        )
    readings: list[frozenset[str]] = []
    for name, slot in zip(_SLOT_NAMES, slots):
        try:
            options = expand(slot)
        except _BracketError as exc:
            raise InputError(
                f"{source}, line {number}: the {name} slot {slot.strip()!r}: {exc}; "
                "write each optional span as [words]"
            ) from None
        if not options:
            raise InputError(
                f"{source}, line {number}: the {name} slot is empty"
                + (f" in every reading ({slot.strip()!r})" if slot.strip() else "")
                + "; every wording needs a subject, a relation and an object"
            )
        readings.append(frozenset(options))
    return Wording(text.strip(), number, readings[0], readings[1], readings[2])


def parse_gold(lines: Iterable[str], source: str = "<lines>") -> Gold:
    """Parse BenchIE gold: sentences, their fact synsets and the synsets' wordings.

    The file is a sequence of blocks::

        sent_id:1<TAB>Alice founded the old chess club of Ghent .
        1--> Cluster 1:
        Alice --> founded --> [the] [old] chess club [of Ghent]
        Alice --> founded [the] [old] chess club of --> Ghent
        1--> Cluster 2:
        ...

    A cluster line starts a synset of the sentence above it, whatever its N says (the
    published gold has clusters whose N names another sentence) and with any spacing around
    ``-->`` (``N-->Cluster K:`` occurs too). Each wording has three slots separated by ``-->``; the
    slots are expanded with :func:`expand`. Blank lines are skipped; a sentence may have no
    synsets (then all its extractions are false positives).

    Args:
        lines: The lines, with or without line endings.
        source: Name of the input, used in error messages.

    Returns:
        Sentence key (:func:`kg.eval.carb.sentence_key`) -> :class:`GoldSentence`, in file order.

    Raises:
        InputError: A line that is none of the three kinds, a cluster or wording out of place,
            a wording without exactly three slots, a slot with unpaired brackets or empty in
            every reading, a cluster without wordings, or a sentence given twice. The message
            names the line.
    """
    gold: Gold = {}
    first_seen: dict[str, tuple[int, int]] = {}
    # the sentence being read: (sent_id, sentence, line) and its synsets so far
    current: tuple[int, str, int] | None = None
    synsets: list[Synset] = []
    # the synset being read: (cluster number, line) and its wordings so far
    cluster: tuple[int, int] | None = None
    wordings: list[Wording] = []

    def close_cluster() -> None:
        nonlocal cluster, wordings
        if cluster is not None:
            if not wordings:
                raise InputError(
                    f"{source}, line {cluster[1]}: cluster {cluster[0]} has no wording; add "
                    "'subject --> relation --> object' lines after it or remove it"
                )
            synsets.append(Synset(cluster[0], cluster[1], tuple(wordings)))
        cluster, wordings = None, []

    def close_sentence() -> None:
        nonlocal current, synsets
        close_cluster()
        if current is not None:
            sent_id, sentence, number = current
            key = sentence_key(sentence)
            if key in first_seen:
                other_id, other_line = first_seen[key]
                raise InputError(
                    f"{source}, line {number}: the sentence of sent_id {sent_id} repeats that of "
                    f"sent_id {other_id} (line {other_line}); give each sentence once, with all "
                    "its clusters"
                )
            first_seen[key] = (sent_id, number)
            gold[key] = GoldSentence(sent_id, sentence, number, tuple(synsets))
        current, synsets = None, []

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("sent_id"):
            match = _SENT_ID.match(line)
            sentence = match.group(2).strip() if match else ""
            if match is None or not sentence:
                raise InputError(
                    f"{source}, line {number}: expected 'sent_id:N<TAB>sentence' (a number, a "
                    f"tab, then the sentence), found {line[:80]!r}"
                )
            close_sentence()
            current = (int(match.group(1)), sentence, number)
            continue
        match = _CLUSTER.match(line.strip())
        if match is not None:
            if current is None:
                raise InputError(
                    f"{source}, line {number}: a cluster line before any sentence; start the file "
                    "with a 'sent_id:N<TAB>sentence' line"
                )
            close_cluster()
            cluster = (int(match.group(2)), number)
            continue
        if "-->" not in line:
            raise InputError(
                f"{source}, line {number}: not a 'sent_id:N<TAB>sentence' line, an 'N--> Cluster "
                f"K:' line or a 'subject --> relation --> object' wording: {line.strip()[:120]!r}"
            )
        if cluster is None:
            raise InputError(
                f"{source}, line {number}: a wording outside any cluster; put an 'N--> Cluster "
                "K:' line before the wordings of each fact"
            )
        wordings.append(_wording(line, number, source))
    close_sentence()
    return gold


def read_gold(path: PathLike) -> Gold:
    """Read a BenchIE gold file (see :func:`parse_gold` for the format).

    Args:
        path: The file.

    Returns:
        Sentence key -> :class:`GoldSentence`, in file order.

    Raises:
        InputError: The file cannot be read or a line is malformed.
    """
    return parse_gold(_carb_read_lines(path), os.fspath(path))


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def fact_of(item: CarbTuple) -> Fact:
    """The binary fact of a tabbed extraction: arguments after arg1 joined into the object.

    Missing arguments are empty; every slot is whitespace-normalised, so empty arguments
    between others leave no double space.

    Args:
        item: An extraction as read by :func:`kg.eval.carb.read_extractions`.

    Returns:
        The fact.
    """
    subject = item.args[0] if item.args else ""
    return Fact(_norm(subject), _norm(item.relation), _norm(" ".join(item.args[1:])))


def score(gold: Gold, predicted: Sentences) -> BenchieScore:
    """Score a system output against BenchIE gold.

    For each gold sentence, each extraction of that sentence (in output order) is compared
    with the synsets in gold order; it is credited to the first synset one of whose wordings it
    equals slot by slot (:meth:`Wording.matches`), else it is a false positive. A synset
    credited more than once counts once, and the extra extractions are not errors.

    Args:
        gold: As returned by :func:`read_gold`.
        predicted: As returned by :func:`read_extractions` or :func:`parse_extractions`.

    Returns:
        The scores with their per-sentence detail. Output sentences absent from gold are
        ignored and counted in ``unmatched_sentences``.
    """
    per_sentence: list[SentenceScore] = []
    tp = fp = synsets = extractions = 0
    for key, entry in gold.items():
        items = predicted[key][1] if key in predicted else []
        found: list[tuple[Fact, Synset]] = []
        wrong: list[Fact] = []
        credited: set[int] = set()
        for item in items:
            fact = fact_of(item)
            for i, synset in enumerate(entry.synsets):
                if synset.matches(fact):
                    found.append((fact, synset))
                    credited.add(i)
                    break
            else:
                wrong.append(fact)
        missed = tuple(s for i, s in enumerate(entry.synsets) if i not in credited)
        per_sentence.append(SentenceScore(entry.sent_id, entry.sentence, tuple(found), tuple(wrong), missed))
        tp += len(credited)
        fp += len(wrong)
        synsets += len(entry.synsets)
        extractions += len(items)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / synsets if synsets else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BenchieScore(
        precision=precision,
        recall=recall,
        f1=f1,
        tp=tp,
        fp=fp,
        synsets=synsets,
        extractions=extractions,
        gold_sentences=len(gold),
        unmatched_sentences=sum(1 for key in predicted if key not in gold),
        sentences=tuple(per_sentence),
    )


# ---------------------------------------------------------------------------------------------
# kg's extractions
# ---------------------------------------------------------------------------------------------


def compact_facts(t: Triple) -> list[tuple[str, str, str]]:
    """The facts a graph triple states, as (subject, relation, object) in the words of the
    sentence: the triple itself, in the sentence's order for a passive ("the town / was hit
    by / an earthquake"), and one fact for each prepositional extra, the relation keeping
    what stands between ("joined the band in / 1994").
    """
    subject, obj = t.subject_text, t.object_text
    if t.pattern == "passive_agent":
        subject, obj = obj, subject
    facts = [(subject, t.relation_text, obj)]
    for extra in t.extras:
        prep, _, rest = extra.text.partition(" ")
        if rest and prep.isalpha() and prep.islower():
            facts.append((subject, f"{t.relation_text} {obj} {prep}", rest))
    return facts


def tabbed_lines(doc: Doc, slots: str = "carb", lexicon: Lexicon | None = None) -> list[str]:
    """kg's extractions of one parsed input line, as lines of the tabbed format.

    Args:
        doc: The line parsed by a pipeline from :func:`kg.load_pipeline`; its text is written
            as the sentence field.
        slots: ``carb``: kg's Open IE tuples (:func:`kg.extract.openie.surface_tuples`, arguments and
            extras as written; what ``kg extract --lines --format carb`` writes). ``compact``:
            the triples of :func:`kg.analysis.analyze`, each as its ``subject_text``,
            ``relation_text`` and ``object_text`` with the facts of its extras (see
            :func:`compact_facts`); a line is a sentence read alone, so a pronoun that refers
            to no one in it is kept as written (``keep_pronouns``).
        lexicon: Word lists and interaction table; the shipped ones by default.

    Returns:
        The lines, without line endings; most confident first for ``carb``, in the order of
        ``analyze`` for ``compact``.

    Raises:
        ValueError: ``slots`` is not one of :data:`SLOTS`.
    """
    from kg.lexicon import load_lexicon

    lex = lexicon if lexicon is not None else load_lexicon()
    if slots == "carb":
        from kg.extract.openie import surface_tuples

        return [format_tabbed(doc.text, st.confidence, st.relation, st.args) for st in surface_tuples(doc[:], lex)]
    if slots == "compact":
        from kg.analysis import analyze

        out = []
        for t in analyze(doc, lexicon=lex, keep_pronouns=True).triples:
            if t.kind == "affiliation":
                continue  # read from titles and appositions, not stated as a relation
            out.extend(format_tabbed(doc.text, t.confidence, r, [s, o]) for s, r, o in compact_facts(t))
        return out
    raise ValueError(f"unknown slots {slots!r}: use one of {', '.join(SLOTS)}")
