"""Arguments of a clause: noun phrases as written and as compact names, prepositional
phrases, clausal arguments and time phrases."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.extract.records import Arg
from kg.tokens import DocView, SpanView, TokenView

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
    """``tok`` and the tokens conjoined to it (A, B and C), unless they are one entity. Two
    organisations or people set side by side with a comma are a list too, as headlines write
    them ("GM, Chrysler offer buyouts")."""
    out = [tok]
    stack = [c for c in _kids(tok) if c.dep_ == "conj" or _listed_name(c, tok)]
    while stack:
        c = stack.pop(0)
        if _same_entity(c, tok):
            continue
        if c.pos_ in ("VERB", "AUX") and tok.pos_ not in ("VERB", "AUX"):
            continue
        out.append(c)
        stack.extend(k for k in _kids(c) if k.dep_ == "conj")
    if len(out) > 1 and out[-1].ent_type_ == "PERSON" and any(k.dep_ == "compound" and not k.ent_type_ for k in _kids(out[-1])):
        # "the company president and CEO Lena Ruiz": titles coordinated before one name
        # are hers, not people of their own
        lex = tok.doc.user_data.get("kg.lex")
        if lex is not None and all(c.pos_ == "NOUN" and lex.title(c.lower_) is not None for c in out[:-1]):
            return out[-1:]
    return out


def _listed_name(c: Token, head: Token) -> bool:
    """Is ``c``, in apposition to ``head``, another name of the same kind (two firms or two
    people), not a description of it?"""
    return (
        c.dep_ == "appos"
        and c.pos_ == "PROPN"
        and head.pos_ == "PROPN"
        and c.ent_type_ in ("ORG", "PERSON")
        and c.ent_type_ == head.ent_type_
        and c.i > head.i
        and head.doc[c.left_edge.i - 1].text == ","
        and not any(k.text in ("(", ")") for k in c.subtree)
    )


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
        of = _partitive_of(c)
        if of is not None:
            # "a portion of the prostate", "most of the workers": the node is what it picks from
            full = tuple(_subtree_without(c, NP_CUT_DEPS)) if surface else None
            for a in _np_args(of, prep):
                out.append(Arg(a.head, full or a.full, a.core, a.prep, a.kind) if surface else a)
            continue
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


def _partitive_of(t: Token) -> Token | None:
    """The noun a partitive picks from ("portion" -> "prostate" in "a portion of the
    prostate"), or None."""
    words = _words(t, "partitive")
    if t.pos_ not in ("NOUN", "ADJ", "NUM", "PRON") or (t.lemma_.lower() not in words and t.lower_ not in words):
        return None  # (the lemma of "Thousands" is "thousand": the word as written counts too)
    for p in _kids(t):
        if p.dep_ == "prep" and p.lower_ == "of":
            for o in _kids(p):
                if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN"):
                    return o
    return None


def _cores(c: Token) -> list[tuple[int, ...]]:
    """Compact names of the phrase headed by ``c``, one per adjective conjunct."""
    amods = [a for a in _kids(c) if a.dep_ == "amod" and any(k.dep_ == "conj" and k.pos_ == "ADJ" for k in _kids(a))]
    if not (amods and c.pos_ in ("NOUN", "PROPN")):
        return [_core(c)]
    first = amods[0]
    choices = [first] + [k for k in _kids(first) if k.dep_ == "conj" and k.pos_ == "ADJ"]
    others = frozenset(k.i for a in choices for k in a.subtree)
    return [_core(c, amod_choice=choice, drop_amods=others) for choice in choices]


# a clock time written with a colon: "14:58", "9:30"
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


def _arg_kind(tok: Token, prep: Token | None) -> str:
    if tok.ent_type_ in TIME_ENTS:
        return "time"
    if prep is not None and tok.pos_ == "PROPN" and any(c.dep_ in ("nummod", "compound") and (c.ent_type_ == "TIME" or _CLOCK.fullmatch(c.text)) for c in tok.children):
        return "time"  # "at 14:58 UTC": a time zone after a clock time
    if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass"):
        return "clause"
    if tok.pos_ == "ADJ" and tok.dep_ in COMPLEMENT_DEPS:
        return "adj"
    if prep is not None and tok.ent_type_ in PLACE_ENTS and prep.lower_ in _words(tok, "place_prep") and not _prep_of_act(prep):
        return "place"
    if prep is not None and tok.ent_type_ == "" and tok.lemma_.lower() in _words(tok, "time_noun"):
        return "time"
    return "np"


def _prep_of_act(prep: Token) -> bool:
    """Does the interaction table list the verb with this preposition, so that the place after
    it is the state acted on ("recalled its ambassador from Minsk": recall from), not where
    something happened ("met Biden in Paris")?"""
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    return f"{verb.lemma_.lower()} {prep.lower_}" in _lex(prep).interactions


def _lex(tok: Token | TokenView):  # -> Lexicon
    """The lexicon the document's view was read with."""
    return tok.doc.user_data["kg.lex"]


def _words(tok: Token | TokenView, role: str) -> frozenset[str]:
    """A closed word list of kg/data (see :meth:`Lexicon.words_with_role`), from the lexicon
    the document's view was read with."""
    return _lex(tok).words_with_role(role)


def _clause_arg(tok: Token, prep: Token | None = None) -> Arg:
    full = [t.i for t in tok.subtree]
    trimmed = tuple(_trim(tok.doc, full) or [tok.i])
    return Arg(tok.i, trimmed, trimmed, prep.i if prep is not None else None, "clause")


def _is_relative(tok: Token) -> bool:
    return tok.tag_ in RELATIVE_TAGS or (tok.lower_ == "that" and tok.dep_ in SUBJECT_DEPS | OBJECT_DEPS and tok.head.dep_ == "relcl")


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
