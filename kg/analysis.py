"""From one parsed document to its triples, entities and quotes.

:func:`analyze` runs the per-document stages in order: quotations, propositions, entity
resolution, and the conversion of propositions into :class:`~kg.model.Triple` objects with
their evidence, confidence, attribution and interaction class. It is a pure function of the
``Doc``, so it runs unchanged in a worker process or on a Dask worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from kg.dates import date_of, document_dated
from kg.extract import Arg, Proposition, doc_text, propositions, span_text
from kg.extract.confidence import proposition_confidence
from kg.extract.quotes import QuoteSpan, find_quotes, speaker_map
from kg.lexicon import Lexicon, load_lexicon
from kg.model import AFFILIATION, Argument, Entity, Evidence, Quote, Triple
from kg.pipeline import dateline_spans
from kg.resolve.document import ACTOR_LABELS, DocumentResolver, Resolved
from kg.tokens import DocView, TokenView

__all__ = ["DocResult", "analyze", "extract_triples", "interaction_of"]


@dataclass(frozen=True, slots=True)
class DocResult:
    """What kg reads from one document (or one chunk of a long one).

    Attributes:
        doc_id: Identifier of the document.
        triples: Relations found, with evidence.
        entities: Named entities with aliases, titles and mentions.
        quotes: Direct quotations with their speakers.
        words: Number of tokens (for progress reports).
        part: Chunk index within the document.
        last: True for the document's last chunk.
        meta: The document's metadata (date, title, url, source...), or None.
    """

    doc_id: str
    triples: tuple[Triple, ...]
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    words: int = 0
    part: int = 0
    last: bool = True
    meta: Mapping[str, Any] | None = None


def interaction_of(
    relation: str, negated: bool, lexicon: Lexicon, event: str | None = None, negated_by: str | None = None
) -> tuple[str | None, float | None]:
    """Interaction class and intensity of a relation between two actors (None for a relation
    to a role: "served as chief executive").

    The relation's own entry counts first (dropping words from its end until one is found:
    "talk with" -> "talk"); a composed relation whose governing verb says nothing
    ("decide to sanction") is classed by the act it governs ("sanction"); and a relation that
    goes through an event noun ("win order from": an order) is classed by the event when
    the verb is neutral or one of receiving ("received loans from X": a loan). A negated
    relation is neutral ("did not meet" is not a cooperation), unless it denies a cooperation
    by a verb that has a class of its own: "refused to meet" is a rejection, "cancelled its
    visit" a cut in relations (``negated_by``); "refused to sanction" is no act at all.

    Example:
        >>> interaction_of("decide to sanction", False, load_lexicon())[0]
        'material conflict'
    """
    last = relation.rsplit(" ", 1)[-1]
    if lexicon.has_role(last, "comparison_prep"):
        return "neutral", 0.0  # "sold more jets than Orvo": compared, not dealt with
    if lexicon.has_role(last, "role_prep"):
        return None, None  # "served as its chief executive": a role, no one acted with
    if not negated and lexicon.has_role(last, "side_prep"):
        return _side_by_side(relation, lexicon)
    if negated:
        # refusing or calling off a cooperation is a conflict; refusing a hostile act is not
        # ("refused to sanction X", "called off its strike against X": no act at all)
        denial = lexicon.interaction(negated_by) if negated_by else None
        act = _interaction_entry(relation, lexicon) if denial is not None else None
        if event and (act is None or act.cls == "neutral"):
            act = _interaction_entry(event, lexicon) or act
        if denial is not None and denial.cls != "neutral" and act is not None and act.cls.endswith("cooperation"):
            return denial.cls, float(denial.intensity)
        return "neutral", 0.0
    entry = _interaction_entry(relation, lexicon)
    first, _, rest = relation.partition(" ")
    if rest and (entry is None or entry.cls == "neutral") and lexicon.has_role(first, "aspect"):
        entry = _interaction_entry(rest, lexicon) or entry  # "kept supplying weapons to X": a supply
    if event and entry is not None and entry.category == _APPEAL:
        # "called for sanctions against X": an appeal for a hostile act is hostile to its
        # target ("called for talks with X" stays an appeal)
        act = _interaction_entry(event, lexicon)
        if act is not None and act.cls.endswith("conflict"):
            return "verbal conflict", -abs(float(entry.intensity))
    if event and (entry is None or entry.cls == "neutral" or lexicon.has_role(relation.split(" ", 1)[0], "receive")):
        # "received loans from X": what was received classes the act ("verbs.tsv" receive),
        # when it has a class ("received a letter from X" stays a receiving)
        received = _interaction_entry(event, lexicon)
        if received is not None and (received.cls != "neutral" or entry is None or entry.cls == "neutral"):
            entry = received
    if entry is None:
        return "neutral", 0.0
    return entry.cls, float(entry.intensity)


# how much acting on the same side as someone weighs, by the kind of the act (the Goldstein
# weights of "side with" and of "work with" in interactions.tsv)
_SIDE_INTENSITY = {"verbal": 3.5, "material": 5.0}


def _side_by_side(relation: str, lexicon: Lexicon) -> tuple[str, float]:
    """"fought alongside the army", "spoke alongside the president": whatever the act does to
    others, the one beside the doer is a partner in it; a material act makes it a material
    cooperation, any other act a verbal one."""
    entry = _interaction_entry(relation.rsplit(" ", 1)[0], lexicon)
    kind = "material" if entry is not None and entry.cls.startswith("material") else "verbal"
    return f"{kind} cooperation", _SIDE_INTENSITY[kind]


# the CAMEO root category of appeals ("call for", "urge", "ask for")
_APPEAL = "02"


def _interaction_entry(relation: str, lexicon: Lexicon):  # -> Interaction | None
    entry = lexicon.interaction(relation)
    if (entry is None or entry.cls == "neutral") and " to " in relation:
        embedded = lexicon.interaction(relation.rsplit(" to ", 1)[1])
        if embedded is not None and embedded.cls != "neutral":
            return embedded
    return entry


def _is_actor(res: Resolved, head: TokenView, lexicon: Lexicon) -> bool:
    if res.type in ACTOR_LABELS:
        return True
    if not res.entity and " " not in res.text and res.text[:1].isupper() and res.name[:1].islower() and head.tag_ != "NNS":
        # a capitalised word the parser took for a common noun at the start of a sentence
        # ("Ruiz later criticised Chile"): most likely a name, which the graph may yet join
        # to its person
        return True
    return res.affiliation is not None and head.lemma_.lower() in lexicon.actor_nouns


# further prepositional objects of a clause: kept in the graph only when they name someone
_SECONDARY = frozenset({"svo_prep", "svp_more"})
# readings made only to relate two actors: kept only when both ends are actors
_ACTORS_ONLY = frozenset({"svo_inner", "reciprocal", "relational", "nominal_doer", "between_set"})

# readings that describe rather than relate: "A is B's partner", "A, B's minister"; and the
# asset of a sale, which is traded, not dealt with ("sold Opel to Magna": the deal is with Magna)
_NO_INTERACTION = frozenset({"svo_asset", "appos", "copula", "complement", "copula_poss", "copula_adj_prep", "title", "poss", "np_in"})


def _role(arg: Arg) -> str:
    return arg.kind if arg.kind in ("time", "place") else "other"


def analyze(
    doc: Doc,
    *,
    doc_id: str = "doc",
    offset: int = 0,
    lexicon: Lexicon | None = None,
    part: int = 0,
    last: bool = True,
    text: str | None = None,
    meta: Mapping[str, Any] | None = None,
    keep_pronouns: bool = False,
) -> DocResult:
    """Triples, entities and quotes of a parsed document.

    Args:
        doc: A document parsed by a pipeline from :func:`kg.load_pipeline`.
        doc_id: Identifier written into every evidence record.
        offset: Character offset of ``doc`` in its whole document (for chunks).
        lexicon: Word lists and interaction table; the shipped ones by default.
        part: Chunk index (passed through).
        last: Whether this is the document's last chunk (passed through).
        text: The text ``doc`` was parsed from, if at hand (saves rebuilding it).
        meta: The document's metadata (passed through).
        keep_pronouns: Keep a pronoun that refers to no one in the text as written ("He
            served as ..." in a sentence read alone, as benchmarks give them); by default
            such triples are dropped, so an unresolved pronoun never becomes a node.

    Returns:
        A :class:`DocResult`.
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    if text is not None:
        # the text the Doc was made from: spares rebuilding it from the tokens
        doc.user_data["kg.text"] = text
    view = DocView(doc, doc_text(doc), strings=lex.string_cache)
    verb_lemma = lex.verb_lemma
    for t in view:
        if t.pos_ == "VERB" and t.lemma_[-1:] not in ("e", ""):
            t.lemma_ = verb_lemma(t.lemma_, t.lower_)
    quote_spans = find_quotes(doc, lex)
    speakers = speaker_map(quote_spans)
    datelines = dateline_spans(doc, [s.start for s in view.sents if s.start < len(view) and view[s.start].is_upper])
    quoted = [i for q in quote_spans for i in range(q.start, q.end)]
    resolver = DocumentResolver(view, lex, doc_id=doc_id, offset=offset, speakers=speakers, ignore=datelines, quoted=quoted)
    dateline_starts = {a for a, _ in datelines}
    triples: list[Triple] = []
    seen: set[tuple] = set()
    for prop in propositions(view, lex, descriptive=False):
        if dateline_starts and prop.sentence[0] in dateline_starts:
            continue  # "OSLO, March 4 (Wire) -" says where the story was filed
        for triple in _to_triples(view, prop, resolver, lex, speakers, keep_pronouns, meta):
            key = (triple.subject, triple.relation, triple.object, triple.negated, triple.evidence.start, triple.subject_text, triple.object_text)
            if key in seen:
                continue
            seen.add(key)
            triples.append(triple)
    triples.extend(document_dated(t, meta) for t in _affiliation_triples(resolver))
    quotes = tuple(_quote_record(doc, q, resolver) for q in quote_spans if q.speaker is not None and _is_quotation(view, q))
    quotes = tuple(q for q in quotes if q is not None)
    entities = resolver.entities()
    doc.user_data.pop("kg.text", None)
    view.release()
    return DocResult(doc_id, tuple(triples), tuple(entities), quotes, len(doc), part, last, meta)


def _affiliation_triples(resolver: DocumentResolver) -> list[Triple]:
    """Membership edges: "U.S. Defense Secretary Jim Mattis" -> Jim Mattis / member of /
    United States, with the sentence that says so."""
    out = []
    for member, member_type, org, org_type, tok, how in resolver.affiliations():
        ev = resolver.evidence(tok)
        out.append(
            Triple(
                subject=member,
                relation=AFFILIATION,
                object=org,
                subject_text=member,
                relation_text=how,
                object_text=org,
                subject_type=member_type,
                object_type=org_type,
                evidence=ev,
                confidence=0.9,
                pattern="affiliation",
            )
        )
    return out


def _to_triples(
    doc: DocView,
    prop: Proposition,
    resolver: DocumentResolver,
    lex: Lexicon,
    speakers: dict[int, int],
    keep_pronouns: bool = False,
    meta: Mapping[str, Any] | None = None,
) -> list[Triple]:
    """The graph triples of a proposition: one, or one for each entity a plural argument
    stands for ("they" after "GM and Chrysler"), or none."""
    obj_arg = prop.object
    if obj_arg is None or not prop.graph:
        return []
    # in "the minister, Lena Ruiz," the role phrase is the object, not Ruiz again
    descriptive = prop.pattern != "appos"
    subj = resolver.resolve(prop.subject, appositions=descriptive)
    obj = resolver.resolve(obj_arg, appositions=descriptive)
    if keep_pronouns:
        subj = subj or _as_written(doc, prop.subject)
        obj = obj or _as_written(doc, obj_arg)
    if subj is None or obj is None:
        return []
    if not subj.members and not obj.members:
        triple = _to_triple(doc, prop, subj, obj, resolver, lex, speakers, meta)
        return [triple] if triple is not None else []
    if prop.pattern == "between_set":
        # "the agreement between the two companies": each pair of the entities named
        sides = subj.members
        return [
            t for k, a in enumerate(sides) for b in sides[k + 1 :] if (t := _to_triple(doc, prop, a, b, resolver, lex, speakers, meta)) is not None
        ]
    if subj.members and obj.members and {m.name for m in subj.members} & {m.name for m in obj.members}:
        return []  # "the two firms got loans to keep them afloat": the set is not its own partner
    out = []
    for s in subj.members or (subj,):
        for o in obj.members or (obj,):
            triple = _to_triple(doc, prop, s, o, resolver, lex, speakers, meta)
            if triple is not None:
                out.append(triple)
    return out


def _to_triple(
    doc: DocView,
    prop: Proposition,
    subj: Resolved,
    obj: Resolved,
    resolver: DocumentResolver,
    lex: Lexicon,
    speakers: dict[int, int],
    meta: Mapping[str, Any] | None = None,
) -> Triple | None:
    obj_arg = prop.object
    assert obj_arg is not None
    if not subj.name or not obj.name:
        return None
    if prop.pattern in _SECONDARY and (obj_arg.kind in ("place", "time") or not (obj.entity or obj.affiliation)):
        # "flew into Oslo after a two-day trip": the trip is no one to relate to; "met Biden
        # in Paris": Paris is where, kept as an extra of meet Biden
        return None
    if prop.pattern in _ACTORS_ONLY and not (obj.entity and obj.type in ACTOR_LABELS and subj.type in ACTOR_LABELS):
        return None  # "upheld Kestrel's complaint": read for the two actors, or not at all
    if subj.name == obj.name and obj_arg.kind != "clause":
        return None
    if prop.lemma == "have" and obj.affiliation == subj.name and obj.type == "GROUP":
        return None  # "Kestrel has 5,000 employees": a membership (its own edge), no act
    if prop.pattern in ("svp", "svp_more") and prop.lemma.endswith(" by") and obj.entity and obj.type in ACTOR_LABELS and prop.lemma not in lex.interactions:
        # an agent "by" phrase on an active verb belongs to a noun the parser passed over
        # ("tensions rose ahead of a visit next month by Trump": Trump did not rise); a verb
        # listed with its "by" ("stand by") keeps it
        return None
    attributed = None
    if prop.speaker is not None:
        spk = resolver.resolve(prop.speaker)
        attributed = spk.name if spk is not None else None
    if attributed is None:
        rel_head = prop.relation[0] if prop.relation else prop.arg1.head
        spk_tok = speakers.get(rel_head)
        if spk_tok is not None:
            cl = resolver.cluster_of(doc[spk_tok])
            attributed = cl.name if cl is not None else None
    if attributed is not None and attributed == subj.name and prop.pattern == "report":
        attributed = None
    interaction = intensity = None
    # only a clause's own object is its partner ("warned Xi over Taiwan": Xi, not Taiwan), or a
    # second prepositional object the table knows with its preposition ("spoke by phone with X")
    # (a place is where something happened: "gathered in Washington" is no interaction)
    if (
        obj_arg.kind not in ("clause", "place")
        and not prop.lemma.endswith(" among")  # "was hardest hit among the carmakers": one of a set, no act
        and (prop.pattern not in _NO_INTERACTION or (prop.pattern == "copula_adj_prep" and lex.interaction(prop.lemma) is not None))
        and (prop.pattern not in _SECONDARY or (prop.pattern == "svp_more" and prop.lemma in lex.interactions))
        and _is_actor(subj, doc[prop.subject.head], lex)
        and _is_actor(obj, doc[obj_arg.head], lex)
    ):
        interaction, intensity = interaction_of(prop.lemma, prop.negated, lex, prop.event, prop.negated_by)
    relation_text = span_text(doc, prop.relation) if prop.relation else "is"
    ev_tok = doc[prop.relation[0] if prop.relation else prop.arg1.head]
    extras = tuple(Argument(_role(e), span_text(doc, e.full)) for e in prop.extras if e.full)
    when = date_of(doc, prop, meta)  # from a time phrase of the clause, else the document
    return Triple(
        subject=subj.name,
        relation=prop.lemma,
        object=obj.name,
        subject_text=subj.text,
        relation_text=relation_text,
        object_text=obj.text,
        subject_type=subj.type,
        object_type=obj.type if obj_arg.kind != "clause" else None,
        evidence=resolver.evidence(ev_tok),
        negated=prop.negated,
        modality=prop.modality,
        confidence=proposition_confidence(prop, doc),
        conditional=prop.conditional,
        attributed_to=attributed,
        extras=extras,
        interaction=interaction,
        intensity=intensity,
        pattern=prop.pattern,
        object_is_clause=obj_arg.kind == "clause",
        date=when[0],
        date_source=when[1],
    )


def _as_written(doc: DocView, arg: Arg) -> Resolved:
    """A pronoun that refers to no one, as written."""
    text = span_text(doc, arg.core)
    return Resolved(text, None, None, text, False)


def _is_quotation(view: DocView, q: QuoteSpan) -> bool:
    """A quotation holds a verb, or stands right beside its attribution ('"No," Lind said');
    a quoted name or phrase inside a sentence ('a "critical level"') is not one."""
    tokens = view.tokens
    if any(t.pos_ in ("VERB", "AUX") for t in tokens[q.start : q.end]):
        return True
    if q.cue is None or q.speaker is None:
        return False
    speaker = {t.i for t in tokens[q.speaker].subtree}
    lo, hi = (q.end, q.cue) if q.cue >= q.end else (q.cue + 1, q.start)
    return all(t.is_punct or t.is_space or t.i in speaker for t in tokens[lo:hi])


def _quote_record(doc: Doc, q: QuoteSpan, resolver: DocumentResolver) -> Quote | None:
    assert q.speaker is not None
    cl = resolver.cluster_of(doc[q.speaker])
    if cl is None:
        return None
    cue = doc[q.cue].lemma_.lower() if q.cue is not None else "say"
    ks = [resolver.sentence_index(q.start), resolver.sentence_index(q.end - 1)]
    if q.cue is not None:
        ks.append(resolver.sentence_index(q.cue))
    sents = resolver.sentences
    ev = resolver.evidence(doc[sents[min(ks)].start])
    end_ev = resolver.evidence(doc[sents[max(ks)].start])
    text = doc_text(doc)[ev.start - resolver.offset : end_ev.end - resolver.offset]
    evidence = Evidence(ev.doc_id, text, ev.start, end_ev.end)
    return Quote(cl.name, cue, q.text, evidence)


def extract_triples(doc: Doc, *, doc_id: str = "doc", lexicon: Lexicon | None = None) -> list[Triple]:
    """The triples of a parsed document, entities resolved.

    Example:
        >>> nlp = kg.load_pipeline()  # doctest: +SKIP
        >>> [(t.subject, t.relation, t.object) for t in extract_triples(nlp("Ann Lee met Bob Stone."))]  # doctest: +SKIP
        [('Ann Lee', 'meet', 'Bob Stone')]
    """
    return list(analyze(doc, doc_id=doc_id, lexicon=lexicon).triples)
