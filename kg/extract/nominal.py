"""Propositions with no verb: appositions, nominalised events ("A's visit to B"), and the
descriptive readings of noun phrases that only Open IE output uses."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.args import (
    NP_CUT_DEPS,
    PLACE_ENTS,
    _core,
    _entity_span,
    _kids,
    _listed_name,
    _np_args,
    _partitive_of,
    _prep_args,
    _subtree_without,
)
from kg.extract.clauses import (
    AUX_DEPS,
    _actor_like,
    _ends_event,
    _event_lemma,
    _inner_actors,
    _relational_event,
    _Sentence,
    _verb_phrase,
)
from kg.extract.records import Arg, Proposition
from kg.tokens import TokenView


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
            and not _listed_name(t, t.head)
            and not _person_beside_name(t, t.head)
            and not (t.pos_ == "PROPN" and t.head.pos_ == "NOUN" and lex.nominalization(t.head.lemma_.lower()) is not None and not _actor_like(t.head, lex))
        ):
            # (an acronym or a source in brackets is no apposition, a list "A, B and C, a
            # trip ..." is not each of its members, and no name is an event: "the dispute ...
            # - Apple Inc. -")
            head = t.head
            # the name is the graph subject: "the minister, Jane Doe," -> Jane Doe / be / minister
            name_first = (t.ent_type_ == "PERSON" and head.ent_type_ != "PERSON") or (t.pos_ == "PROPN" and head.pos_ == "NOUN")
            for x in _np_args(head)[:1]:
                for y in _np_args(t)[:1]:
                    props.append(Proposition(x, (), "be", y, (), agent_first=name_first, pattern="appos", sentence=bounds))
            props.extend(_relational_apposition(t, bounds))
        # nominalisation with a possessor or a by-phrase: "A's visit to B", "a visit to B by A"
        if t.pos_ == "NOUN":
            nom = lex.nominalization(t.lemma_.lower())
            if nom is None:
                continue
            owners = [c for c in _kids(t) if c.dep_ == "poss" and c.tag_ not in ("WP$",)]
            preps = _prep_args(t) + _occurrence_partners(t)
            agents = [objs for p, objs in preps if p.lower_ == "by"]
            if not owners and not agents and "with" in nom.keep_preps:
                # "clashes between police and protesters", "talks between Chile and Peru": the
                # first does it with the others
                props.extend(_between_props(t, preps, nom, st, bounds))
            subj_args: list[Arg] = []
            pattern = "nominal"
            if owners:
                subj_args = _np_args(owners[0])
            elif agents:
                subj_args = agents[0]
            else:
                subj_args = _event_doer(t, st)
                pattern = "nominal_doer"
            if not subj_args:
                continue
            # an event that was called off or put off: "cancelled his visit to Seoul"; one
            # that did not happen: "there were no clashes with police"
            negated, modality, negated_by = _denied(t), None, None
            gov = t.head if t.dep_ in ("dobj", "nsubjpass", "nsubj") else None
            if gov is not None and gov.pos_ == "VERB" and _ends_event(_verb_phrase(gov), t, lex):
                continue  # "ended its alliance with X": read as the act of ending (_object_partner_props)
            if gov is not None and gov.pos_ == "VERB":
                verb = _verb_phrase(gov)
                if lex.has_role(verb, "negating"):
                    negated, negated_by = True, verb  # "cancelled his visit to Seoul"
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
                                s, (t.i, p.i), rel_lemma, o, (), negated=negated, modality=modality or nom.modality, pattern=pattern, sentence=bounds,
                                negated_by=negated_by,
                            )
                        )
                        # "GM's cancellation of the Magna deal": the actor inside what is cancelled
                        thing = st.doc[o.head]
                        if thing.pos_ == "NOUN" and not _actor_like(thing, lex):
                            inner_nom = lex.nominalization(thing.lemma_.lower())
                            for inner, p2, pron in _inner_actors(thing, lex):
                                lemma = f"{rel_lemma} {thing.lemma_.lower()}" + (f" {p2.lower_}" if p2 is not None else "")
                                args = [Arg(pron.i, (pron.i,), (pron.i,))] if pron is not None else _np_args(inner, prep=p2)
                                for a in args:
                                    props.append(
                                        Proposition(
                                            s, (t.i, p.i, thing.i), lemma, a, (), negated=negated, modality=modality or nom.modality, pattern=pattern,
                                            sentence=bounds, event=_event_lemma(inner_nom, p2) if inner_nom is not None else nom.verb, negated_by=negated_by,
                                        )
                                    )
    return props


def _relational_apposition(t: Token, bounds: tuple[int, int]) -> list[Proposition]:
    """"Airbus, Boeing's European rival," -> Airbus / be rival of / Boeing, an interaction
    (competition) between the two: a relational noun in apposition to a name, with an owner."""
    name, role = (t, t.head) if t.pos_ == "PROPN" and t.head.pos_ == "NOUN" else (t.head, t) if t.head.pos_ == "PROPN" and t.pos_ == "NOUN" else (None, None)
    if name is None or role is None:
        return []
    event = _relational_event(role)
    if event is None:
        return []
    owners = [k for k in _kids(role) if k.dep_ == "poss" and k.tag_ not in ("PRP$", "WP$")]
    owners += [o for p in _kids(role) if p.dep_ == "prep" and p.lower_ == "of" for o in _kids(p) if o.dep_ == "pobj"]
    out = []
    for owner in owners[:1]:
        for x in _np_args(name)[:1]:
            for y in _np_args(owner)[:1]:
                out.append(Proposition(x, (role.i,), f"be {role.lemma_.lower()} of", y, (), pattern="relational", sentence=bounds, event=event))
    return out


def _event_doer(noun: Token, st: _Sentence) -> list[Arg]:
    """Who does an event named by a noun with no possessor or by-phrase, when the sentence
    makes someone its doer: the nearest subject before it in the sentence ("Chrysler filed for
    bankruptcy, but a deal with Fiat went through": Chrysler), never someone inside the noun's
    own phrase. Only for event nouns that are subjects, or that a "there is" clause states
    ("there were clashes with police"): as objects, their clause's own subject is their doer."""
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX"):
        # "In a conference call with analysts, he said": the clause's subject did it
        verb = noun.head.head
        appeal = st.lex.interactions.get(f"{verb.lemma_.lower()} {noun.head.lower_}")
        if appeal is not None and appeal.category in ("02", "10"):
            return []  # "called for sanctions against X": others are to impose them
        subj = [k for k in _kids(verb) if k.dep_ in ("nsubj", "nsubjpass")]
        return _np_args(subj[0]) if subj and _actor_like(subj[0], st.lex) else []
    existential = noun.dep_ == "attr" and noun.head.lemma_ == "be" and any(k.dep_ == "expl" for k in _kids(noun.head))
    if existential:
        return _existential_doer(noun.head, st)
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return []
    mine = {k.i for k in noun.subtree}
    doc = st.doc
    for k in range(noun.i - 1, st.sent.start - 1, -1):
        t = doc[k]
        if t.dep_ in ("nsubj", "nsubjpass") and t.i not in mine and _actor_like(_partitive_of(t) or t, st.lex):
            return _np_args(t)
    return []


# prepositions that name the sides of an event, on the verb that says it happened
_SIDE_PREPS = frozenset({"between", "with", "among", "against"})


def _occurrence_partners(noun: Token) -> list:
    """The sides of an event noun that is the subject of a verb saying it happened, where the
    parser hangs them on the verb: "clashes broke out between police and protesters", "a
    dispute arose with Chile" (a verb with no object of its own)."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.pos_ != "VERB" or any(k.dep_ in ("dobj", "attr", "acomp", "ccomp", "xcomp") for k in _kids(verb)):
        return []
    return [(p, objs) for p, objs in _prep_args(verb) if p.lower_ in _SIDE_PREPS]


def _denied(event: Token) -> bool:
    """Is the event noun said not to have happened ("there were no clashes")?"""
    return any(c.dep_ == "det" and c.lower_ == "no" for c in _kids(event))


def _between_props(t: Token, preps: list, nom, st: _Sentence, bounds: tuple[int, int]) -> list[Proposition]:  # nom: Nominalization
    """A mutual event with the sides listed after "between": the first side does it with each
    of the others ("clashes between police and protesters" -> police clash with protesters)."""
    out = []
    for p, objs in preps:
        if p.lower_ != "between" or any(o.kind in ("time", "place", "clause") for o in objs):
            continue
        # (the sides are joined by "and", not a name set off by a comma: "the rift between
        # Russia and the US, Boeing's Scott Carson replied")
        objs = _closed_list([o for o in objs if st.doc[o.head].dep_ != "appos"], st)
        negated = _denied(t)
        if len(objs) == 1 and st.doc[objs[0].head].tag_ == "NNS":
            # "the agreement between the two companies": each pair of those the phrase names,
            # when the resolver reads it as a list (kg.analysis)
            out.append(Proposition(objs[0], (t.i, p.i), f"{nom.verb} with", objs[0], (), negated=negated, modality=nom.modality, pattern="between_set", sentence=bounds))
            continue
        for o in objs[1:]:
            out.append(Proposition(objs[0], (t.i, p.i), f"{nom.verb} with", o, (), negated=negated, modality=nom.modality, pattern="nominal", sentence=bounds))
    return out


def _closed_list(objs: list[Arg], st: _Sentence) -> list[Arg]:
    """The members of a list up to the one after "and" or "or": a name after that and a comma
    is no member ("between Chile and Peru, Kestrel's Anna Berg replied")."""
    out: list[Arg] = []
    closed = False
    for o in sorted(objs, key=lambda a: a.head):
        if closed:
            break
        if out and any(st.doc[k].dep_ == "cc" for k in range(out[-1].head + 1, o.head)):
            closed = True
        out.append(o)
    return out


def _person_beside_name(a: Token, b: Token) -> bool:
    """Is one of the two a person's name and the other a name that is no person ("the
    general secretary of the union Unite, Tom Hale": the parser hangs Hale on Unite)? A person
    is never an organisation or a place."""
    for x, y in ((a, b), (b, a)):
        if x.ent_type_ == "PERSON" and y.pos_ == "PROPN" and y.ent_type_ != "PERSON":
            return True
    return False


def _existential_doer(be: Token, st: _Sentence) -> list[Arg]:
    """Who does the event a "there" clause states: the group that is the subject of the clause
    it is joined to by "and" or "but" ("protesters marched, and there were clashes with police":
    the protesters). Not a named actor or a person there ("the president visited Lima, and
    there were clashes": he did not clash), nor a speaker ("police said there were clashes")."""
    if be.dep_ != "conj" or be.head.pos_ not in ("VERB", "AUX"):
        return []
    subj = next((k for k in _kids(be.head) if k.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return []
    whole = _partitive_of(subj) or subj
    if whole.pos_ != "NOUN" or whole.tag_ != "NNS" or whole.lemma_.lower() not in st.lex.actor_nouns:
        return []
    return _np_args(subj)


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
