"""Entity resolution inside a document: one canonical name per real-world entity.

For each parsed document the :class:`DocumentResolver`

* collects mentions: named entities, proper nouns that repeat a known name, pronouns;
* cleans each name: determiners, possessive endings, honorifics and titles go ("the U.S.'s"
  -> "U.S.", "Defense Secretary Jim Mattis" -> "Jim Mattis" with the title kept);
* clusters mentions: a surname or partial name joins the full name mentioned in the document,
  an acronym joins its expansion, country variants join their canonical country;
* votes the entity type over the cluster, a clear person mention (a full name, or a name after
  an honorific) outweighing NER slips elsewhere;
* resolves pronouns to the most salient compatible antecedent, and first-person pronouns
  inside a quotation to its speaker; a pronoun it cannot resolve is dropped;
* maps demonyms to their country as an affiliation ("Japanese counterparts" -> Japan).

Names are then merged across documents by :func:`merge_entities`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.extract import Arg, doc_text, span_text
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Entity, Evidence, Mention, Triple
from kg.tokens import DocView, SpanView, view_of

__all__ = [
    "Resolved",
    "DocumentResolver",
    "merge_entities",
    "merge_summaries",
    "merge_keys",
    "connected_groups",
    "EntitySummary",
    "NameTally",
    "corpus_triple",
    "surname_index",
    "person_surname",
    "clean_name",
    "ENTITY_LABELS",
    "ACTOR_LABELS",
]

#: NER labels that name entities (numbers, dates and amounts do not).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})
#: Labels of actors: who can meet, threaten or sanction. GROUP is a collective of people
#: ("protesters", "Labour MPs"); ACTOR a proper name that NER left untyped but that acts.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "GROUP", "ACTOR"})

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
OTHER_PRONOUNS = frozenset({"it", "its", "itself", "this", "that", "these", "those", "you", "your", "yours", "one", "who", "whom", "which", "what", "someone", "anyone", "everyone"})
ALL_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | FIRST_SINGULAR | FIRST_PLURAL | OTHER_PRONOUNS
_RESOLVABLE = ALL_PRONOUNS - OTHER_PRONOUNS

_POSSESSIVE_END = re.compile(r"(?:\s*['\u2019]s?)$")
_LEADING_DET = re.compile(r"^(?:the|The|THE)\s+")
_SPACE = re.compile(r"\s+")
_PRONOUN_WINDOW = 3  # sentences to look back for an antecedent


@dataclass(frozen=True, slots=True)
class Resolved:
    """What an argument stands for.

    Attributes:
        name: Canonical name (node label).
        type: Entity type, or None for a plain noun phrase.
        affiliation: Country or organisation the argument belongs to, or None.
        text: The words as written.
        entity: True when the name is an entity of the document (not a plain phrase).
    """

    name: str
    type: str | None
    affiliation: str | None
    text: str
    entity: bool = False


def clean_name(text: str) -> str:
    """Strip a leading "the", a possessive ending and extra spaces from a name."""
    text = text.strip()
    if "  " in text or "\n" in text or "\t" in text:
        text = _SPACE.sub(" ", text)
    if text[:4] in ("the ", "The ", "THE "):
        text = _LEADING_DET.sub("", text)
    if len(text) > 2 and text[-1] in "s'\u2019":
        text = _POSSESSIVE_END.sub("", text)
    return text.strip(" ,;:-\"'\u201c\u201d\u2018\u2019()")


@dataclass
class _Cluster:
    name: str
    key: str
    types: Counter = field(default_factory=Counter)
    aliases: Counter = field(default_factory=Counter)
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    gender: str | None = None
    affiliation: str | None = None
    tokens: int = 1
    country: bool = False
    clear_person: bool = False

    def vote(self) -> str | None:
        """The entity type: PERSON when any mention clearly names a person (a full name
        tagged PERSON, or a name after an honorific), else the commonest label."""
        if self.clear_person:
            return "PERSON"
        if not self.types:
            return None
        return max(self.types.items(), key=_count_then_first)[0]


def _count_then_first(item: tuple[str, int]) -> int:
    return item[1]


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


class DocumentResolver:
    """Canonical names for the mentions of one document (or one chunk of a long document).

    Args:
        doc: The parsed document.
        lexicon: Word lists (countries, titles, first names).
        doc_id: Identifier of the document, for evidence.
        offset: Character offset of ``doc`` in the whole document.
        speakers: Map from token index to the token index of the speaker's name for tokens
            inside direct quotations (first person inside a quote is the speaker).
        sents: ``list(doc.sents)`` if already at hand.
    """

    def __init__(
        self,
        doc: Doc,
        lexicon: Lexicon,
        *,
        doc_id: str = "doc",
        offset: int = 0,
        speakers: Mapping[int, int] | None = None,
        sents: list[Span] | None = None,
        ignore: Sequence[tuple[int, int]] = (),
    ) -> None:
        # token walks read a pure-Python view of the parse; entities come from spaCy's Doc
        self.doc = view_of(doc)
        self.lex = lexicon
        self.doc_id = doc_id
        self.offset = offset
        self.speakers = dict(speakers or {})
        self._clusters: dict[str, _Cluster] = {}
        self._token_cluster: dict[int, _Cluster] = {}
        self._sent_ev: dict[int, Evidence] = {}
        self._sents = self.doc.sents
        self._char_tok: dict[int, int] = {}
        self._sent_starts = [s.start for s in self._sents]
        self._pronoun_cache: dict[int, _Cluster | None] = {}
        self._appos: dict[int, _Cluster] = {}
        self._resolved: dict[tuple, Resolved | None] = {}
        self._resolved_ids: dict[tuple[int, bool], tuple[Arg, Resolved | None]] = {}
        self._ignore = tuple(ignore)  # token ranges whose names are no entities (datelines)
        self._build()

    # -- evidence ---------------------------------------------------------------------------

    def _sent_of(self, i: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, i) - 1)

    def sentence_index(self, i: int) -> int:
        """Index (in :attr:`sentences`) of the sentence holding token ``i``."""
        return self._sent_of(i)

    @property
    def sentences(self) -> list[Span]:
        """The document's sentences."""
        return self._sents

    def evidence(self, tok: Token) -> Evidence:
        """The evidence (sentence) holding ``tok``."""
        k = self._sent_of(tok.i)
        ev = self._sent_ev.get(k)
        if ev is None:
            ev = sentence_evidence(self._sents[k], self.doc_id, self.offset)
            self._sent_ev[k] = ev
        return ev

    # -- building clusters -----------------------------------------------------------------------

    def _title_before(self, ent: Span) -> tuple[list[Token], str | None]:
        """Title words right before a name ("U.S. Defense Secretary", "Secretary of State")
        and the gender they imply.

        Takes the contiguous tokens left of the name that modify it (directly or through one
        another: compounds, adjectives, nationality words, "of" phrases), as long as at least
        one of them is a known title.
        """
        doc = self.doc
        root = ent.root
        words: list[Token] = []
        i = ent.start - 1
        while i >= 0:
            t = doc[i]
            if (t.is_punct and t.text != ".") or t.is_space or t.dep_ in ("det", "cc") or t.tag_ in ("PRP$", "POS"):
                break
            if not _modifies(t, root, ent.end):
                break
            words.insert(0, t)
            i -= 1
        while words and words[0].pos_ == "ADP":
            words.pop(0)
        gender = None
        known = False
        for w in words:
            title = self.lex.title(w.text)
            if title is not None:
                known = True
                gender = gender or title[0]
        if not known:
            return [], None
        return words, gender

    def _name_parts(self, ent: Span) -> tuple[list[Token], str | None, str]:
        """Tokens of the bare name (honorifics stripped), implied gender, honorific text."""
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the") and t.tag_ != "POS" and t.text not in ("'s", "\u2019s")]
        gender = None
        stripped: list[str] = []
        whole = toks
        while len(toks) > 1:
            title = self.lex.title(toks[0].text)
            if title is None:
                break
            gender = gender or title[0]
            stripped.append(toks[0].text)
            toks = toks[1:]
        if toks and toks[0].lower_ in ("of", "for", "and"):
            # "the King of Spain", "Secretary for Health": a role with no name; keep it whole
            return whole, gender, ""
        return toks, gender, " ".join(stripped)

    def _add(self, key: str, name: str, label: str | None, mention: Mention, weight: int = 1) -> _Cluster:
        cl = self._clusters.get(key)
        if cl is None:
            cl = _Cluster(name=name, key=key)
            self._clusters[key] = cl
        if label:
            cl.types[label] += weight
        cl.aliases[mention.text] += 1
        cl.mentions.append(mention)
        return cl

    def _mention(self, toks: Sequence[Token]) -> Mention:
        first, last = toks[0], toks[-1]
        start = self.offset + first.idx
        end = self.offset + last.idx + len(last.text)
        text = doc_text(self.doc)[first.idx : last.idx + len(last)]
        self._char_tok[start] = first.i
        return Mention(text, start, end, self.evidence(first))

    def _build(self) -> None:
        doc, lex = self.doc, self.lex
        persons: list[tuple[Span, list[Token], str | None, str, str]] = []
        others: list[tuple[Span, list[Token]]] = []
        title_tokens: set[int] = set()
        ents = _with_honorific_names(doc, doc.ents, lex)
        if self._ignore:
            ents = [e for e in ents if not any(a <= e.start < b for a, b in self._ignore)]
        # titles first, so that words of a title ("Defense" in "Defense Secretary Jim Mattis")
        # are not taken for entities of their own
        for ent in ents:
            if ent.label_ == "PERSON":
                title_toks, _ = self._title_before(ent)
                title_tokens.update(w.i for w in title_toks)
        for ent in ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            toks, gender, honorific = self._name_parts(ent)
            if not toks:
                continue
            if not honorific and ent.start > 0:
                # "Mr Jordan": whatever the tagger said, a name after an honorific is a person
                found = _honorific(doc[ent.start - 1], lex)
                if found is not None:
                    honorific = doc[ent.start - 1].text
                    gender = gender or found[0]
            if all(t.i in title_tokens for t in toks) and ent.label_ not in ("GPE", "NORP"):
                continue
            country = lex.country(span_text(doc, tuple(t.i for t in toks)))
            if country is not None and ent.label_ in ("GPE", "ORG", "LOC", "PERSON", "NORP") and not honorific:
                if ent.label_ == "NORP" and lex.demonym_country(span_text(doc, tuple(t.i for t in toks))) is not None:
                    others.append((ent, toks))
                    continue
                cl = self._add("country:" + country.name, country.name, "GPE", self._mention(toks), 2)
                cl.country = True
                for t in toks:
                    self._token_cluster[t.i] = cl
                continue
            if ent.label_ == "PERSON" or honorific:
                title_toks, tgender = self._title_before(ent)
                title = span_text(doc, tuple(w.i for w in title_toks)) if title_toks else ""
                for w in title_toks:
                    title_tokens.add(w.i)
                persons.append((ent, toks, gender or tgender, honorific, title))
            else:
                others.append((ent, toks))
        # full names first so that surnames can join them
        persons.sort(key=lambda p: -len(p[1]))
        by_part: dict[str, list[_Cluster]] = defaultdict(list)
        for ent, toks, gender, honorific, title in persons:
            name = span_text(doc, tuple(t.i for t in toks))
            key_words = [t.text for t in toks]
            cl = None
            if len(toks) == 1:
                cands = by_part.get(toks[0].text, [])
                cl = self._nearest(cands, ent.start)
            elif " ".join(key_words) in self._clusters_by_name():
                cl = self._clusters_by_name()[" ".join(key_words)]
            else:
                # "Jim Mattis" after "James Mattis"? keep apart; a longer name containing a known one joins it
                for cand in by_part.get(toks[-1].text, []):
                    if cand.name.split()[-1] == toks[-1].text and set(cand.name.split()) >= set(key_words):
                        cl = cand
                        break
            clear = len(toks) > 1 or bool(honorific) or bool(title and gender)
            if cl is None:
                cl = _Cluster(name=name, key="person:" + name, tokens=len(toks))
                self._clusters[cl.key] = cl
                for w in key_words:
                    if w[:1].isupper() and len(w) > 1:
                        by_part[w].append(cl)
            label = "PERSON" if (ent.label_ == "PERSON" or honorific) else ent.label_
            self._add(cl.key, cl.name, label, self._mention(list(ent) if honorific else toks), 3 if clear else 1)
            if clear and label == "PERSON":
                cl.clear_person = True
            if gender and not cl.gender:
                cl.gender = gender
            if title and title not in cl.titles and not all((self.lex.title(w) or (None, ""))[1] == "honorific" for w in title.split()):
                cl.titles.append(title)  # (an honorific alone, "Ms.", is no title)
            if cl.affiliation is None and title:
                for w in title.split():
                    c = lex.country(w) or lex.demonym_country(w)
                    if c is not None:
                        cl.affiliation = c.name
                        break
            if not cl.gender:
                first = cl.name.split()[0]
                cl.gender = lex.name_gender(first) if len(cl.name.split()) > 1 else None
            for t in ent:
                self._token_cluster[t.i] = cl
        # organisations, places, groups: acronyms join their expansion
        acronyms: dict[str, _Cluster] = {}
        for ent, toks in others:
            text = span_text(doc, tuple(t.i for t in toks))
            name = clean_name(text)
            if not name:
                continue
            label = ent.label_
            demonym = lex.demonym_country(name) if label == "NORP" else None
            if demonym is not None:
                cl = self._add("norp:" + name, name, "NORP", self._mention(toks))
                cl.affiliation = demonym.name
            else:
                cl = self._clusters.get("name:" + name)
                if cl is None and name.isupper() and 2 <= len(name) <= 6 and name in acronyms:
                    cl = acronyms[name]
                if cl is None:
                    # a surname given an ORG/GPE/NORP label by mistake
                    cands = by_part.get(name, []) if len(toks) == 1 else []
                    cl = self._nearest(cands, ent.start)
                if cl is None:
                    cl = self._add("name:" + name, name, label, self._mention(toks))
                    words = name.split()
                    if len(words) >= 2:
                        acronyms.setdefault(_initials(words), cl)
                        # "Central Intelligence Agency (CIA)"
                        nxt = ent.end
                        if nxt + 2 < len(doc) + 1 and nxt < len(doc) and doc[nxt].text == "(":
                            inner = doc[nxt + 1] if nxt + 1 < len(doc) else None
                            if inner is not None and inner.text.isupper() and inner.text == _initials(words):
                                acronyms[inner.text] = cl
                else:
                    self._add(cl.key, cl.name, label, self._mention(toks))
            for t in ent:
                self._token_cluster[t.i] = cl
        # proper nouns outside entities that repeat a known surname ("Trump" tagged as a verb);
        # the attribute arrays find the candidates without building every Token
        tokens = doc.tokens
        candidates = [t for t in tokens if t.ent_iob_ == "O" and (t.is_title or t.pos_ == "PROPN")] if by_part else ()
        for t in candidates:
            if t.i in self._token_cluster or t.ent_type_ or not (t.pos_ == "PROPN" or (t.is_title and len(t.text) > 2)):
                continue
            cands = by_part.get(t.text, [])
            cl = self._nearest(cands, t.i)
            if cl is not None:
                self._add(cl.key, cl.name, None, self._mention([t]))
                self._token_cluster[t.i] = cl
        # appositions: "Russia's deputy defence minister, Pavel Gromov," -> the role phrase
        # stands for the person and becomes one of their titles
        for t in tokens:
            if t.dep_ != "appos":
                continue
            for name_tok, role_tok in ((t, t.head), (t.head, t)):
                cl = self._token_cluster.get(name_tok.i)
                if cl is None or cl.vote() != "PERSON" or role_tok.i in self._token_cluster:
                    continue
                # a role noun, or a capitalised title ("the Prime Minister, Rishi Sunak,")
                if role_tok.pos_ != "NOUN" and not (role_tok.pos_ == "PROPN" and lex.title(role_tok.lower_) is not None):
                    continue
                self._appos[role_tok.i] = cl
                role = _plain_name(doc, _role_tokens(role_tok))
                if role and role not in cl.titles:
                    cl.titles.append(role)
                if cl.affiliation is None:
                    for k in role_tok.subtree:
                        c = self._token_cluster.get(k.i)
                        if c is not None and (c.country or c.affiliation):
                            cl.affiliation = c.name if c.country else c.affiliation
                            break
                break
        for cl in self._clusters.values():
            if cl.gender is None and cl.vote() == "PERSON" and len(cl.name.split()) > 1:
                cl.gender = self.lex.name_gender(cl.name.split()[0])

    def _clusters_by_name(self) -> dict[str, _Cluster]:
        return {c.name: c for c in self._clusters.values()}

    def _nearest(self, cands: Sequence[_Cluster], position: int) -> _Cluster | None:
        """Of several clusters sharing a name part, the one mentioned most recently before
        ``position`` (or the only one)."""
        if not cands:
            return None
        uniq = list({id(c): c for c in cands}.values())
        if len(uniq) == 1:
            return uniq[0]
        best, best_pos = None, -1
        for c in uniq:
            for m in c.mentions:
                start = self._char_tok.get(m.start)
                if start is not None and best_pos < start < position:
                    best, best_pos = c, start
        return best

    # -- resolving arguments ----------------------------------------------------------------------

    def cluster_of(self, tok: Token) -> _Cluster | None:
        """The entity cluster a token belongs to, pronouns resolved."""
        cl = self._token_cluster.get(tok.i)
        if cl is not None:
            return cl
        if tok.pos_ == "PRON" or tok.lower_ in ALL_PRONOUNS:
            return self._pronoun(tok)
        return None

    def _pronoun(self, tok: Token) -> _Cluster | None:
        if tok.i in self._pronoun_cache:
            return self._pronoun_cache[tok.i]
        # in progress: a pronoun whose resolution comes back to itself (two pronouns each
        # the other's clause subject, in a garbled parse) resolves to nothing, not forever
        self._pronoun_cache[tok.i] = None
        low = tok.lower_
        result: _Cluster | None = None
        if low in FIRST_SINGULAR or low in FIRST_PLURAL:
            spk = self.speakers.get(tok.i)
            if spk is not None:
                spk_tok = self.doc[spk]
                result = self._token_cluster.get(spk_tok.i) or (self._pronoun(spk_tok) if spk_tok.pos_ == "PRON" and spk_tok.lower_ not in FIRST_SINGULAR else None)
                if result is not None and low in FIRST_PLURAL and result.vote() == "PERSON" and result.affiliation:
                    # a minister's "we" is the government they speak for
                    result = self._clusters.get("country:" + result.affiliation, result)
        elif low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
            want = "M" if low in MALE_PRONOUNS else "F"
            # an object pronoun is not its own clause's subject: in "Wang urged him", him is
            # not Wang (reflexives, "himself", are)
            own = self._clause_subject(tok) if low in ("him", "her") and tok.dep_ in ("dobj", "dative", "pobj", "nsubj") else None
            result = self._antecedent(tok, lambda c: c.vote() == "PERSON" and c.gender in (want, None) and c is not own)
        elif low in PLURAL_PRONOUNS:
            result = self._antecedent(tok, lambda c: c.vote() in ("ORG", "NORP"), plural=True)
        self._pronoun_cache[tok.i] = result
        return result

    def _clause_subject(self, tok: Token) -> _Cluster | None:
        """The entity that is the subject of the clause whose object ``tok`` is."""
        verb = tok.head
        while verb.dep_ in ("prep", "agent", "dative") and verb.head is not verb:
            verb = verb.head
        for _ in range(4):
            if verb.pos_ not in ("VERB", "AUX"):
                return None
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c is not tok:
                    return self._token_cluster.get(c.i) or (self._pronoun(c) if c.pos_ == "PRON" else None)
            if verb.dep_ != "conj":
                return None
            verb = verb.head  # "phoned Kim and urged him": the subject of phoned
        return None

    def _antecedent(self, tok: Token, ok, plural: bool = False) -> _Cluster | None:
        """Most salient compatible antecedent: subjects first, then recency, within a window."""
        k = self._sent_of(tok.i)
        lo = max(0, k - _PRONOUN_WINDOW)
        best: tuple[float, _Cluster] | None = None
        for sk in range(k, lo - 1, -1):
            sent = self._sents[sk]
            for t in sent:
                if sk == k and t.i >= tok.i:
                    break
                cl = self._token_cluster.get(t.i)
                if cl is None or not ok(cl):
                    continue
                if t.ent_iob_ == "I":
                    continue  # count an entity once, at its first token
                head = t if not t.ent_type_ else _entity_head(t)
                if plural and head.dep_ in ("amod", "compound", "nmod", "poss"):
                    continue  # "Japanese counterparts": a nationality word is not a group that acts
                score = 10.0 * (1 if sk == k else 0) - 3.0 * (k - sk)
                if head.dep_ in ("nsubj", "nsubjpass"):
                    score += 4
                elif head.dep_ in ("dobj", "pobj", "attr"):
                    score += 1
                if head.dep_ == "poss":
                    score -= 1
                score += t.i / 1000.0  # recency breaks ties
                if best is None or score > best[0]:
                    best = (score, cl)
        return best[1] if best else None

    def resolve(self, arg: Arg, *, appositions: bool = True) -> Resolved | None:
        """The canonical form of an argument, or None for a pronoun that cannot be resolved.

        Args:
            arg: The argument.
            appositions: Let a role phrase in apposition to a name stand for that person
                ("the minister, Lena Ruiz," -> Lena Ruiz); False reads the phrase itself.
        """
        # the same Arg object serves every proposition of its clause: look it up by identity
        # first (the object stays alive as long as the propositions that hold it)
        fast = (id(arg), appositions)
        if fast in self._resolved_ids:
            return self._resolved_ids[fast][1]
        key = (arg.head, arg.core, arg.kind, arg.full if arg.kind == "clause" else None, appositions)
        if key in self._resolved:
            result = self._resolved[key]
        else:
            result = self._resolve(arg, appositions)
            self._resolved[key] = result
        self._resolved_ids[fast] = (arg, result)  # keeping arg keeps its id from being reused
        return result

    def _resolve(self, arg: Arg, appositions: bool = True) -> Resolved | None:
        doc = self.doc
        head = doc[arg.head]
        text = span_text(doc, arg.core) or head.text
        if arg.kind == "clause":
            return Resolved(span_text(doc, arg.full), None, None, span_text(doc, arg.full))
        if head.pos_ == "PRON" or (len(arg.core) == 1 and head.lower_ in ALL_PRONOUNS):
            cl = self.cluster_of(head)
            if cl is None:
                return None
            return Resolved(cl.name, cl.vote(), cl.affiliation, head.text, True)
        cl = self._token_cluster.get(head.i) or (self._appos.get(head.i) if appositions else None)
        if cl is None and self.lex.title(head.lower_) is None:
            # a name whose head is outside the entity (but not a title: "the US Treasury
            # Secretary" is a role, not the United States)
            for i in arg.core:
                c = self._token_cluster.get(i)
                if c is not None and c.affiliation is None and doc[i].dep_ in ("compound",) and doc[i].head.i == head.i and head.pos_ == "PROPN":
                    cl = c
                    break
        if cl is not None:
            return Resolved(cl.name, cl.vote(), cl.affiliation, text, True)
        # plain noun phrase: affiliation from a demonym or country inside it
        affiliation = None
        ptype = None
        for i in arg.core:
            c = self._token_cluster.get(i)
            if c is not None:
                if c.affiliation:
                    affiliation = c.affiliation
                elif c.country:
                    affiliation = c.name
                break
        if affiliation is None:
            country = self.lex.demonym_country(text)
            if country is not None:
                affiliation = country.name
                ptype = "NORP"
        name = _plain_name(doc, arg.core)
        if not name or not any(ch.isalnum() for ch in name):
            return None  # nothing to name: punctuation or stray markup (">")
        return Resolved(name, ptype, affiliation, text, False)

    def entities(self) -> list[Entity]:
        """The document's entities with aliases, titles, affiliation and every mention."""
        out = []
        for cl in self._clusters.values():
            if not cl.mentions:
                continue
            aliases = tuple(sorted(((a, n) for a, n in cl.aliases.items() if n > 0), key=lambda x: (-x[1], x[0])))
            out.append(
                Entity(
                    name=cl.name,
                    type=cl.vote(),
                    aliases=aliases,
                    titles=tuple(cl.titles),
                    affiliation=cl.affiliation,
                    mentions=tuple(cl.mentions),
                )
            )
        return out

    def pronoun_mentions(self) -> Iterable[tuple[Token, _Cluster]]:
        """Pronouns resolved to an entity, with their entity."""
        for t in self.doc.tokens:
            if t.pos_ == "PRON" and t.lower_ in _RESOLVABLE:
                cl = self._pronoun(t)
                if cl is not None:
                    yield t, cl


def _with_honorific_names(doc: DocView, ents: list[SpanView], lex: Lexicon) -> list[SpanView]:
    """The named entities plus the names the tagger missed after an honorific ("Dr Jones",
    "Mrs Okafor"): capitalised proper nouns right after Mr, Mrs, Dr... outside any entity."""
    extra: list[SpanView] = []
    n = len(doc)
    for t in doc:
        if t.ent_type_ or t.i + 1 >= n or doc[t.i + 1].pos_ != "PROPN" or _honorific(t, lex) is None:
            continue
        end = t.i + 1
        while end < n and doc[end].pos_ == "PROPN" and doc[end].is_title and not doc[end].ent_type_ and lex.title(doc[end].text) is None:
            end += 1
        if end > t.i + 1:
            extra.append(SpanView(doc, t.i, end, "PERSON"))
    if not extra:
        return ents
    return sorted([*ents, *extra], key=lambda e: e.start)


def _honorific(t: Token, lex: Lexicon) -> tuple[str | None, str] | None:
    """(gender, kind) if ``t`` is a capitalised honorific (Mr, Mrs, Dr...), else None."""
    if len(t.text) > 11 or not t.text[:1].isupper():
        return None  # (cheap test first: honorifics are short capitalised words)
    found = lex.title(t.text)
    return found if found is not None and found[1] == "honorific" else None


def _entity_head(t: Token) -> Token:
    ent = t
    while ent.head.i != ent.i and ent.head.ent_type_ == t.ent_type_ and ent.head.ent_iob_ == "I":
        ent = ent.head
    return ent if ent is not None else t


def _modifies(t: Token, root: Token, limit: int) -> bool:
    """Is ``t`` inside the left modifiers of ``root`` (its head chain reaches ``root`` through
    tokens that lie between ``t`` and ``limit``)?"""
    cur = t
    for _ in range(12):
        if cur.i == root.i:
            return True
        nxt = cur.head
        if nxt.i == cur.i or not (t.i - 8 <= nxt.i < limit):
            return False
        cur = nxt
    return False


def _role_tokens(tok: Token) -> list[int]:
    """A role phrase without clauses or appositions: "Russia's deputy defence minister"."""
    keep = {"compound", "amod", "poss", "case", "nmod", "nummod", "det", "prep", "pobj"}
    out = [tok.i]
    stack = [c for c in tok.children if c.dep_ in keep]
    while stack:
        c = stack.pop()
        out.append(c.i)
        stack.extend(k for k in c.children if k.dep_ in keep)
    return sorted(out)


def _plain_name(doc: Doc, core: Sequence[int]) -> str:
    toks = [doc[i] for i in core]
    while toks and (toks[0].dep_ == "det" or toks[0].tag_ in ("PRP$", "DT", "WDT")):
        toks = toks[1:]
    while toks and (toks[-1].tag_ == "POS" or toks[-1].is_punct):
        toks = toks[:-1]
    if not toks:
        return ""
    text = span_text(doc, tuple(t.i for t in toks))
    first = toks[0]
    if first.is_sent_start and first.pos_ != "PROPN" and not first.ent_type_ and not first.is_upper and text[:1].isupper():
        text = text[:1].lower() + text[1:]
    return clean_name(text) if not first.ent_type_ else text


def sentence_evidence(sent: Span, doc_id: str, offset: int = 0) -> Evidence:
    """Evidence for a sentence: its text without surrounding whitespace, with document offsets."""
    doc = sent.doc
    lo, hi = sent.start, sent.end - 1
    while lo <= hi and doc[lo].is_space:
        lo += 1
    while hi >= lo and doc[hi].is_space:
        hi -= 1
    if lo > hi:
        at = doc[sent.start].idx if sent.start < len(doc) else 0
        return Evidence(doc_id, "", offset + at, offset + at)
    first, last = doc[lo], doc[hi]
    start = first.idx
    text = doc_text(sent.doc)[start : last.idx + len(last)]
    return Evidence(doc_id, text, offset + start, offset + start + len(text))


# -- merging across documents ---------------------------------------------------------------
#
# merge_entities joins the document-level entities of a corpus. It runs in two steps: the
# entities of one name are combined (NameTally), then names are joined by the rules of
# merge_summaries. A store adds documents a few at a time, so it keeps one NameTally per name
# and re-merges only the names connected, through merge_keys, to the names it touched.
# Whoever changes a rule of merge_summaries must keep merge_keys in step with it (and the
# property test in tests/test_resolve.py checks that they are).


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """An entity as the merge rules weigh it: the fields of :class:`~kg.model.Entity` without
    the mentions themselves, only their number and whether one begins with "the".

    Attributes:
        name: Canonical name.
        type: Entity type, or None.
        aliases: Surface forms with their counts.
        titles: Titles and roles.
        affiliation: Country or organisation, or None.
        mentions: Number of mentions.
        the_mention: True when a mention begins with "the" ("the Jordan" is no surname).
    """

    name: str
    type: str | None = None
    aliases: tuple[tuple[str, int], ...] = ()
    titles: tuple[str, ...] = ()
    affiliation: str | None = None
    mentions: int = 0
    the_mention: bool = False

    @classmethod
    def of(cls, entity: Entity) -> EntitySummary:
        """The summary of an entity."""
        the = any(m.text.lower().startswith("the ") for m in entity.mentions)
        return cls(entity.name, entity.type, entity.aliases, entity.titles, entity.affiliation, len(entity.mentions), the)


@dataclass(frozen=True, slots=True)
class NameTally:
    """The entities of one name combined so far, in order: adding one more entity gives what
    combining them all at once gives, without reading the others again.

    Attributes:
        name: The name the entities share (or the name they are merged under).
        count: Entities combined.
        votes: Type votes (mentions per type), in the order the types were first seen.
        aliases: Alias counts, in the order first seen.
        titles: Titles, each once, in the order first seen.
        affiliation: The first affiliation seen.
        mentions: Mentions of all the entities.
        the_mention: Whether any mention begins with "the".
        first_type: The type of the first entity (a full name that came first as a person
            stays a person).
        single: The entity while it is the only one (it then stands as it is).
    """

    name: str
    count: int = 0
    votes: tuple[tuple[str, int], ...] = ()
    aliases: tuple[tuple[str, int], ...] = ()
    titles: tuple[str, ...] = ()
    affiliation: str | None = None
    mentions: int = 0
    the_mention: bool = False
    first_type: str | None = None
    single: EntitySummary | None = None

    def add(self, entity: EntitySummary) -> NameTally:
        """This tally with one more entity."""
        votes = dict(self.votes)
        if entity.type:
            votes[entity.type] = votes.get(entity.type, 0) + max(1, entity.mentions)
        aliases = dict(self.aliases)
        for alias, n in entity.aliases:
            aliases[alias] = aliases.get(alias, 0) + n
        titles = list(self.titles)
        for t in entity.titles:
            if t not in titles:
                titles.append(t)
        return NameTally(
            self.name,
            self.count + 1,
            tuple(votes.items()),
            tuple(aliases.items()),
            tuple(titles),
            self.affiliation or entity.affiliation,
            self.mentions + entity.mentions,
            self.the_mention or entity.the_mention,
            self.first_type if self.count else entity.type,
            entity if self.count == 0 else None,
        )

    def summary(self) -> EntitySummary:
        """The combined entity: the type by vote (a full name that came first as a person stays
        a person), aliases most frequent first."""
        if self.single is not None and self.count == 1 and self.single.name == self.name:
            return self.single
        votes = dict(self.votes)
        if self.first_type == "PERSON" and len(self.name.split()) > 1:
            votes["PERSON"] = votes.get("PERSON", 0) + 1000  # the full-name person's type stands
        # the first type with the most votes (as Counter.most_common)
        typ = max(votes.items(), key=_count_then_first)[0] if votes else None
        aliases = tuple(sorted(self.aliases, key=lambda x: (-x[1], x[0])))
        return EntitySummary(self.name, typ, aliases, self.titles, self.affiliation, self.mentions, self.the_mention)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, without the name (a store keeps one tally per name)."""
        s = self.single
        if s is not None and self.count == 1:
            return {"single": [s.name, s.type, [list(a) for a in s.aliases], list(s.titles), s.affiliation, s.mentions, s.the_mention]}
        return {
            "count": self.count,
            "votes": [list(v) for v in self.votes],
            "aliases": [list(a) for a in self.aliases],
            "titles": list(self.titles),
            "affiliation": self.affiliation,
            "mentions": self.mentions,
            "the": self.the_mention,
            "first_type": self.first_type,
        }

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> NameTally:
        """The tally :meth:`to_dict` wrote for ``name``."""
        s = data.get("single")
        if s is not None:
            single = EntitySummary(s[0], s[1], tuple((str(a), int(n)) for a, n in s[2]), tuple(s[3]), s[4], int(s[5]), bool(s[6]))
            return cls(name).add(single)
        return cls(
            name,
            int(data["count"]),
            tuple((str(t), int(n)) for t, n in data["votes"]),
            tuple((str(a), int(n)) for a, n in data["aliases"]),
            tuple(data["titles"]),
            data.get("affiliation"),
            int(data["mentions"]),
            bool(data["the"]),
            data.get("first_type"),
        )


def merge_entities(entities: Iterable[Entity]) -> tuple[dict[str, Entity], dict[str, str]]:
    """Merge document-level entities across documents.

    The same canonical name merges. A lone surname ("Mattis") merges into a full name ending
    in it ("Jim Mattis") only when exactly one such full name exists in the corpus; two people
    sharing a surname stay apart. See :func:`merge_summaries` for every rule.

    Returns:
        The merged entities by name, and a map from every merged-away name to its new name.
    """
    tallies: dict[str, NameTally] = {}
    mentions: dict[str, list[Mention]] = {}
    for e in entities:
        tally = tallies.get(e.name)
        tallies[e.name] = (tally if tally is not None else NameTally(e.name)).add(EntitySummary.of(e))
        mentions.setdefault(e.name, []).extend(e.mentions)

    def moved(name: str, target: str) -> None:
        mentions[target].extend(mentions.pop(name))

    merged, renames = merge_summaries((t.summary() for t in tallies.values()), on_move=moved)
    out = {
        name: Entity(s.name, s.type, s.aliases, s.titles, s.affiliation, tuple(mentions[name]))
        for name, s in merged.items()
    }
    return out, renames


def merge_summaries(
    summaries: Iterable[EntitySummary], on_move: Callable[[str, str], None] | None = None
) -> tuple[dict[str, EntitySummary], dict[str, str]]:
    """The rules of :func:`merge_entities`, on summaries (what a store keeps of each name).

    Names that differ only in case are one; an acronym that is an alias of exactly one other
    entity joins it; a lone surname joins the one full-name person ending in it. The order of
    ``summaries`` decides ties, as the order of documents does in :func:`merge_entities`.

    Args:
        summaries: Entity summaries; several of one name are combined first.
        on_move: Called with (name, target) each time a name is merged into another.

    Returns:
        The merged summaries by name, and a map from every merged-away name to its new name.
    """
    by_name: dict[str, list[EntitySummary]] = defaultdict(list)
    for e in summaries:
        by_name[e.name].append(e)
    merged = {name: _combine(name, group) for name, group in by_name.items()}
    renames: dict[str, str] = {}

    def move(name: str, target: str) -> None:
        renames[name] = target
        merged[target] = _combine(target, [merged[target], merged.pop(name)])
        if on_move is not None:
            on_move(name, target)

    # names that differ only in case ("LONDON" in a dateline, "London" in the text) are one;
    # the most mentioned form, then the one not in capitals, names it
    by_fold: dict[str, list[str]] = defaultdict(list)
    for name in merged:
        by_fold[name.casefold()].append(name)
    for names in by_fold.values():
        if len(names) > 1:
            target = max(names, key=lambda n: (merged[n].mentions, not n.isupper(), n))
            for name in names:
                if name != target:
                    move(name, target)
    # an acronym that is an alias of exactly one other entity ("EU" beside "European Union",
    # written "European Union (EU)" elsewhere) is that entity
    by_alias: dict[str, set[str]] = defaultdict(set)
    for name, e in merged.items():
        for alias, _ in e.aliases:
            if alias != name:
                by_alias[alias].add(name)
    for name in list(merged):
        if _acronym_shaped(name):
            owners = by_alias.get(name, set()) - {name}
            if len(owners) == 1:
                target = next(iter(owners))
                if target in merged:
                    move(name, target)
    persons = [e for e in merged.values() if e.type == "PERSON" and len(e.name.split()) > 1]
    by_last: dict[str, list[str]] = defaultdict(list)
    for e in persons:
        by_last[e.name.split()[-1]].append(e.name)
    lex = load_lexicon()
    for name, e in list(merged.items()):
        if len(name.split()) != 1 or e.type not in ("PERSON", "ORG", "GPE", "NORP", None):
            continue
        if e.type != "PERSON" and (lex.country(name) is not None or lex.capital_country(name) is not None):
            continue  # the country Jordan is not Ali Jordan
        full = by_last.get(name, [])
        if len(full) == 1 and not e.the_mention:  # "the Jordan" is no surname
            move(name, full[0])
    # a name merged into one that was merged on in turn ends at the last
    for name, target in renames.items():
        seen = {name}
        while target in renames and target not in seen:
            seen.add(target)
            target = renames[target]
        renames[name] = target
    return merged, renames


def merge_keys(entity: Entity | EntitySummary) -> frozenset[str]:
    """The keys under which :func:`merge_entities` may join ``entity`` with another.

    Entities that share a key are connected; a key that begins with "~" is weak: it connects
    its holders only to the entities holding the same key without the "~" (and through them
    to one another). Entities that are not connected, directly or through a chain, are never
    merged: the result on a set of entities is the union of the results on its connected
    groups, so a store merges again only the groups its new documents touch. A full name is
    connected to a lone surname ("Mattis"), and so to the other full names of that surname,
    but full names alone are not connected by their surname: no rule joins two full names.

    Keep this in step with :func:`merge_summaries`: a rule that joins entities on anything
    else must add its key here (tests/test_resolve.py checks the two against each other).

    Example:
        >>> sorted(merge_keys(Entity("Jim Mattis", "PERSON")))
        ['name:jim mattis', '~surname:mattis']
    """
    name = entity.name
    keys = {"name:" + name.casefold()}  # the same name, in any case
    if _acronym_shaped(name):
        keys.add("acronym:" + name)
    acronym_alias = False
    for alias, _ in entity.aliases:
        if alias != name and _acronym_shaped(alias):
            keys.add("acronym:" + alias)  # an acronym joins the one entity that has it as an alias
            acronym_alias = True
    words = name.split()
    if len(words) == 1:
        keys.add("surname:" + name.casefold())  # a lone surname
    elif words and (entity.type == "PERSON" or acronym_alias):
        # a full-name person (an acronym merged in may make a name a person), found by the
        # lone surname: no rule joins it to the other full names of that surname by itself
        keys.add("~surname:" + words[-1].casefold())
    return frozenset(keys)


def connected_groups(keys: Sequence[frozenset[str]]) -> list[list[int]]:
    """The groups of items connected by shared :func:`merge_keys` (weak keys connect only
    through the same key held strong), each as item positions in order.

    Example:
        >>> connected_groups([frozenset({"~surname:kim"}), frozenset({"~surname:kim"}), frozenset({"surname:kim"})])
        [[0, 1, 2]]
    """
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, ks in enumerate(keys):
        for k in ks:
            strong, weak = holders[k.lstrip("~")]
            (weak if k.startswith("~") else strong).append(i)
    for strong, weak in holders.values():
        if strong:
            for j in strong[1:] + weak:
                parent[find(j)] = find(strong[0])
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        groups[find(i)].append(i)
    return list(groups.values())


def _acronym_shaped(name: str) -> bool:
    return name.isupper() and 2 <= len(name) <= 6 and " " not in name


def _combine(name: str, group: Sequence[EntitySummary]) -> EntitySummary:
    tally = NameTally(name)
    for e in group:
        tally = tally.add(e)
    return tally.summary()


# -- the corpus view of a triple ------------------------------------------------------------------


def person_surname(name: str, entity_type: str | None) -> str | None:
    """The key under which a full-name person is found by surname ("jim mattis" -> "mattis"),
    or None for any other entity."""
    parts = name.split()
    return parts[-1].lower() if entity_type == "PERSON" and len(parts) > 1 else None


def surname_index(types: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Full-name persons by lower-cased surname, from entity types by canonical name."""
    surnames: dict[str, list[str]] = defaultdict(list)
    for name, typ in types.items():
        key = person_surname(name, typ)
        if key is not None:
            surnames[key].append(name)
    return surnames


def corpus_triple(
    t: Triple, types: Mapping[str, str | None], renames: Mapping[str, str], surnames: Mapping[str, Sequence[str]]
) -> Triple:
    """A document-level triple as the corpus view shows it: names merged across documents.

    A surname the parser did not take for a name ("Ruiz later criticised Chile") is a plain,
    lower-cased node; written capitalised, it joins the one person of that surname. Merged-away
    names take their new names, and renamed arguments the type of their entity.

    Args:
        t: The triple as analysed in its document.
        types: Entity type by canonical name, for every merged entity the triple may name.
        renames: Merged-away name -> canonical name (from :func:`merge_entities`).
        surnames: Full-name persons by lower-cased surname (:func:`surname_index`).
    """

    def person_for(name: str, text: str) -> str | None:
        if name in types or " " in name or not text[:1].isupper():
            return None
        found = surnames.get(name.lower(), ())
        return found[0] if len(found) == 1 else None

    def rn(name: str | None) -> str | None:
        return renames.get(name, name) if name is not None else None

    subject_person = person_for(t.subject, t.subject_text)
    object_person = None if t.object_is_clause else person_for(t.object, t.object_text)
    if subject_person or object_person:
        t = replace(
            t,
            subject=subject_person or t.subject,
            subject_type="PERSON" if subject_person else t.subject_type,
            object=object_person or t.object,
            object_type="PERSON" if object_person else t.object_type,
        )
    if t.subject in renames or t.object in renames or t.attributed_to in renames:
        t = replace(t, subject=rn(t.subject), object=rn(t.object), attributed_to=rn(t.attributed_to))
        if t.subject in types:
            t = replace(t, subject_type=types[t.subject])
        if t.object in types and not t.object_is_clause:
            t = replace(t, object_type=types[t.object])
    return t
