"""Clause-level relation extraction from a spaCy dependency parse.

The extractor finds every predicate of a sentence (verbs, and copulas with a complement),
collects its subject, objects, prepositional arguments and clausal complements, and turns each
clause into one :class:`Proposition` per combination of conjoined arguments. A proposition keeps
token indices, so it can be rendered two ways:

* as a graph :class:`~kg.model.Triple` (subject, normalised relation, object; agent first in
  passives; light verbs folded: "held a meeting with X" -> meet X), and
* as a CaRB-style n-ary tuple of surface text (relation and arguments as written), for the
  Open IE benchmark.

The stage is a package of small modules, one a step: ``records`` (what it produces),
``text``, ``args`` (argument phrases), ``clauses`` (a verb's clause and its constructions),
``nominal`` (propositions with no verb) and ``sentences`` (all propositions of a sentence).

Everything here is a pure function of a ``Doc`` and a :class:`~kg.lexicon.Lexicon`; no rule
names a particular word outside the closed word lists of ``kg/data``.
"""

from __future__ import annotations

from kg.extract.records import Arg, Proposition
from kg.extract.sentences import propositions, sentence_propositions
from kg.extract.text import doc_text, span_text

__all__ = [
    "doc_text",
    "Arg",
    "Proposition",
    "propositions",
    "sentence_propositions",
    "span_text",
]
