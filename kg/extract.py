"""Clause-level relation extraction from a spaCy dependency parse.

The extractor finds every predicate of a sentence (verbs, and copulas with a complement),
collects its subject, objects, prepositional arguments and clausal complements, and turns each
clause into one :class:`Proposition` per combination of conjoined arguments. A proposition keeps
token indices, so it can be rendered two ways:

* as a graph :class:`~kg.model.Triple` (subject, normalised relation, object; agent first in
  passives; light verbs folded: "held a meeting with X" -> meet X), and
* as a CaRB-style n-ary tuple of surface text (relation and arguments as written), for the
  Open IE benchmark.

Everything here is a pure function of a ``Doc`` and a :class:`~kg.lexicon.Lexicon`; no rule
names a particular word outside the closed word lists of ``kg/data``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.lexicon import Lexicon, load_lexicon
from kg.tokens import DocView, SpanView, TokenView, view_of

__all__ = [
    "doc_text",
    "Arg",
    "Proposition",
    "propositions",
    "sentence_propositions",
    "span_text",
]

# Dependency label groups (ClearNLP labels used by spaCy's English pipelines).
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
DATIVE_DEPS = frozenset({"dative", "iobj"})
COMPLEMENT_DEPS = frozenset({"attr", "acomp", "oprd"})
AUX_DEPS = frozenset({"aux", "auxpass"})
CLAUSE_DEPS = frozenset(
    {"ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj", "csubjpass", "parataxis", "dep"}
)
# Children left out of an argument's surface phrase: they make propositions of their own.
NP_CUT_DEPS = frozenset({"relcl", "appos", "conj", "cc", "preconj", "advcl", "parataxis", "punct", "dep", "acl"})
# An extra argument ("on search-and-rescue cooperation", "in Oslo and Bergen") keeps its
# conjunctions: it is one phrase, not several arguments.
EXTRA_CUT_DEPS = NP_CUT_DEPS - {"conj", "cc", "preconj"}
# Children kept in an argument's compact (node-name) form.
NP_CORE_DEPS = frozenset({"compound", "amod", "nummod", "nmod", "poss", "case", "quantmod", "npadvmod", "flat", "advmod"})
TIME_ENTS = frozenset({"DATE", "TIME"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
PERSONAL_PRONOUNS = frozenset({"PRP"})
COPULAS = frozenset({"be"})


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

    @property
    def subject(self) -> Arg:
        return self.arg2 if self.agent_first and self.arg2 is not None else self.arg1

    @property
    def object(self) -> Arg | None:
        return self.arg1 if self.agent_first else self.arg2


def doc_text(doc: Doc | DocView) -> str:
    """The text of a document (a :class:`~kg.tokens.DocView` keeps it; ``Doc.text`` rebuilds
    it from every token on each call, so it is kept in ``user_data`` once read)."""
    if isinstance(doc, DocView):
        return doc.text
    text = doc.user_data.get("kg.text")
    if text is None:
        text = doc.text
        doc.user_data["kg.text"] = text
    return text


def span_text(doc: Doc | DocView, indices: Iterable[int]) -> str:
    """Text of the tokens at ``indices``: contiguous runs as written, runs joined by a space."""
    idx = indices if isinstance(indices, tuple) else tuple(sorted(set(indices)))
    if not idx:
        return ""
    text = doc_text(doc)
    first_i, last_i = idx[0], idx[-1]
    if last_i - first_i == len(idx) - 1:  # one contiguous run (sorted, unique): the common case
        first, last = doc[first_i], doc[last_i]
        return text[first.idx : last.idx + len(last.text)].strip()
    idx = tuple(sorted(set(idx)))
    parts: list[str] = []
    run_start = prev = idx[0]
    for i in (*idx[1:], -1):
        if i == prev + 1:
            prev = i
            continue
        first, last = doc[run_start], doc[prev]
        part = text[first.idx : last.idx + len(last.text)].strip()
        if part:
            parts.append(part)
        run_start = prev = i
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# Arguments


def _subtree_without(tok: Token, cut: frozenset[str], keep_conj_in_entity: bool = True) -> list[int]:
    """Indices of ``tok``'s subtree minus the subtrees of children whose dependency is in ``cut``."""
    out: list[int] = []
    stack = [tok]
    lo, hi = tok.left_edge.i, tok.right_edge.i
    while stack:
        t = stack.pop()
        out.append(t.i)
        for c in _kids(t):
            dep = c.dep_
            if dep in cut:
                if keep_conj_in_entity and dep in ("conj", "cc", "punct") and _same_entity(c, tok):
                    pass
                elif dep == "punct" and lo < c.i < hi and c.text not in ",;:":
                    pass  # inner hyphens, quotes and the like stay
                elif dep == "acl" and (c.tag_ not in ("VBN", "VBG") or any(k.dep_ == "aux" and k.lower_ == "to" for k in _kids(c))):
                    pass  # "the ability to fly", "a deal to be signed" stay; participles make propositions of their own
                else:
                    continue
            stack.append(c)
    out.sort()
    return _trim(tok.doc, out)


def _kids(tok: TokenView) -> list[TokenView]:
    """``tok.children`` (kept by the :class:`~kg.tokens.TokenView`)."""
    return tok.children


def _same_entity(a: Token, b: Token) -> bool:
    if not a.ent_type_ or a.ent_type_ != b.ent_type_:
        return False
    lo, hi = sorted((a.i, b.i))
    doc = a.doc
    return all(doc[k].ent_iob_ == "I" for k in range(lo + 1, hi + 1))


_KEEP_FIRST = frozenset("`\"'\u201c\u2018$")
_KEEP_LAST = frozenset("'\"\u201d\u2019%)")


def _trim(doc: Doc, idx: list[int]) -> list[int]:
    """Drop punctuation and spaces at either end of a token list."""
    lo, hi = 0, len(idx)
    while lo < hi:
        t = doc[idx[lo]]
        if t.is_space or (t.is_punct and t.text not in _KEEP_FIRST):
            lo += 1
        else:
            break
    while hi > lo:
        t = doc[idx[hi - 1]]
        if t.is_space or (t.is_punct and t.text not in _KEEP_LAST):
            hi -= 1
        else:
            break
    return idx[lo:hi]


def _entity_span(tok: Token | TokenView) -> Span | SpanView | None:
    if not tok.ent_type_:
        return None
    doc = tok.doc
    if isinstance(doc, DocView):
        return doc.entity_of(tok.i)
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _core(tok: Token, amod_choice: Token | None = None, drop_amods: frozenset[int] = frozenset()) -> tuple[int, ...]:
    """The compact name of the phrase headed by ``tok``: the entity, or the head with its
    compounds, adjectives, numbers and possessors (no determiners, no clauses)."""
    ent = _entity_span(tok)
    if ent is not None and ent.label_ not in ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY") and tok.pos_ in ("PROPN", "NOUN", "PRON", "NUM", "ADJ"):
        idx = [t.i for t in ent if not (t.i == ent.start and t.lower_ == "the") and t.tag_ != "POS"]
        # keep a noun head outside the entity ("North Korean individuals")
        if tok.i in idx:
            return _trim(tok.doc, idx) and tuple(_trim(tok.doc, idx)) or (tok.i,)
    out = [tok.i]
    stack = [c for c in _kids(tok) if c.dep_ in NP_CORE_DEPS]
    while stack:
        c = stack.pop()
        if c.i in drop_amods:
            continue
        if c.dep_ == "poss" and c.tag_ in ("PRP$", "WP$"):
            continue
        if c.dep_ == "advmod" and c.head.i == tok.i:
            continue
        if c.dep_ == "npadvmod" and c.head.i == tok.i:
            continue
        out.append(c.i)
        stack.extend(k for k in _kids(c) if k.dep_ in NP_CORE_DEPS or (k.dep_ == "case" and k.tag_ == "POS"))
    if tok.pos_ == "PROPN" and tok.is_title and tok.i + 2 < len(tok.doc):
        # a capitalised "of" phrase is part of a name or title: "Chief of Staff", "King of Spain"
        of = tok.doc[tok.i + 1]
        if of.lower_ == "of" and of.head.i == tok.i and of.dep_ == "prep":
            objs = [k for k in _kids(of) if k.dep_ == "pobj" and k.pos_ == "PROPN"]
            if objs:
                words = [t for t in objs[0].subtree if t.dep_ in NP_CORE_DEPS or t.i == objs[0].i]
                if words and all(t.is_title or t.is_upper for t in words):
                    out.append(of.i)
                    out.extend(t.i for t in words)
    if amod_choice is not None:
        out.extend(t.i for t in amod_choice.subtree if t.dep_ not in ("cc", "conj", "punct") or t.i == amod_choice.i)
    out.sort()
    # the compact form is contiguous: keep the run that ends at the head
    run = [tok.i]
    pos = out.index(tok.i)
    for k in range(pos - 1, -1, -1):
        if out[k] == run[0] - 1 or (tok.doc[run[0] - 1].is_punct and out[k] == run[0] - 2 and tok.doc[run[0] - 1].text == "-"):
            if out[k] != run[0] - 1:
                run.insert(0, run[0] - 1)
            run.insert(0, out[k])
        else:
            break
    for k in range(pos + 1, len(out)):
        if out[k] == run[-1] + 1:
            run.append(out[k])
        else:
            break
    if amod_choice is not None and amod_choice.i not in run:
        run = sorted(set(run) | {t.i for t in _amod_tokens(amod_choice)})
    return tuple(_trim(tok.doc, run) or [tok.i])


def _amod_tokens(a: Token) -> list[Token]:
    return [t for t in a.subtree if t.dep_ not in ("cc", "conj", "punct") or t.i == a.i]


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens conjoined to it (A, B and C), unless they are one entity."""
    out = [tok]
    stack = [c for c in _kids(tok) if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        if _same_entity(c, tok):
            continue
        if c.pos_ in ("VERB", "AUX") and tok.pos_ not in ("VERB", "AUX"):
            continue
        out.append(c)
        stack.extend(k for k in _kids(c) if k.dep_ == "conj")
    return out


def _np_args(tok: Token, prep: Token | None = None) -> list[Arg]:
    """The arguments headed by ``tok`` and its conjuncts, with adjective conjuncts spread
    ("South Korean and Japanese counterparts" -> two arguments).

    Subjects are read once for each clause that shares them, so results are kept in the
    document's ``user_data`` for the time of the analysis.
    """
    cache = tok.doc.user_data.setdefault("kg.np_args", {})
    key = (tok.i, prep.i if prep is not None else -1)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _np_args_uncached(tok, prep)
    return found


def _np_args_uncached(tok: Token, prep: Token | None) -> list[Arg]:
    out: list[Arg] = []
    # the graph reads only the compact names; the phrases as written are for Open IE output
    surface = tok.doc.user_data.get("kg.surface", True)
    for c in _conjuncts(tok):
        if not surface:
            out.extend(Arg(c.i, core, core, prep.i if prep is not None else None, _arg_kind(c, prep)) for core in _cores(c))
            continue
        full = tuple(_subtree_without(c, NP_CUT_DEPS))
        kind = _arg_kind(c, prep)
        amods = [a for a in _kids(c) if a.dep_ == "amod" and any(k.dep_ == "conj" and k.pos_ == "ADJ" for k in _kids(a))]
        if amods and c.pos_ in ("NOUN", "PROPN"):
            first = amods[0]
            choices = [first] + [k for k in _kids(first) if k.dep_ == "conj" and k.pos_ == "ADJ"]
            others = {k.i for a in choices for k in a.subtree}
            joints = {k.i for k in _kids(first) if k.dep_ in ("cc", "punct", "preconj")}
            for choice in choices:
                core = _core(c, amod_choice=choice, drop_amods=frozenset(others))
                mine = {k.i for k in _amod_tokens(choice)}
                variant = tuple(i for i in full if i in mine or (i not in others and i not in joints))
                out.append(Arg(c.i, variant, core, prep.i if prep is not None else None, kind))
            continue
        out.append(Arg(c.i, full if full else (c.i,), _core(c), prep.i if prep is not None else None, kind))
    return out


def _cores(c: Token) -> list[tuple[int, ...]]:
    """Compact names of the phrase headed by ``c``, one per adjective conjunct."""
    amods = [a for a in _kids(c) if a.dep_ == "amod" and any(k.dep_ == "conj" and k.pos_ == "ADJ" for k in _kids(a))]
    if not (amods and c.pos_ in ("NOUN", "PROPN")):
        return [_core(c)]
    first = amods[0]
    choices = [first] + [k for k in _kids(first) if k.dep_ == "conj" and k.pos_ == "ADJ"]
    others = frozenset(k.i for a in choices for k in a.subtree)
    return [_core(c, amod_choice=choice, drop_amods=others) for choice in choices]


def _arg_kind(tok: Token, prep: Token | None) -> str:
    if tok.ent_type_ in TIME_ENTS:
        return "time"
    if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass"):
        return "clause"
    if tok.pos_ == "ADJ" and tok.dep_ in COMPLEMENT_DEPS:
        return "adj"
    if prep is not None and tok.ent_type_ in PLACE_ENTS and prep.lower_ in _words(tok, "place_prep"):
        return "place"
    if prep is not None and tok.ent_type_ == "" and tok.lemma_.lower() in _words(tok, "time_noun"):
        return "time"
    return "np"


def _words(tok: Token | TokenView, role: str) -> frozenset[str]:
    """A closed word list of kg/data (see :meth:`Lexicon.words_with_role`), from the lexicon
    the document's view was read with."""
    return tok.doc.user_data["kg.lex"].words_with_role(role)


def _clause_arg(tok: Token, prep: Token | None = None) -> Arg:
    full = [t.i for t in tok.subtree]
    trimmed = tuple(_trim(tok.doc, full) or [tok.i])
    return Arg(tok.i, trimmed, trimmed, prep.i if prep is not None else None, "clause")


def _is_relative(tok: Token) -> bool:
    return tok.tag_ in RELATIVE_TAGS or (tok.lower_ == "that" and tok.dep_ in SUBJECT_DEPS | OBJECT_DEPS and tok.head.dep_ == "relcl")


# --------------------------------------------------------------------------------------------
# Clauses


def _is_predicate(tok: Token) -> bool:
    if tok.dep_ not in CLAUSE_DEPS:
        return False
    if tok.pos_ == "VERB":
        return True
    if tok.pos_ == "AUX":
        return True
    return False


@dataclass(slots=True)
class _Sentence:
    """Per-sentence working state (never leaves this module)."""

    doc: Doc
    sent: Span
    lex: Lexicon
    tokens: list[Token] = field(default_factory=list)
    conditional: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        # one list of Token objects, reused by every pass over the sentence
        self.tokens = list(self.sent)
        for t in self.tokens:
            if t.dep_ == "mark" and t.lower_ in self.lex.words_with_role("conditional"):
                clause = t.head
                self.conditional.add(clause.i)
                if clause.dep_ == "advcl":
                    self.conditional.add(clause.head.i)


def _absorbed_xcomp(tok: Token, lex: Lexicon) -> bool:
    """Is ``tok`` an open complement read as part of its governor's relation?"""
    if tok.dep_ != "xcomp" or tok.pos_ not in ("VERB", "AUX"):
        return False
    gov = tok.head
    if gov.pos_ == "ADJ" and gov.dep_ == "acomp":
        # "is likely to meet", "is ready to sign": the adjective is read as a hedge of the
        # verb (see _modality), whether or not it is one of the listed modality adjectives
        return True
    if gov.pos_ not in ("VERB", "AUX"):
        return False
    return not any(c.dep_ in OBJECT_DEPS for c in _kids(gov))


def _chain(top: Token, lex: Lexicon) -> list[Token]:
    """The top verb and the open complements it absorbs: expected -> to meet."""
    chain = [top]
    cur = top
    while True:
        nxt = None
        for c in _kids(cur):
            if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and _absorbed_xcomp(c, lex):
                nxt = c
                break
            if (
                c.dep_ == "acomp"
                and c.pos_ == "ADJ"
                and cur.lemma_ in COPULAS
                and any(k.dep_ == "xcomp" and k.pos_ in ("VERB", "AUX") for k in _kids(c))
            ):
                nxt = c
                break
        if nxt is None:
            return chain
        chain.append(nxt)
        if nxt.pos_ == "ADJ":
            verb = next(k for k in _kids(nxt) if k.dep_ == "xcomp" and k.pos_ in ("VERB", "AUX"))
            chain.append(verb)
            nxt = verb
        cur = nxt


def _subjects(v: Token, lex: Lexicon, depth: int = 0) -> tuple[list[Arg], bool]:
    """Subject arguments of the clause headed by ``v`` and whether they are passive subjects."""
    if depth > 8:
        return [], False
    for c in _kids(v):
        if c.dep_ in SUBJECT_DEPS:
            passive = c.dep_ in PASSIVE_SUBJECT_DEPS
            if c.dep_ in ("csubj", "csubjpass"):
                return [_clause_arg(c)], passive
            if _is_relative(c) and v.dep_ == "relcl":
                return _np_args(v.head), passive
            if c.tag_ == "EX":  # existential "there"
                return [], passive
            return _np_args(c), passive
    dep = v.dep_
    if dep == "relcl" and v.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return _np_args(v.head), False
    if dep == "acl" and v.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        if v.tag_ == "VBN":
            return _np_args(v.head), True
        if v.tag_ == "VBG":
            return _np_args(v.head), False
        return [], False
    if dep == "conj" and v.head.pos_ in ("VERB", "AUX"):
        return _subjects(v.head, lex, depth + 1)
    if dep == "xcomp":
        gov = v.head
        if gov.pos_ == "ADJ":
            gov = gov.head
        objs = [c for c in _kids(gov) if c.dep_ in OBJECT_DEPS]
        if objs:
            return _np_args(objs[0]), False
        return _subjects(gov, lex, depth + 1)
    if dep == "advcl" and v.tag_ in ("VBG", "VBN") and v.head.pos_ in ("VERB", "AUX"):
        subs, _ = _subjects(v.head, lex, depth + 1)
        return subs, v.tag_ == "VBN"
    if dep == "pcomp" and v.tag_ == "VBG" and v.head.dep_ == "prep":
        gov = v.head.head
        if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in OBJECT_DEPS:
            return _np_args(gov), False  # "accused [Norway of provoking]"
        if gov.pos_ in ("VERB", "AUX"):
            # object control: "accused Norway of provoking" -> Norway provoked; "praised the
            # police for arresting" -> the police arrested; otherwise the subject acts
            # ("accused X of", "praised X for", "kept X from"; but "left X after meeting")
            objs = [c for c in _kids(gov) if c.dep_ in OBJECT_DEPS]
            if objs and v.head.lower_ in _OBJECT_CONTROL_PREPS:
                return _np_args(objs[0]), False
            return _subjects(gov, lex, depth + 1)
    return [], False


# prepositions through which a verb's object is the doer of the gerund that follows
_OBJECT_CONTROL_PREPS = frozenset({"of", "for", "from", "against"})


def _time_extras(v: Token) -> list[Arg]:
    out = []
    for c in _kids(v):
        if c.dep_ in ("npadvmod", "advmod", "tmod") and c.ent_type_ in TIME_ENTS:
            idx = _subtree_without(c, NP_CUT_DEPS)
            out.append(Arg(c.i, tuple(idx), tuple(idx), None, "time"))
    return out


def _prep_args(head: Token) -> list[tuple[Token, list[Arg]]]:
    """Prepositional arguments attached to ``head``: (preposition, its object arguments)."""
    out: list[tuple[Token, list[Arg]]] = []
    for c in _kids(head):
        if c.dep_ not in ("prep", "agent", "dative") or c.pos_ not in ("ADP", "SCONJ"):
            continue
        objs: list[Arg] = []
        for k in _kids(c):
            if k.dep_ == "pobj":
                objs.extend(_np_args(k, prep=c))
            elif k.dep_ == "pcomp":
                if k.pos_ in ("VERB", "AUX"):
                    objs.append(_clause_arg(k, prep=c))
                else:
                    objs.extend(_np_args(k, prep=c))
            elif k.dep_ == "prep" and not any(x.dep_ in ("pobj", "pcomp") for x in _kids(c)):  # "out of", "because of"
                for kk in _kids(k):
                    if kk.dep_ == "pobj":
                        objs.extend(_np_args(kk, prep=c))
        if objs:
            out.append((c, objs))
    return out


def _relation_tokens(chain: Sequence[Token], extra: Iterable[int] = ()) -> list[int]:
    """Auxiliaries, negation, the verbs of the chain with their particles, and ``extra``."""
    idx: set[int] = set(extra)
    for v in chain:
        idx.add(v.i)
        for c in _kids(v):
            if c.dep_ in AUX_DEPS or c.dep_ == "neg" or c.dep_ == "prt":
                idx.add(c.i)
            elif c.dep_ == "advmod" and c.lower_ in _words(c, "negation"):
                idx.add(c.i)
            elif c.dep_ == "advmod" and c.pos_ == "ADV" and not _kids(c) and v.i - 3 <= c.i < v.i and c.tag_ in ("RB", "RBR", "RBS"):
                # an adverb inside the verb group stays with it: "has since joined", "usually consisted"
                if not c.lower_.startswith("wh"):
                    idx.add(c.i)
    return sorted(idx)


def _negated(chain: Sequence[Token], lex: Lexicon) -> bool:
    neg = False
    for v in chain:
        for c in _kids(v):
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in lex.words_with_role("negation")):
                neg = not neg
    return neg


def _modality(chain: Sequence[Token], lex: Lexicon) -> tuple[str | None, list[str], bool]:
    """Modality word, relation lemma parts contributed by the chain, and negation flips."""
    modality: str | None = None
    parts: list[str] = []
    flip = False
    for k, v in enumerate(chain[:-1]):
        lemma = v.lemma_.lower()
        if v.pos_ == "ADJ":
            if modality is None:
                modality = v.lower_
            continue
        if lemma in COPULAS:
            continue
        if lex.has_role(lemma, "modality"):
            if modality is None:
                modality = v.lower_
        elif lex.has_role(lemma, "negating"):
            flip = not flip
        else:
            # "threatened to destroy" keeps its "to"; "kept bolstering" has none
            nxt = chain[k + 1]
            marked = any(c.dep_ == "aux" and c.lower_ == "to" for c in _kids(nxt))
            parts.extend([lemma, "to"] if marked else [lemma])
    for v in chain:
        for c in _kids(v):
            if c.dep_ == "aux" and c.tag_ == "MD" and modality is None:
                modality = c.lower_
    for c in _kids(chain[0]):
        if c.dep_ == "advmod" and lex.has_role(c.lower_, "hedge_adv") and modality is None:
            modality = c.lower_
    return modality, parts, flip


def _speaker(top: Token, lex: Lexicon) -> Arg | None:
    """The subject of the reporting verb whose complement holds ``top``, if any, or of a
    parenthetical report inside it ("the talks, officials said, ended")."""
    for c in _kids(top):
        if c.dep_ == "parataxis" and c.pos_ == "VERB" and lex.has_role(c.lemma_.lower(), "reporting"):
            subs, _ = _subjects(c, lex)
            if subs:
                return subs[0]
    child = top
    head = top.head
    steps = 0
    while head.i != child.i and steps < 12:
        if child.dep_ in ("ccomp", "parataxis") and head.pos_ in ("VERB", "AUX") and lex.has_role(head.lemma_.lower(), "reporting"):
            subs, _ = _subjects(head, lex)
            if subs:
                return subs[0]
            return None
        if child.dep_ in ("relcl", "acl", "advcl") and child is not top:
            return None
        child, head = head, head.head
        steps += 1
    return None


def _clause_props(v: Token, st: _Sentence) -> list[Proposition]:
    doc, lex = st.doc, st.lex
    chain = _chain(v, lex)
    content = chain[-1]
    subjects, passive_subj = _subjects(v, lex)
    if not subjects:
        return []
    passive = passive_subj or any(c.dep_ == "auxpass" for c in _kids(content)) or (
        content is not v and content.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in _kids(content))
    )
    if content is not v:
        passive = any(c.dep_ == "auxpass" for c in _kids(content)) or (
            passive_subj and content.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in _kids(content))
        )
    modality, parts, flip = _modality(chain, lex)
    negated = _negated(chain, lex) ^ flip
    if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
        prep = v.head.lower_
        if prep == "from":
            negated = not negated  # "stopped the men from entering": they did not enter
        elif prep in ("of", "against") and modality is None and v.head.head.pos_ in ("VERB", "AUX"):
            # "accused Norway of provoking": an allegation; "warned Sweden against selling":
            # a warning, not a sale
            modality = v.head.head.lower_
    elif v.dep_ == "xcomp" and modality is None and any(c.dep_ in OBJECT_DEPS for c in _kids(v.head)) and v.head.pos_ in ("VERB", "AUX"):
        modality = v.head.lower_  # "invited Moreau to visit Kyiv": the visit is not (yet) a fact
    conditional = any(t.i in st.conditional for t in chain)
    speaker = _speaker(v, lex)
    sent_bounds = (st.sent.start, st.sent.end)
    base = dict(negated=negated, modality=modality, conditional=conditional, speaker=speaker, sentence=sent_bounds)

    lemma = content.lemma_.lower()
    # an adverb that carries the preposition acts as a particle: "flew back to Washington"
    adverb_particles = [
        c for c in _kids(content)
        if c.dep_ == "advmod" and c.pos_ == "ADV" and c.i > content.i and any(k.dep_ == "prep" for k in _kids(c))
    ]
    prt = sorted([c for c in _kids(content) if c.dep_ == "prt"] + adverb_particles, key=lambda c: c.i)
    verb_lemma = " ".join([*parts, lemma, *(p.lower_ for p in prt)])
    # a preposition of the verb itself does not take the adverb: "climbed ahead of the vote by
    # five points" -> climb ahead of / the vote, climb by / five points
    own_lemma = " ".join([*parts, lemma, *(p.lower_ for p in prt if p.dep_ == "prt")])
    adverb_ids = {a.i for a in adverb_particles}

    def with_prep(rel_lemma: str, p: Token) -> tuple[str, tuple[int, ...]]:
        if adverb_ids and p.head.i == content.i and rel_lemma == verb_lemma:
            return f"{own_lemma} {p.lower_}", tuple(sorted({*(i for i in rel_base if i not in adverb_ids), p.i}))
        return f"{rel_lemma} {p.lower_}", tuple(sorted({*rel_base, p.i}))
    copula = lemma in COPULAS and content.pos_ == "AUX"

    # arguments of the content verb
    dobjs: list[Arg] = []
    for c in _kids(content):
        if c.dep_ in OBJECT_DEPS:
            if _is_relative(c) and content.dep_ == "relcl":
                dobjs.extend(_np_args(content.head))
            else:
                dobjs.extend(_np_args(c))
    if content.dep_ == "relcl" and not dobjs and passive_subj is False:
        # "the deal that X signed": the relative pronoun is the object
        rel = [c for c in _kids(content) if c.dep_ in SUBJECT_DEPS]
        if rel and not _is_relative(rel[0]) and any(_is_relative(k) for k in _kids(content) if k.dep_ in OBJECT_DEPS):
            pass
    datives = [a for c in _kids(content) if c.dep_ in DATIVE_DEPS and c.pos_ != "ADP" for a in _np_args(c)]
    complements: list[Arg] = []
    for c in _kids(content):
        if c.dep_ in COMPLEMENT_DEPS or (c.dep_ == "xcomp" and c.pos_ in ("ADJ", "NOUN", "PROPN")):
            if c.pos_ == "ADJ":
                idx = _subtree_without(c, NP_CUT_DEPS | {"prep"})
                complements.append(Arg(c.i, tuple(idx), tuple(idx), None, "adj"))
            else:
                complements.extend(_np_args(c))
    ccomps = [c for c in _kids(content) if c.dep_ in ("ccomp",) or (c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and c not in chain)]
    preps = _prep_args(content)
    for a in adverb_particles:
        preps.extend(_prep_args(a))
    # prepositions of an adjective complement ("skeptical about X") belong to the relation
    adj_preps: list[tuple[Token, list[Arg]]] = []
    for c in _kids(content):
        if c.dep_ == "acomp" and c.pos_ == "ADJ":
            adj_preps.extend((p, a) for p, a in _prep_args(c))
    times = _time_extras(content)
    # Open IE output also keeps purpose clauses ("opened to carry traffic") and, beside an
    # object, a clausal complement ("told him that ...") as further arguments
    if doc.user_data.get("kg.surface", True):
        for c in _kids(content):
            if c.dep_ == "advcl" and any(k.dep_ == "aux" and k.lower_ == "to" for k in _kids(c)):
                times = [*times, _clause_arg(c)]
            elif c.dep_ == "ccomp" and (dobjs or datives) and c.i > content.i:
                times = [*times, _clause_arg(c)]
            elif c.dep_ in ("advmod", "npadvmod") and c.i > content.i and _kids(c) and c.ent_type_ not in TIME_ENTS and c not in adverb_particles:
                idx = tuple(_subtree_without(c, NP_CUT_DEPS))
                times = [*times, Arg(c.i, idx, idx, None, "other")]  # "diverge northeast of the town"

    # passive: agent becomes the graph subject
    agent_args: list[Arg] = []
    if passive:
        for p, objs in preps:
            if p.dep_ == "agent" or (p.lower_ == "by" and p.head.i == content.i):
                agent_args = objs
                break
        if agent_args:
            preps = [(p, objs) for p, objs in preps if objs is not agent_args]

    rel_base = sorted({*_relation_tokens(chain), *(a.i for a in adverb_particles)})
    props: list[Proposition] = []

    extras_memo: dict[tuple[int, int], tuple[Arg, ...]] = {}

    def extras_from(pps: list[tuple[Token, list[Arg]]], skip: Token | None = None) -> tuple[Arg, ...]:
        # the same extras serve every subject and object of the clause: build them once
        key = (id(pps), skip.i if skip is not None else -1)
        found = extras_memo.get(key)
        if found is not None:
            return found
        out: list[Arg] = []
        for p, objs in pps:
            if skip is not None and p.i == skip.i:
                continue
            if objs:
                first = objs[0]
                full = _subtree_without(p, EXTRA_CUT_DEPS)
                out.append(Arg(first.head, tuple(full), first.core, p.i, first.kind))
        out.extend(times)
        found = extras_memo[key] = tuple(out)
        return found

    # light verb + action noun: "held a meeting with X" -> meet X
    light = lex.has_role(lemma, "light") and not passive
    for s in subjects:
        if passive and agent_args:
            for ag in agent_args:
                # surface: patient / was attacked by / agent ; graph: agent / attack / patient
                by = ag.prep
                rel = sorted({*rel_base, *( [by] if by is not None else [])})
                props.append(
                    Proposition(
                        s, tuple(rel), verb_lemma, ag, extras_from(preps), agent_first=True, pattern="passive_agent", **base
                    )
                )
                for d in dobjs:  # "was awarded a medal by X"
                    props.append(Proposition(s, tuple(rel_base), "be " + content.lower_, d, extras_from(preps), pattern="passive_obj", **base))
            continue
        if dobjs:
            for d in dobjs:
                nom = lex.nominalization(doc[d.head].lemma_.lower()) if light else None
                if nom is not None:
                    folded = _fold_light(s, d, nom, content, chain, rel_base, preps, times, base, doc, lex)
                    if folded:
                        props.extend(folded)
                        continue
                rel_lemma = verb_lemma if not passive else "be " + " ".join([*parts, content.lower_])
                props.append(
                    Proposition(s, tuple(rel_base), rel_lemma, d, extras_from(preps) + tuple(datives), pattern="svo" if not passive else "passive_obj", **base)
                )
                # a named partner attached to the object noun: "signed an agreement with X"
                noun = doc[d.head]
                # (a possessed event noun, "his meeting with Kim", is read by _nominal_props)
                if noun.pos_ == "NOUN" and not any(c.dep_ == "poss" for c in _kids(noun)):
                    for p, objs in _prep_args(noun):
                        if p.lower_ in lex.words_with_role("place_prep") or p.lower_ == "of":
                            continue  # "hosted her counterparts in Oslo": a place, not a partner
                        for o in objs:
                            if o.kind in ("time", "clause", "place") or not doc[o.head].ent_type_:
                                continue
                            props.append(
                                Proposition(
                                    s,
                                    tuple(sorted({*rel_base, noun.i, p.i})),
                                    f"{rel_lemma} {noun.lemma_.lower()} {p.lower_}",
                                    o,
                                    (),
                                    pattern="svo_noun_prep",
                                    graph=True,
                                    **base,
                                )
                            )
                # prepositional objects alongside a direct object: "sent troops to X". When the
                # object is a thing and the preposition names a recipient or partner, that is
                # who the act concerns ("supplied weapons to Ukraine"); otherwise it is
                # circumstance ("warned Xi over Taiwan")
                thing = doc[d.head].ent_type_ not in ("PERSON", "ORG", "GPE", "NORP")
                for p, objs in preps:
                    partner = thing and p.lower_ in lex.words_with_role("partner_prep")
                    p_lemma, p_rel = with_prep(rel_lemma, p)
                    for o in objs:
                        if o.kind in ("time",):
                            continue
                        props.append(
                            Proposition(
                                s,
                                p_rel,
                                p_lemma,
                                o,
                                (),
                                pattern="svo_partner" if partner else "svo_prep",
                                **base,
                            )
                        )
            for dt in datives:  # "gave X the book": X is also a recipient
                props.append(Proposition(s, tuple(rel_base), verb_lemma + " to", dt, (), pattern="dative", **base))
            continue
        if complements:
            for comp in complements:
                rel_lemma = verb_lemma if not copula else "be"
                if lemma not in COPULAS:
                    rel_lemma = verb_lemma
                pattern = "copula" if lemma in COPULAS else "complement"
                if comp.kind == "adj" and adj_preps:
                    for p, objs in adj_preps:
                        for o in objs:
                            rel = sorted({*rel_base, *comp.full, p.i})
                            props.append(
                                Proposition(s, tuple(rel), f"be {doc[comp.head].lemma_.lower()} {p.lower_}", o, extras_from(preps), pattern="copula_adj_prep", **base)
                            )
                props.append(Proposition(s, tuple(rel_base), rel_lemma, comp, extras_from(preps), pattern=pattern, **base))
                props.extend(_possessive_complement(s, comp, rel_base, base, doc))
            continue
        if ccomps:
            for c in ccomps:
                arg = _clause_arg(c)
                pattern = "report" if lex.has_role(lemma, "reporting") else "clausal"
                props.append(Proposition(s, tuple(rel_base), verb_lemma, arg, extras_from(preps), pattern=pattern, **base))
            continue
        if content.dep_ == "parataxis" and content is v and lex.has_role(lemma, "reporting") and content.head.pos_ in ("VERB", "AUX"):
            # a parenthetical report: "The talks, officials said, ended without a deal"
            mine = {t.i for t in content.subtree}
            words = [t.i for t in content.head.subtree if t.i not in mine]
            words = _trim(doc, words)
            if words:
                arg = Arg(content.head.i, tuple(words), tuple(words), None, "clause")
                props.append(Proposition(s, tuple(rel_base), verb_lemma, arg, (), pattern="report", **base))
            continue
        usable = [(p, objs) for p, objs in preps if p.i > content.i and any(o.kind != "time" for o in objs)]
        if usable:
            p1, objs1 = usable[0]
            rel_lemma = verb_lemma if not passive else "be " + " ".join([*parts, content.lower_])
            p1_lemma, p1_rel = with_prep(rel_lemma, p1)
            for o in objs1:
                if o.kind == "time":
                    continue
                props.append(
                    Proposition(
                        s,
                        p1_rel,
                        p1_lemma,
                        o,
                        extras_from(preps, skip=p1),
                        pattern="svp" if not passive else "passive_prep",
                        **base,
                    )
                )
            for p, objs in usable[1:]:
                p_lemma, p_rel = with_prep(rel_lemma, p)
                for o in objs:
                    if o.kind == "time":
                        continue
                    props.append(Proposition(s, p_rel, p_lemma, o, (), pattern="svp_more", **base))
            continue
        extras = extras_from(preps)
        if extras:
            props.append(Proposition(s, tuple(rel_base), verb_lemma, None, extras, pattern="intransitive", **base))
    return props


def _fold_light(
    s: Arg,
    d: Arg,
    nom,  # Nominalization
    content: Token,
    chain: Sequence[Token],
    rel_base: list[int],
    preps: list[tuple[Token, list[Arg]]],
    times: list[Arg],
    base: dict,
    doc: Doc,
    lex: Lexicon,
) -> list[Proposition]:
    """Fold "held a meeting with X" into meet X; "held talks with X" into talk with X."""
    noun = doc[d.head]
    noun_preps = _prep_args(noun)
    all_preps = [*preps, *noun_preps]
    # words of the light construction as written: verb, noun with its left modifiers
    noun_words = [t.i for t in noun.lefts if t.dep_ in ("det", "amod", "compound", "nummod", "poss") and t.tag_ not in ("PRP$",)]
    noun_words = [i for i in noun_words if i >= content.i]
    props: list[Proposition] = []
    for p, objs in all_preps:
        word = p.lower_
        if word in nom.object_preps:
            rel_lemma = nom.verb
        elif word in nom.keep_preps:
            rel_lemma = f"{nom.verb} {word}"
        else:
            continue
        rel = sorted({*rel_base, *noun_words, noun.i, p.i})
        others = tuple(
            Arg(o2[0].head, tuple(sorted({p2.i, *(i for a in o2 for i in a.full)})), o2[0].core, p2.i, o2[0].kind)
            for p2, o2 in all_preps
            if p2.i != p.i and o2
        ) + tuple(times)
        for o in objs:
            if o.kind == "time":
                continue
            props.append(Proposition(s, tuple(rel), rel_lemma, o, others, pattern="light_verb", **base))
    return props


def _possessive_complement(s: Arg, comp: Arg, rel_base: list[int], base: dict, doc: Doc) -> list[Proposition]:
    """"A is B's largest partner" -> A / be largest partner of / B."""
    head = doc[comp.head]
    if head.pos_ not in ("NOUN", "PROPN"):
        return []
    owners = [c for c in _kids(head) if c.dep_ == "poss" and c.tag_ not in ("PRP$", "WP$")]
    if not owners:
        return []
    owner = owners[0]
    owner_tokens = {t.i for t in owner.subtree}
    words = [i for i in comp.core if i not in owner_tokens and doc[i].dep_ not in ("det",)]
    rel_words = " ".join(doc[i].lower_ for i in words)
    out = []
    for o in _np_args(owner):
        out.append(
            Proposition(
                s, tuple(sorted({*rel_base, *words})), f"be {rel_words} of", o, (), pattern="copula_poss", **base
            )
        )
    return out


def _nominal_props(sent: Span, st: _Sentence) -> list[Proposition]:
    """Propositions with no verb: appositions, titles, nominalisations ("A's trip to B")."""
    lex = st.lex
    props: list[Proposition] = []
    bounds = (sent.start, sent.end)
    for t in st.tokens:
        # apposition: "Japan's defence minister, Jane Doe," -> Jane Doe / be / defence minister
        if (
            t.dep_ == "appos"
            and t.head.pos_ in ("NOUN", "PROPN")
            and t.pos_ in ("NOUN", "PROPN")
            and not _bracketed(t)
            and not any(c.dep_ == "conj" for c in _kids(t.head))
        ):
            # (an acronym or a source in brackets is no apposition, and a list "A, B and C,
            # a trip ..." is not each of its members)
            head = t.head
            # the name is the graph subject: "the minister, Jane Doe," -> Jane Doe / be / minister
            name_first = (t.ent_type_ == "PERSON" and head.ent_type_ != "PERSON") or (t.pos_ == "PROPN" and head.pos_ == "NOUN")
            for x in _np_args(head)[:1]:
                for y in _np_args(t)[:1]:
                    props.append(Proposition(x, (), "be", y, (), agent_first=name_first, pattern="appos", sentence=bounds))
        # nominalisation with a possessor or a by-phrase: "A's visit to B", "a visit to B by A"
        if t.pos_ == "NOUN":
            nom = lex.nominalization(t.lemma_.lower())
            if nom is None:
                continue
            owners = [c for c in _kids(t) if c.dep_ == "poss" and c.tag_ not in ("WP$",)]
            preps = _prep_args(t)
            agents = [objs for p, objs in preps if p.lower_ == "by"]
            subj_args: list[Arg] = []
            if owners:
                subj_args = _np_args(owners[0])
            elif agents:
                subj_args = agents[0]
            if not subj_args:
                continue
            # an event that was called off or put off: "cancelled his visit to Seoul"
            negated, modality = False, None
            gov = t.head if t.dep_ in ("dobj", "nsubjpass", "nsubj") else None
            if gov is not None and gov.pos_ == "VERB":
                verb = " ".join([gov.lemma_.lower(), *(c.lower_ for c in _kids(gov) if c.dep_ == "prt")])
                if lex.has_role(verb, "negating"):
                    negated = True
                elif lex.has_role(verb, "modality"):
                    modality = gov.lower_
            for p, objs in preps:
                word = p.lower_
                if word == "by":
                    continue
                if word in nom.object_preps:
                    rel_lemma = nom.verb
                elif word in nom.keep_preps:
                    rel_lemma = f"{nom.verb} {word}"
                else:
                    continue
                for s in subj_args:
                    for o in objs:
                        if o.kind == "time":
                            continue
                        props.append(
                            Proposition(
                                s, (t.i, p.i), rel_lemma, o, (), negated=negated, modality=modality, pattern="nominal", sentence=bounds
                            )
                        )
    return props


def _bracketed(t: Token | TokenView) -> bool:
    """Is the phrase headed by ``t`` enclosed in brackets?"""
    doc = t.doc
    lo, hi = t.left_edge.i, t.right_edge.i
    opens = doc[lo].text in ("(", "[") or (lo > 0 and doc[lo - 1].text in ("(", "["))
    closes = doc[hi].text in (")", "]") or (hi + 1 < len(doc) and doc[hi + 1].text in (")", "]"))
    return opens and closes


def _past(sent: Span) -> bool:
    """Is the sentence told in the past (its root verb in the past tense)?"""
    root = sent.root
    if root.tag_ == "VBD":
        return True
    return any(c.dep_ in AUX_DEPS and c.tag_ == "VBD" for c in _kids(root))


def _descriptive_props(sent: Span, st: _Sentence) -> list[Proposition]:
    """Facts that noun phrases state without a verb, for Open IE output only: possession
    ("the airline's debts" -> the airline / has / debts), titles ("President Lee" -> Lee / be /
    President) and location ("the museum in Oslo" -> the museum / be in / Oslo)."""
    doc, lex = st.doc, st.lex
    props: list[Proposition] = []
    bounds = (sent.start, sent.end)
    have = "had" if _past(sent) else "has"
    for t in st.tokens:
        dep = t.dep_
        if dep == "poss" and t.pos_ in ("NOUN", "PROPN") and t.head.pos_ in ("NOUN", "PROPN"):
            owner_tokens = {k.i for k in t.subtree}
            possessed = t.head
            full = tuple(i for i in _subtree_without(possessed, NP_CUT_DEPS | {"prep"}) if i not in owner_tokens and doc[i].dep_ != "det")
            core = tuple(i for i in _core(possessed) if i not in owner_tokens)
            owner_full = tuple(i for i in _subtree_without(t, NP_CUT_DEPS) if doc[i].tag_ != "POS")
            if full and owner_full:
                props.append(
                    Proposition(
                        Arg(t.i, owner_full, owner_full), (), have, Arg(possessed.i, full, core or (possessed.i,)),
                        pattern="poss", sentence=bounds, graph=False,
                    )
                )
        elif dep == "compound" and t.head.ent_type_ == "PERSON" and not t.ent_type_ and t.pos_ in ("PROPN", "NOUN") and (t.is_title or t.is_upper):
            head = t.head
            ent = _entity_span(head)
            if ent is None or t.i >= ent.start:
                continue
            title = [k.i for k in doc[t.i : ent.start] if k.dep_ == "compound" or k.pos_ in ("PROPN", "NOUN", "ADJ")]
            if t.i != min(title, default=t.i) or not any(lex.title(doc[i].text) for i in title):
                continue
            name = tuple(k.i for k in ent)
            props.append(Proposition(Arg(head.i, name, name), (), "be", Arg(t.i, tuple(title), tuple(title)), pattern="title", sentence=bounds, graph=False))
        elif dep == "prep" and t.lower_ in ("in", "at") and t.head.pos_ in ("NOUN", "PROPN") and t.head.dep_ not in ("pobj",):
            objs = [k for k in _kids(t) if k.dep_ == "pobj" and k.ent_type_ in PLACE_ENTS]
            if not objs:
                continue
            head = t.head
            full = tuple(i for i in _subtree_without(head, NP_CUT_DEPS | {"prep"}))
            for o in _np_args(objs[0]):
                props.append(Proposition(Arg(head.i, full, _core(head)), (t.i,), "be in", o, pattern="np_in", sentence=bounds, graph=False))
    return props


def sentence_propositions(sent: Span, lexicon: Lexicon | None = None, *, descriptive: bool = True) -> list[Proposition]:
    """All propositions of one sentence.

    Args:
        sent: A sentence span of a parsed ``Doc``.
        lexicon: Word lists; the shipped ones by default.
        descriptive: Also read possession, titles and locations from noun phrases (Open IE
            output; the graph does not use them).

    Returns:
        Propositions in the order of their predicates.
    """
    if len(sent) == 0:
        return []
    if not isinstance(sent, SpanView):
        sent = view_of(sent.doc).span(sent.start, sent.end)
    lex = lexicon if lexicon is not None else load_lexicon()
    sent.doc.user_data["kg.lex"] = lex
    st = _Sentence(sent.doc, sent, lex)
    props: list[Proposition] = []
    for tok in st.tokens:
        if not _is_predicate(tok) or _absorbed_xcomp(tok, lex):
            continue
        if tok.pos_ == "AUX" and tok.dep_ in AUX_DEPS:
            continue
        props.extend(_clause_props(tok, st))
    props.extend(_nominal_props(sent, st))
    if descriptive:
        props.extend(_descriptive_props(sent, st))
    return _dedupe(props)


def _dedupe(props: list[Proposition]) -> list[Proposition]:
    seen: set[tuple] = set()
    out = []
    for p in props:
        key = (p.arg1.full, p.arg1.core, p.relation, p.lemma, p.arg2.full if p.arg2 else None, p.arg2.core if p.arg2 else None, p.agent_first)
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


def propositions(
    doc: Doc | DocView, lexicon: Lexicon | None = None, *, descriptive: bool = True, text: str | None = None
) -> Iterator[Proposition]:
    """Propositions of every sentence of ``doc`` (see :func:`sentence_propositions`).

    Args:
        doc: A parsed ``Doc``, or a :class:`~kg.tokens.DocView` of one.
        lexicon: Word lists; the shipped ones by default.
        descriptive: Also read possession, titles and locations (Open IE output).
        text: The document's text, if at hand (spares rebuilding it from the tokens).

    Example:
        >>> nlp = kg.load_pipeline()  # doctest: +SKIP
        >>> [p.lemma for p in propositions(nlp("Ann met Bob in Rome."))]  # doctest: +SKIP
        ['meet']
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    view = view_of(doc, text)
    view.user_data["kg.surface"] = descriptive
    try:
        for sent in view.sents:
            yield from sentence_propositions(sent, lex, descriptive=descriptive)
    finally:
        view.user_data.pop("kg.np_args", None)
        view.user_data.pop("kg.surface", None)
