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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract import Arg, doc_text, span_text
from kg.extract.args import _cores
from kg.lexicon import Lexicon
from kg.model import Entity, Evidence, Mention
from kg.resolve.merge import _country_prefix_len, head_before_of, legal_form, org_key
from kg.resolve.pronouns import (
    ALL_PRONOUNS,
    FEMALE_PRONOUNS,
    FIRST_PLURAL,
    FIRST_SINGULAR,
    MALE_PRONOUNS,
    NEUTER_PRONOUNS,
    OTHER_PRONOUNS,
    PLURAL_PRONOUNS,
)
from kg.tokens import DocView, SpanView, view_of

__all__ = [
    "Resolved",
    "DocumentResolver",
    "clean_name",
    "sentence_evidence",
    "ENTITY_LABELS",
    "ACTOR_LABELS",
]

#: NER labels that name entities (numbers, dates and amounts do not).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})
#: Labels of actors: who can meet, threaten or sanction. GROUP is a collective of people
#: ("protesters", "Labour MPs"); ACTOR a proper name that NER left untyped but that acts.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "GROUP", "ACTOR"})

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
        members: For a plural mention of named entities ("they" after "Kestrel and Volvo",
            "the two companies"), each entity it stands for; empty otherwise.
    """

    name: str
    type: str | None
    affiliation: str | None
    text: str
    entity: bool = False
    members: tuple[Resolved, ...] = ()


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
    # organisations and countries it belongs to: (name, type, evidence token, how it was said)
    affiliations: list[tuple[str, str | None, int, str]] = field(default_factory=list)
    # descriptor nouns the document used for it ("firm" for "Kestrel, a US firm,")
    descriptors: set[str] = field(default_factory=set)
    nation: str | None = None  # where a firm is from, as its description says ("the Italian company, Fiat")
    # mentions by description or pronoun: mentions, but not names (no alias counts)
    references: list[Mention] = field(default_factory=list)
    group: bool = False
    plural: bool = False
    organisations: bool = False  # a group of organisations ("US carmakers"), not of people

    def vote(self) -> str | None:
        """The entity type: PERSON when any mention clearly names a person (a full name
        tagged PERSON, or a name after an honorific), else the commonest label."""
        if self.clear_person:
            return "PERSON"
        types = self.types
        if len(types) == 1:
            for label in types:
                return label
        if not types:
            return None
        return max(types.items(), key=_count_then_first)[0]

    def affiliate(self, name: str, type_: str | None, evidence: int, how: str) -> None:
        """Record that this entity belongs to ``name`` (said by ``how`` at token ``evidence``)."""
        if name == self.name or any(a[0] == name for a in self.affiliations):
            return
        self.affiliations.append((name, type_, evidence, how))
        if self.affiliation is None:
            self.affiliation = name


def _count_then_first(item: tuple[str, int]) -> int:
    return item[1]


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


# dependencies of a noun phrase's head that make it an argument (a mention worth resolving)
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "attr", "appos", "conj", "agent", "oprd", "npadvmod", "poss", "ROOT"})
# labels the tagger confuses for one another on the same name; the document's majority decides
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# lower-case words that may open a title phrase ("former Defense Secretary")
_TITLE_MODIFIERS = frozenset({"former", "deputy", "acting", "interim", "outgoing", "incoming", "then", "top", "senior", "chief", "vice", "assistant", "associate", "executive", "managing", "general", "late"})
# determiners of a definite description ("the firm", "this company")
_DEFINITE = frozenset({"the", "this", "that"})
# quantity words that do not name a group ("many officials", "some investors")
_QUANTIFIERS = frozenset({"many", "several", "some", "few", "other", "others", "more", "most", "all", "both", "various", "numerous", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "thousands", "millions", "about", "around", "nearly", "almost", "over", "than"})
# verbs that take a clause with a dummy "it" subject ("it is expected that", "it seems")
_DUMMY_IT_VERBS = frozenset({"be", "seem", "appear", "remain", "take", "cost", "matter", "become", "rain", "snow", "happen", "occur"})
_WINDOW_DESCRIPTION = 5  # sentences to look back for what a description refers to
# place descriptors that never name a country ("the region" after "Peru" is not Peru)
_SUBNATIONAL = frozenset({"city", "town", "village", "province", "region"})
# nouns for the government of a country ("the Spanish government" acts as Spain)
_GOVERNMENT_NOUNS = frozenset({"government", "regime"})
# a state's armed and executive bodies, named without their country ("police fired", "troops
# crossed", "the authorities said"): the country the text speaks of
_STATE_BODIES_PLURAL = frozenset({"police", "troop", "soldier", "army", "military", "authority", "force"})
# the heads of a noun phrase naming a state office ("the president", "the interior minister")
_STATE_OFFICES = frozenset({"president", "premier", "chancellor", "minister"})
# a state's ministries, named by their field ("the foreign ministry", "the US state department"):
# the country acting, as its government is
_MINISTRY_NOUNS = frozenset({"ministry", "department"})
# adjectives that put a government in the past ("the old regime")
_FORMER = frozenset({"old", "former", "previous", "ousted", "deposed", "toppled", "fallen", "past"})
# nouns for the two parties of a dispute, counted ("both sides", "the two neighbours"), and
# whether they name states
_SIDE_NOUNS = {"side": False, "neighbour": True, "neighbor": True}
# a state's missions abroad, named with their country ("the Belarusian embassy"): the state,
# where they act or are acted against ("protested outside the Belarusian embassy"), not where
# something merely happens ("met at the US embassy")
_MISSION_NOUNS = frozenset({"embassy", "consulate"})
# words that make an organisation named after a country a body of that state
_STATE_BODIES = frozenset(
    {"department", "ministry", "treasury", "force", "army", "navy", "house", "senate", "congress", "parliament", "agency",
     "office", "bureau", "commission", "government", "administration", "embassy", "court", "police", "guard", "council",
     "cabinet", "mission", "service", "marines", "military", "assembly"}
)
# people who work for an organisation: "lay off 500 workers" are the subject's workers
_EMPLOYEE_NOUNS = frozenset({"employee", "worker", "staff", "workforce", "personnel", "staffer"})
# group nouns that name a relation to others, not membership ("its rivals", "U.S. allies")
_RELATIONAL_NOUNS = frozenset({"ally", "partner", "rival", "opponent", "adversary", "enemy", "critic", "supporter", "counterpart", "competitor", "customer", "creditor", "neighbour", "neighbor", "victim", "hostage", "suspect", "prisoner", "detainee"})


class DocumentResolver:
    """Canonical names for the mentions of one document (or one chunk of a long document).

    Building it runs each step below in order; every step is a method named after what it does.

    1. ``_entity_spans``: the tagger's entities, names after honorifics, datelines left out,
       one label per name (the document's majority: "Akerson" tagged GPE once and PERSON
       twice is a person).
    2. ``_cluster_names``: names clustered (countries, people, organisations, acronyms).
    3. ``_join_repeated_surnames``: proper nouns outside entities that repeat a known name.
    4. ``_add_untyped_actors``: proper-noun subjects and objects the tagger left untyped
       ("Zembla restored ties with Freedonia"), as ACTOR entities.
    5. ``_link_appositions``: a phrase in apposition to a name stands for it ("the carmaker,
       Volvo,"; "the top officer, General Ana Ruiz,"), giving titles and affiliations.
    6. ``_link_copulas``: "Ruiz is the chief executive of Kestrel" gives a title and an
       affiliation; "Kestrel is a US firm" tells that Kestrel is a firm.
    7. ``_resolve_descriptions``: definite descriptions ("the firm", "the chancellor") refer
       to the named entity they describe.
    8. ``_add_groups``: phrases headed by a group noun ("Chilean protesters", "Labour MPs",
       "the police") become GROUP entities, with an affiliation where the phrase gives one.

    Pronouns are resolved on demand (:meth:`cluster_of`).

    Args:
        doc: The parsed document.
        lexicon: Word lists (countries, titles, first names, descriptors, actor nouns).
        doc_id: Identifier of the document, for evidence.
        offset: Character offset of ``doc`` in the whole document.
        speakers: Map from token index to the token index of the speaker's name for tokens
            inside direct quotations (first person inside a quote is the speaker).
        sents: ``list(doc.sents)`` if already at hand.
        ignore: Token ranges whose names are no entities (datelines).
        quoted: Indices of the tokens inside quotation marks: a pronoun outside a quotation
            never refers to a name inside one ("'... the chancellor's plan failed,' he said").
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
        quoted: Iterable[int] = (),
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
        self._quoted = frozenset(quoted)  # tokens inside quotation marks
        self._title_tokens: set[int] = set()
        self._persons: list = []
        # groups of one noun with conjoined adjectives: (head, core) -> cluster
        self._variants: dict[tuple[int, tuple[int, ...]], _Cluster] = {}
        self._listed: list[tuple[Token, list[Token]]] = []  # (group noun, names listed after it)
        self._structure: list[tuple[_Cluster, Token]] = []  # (organisation, noun in apposition to it)
        self._speakers_found: set[int] | None = None  # ids of clusters that are subjects of reporting verbs
        # role phrases said of a person (apposition, copula): (person, role head, evidence, role)
        self._roles: list[tuple[_Cluster, Token, int, str]] = []
        self._headline_sents: set[int] | None = None
        self._described_names: list[int] = []  # "union" of "the Kestrel Workers union"
        self._cast: set[int] = set()  # roles one is cast in: "served as chief executive"
        # plural mentions of named entities: token -> the entities it stands for
        self._sets: dict[int, tuple[_Cluster, ...]] = {}
        self._pronouns_ready = False  # may "its" be read yet (once the entities are built)?
        # named entities joined by "and": (sentence, head token, members), found once
        self._coords: list[tuple[int, Token, tuple[_Cluster, ...]]] | None = None
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

    def _build(self) -> None:
        ents = self._entity_spans()
        self._cluster_names(ents)
        self._union_seats()
        for i in self._described_names:
            cl = self._token_cluster.get(i - 1)
            if cl is not None:
                self._token_cluster[i] = cl
                cl.descriptors.add(self.doc[i].lemma_.lower())
        self._join_repeated_surnames()
        self._add_untyped_actors()
        self._mark_products()
        self._link_appositions()
        self._link_copulas()
        self._resolve_named_places()
        self._resolve_descriptions()
        self._resolve_plural_descriptions()
        self._resolve_governments()
        self._add_groups()
        self._resolve_weapons()
        self._join_bare_groups()
        self._members_of_listed_groups()
        self._pronouns_ready = True
        self._affiliations_of_parts()
        self._affiliations_from_titles(self._persons)
        self._affiliations_from_roles()
        self._affiliations_after_of()
        self._affiliations_from_company_titles()
        self._affiliations_of_offices()
        self._affiliations_of_organisations()
        for cl in self._clusters.values():
            if cl.gender is None and cl.vote() == "PERSON" and len(cl.name.split()) > 1:
                cl.gender = self.lex.name_gender(cl.name.split()[0])
        self._resolve_leaders_governments()
        # pronouns read while the entities were still being built ("our members" as a group)
        # are read again now that they are final (a speaker's affiliation gives "our")
        self._pronoun_cache.clear()
        self._speakers_found = None
        self._coords = None
        for i in [i for i in self._sets if self.doc[i].lower_ in PLURAL_PRONOUNS]:
            del self._sets[i]  # (not "both", a plural description read in building)

    def _entity_spans(self) -> list[SpanView]:
        """Named-entity spans to cluster: the tagger's, plus names after honorifics, minus
        datelines, each name with the label the document gives it most often."""
        doc, lex = self.doc, self.lex
        ents = _with_honorific_names(doc, doc.ents, lex)
        if self._ignore:
            ents = [e for e in ents if not any(a <= e.start < b for a, b in self._ignore)]
        # "fined Google 2.4 billion euros": the tagger's amount opens with the one fined
        split = []
        for e in ents:
            first = doc[e.start]
            if e.label_ == "MONEY" and e.end - e.start > 1 and first.pos_ == "PROPN" and first.text.isalpha() and first.text[:1].isupper() and doc[e.start + 1].pos_ == "NUM":
                split.extend((SpanView(doc, e.start, e.start + 1, "ORG"), SpanView(doc, e.start + 1, e.end, "MONEY")))
            else:
                split.append(e)
        ents = split
        # "Crowds of Chileans" tagged as one name: a group noun and who they are
        ents = [e for e in ents if not (len(e) > 1 and doc[e.start].pos_ == "NOUN" and doc[e.start].lemma_.lower() in lex.actor_nouns)]
        # a name has a capital somewhere ("iTunes" too): "healthcare", "antenna" or "140bn"
        # tagged as names are the tagger's slips
        ents = [e for e in ents if e.label_ not in _NAME_LABELS or any(not ch.islower() and ch.isalpha() for t in e for ch in t.text)]
        # "the United Auto Workers union": the name, then what it is (the noun joins the name's
        # entity once names are clustered)
        trimmed = []
        for e in ents:
            last = doc[e.end - 1]
            if e.label_ == "ORG" and len(e) > 1 and last.text.islower() and last.lemma_.lower() in lex.descriptors and doc[e.end - 2].text[:1].isupper():
                self._described_names.append(last.i)
                e = SpanView(doc, e.start, e.end - 1, e.label_)
            trimmed.append(e)
        ents = trimmed
        # "Vilnius" tagged a person: a capital or a country's name alone is the place, unless
        # the document names a person with it ("Ali Jordan ... Jordan said")
        surnames = {doc[e.end - 1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
        ents = [
            SpanView(doc, e.start, e.end, "GPE")
            if e.label_ == "PERSON" and len(e) == 1 and doc[e.start].text not in surnames
            and not (e.start > 0 and _honorific(doc[e.start - 1], lex))
            and (lex.capital_country(doc[e.start].text) is not None or lex.country(doc[e.start].text) is not None)
            else e
            for e in ents
        ]
        votes: dict[str, Counter] = defaultdict(Counter)
        keys: list[str] = []
        for e in ents:
            key = clean_name(e.text) if e.label_ in _NAME_LABELS else ""
            keys.append(key)
            if key:
                votes[key][e.label_] += 1
        out = []
        for e, key in zip(ents, keys):
            count = votes.get(key) if key else None
            if count is not None and len(count) > 1 and not (e.label_ == "PERSON" and e.start > 0 and _honorific(doc[e.start - 1], lex)):
                (best, n), *rest = count.most_common()
                if best != e.label_ and (not rest or n > rest[0][1]):
                    e = SpanView(doc, e.start, e.end, best)
            out.append(e)
        return out

    def _title_before(self, ent: Span) -> tuple[list[Token], str | None]:
        """Title words right before a name ("U.S. Defense Secretary", "Secretary of State")
        and the gender they imply.

        Takes the contiguous tokens left of the name that modify it (directly or through one
        another: compounds, adjectives, nationality words, "of" phrases), as long as at least
        one of them is a known title. The phrase opens at a capitalised word, a title word
        or a title modifier ("former"), never at a date ("Wednesday") or an adjective ("good").
        """
        doc = self.doc
        root = ent.root
        words: list[Token] = []
        i = ent.start - 1
        while i >= 0:
            t = doc[i]
            if (t.is_punct and t.text != ".") or t.is_space or t.dep_ in ("det", "cc") or t.tag_ in ("PRP$", "POS"):
                break
            if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
                break
            if not _modifies(t, root, ent.end):
                break
            words.insert(0, t)
            i -= 1
        lex = self.lex
        while words and not (
            words[0].is_title or words[0].is_upper or lex.title(words[0].text) is not None or words[0].lower_ in _TITLE_MODIFIERS
        ):
            words.pop(0)
        while words and words[0].pos_ == "ADP":
            words.pop(0)
        gender = None
        known = False
        for w in words:
            title = lex.title(w.text)
            if title is not None:
                gender = gender or title[0]
                known = known or title[1] != "honorific"
            elif w.pos_ == "NOUN" and w.lemma_.lower() in lex.actor_nouns and w.i == ent.start - 1:
                known = True  # a role noun right before the name: "JPMorgan economist Mia Adachi"
        if not known:
            return [], gender
        return words, gender

    def _name_parts(self, ent: Span) -> tuple[list[Token], str | None, str, list[Token]]:
        """Tokens of the bare name, implied gender, the honorific or title stripped from it,
        and words before the name that say what it belongs to ("Tory" in a tagged "Tory Neil
        Hamilton").

        Only names tagged PERSON lose a title word: "General Motors" stays whole.
        """
        lex = self.lex
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the") and t.tag_ != "POS" and t.text not in ("'s", "\u2019s")]
        gender = None
        stripped: list[str] = []
        party: list[Token] = []
        whole = toks
        if ent.label_ != "PERSON":
            # "Mr Ruto" the tagger called an organisation: an honorific makes it a person
            found = lex.title(toks[0].text) if len(toks) > 1 else None
            if found is None or found[1] != "honorific" or not all(t.text[:1].isupper() for t in toks[1:]):
                return toks, None, "", party
        while len(toks) > 1:
            first = toks[0]
            title = lex.title(first.text)
            if title is not None:
                gender = gender or title[0]
                stripped.append(first.text)
                toks = toks[1:]
                continue
            if first.pos_ in ("VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "INTJ", "PART", "NUM") or not first.text[:1].isupper():
                toks = toks[1:]  # "Get Brown": a word the tagger swept into the name
                continue
            if len(toks) > 2 and lex.name_gender(toks[1].text) and not lex.name_gender(first.text) and not first.is_upper:
                # "Tory Neil Hamilton": a party or nationality word before a first name
                party.append(first)
                toks = toks[1:]
                continue
            break
        if toks and toks[0].lower_ in ("of", "for", "and"):
            # "the King of Spain", "Secretary for Health": a role with no name; keep it whole
            return whole, gender, "", []
        return toks, gender, " ".join(stripped), party

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

    def _is_title_word_entity(self, ent: SpanView) -> bool:
        """Is ``ent`` a word of a title the tagger took for a name ("Defense" in "Defense
        Secretary Jim Mattis", "Marine" in "Marine General")?"""
        doc, lex = self.doc, self.lex
        if not all(i in self._title_tokens for i in range(ent.start, ent.end)):
            return False
        text = span_text(doc, tuple(range(ent.start, ent.end)))
        if lex.title(text) is not None:
            return True
        nxt = ent.end
        if nxt < len(doc) and lex.title(f"{text} {doc[nxt].text}") is not None:
            return True
        # the last word of a title ("State" in "Secretary of State Rex Tillerson")
        for k in range(1, 3):
            if ent.start - k >= 0 and lex.title(f"{span_text(doc, tuple(range(ent.start - k, ent.start)))} {text}") is not None:
                return True
        return False

    def _cluster_names(self, ents: list[SpanView]) -> None:
        """Cluster the named entities: countries by their canonical name, people (surnames
        join full names), organisations and places (acronyms join their expansion)."""
        doc, lex = self.doc, self.lex
        persons: list[tuple[SpanView, list[Token], str | None, str, str, list[Token]]] = []
        others: list[tuple[SpanView, list[Token]]] = []
        # titles first, so that words of a title ("Defense" in "Defense Secretary Jim Mattis")
        # are not taken for entities of their own
        titles: dict[int, tuple[list[Token], str | None]] = {}
        # surnames written after an honorific somewhere ("Ms Price")
        addressed = {t.text for t in doc.tokens if t.i > 0 and t.pos_ == "PROPN" and (lex.title(doc[t.i - 1].text) or (None, ""))[1] == "honorific"}
        # (the last words of people's full names: "Washington" after "Denzel Washington" is him)
        surnames = {
            doc[k].text for ent in ents
            if ent.end - ent.start > 1 and (ent.label_ in ("PERSON", "ORG") or lex.name_gender(doc[ent.start].text) is not None)
            for k in (ent.start, ent.end - 1)
        }  # (and the first words of longer names: "Paris Hilton ... Paris said")
        # names the text puts right after a firm's descriptor ("electronics retailer Best Buy"):
        # firms, in every mention, whatever the tagger said
        firms = {
            ent.text for ent in ents
            if ent.label_ == "PERSON" and ent.start > 0 and doc[ent.start - 1].pos_ == "NOUN"
            and doc[ent.start - 1].lemma_.lower() in lex.descriptors and lex.title(doc[ent.start - 1].text) is None
        }
        for ent in ents:
            if ent.label_ == "PERSON" or (ent.start > 0 and _honorific(doc[ent.start - 1], lex)):
                found = self._title_before(ent)
                titles[ent.start] = found
                self._title_tokens.update(w.i for w in found[0])
        for ent in ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            toks, gender, honorific, party = self._name_parts(ent)
            if not toks:
                continue
            if not honorific and ent.start > 0:
                # "Mr Jordan": whatever the tagger said, a name after an honorific is a person
                found = _honorific(doc[ent.start - 1], lex)
                if found is not None:
                    honorific = doc[ent.start - 1].text
                    gender = gender or found[0]
            if ent.label_ != "GPE" and self._is_title_word_entity(ent) and not lex.demonym_country(ent.text):
                continue
            country = lex.country(span_text(doc, tuple(t.i for t in toks)))
            if country is None and not honorific and ent.label_ in ("GPE", "PERSON", "ORG") and toks[-1].text not in surnames:
                # a capital that acts is its state: "Moscow said" (not "talks in Moscow")
                country = self._acting_capital(toks)
            if country is not None and ent.label_ in ("GPE", "ORG", "LOC", "PERSON", "NORP") and not honorific:
                if ent.label_ == "NORP" and lex.demonym_country(span_text(doc, tuple(t.i for t in toks))) is not None:
                    others.append((ent, toks))
                    continue
                self._add_country(country.name, toks, 2)
                continue
            mistyped = False
            if (
                ent.label_ in ("GPE", "ORG", "LOC", "NORP")
                and len(toks) == 2
                and toks[-1].text in addressed
                and lex.name_gender(toks[0].text) is not None
                and lex.country(toks[0].text) is None
            ):
                # "Helen Price" tagged a place, "Ms Price" elsewhere: a person
                mistyped = True
            if not honorific and len(toks) == 1 and ent.label_ in ("PERSON", "ORG") and lex.demonym_country(toks[0].text) is not None:
                others.append((ent, toks))  # "Moldovan" the tagger took for a name: a nationality
                continue
            if ent.label_ == "PERSON" or honorific or mistyped:
                title_toks, tgender = titles.get(ent.start) or self._title_before(ent)
                if not honorific and ent.text in firms:
                    # "U.S. electronics retailer Best Buy" tagged a person: a firm, described
                    # (and so is every mention of that name)
                    others.append((SpanView(doc, ent.start, ent.end, "ORG"), toks))
                    continue
                title = span_text(doc, tuple(w.i for w in title_toks)) if title_toks else ""
                self._title_tokens.update(w.i for w in title_toks)
                persons.append((ent, toks, gender or tgender, honorific, title, [*title_toks, *party]))
            else:
                others.append((ent, toks))
        self._cluster_persons(persons)
        self._cluster_others(others)
        self._persons = persons

    def _cluster_persons(self, persons: list[tuple[SpanView, list[Token], str | None, str, str, list[Token]]]) -> None:
        doc, lex = self.doc, self.lex
        # full names first so that surnames can join them
        persons.sort(key=lambda p: -len(p[1]))
        by_part = self._by_part
        for ent, toks, gender, honorific, title, _ in persons:
            name = span_text(doc, tuple(t.i for t in toks))
            if not name.split():
                continue
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
            first = ent.start if honorific and ent.start < toks[0].i else toks[0].i
            self._add(cl.key, cl.name, label, self._mention([doc[k] for k in range(first, toks[-1].i + 1)]), 3 if clear else 1)
            if clear and label == "PERSON":
                cl.clear_person = True
            elif not honorific:
                product = self._product_signs(ent)
                if product:
                    cl.types["PRODUCT"] += product  # "unveiled the Zephyr 900": the tagger's person is a product
            if gender and not cl.gender:
                cl.gender = gender
            if title and title not in cl.titles:
                cl.titles.append(title)
            if not cl.gender:
                first_name = cl.name.split()[0]
                cl.gender = lex.name_gender(first_name) if len(cl.name.split()) > 1 else None
            for t in ent:
                if t.i >= toks[0].i:
                    self._token_cluster[t.i] = cl

    @property
    def _by_part(self) -> dict[str, list[_Cluster]]:
        """Person clusters by each capitalised word of their name (surname lookups)."""
        found = self.__dict__.get("_by_part_map")
        if found is None:
            found = self.__dict__["_by_part_map"] = defaultdict(list)
        return found

    def _cluster_others(self, others: list[tuple[SpanView, list[Token]]]) -> None:
        """Organisations, places and groups: acronyms join their expansion."""
        doc, lex = self.doc, self.lex
        by_part = self._by_part
        acronyms: dict[str, _Cluster] = {}
        for ent, toks in others:
            text = span_text(doc, tuple(t.i for t in toks))
            name = clean_name(text)
            if not name:
                continue
            label = ent.label_
            if label in ("PERSON", "ORG", "GPE") and len(toks) == 1 and lex.demonym_country(name) is not None and lex.country(name) is None:
                label = "NORP"  # (a nationality word the tagger took for a name)
            demonym = lex.demonym_country(name) if label == "NORP" else None
            words = name.split()
            if demonym is None and len(words) > 1 and words[-1].lower() in _GOVERNMENT_NOUNS:
                # "the US Government", "Japanese Government": the country acting
                demonym = lex.country(" ".join(words[:-1])) or lex.demonym_country(" ".join(words[:-1]))
            one_of = len(toks) == 1 and any(c.dep_ == "det" and c.lower_ in ("every", "each", "a", "an", "any", "no") for c in toks[0].children)
            if demonym is not None and len(toks) == 1 and (toks[0].tag_ in ("NNPS", "NNS") or one_of) and toks[0].dep_ in _ARG_DEPS and toks[0].dep_ != "poss":
                # "Venezuelans protested", "crowds of Chileans", "every Kenyan": people of the
                # country, a group that belongs to it (not the state acting)
                word = toks[0].text if not one_of else f"{toks[0].text}s"
                cl = self._add("group:" + word, word, "GROUP", self._mention(toks))
                cl.group = cl.plural = True
                cl.affiliate(demonym.name, "GPE", toks[0].i, word)
            elif demonym is not None:
                # "Japanese counterparts", "American loans": the nationality word names its country
                cl = self._add("country:" + demonym.name, demonym.name, "GPE", self._mention(toks))
                cl.country = True
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
                        if nxt + 1 < len(doc) and doc[nxt].text == "(":
                            inner = doc[nxt + 1]
                            if inner.text.isupper() and inner.text == _initials(words):
                                acronyms[inner.text] = cl
                else:
                    self._add(cl.key, cl.name, label, self._mention(toks))
            product = self._product_signs(ent)
            if product:
                cl.types["PRODUCT"] += product  # "unveiled the new Zephyr": a product, not a firm
            for t in ent:
                self._token_cluster[t.i] = cl
        self._join_acronyms()
        self._join_short_names()
        self._join_product_names()

    def _join_product_names(self) -> None:
        """A product's name without its model number is that product ("the 787 Zephyr" ...
        "the Zephyr"), whatever the tagger called it."""
        by_name: dict[str, list[_Cluster]] = defaultdict(list)
        for c in list(self._clusters.values()):
            if c.mentions:
                by_name[c.name].append(c)
        for cl in [c for cs in by_name.values() for c in cs]:
            if cl.key not in self._clusters or cl.vote() != "PRODUCT":
                continue
            base = " ".join(w for w in cl.name.split() if not _model_number(w))
            if not base or base == cl.name:
                continue
            for other in by_name.get(base, []):
                if other is not cl and other.key in self._clusters and not other.clear_person and not other.country:
                    self._merge_into(other, cl)

    def _join_short_names(self) -> None:
        """A short name refers back to the longer organisation name it starts, when that came
        first ("Northrop Grumman ... Northrop"; "the US Treasury Department ... the Treasury";
        a country before the name counts for nothing), and only one name fits; so does a
        one-word name the tagger took for a person ("Kestrel Motor Company ... Kestrel said")."""
        lex = self.lex
        orgs = [c for c in self._clusters.values() if c.vote() in ("ORG", "FAC", "ACTOR") and not c.country and not c.group and c.mentions]
        # names that differ only in dots or a corporate ending are one ("US Air Force", "U.S. Air Force")
        by_key: dict[str, _Cluster] = {}
        for c in sorted(orgs, key=lambda c: min(m.start for m in c.mentions)):
            first = by_key.setdefault(org_key(c.name), c)
            if first is not c and c.key in self._clusters:
                self._merge_into(c, first)
        orgs = [c for c in orgs if c.key in self._clusters]
        keys: dict[int, list[str]] = {}
        for c in orgs:
            words = c.name.split()
            k = _country_prefix_len(c.name)
            keys[id(c)] = [w.lower() for w in words[k:]]
        # the tagger often calls a firm's short name a person ("Kestrel said"): a one-word
        # "person" that is no clear person and no known given name may be a short name too
        loose = [
            c for c in self._clusters.values()
            if c.vote() == "PERSON" and not c.clear_person and " " not in c.name and c.mentions and lex.name_gender(c.name) is None
        ]
        # so does a one-word "place" that acts and is never where something happens ("Cisco
        # Systems ... Cisco said": not a known country, never after "in" or "at")
        loose += [
            c for c in self._clusters.values()
            if c.vote() == "GPE" and not c.country and " " not in c.name and c.mentions and lex.country(c.name) is None
            and self._acts_only(c)
        ]
        for c in loose:
            keys[id(c)] = [c.name.lower()]
        tagged_org = {id(c) for c in orgs}
        for short in [*orgs, *loose]:
            sw = keys[id(short)]
            if not sw or lex.country(short.name) is not None or lex.title(short.name) is not None:
                continue
            # a name the tagger called an organisation may also come first when the longer name
            # only adds a generic ending ("the US Treasury ... the U.S. Treasury Department";
            # but "Boeing ... Boeing Commercial Airplanes" is a part of Boeing)
            first = min(m.start for m in short.mentions)
            fits = [
                c for c in orgs
                if c is not short and c.key in self._clusters and len(c.name.split()) > len(short.name.split()) and keys[id(c)][: len(sw)] == sw
                and (min(m.start for m in c.mentions) < first or (id(short) in tagged_org and _generic_ending(keys[id(c)][len(sw):])))
            ]
            if len(fits) == 1 and short.key in self._clusters:
                self._merge_into(short, fits[0])
        # "the European Commission ... the Commission", "the House of Representatives ... the
        # House": an institution called by its last word or the word before its "of" (but
        # "the White House" is no House)
        for short in orgs:
            if short.key not in self._clusters or " " in short.name or short.name.lower() not in _INSTITUTION_WORDS:
                continue
            first = min(m.start for m in short.mentions)
            fits = [
                c for c in orgs
                if c is not short and c.key in self._clusters and len(c.name.split()) > 1 and min(m.start for m in c.mentions) < first
                and ((c.name.split()[-1] == short.name and short.name.lower() != "house") or head_before_of(c.name) == short.name)
            ]
            if len(fits) == 1:
                self._merge_into(short, fits[0])

    def _add_country(self, name: str, toks: Sequence[Token], weight: int = 1) -> _Cluster:
        """Add ``toks`` as a mention of the country ``name``."""
        cl = self._add("country:" + name, name, "GPE", self._mention(toks), weight)
        cl.country = True
        for t in toks:
            self._token_cluster[t.i] = cl
        return cl

    def _acting_capital(self, toks: Sequence[Token]):  # -> Country | None
        """The country whose capital ``toks`` name, when the name acts as a subject ("Moscow
        said"); not a capital that seats a union of states ("Brussels")."""
        if not (_head_acts(toks) or self._addressed_as_state(toks)):
            return None
        text = span_text(self.doc, tuple(t.i for t in toks))
        if text.lower() in self.lex.words_with_role("union_seat"):
            return None
        if self._acts_on_city(_entity_head(toks[-1])):
            return None  # "Madrid beat Barcelona": one city's team against another's
        return self.lex.capital_country(text)

    def _addressed_as_state(self, toks: Sequence[Token]) -> bool:
        """Is the name made of ``toks`` the one a verbal act addresses, as a state is ("accused
        Vilnius of lying", "urged Kyiv to talk", "called on Moscow", "talks with Moscow";
        but "visited Moscow", "shelled Kyiv", "talks in Moscow": the city)?"""
        head = _first_conjunct(_entity_head(toks[-1]))
        if head.dep_ == "dobj":
            verb = head.head
            if any(k.dep_ == "xcomp" and k.i > head.i and k.pos_ in ("VERB", "AUX") for k in verb.children):
                return True  # it does what it is told or led to: "prompting Ankara to suspend talks"
            entry = self.lex.interaction(verb.lemma_.lower()) if verb.pos_ == "VERB" else None
            # (a visit or a meeting, CAMEO 04, goes to the city)
            return entry is not None and entry.cls.startswith("verbal") and entry.category != "04"
        if head.dep_ == "pobj":
            prep = head.head
            if prep.lower_ in ("with", "against"):
                return True
            gov = prep.head
            if gov.dep_ == "dobj" and prep.lower_ not in ("on", "upon") and self.lex.nominalization(gov.lemma_.lower()) is None:
                gov = gov.head  # (hung on the object: "recalled its ambassador from Minsk")
            if gov.pos_ != "VERB":
                return False
            if prep.lower_ in ("on", "upon"):
                entry = self.lex.interaction(f"{gov.lemma_.lower()} {prep.lower_}")
                return entry is not None and entry.cls.startswith("verbal")  # "called on Moscow"
            # a verb the table lists with this preposition, other than a visit ("recalled its
            # ambassador from Minsk"; but "flew to Kyiv")
            entry = self.lex.interactions.get(f"{gov.lemma_.lower()} {prep.lower_}")
            return entry is not None and entry.cls != "neutral" and entry.category != "04"
        return False

    def _union_seats(self) -> None:
        """A union's seat that acts, in every mention, is the union ("Brussels warned Budapest":
        the European Union; ``function_words.tsv`` union_seat and its note)."""
        for cl in list(self._clusters.values()):
            union = self.lex.unions.get(cl.name.lower()) if not cl.country and cl.mentions else None
            if union is None:
                continue
            heads = [self._char_tok.get(m.start) for m in cl.mentions]
            if any(i is None for i in heads) or not all(_head_acts([self.doc[i]]) for i in heads):
                continue  # ("talks in Brussels": the city)
            target = self._clusters.get("name:" + union)
            if target is None:
                target = self._clusters["name:" + union] = _Cluster(name=union, key="name:" + union)
            self._merge_into(cl, target)
            target.types.pop("GPE", None)  # (the seat's votes as a place)
            target.types["ORG"] += 1
            self._clusters.pop(cl.key, None)

    def _acts_on_city(self, subj: Token) -> bool:
        """Is the object of ``subj``'s verb a city that is no capital ("Madrid beat Barcelona")?"""
        lex = self.lex
        verb = _first_conjunct(subj).head
        for o in verb.children:
            if o.dep_ == "dobj" and o.ent_type_ == "GPE":
                name = span_text(self.doc, tuple(k.i for k in o.subtree if k.ent_type_ == "GPE"))
                if lex.country(name) is None and lex.capital_country(name) is None and lex.demonym_country(name) is None:
                    return True
        return False

    def _title_kind(self, title: str) -> str | None:
        """The kind of a title as written ("Moldovan opposition leader": opposition), from its
        longest ending the titles table knows."""
        words = title.split()
        for k in range(len(words)):
            found = self.lex.title(" ".join(words[k:]))
            if found is not None:
                return found[1]
        return None

    def _acts_only(self, cl: _Cluster) -> bool:
        """Is every mention of ``cl`` a subject, an object or a possessor, never a place after a
        preposition or a word inside a longer phrase?"""
        doc = self.doc
        for m in cl.mentions:
            i = self._char_tok.get(m.start)
            if i is None or doc[i].dep_ not in ("nsubj", "nsubjpass", "dobj", "poss"):
                return False
        return True

    def _product_signs(self, ent: SpanView) -> int:
        """How strongly a name reads as a product: called new or latest, or the object of a
        verb of products ("unveiled", "recalled", "developed by")."""
        head = _entity_head(self.doc[ent.end - 1])
        return (3 if _new_thing(ent) else 0) + self._product_head(head)

    def _product_head(self, head: Token) -> int:
        lex = self.lex
        score = 3 if any(k.dep_ == "amod" and k.lower_ in ("new", "latest", "newest") for k in head.lefts) else 0
        # a name before "brand" or "model" is that brand ("the Saab vehicle brands"; but
        # "Lockheed helicopters" are made by Lockheed); the first of a list stands for all
        # ("the Mercury and Lincoln brands", "cut the Aspen, the Cruiser and the Durango")
        first = _first_conjunct(head)
        if first.dep_ in ("compound", "nmod") and first.head.pos_ == "NOUN" and first.head.lemma_.lower() in _NAME_KIND_NOUNS:
            score += 3
        if any(k.dep_ == "conj" and k.pos_ == "NOUN" and k.lemma_.lower() in _NAME_KIND_NOUNS for k in head.children):
            score += 3  # "the Hummer and Saab brands" (the parser joins Hummer to the noun)
        verb = first.head
        # (the parser may hang the phrase on the last of the list)
        if first.dep_ in ("dobj", "nsubjpass") and verb.pos_ == "VERB" and any(
            p.dep_ == "prep" and p.lower_ in ("from", "off") and any(o.dep_ == "pobj" and o.lemma_.lower() in _PRODUCTION_NOUNS for o in p.children)
            for h in (verb, *_conjuncts(first))
            for p in h.children
        ):
            score += 3  # taken out of production or off sale: a product
        if head.dep_ in ("dobj", "nsubjpass") and verb.pos_ == "VERB" and lex.has_role(verb.lemma_.lower(), "product"):
            score += 2
        elif any(c.dep_ == "acl" and c.tag_ == "VBN" and lex.has_role(c.lemma_.lower(), "product") for c in head.children):
            score += 2  # "the iPhone developed by Cisco", "the jet built by Kestrel"
        return score

    def _join_acronyms(self) -> None:
        """An acronym is the one organisation of the document whose initials it spells
        ("GM" and "General Motors"), wherever the two first appear."""
        by_initials: dict[str, list[_Cluster]] = defaultdict(list)
        for cl in self._clusters.values():
            words = cl.name.split()
            if len(words) >= 2 and not cl.country and cl.vote() in ("ORG", "GPE", "FAC", "NORP"):
                by_initials[_initials(words)].append(cl)
        for cl in list(self._clusters.values()):
            name = cl.name
            if not (name.isupper() and name.isalpha() and 2 <= len(name) <= 6) or cl.country or cl.vote() == "PERSON":
                continue
            found = [c for c in by_initials.get(name, ()) if c is not cl]
            if len(found) == 1:
                self._merge_into(cl, found[0])

    def _merge_into(self, src: _Cluster, dst: _Cluster) -> None:
        """Move every mention and token of ``src`` to ``dst``."""
        dst.types.update(src.types)
        dst.aliases.update(src.aliases)
        dst.mentions.extend(src.mentions)
        dst.mentions.sort(key=lambda m: m.start)
        dst.references.extend(src.references)
        for i, c in list(self._token_cluster.items()):
            if c is src:
                self._token_cluster[i] = dst
        for k, c in list(self._variants.items()):
            if c is src:
                self._variants[k] = dst
        for cands in self.__dict__.get("_by_part_map", {}).values():
            if src in cands:
                cands[:] = [dst if c is src else c for c in cands]
        self._clusters.pop(src.key, None)

    def _affiliation_of(self, tokens: Iterable[Token], skip: _Cluster | None = None) -> tuple[str, str | None, int] | None:
        """The organisation or country that words of a title or role name ("U.S.", "CIA",
        "Japanese", "Labour"), as (name, type, token index), or None. An organisation named
        there counts before a country ("the British union Unite": Unite)."""
        lex = self.lex
        country: tuple[str, str | None, int] | None = None
        for t in tokens:
            c = self._token_cluster.get(t.i)
            if c is None and t.tag_ == "PRP$" and t.lower_ == "its" and self._pronouns_ready:
                c = self._pronoun(t)  # "Its spokesman, Dmitry Peskov,": whose
                if c is not None and (c.vote() not in ("ORG", "GPE") or c.group):
                    c = None
            if c is not None and c is not skip:
                if c.country:
                    country = country or (c.name, "GPE", t.i)
                elif c.vote() == "NORP":
                    if c.affiliation:
                        country = country or (c.affiliation, "GPE", t.i)
                    # ("Asian", "Muslim": no organisation or country to belong to)
                elif c.vote() in ("ORG", "GPE", "ACTOR") and not c.group:
                    return c.name, c.vote(), t.i
                continue
            if country is None and t.pos_ in ("PROPN", "ADJ", "NOUN") and t.text[:1].isupper():
                found = lex.country(t.text) or lex.demonym_country(t.text)
                if found is not None:
                    country = (found.name, "GPE", t.i)
                    continue
            if t.pos_ in ("PROPN", "NOUN") and t.text[:1].isupper() and lex.title(t.text) is None:
                org = self._organisation_starting(t.text, skip)
                if org is not None:
                    return org.name, org.vote(), t.i  # "Volta chief executive", Volta Motors named before
        return country

    def _organisation_starting(self, word: str, skip: _Cluster | None) -> _Cluster | None:
        """The one organisation of the document whose name starts with ``word`` ("Volta" for
        Volta Motors), or None when none or several do."""
        fits = [
            c for c in self._clusters.values()
            if c is not skip and c.mentions and not c.country and not c.group and c.vote() == "ORG"
            and len(c.name.split()) > 1 and c.name.split()[0] == word
        ]
        return fits[0] if len(fits) == 1 else None

    def _affiliations_from_titles(self, persons: list[tuple[SpanView, list[Token], str | None, str, str, list[Token]]]) -> None:
        """Titles and party words before a name give what the person belongs to: "U.S.
        Defense Secretary Jim Mattis" -> United States, "CIA chief Mike Pompeo" -> CIA;
        so does a possessive before the title ("GM's chief executive Rick Wagoner")."""
        doc = self.doc
        for _ent, toks, _, _, title, words in persons:
            cl = self._token_cluster.get(toks[-1].i)
            if cl is None or cl.vote() != "PERSON":
                continue
            found = self._affiliation_of(words, skip=cl)
            if found is None and words:
                before = words[0].i - 1
                if before > 0 and doc[before].tag_ == "POS":
                    found = self._affiliation_of([doc[before - 1]], skip=cl)
                elif before >= 0 and doc[before].dep_ == "compound" and doc[before].pos_ == "NOUN":
                    found = self._affiliation_of([doc[before]], skip=cl)  # "the company chairman Tom Hale"
            if found is not None:
                cl.affiliate(found[0], found[1], toks[0].i, title or span_text(doc, tuple(w.i for w in words)))

    def _affiliations_of_offices(self) -> None:
        """A state office given with no country ("Chancellor Olaf Scholz warned", "Trade
        Minister Sophie Primas said") is held in the country the sentence before was about:
        the one country that is its subject ("Germany, whose carmakers sell in China, had
        opposed the tariffs. Chancellor Olaf Scholz warned...")."""
        doc = self.doc
        for cl in list(self._clusters.values()):
            if cl.vote() != "PERSON" or cl.affiliation or not cl.mentions or not cl.titles:
                continue
            if not any(self._title_kind(t) == "office" for t in cl.titles):
                continue
            first = min(self._char_tok.get(m.start, len(doc)) for m in cl.mentions)
            if first >= len(doc):
                continue
            k = self._sent_of(first)
            if k == 0:
                continue
            root = self._sents[k - 1].root
            subjects = [m for c in root.children if c.dep_ in ("nsubj", "nsubjpass") for m in _conjuncts(c)]
            found = {id(c): c for m in subjects if (c := self._token_cluster.get(m.i)) is not None and c.country}
            if len(found) != 1:
                continue
            country = next(iter(found.values()))
            # not when another country or its capital takes part in that sentence ("Russia
            # struck Kyiv. President Zelensky said": Kyiv's), only where something happened
            # ("sell in China")
            lex = self.lex
            others = {
                named.name for t in self._sents[k - 1]
                if t.text[:1].isupper() and not (t.dep_ == "pobj" and t.head.lower_ == "in")
                and (named := lex.country(t.text) or lex.capital_country(t.text) or lex.demonym_country(t.text)) is not None
                and named.name != country.name
            }
            if not others:
                cl.affiliate(country.name, "GPE", first, "office")

    def _affiliations_from_company_titles(self) -> None:
        """A person given a company title and no firm ("Chief executive Anna Berg said") is an
        officer of the firm the text is speaking of: the organisation named last before the
        first mention, within the window of a description."""
        for cl in list(self._clusters.values()):
            if cl.vote() != "PERSON" or cl.affiliation or not cl.mentions or not any(self._company_title(t) for t in cl.titles):
                continue
            first = min(self._char_tok.get(m.start, len(self.doc)) for m in cl.mentions)
            if first >= len(self.doc):
                continue
            org = self._last_organisation(first)
            if org is not None:
                cl.affiliate(org.name, "ORG", first, "company title")

    def _last_organisation(self, before: int) -> _Cluster | None:
        """The organisation named last before token ``before``, within the window of a
        description; names of events ("... Developers Conference") do not count."""
        k = self._sent_of(before)
        for sk in range(k, max(0, k - _WINDOW_DESCRIPTION) - 1, -1):
            for t in reversed(self._sents[sk]):
                if t.i >= before:
                    continue
                cl = self._token_cluster.get(t.i)
                if cl is None or cl.vote() != "ORG" or cl.group or cl.country:
                    continue
                if self.lex.nominalization(cl.name.split()[-1].lower()) is not None:
                    continue
                return cl
        return None

    def _company_title(self, title: str) -> bool:
        """Does ``title`` end with an office of a firm ("chief executive", "CEO")?"""
        words = title.replace("'s", "").split()
        for k in range(max(0, len(words) - 4), len(words)):
            found = self.lex.title(" ".join(words[k:]))
            if found is not None:
                return found[1] == "company"
        return False

    def _clusters_by_name(self) -> dict[str, _Cluster]:
        return {c.name: c for c in self._clusters.values()}

    def _nearest(self, cands: Sequence[_Cluster], position: int) -> _Cluster | None:
        """Of several clusters sharing a name part, the one mentioned most often before
        ``position``, then most recently (or the only one); in a headline, the one the story
        names first."""
        if not cands:
            return None
        uniq = list({id(c): c for c in cands}.values())
        if len(uniq) == 1:
            return uniq[0]
        # the one named most so far, then the one named last ("Jair Bolsonaro ... Mr
        # Bolsonaro ... his son, Flavio Bolsonaro, ... an ally of Bolsonaro": Jair)
        best, best_key = None, (0, -1)
        for c in uniq:
            before = [s for m in c.mentions if (s := self._char_tok.get(m.start)) is not None and s < position]
            if before and (len(before), max(before)) > best_key:
                best, best_key = c, (len(before), max(before))
        if best is None and self._sent_of(position) == 0 and self._untitled_headline():
            # a headline names by surname the one the story then introduces first
            firsts = [(min(s for m in c.mentions if (s := self._char_tok.get(m.start)) is not None), c) for c in uniq if c.mentions]
            best = min(firsts, key=lambda x: x[0])[1] if firsts else None
        return best

    def _join_repeated_surnames(self) -> None:
        """Proper nouns outside entities that repeat a known surname ("Trump" tagged as a
        verb) join that person."""
        by_part = self._by_part
        if not by_part:
            return
        tokens = self.doc.tokens
        for t in tokens:
            if t.ent_iob_ != "O" or not (t.is_title or t.pos_ == "PROPN"):
                continue
            if t.i in self._token_cluster or t.ent_type_ or not (t.pos_ == "PROPN" or (t.is_title and len(t.text) > 2)):
                continue
            cl = self._nearest(by_part.get(t.text, []), t.i)
            if cl is not None:
                self._add(cl.key, cl.name, None, self._mention([t]))
                self._token_cluster[t.i] = cl

    def _untitled_headline(self) -> bool:
        """Is the document's first sentence a headline line: a line of its own that ends with
        no full stop?"""
        if not self._sents:
            return False
        first = self._sents[0]
        words = [t for t in first if not t.is_space]
        if not words or words[-1].text in (".", "!", "?", "\"", "\u201d", "'", "\u2019", ":", ";"):
            return False
        nxt = first.end
        return nxt >= len(self.doc) or "\n" in self.doc[nxt - 1].text or "\n" in self.doc.text[self.doc[nxt - 1].idx : self.doc[nxt].idx]

    def _headline(self, k: int) -> bool:
        """Is sentence ``k`` written in title case (a headline), where capitals mark no names?"""
        found = self._headline_sents
        if found is None:
            found = set()
            for n, sent in enumerate(self._sents):
                words = [t for t in sent if t.text[:1].isalpha()]
                if len(words) >= 3 and sum(1 for t in words if t.text[:1].isupper()) * 4 >= len(words) * 3:
                    found.add(n)
            self._headline_sents = found
        return k in found

    def _add_untyped_actors(self) -> None:
        """Proper-noun subjects and objects that the tagger left without an entity type
        ("Zembla restored ties with Freedonia") become ACTOR entities."""
        doc, lex = self.doc, self.lex
        tokens = doc.tokens
        known: dict[str, _Cluster] | None = None  # the names of the tagger's entities, as written
        for t in tokens:
            if t.pos_ != "PROPN" or t.ent_type_ or t.i in self._token_cluster or t.dep_ not in _ARG_DEPS:
                continue
            run = [t]
            k = t.i - 1
            while k >= 0 and tokens[k].pos_ == "PROPN" and not tokens[k].ent_type_ and tokens[k].dep_ in ("compound", "flat") and tokens[k].head.i in {r.i for r in run}:
                run.insert(0, tokens[k])
                k -= 1
            if any(r.i in self._token_cluster or r.i in self._title_tokens or (lex.title(r.text) or (None, "honorific"))[1] != "honorific" for r in run):
                continue  # ("Press Secretary" is a title, not a name)
            if not all((r.is_title or r.is_upper) and r.text[:1].isalpha() for r in run):
                continue
            if any(a <= t.i < b for a, b in self._ignore):
                continue
            if len(run) == 1 and legal_form(t.text):
                # "Orvo Motors, Inc. was the biggest faller": the legal form after a comma is the
                # firm before it (alone, it names no one)
                owner = self._token_cluster.get(t.i - 2) if t.i >= 2 and tokens[t.i - 1].text == "," else None
                if owner is not None and owner.vote() == "ORG":
                    self._token_cluster[t.i] = owner  # (no alias: "Inc." names no one)
                continue
            text = span_text(doc, tuple(r.i for r in run))
            if len(run) == 1 and (lex.title(text) is not None or text.lower() in _CALENDAR_WORDS or len(text) < 2):
                continue
            first = run[0]
            if self._headline(self._sent_of(first.i)) or t.text in self._product_words():
                continue  # (a headline's capitals, or a product: "unveiled the new Zephyr")
            if first.is_sent_start and len(run) == 1 and not self._capitalised_elsewhere(t) and not (
                t.tag_ == "NNP" and (t.dep_ in ("nsubj", "nsubjpass") or any(k.dep_ == "appos" for k in t.children))
            ):
                continue  # a sentence's first word: a capital proves nothing, unless it is a name acting
            country = self._acting_capital(run)
            if country is not None:
                # "Kyiv said", untagged: the capital acting is its state
                self._add_country(country.name, run)
                continue
            # "Ana Ruiz", untagged: a known given name before a capitalised word is a person
            label = "PERSON" if len(run) >= 2 and lex.name_gender(run[0].text) is not None else "ACTOR"
            if known is None:
                known = {a: c for c in self._clusters.values() if not c.group for a in c.aliases}
            if text in known and known[text].key in self._clusters:
                # a name the tagger found elsewhere in the document ("Apple Inc." untagged once)
                cl = self._add(known[text].key, known[text].name, None, self._mention(run))
            else:
                cl = self._add("name:" + text, text, label, self._mention(run))
            for r in run:
                self._token_cluster[r.i] = cl

    def _product_words(self) -> set[str]:
        """Proper nouns written as products somewhere in the document ("unveiled the new
        Zephyr", "the Zephyr 900")."""
        found = self.__dict__.get("_product_words_set")
        if found is None:
            doc = self.doc
            found = set()
            for o in doc.tokens:
                if o.pos_ == "PROPN" and (
                    self._product_head(o) >= 2 or (o.i + 1 < len(doc) and _model_number(doc[o.i + 1].text) and doc[o.i + 1].ent_type_ in ("", "CARDINAL", "PRODUCT") and doc[o.i + 1].head.i == o.i and o.dep_ not in ("compound", "nmod", "amod") and o.ent_type_ != "ORG")
                ):
                    found.add(o.text)
            self.__dict__["_product_words_set"] = found
        return found

    def _mark_products(self) -> None:
        """A name written as a product anywhere in the document is a product everywhere,
        unless it clearly names a person."""
        words = self._product_words()
        if not words and not any(c.types.get("PRODUCT") for c in self._clusters.values()):
            return
        speaking = self._speaking_clusters()
        for cl in self._clusters.values():
            if id(cl) in speaking:
                # a name that says things is no product ("Kestrel said"), whatever model
                # numbers follow it elsewhere ("a Kestrel 900")
                cl.types.pop("PRODUCT", None)
            elif not cl.clear_person and not cl.country and not cl.group and cl.name in words:
                cl.types["PRODUCT"] += 3

    def _capitalised_elsewhere(self, t: Token) -> bool:
        """Is ``t``'s word written capitalised somewhere other than at a sentence start?"""
        return any(o.text == t.text and not o.is_sent_start and o.i != t.i for o in self.doc.tokens)

    def _link_appositions(self) -> None:
        """A phrase in apposition to a name stands for it and describes it: "Russia's deputy
        defence minister, Pavel Gromov," (title and affiliation of a person), "the carmaker,
        Volvo," and "Volvo, the Swedish carmaker," (what an organisation is). A name set off
        by commas right after a noun phrase is read as its apposition even when the parser
        hung it elsewhere ("joins the top officer, General Ana Ruiz, at")."""
        doc = self.doc
        for name_tok, role_tok in self._apposition_pairs():
            cl = self._token_cluster.get(name_tok.i)
            if cl is None or role_tok.i in self._token_cluster or self._called_product(cl, role_tok):
                continue
            if role_tok.tag_ == "NNS" and any(c.dep_ == "conj" for c in name_tok.children):
                # "the four customer nations: Belgium, France, Spain and Turkey": a group and
                # its members, not one name for the phrase
                self._listed.append((role_tok, _conjuncts(name_tok)))
                continue
            kind = cl.vote()
            if (
                kind == "PERSON"
                and not cl.clear_person
                and role_tok.pos_ == "NOUN"
                and self.lex.descriptors.get(role_tok.lemma_.lower()) == "ORG"
                and self.lex.title(role_tok.lower_) is None
            ):
                # "Magna, a Canadian parts company": a firm, whatever the tagger said
                cl.types["ORG"] += cl.types.get("PERSON", 0) + 1
                kind = cl.vote()
            elif (
                kind in ("ORG", "ACTOR")
                and role_tok.pos_ == "NOUN"
                and role_tok.tag_ == "NN"
                and self._person_role(role_tok)
                and len(cl.name.split()) >= 2
                and all(w[:1].isupper() for w in cl.name.split())
                and (self.lex.name_gender(cl.name.split()[0]) is not None or role_tok.lemma_.lower() in _PERSON_ONLY_ROLES)
            ):
                # "his spokesman, Piotr Lenk,": a person, whatever the tagger said
                cl.types["PERSON"] += cl.types.get(kind, 0) + 1
                kind = cl.vote()
            if kind == "PERSON":
                # a role noun, or a capitalised title ("the Prime Minister, Rishi Sunak,")
                if role_tok.pos_ != "NOUN" and not (role_tok.pos_ == "PROPN" and (self.lex.title(role_tok.lower_) is not None or self._role_phrase(role_tok) is not None)):
                    continue
                self._appos[role_tok.i] = cl
                role_toks = _role_tokens(role_tok)
                role = _plain_name(doc, role_toks)
                self._describes(cl, role_tok)
                if role and role not in cl.titles:
                    cl.titles.append(role)
                self._roles.append((cl, role_tok, name_tok.i, role))
            elif kind in ("ORG", "GPE", "ACTOR") and role_tok.pos_ == "NOUN":
                self._appos[role_tok.i] = cl
                cl.descriptors.add(role_tok.lemma_.lower())
                self._describes(cl, role_tok)
                self._note_nation(cl, role_tok)
                self._structure.append((cl, role_tok))
                for more in _conjuncts(role_tok)[1:]:
                    if more.pos_ == "NOUN" and more.i not in self._token_cluster:
                        # "Disney, Pixar's distributor and owner of ABC,"
                        self._appos[more.i] = cl
                        self._structure.append((cl, more))

    def _person_role(self, noun: Token) -> bool:
        """Is ``noun`` a role only a person holds ("spokesman", "minister", "chief
        executive"): a title of office, not a word for an organisation?"""
        lex = self.lex
        if lex.descriptors.get(noun.lemma_.lower()) is not None:
            return False
        role = self._role_phrase(noun)
        found = lex.title(noun.lower_) or (lex.title(role) if role else None)
        return found is not None and found[1] in ("office", "company", "military", "royal_religious", "opposition")

    def _note_nation(self, cl: _Cluster, noun: Token) -> None:
        """Where an organisation is from, as the noun describing it says ("the European
        planemaker", "a US firm"): a country's name, or the word ("European")."""
        if cl.country or cl.nation is not None:
            return
        for m in noun.lefts:
            if m.dep_ not in ("amod", "compound", "nmod") or not m.text[:1].isupper():
                continue
            found = self._affiliation_of([m])
            if found is not None and found[1] == "GPE":
                cl.nation = found[0]
                return
            if m.ent_type_ in ("NORP", "GPE", "LOC"):
                cl.nation = m.text  # ("European": no one country)
                return

    def _called_product(self, cl: _Cluster, noun: Token) -> bool:
        """A name the text calls a made thing ("the Zephyr, a new airliner"; "the Zephyr is a
        compact car") is a product: it gets the PRODUCT vote and no description."""
        if noun.pos_ != "NOUN" or cl.clear_person or noun.lemma_.lower() not in self.lex.words_with_role("product_noun"):
            return False
        cl.types["PRODUCT"] += 3
        return True

    def _event_noun(self, t: Token) -> bool:
        """Is ``t`` a common noun naming an event ("the dispute", "the talks"), which no name
        in apposition can stand for?"""
        return t.pos_ == "NOUN" and self.lex.nominalization(t.lemma_.lower()) is not None and t.lemma_.lower() not in self.lex.actor_nouns

    def _apposition_pairs(self) -> Iterator[tuple[Token, Token]]:
        """(name token, described token) pairs of appositions, both ways round."""
        doc = self.doc
        tokens = doc.tokens
        n = len(tokens)
        for t in tokens:
            if t.dep_ == "appos":
                head = t.head
                role = head.head.head if head.dep_ == "pobj" else None
                if (
                    role is not None
                    and head.head.lower_ in ("of", "for", "at", "with")
                    and role.pos_ == "NOUN"
                    and (head.pos_ == "PROPN" or (head.pos_ == "NOUN" and self._person_name(t) and not self._person_noun(head)))
                    and not any(c.dep_ == "appos" and self._person_name(c) for c in role.children)
                ):
                    # "the general secretary of the union Unite, Tony Woodley", "the general
                    # counsel of the company, Mark Chandler", "a spokesman for Toyota, Ken
                    # Sato": the name is the secretary's, the counsel's or the spokesman's
                    head = head.head.head
                if self._event_noun(head) or self._event_noun(t):
                    continue  # "the dispute ... - Apple Inc. -": an event is not the one in it
                for name_tok, role_tok in ((t, head), (head, t)):
                    if name_tok.i in self._token_cluster:
                        yield name_tok, role_tok
                        break
                continue
            # "the top officer, General Ana Ruiz, at": a noun phrase, a comma, a name, a comma
            if t.pos_ != "NOUN" or t.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass"):
                continue
            # "The US carmaker General Motors said": the parser made both subjects of the verb
            name_head = self._twin_name(t)
            if name_head is not None:
                yield name_head, t
                continue
            if t.right_edge.i != t.i or t.i + 2 >= n or tokens[t.i + 1].text != ",":
                continue
            end = t.i + 2
            while end + 1 < n and tokens[end + 1].pos_ == "PROPN" and end < t.i + 8:
                end += 1
            head = tokens[end]
            cl = self._token_cluster.get(end)
            if cl is None or tokens[t.i + 2].pos_ != "PROPN":
                continue
            # the name ends at a comma, a full stop or a bracket, and is no subject or list item
            if end + 1 < n and tokens[end + 1].text not in (",", ".", ")", ";", "\u2014", "-"):
                continue
            if head.dep_ in ("nsubj", "nsubjpass", "conj") or any(c.dep_ == "cc" for c in t.children):
                continue
            if t.dep_ == "pobj" and t.head.lower_ == "of" and self._person_name(head) and not self._person_noun(t):
                continue  # "the counsel of the company, Mark Chandler,": the counsel's name
            yield head, t

    def _person_name(self, t: Token) -> bool:
        cl = self._token_cluster.get(t.i)
        return cl is not None and cl.vote() == "PERSON"

    def _person_noun(self, t: Token) -> bool:
        """Can the noun ``t`` name a person (a title or a person or group noun)?"""
        lemma = t.lemma_.lower()
        return self.lex.title(t.lower_) is not None or (lemma in self.lex.actor_nouns and lemma not in self.lex.descriptors)

    def _twin_name(self, t: Token) -> Token | None:
        """The name right after the noun ``t`` that the parser attached beside it, with the
        same function under the same head ("The US carmaker General Motors said": two
        subjects of "said"), or None."""
        doc = self.doc
        k = t.i + 1
        if k >= len(doc) or doc[k].pos_ != "PROPN" or doc[k].i not in self._token_cluster:
            return None
        cl = self._token_cluster[doc[k].i]
        end = k
        while end + 1 < len(doc) and self._token_cluster.get(end + 1) is cl:
            end += 1
        head = doc[end]
        if head.dep_ == t.dep_ and head.head.i == t.head.i and head.i != t.i:
            return head
        return None

    def _link_copulas(self) -> None:
        """"Ruiz is the chief executive of Kestrel": Ruiz has that title and belongs to
        Kestrel; "Kestrel is a US firm": Kestrel is a firm (the firm, later, is Kestrel)."""
        doc = self.doc
        for subj, attr, cast in self._copula_pairs():
            cl = self._token_cluster.get(subj.i)
            if cl is None or self._called_product(cl, attr):
                continue
            kind = cl.vote()
            if kind == "PERSON":
                role_toks = _role_tokens(attr)
                role = _plain_name(doc, [i for i in role_toks if doc[i].dep_ != "det"])
                if role and (
                    self.lex.title(attr.lower_) is not None or (self._role_phrase(attr) is not None if cast else attr.lemma_.lower() in self.lex.actor_nouns)
                ):
                    if role not in cl.titles:
                        cl.titles.append(role)
                    self._describes(cl, attr)
                    if cast:
                        self._cast.add(attr.i)  # (a role, no group of its own)
                    self._roles.append((cl, attr, subj.i, role))
            elif kind in ("ORG", "GPE", "ACTOR") and not cast:
                cl.descriptors.add(attr.lemma_.lower())
                self._note_nation(cl, attr)

    def _copula_pairs(self) -> Iterator[tuple[Token, Token, bool]]:
        """(subject, noun said of it, cast) for "Ruiz is the chief executive", and for a role one
        is cast in by "as" (``cast``): "Ruiz will serve as chief executive of Kestrel", "was
        appointed as its chairman", "named Ruiz as chief executive" (the object is cast)."""
        for v in self.doc.tokens:
            if v.lemma_ == "be" and v.pos_ in ("AUX", "VERB"):
                subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
                attr = next((c for c in v.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
                if subj is not None and attr is not None:
                    yield subj, attr, False
            elif v.lower_ == "as" and v.dep_ == "prep" and v.head.pos_ == "VERB":
                attr = next((c for c in v.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN") and not c.ent_type_), None)
                verb = v.head
                subj = next((c for c in verb.children if c.dep_ == "dobj"), None) or next(
                    (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None
                )
                if subj is not None and attr is not None:
                    yield subj, attr, True

    def _affiliations_of_organisations(self) -> None:
        """A body of the state named after its country belongs to it ("the US Treasury
        Department", "the U.S. Air Force" -> United States)."""
        lex = self.lex
        for cl in self._clusters.values():
            if cl.country or cl.group or cl.vote() != "ORG" or not cl.mentions:
                continue
            words = cl.name.split()
            if not any(w.lower() in _STATE_BODIES for w in words):
                continue  # "Qatar Airways" is a firm, not part of the state
            for k in (3, 2, 1):
                if len(words) > k:
                    country = lex.country(" ".join(words[:k]))
                    if country is not None:
                        first = self._char_tok.get(cl.mentions[0].start, 0)
                        cl.affiliate(country.name, "GPE", first, cl.name)
                        break

    def _affiliations_from_roles(self) -> None:
        """A role said of a person names what the person belongs to: "Pavel Gromov, Russia's
        deputy defence minister", "Ken Lewis, the bank's chief executive" (the bank resolved),
        "Ruiz is the chief executive of Kestrel". Read last, when descriptions are resolved."""
        doc = self.doc
        for cl, role_tok, evidence, role in self._roles:
            role_toks = _role_tokens(role_tok)
            found = self._affiliation_of((doc[i] for i in role_toks if i != role_tok.i), skip=cl)
            if found is not None:
                cl.affiliate(found[0], found[1], evidence, role)

    def _affiliations_after_of(self) -> None:
        """A name followed by "of" and an organisation or a country belongs to it: "President
        Emmanuel Macron of France", "Jane Doe of Reuters"."""
        doc = self.doc
        for t in doc.tokens:
            if t.lower_ != "of" or t.dep_ != "prep" or t.i == 0:
                continue
            name = doc[t.i - 1]
            if name.i != t.head.i or name.ent_type_ != "PERSON":
                continue
            cl = self._token_cluster.get(name.i)
            if cl is None or cl.vote() != "PERSON":
                continue
            found = self._affiliation_of((o for o in t.children if o.dep_ == "pobj"), skip=cl)
            if found is not None:
                cl.affiliate(found[0], found[1], found[2], "of")

    def _describes(self, cl: _Cluster, tok: Token) -> None:
        """Record the phrase headed by ``tok`` (an apposition or a copula's complement) as a
        mention of ``cl`` by description, without making ``tok`` stand for ``cl`` in clauses."""
        doc = self.doc
        lo = min([tok.i, *(c.left_edge.i for c in tok.lefts if c.dep_ not in ("punct", "cc"))])
        cl.references.append(self._mention([doc[lo], tok]))

    def _reference(self, cl: _Cluster, tok: Token) -> None:
        """Record ``tok``'s noun phrase as a mention of ``cl`` by description."""
        doc = self.doc
        lo = tok.i
        for c in tok.lefts:
            if c.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod") and c.i < lo:
                lo = c.left_edge.i if c.dep_ == "poss" else c.i
        self._token_cluster[tok.i] = cl
        cl.references.append(self._mention([doc[lo], tok]))

    def _description_kind(self, t: Token) -> tuple[str, str | None, str | None] | None:
        """What a description headed by ``t`` names: (its noun's lemma, the entity type a
        descriptor noun refers to, the title a role names), or None for neither ("the firm" ->
        ORG; "the attorney general" -> the title "attorney general")."""
        lemma = t.lemma_.lower()
        refers = self.lex.descriptors.get(lemma)
        role = None if refers is not None else self._role_phrase(t)
        if refers is None and role is None:
            return None
        return lemma, refers, role

    def _unnamed_antecedent(self, t: Token) -> Token | None:
        """The nearest earlier phrase with the same head noun as the description at ``t`` and
        words of its own, that names no entity ("Norway's environment agency ... the agency"):
        the description of a public body takes it up, and no firm named in between (public
        bodies go unnamed in news far more often than firms do)."""
        k = self._sent_of(t.i)
        lemma = t.lemma_
        for sk in range(k, max(0, k - _WINDOW_DESCRIPTION) - 1, -1):
            for u in reversed(self._sents[sk]):
                if u.i >= t.i or u.lemma_ != lemma or u.pos_ != "NOUN":
                    continue
                if u.i in self._token_cluster or u.i in self._appos or u.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
                    return None  # the nearest one names or describes an entity: the usual reading
                named = (self._token_cluster.get(c.i) for c in u.children if c.dep_ in ("compound", "nmod", "poss"))
                if any(c is not None and not c.country and c.vote() != "GPE" for c in named):
                    return None  # "the Apple computer company" names Apple
                definite = any((c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in u.children)
                if definite and any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in u.children):
                    return u
        return None

    def _capitalised_role(self, t: Token) -> bool:
        """Is ``t`` a title written with capitals and no name, as in "the Prime Minister
        said" (a role, read as its lower-case form is)?"""
        if t.pos_ != "PROPN" or (t.ent_type_ and t.ent_type_ != "ORG") or not t.is_title or t.dep_ not in _ARG_DEPS:
            return False
        if not any(k.dep_ == "det" and k.lower_ in _DEFINITE for k in t.children) and not any(k.dep_ == "poss" for k in t.children):
            return False
        found = self.lex.title(t.lower_)
        return found is not None and found[1] != "honorific"

    def _role_phrase(self, tok: Token) -> str | None:
        """The title a description names ("the attorney general" -> "attorney general",
        "the new chief executive" -> "chief executive"), or None."""
        lex = self.lex
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and c.i == tok.i - 1 - sum(1 for d in tok.lefts if d.dep_ in ("compound", "amod") and d.i > c.i)]
        words = [*(m.lower_ for m in mods), tok.lower_]
        for k in range(len(words)):
            phrase = " ".join(words[k:])
            found = lex.title(phrase)
            if found is not None and found[1] != "honorific":
                return phrase
        return None

    def _resolve_descriptions(self) -> None:
        """Definite descriptions refer to the named entity they describe: "the firm", "the US
        carmaker", "the country" to the nearest compatible organisation or country (preferring
        one the document called a firm); "the chancellor", "the attorney general" to the
        person the document gave that title. Only within the document: an unresolved
        description stays what it is."""
        doc = self.doc
        for t in doc.tokens:
            if not (t.pos_ == "NOUN" or self._capitalised_role(t)) or t.tag_ in ("NNS", "NNPS") or t.i in self._token_cluster or t.i in self._appos:
                continue
            # "the company president": the description is the firm, the title holder's
            role_head = t.dep_ == "compound" and t.head.pos_ == "NOUN" and self.lex.title(t.head.lower_) is not None and t.lemma_.lower() in self.lex.descriptors
            if t.dep_ not in _ARG_DEPS and not role_head:
                continue
            dets = [c for c in (t.head if role_head else t).children if c.dep_ in ("det", "poss")]
            if not dets and self._sent_of(t.i) == 0 and self._untitled_headline():
                pass  # headlines drop articles: "Chrysler files for bankruptcy, Fiat to run company"
            elif not dets or dets[0].dep_ == "poss" or dets[0].lower_ not in _DEFINITE:
                continue
            kind = self._description_kind(t)
            if kind is None or (t.pos_ == "PROPN" and kind[1] is not None):
                continue  # (a capitalised word is a role, "the Prime Minister", or a name)
            lemma, refers, role = kind
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children) and refers is None:
                continue  # "the president of the club": a role of someone not named here
            place = self._affiliation_of(c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod"))
            if place is not None and place[1] in ("ORG", "ACTOR") and refers == "ORG" and self.doc[place[2]].head.i == t.i:
                named = self._token_cluster.get(place[2])
                if named is not None and not named.group:
                    # "the United Auto Workers union", "the Kestrel company": the named one
                    self._reference(named, t)
                    named.descriptors.add(lemma)
                    continue
            role_words = set(role.split()[:-1]) if role is not None else set()
            if (place is not None and place[1] not in ("GPE", "NORP", "LOC")) or (
                place is None
                and any(
                    c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.ent_type_ not in ("GPE", "NORP", "LOC") and c.lower_ not in role_words
                    for c in t.subtree if c.i < t.i
                )
            ):
                continue  # "the Delco Electronics parts group": a name of its own, not a reference
            own = self._clause_subject(t) if t.dep_ in ("dobj", "pobj", "dative", "attr") else None
            # nor what the phrase itself names: "the maker of the iPhone" is not the iPhone
            inside = {id(c) for k in t.subtree if k.i != t.i and (c := self._token_cluster.get(k.i)) is not None}
            # "the central bank" is no bank named before, unless its name says central
            kinds = {m.lower_ for m in t.lefts if m.dep_ == "amod" and self.lex.has_role(m.lower_, "kind_adj")}
            if role_head and refers == "ORG":
                # (the firm whose officer speaks is the one named last: "... a letter from
                # Airbus. The company president said")
                cl = self._last_organisation(t.i)
                if cl is not None and self._fits_descriptor(cl, refers, lemma, place) and kinds <= {x.lower() for x in cl.name.split()}:
                    self._reference(cl, t)
                continue
            if refers is not None and lemma in _STATE_BODIES and self._unnamed_antecedent(t) is not None:
                continue  # "Norway's environment agency ... The agency said": that agency, named by no name
            if refers is not None:
                # "the Craiova-based car maker": the one with that place in its name, if any
                based = next((k.text for m in t.lefts if m.dep_ == "amod" and m.lemma_ == "base" for k in m.children if k.pos_ == "PROPN"), None)
                cl = self._describe(
                    t,
                    lambda c, r=refers, w=lemma, at=place, o=own, ins=inside, kd=kinds: self._fits_descriptor(c, r, w, at)
                    and c is not o and id(c) not in ins and kd <= {x.lower() for x in c.name.split()},
                    lemma,
                    based,
                )
            else:
                assert role is not None
                fits = lambda c, r=role, o=own, ins=inside: c.vote() == "PERSON" and c is not o and id(c) not in ins and _has_title(c, r)  # noqa: E731
                cl = self._describe(t, fits, None)
                if cl is None:
                    # the one person the document gives that title, named later ("the
                    # president must order a recount," ... President Tomas Varga)
                    titled = [c for c in self._clusters.values() if c.mentions and fits(c)]
                    cl = titled[0] if len(titled) == 1 else None
            if cl is not None:
                self._reference(cl, t)
        self._resolve_former_latter()
        self._resolve_headline_descriptions()

    def _resolve_headline_descriptions(self) -> None:
        """A headline names its actors by description and the lead names them ("Norwegian
        carmaker sues rival ... Kestrel Motors, a Norwegian carmaker, has sued"; "Chile's
        defence minister ... Ana Ruiz, the defence minister of Chile,"): a description in an
        untitled headline line refers forward to the entity the first sentences describe with
        that noun or title, else (a descriptor, not a role) to the first fitting name that is
        the subject of the lead sentence."""
        if len(self._sents) < 2 or not self._untitled_headline():
            return
        lead = self._sents[1 : 1 + _HEADLINE_LEAD]
        for t in self._sents[0]:
            # (a lower-case word the tagger took for a name is a noun: "transport minister")
            noun = t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.text.islower() and not t.ent_type_)
            if not noun or t.tag_ in ("NNS", "NNPS") or t.i in self._token_cluster or t.i in self._appos or t.dep_ not in _ARG_DEPS:
                continue
            dets = [c for c in t.children if c.dep_ == "det"]
            if dets and dets[0].lower_ not in _DEFINITE:
                continue
            kind = self._description_kind(t)
            if kind is None:
                continue
            lemma, refers, role = kind
            place = self._affiliation_of(c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod", "poss"))
            if refers is not None:
                def fits(c: _Cluster, strong: bool, r: str = refers, w: str = lemma, at=place) -> bool:
                    return self._fits_descriptor(c, r, w, at) and c.vote() != "GPE" and (not strong or w in c.descriptors)
            else:
                def fits(c: _Cluster, strong: bool, r: str = role, at=place) -> bool:  # type: ignore[misc]
                    return strong and c.vote() == "PERSON" and _has_title(c, r, of_phrases=True) and (at is None or c.affiliation in (None, at[0]))
            found = self._first_in(lead, lambda c: fits(c, True))
            if found is None and refers is not None and lead:
                found = self._first_in(lead[:1], lambda c: fits(c, False), subject=True)
            if found is not None:
                self._reference(found, t)
                if refers is not None:
                    found.descriptors.add(lemma)

    def _first_in(self, sents: list, ok, subject: bool = False) -> _Cluster | None:
        """The first entity named in ``sents`` that ``ok`` accepts (a subject only, if asked)."""
        for sent in sents:
            for u in sent:
                cl = self._token_cluster.get(u.i)
                if cl is None or u.ent_iob_ == "I" or not ok(cl):
                    continue
                head = u if not u.ent_type_ else _entity_head(u)
                if subject and head.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                return cl
        return None

    def _resolve_former_latter(self) -> None:
        """"the former" and "the latter": the first and the second of the last two entities
        named in the sentence or the one before ("sued Apple so that the latter would stop":
        Apple, the last named)."""
        for t in self.doc.tokens:
            if t.lower_ not in ("former", "latter") or t.i in self._token_cluster or t.dep_ not in _ARG_DEPS:
                continue
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                continue
            k = self._sent_of(t.i)
            named: list[_Cluster] = []
            for sk in (k, k - 1):
                if sk < 0:
                    continue
                for u in reversed(self._sents[sk]):
                    if u.i >= t.i or u.ent_iob_ == "I":
                        continue
                    cl = self._token_cluster.get(u.i)
                    if cl is not None and not cl.group and cl not in named and cl.vote() in ACTOR_LABELS:
                        named.append(cl)
                if len(named) >= 2:
                    break
            if len(named) >= 2:
                self._reference(named[0] if t.lower_ == "latter" else named[1], t)

    def _coordinations(self) -> list[tuple[int, Token, tuple[_Cluster, ...]]]:
        """Named actors joined by "and" ("General Motors and Chrysler", "Ford, Chrysler and
        GM"): (sentence, the first one's head token, the entities). A plural pronoun or
        description can refer to such a set."""
        if self._coords is not None:
            return self._coords
        found: list[tuple[int, Token, tuple[_Cluster, ...]]] = []
        tokens = self.doc.tokens
        # the first words of lists: heads of a "conj" that are no conjuncts themselves
        firsts = sorted({t.head.i for t in tokens if t.dep_ == "conj" and t.head.dep_ != "conj"})
        for i in firsts:
            head = tokens[i]
            cl = self._token_cluster.get(i)
            if cl is None or cl.group or cl.vote() not in ACTOR_LABELS:
                continue
            if head.dep_ in ("amod", "compound", "nmod"):
                continue  # ("British and American airline X": words about the airline)
            members: list[_Cluster] = []
            for c in _conjuncts(head):
                m = self._token_cluster.get(c.i)
                if m is None or m.group or m.vote() not in ACTOR_LABELS:
                    members = []  # "Kestrel and its workers": not a set of named entities
                    break
                if m not in members:
                    members.append(m)
            if len(members) >= 2:
                found.append((self._sent_of(i), head, tuple(members)))
        self._coords = found
        return found

    def _nationality_pairs(self) -> list[tuple[int, Token, tuple[_Cluster, ...]]]:
        """Countries named by nationality words joined by "and" before a noun ("talks between
        Russian and Ukrainian delegations"): the two sides a text may then call "both sides"."""
        found = []
        for t in self.doc.tokens:
            if t.dep_ != "amod" or not any(c.dep_ == "conj" for c in t.children):
                continue
            members = []
            for c in _conjuncts(t):
                m = self._token_cluster.get(c.i)
                if m is None or not m.country:
                    members = []
                    break
                if m not in members:
                    members.append(m)
            if len(members) >= 2:
                found.append((self._sent_of(t.i), t, tuple(members)))
        return found

    def _resolve_plural_descriptions(self) -> None:
        """A plural description refers to the named entities it counts: "the two companies",
        "both firms", "the carmakers" after "General Motors and Chrysler" stand for both
        firms; "the two companies" with no such list, for the last two firms named. Headless
        "both" and "the two" ("Both will offer buyouts") refer to the last pair named."""
        doc, lex = self.doc, self.lex
        for t in doc.tokens:
            if t.tag_ != "NNS" and t.lower_ not in _NUMBER_WORDS:
                continue  # (a plural noun, or "both", "the two")
            if t.i in self._token_cluster or t.dep_ not in _ARG_DEPS or t.dep_ in ("conj", "appos", "attr"):
                continue
            count = _set_count(t)
            window = _WINDOW_DESCRIPTION
            guess = False  # may fall back on the entities named most
            if t.pos_ == "NOUN" and count == 2 and t.lemma_.lower() in _SIDE_NOUNS and not any(c.dep_ in ("prep", "relcl", "acl") for c in t.children):
                # "both sides", "the two neighbours": the two the text sets against each other
                states = _SIDE_NOUNS[t.lemma_.lower()]
                # (not those who speak to them: "the US and Britain urged both sides")
                own = self._governing_subjects(t)
                ok = lambda c, g=states, o=own: id(c) not in o and (c.vote() == "GPE" if g else c.vote() in ACTOR_LABELS)  # noqa: E731
                guess = True
            elif t.pos_ == "NOUN" and t.tag_ == "NNS" and count is not None and t.lemma_.lower() not in lex.descriptors and (self._person_noun(t) or t.lemma_.lower() in ("man", "woman")):
                # "Anna Berg and Lars Holm met. Both men ...", "the two leaders"
                if any(c.dep_ in ("prep", "relcl", "acl") for c in t.children):
                    continue
                ok = lambda c: c.vote() == "PERSON"  # noqa: E731
            elif t.pos_ == "NOUN" and t.tag_ == "NNS":
                refers = lex.descriptors.get(t.lemma_.lower())
                if refers is None:
                    continue
                dets = [c.lower_ for c in t.children if c.dep_ in ("det", "predet")]
                if not any(d in ("the", "these", "those", "both") for d in dets):
                    continue
                if any(c.dep_ == "prep" for c in t.children) or any(c.dep_ in ("relcl", "acl") and not _set_off(c) for c in t.children):
                    continue  # "the companies that build tankers": a kind, not the ones named
                lemma = t.lemma_.lower()
                place = self._affiliation_of(c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod"))
                ok = lambda c, r=refers, w=lemma, at=place: self._fits_descriptor(c, r, w, at)  # noqa: E731
                guess = count is not None
            elif (
                t.pos_ in ("NUM", "DET", "PRON")
                and count is not None
                and not any(c.dep_ in ("prep", "relcl", "acl") for c in t.children)
                and (t.lower_ == "both" or any(c.lower_ == "the" for c in t.children))
            ):
                ok = lambda c: c.vote() in ACTOR_LABELS  # noqa: E731  "Both will", "the two met"
                window = 1  # a list just named
            else:
                continue
            members = self._plural_reference(t, ok, count, window, guess, sides=t.pos_ == "NOUN" and t.lemma_.lower() in _SIDE_NOUNS)
            if members is not None:
                self._sets[t.i] = members
                mention = self._mention([doc[min(t.i, t.left_edge.i)], t])
                for m in members:
                    m.references.append(mention)

    def _governing_subjects(self, tok: Token) -> set[int]:
        """The ids of the entities that are subjects of the verbs above ``tok`` (with the
        members of a list there)."""
        out: set[int] = set()
        k = tok
        for _ in range(10):
            if k.head.i == k.i:
                break
            k = k.head
            if k.pos_ not in ("VERB", "AUX"):
                continue
            for c in k.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    for m in _conjuncts(c):
                        cl = self._token_cluster.get(m.i)
                        if cl is not None:
                            out.add(id(cl))
        return out

    def _plural_reference(self, tok: Token, ok, count: int | None, window: int, guess: bool, sides: bool = False) -> tuple[_Cluster, ...] | None:
        """The named entities a plural description at ``tok`` refers to: the nearest list of
        entities that all fit, within ``window`` sentences (anywhere before when a noun gives
        their number, ``count``); failing that, when ``guess``, the ``count`` fitting entities
        the text has named most, if they stand out."""
        k = self._sent_of(tok.i)
        lo = max(0, k - window)
        best: tuple[float, tuple[_Cluster, ...]] | None = None
        for sk, head, members in [*self._coordinations(), *(self._nationality_pairs() if sides else ())]:
            # (a number makes the list sure wherever it stands: "the two companies")
            if (sk < lo and not guess) or sk > k or head.i >= tok.i or tok.i in {c.i for c in head.subtree}:
                continue
            if (count is not None and len(members) != count) or not all(ok(m) for m in members):
                continue
            score = -3.0 * (k - sk) + head.i / 1000.0 + (3 if head.dep_ in ("nsubj", "nsubjpass") else 0)
            if best is None or score > best[0]:
                best = (score, members)
        if best is not None and best[0] > -6.0:
            return best[1]  # a list in this sentence or the one before
        # a list further back gives way to the two the text is about, when they stand out
        # ("Armenia and Azerbaijan ... (Russia and the US) ... both countries")
        if best is not None and (count is None or count < 2 or self._topic(tok, ok, count) is None):
            return best[1]
        if best is not None:
            return self._topic(tok, ok, count)
        if not guess or count is None or count < 2:
            return None
        # no list: the ``count`` fitting entities the text has named most so far, when they
        # stand out ("GM ... Chrysler ... GM ... the two companies"); "both firms" only when
        # they stand out clearly
        if tok.lower_ == "both" or any(c.lower_ == "both" for c in tok.children):
            return self._topic(tok, ok, count)
        return self._topic(tok, ok, count, stand_out=1.0)

    def _topic(self, tok: Token, ok, count: int, stand_out: float = 2.0) -> tuple[_Cluster, ...] | None:
        """The ``count`` fitting entities the text has named most before ``tok``, when they
        stand out: each named more often than the next, and at least ``stand_out`` times as
        often; else None."""
        named: Counter = Counter()
        for t in self.doc.tokens[: tok.i]:
            cl = self._token_cluster.get(t.i)
            if cl is not None and t.ent_iob_ != "I" and not cl.group and t.i not in self._title_tokens and ok(cl):
                named[id(cl)] += 1
        ranked = named.most_common(count + 1)
        if len(ranked) < count or (
            len(ranked) > count and (ranked[count - 1][1] == ranked[count][1] or ranked[count - 1][1] < stand_out * ranked[count][1])
        ):
            return None
        by_id = {id(c): c for c in self._clusters.values()}
        return tuple(by_id[i] for i, _ in ranked[:count])

    def _fits_descriptor(self, cl: _Cluster, refers: str, lemma: str, place: tuple[str, str | None, int] | None) -> bool:
        kind = cl.vote()
        if cl.group:
            return False
        if lemma in _MINISTRY_NOUNS and place is not None and place[1] == "GPE" and cl.affiliation != place[0]:
            return False  # "the Saudi foreign ministry" is Saudi Arabia acting, no firm named before
        if refers == "GPE":
            if place is not None and place[0] != cl.name and place[0] != cl.affiliation:
                return False  # "the German state" is not Canada
            if lemma in _SUBNATIONAL:
                return kind == "GPE" and not cl.country  # "the region", "the city": not Peru
            return kind == "GPE" and (cl.country or lemma not in ("country", "nation"))
        if kind not in ("ORG", "ACTOR") and not (kind == "GPE" and not cl.country and self._speaks(cl)):
            return False  # (a name typed as a place that says things is a firm: "Cisco states")
        if place is not None and cl.affiliation is not None and place[0] != cl.affiliation:
            return False  # "the US firm" is not a firm known to be Swedish
        if place is not None and cl.nation is not None and place[0] != cl.nation:
            return False  # nor one the text called European
        want = self.lex.descriptor_kinds.get(lemma)
        if want is not None:
            # "the regulator" is not "Kestrel Bank", nor a firm the text called a carmaker
            kinds = {self.lex.descriptor_kinds.get(w.lower()) for w in (*cl.name.split(), *cl.descriptors)} - {None}
            if kinds and want not in kinds:
                return False
        return True

    def _describe(self, tok: Token, ok, lemma: str | None, word: str | None = None) -> _Cluster | None:
        """The entity a description at ``tok`` refers to: the most salient compatible entity
        within the last few sentences, one the document described with the same noun first,
        or one with ``word`` in its name ("the Craiova-based car maker")."""
        k = self._sent_of(tok.i)
        lo = max(0, k - _WINDOW_DESCRIPTION)
        best: tuple[float, _Cluster] | None = None
        seen: set[int] = set()
        for sk in range(k, lo - 1, -1):
            for t in self._sents[sk]:
                if sk == k and t.i >= tok.i:
                    break
                cl = self._token_cluster.get(t.i)
                if cl is None or (t.ent_iob_ == "I" and self._token_cluster.get(t.i - 1) is cl) or not ok(cl):
                    continue
                head = t if not t.ent_type_ else _entity_head(t)
                score = -3.0 * (k - sk) + t.i / 1000.0
                if head.dep_ in ("nsubj", "nsubjpass"):
                    score += 3
                elif head.dep_ in ("compound", "amod", "nmod"):
                    score -= 2
                if lemma is not None and lemma in cl.descriptors:
                    score += 6
                elif lemma is not None and any(w.lower() == lemma for w in cl.name.split()):
                    score += 4
                if word is not None and word in cl.name.split():
                    score += 3 * _WINDOW_DESCRIPTION + 6  # (it outweighs any distance)
                if id(cl) not in seen:
                    seen.add(id(cl))
                if best is None or score > best[0]:
                    best = (score, cl)
        return best[1] if best else None

    def _resolve_governments(self) -> None:
        """A government is its country acting: "the Spanish government", "Spain's
        government", "the government of Spain" are Spain; "the government" is the country the
        document last spoke of (or speaks of most)."""
        doc = self.doc
        countries = [c for c in self._clusters.values() if c.country and c.mentions]
        if not countries:
            return
        for t in doc.tokens:
            lemma = t.lemma_.lower()
            noun = t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.text.islower())  # (the tagger's lower-case "names")
            if not noun or (lemma not in _GOVERNMENT_NOUNS and lemma not in _MINISTRY_NOUNS and lemma not in _MISSION_NOUNS) or t.tag_ == "NNS" or t.i in self._token_cluster:
                continue
            if t.dep_ not in _ARG_DEPS and t.dep_ not in ("compound", "nmod"):
                continue
            if any(c.dep_ == "amod" and c.lower_ in _FORMER for c in t.lefts):
                continue  # "the old regime", "the former government": not the state acting now
            found = self._affiliation_of(c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")) or self._of_affiliation(t)
            if lemma in _MISSION_NOUNS:
                if found is None or found[1] != "GPE" or not self._mission_acts(t):
                    continue
                cl = self._clusters.get("country:" + found[0])
                if cl is not None:
                    self._reference(cl, t)
                continue
            if lemma in _MINISTRY_NOUNS and (found is None or found[1] != "GPE") and not any(
                c.dep_ in ("amod", "compound") and (c.pos_ in ("ADJ", "NOUN") or c.text.islower()) for c in t.lefts
            ):
                continue  # a ministry is its state acting ("Russia's foreign ministry", "the interior ministry"); "the department" is no ministry
            cl = None
            if found is not None:
                cl = self._clusters.get("country:" + found[0])
            elif any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in t.children) or t.dep_ in ("compound", "nmod"):
                cl = self._describe(t, lambda c: c.country, None) or max(countries, key=lambda c: len(c.mentions))
            if cl is not None:
                self._reference(cl, t)
        # "federal loans", "a federal bailout": the national government, the country acting
        for t in doc.tokens:
            if t.lower_ == "federal" and t.dep_ == "amod" and t.head.pos_ == "NOUN" and t.i not in self._token_cluster:
                head = t.head
                if head.lemma_.lower() in _GOVERNMENT_NOUNS or head.i in self._token_cluster:
                    continue
                cl = self._describe(t, lambda c: c.country, None) or max(countries, key=lambda c: len(c.mentions))
                self._reference(cl, t)

    def _resolve_named_places(self) -> None:
        """"the city of Kharkiv", "the province of Quebec": the place named after "of"."""
        doc, lex = self.doc, self.lex
        for t in doc.tokens:
            if t.pos_ != "NOUN" or t.tag_ != "NN" or t.i in self._token_cluster or lex.descriptors.get(t.lemma_.lower()) != "GPE":
                continue
            for p in t.children:
                if p.dep_ == "prep" and p.lower_ == "of" and p.i == t.i + 1:
                    objs = [o for o in p.children if o.dep_ == "pobj"]
                    cl = self._token_cluster.get(objs[0].i) if objs else None
                    if cl is not None and cl.vote() == "ACTOR":
                        cl.types["GPE"] += 2  # an untyped name the text calls a city is a place
                    if cl is None and objs and objs[0].pos_ == "PROPN" and not objs[0].ent_type_ and objs[0].text[:1].isupper():
                        # "the city of Kharkiv", untagged: a place by what the text calls it
                        run = [k for k in objs[0].subtree if k.pos_ == "PROPN"]
                        if run and run[-1].i - run[0].i == len(run) - 1:
                            text = span_text(doc, tuple(k.i for k in run))
                            cl = self._add("name:" + text, text, "GPE", self._mention(run))
                    if cl is not None and cl.vote() in ("GPE", "LOC"):
                        self._reference(cl, t)

    def _resolve_leaders_governments(self) -> None:
        """"his government", "her administration": the country of the person the pronoun
        names, when the text gives one ("Belarusian Prime Minister Dan Orlov ... His
        government expelled"); else the phrase stays the group it was."""
        doc = self.doc
        for t in doc.tokens:
            if t.pos_ != "NOUN" or t.tag_ == "NNS" or t.lemma_.lower() not in _GOVERNMENT_NOUNS | {"administration", "cabinet"}:
                continue
            owner = next((c for c in t.children if c.dep_ == "poss" and c.lower_ in ("his", "her", "whose")), None)
            cl = self._token_cluster.get(t.i)
            if owner is None or (cl is not None and not cl.group):
                continue
            if owner.lower_ == "whose":
                # "Joe Biden, whose administration has signalled": the name the clause is on
                clause = _relative_clause_of(t)
                person = self._token_cluster.get(clause.head.i) if clause is not None else None
            else:
                person = self._pronoun(owner)
            if person is None or person.vote() != "PERSON" or person.affiliation is None:
                continue
            country = self._clusters.get("country:" + person.affiliation)
            if country is None or not country.country:
                continue
            if cl is not None:
                cl.mentions = [m for m in cl.mentions if self._char_tok.get(m.start) not in (t.i, owner.i)]
            self._reference(country, t)

    def _resolve_weapons(self) -> None:
        """Weapons that act stand for whose they are: "Russian missiles struck Kyiv" (Russia),
        "RSF drones hit the airport" (the RSF); ``function_words.tsv`` weapon_noun."""
        doc = self.doc
        weapons = self.lex.words_with_role("weapon_noun")
        for t in doc.tokens:
            if t.pos_ != "NOUN" or t.dep_ != "nsubj" or t.i in self._token_cluster or t.lemma_.lower() not in weapons:
                continue
            for m in t.lefts:
                cl = self._token_cluster.get(m.i) if m.dep_ in ("amod", "compound", "nmod", "poss") else None
                if cl is not None and cl.vote() in ("GPE", "ORG", "ACTOR", "NORP") and not cl.group:
                    self._reference(cl, t)
                    break

    def _mission_acts(self, t: Token) -> bool:
        """Does the embassy ``t`` act or suffer an act, as its state does: a subject or
        object, or the place of a hostile act ("protested outside the embassy", "attacked
        near the embassy"), not the place of any act ("met at the embassy")?"""
        if t.dep_ in ("nsubj", "nsubjpass", "dobj", "poss"):
            return True
        if t.dep_ != "pobj":
            return False
        verb = t.head.head
        if verb.pos_ != "VERB":
            return False
        entry = self.lex.interaction(verb.lemma_.lower())
        return entry is not None and entry.cls.endswith("conflict")

    def _add_groups(self) -> None:
        """Noun phrases headed by a group or role noun (``actor_nouns.txt``: "officials",
        "protesters", "the police", "Labour MPs", "crowds of Chileans") that name no entity
        become GROUP entities, named by the phrase, with an affiliation where the phrase gives
        one (a country, nationality, organisation or possessor)."""
        doc, lex = self.doc, self.lex
        nouns = lex.actor_nouns
        for t in doc.tokens:
            if not (t.pos_ == "NOUN" or self._capitalised_role(t)) or t.i in self._token_cluster or t.i in self._appos or t.i in self._sets or t.i in self._cast:
                continue
            lemma = t.lemma_.lower()
            if t.dep_ not in _ARG_DEPS or t.dep_ == "attr":
                continue
            title = lex.title(t.lower_)
            if lemma not in nouns and t.lower_ not in nouns and (title is None or title[1] == "honorific") and not (
                t.tag_ == "NNS" and lex.descriptors.get(lemma) == "ORG"
            ):
                continue  # (firms, banks and carmakers act as groups, and so does a role, "the pope"; islands and regions are places)
            if t.tag_ == "NN" and any(k.dep_ == "conj" and k.ent_type_ == "PERSON" for k in t.children):
                continue  # "the company president and CEO Lena Ruiz": her titles, not someone else
            if t.tag_ == "NN" and lemma in _MASS_SENSES and not any(
                k.dep_ in ("poss", "compound", "nmod") or (k.dep_ == "det" and k.lower_ not in ("no", "any", "some")) for k in t.children
            ):
                continue  # "threatened to use force": force as a mass noun, not "the task force"
            variants = _cores(t) if any(a.dep_ == "amod" and any(k.dep_ == "conj" for k in a.children) for a in t.lefts) else None
            if variants and len(variants) > 1:
                # "Spanish and French counterparts": two groups, one for each nationality
                for core in variants:
                    self._add_group(t, [i for i in core if doc[i].tag_ not in ("CD", "DT", "PRP$") and doc[i].lower_ not in _QUANTIFIERS], core)
                continue
            self._add_group(t, self._group_words(t), None)

    def _affiliations_of_parts(self) -> None:
        """An organisation called a part of another ("Orvo, a unit of Kestrel"; "its European
        division, Orvo") belongs to it; one called the owner or parent of another ("Kestrel,
        the owner of Orvo") has it as a member (``function_words.tsv``: part_noun, owner_noun)."""
        lex = self.lex
        parts, owners = lex.words_with_role("part_noun"), lex.words_with_role("owner_noun")
        for cl, role_tok in self._structure:
            lemma = role_tok.lemma_.lower()
            if lemma not in parts and lemma not in owners:
                continue
            other = self._owner_named(role_tok)
            if other is None or other is cl or other.group:
                continue
            if lemma in parts:
                cl.affiliate(other.name, "GPE" if other.country else other.vote(), role_tok.i, role_tok.lower_)
            else:
                other.affiliate(cl.name, cl.vote(), role_tok.i, role_tok.lower_)

    def _owner_named(self, t: Token) -> _Cluster | None:
        """The entity named as possessor of ``t`` ("Kestrel's unit", "its unit") or in its
        "of" phrase ("a unit of Kestrel")."""
        for c in t.children:
            if c.dep_ == "poss":
                if c.tag_ == "PRP$":
                    return self._pronoun(c)
                return self._token_cluster.get(c.i) or self._token_cluster.get(_entity_head(c).i)
        for p in t.children:
            if p.dep_ == "prep" and p.lower_ == "of":
                for o in p.children:
                    if o.dep_ == "pobj":
                        return self._token_cluster.get(o.i)
        return None

    def _members_of_listed_groups(self) -> None:
        """The names listed after a group ("the customer nations: Belgium, France and Spain")
        are its members."""
        for role_tok, names in self._listed:
            group = self._token_cluster.get(role_tok.i)
            if group is None or not group.group:
                continue
            for t in names:
                cl = self._token_cluster.get(t.i)
                if cl is not None and not cl.group and cl is not group:
                    cl.affiliate(group.name, "GROUP", t.i, "listed")

    def _join_bare_groups(self) -> None:
        """A bare plural after one named group of that noun refers to it: "US banks ... the
        banks" are one group; with two such groups before ("US banks", "Asian banks") it stays
        apart. So does a bare role and the one role of that name the text gives an "of"
        ("the President ... the President of the United States")."""
        groups = [c for c in self._clusters.values() if c.group and c.mentions and not c.affiliation]
        named = [c for c in self._clusters.values() if c.group and c.mentions and " " in c.name]
        for bare in groups:
            if " " in bare.name:
                continue
            word = bare.name.lower()
            first = min(m.start for m in bare.mentions)
            # (and a bare role before the one of a country: "the President ... the President of
            # the United States")
            fits = [c for c in named if c is not bare and (c.name.lower().endswith(" " + word) or c.name.lower().startswith(word + " of "))]
            if len(fits) == 1 and bare.key in self._clusters and (min(m.start for m in fits[0].mentions) < first or fits[0].affiliation):
                # (or a named one of a country's or a firm's given later: "people ... the
                # American people")
                self._merge_into(bare, fits[0])

    def _add_group(self, t: Token, words: list[int], core: tuple[int, ...] | None) -> None:
        """Make (or join) the GROUP entity named by ``words`` (headed by ``t``)."""
        doc, lex = self.doc, self.lex
        lemma = t.lemma_.lower()
        name = _plain_name(doc, words)
        if not name or not any(ch.isalpha() for ch in name):
            return
        relational = t.lemma_.lower() in _RELATIONAL_NOUNS
        # "Japanese counterparts" belong to Japan; "its rivals", "U.S. allies" do not belong
        # to what they are rivals or allies of
        mods = (doc[i] for i in words if i != t.i and (not relational or doc[i].dep_ == "amod" or lex.demonym_country(doc[i].text) is not None))
        affiliation = self._affiliation_of(mods)
        if affiliation is None and not relational:
            affiliation = self._named_modifier(t, words)
        if affiliation is None and not relational:
            of = self._of_affiliation(t)
            if of is not None:
                affiliation = of
                # "the mayor of Milan", "members of Labour"; "its employees" is the firm's
                obj = doc[of[2]]
                if obj.dep_ == "pobj":
                    named = self._token_cluster.get(obj.i)
                    what = named.name if named is not None and not named.group else _plain_name(doc, [k.i for k in obj.subtree if k.i <= obj.i and k.dep_ in ('compound', 'amod', 'pobj', 'nmod')])
                    name = f"{name} {obj.head.lower_} {what}"
                else:
                    name = f"{of[0]} {name}"
            else:
                affiliation = self._employer(t)
                if affiliation is not None:
                    name = f"{affiliation[0]} {name}"
                else:
                    affiliation = self._country_in(t)
                    if affiliation is not None:
                        name = f"{name} {doc[affiliation[2]].head.lower_} {affiliation[0]}"  # "politicians in Germany"
        if affiliation is None and self._state_office(t):
            # "the president", "the interior minister" with no country: the country the text
            # speaks of, as "the government" is (so one article's president is not another's)
            country = self._earlier_body(t) or self._country_spoken_of(t)
            mine = {k.i for k in t.subtree}
            if country is not None and any(self._token_cluster.get(k.i) is country for k in t.head.subtree if k.i not in mine):
                country = None  # "the president refused to sanction Venezuela": not Venezuela's
            if country is not None:
                affiliation = (country.name, "GPE", t.i)
                name = f"{country.name} {name}"
        if affiliation is not None and affiliation[0].lower() == name.lower():
            return
        if lemma in _EMPLOYEE_NOUNS and affiliation is not None and affiliation[1] in ("ORG", "ACTOR") and not relational:
            # "Chrysler employees", "its total workforce", "the firm's staff": one group, the
            # organisation's people
            noun = "workers" if lemma == "worker" else "employees"
            # ("United Auto Workers workers" are the union's members)
            name = f"{affiliation[0]} {'members' if affiliation[0].lower().endswith(noun) else noun}"
        cl = self._clusters.get("group:" + name)
        if cl is None:
            cl = _Cluster(name=name, key="group:" + name, group=True)
            self._clusters[cl.key] = cl
        cl.types["GROUP"] += 1
        cl.plural = cl.plural or t.tag_ == "NNS"
        cl.organisations = lemma in lex.descriptors
        cl.mentions.append(self._mention([doc[words[0]], doc[words[-1]]]))
        cl.aliases[cl.mentions[-1].text] += 1
        if affiliation is not None:
            cl.affiliate(affiliation[0], affiliation[1], t.i, cl.mentions[-1].text)
        if core is not None:
            self._variants[(t.i, core)] = cl
            self._token_cluster.setdefault(t.i, cl)
        else:
            self._token_cluster[t.i] = cl

    def _state_office(self, t: Token) -> bool:
        """Is ``t`` a definite, singular description by a state office ("the president", "the
        foreign minister"), which a country holds, or a state's armed body ("police",
        "troops", "the authorities")?"""
        if t.lemma_.lower() in _STATE_BODIES_PLURAL and not any(c.dep_ == "prep" and c.lower_ in ("of", "for", "from") for c in t.children):
            return True
        if t.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in t.children):
            return False
        if any(c.dep_ == "prep" and c.lower_ in ("of", "for") for c in t.children):
            return False  # "the premier of the German state of Hesse": a role of what follows
        return t.lemma_.lower() in _STATE_OFFICES

    def _earlier_body(self, t: Token) -> _Cluster | None:
        """The country of the one body of this kind the text named with its country before
        ``t`` ("Sudan's army ... Egypt, which backs the army": Sudan's), or None."""
        word = t.lower_
        start = t.idx + self.offset
        found = {
            cl.affiliation
            for cl in self._clusters.values()
            if cl.group and cl.affiliation and cl.name.lower().endswith(" " + word) and cl.mentions and min(m.start for m in cl.mentions) < start
        }
        if len(found) != 1:
            return None
        country = self._clusters.get("country:" + found.pop())
        return country if country is not None and country.country else None

    def _country_spoken_of(self, t: Token) -> _Cluster | None:
        """The country a text speaks of at ``t``: the one named last in the last few sentences,
        else the one it names most."""
        countries = [c for c in self._clusters.values() if c.country and c.mentions]
        if not countries:
            return None
        return self._describe(t, lambda c: c.country, None) or max(countries, key=lambda c: len(c.mentions))

    def _group_words(self, t: Token) -> list[int]:
        """The words that name a group: the noun with its compounds and adjectives, without
        determiners, numbers and quantities ("seven North Korean individuals" -> "North Korean
        individuals")."""
        out = [t.i]
        for c in t.lefts:
            if c.dep_ in ("compound", "amod", "nmod", "poss") and c.lower_ not in _QUANTIFIERS and c.tag_ not in ("PRP$", "WP$", "CD"):
                out.extend(k.i for k in c.subtree if k.tag_ not in ("POS", "CD") and k.lower_ not in _QUANTIFIERS)
        out = sorted(set(out))
        # keep the contiguous run that ends at the noun
        run = [t.i]
        for i in reversed(out[:-1] if out[-1] == t.i else out):
            if i == run[0] - 1:
                run.insert(0, i)
            else:
                break
        return run

    def _named_modifier(self, t: Token, words: list[int]) -> tuple[str, str | None, int] | None:
        """A capitalised name before a group noun that the tagger did not tag: "Labour MPs",
        "Kestrel workers" belong to Labour, to Kestrel."""
        doc, lex = self.doc, self.lex
        mods = [doc[i] for i in words if i != t.i and doc[i].dep_ in ("compound", "nmod") and doc[i].head.i == t.i]
        if len(mods) != 1:
            return None
        m = mods[0]
        run = [k for k in doc[words[0] : m.i + 1] if k.dep_ in ("compound", "nmod")]
        if not run or not all(k.text[:1].isupper() and k.text[:1].isalpha() for k in run) or any(lex.title(k.text) for k in run):
            return None
        if run[0].is_sent_start and run[0].pos_ != "PROPN" and not self._capitalised_elsewhere(run[0]):
            return None
        name = span_text(doc, tuple(k.i for k in run))
        if name.lower() in _CALENDAR_WORDS or lex.title(f"{name} {t.text}") is not None:
            return None  # ("the Prime Minister": a title's first word, no name)
        return name, "ORG", m.i

    def _country_in(self, t: Token) -> tuple[str, str | None, int] | None:
        """"politicians in Germany", "delegates from Chile": the country a group is in or from
        (a city or region says less: "protesters in Paris" may have come from anywhere)."""
        for p in t.children:
            if p.dep_ == "prep" and p.lower_ in ("in", "from"):
                for o in p.children:
                    cl = self._token_cluster.get(o.i) if o.dep_ == "pobj" else None
                    if cl is not None and cl.country:
                        return cl.name, "GPE", o.i
        return None

    def _employer(self, t: Token) -> tuple[str, str | None, int] | None:
        """"GM plans to lay off 47,000 employees": employees, workers or staff that an
        organisation's clause acts on are its own."""
        if t.lemma_.lower() not in _EMPLOYEE_NOUNS or t.dep_ not in ("dobj", "pobj", "dative"):
            return None
        verb = t.head if t.dep_ != "pobj" else t.head.head
        for _ in range(3):
            if verb.pos_ not in ("VERB", "AUX"):
                return None
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                if any(c.dep_ == "conj" for c in _entity_head(subj).children):
                    return None  # "Toyota and Honda laid off workers": whose, the text does not say
                cl = self.cluster_of(subj)
                if cl is not None and cl.vote() == "ORG" and not cl.group:
                    return cl.name, "ORG", subj.i
                return None
            if verb.dep_ not in ("xcomp", "conj", "advcl"):
                return None
            verb = verb.head
        return None

    def _of_affiliation(self, t: Token) -> tuple[str, str | None, int] | None:
        """"members of Labour", "crowds of Chileans", "the government of Spain", "ministers
        from the G7", "workers at Kestrel", "staff for Borealis": whose group."""
        employees = t.lemma_.lower() in _EMPLOYEE_NOUNS
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        for p in t.children:
            if p.dep_ == "prep" and (p.lower_ == "of" or (p.lower_ == "from" and owner is None) or (employees and p.lower_ in ("at", "for"))):
                for o in p.children:
                    if o.dep_ == "pobj":
                        found = self._affiliation_of([o])
                        if found is not None:
                            return found
                        country = self.lex.demonym_country(o.text)
                        if country is not None:
                            return country.name, "GPE", o.i
        if owner is not None:
            # "its employees", "Chrysler's staff" (and "its ambassador from Minsk" is its own)
            cl = self._pronoun(owner) if owner.tag_ == "PRP$" else self._token_cluster.get(owner.i)
            if cl is not None and not cl.group and cl.vote() in ("ORG", "GPE", "ACTOR"):
                return (cl.name, "GPE" if cl.country else cl.vote(), owner.i)
        return None

    # -- resolving arguments ----------------------------------------------------------------------

    def cluster_of(self, tok: Token) -> _Cluster | None:
        """The entity cluster a token belongs to, pronouns resolved."""
        cl = self._token_cluster.get(tok.i) or self._appos.get(tok.i)  # ("the general secretary, Tony Woodley")
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
            if spk is None:
                spk = self._reporter_of(tok)  # "X said in a statement that ... our challenge": a quote whose marks are lost
            if spk is None:
                # "... our challenge. However, we are heartened": the same speaker goes on
                k = self._sent_of(tok.i)
                if k > 0 and not any(self.lex.has_role(t.lemma_.lower(), "reporting") for t in self._sents[k] if t.pos_ == "VERB"):
                    spk = next(
                        (r for t in self._sents[k - 1] if t.lower_ in FIRST_SINGULAR | FIRST_PLURAL and self.speakers.get(t.i) is None and (r := self._reporter_of(t)) is not None),
                        None,
                    )
            if spk is not None:
                spk_tok = self.doc[spk]
                result = (
                    self._token_cluster.get(spk_tok.i)
                    or self._appos.get(spk_tok.i)  # "said the union's leader, Tony Woodley"
                    or (self._pronoun(spk_tok) if spk_tok.pos_ == "PRON" and spk_tok.lower_ not in FIRST_SINGULAR else None)
                )
                if result is not None and low in FIRST_PLURAL and result.vote() in ("PERSON", "GROUP") and result.affiliation:
                    # a minister's "we" is the government they speak for; a spokesman's, the firm
                    # (an opposition leader's is not the state: "we will not accept the result")
                    country = self._clusters.get("country:" + result.affiliation)
                    if country is None or not any(self._title_kind(title) == "opposition" for title in result.titles):
                        result = country or self._clusters.get("name:" + result.affiliation) or result
        elif (ahead := self._fronted_subject(tok)) is not None and (
            (low in MALE_PRONOUNS | FEMALE_PRONOUNS and ahead.vote() == "PERSON" and ahead.gender in ("M" if low in MALE_PRONOUNS else "F", None))
            or (low in NEUTER_PRONOUNS and not ahead.group and ahead.vote() in ("ORG", "GPE", "ACTOR"))
        ):
            # "In its statement, Borealis said": a possessive in a phrase before the subject
            # looks ahead to it
            result = ahead
        elif low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
            want = "M" if low in MALE_PRONOUNS else "F"
            # an object pronoun is not its own clause's subject: in "Wang urged him", him is
            # not Wang (reflexives, "himself", are)
            own = self._clause_subject(tok) if low in ("him", "her") and tok.dep_ in ("dobj", "dative", "pobj", "nsubj") else None
            result = self._antecedent(tok, lambda c: c.vote() == "PERSON" and c.gender in (want, None) and c is not own)
        elif low in PLURAL_PRONOUNS:
            # "Congress required them": them is not Congress
            own = self._clause_subject(tok) if low == "them" and tok.dep_ in ("dobj", "dative") else None
            ok = lambda c: (c.vote() in ("ORG", "NORP") or (c.group and c.plural)) and c is not own  # noqa: E731
            found = self._scored_antecedent(tok, ok, plural=True)
            listed = self._listed_antecedent(tok, own)
            thing = None if self._agentive(tok) else self._thing(tok, plural=True)
            if found is not None and not (found[1].group and found[1].plural):
                # a single firm is "they" less often than plural things are: "bought six jets
                # from Boeing and sold them to Virgin" (the jets)
                found = (found[0] - 1.5, found[1])
            if thing is not None and (found is None or thing >= found[0]) and (listed is None or thing >= listed[0]):
                pass  # things, no entity
            elif listed is not None and (found is None or listed[0] >= found[0]):
                self._sets[tok.i] = listed[1]  # "GM and Chrysler ... they": both
            elif found is not None:
                result = found[1]
        elif low in NEUTER_PRONOUNS and not _dummy_it(tok, self.lex) and not _idiom_it(tok):
            own = self._clause_subject(tok) if low == "it" and tok.dep_ in ("dobj", "pobj", "dative") else None
            found = self._scored_antecedent(
                tok, lambda c: (c.vote() in ("ORG", "ACTOR") or c.country or (c.group and not c.plural) or (c.vote() == "GPE" and self._speaks(c))) and c is not own
            )
            thing = None if self._agentive(tok) else self._thing(tok, plural=False)
            # "after the plane was delivered in Singapore, it was flown to Toulouse": it is
            # the plane, which is no entity, not Singapore
            result = found[1] if found is not None and (thing is None or thing < found[0]) else None
        self._pronoun_cache[tok.i] = result
        return result

    def _reporter_of(self, tok: Token) -> int | None:
        """The subject of the reporting verb whose that-clause holds the first-person ``tok``
        that no quotation gives a speaker, or None."""
        k = tok
        for _ in range(12):
            head = k.head
            if head.i == k.i:
                return None
            reporter = None
            if k.dep_ in ("ccomp", "conj") and head.pos_ == "VERB" and self.lex.has_role(head.lemma_.lower(), "reporting"):
                reporter = head  # (a news story's own words say no "we": "X said ..., and that is our challenge")
            elif k.dep_ == "acl" and head.dep_ == "pobj" and head.head.head.pos_ == "VERB" and self.lex.has_role(head.head.head.lemma_.lower(), "reporting"):
                reporter = head.head.head  # "said in a statement that ... our challenge"
            if reporter is not None:
                subj = next((c for c in reporter.children if c.dep_ == "nsubj"), None)
                return subj.i if subj is not None and subj.pos_ != "PRON" else None
            if k.dep_ in ("relcl", "acl", "advcl") and k is not tok:
                return None
            k = head
        return None

    def _fronted_subject(self, tok: Token) -> _Cluster | None:
        """The entity that is the subject of the main verb when ``tok`` is a possessive in a
        prepositional phrase before that subject ("In its statement, Borealis said"), else
        None."""
        if tok.dep_ != "poss" or tok.head.dep_ != "pobj":
            return None
        prep = tok.head.head
        verb = prep.head
        if prep.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX") or prep.i > verb.i:
            return None
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.i < prep.i or not any(c.dep_ == "punct" and c.i < subj.i and c.i > tok.i for c in verb.children):
            return None  # (set off by a comma: "In its statement, X said")
        return self._token_cluster.get(subj.i)

    def _speaks(self, cl: _Cluster) -> bool:
        """Is ``cl`` the subject of a reporting verb somewhere in the document? A name typed as
        a place that says things ("Cisco states that") is most likely an organisation."""
        if self._speakers_found is None:
            self._speakers_found = self._speaking_clusters()  # asked once clusters are final
        return id(cl) in self._speakers_found

    def _speaking_clusters(self) -> set[int]:
        """The ids of the clusters that are, as they stand now, subjects of reporting verbs."""
        found: set[int] = set()
        for t in self.doc.tokens:
            if t.dep_ == "nsubj" and t.head.pos_ == "VERB" and self.lex.has_role(t.head.lemma_.lower(), "reporting"):
                c = self._token_cluster.get(t.i)
                if c is not None:
                    found.add(id(c))
        return found

    def _clause_subject(self, tok: Token) -> _Cluster | None:
        """The entity that is the subject of the clause whose object ``tok`` is (or whose
        object ``tok`` is read as the subject of an infinitive: "he asked her to present")."""
        verb = tok.head
        if tok.dep_ == "nsubj" and verb.dep_ in ("ccomp", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            verb = verb.head
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
        found = self._scored_antecedent(tok, ok, plural)
        return found[1] if found else None

    def _agentive(self, tok: Token) -> bool:
        """Is the pronoun ``tok`` the subject of a verb only an actor does (one that says or
        acts on others: "it thanked France", "they said")? Things are then no antecedents."""
        verb = tok.head
        if tok.dep_ != "nsubj" or verb.pos_ != "VERB":
            return False
        lemma = verb.lemma_.lower()
        if self.lex.has_role(lemma, "reporting"):
            return True
        entry = self.lex.interaction(lemma)
        return entry is not None and entry.cls != "neutral"

    def _thing(self, tok: Token, plural: bool) -> float | None:
        """The score (as :meth:`_scored_antecedent` gives it) of the most salient thing a
        pronoun at ``tok`` may refer to, in the same sentence or the one before, or None: for
        "it", a definite singular noun subject that names no entity ("the plane", "the deal");
        for "they"/"them", a plural noun subject or object that names none ("six jets")."""
        k = self._sent_of(tok.i)
        best = None
        lex = self.lex
        patient = tok.dep_ in ("dobj", "nsubjpass")
        for sk in (k, k - 1):
            if sk < 0:
                continue
            for t in self._sents[sk]:
                if sk == k and t.i >= tok.i:
                    break
                if t.pos_ != "NOUN" or t.tag_ != ("NNS" if plural else "NN"):
                    continue
                if t.dep_ not in (("nsubj", "nsubjpass", "dobj") if plural or patient else ("nsubj", "nsubjpass")):
                    continue
                lemma = t.lemma_.lower()
                if t.i in self._token_cluster or t.i in self._appos or t.i in self._sets or lemma in lex.actor_nouns or lemma in lex.descriptors:
                    continue
                if not plural and not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in t.children):
                    continue
                if lex.title(t.lower_) is not None:
                    continue
                if t.dep_ == "nsubj" and t.head.lemma_ == "be" and any(a.dep_ == "attr" and a.i in self._token_cluster for a in t.head.children):
                    continue  # "the biggest loser was Orvo, which lost half its value": Orvo
                score = 10.0 * (1 if sk == k else 0) - 3.0 * (k - sk)
                if t.dep_ == "dobj":
                    # a pronoun that undergoes the act takes up an object that did, as a subject
                    # takes up a subject ("made trucks ... sells them"; "signed the plan after it
                    # was amended")
                    score += 1 + (4 if patient else 0)
                else:
                    # (a subject of an embedded clause is less salient: "X said the deal was good")
                    score += 4 - (0 if t.head.dep_ == "ROOT" else 1)
                if best is None or score > best:
                    best = score
        return best

    def _listed_antecedent(self, tok: Token, own: _Cluster | None = None) -> tuple[float, tuple[_Cluster, ...]] | None:
        """The most salient list of named entities ("GM and Chrysler") a plural pronoun at
        ``tok`` may refer to, scored as :meth:`_scored_antecedent` scores one entity, with a
        bonus: a list is plural, a single firm only sometimes "they"."""
        k = self._sent_of(tok.i)
        lo = max(0, k - _PRONOUN_WINDOW)
        outside = tok.i not in self._quoted
        best: tuple[float, tuple[_Cluster, ...]] | None = None
        # lists, and plural mentions already read as lists ("the two companies")
        earlier = [(self._sent_of(i), self.doc[i], m) for i, m in self._sets.items() if i < tok.i]
        for sk, head, members in [*self._coordinations(), *earlier]:
            if sk < lo or sk > k or head.i >= tok.i or (outside and head.i in self._quoted):
                continue
            if own is not None and own in members:
                continue
            if any(m.vote() not in ("ORG", "NORP", "PERSON", "GPE", "ACTOR") for m in members):
                continue
            score = _salience(k, sk, head) + 2 + head.i / 1000.0
            if best is None or score > best[0]:
                best = (score, members)
        return best

    def _scored_antecedent(self, tok: Token, ok, plural: bool = False) -> tuple[float, _Cluster] | None:
        k = self._sent_of(tok.i)
        lo = max(0, k - _PRONOUN_WINDOW)
        best: tuple[float, _Cluster] | None = None
        outside = tok.i not in self._quoted
        for sk in range(k, lo - 1, -1):
            sent = self._sents[sk]
            for t in sent:
                if sk == k and t.i >= tok.i:
                    break
                cl = self._token_cluster.get(t.i)
                if cl is None or not ok(cl) or (outside and t.i in self._quoted):
                    continue
                if t.ent_iob_ == "I" and self._token_cluster.get(t.i - 1) is cl:
                    continue  # count an entity once, at its first token (of the name: "Ms Lind" is Lind's)
                head = t if not t.ent_type_ else _entity_head(t)
                if head.dep_ in ("amod", "compound", "nmod") and (plural or head.head.i in self._token_cluster):
                    continue  # "Japanese counterparts": a nationality word is not a group that acts
                score = _salience(k, sk, head) - (1 if head.dep_ == "poss" else 0)
                score += t.i / 1000.0  # recency breaks ties
                if best is None or score > best[0]:
                    best = (score, cl)
        return best

    def members(self, tok: Token) -> tuple[_Cluster, ...] | None:
        """The named entities a plural mention stands for ("they" after "GM and Chrysler",
        "the two companies"), or None when it stands for one entity or none."""
        if tok.i not in self._sets and tok.lower_ in PLURAL_PRONOUNS and tok.pos_ == "PRON":
            self._pronoun(tok)
        return self._sets.get(tok.i)

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
        members = self.members(head)
        if members:
            each = tuple(Resolved(m.name, m.vote(), m.affiliation, text, True) for m in members)
            return Resolved(each[0].name, each[0].type, each[0].affiliation, text, True, each)
        if head.pos_ == "PRON" or (len(arg.core) == 1 and head.lower_ in ALL_PRONOUNS):
            cl = self.cluster_of(head)
            if cl is None:
                return None
            return Resolved(cl.name, cl.vote(), cl.affiliation, head.text, True)
        cl = (self._appos.get(head.i) if appositions else None) or self._variants.get((head.i, arg.core)) or self._token_cluster.get(head.i)
        if cl is not None and cl.group and not appositions:
            cl = None  # "the minister, Lena Ruiz": read the role phrase itself
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
        """The document's entities with aliases, titles, affiliation and every mention (by
        name, description or pronoun)."""
        refs: dict[int, list[Mention]] = defaultdict(list)
        for tok, cl in self.pronoun_mentions():
            refs[id(cl)].append(Mention(tok.text, self.offset + tok.idx, self.offset + tok.idx + len(tok.text), self.evidence(tok)))
        for i, members in self._sets.items():
            tok = self.doc[i]
            if tok.lower_ in PLURAL_PRONOUNS:  # (descriptions were recorded when they were resolved)
                for m in members:
                    refs[id(m)].append(Mention(tok.text, self.offset + tok.idx, self.offset + tok.idx + len(tok.text), self.evidence(tok)))
        out = []
        for cl in self._clusters.values():
            if not cl.mentions:
                continue
            aliases = tuple(sorted(((a, n) for a, n in cl.aliases.items() if n > 0), key=lambda x: (-x[1], x[0])))
            mentions = cl.mentions
            more = [*cl.references, *refs.get(id(cl), ())]
            if more:
                mentions = sorted([*mentions, *more], key=lambda m: m.start)
            out.append(
                Entity(
                    name=cl.name,
                    type=cl.vote(),
                    aliases=aliases,
                    titles=tuple(cl.titles),
                    affiliation=cl.affiliation,
                    mentions=tuple(mentions),
                )
            )
        return out

    def affiliations(self) -> Iterator[tuple[str, str | None, str, str | None, Token, str]]:
        """What the document says its people and groups belong to: (member name, member type,
        organisation or country, its type, evidence token, the words that say so)."""
        doc = self.doc
        for cl in self._clusters.values():
            if not cl.mentions:
                continue
            if cl.organisations:
                continue  # "Japanese carmakers" are not members of Japan
            for name, type_, ev, how in cl.affiliations:
                yield cl.name, cl.vote(), name, type_, doc[ev], how

    def pronoun_mentions(self) -> Iterable[tuple[Token, _Cluster]]:
        """Pronouns resolved to an entity, with their entity."""
        for t in self.doc.tokens:
            if t.pos_ == "PRON" and t.lower_ in _RESOLVABLE:
                cl = self._pronoun(t)
                if cl is not None:
                    yield t, cl


_CALENDAR_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
     "may", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday", "tomorrow"}
)


def _new_thing(ent: SpanView) -> bool:
    """Is the name written as a new product ("the new iPod", "its latest Mac", "the new 787
    Zephyr"), or does it carry a model number ("the A350", "the Zephyr 900")?"""
    doc = ent.doc
    k = ent.start - 1
    while k >= 0 and _model_number(doc[k].text):
        k -= 1
    before = doc[k] if k >= 0 else None
    if before is not None and before.lower_ in ("new", "latest", "newest") and before.dep_ == "amod" and ent.start <= before.head.i < ent.end + 1:
        return True  # ("a new European Union member": new is the member's)
    after = doc[ent.end] if ent.end < len(doc) else None
    # "the Zephyr 900" (the number modifies the name), not "Kestrel A350" (the maker's name
    # before a model)
    return any(_model_number(t.text) for t in doc[ent.start : ent.end]) or (
        after is not None and _model_number(after.text) and after.ent_type_ in ("", "CARDINAL", "PRODUCT") and after.head.i == ent.end - 1
        and doc[ent.end - 1].dep_ not in ("compound", "nmod", "amod") and ent.label_ != "ORG"  # ("the Kestrel 900": a firm's model)
    )


# roles no organisation holds: a name in apposition to one is a person's, even with a given
# name kg does not know ("His spokesman, Piotr Lenk,"); a firm can be an "adviser"
_PERSON_ONLY_ROLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "minister", "president", "ambassador", "envoy", "governor", "mayor", "senator", "chairman", "chairwoman", "premier", "chancellor"})
# group nouns that are mass nouns when bare ("use force")
_MASS_SENSES = frozenset({"force"})
# nouns a product's name stands before as the name of the thing itself
_NAME_KIND_NOUNS = frozenset({"brand", "model", "marque"})
# what a product is taken out of ("cut X from production", "pulled X off the market")
_PRODUCTION_NOUNS = frozenset({"production", "sale", "market", "shelf"})


# institutions a text names by their last word once it has given the full name ("the
# European Commission ... the Commission")
_INSTITUTION_WORDS = frozenset({"commission", "council", "parliament", "court", "senate", "congress", "assembly", "committee", "bank", "union", "ministry", "department", "agency", "board", "tribunal", "house"})

# words that end an organisation's full name without naming anything of their own
_GENERIC_ENDINGS = frozenset({"department", "ministry", "agency", "bureau", "administration", "company", "corporation", "inc", "corp", "group", "co", "plc", "ltd"})


def _generic_ending(words: list[str]) -> bool:
    """Are ``words`` (lower case) a generic ending of an organisation name ("department")?"""
    return bool(words) and all(w.strip(".") in _GENERIC_ENDINGS for w in words)


def _model_number(word: str) -> bool:
    """A model number: three or more digits, maybe with letters ("787", "A350", "KC-45" is
    too short), not a year ("2009")."""
    if _THREE_DIGITS.search(word) is None or not word[:1].isalnum() or "," in word or "." in word:
        return False
    return not (word.isdigit() and len(word) == 4 and word[:2] in ("19", "20"))


_THREE_DIGITS = re.compile(r"\d\D*\d\D*\d")


# how many sentences after a headline line may name what it describes
_HEADLINE_LEAD = 3


def _has_title(cl: _Cluster, role: str, of_phrases: bool = False) -> bool:
    """Does one of ``cl``'s titles end with ``role`` ("U.S. Defense Secretary" has
    "defense secretary" and "secretary")? With ``of_phrases``, a title with an "of" or "for"
    phrase counts in both orders ("minister of transport for Indonesia" is a "transport
    minister", "defence minister of Chile" a "defence minister")."""
    words = role.split()
    for title in cl.titles:
        forms = [title.lower().replace("-", " ")]
        if of_phrases:
            parts = re.split(r" (?:of|for) ", forms[0])
            if len(parts) > 1:
                forms += [parts[0], f"{parts[1]} {parts[0]}"]
        for form in forms:
            if form.split()[-len(words):] == words:
                return True
    return False


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}


def _set_off(clause: Token) -> bool:
    """Is the relative clause headed by ``clause`` set off by a comma (non-restrictive: "the
    two companies, which agreed")?"""
    first = clause.left_edge
    return first.i > 0 and clause.doc[first.i - 1].text == ","


def _relative_clause_of(t: Token) -> Token | None:
    """The relative clause ``t`` stands in, if any (its verb)."""
    k = t
    for _ in range(8):
        if k.dep_ == "relcl":
            return k
        if k.head.i == k.i:
            return None
        k = k.head
    return None


def _set_count(t: Token) -> int | None:
    """How many a plural mention counts: "the two companies" 2, "both firms" 2, "the three"
    3; None when it gives no number."""
    if t.lower_ in _NUMBER_WORDS:
        return _NUMBER_WORDS[t.lower_]
    for c in t.children:
        if c.dep_ in ("nummod", "det", "predet") and c.lower_ in _NUMBER_WORDS:
            return _NUMBER_WORDS[c.lower_]
    return None


def _head_acts(toks: Sequence[Token]) -> bool:
    """Is the name made of ``toks`` a subject, as an actor is (not a place, nor a possessor:
    "London's mayor" is the city's), or joined to one ("Ottawa and Washington signed")?"""
    return _first_conjunct(_entity_head(toks[-1])).dep_ in ("nsubj", "nsubjpass")


def _first_conjunct(t: Token) -> Token:
    """The first of the words coordinated with ``t`` ("Ottawa" of "Ottawa and Washington"),
    which holds the role of them all."""
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t


def _conjuncts(t: Token) -> list[Token]:
    """``t`` and the words coordinated with it, in order ("Belgium, France and Spain")."""
    out = [t]
    for c in t.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return sorted(out, key=lambda k: k.i)


def _salience(k: int, sk: int, head: Token) -> float:
    """How salient a mention headed by ``head`` in sentence ``sk`` is for a pronoun in
    sentence ``k``: its own sentence counts most, each sentence back less, a subject more than
    an object; a name in apposition plays its head's part ("the planemaker, Airbus, has won")."""
    score = 10.0 * (1 if sk == k else 0) - 3.0 * (k - sk)
    dep = head.head.dep_ if head.dep_ == "appos" else head.dep_
    if dep in ("nsubj", "nsubjpass"):
        score += 4
    elif dep in ("dobj", "pobj", "attr"):
        score += 1
    return score


def _idiom_it(tok: Token) -> bool:
    """An "it" of an idiom, that stands for no one: "make it through the year", "made it to
    the final"."""
    head = tok.head
    return (
        tok.lower_ == "it"
        and tok.dep_ == "dobj"
        and head.lemma_.lower() == "make"
        and any(c.dep_ == "prep" and c.lower_ in ("through", "to", "past", "into") and c.i > tok.i for c in head.children)
    )


def _dummy_it(tok: Token, lex: Lexicon | None = None) -> bool:
    """Is ``tok`` an "it" that stands for no one ("it is expected that ...", "it seems", "it
    would be unwise to")? Not before an adjective whose subject acts ("it was ready to buy",
    "it is likely to win": ``verbs.tsv`` modality_adj and negating_adj)."""
    if tok.lower_ != "it" or tok.dep_ not in ("nsubj", "nsubjpass", "expl"):
        return tok.dep_ == "expl"
    verb = tok.head
    lemma = verb.lemma_.lower()
    if lemma not in _DUMMY_IT_VERBS:
        return False
    if lemma in ("rain", "snow"):
        return True

    def acting(adj: Token) -> bool:
        return lex is not None and (lex.has_role(adj.lower_, "modality_adj") or lex.has_role(adj.lower_, "negating_adj"))

    for c in verb.children:
        if c.i < tok.i:
            continue
        if c.dep_ in ("ccomp", "csubj") or (c.dep_ == "xcomp" and lemma != "be"):
            return True  # "it seems that", "it is said that"
        if c.dep_ in ("acomp", "attr") and any(k.dep_ in ("xcomp", "ccomp") for k in c.children) and not acting(c):
            return True  # "it is important to", "it was a mistake to"
    adjs = [c for c in verb.children if c.dep_ == "acomp"]
    if lemma == "be" and adjs and not any(acting(a) for a in adjs) and any(
        c.dep_ == "xcomp" and any(k.dep_ == "aux" and k.lower_ == "to" for k in c.children) for c in verb.children
    ):
        return True  # "it would be irresponsible to weaken", the infinitive hung on the verb
    return False


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
