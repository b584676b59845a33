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
    return _verb_tagged_noun(tok)


def _verb_tagged_noun(tok: Token) -> bool:
    """A verb the tagger took for a noun, as its "to" and object show ("urged Poland to
    sanction Belarus", with "sanction" tagged NOUN)."""
    return (
        tok.pos_ == "NOUN"
        and tok.dep_ in ("xcomp", "advcl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in _kids(tok))
        and any(c.dep_ in OBJECT_DEPS for c in _kids(tok))
    )


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
    return not any(c.dep_ in OBJECT_DEPS for c in _kids(gov)) and _on_controller(tok) is None


# prepositions whose object does the infinitive after them: "called on Chile to hold
# elections", "prevailed upon Peru to sign" (not "to": "wrote to X to complain" is the writer's)
_CONTROL_PREPS = frozenset({"on", "upon"})


def _agent_object(t: Token, lex: Lexicon) -> bool:
    """Could the object ``t`` do what follows it: an actor, but not a bare singular noun of
    mass ("used force to protect": force protects nothing)?"""
    if not _actor_like(t, lex):
        return False
    return not (t.pos_ == "NOUN" and t.tag_ == "NN" and not any(k.dep_ in ("det", "poss", "compound", "amod") for k in _kids(t)))


def _on_controller(xcomp: Token) -> Token | None:
    """The object of "on" or "upon" before an infinitive, who does it ("called on Chile to
    hold elections": Chile), or None; a time is no one ("flew to Oslo on Monday to meet")."""
    gov = xcomp.head
    for p in _kids(gov):
        if p.dep_ == "prep" and p.lower_ in _CONTROL_PREPS and p.i < xcomp.i:
            for o in _kids(p):
                if o.dep_ == "pobj" and o.ent_type_ not in TIME_ENTS and o.lemma_.lower() not in _words(o, "time_noun"):
                    return o
    return None


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
    """Subject arguments of the clause headed by ``v`` and whether they are passive subjects.

    A subject borrowed from another clause keeps that clause's voice only where ``v`` shares
    it: a passive participle in a list ("was arrested and charged"). An infinitive or a
    participle of its own is active unless it has a passive auxiliary ("is expected to travel
    to Brussels to meet ministers": the ministers are met).
    """
    subs, passive = _own_subjects(v, lex, depth)
    if passive and not any(c.dep_ in SUBJECT_DEPS for c in _kids(v)):
        passive = v.tag_ == "VBN" and (v.dep_ in ("conj", "advcl", "acl") or any(c.dep_ == "auxpass" for c in _kids(v)))
    return subs, passive


def _own_subjects(v: Token, lex: Lexicon, depth: int = 0) -> tuple[list[Arg], bool]:
    """The subjects of :func:`_subjects` with the voice of the clause they come from."""
    if depth > 8:
        return [], False
    kids = _kids(v)
    if _misread_relative(v) is not None:
        # "tariffs, which Lula called an attack": the parser made both subjects; the name is
        kids = [c for c in kids if not _is_relative(c)]
    for c in kids:
        if c.dep_ in SUBJECT_DEPS:
            passive = c.dep_ in PASSIVE_SUBJECT_DEPS
            if c.dep_ in ("csubj", "csubjpass"):
                return [_clause_arg(c)], passive
            if _is_relative(c) and v.dep_ == "relcl":
                return _np_args(v.head), passive
            if c.tag_ == "EX":  # existential "there"
                return [], passive
            members = _listed_members(c)
            if members:
                return members, passive  # "the three carmakers - Ford, GM and Chrysler - pleaded"
            return [*_listed_before(c), *_np_args(c)], passive
        if c.dep_ == "expl":
            return [], False  # "..., and there were clashes": no one is the clashes
    dep = v.dep_
    if dep in ("relcl", "acl") and _to_infinitive(v) and _noun_control(v.head, lex):
        # "has 60 days to respond to Y", "has a plan to sue Y": the subject of "has" acts
        gov = v.head.head
        datives = [c for c in _kids(gov) if c.dep_ == "dative"]
        return (_np_args(datives[0]), False) if datives else _subjects(gov, lex, depth + 1)
    if dep == "relcl" and v.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        if _to_infinitive(v) and v.head.dep_ == "attr" and v.head.head.lemma_ == "be":
            # "Kormoran was the only ship to reach the port": Kormoran reached it
            return _subjects(v.head.head, lex, depth + 1)
        return _np_args(v.head), False
    if dep == "acl" and v.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        noun = v.head
        if v.tag_ == "VBN":
            return _np_args(noun), True
        if v.tag_ == "VBD" and noun.dep_ == "ROOT":
            # a finite verb the parser hung on a sentence that has no other verb ("Its chief,
            # Ana Ruiz, spoke by telephone with X"): the noun is its subject
            return _np_args(noun), False
        if v.tag_ == "VBG":
            addressee = noun.dep_ == "pobj" and noun.head.lower_ in ("to", "with") and noun.head.head.pos_ in ("VERB", "AUX")
            if addressee or lex.nominalization(noun.lemma_.lower()) is not None:
                # "wrote to the ombudsman accusing the council", "gave a speech criticising
                # the premier": the participle goes with the clause, not the noun before it
                gov = _governing_verb(noun)
                if gov is not None:
                    return _subjects(gov, lex, depth + 1)
            return _np_args(noun), False
        if _to_infinitive(v):
            # "Kestrel's bid to buy Borealis": the possessor of the intent noun acts
            owners = [k for k in _kids(noun) if k.dep_ == "poss"]
            if owners:
                return _np_args(owners[0]), False
            # "the decision of Chile to expel the envoy": an actor after "of" an intent noun
            # (a noun kg knows as an act) acts
            if lex.nominalization(noun.lemma_.lower()) is not None:
                of_actors = [o for p in _kids(noun) if p.dep_ == "prep" and p.lower_ == "of" and p.i < v.i for o in _kids(p) if o.dep_ == "pobj" and _actor_like(o, lex)]
                if of_actors:
                    return _np_args(of_actors[0]), False
            if noun.dep_ == "attr" and noun.head.lemma_ == "be":
                # "Kormoran was the only ship to reach the port": Kormoran reached it
                return _subjects(noun.head, lex, depth + 1)
        return [], False
    if dep == "conj" and v.head.pos_ in ("VERB", "AUX"):
        reporter = _reporter_conjunct(v, lex)
        return _subjects(reporter if reporter is not None else _finite_host(v), lex, depth + 1)
    if dep == "xcomp":
        gov = v.head
        if gov.pos_ == "ADJ":
            if gov.dep_ not in ("oprd", "ccomp", "xcomp"):
                # "is eager to meet", "destroy X if necessary to defend itself": the
                # adjective's own subject, not the object of the verb it hangs on
                return _subjects(gov.head, lex, depth + 1)
            gov = gov.head  # "made the army ready to fight": the army
        objs = [_based_name(c) for c in _kids(gov) if c.dep_ in OBJECT_DEPS]
        if objs and (_agent_object(objs[0], lex) or lex.has_role(gov.lemma_.lower(), "compose")):
            return _np_args(objs[0]), False  # "urged Chile to talk", "sent troops to guard it"
        controller = _on_controller(v)
        if controller is not None and _to_infinitive(v):
            return _np_args(controller), False  # "called on Chile to hold elections"
        return _subjects(gov, lex, depth + 1)  # "used force to protect the capital": the user
    if dep == "advcl" and v.tag_ in ("VBG", "VBN") and v.head.pos_ in ("VERB", "AUX"):
        subs, _ = _subjects(v.head, lex, depth + 1)
        return subs, v.tag_ == "VBN"
    if dep == "advcl" and _to_infinitive(v) and v.head.pos_ in ("VERB", "AUX"):
        controller = _on_controller(v)
        if controller is not None:
            return _np_args(controller), False  # "called on Egypt to free X" (parsed as a purpose)
        gov = v.head
        objs = [_based_name(c) for c in _kids(gov) if c.dep_ in OBJECT_DEPS and c.i < v.i]
        if objs and lex.has_role(gov.lemma_.lower(), "compose") and _agent_object(objs[0], lex):
            return _np_args(objs[0]), False  # "selected Orvo on Monday to build it" (read as a purpose)
        # a purpose: "flew to Beijing to press China", "did more to pressure Pyongyang"
        return _subjects(v.head, lex, depth + 1)
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


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def _finite_host(v: Token) -> Token:
    """The verb a conjunct ``v`` shares its subject with: its head, or, when ``v`` is finite
    and its head an infinitive, the finite verb above that ("called on X to keep up the
    pressure and urged Y": the one who called urged, not X)."""
    head = v.head
    if v.tag_ not in _FINITE_TAGS or head.tag_ != "VB" or not any(k.dep_ == "aux" and k.lower_ == "to" for k in _kids(head)):
        return head
    g = head
    steps = 0
    while g.tag_ not in _FINITE_TAGS and g.dep_ in ("xcomp", "advcl", "ccomp", "conj") and g.head.i != g.i and steps < 6:
        g, steps = g.head, steps + 1
    return g if g.tag_ in _FINITE_TAGS else head


def _reporter_conjunct(v: Token, lex: Lexicon) -> Token | None:
    """The reporting verb that ``v`` really continues, when the parser joined ``v`` to the
    copula of the reported clause: in "X said the plan was flawed and called for a review"
    (and "told reporters the killings were murder and demanded an apology") the plan calls
    for nothing, X does. Only where the reported subject is no actor, ``v`` is no copula and
    has the reporting verb's tense and no auxiliary; else None."""
    head = v.head
    if v.pos_ != "VERB" or v.lemma_ in COPULAS or head.dep_ != "ccomp":
        return None
    # a copula's subject does nothing ("the plan was flawed and called for"); nor does a
    # thing speak ("NATO's expansion threatened Russia and warned that")
    speech = lex.has_role(v.lemma_.lower(), "reporting")
    if not (head.lemma_ == "be" and any(k.dep_ in ("acomp", "attr") for k in _kids(head))) and not speech:
        return None
    reporter = head.head
    if reporter.pos_ != "VERB" or not lex.has_role(reporter.lemma_.lower(), "reporting") or v.tag_ != reporter.tag_:
        return None
    if any(k.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for k in _kids(v)):
        return None
    subjects = [k for k in _kids(head) if k.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or (subjects[0].tag_ == "PRP" and subjects[0].lower_ != "it") or _actor_like(subjects[0], lex) or subjects[0].ent_type_:
        return None
    if not any(k.dep_ in ("nsubj", "nsubjpass") for k in _kids(reporter)):
        return None
    return reporter


def _misread_relative(v: Token) -> Token | None:
    """The relative pronoun the parser made a second subject of the relative clause ``v``
    ("goods, which Lula called an attack": which is what Lula called), or None."""
    if v.dep_ != "relcl":
        return None
    subjects = [c for c in _kids(v) if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 2:
        return None
    rel = [c for c in subjects if _is_relative(c)]
    return rel[0] if len(rel) == 1 and rel[0].i < min(c.i for c in subjects if c is not rel[0]) else None


def _verb_phrase(verb: Token) -> str:
    """A verb's lemma with its particle ("called off" -> "call off")."""
    return " ".join([verb.lemma_.lower(), *(c.lower_ for c in _kids(verb) if c.dep_ == "prt")])


def _undone_object(verb: Token, lex: Lexicon) -> bool:
    """Does ``verb`` call off what its object noun plans ("cancelled a deal to sell X",
    "scrapped its bid to buy Y": ``verbs.tsv`` negating, with a noun object)?"""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    return lex.has_role(_verb_phrase(verb), "negating") and any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in _kids(verb))


def _noun_control(noun: Token, lex: Lexicon) -> bool:
    """Is ``noun`` (without a possessor) the object of a verb whose subject does the
    to-infinitive after it ("has a plan to sue", "took steps to punish")?"""
    return (
        noun.dep_ == "dobj"
        and noun.pos_ in ("NOUN", "NUM")
        and noun.head.pos_ in ("VERB", "AUX")
        and lex.has_role(noun.head.lemma_.lower(), "noun_control")
        and not any(k.dep_ == "poss" for k in _kids(noun))
    )


# prepositions through which a verb's object is the doer of the gerund that follows
_OBJECT_CONTROL_PREPS = frozenset({"of", "for", "from", "against"})


def _listed_before(subj: Token) -> list[Arg]:
    """Names listed before a subject with a comma, as headlines write them ("GM, Chrysler
    offer buyouts": the parser hangs GM on the verb)."""
    out: list[Arg] = []
    doc = subj.doc
    k = subj.left_edge.i - 1
    while k >= 1 and doc[k].text == "," and subj.pos_ == "PROPN" and subj.ent_type_ in ("ORG", "PERSON"):
        prev = doc[k - 1]
        while prev.ent_iob_ == "I" and prev.i > 0 and prev.head.ent_iob_ == "I" and prev.head.i > prev.i:
            prev = prev.head
        head = prev if prev.ent_iob_ != "I" else prev
        while head.head.i != head.i and head.head.ent_type_ == head.ent_type_ and head.dep_ in ("compound", "flat"):
            head = head.head
        if head.ent_type_ != subj.ent_type_ or head.head.i != subj.head.i or head.dep_ not in ("npadvmod", "dep", "nsubj", "advmod"):
            break
        out.insert(0, *_np_args(head)[:1])
        k = head.left_edge.i - 1
    return out


def _bare_relative(v: Token, content: Token, lex: Lexicon) -> bool:
    """Is ``v`` a relative clause with no relative word whose gap is its verb's object ("the
    deal the minister signed", "a scenario the president vowed to prevent")?"""
    if v.dep_ != "relcl" or v.head.pos_ not in ("NOUN", "PROPN"):
        return False
    noun = v.head
    if noun.ent_type_ in TIME_ENTS or noun.lemma_.lower() in _words(noun, "time_noun"):
        return False  # "the day the president arrived"
    for verb in {v, content}:
        for k in _kids(verb):
            if _is_relative(k) or k.tag_ in ("WDT", "WP", "WRB", "IN") or k.dep_ in (*OBJECT_DEPS, "ccomp", "xcomp") and verb is content:
                return False
            if k.dep_ == "prep" and not _kids(k):
                return False  # a stranded preposition takes the noun ("the firm she spoke to")
    if not any(k.dep_ in SUBJECT_DEPS for k in _kids(v)):
        return False
    # a verb that takes an object: known to the interaction table, or the open complement of
    # another verb ("vowed to prevent")
    return content is not v or lex.interaction(content.lemma_.lower()) is not None


def _listed_members(noun: Token) -> list[Arg]:
    """The named members a plural noun lists in apposition ("the carmakers - Ford, GM and
    Chrysler -"): two or more names, who act for the group."""
    if noun.pos_ != "NOUN" or noun.tag_ != "NNS":
        return []
    for k in _kids(noun):
        if k.dep_ == "appos" and k.pos_ == "PROPN" and k.ent_type_ and any(j.dep_ == "conj" for j in _kids(k)):
            return _np_args(k)
    return []


def _to_infinitive(v: Token) -> bool:
    """Is ``v`` a to-infinitive ("to buy")?"""
    return v.tag_ == "VB" and any(k.dep_ == "aux" and k.lower_ == "to" for k in _kids(v))


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose object or prepositional object ``noun`` is ("wrote to the ombudsman")."""
    t = noun
    for _ in range(4):
        head = t.head
        if head is t:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return head
        if t.dep_ not in ("pobj", "dobj", "prep", "dative", "agent"):
            return None
        t = head
    return None


def _actor_like(t: Token, lex: Lexicon) -> bool:
    """Could the phrase headed by ``t`` act: a name, a pronoun, or a person or group noun?"""
    if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.pos_ in ("PROPN", "PRON"):
        return True
    lemma = t.lemma_.lower()
    return lemma in lex.actor_nouns or lemma in lex.descriptors or lex.title(t.lower_) is not None


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
        lemma = _verb_phrase(v)  # with its particle: "ruled out"
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
    reporter = _reporter_conjunct(top, lex)
    if reporter is not None:
        top = reporter  # "X said the plan was flawed and called for a review": X's own act
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
    if c is None or _sequence_participle(c):
        return []
    props: list[Proposition] = []
    for s in c.subjects:
        if c.passive and c.agent_args:
            props.extend(_passive_agent_props(c, s))
        elif c.passive and (c.dobjs or c.datives) and _transfer_source(c):
            props.extend(_passive_transfer_props(c, s))
        elif c.dobjs:
            props.extend(_object_props(c, s))
        elif c.complements:
            props.extend(_complement_props(c, s))
        elif c.ccomps:
            props.extend(_clausal_props(c, s))
            if any(k.dep_ == "xcomp" and _on_controller(k) is not None for k in c.ccomps):
                props.extend(_prepositional_props(c, s))  # "called on Chile (to hold elections)"
        elif c.content.dep_ == "parataxis" and c.content is v and c.lex.has_role(c.lemma, "reporting") and c.content.head.pos_ in ("VERB", "AUX"):
            props.extend(_parenthetical_report_props(c, s))
        else:
            props.extend(_prepositional_props(c, s))
    if len(c.subjects) > 1 and not c.passive:
        props.extend(_reciprocal_props(c))
    return props


def _sequence_participle(c: _Clause) -> bool:
    """Is the clause a participle of order in a list ("Kestrel cut 400 jobs, followed by
    Orvane with 250")? It ranks the two; neither acts on the other. A clause with a subject of
    its own keeps its act ("the minister was followed by reporters")."""
    v = c.content
    return (
        c.passive
        and bool(c.agent_args)
        and v.dep_ in ("advcl", "acl")
        and c.lex.has_role(c.lemma, "sequence")
        and not any(k.dep_ in ("nsubj", "nsubjpass") for k in _kids(v))
    )


def _reciprocal_props(c: _Clause) -> list[Proposition]:
    """Subjects that do something together do it with each other: "Apple Inc. and Apple Corps
    resolved their dispute" -> resolve dispute with; "Norway and Chile met" -> meet with.
    The act is mutual when its verb is reciprocal in ``verbs.tsv`` ("meet", "merge") and
    no other partner is named, or its object is an event noun that takes a "with" partner ("a dispute", "talks");
    a verb of exchange ("traded accusations", "exchanged threats") makes each do the noun's
    act to the other."""
    doc, lex = c.doc, c.lex
    lemma = None
    event = None
    partners = [o for p, objs in c.preps for o in objs if o.kind not in ("time", "place") and _actor_like(doc[o.head], lex)]
    mutual = False
    exchanged = lex.nominalization(doc[c.dobjs[0].head].lemma_.lower()) if c.dobjs and lex.has_role(c.lemma, "exchange") else None
    if exchanged is not None and not partners:
        # "Armenia and Azerbaijan traded accusations": each accused the other
        lemma = exchanged.verb
        mutual = True
    elif lex.has_role(c.lemma, "reciprocal") and not c.dobjs and not partners:
        lemma = f"{c.verb_lemma} with"
        # "agreed to a deal": the deal names the act
        for _, objs in c.preps:
            nom = lex.nominalization(doc[objs[0].head].lemma_.lower()) if objs else None
            if nom is not None and ("with" in nom.keep_preps or "between" in nom.keep_preps):
                event = f"{nom.verb} with"
    else:
        for d in c.dobjs[:1]:
            nom = lex.nominalization(doc[d.head].lemma_.lower())
            if nom is not None and ("with" in nom.keep_preps or "between" in nom.keep_preps):
                lemma = f"{c.verb_lemma} {doc[d.head].lemma_.lower()} with"
                event = f"{nom.verb} with"
    if lemma is None:
        return []
    named = [s for s in c.subjects if doc[s.head].pos_ == "PROPN" or doc[s.head].ent_type_ or _actor_like(doc[s.head], lex)]
    props = []
    rel = tuple(sorted({*c.rel_base, c.dobjs[0].head})) if mutual else tuple(c.rel_base)  # ("traded accusations")
    for k, a in enumerate(named):
        for b in named[k + 1 :]:
            props.append(Proposition(a, rel, lemma, b, (), pattern="reciprocal", event=event, **c.base))
            if mutual:
                props.append(Proposition(b, rel, lemma, a, (), pattern="reciprocal", event=event, **c.base))
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
    # the verb that denies the act ("refused to meet"), for its class
    negator = next((_verb_phrase(w) for w in chain[:-1] if w.pos_ != "ADJ" and lex.has_role(_verb_phrase(w), "negating")), None) if flip else None
    if negator is not None and lex.has_role(negator, "reporting"):
        negator = None  # "denied supporting the rebels": a claim, not an act toward them
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("none", "neither", "nobody") for c in _kids(v)):
        negated = not negated  # "None of the protesters attacked the police"
    if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
        prep = v.head.lower_
        if prep == "from":
            negated = not negated  # "stopped the men from entering": they did not enter
        elif prep in ("of", "against") and modality is None and v.head.head.pos_ in ("VERB", "AUX"):
            # "accused Norway of provoking": an allegation; "warned Sweden against selling":
            # a warning, not a sale
            modality = v.head.head.lower_
    elif v.dep_ == "xcomp" and modality is None and (any(c.dep_ in OBJECT_DEPS for c in _kids(v.head)) or _on_controller(v) is not None) and v.head.pos_ in ("VERB", "AUX"):
        modality = v.head.lower_  # "invited Moreau to visit Kyiv": the visit is not (yet) a fact
    elif v.dep_ == "advcl" and modality is None and _to_infinitive(v):
        modality = v.head.lower_  # "flew to Beijing to press China": a purpose
        if _undone_object(v.head, lex):
            negated = not negated  # "cancelled a deal to sell Opel": (the parser's purpose) no sale
            negator = _verb_phrase(v.head)
    elif v.dep_ == "acl" and modality is None and _to_infinitive(v) and lex.nominalization(v.head.lemma_.lower()) is not None:
        modality = v.head.lower_  # "Kestrel's bid to buy Borealis": an intent
        if v.head.dep_ == "dobj" and _undone_object(v.head.head, lex):
            negated = not negated  # "scrapped its bid to buy Borealis"
            negator = _verb_phrase(v.head.head)
        noun_verb = lex.nominalization(v.head.lemma_.lower()).verb
        if lex.has_role(noun_verb, "negating"):
            negated = not negated  # "Chile's refusal to meet Peru": no meeting
            negator = noun_verb
    elif v.dep_ in ("relcl", "acl") and modality is None and _to_infinitive(v) and _noun_control(v.head, lex):
        modality = v.head.lower_  # "has a plan to sue Y", "has 60 days to respond": not yet done
    if v.dep_ in ("advcl", "xcomp", "ccomp") and v.tag_ == "VBG" and v.head.pos_ == "VERB" and lex.has_role(_verb_phrase(v.head), "negating") and v.head not in chain:
        negated = not negated  # "ruled out attacking Iran" (the gerund parsed as an adverbial)
        negator = None if lex.has_role(_verb_phrase(v.head), "reporting") else _verb_phrase(v.head)
    elif v.dep_ == "ccomp" and v.head.pos_ == "VERB" and lex.has_role(v.head.lemma_.lower(), "negating") and lex.has_role(v.head.lemma_.lower(), "reporting"):
        negated = not negated  # "denied that it had attacked Peru": the speaker says it did not
    conditional = any(t.i in st.conditional for t in chain)
    speaker = _speaker(v, lex)
    sent_bounds = (st.sent.start, st.sent.end)
    base = dict(negated=negated, modality=modality, conditional=conditional, speaker=speaker, sentence=sent_bounds, negated_by=negator if negated else None)

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
                dobjs.extend(_np_args(_based_name(c)))
    if not dobjs and _misread_relative(content) is not None:
        dobjs.extend(_np_args(content.head))  # "goods, which Lula called an attack"
    if not dobjs and _bare_relative(v, content, lex):
        # "a scenario the president has vowed to prevent": the noun is what is prevented
        dobjs.extend(_np_args(v.head))
    datives = [a for c in _kids(content) if c.dep_ in DATIVE_DEPS and c.pos_ != "ADP" for a in _np_args(c)]
    if not datives:
        datives = [Arg(t.i, (t.i,), (t.i,)) for t in _money_recipients(content)]
    complements: list[Arg] = []
    for c in _kids(content):
        if c.dep_ in COMPLEMENT_DEPS or (c.dep_ == "xcomp" and c.pos_ in ("ADJ", "NOUN", "PROPN") and not _verb_tagged_noun(c)):
            if c.pos_ == "ADJ":
                idx = _subtree_without(c, NP_CUT_DEPS | {"prep"})
                complements.append(Arg(c.i, tuple(idx), tuple(idx), None, "adj"))
            else:
                complements.extend(_np_args(c))
    ccomps = [c for c in _kids(content) if c.dep_ in ("ccomp",) or (c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and c not in chain)]
    preps = _prep_args(content)
    for a in adverb_particles:
        preps.extend(_prep_args(a))
    preps.extend(_means_phrase_preps(content))
    preps.extend(_stranded_verb_preps(content, st.lex))
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


def _money_recipients(content: Token) -> list[Token]:
    """A name the tagger took into the amount of a double object ("fined Google 2.4 billion
    euros", "paid Kestrel $3 million"): a proper noun that opens the amount, before its number."""
    out = []
    for c in _kids(content):
        if c.dep_ not in OBJECT_DEPS:
            continue
        first = min(c.subtree, key=lambda k: k.i)
        nxt = first.doc[first.i + 1] if first.i + 1 < len(first.doc) else None
        if first.ent_type_ == "MONEY" and first.pos_ == "PROPN" and first.text.isalpha() and first.text[:1].isupper() and nxt is not None and nxt.pos_ == "NUM" and first.i > content.i:
            out.append(first)
    return out


def _based_name(obj: Token) -> Token:
    """The name after "<place> based" that the parser split from its place ("selected Los
    Angeles based Northrop Grumman": Northrop Grumman), else ``obj`` itself."""
    if obj.ent_type_ not in ("GPE", "LOC") or obj.i + 1 >= len(obj.doc):
        return obj
    nxt = obj.doc[obj.i + 1]
    if nxt.lower_ != "based":
        return obj
    names = [k for k in _kids(nxt) if k.dep_ in ("dobj", "pobj", "npadvmod", "appos") and k.ent_type_ in ("ORG", "PERSON", "")]
    return names[0] if names and names[0].pos_ == "PROPN" else obj


def _means_phrase_preps(content: Token) -> list[tuple[Token, list[Arg]]]:
    """Prepositions the parser hangs on a bare means noun after "by" that belong to the verb:
    "spoke by telephone with X", "travelled by train to Y" (not "by the end of May")."""
    out: list[tuple[Token, list[Arg]]] = []
    for p in _kids(content):
        if p.lower_ != "by" or p.dep_ not in ("prep", "agent"):
            continue
        for means in _kids(p):
            if means.dep_ == "pobj" and means.pos_ == "NOUN" and means.tag_ == "NN" and not any(
                k.dep_ in ("det", "poss", "nummod", "amod", "compound") for k in _kids(means)
            ):
                out.extend((q, objs) for q, objs in _prep_args(means) if q.lower_ != "of")
    return out


def _stranded_verb_preps(content: Token, lex: Lexicon) -> list[tuple[Token, list[Arg]]]:
    """A preposition the parser hangs on the direct object that the interaction table lists
    with the verb: "recalled its ambassador from Minsk" (recall from), not "an ambassador
    from Minsk" as a description; "gave refunds to owners" (give to). A place after a thing
    stays its destination ("offers flights to Boston")."""
    out: list[tuple[Token, list[Arg]]] = []
    lemma = content.lemma_.lower()
    for o in _kids(content):
        if o.dep_ != "dobj" or lex.nominalization(o.lemma_.lower()) is not None:
            continue  # (an event noun keeps its own: "paid a visit to Lisbon")
        for p in _kids(o):
            if p.dep_ == "prep" and f"{lemma} {p.lower_}" in lex.interactions and not any(q.dep_ == "prep" and q.lower_ == p.lower_ for q in _kids(content)):
                # (a thing's destination stays the thing's: "offers flights to Boston")
                place = any(k.dep_ == "pobj" and k.ent_type_ in ("GPE", "LOC", "FAC") for k in _kids(p))
                if place and not _actor_like(o, lex):
                    continue
                out.extend((q, objs) for q, objs in _prep_args(o) if q.i == p.i)
    return out


def _passive_agent_props(c: _Clause, s: Arg) -> list[Proposition]:
    """"X was attacked by Y": surface patient / was attacked by / agent; graph Y attack X."""
    props = []
    for ag in c.agent_args:
        by = ag.prep
        rel = sorted({*c.rel_base, *([by] if by is not None else [])})
        props.append(Proposition(s, tuple(rel), c.verb_lemma, ag, c.extras_from(c.preps), agent_first=True, pattern="passive_agent", **c.base))
        for d in c.dobjs:  # "was awarded a medal by X"
            props.append(Proposition(s, tuple(c.rel_base), "be " + c.content.lower_, d, c.extras_from(c.preps), pattern="passive_obj", **c.base))
        props.extend(_passive_thing_props(c, s, ag))
    return props


def _passive_thing_props(c: _Clause, patient: Arg, agent: Arg) -> list[Proposition]:
    """What a passive says of the agent and the actors in a patient that is a thing, as the
    active would: "sanctions imposed on Venezuela by the US" -> the US sanction Venezuela;
    "Kenya's decision was welcomed by the US" -> the US welcome Kenya's decision."""
    doc, lex = c.doc, c.lex
    noun = doc[patient.head]
    if noun.pos_ != "NOUN" or _actor_like(noun, lex):
        return []
    nom = lex.nominalization(noun.lemma_.lower())
    if nom is not None and lex.has_role(c.lemma, "light"):
        return _fold_light(agent, patient, nom, c.content, c.chain, c.rel_base, c.preps, c.times, c.base, doc, lex)
    return _object_partner_props(c, agent, patient, c.verb_lemma)


def _support_noun_props(c: _Clause, s: Arg, usable: list[tuple[Token, list[Arg]]]) -> list[Proposition]:
    """An event noun after "in" or "into" carries the act: "Norway is in final negotiations
    with Sweden" -> negotiate with Sweden; "entered into talks with" -> talk with."""
    doc, lex = c.doc, c.lex
    props: list[Proposition] = []
    for p, objs in usable:
        if p.lower_ not in ("in", "into"):
            continue
        for o in objs:
            nom = lex.nominalization(doc[o.head].lemma_.lower())
            if nom is None or doc[o.head].pos_ != "NOUN":
                continue
            rel_base = sorted({*c.rel_base, p.i})
            props.extend(_fold_light(s, o, nom, c.content, c.chain, rel_base, [], c.times, c.base, doc, lex))
    return props


def _transfer_source(c: _Clause) -> list[Arg]:
    """The giver in a passive of giving: "X was given loans from the government", "was
    awarded a contract by the Navy" (the "from" or "by" phrase may hang on the thing given)."""
    for thing in (*c.dobjs, *c.datives):
        for t in c.doc[thing.head].subtree:
            if t.dep_ in ("prep", "agent") and t.lower_ in ("from", "by"):
                for k in _kids(t):
                    if k.dep_ == "pobj":
                        return _np_args(k, prep=t)
    for p, objs in c.preps:
        if p.lower_ == "from":
            return objs
    return []


def _passive_transfer_props(c: _Clause, s: Arg) -> list[Proposition]:
    """"GM was given loans from the government" -> government / give / GM (the thing given
    tells what kind of act it was: a loan)."""
    doc, lex = c.doc, c.lex
    thing = (c.dobjs or c.datives)[0]
    nom = lex.nominalization(doc[thing.head].lemma_.lower())
    props = []
    for giver in _transfer_source(c):
        rel = tuple(sorted({*c.rel_base, *((giver.prep,) if giver.prep is not None else ())}))
        props.append(
            Proposition(s, rel, c.verb_lemma, giver, c.extras_from(c.preps), agent_first=True, pattern="passive_agent", event=nom.verb if nom else None, **c.base)
        )
    return props


def _object_props(c: _Clause, s: Arg) -> list[Proposition]:
    """A clause with a direct object: the object itself (or the light-verb fold, "held a
    meeting with X" -> meet X), a partner named inside the object phrase, the prepositional
    objects beside it, and the recipient of a dative."""
    doc, lex = c.doc, c.lex
    props: list[Proposition] = []
    # light verb + action noun: "held a meeting with X" -> meet X
    light = lex.has_role(c.lemma, "light") and not c.passive
    folded_datives: set[int] = set()  # datives read as the partner of an action noun
    for d in c.dobjs:
        nom = lex.nominalization(doc[d.head].lemma_.lower()) if light else None
        if nom is not None:
            # "issued a recommendation that X reopen the contest": recommend X
            noun = doc[d.head]
            for k in _kids(noun):
                if k.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in _kids(k)):
                    props.extend(_directive_props(c, s, k, nom.verb, sorted({*c.rel_base, noun.i})))
            folded = _fold_light(s, d, nom, c.content, c.chain, c.rel_base, c.preps, c.times, c.base, doc, lex, c.datives)
            if folded:
                props.extend(folded)
                folded_datives.update(f.arg2.head for f in folded if f.arg2 is not None and f.arg2 in c.datives)
                # "voiced anger at X's decision": the act is aimed at X; not a topic ("reached
                # a deal on NATO membership": NATO is no side of the deal)
                for f in folded:
                    if f.arg2 is not None and f.arg2.prep is not None and not (
                        doc[f.arg2.prep].lower_ in _TOPIC_KEEP_PREPS and doc[f.arg2.prep].lower_ not in nom.object_preps
                    ):
                        props.extend(_object_partner_props(c, s, f.arg2, f.lemma, f.relation))
                continue
        rel_lemma = c.verb_lemma if not c.passive else c.passive_lemma
        pattern = "passive_obj" if c.passive else "svo_asset" if _traded_object(c, d) else "svo"
        props.append(Proposition(s, tuple(c.rel_base), rel_lemma, d, c.extras_from(c.preps) + tuple(c.datives), pattern=pattern, **c.base))
        props.extend(_object_partner_props(c, s, d, rel_lemma))
        props.extend(_beside_object_props(c, s, d, rel_lemma))
    for dt in c.datives:  # "gave X the book": X is also a recipient
        if dt.head in folded_datives:
            continue
        # (an amount's recipient is the one fined or paid: "fined Google 2.4 billion euros")
        money = doc[dt.head].dep_ not in DATIVE_DEPS  # (read out of the amount, not a dative the parser found)
        rel_lemma = c.verb_lemma + " to" if not money or f"{c.verb_lemma} to" in lex.interactions else c.verb_lemma
        props.append(Proposition(s, tuple(c.rel_base), rel_lemma, dt, (), pattern="dative", **c.base))
    return props


def _object_partner_props(c: _Clause, s: Arg, d: Arg, rel_lemma: str, words: tuple[int, ...] = ()) -> list[Proposition]:
    """Actors named inside an object that is a thing or an event: a partner after the noun
    ("signed an agreement with X"), its possessor ("upheld X's complaint", "will review the
    carmakers' plans"), a name compounded with it ("won a Qatar Airways order", "sought
    government aid"), or one phrase deeper ("called for a re-run of the bidding for the X
    contract"). The relation is the verb with the noun (and the preposition), and an event
    noun classes the act when the verb does not ("won an order from X": an order)."""
    doc, lex = c.doc, c.lex
    noun = _partitive_whole(doc[d.head])
    if noun.pos_ != "NOUN" or (d.prep is not None and doc[d.prep].lower_ in _ABSENCE_PREPS):
        return []  # (nor through "without": "signed without Chile's approval")
    nom = lex.nominalization(noun.lemma_.lower())
    # an event that is ended is no actor, even when its noun can name one ("ended its
    # alliance with X")
    ending = nom is not None and _ends_event(c.verb_lemma, noun, lex)
    if _actor_like(noun, lex) and not ending:
        return []
    entry = lex.interaction(rel_lemma)
    if nom is None and (entry is None or entry.cls == "neutral"):
        return []  # "explained the government's reasoning": no act between the two
    # (a possessed event noun, "his meeting with Kim", is read by _nominal_props, unless the
    # verb ends it: "ended its alliance with X" is read here, as the act of ending)
    possessed_event = nom is not None and not ending and any(k.dep_ == "poss" for k in _kids(noun))
    props = []
    for inner, prep, tok in _inner_actors(noun, lex, skip_preps=possessed_event):
        lemma = f"{rel_lemma} {noun.lemma_.lower()}" + (f" {prep.lower_}" if prep is not None else "")
        rel = tuple(sorted({*c.rel_base, *words, noun.i, *((prep.i,) if prep is not None else ())}))
        for o in _np_args(inner, prep=prep) if tok is None else [Arg(tok.i, (tok.i,), (tok.i,))]:
            if o.kind in ("time", "clause", "place"):
                continue
            event = (_ended_event(nom, lex) if ending else _event_lemma(nom, prep)) if nom is not None else None
            # a named partner right after the object noun ("signed an agreement with Chile") is
            # stated as a relation; the rest (possessors, compounds, deeper phrases) is read
            # for the graph only
            stated = prep is not None and prep.head.i == noun.i and prep.lower_ != "of" and doc[o.head].ent_type_ != "" and not words
            props.append(Proposition(s, rel, lemma, o, (), pattern="svo_noun_prep" if stated else "svo_inner", event=event, **c.base))
    return props


# prepositions of a time or a circumstance: the actors in their phrase are not partners of
# the act ("joined NATO after talks between X and Y")
_CIRCUMSTANCE_PREPS = frozenset(
    {"after", "before", "during", "since", "until", "following", "amid", "despite", "ahead", "off", "near", "along", "across", "around", "beyond"}
)
# prepositions that, kept with an event noun, name its topic ("talks on trade", "a deal over
# fishing rights"), not a side
_TOPIC_KEEP_PREPS = frozenset({"on", "over", "about"})


def _partitive_whole(t: Token) -> Token:
    """The whole a number or quantity takes from: "bought 30 of X's jets" -> jets; "sought
    $6 billion in loans from X" -> loans."""
    if t.pos_ == "NUM" or (t.pos_ == "PRON" and t.lower_ in ("some", "many", "most", "all", "none", "part")):
        for k in _kids(t):
            if k.dep_ == "prep" and (k.lower_ == "of" or (k.lower_ == "in" and t.ent_type_ == "MONEY")):
                objs = [g for g in _kids(k) if g.dep_ == "pobj" and g.pos_ == "NOUN"]
                if objs:
                    return objs[0]
    return t


def _ends_event(verb: str, noun: Token, lex: Lexicon) -> bool:
    """Does ``verb`` bring to an end the event its object ``noun`` names, which its subject
    took part in ("ended its alliance with X", "settled the dispute with X": ``verbs.tsv``
    ending, with no possessor or a possessive pronoun)?"""
    return (
        noun.dep_ == "dobj"
        and lex.has_role(verb, "ending")
        and all(k.tag_ == "PRP$" for k in _kids(noun) if k.dep_ == "poss")
    )


# acts that end by themselves: their end is no break ("ended his visit to Japan")
_BOUNDED_ACTS = frozenset({"visit", "meet", "travel", "tour", "speak", "talk"})

# the rows of interactions.tsv that class the end of an event, when the ending verb has no
# class of its own ("end"): the end of a conflict is a settlement, the end of a cooperation
# a break
_END_OF_CONFLICT, _END_OF_COOPERATION = "settle", "break off"


def _ended_event(nom, lex: Lexicon) -> str | None:  # nom: Nominalization
    """The act of ending the event ``nom`` names: a settlement for a conflict ("ended the
    dispute with X"), a break for a lasting cooperation ("ended its alliance with X"); the end
    of a visit or a meeting is no act ("ended his visit to Japan")."""
    if nom.verb in _BOUNDED_ACTS:
        return None
    entry = lex.interaction(nom.verb)
    for prep in sorted(nom.keep_preps):
        if entry is None:
            entry = lex.interaction(f"{nom.verb} {prep}")  # "partner with"
    if entry is None or entry.cls == "neutral":
        return None
    return _END_OF_CONFLICT if entry.cls.endswith("conflict") else _END_OF_COOPERATION


def _event_lemma(nom, prep: Token | None) -> str:  # nom: Nominalization
    """The act an event noun names, with the preposition that carries its partner: "an order
    from X" -> "order from"; "X's order" -> "order from" too (its usual partner)."""
    if prep is not None and prep.lower_ in nom.keep_preps:
        return f"{nom.verb} {prep.lower_}"
    if prep is None and nom.keep_preps and not nom.object_preps:
        return f"{nom.verb} {sorted(nom.keep_preps)[0]}"
    return nom.verb


def _inner_actors(noun: Token, lex: Lexicon, depth: int = 0, skip_preps: bool = False) -> list[tuple[Token, Token | None, Token | None]]:
    """Actors named inside the phrase of ``noun``: (head token, preposition or None, pronoun
    token or None) for its possessor, compounded names and prepositional objects, and, one
    level down, those of a thing or event it governs."""
    out: list[tuple[Token, Token | None, Token | None]] = []
    for k in _kids(noun):
        if k.dep_ == "poss":
            if k.tag_ == "PRP$":
                out.append((k, None, k))  # "reviewed its plans": whose, resolved later
            elif _actor_like(k, lex):
                out.append((k, None, None))
        elif k.dep_ in ("compound", "nmod") and (k.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or _government(k, lex)):
            if k.ent_iob_ == "I" and k.head.ent_iob_ == "I" and k.head.i != noun.i:
                continue
            out.append((k, None, None))
        elif k.dep_ == "amod" and k.lower_ == "federal":
            out.append((k, None, None))  # "sought federal aid": the national government
        elif (
            k.dep_ == "amod" and k.ent_type_ == "NORP" and lex.demonym_country(k.text) is not None and not _place_object(noun)
            and (noun.tag_ == "NNS" or noun.dep_ == "pobj" or lex.nominalization(noun.lemma_.lower()) is not None)
        ):
            # "banned Peruvian imports", "a ban on Chilean copper": Peru's, Chile's (not "flew
            # over Peruvian soil"; and a thing of a country's kind as an object, "praised
            # Italian cuisine", "attacked the Swiss franc", is no act on the country)
            out.append((k, None, None))
        elif k.dep_ == "acl" and k.tag_ == "VBN":
            # "vetoed a bill passed by Congress", "condemned the attack carried out by the
            # rebels": the one by whom the thing was made or done is whose it is
            for a in _kids(k):
                if a.dep_ == "agent":
                    out.extend((o, None, None) for o in _kids(a) if o.dep_ == "pobj" and (_actor_like(o, lex) or _government(o, lex)))
    if skip_preps:
        return out
    for p, objs in _prep_args(noun):
        for o in objs:
            tok = noun.doc[o.head]
            if o.kind in ("time", "clause", "place") or p.lower_ in _ABSENCE_PREPS or p.lower_ in _TOPIC_PREPS:
                continue  # "hosted her counterparts in Oslo": a place, not a partner; "sharing about X": a topic
            if p.lower_ in lex.words_with_role("place_prep") and p.lower_ not in ("with", "against") and tok.ent_type_ not in ("ORG", "PERSON") and not (
                tok.pos_ == "PROPN" and not tok.ent_type_
            ):
                continue  # ("jobs at Opel": at a firm; "a stake in Lyft": a name the tagger missed)
            if _actor_like(tok, lex) or _government(tok, lex):
                out.append((tok, p, None))
            elif depth < 1 and tok.pos_ == "NOUN":
                # one phrase deeper ("a review of GM's plans", "a re-run of the bidding for
                # the X contract"); a measure names only its own whole ("the average of the
                # estimates of two banks" names no partner)
                measure = noun.lemma_.lower() in lex.words_with_role("measure_noun")
                out.extend((a, p2 or p, pr) for a, p2, pr in _inner_actors(tok, lex, depth + 1, skip_preps=measure))
    return out


def _place_object(noun: Token) -> bool:
    """Is ``noun`` the object of a preposition that names no partner or target ("over
    American soil", "in Peruvian waters"; but "tariffs on Chinese steel")?"""
    return noun.dep_ == "pobj" and noun.head.lower_ not in _PARTNER_PREPS


# prepositions whose object may be a partner or target of an act
_PARTNER_PREPS = frozenset({"of", "on", "against", "to", "from", "for", "with"})


# prepositions of what something is about: a topic, not a partner ("agreed to share
# intelligence about North Korea")
_TOPIC_PREPS = frozenset({"about", "regarding", "concerning"})

# prepositions of what is absent or set aside: "signed without Chile's approval" is no act with Chile
_ABSENCE_PREPS = frozenset({"without", "despite", "except", "excluding"})


def _government(t: Token, lex: Lexicon) -> bool:
    """"government" as in "government aid": the country acting (the resolver knows which)."""
    return t.pos_ == "NOUN" and t.lemma_.lower() in ("government", "administration")


def _beside_object_props(c: _Clause, s: Arg, d: Arg, rel_lemma: str) -> list[Proposition]:
    """Prepositional objects alongside a direct object: "sent troops to X". When the object is
    a thing and the preposition names a recipient or partner, that is who the act concerns
    ("supplied weapons to Ukraine"); otherwise it is circumstance ("warned Xi over Taiwan")."""
    doc, lex = c.doc, c.lex
    thing = doc[d.head].ent_type_ not in ("PERSON", "ORG", "GPE", "NORP") or _traded_object(c, d)
    nom = lex.nominalization(doc[d.head].lemma_.lower()) if thing else None
    # "stopped its military aid to Bolivia": the end of the aid, not aid
    ending = nom is not None and _ends_event(c.verb_lemma, doc[d.head], lex)
    props = []
    for p, objs in c.preps:
        # (not "on" after someone: "met refugees on Lesbos" is where, "imposed sanctions on
        # Peru" whom)
        partner = thing and p.lower_ in lex.words_with_role("partner_prep") and not (p.lower_ == "on" and _actor_like(doc[d.head], lex))
        p_lemma, p_rel = c.with_prep(rel_lemma, p)
        with_object = f"{rel_lemma} {doc[d.head].lemma_.lower()} {p.lower_}"
        if with_object in lex.interactions:
            p_lemma = with_object  # a row for the verb with its object: "withdraw troop from"
        if p.i > c.content.i:
            # the relation as written keeps the object it passes: "supplied weapons to" Ukraine
            p_rel = tuple(sorted({*p_rel, *d.core}))
        for o in objs:
            if o.kind == "time":
                continue
            # "cut 2,000 jobs at Orvo": an act on a thing at an organisation is done to it
            # so is a thing aimed "at" someone when the table knows the act ("fired tear gas at
            # protesters": fire at)
            here = partner or (thing and p.lower_ == "at" and (_names_organisation(doc[o.head]) or p_lemma in lex.interactions))
            event = (_ended_event(nom, lex) if ending else _event_lemma(nom, p)) if nom is not None and here else None
            props.append(Proposition(s, p_rel, p_lemma, o, (), pattern="svo_partner" if here else "svo_prep", event=event, **c.base))
            # "appointed three members to Chrysler's board": whose board (not a time or a
            # circumstance: "joined NATO after talks between X and Y")
            if p.i > c.content.i and p.lower_ not in _CIRCUMSTANCE_PREPS:
                props.extend(_object_partner_props(c, s, o, p_lemma, p_rel))
    return props


def _traded_object(c: _Clause, d: Arg) -> bool:
    """Is the named object ``d`` what passes between the subject and a partner the clause
    names ("sold Opel to Magna", "bought the Zephyr brand from Orvo")? Then it is an asset,
    and the partner is the one the act concerns (verbs with the ``transfer`` role)."""
    lex = c.lex
    obj = c.doc[d.head]
    if c.passive or not lex.has_role(c.verb_lemma, "transfer"):
        return False
    if obj.ent_type_ not in ("ORG", "PRODUCT", "FAC") and not (obj.pos_ == "PROPN" and not obj.ent_type_):
        return False
    partner_preps = lex.words_with_role("partner_prep")
    return any(
        p.lower_ in partner_preps and p.i > d.head and any(o.kind not in ("time", "place") and _actor_like(c.doc[o.head], lex) for o in objs)
        for p, objs in c.preps
    )


def _names_organisation(t: Token) -> bool:
    """Is ``t`` an organisation's name, or a noun with one in apposition ("its division, Opel")?
    A name the tagger gave no type counts too ("10,000 jobs at Opel"): places and people are
    tagged far more often than firms are missed."""
    return (
        t.ent_type_ == "ORG"
        or (t.pos_ == "PROPN" and not t.ent_type_ and t.text[:1].isupper())
        or (t.pos_ == "NOUN" and any(k.dep_ == "appos" and k.pos_ == "PROPN" for k in _kids(t)))
    )


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
                    adj_lemma = f"be {doc[comp.head].lemma_.lower()} {p.lower_}"
                    props.append(Proposition(s, tuple(rel), adj_lemma, o, c.extras_from(c.preps), pattern="copula_adj_prep", **c.base))
                    props.extend(_object_partner_props(c, s, o, adj_lemma, tuple(rel)))  # "angry at X's decision"
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
        props.extend(_directive_props(c, s, k))
    return props


def _directive_props(c: _Clause, s: Arg, clause: Token, verb: str | None = None, rel: Sequence[int] = ()) -> list[Proposition]:
    """The one told what to do by a that-clause in the subjunctive or with "should", after a
    verb of demanding ("demanded that Chile withdraw its troops" -> demand Chile, as "urged
    Chile to withdraw" -> urge Chile), or after its noun with a light verb ("made a demand
    that Chile withdraw": ``verb`` is then the noun's verb, and ``rel`` the words)."""
    verb = verb or c.lemma
    if not c.lex.has_role(verb, "directive") or clause.pos_ not in ("VERB", "AUX"):
        return []
    auxes = [k for k in _kids(clause) if k.dep_ in ("aux", "auxpass")]
    # (a plural subject's subjunctive is written as its present: "that the rebels withdraw")
    subjunctive = (clause.tag_ in ("VB", "VBP") and clause.lemma_ != "be" and not any(a.tag_ == "MD" or a.lower_ in ("to", "do", "does", "did") for a in auxes)) or any(
        a.lower_ in ("should", "must") for a in auxes
    )
    if not subjunctive:
        return []
    subjects = [k for k in _kids(clause) if k.dep_ == "nsubj" and _actor_like(k, c.lex)]
    rel_lemma = c.verb_lemma if verb == c.lemma else verb
    words = tuple(rel) or tuple(c.rel_base)
    return [Proposition(s, words, rel_lemma, a, (), pattern="directive", **c.base) for k in subjects[:1] for a in _np_args(k)]


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
    folded = _support_noun_props(c, s, usable)
    if folded:
        return folded
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
        props.extend(_object_partner_props(c, s, o, p1_lemma, p1_rel))  # "called for a review of GM's plans"
    for p, objs in usable[1:]:
        p_lemma, p_rel = c.with_prep(rel_lemma, p)
        for o in objs:
            if o.kind == "time":
                continue
            props.append(Proposition(s, p_rel, p_lemma, o, (), pattern="svp_more", **c.base))
            if p_lemma in c.lex.interactions:
                # "demonstrated in Tel Aviv against the government's plan": whose plan
                props.extend(_object_partner_props(c, s, o, p_lemma, p_rel))
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
    datives: Sequence[Arg] = (),
) -> list[Proposition]:
    """Fold "held a meeting with X" into meet X; "held talks with X" into talk with X; a
    dative is the partner "to" would name ("gave Chile an ultimatum" -> threaten Chile)."""
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
    props.extend(_dative_partner_props(s, datives, nom, sorted({*rel_base, *noun_words, noun.i}), all_preps, times, base))
    return props


def _dative_partner_props(
    s: Arg,
    datives: Sequence[Arg],
    nom,  # Nominalization
    rel: list[int],
    preps: list[tuple[Token, list[Arg]]],
    times: list[Arg],
    base: dict,
) -> list[Proposition]:
    """The recipient of a light verb's dative as the partner of its action noun, where the
    noun takes its partner with "to": "gave Chile an ultimatum" -> threaten Chile, "paid
    Seoul a visit" -> visit Seoul."""
    if "to" in nom.object_preps:
        rel_lemma = nom.verb
    elif "to" in nom.keep_preps:
        rel_lemma = f"{nom.verb} to"
    else:
        return []
    others = tuple(Arg(o2[0].head, tuple(sorted({p2.i, *(i for a in o2 for i in a.full)})), o2[0].core, p2.i, o2[0].kind) for p2, o2 in preps if o2) + tuple(times)
    return [Proposition(s, tuple(rel), rel_lemma, dt, others, pattern="light_verb", **base) for dt in datives]


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
    event = _relational_event(head)
    out = []
    for o in _np_args(owner):
        out.append(
            Proposition(
                s, tuple(sorted({*rel_base, *words})), f"be {rel_words} of", o, (), pattern="relational" if event else "copula_poss", event=event, **base
            )
        )
    return out


def _relational_event(noun: Token) -> str | None:
    """The act a relational noun implies between two actors ("rival" -> "compete with",
    "ally" -> "ally with", "customer" -> "buy from"), from the event-noun table."""
    if noun.pos_ != "NOUN" or not _actor_like(noun, noun.doc.user_data["kg.lex"]):
        return None
    nom = noun.doc.user_data["kg.lex"].nominalization(noun.lemma_.lower())
    if nom is None:
        return None
    return f"{nom.verb} {sorted(nom.keep_preps)[0]}" if nom.keep_preps else nom.verb
