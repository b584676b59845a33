"""Clauses: the predicate chain of a verb, its subject, modality and negation, and the
propositions each construction of the clause gives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.args import (
    AUX_DEPS,
    CLAUSE_DEPS,
    COMPLEMENT_DEPS,
    COPULAS,
    DATIVE_DEPS,
    EXTRA_CUT_DEPS,
    NP_CUT_DEPS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    TIME_ENTS,
    _clause_arg,
    _is_relative,
    _kids,
    _np_args,
    _prep_args,
    _subtree_without,
    _time_extras,
    _trim,
    _words,
)
from kg.extract.records import Arg, Proposition
from kg.lexicon import Lexicon


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


@dataclass(slots=True)
class _Clause:
    """What one clause offers its constructions: the predicate chain, its subjects, objects,
    complements and prepositional arguments, and the relation words (never leaves this module)."""

    st: _Sentence
    v: Token  # the clause's top verb
    chain: list[Token]  # the top verb and the open complements it absorbs ("expected to meet")
    content: Token  # the verb that carries the meaning (last of the chain)
    subjects: list[Arg]
    passive: bool
    lemma: str  # the content verb's lemma
    parts: list[str]  # relation words the chain contributes ("threaten", "to")
    verb_lemma: str  # the normalised relation
    own_lemma: str  # the relation without an adverb particle
    adverb_ids: set[int]
    dobjs: list[Arg]
    datives: list[Arg]
    complements: list[Arg]
    ccomps: list[Token]
    preps: list[tuple[Token, list[Arg]]]
    adj_preps: list[tuple[Token, list[Arg]]]
    times: list[Arg]
    agent_args: list[Arg]
    rel_base: list[int]
    base: dict
    extras_memo: dict = field(default_factory=dict)

    @property
    def doc(self) -> Doc:
        return self.st.doc

    @property
    def lex(self) -> Lexicon:
        return self.st.lex

    @property
    def passive_lemma(self) -> str:
        """The relation of a passive without agent: "be " and the verb as written."""
        return "be " + " ".join([*self.parts, self.content.lower_])

    def with_prep(self, rel_lemma: str, p: Token) -> tuple[str, tuple[int, ...]]:
        """The relation with preposition ``p`` added, and its words."""
        if self.adverb_ids and p.head.i == self.content.i and rel_lemma == self.verb_lemma:
            return f"{self.own_lemma} {p.lower_}", tuple(sorted({*(i for i in self.rel_base if i not in self.adverb_ids), p.i}))
        return f"{rel_lemma} {p.lower_}", tuple(sorted({*self.rel_base, p.i}))

    def extras_from(self, pps: list[tuple[Token, list[Arg]]], skip: Token | None = None) -> tuple[Arg, ...]:
        """Prepositional phrases (but ``skip``) and time phrases as extra arguments."""
        # the same extras serve every subject and object of the clause: build them once
        key = (id(pps), skip.i if skip is not None else -1)
        found = self.extras_memo.get(key)
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
        out.extend(self.times)
        found = self.extras_memo[key] = tuple(out)
        return found


def _clause_props(v: Token, st: _Sentence) -> list[Proposition]:
    """The propositions of the clause headed by ``v``: for each subject, the first construction
    that applies (passive with agent, direct object, complement, clausal complement,
    parenthetical report, prepositional object, intransitive with extras)."""
    c = _clause_frame(v, st)
    if c is None:
        return []
    props: list[Proposition] = []
    for s in c.subjects:
        if c.passive and c.agent_args:
            props.extend(_passive_agent_props(c, s))
        elif c.dobjs:
            props.extend(_object_props(c, s))
        elif c.complements:
            props.extend(_complement_props(c, s))
        elif c.ccomps:
            props.extend(_clausal_props(c, s))
        elif c.content.dep_ == "parataxis" and c.content is v and c.lex.has_role(c.lemma, "reporting") and c.content.head.pos_ in ("VERB", "AUX"):
            props.extend(_parenthetical_report_props(c, s))
        else:
            props.extend(_prepositional_props(c, s))
    return props


def _clause_frame(v: Token, st: _Sentence) -> _Clause | None:
    """Read the clause headed by ``v``: predicate chain, voice, modality, negation, relation
    words and every argument; None when it has no subject."""
    doc, lex = st.doc, st.lex
    chain = _chain(v, lex)
    content = chain[-1]
    subjects, passive_subj = _subjects(v, lex)
    if not subjects:
        return None
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

    # arguments of the content verb
    dobjs: list[Arg] = []
    for c in _kids(content):
        if c.dep_ in OBJECT_DEPS:
            if _is_relative(c) and content.dep_ == "relcl":
                dobjs.extend(_np_args(content.head))
            else:
                dobjs.extend(_np_args(c))
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
    return _Clause(
        st, v, chain, content, subjects, passive, lemma, parts, verb_lemma, own_lemma, adverb_ids,
        dobjs, datives, complements, ccomps, preps, adj_preps, times, agent_args, rel_base, base,
    )


def _passive_agent_props(c: _Clause, s: Arg) -> list[Proposition]:
    """"X was attacked by Y": surface patient / was attacked by / agent; graph Y attack X."""
    props = []
    for ag in c.agent_args:
        by = ag.prep
        rel = sorted({*c.rel_base, *([by] if by is not None else [])})
        props.append(Proposition(s, tuple(rel), c.verb_lemma, ag, c.extras_from(c.preps), agent_first=True, pattern="passive_agent", **c.base))
        for d in c.dobjs:  # "was awarded a medal by X"
            props.append(Proposition(s, tuple(c.rel_base), "be " + c.content.lower_, d, c.extras_from(c.preps), pattern="passive_obj", **c.base))
    return props


def _object_props(c: _Clause, s: Arg) -> list[Proposition]:
    """A clause with a direct object: the object itself (or the light-verb fold, "held a
    meeting with X" -> meet X), a partner named inside the object phrase, the prepositional
    objects beside it, and the recipient of a dative."""
    doc, lex = c.doc, c.lex
    props: list[Proposition] = []
    # light verb + action noun: "held a meeting with X" -> meet X
    light = lex.has_role(c.lemma, "light") and not c.passive
    for d in c.dobjs:
        nom = lex.nominalization(doc[d.head].lemma_.lower()) if light else None
        if nom is not None:
            folded = _fold_light(s, d, nom, c.content, c.chain, c.rel_base, c.preps, c.times, c.base, doc, lex)
            if folded:
                props.extend(folded)
                continue
        rel_lemma = c.verb_lemma if not c.passive else c.passive_lemma
        props.append(
            Proposition(s, tuple(c.rel_base), rel_lemma, d, c.extras_from(c.preps) + tuple(c.datives), pattern="svo" if not c.passive else "passive_obj", **c.base)
        )
        props.extend(_object_partner_props(c, s, d, rel_lemma))
        props.extend(_beside_object_props(c, s, d, rel_lemma))
    for dt in c.datives:  # "gave X the book": X is also a recipient
        props.append(Proposition(s, tuple(c.rel_base), c.verb_lemma + " to", dt, (), pattern="dative", **c.base))
    return props


def _object_partner_props(c: _Clause, s: Arg, d: Arg, rel_lemma: str) -> list[Proposition]:
    """A named partner attached to the object noun: "signed an agreement with X"."""
    doc, lex = c.doc, c.lex
    noun = doc[d.head]
    # (a possessed event noun, "his meeting with Kim", is read by _nominal_props)
    if noun.pos_ != "NOUN" or any(k.dep_ == "poss" for k in _kids(noun)):
        return []
    props = []
    for p, objs in _prep_args(noun):
        if p.lower_ in lex.words_with_role("place_prep") or p.lower_ == "of":
            continue  # "hosted her counterparts in Oslo": a place, not a partner
        for o in objs:
            if o.kind in ("time", "clause", "place") or not doc[o.head].ent_type_:
                continue
            props.append(
                Proposition(s, tuple(sorted({*c.rel_base, noun.i, p.i})), f"{rel_lemma} {noun.lemma_.lower()} {p.lower_}", o, (), pattern="svo_noun_prep", **c.base)
            )
    return props


def _beside_object_props(c: _Clause, s: Arg, d: Arg, rel_lemma: str) -> list[Proposition]:
    """Prepositional objects alongside a direct object: "sent troops to X". When the object is
    a thing and the preposition names a recipient or partner, that is who the act concerns
    ("supplied weapons to Ukraine"); otherwise it is circumstance ("warned Xi over Taiwan")."""
    doc, lex = c.doc, c.lex
    thing = doc[d.head].ent_type_ not in ("PERSON", "ORG", "GPE", "NORP")
    props = []
    for p, objs in c.preps:
        partner = thing and p.lower_ in lex.words_with_role("partner_prep")
        p_lemma, p_rel = c.with_prep(rel_lemma, p)
        for o in objs:
            if o.kind == "time":
                continue
            props.append(Proposition(s, p_rel, p_lemma, o, (), pattern="svo_partner" if partner else "svo_prep", **c.base))
    return props


def _complement_props(c: _Clause, s: Arg) -> list[Proposition]:
    """Copulas and complements: "X is Y", "X is skeptical about Y", "X is Y's partner"."""
    doc = c.doc
    copula = c.lemma in COPULAS and c.content.pos_ == "AUX"
    props = []
    for comp in c.complements:
        rel_lemma = c.verb_lemma if not copula else "be"
        if c.lemma not in COPULAS:
            rel_lemma = c.verb_lemma
        pattern = "copula" if c.lemma in COPULAS else "complement"
        if comp.kind == "adj" and c.adj_preps:
            for p, objs in c.adj_preps:
                for o in objs:
                    rel = sorted({*c.rel_base, *comp.full, p.i})
                    props.append(
                        Proposition(s, tuple(rel), f"be {doc[comp.head].lemma_.lower()} {p.lower_}", o, c.extras_from(c.preps), pattern="copula_adj_prep", **c.base)
                    )
        props.append(Proposition(s, tuple(c.rel_base), rel_lemma, comp, c.extras_from(c.preps), pattern=pattern, **c.base))
        props.extend(_possessive_complement(s, comp, c.rel_base, c.base, doc))
    return props


def _clausal_props(c: _Clause, s: Arg) -> list[Proposition]:
    """A clausal complement: "X said that ..." (a report), "X decided to ..."."""
    props = []
    for k in c.ccomps:
        arg = _clause_arg(k)
        pattern = "report" if c.lex.has_role(c.lemma, "reporting") else "clausal"
        props.append(Proposition(s, tuple(c.rel_base), c.verb_lemma, arg, c.extras_from(c.preps), pattern=pattern, **c.base))
    return props


def _parenthetical_report_props(c: _Clause, s: Arg) -> list[Proposition]:
    """A parenthetical report: "The talks, officials said, ended without a deal"."""
    doc, content = c.doc, c.content
    mine = {t.i for t in content.subtree}
    words = _trim(doc, [t.i for t in content.head.subtree if t.i not in mine])
    if not words:
        return []
    arg = Arg(content.head.i, tuple(words), tuple(words), None, "clause")
    return [Proposition(s, tuple(c.rel_base), c.verb_lemma, arg, (), pattern="report", **c.base)]


def _prepositional_props(c: _Clause, s: Arg) -> list[Proposition]:
    """Prepositional objects ("flew into Seoul", "was named in the report"), or, with none,
    the verb alone with its extras."""
    usable = [(p, objs) for p, objs in c.preps if p.i > c.content.i and any(o.kind != "time" for o in objs)]
    if not usable:
        extras = c.extras_from(c.preps)
        return [Proposition(s, tuple(c.rel_base), c.verb_lemma, None, extras, pattern="intransitive", **c.base)] if extras else []
    props = []
    p1, objs1 = usable[0]
    rel_lemma = c.verb_lemma if not c.passive else c.passive_lemma
    p1_lemma, p1_rel = c.with_prep(rel_lemma, p1)
    for o in objs1:
        if o.kind == "time":
            continue
        props.append(Proposition(s, p1_rel, p1_lemma, o, c.extras_from(c.preps, skip=p1), pattern="svp" if not c.passive else "passive_prep", **c.base))
    for p, objs in usable[1:]:
        p_lemma, p_rel = c.with_prep(rel_lemma, p)
        for o in objs:
            if o.kind == "time":
                continue
            props.append(Proposition(s, p_rel, p_lemma, o, (), pattern="svp_more", **c.base))
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
