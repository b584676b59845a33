"""Repairs of parser slips that would mislead every rule after them.

The statistical parser and tagger make a few mistakes often enough, in shapes regular enough,
that kg mends them in its :class:`~kg.tokens.DocView` before any rule reads the parse (the
spaCy ``Doc`` itself is left as it was). Each repair is one named function, and each fixes
one shape only:

- :func:`trim_entity_ends`: a name the tagger ended with a function word ("sell Corvane
  Logistics to Melbrook" tagged "Corvane Logistics to").
- :func:`subject_read_as_apposition`: the subject of a clause hung, after a comma, on the noun
  of an opening phrase ("In a call with Emmanuel Macron, Olaf Scholz discussed ...").
- :func:`preposition_read_as_subordinator`: "before" read as opening a clause with a subject and
  a to-infinitive ("pleaded before Congress to be given funds").
"""

from __future__ import annotations

from bisect import insort

from kg.tokens import TokenView

__all__ = ["preposition_read_as_subordinator", "repair", "subject_read_as_apposition", "trim_entity_ends"]

# parts of speech of words that end no name
_NOT_NAME_END = frozenset({"ADP", "CCONJ", "SCONJ", "DET"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# prepositions the parser may take for subordinators of a clause with a subject and a
# to-infinitive, which English does not have ("before Congress to be given funds")
_PREPOSITIONS_NOT_SUBORDINATORS = frozenset({"before"})


def repair(tokens: list[TokenView]) -> None:
    """Apply every repair to the tokens of one document, in place."""
    trim_entity_ends(tokens)
    for t in tokens:
        if t.pos_ in ("VERB", "AUX"):
            subject_read_as_apposition(t)
            preposition_read_as_subordinator(t)


def _move(t: TokenView, head: TokenView, dep: str) -> None:
    """Hang ``t`` on ``head`` with the relation ``dep``."""
    if t.head is not t:
        t.head.children.remove(t)
    t.head = head
    t.dep_ = dep
    insort(head.children, t, key=lambda c: c.i)


def trim_entity_ends(tokens: list[TokenView]) -> None:
    """Drop lower-case function words (prepositions, conjunctions, determiners) from the end
    of the named entities the tagger marked: a name ends with a word of its own."""
    for t in reversed(tokens):
        if t.ent_type_ and t.ent_iob_ == "I" and t.pos_ in _NOT_NAME_END and t.text.islower():
            nxt = t.i + 1
            if nxt < len(tokens) and tokens[nxt].ent_iob_ == "I":
                continue  # inside a name ("Bank of England"), not at its end
            t.ent_type_ = ""
            t.ent_iob_ = "O"


def subject_read_as_apposition(v: TokenView) -> None:
    """"In a phone call with Emmanuel Macron, Olaf Scholz discussed the crisis": the parser
    makes Scholz an apposition of Macron, and the verb has no subject. A finite verb with no
    subject, right after a noun that is an apposition set off by a comma inside a phrase that
    opens the clause, takes that noun as its subject."""
    if v.tag_ not in _FINITE_TAGS or any(c.dep_ in _SUBJECTS for c in v.children):
        return
    doc = v.doc
    k = v.i - 1
    while k >= 0 and doc[k].dep_ in ("aux", "auxpass", "neg", "advmod") and doc[k].head is v:
        k -= 1
    if k < 1:
        return
    end = doc[k]
    noun = end if end.dep_ == "appos" else end.head if end.dep_ in ("compound", "flat") and end.head.dep_ == "appos" else None
    if noun is None or noun.pos_ not in ("PROPN", "NOUN", "PRON") or noun.i > v.i:
        return
    first = noun.left_edge
    if first.i < 1 or doc[first.i - 1].text != ",":
        return
    host = noun.head
    while host.head is not v and host.head is not host:
        host = host.head
    if host.dep_ == "prep" and host.head is v and host.i < noun.i:
        _move(noun, v, "nsubj")


def preposition_read_as_subordinator(v: TokenView) -> None:
    """"The carmakers pleaded before Congress to be given funds": the parser reads "before
    Congress to be given" as a clause with its own subject. English has no such clause, so
    "before" is the main verb's preposition, Congress its object, and the infinitive the
    main verb's purpose (done by its subject)."""
    if v.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        return
    mark = next((c for c in v.children if c.dep_ == "mark" and c.lower_ in _PREPOSITIONS_NOT_SUBORDINATORS and c.i < v.i), None)
    if mark is None:
        return
    noun = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and mark.i < c.i < v.i), None)
    if noun is None:
        noun = next((c for c in mark.children if c.dep_ == "pobj"), None)
    if noun is None:
        return
    _move(mark, v.head, "prep")
    mark.pos_ = "ADP"
    _move(noun, mark, "pobj")
