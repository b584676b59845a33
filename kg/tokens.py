"""A read-only, pure-Python view of a parsed ``Doc``, for the extraction rules.

spaCy's ``Token`` objects are made anew on every access (``doc[i]``, ``token.head``,
``token.children``) and each string attribute is looked up in the string store, which makes
rules that walk the parse many times cost more than the parse itself. A :class:`DocView`
reads every attribute kg needs once, with ``Doc.to_array``, into plain objects that keep
spaCy's attribute names (``dep_``, ``pos_``, ``head``, ``children``, ``subtree``...), so the
rules read the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc

__all__ = ["DocView", "SpanView", "StringCache", "TokenView", "view_of"]

_ATTRS = ["ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_TYPE", "ENT_IOB", "IDX", "IS_PUNCT", "IS_SPACE", "SENT_START"]
_IOB = ("", "I", "O", "B")
_MAX_CACHED_STRINGS = 500_000


def _index(t: TokenView) -> int:
    return t.i


class TokenView:
    """One token: the attributes of spaCy's ``Token`` that kg's rules read."""

    __slots__ = (
        "i", "text", "lower_", "lemma_", "pos_", "tag_", "dep_", "ent_type_", "ent_iob_", "idx",
        "is_punct", "is_space", "is_sent_start", "head", "children", "doc",
    )

    def __len__(self) -> int:
        return len(self.text)

    @property
    def is_title(self) -> bool:
        return self.text.istitle()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()

    def __repr__(self) -> str:
        return self.text

    @property
    def lefts(self) -> list[TokenView]:
        return [c for c in self.children if c.i < self.i]

    @property
    def rights(self) -> list[TokenView]:
        return [c for c in self.children if c.i > self.i]

    @property
    def subtree(self) -> list[TokenView]:
        """The token and all its descendants, in document order."""
        cache = self.doc._subtrees
        found = cache.get(self.i)
        if found is None:
            out = [self]
            stack = list(self.children)
            while stack:
                t = stack.pop()
                out.append(t)
                stack.extend(t.children)
            out.sort(key=_index)
            found = cache[self.i] = out
        return found

    @property
    def left_edge(self) -> TokenView:
        return self.subtree[0]

    @property
    def right_edge(self) -> TokenView:
        return self.subtree[-1]


class SpanView:
    """A slice of a :class:`DocView` (a sentence, an entity)."""

    __slots__ = ("doc", "start", "end", "label_")

    def __init__(self, doc: DocView, start: int, end: int, label: str = "") -> None:  # noqa: D107
        self.doc = doc
        self.start = start
        self.end = end
        self.label_ = label

    def __iter__(self) -> Iterator[TokenView]:
        return iter(self.doc.tokens[self.start : self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, i: int) -> TokenView:
        return self.doc.tokens[self.start : self.end][i]

    @property
    def root(self) -> TokenView:
        """The token whose head lies outside the span (the first such one)."""
        for t in self:
            h = t.head.i
            if h == t.i or not (self.start <= h < self.end):
                return t
        return self.doc.tokens[self.start]

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        first, last = self.doc.tokens[self.start], self.doc.tokens[self.end - 1]
        return self.doc.text[first.idx : last.idx + len(last.text)]


class StringCache(dict):
    """Strings of a spaCy string store by id (hash or symbol), each looked up once: a hash
    names the same string in every pipeline, so one cache serves a whole corpus."""

    store: Any = None

    def __reduce__(self) -> tuple:
        return (StringCache, ())  # a cache travels to a worker process empty

    def __missing__(self, key: int) -> str:
        try:
            value = self.store[key] if key else ""
        except (KeyError, IndexError, OverflowError):
            value = ""
        self[key] = value
        return value


class DocView(list):
    """All tokens of a ``Doc`` as :class:`TokenView` objects, with its sentences and text.

    It is a list of its tokens, so ``view[i]`` and ``len(view)`` cost what a list's do (the
    rules index tokens hundreds of thousands of times); a slice is a plain list of tokens.

    Attributes:
        doc: The spaCy document.
        text: Its text.
        tokens: One view per token.
        user_data: Scratch space for the rules' per-document caches.
    """

    def __init__(self, doc: Doc, text: str | None = None, strings: StringCache | None = None) -> None:
        """Read ``doc`` (whose text is ``text``, if at hand). ``strings`` is a cache of
        string-store look-ups (hash -> string) to share across documents: a hash names the
        same string in every pipeline, and looking each one up once saves time on a corpus."""
        self.doc = doc
        self.text = text if text is not None else doc.text
        self.user_data: dict[str, Any] = {}
        self._entities: dict[int, SpanView] | None = None
        self._subtrees: dict[int, list[TokenView]] = {}
        super().__init__()
        n = len(doc)
        tokens: list[TokenView] = self
        self.tokens = self
        if not n:
            self.sents = []
            return
        arr = doc.to_array(_ATTRS)
        names = strings if isinstance(strings, StringCache) else StringCache()
        if len(names) > _MAX_CACHED_STRINGS:
            names.clear()  # a cache, not a second string store: keep it bounded
        names.store = doc.vocab.strings  # string ids (symbols or hashes) are looked up once each
        cols = arr.T.tolist()
        get = names.__getitem__
        orth, lower, lemma, pos, tag, dep = (list(map(get, cols[k])) for k in range(6))
        heads = [i + (h - (1 << 64) if h >= (1 << 63) else h) for i, h in enumerate(cols[6])]
        ent = list(map(get, cols[7]))
        iob = [_IOB[h] if 0 <= h < 4 else "" for h in cols[8]]
        idx, punct, space, sent = cols[9], cols[10], cols[11], cols[12]
        new = TokenView.__new__
        append = tokens.append
        # one pass over the columns side by side (indexing each column per token costs more)
        for i, o, lo, le, p, tg, dp, en, io, ix, pu, sp, st in zip(range(n), orth, lower, lemma, pos, tag, dep, ent, iob, idx, punct, space, sent):
            t = new(TokenView)
            t.i = i
            t.text = o
            t.lower_ = lo
            t.lemma_ = le
            t.pos_ = p
            t.tag_ = tg
            t.dep_ = dp
            t.ent_type_ = en
            t.ent_iob_ = io
            t.idx = ix
            t.is_punct = pu == 1
            t.is_space = sp == 1
            t.is_sent_start = st == 1 or i == 0
            t.children = []
            t.doc = self
            append(t)
        for t, h in zip(tokens, heads):
            if h != t.i:
                head = tokens[h]
                t.head = head
                head.children.append(t)
            else:
                t.head = t
        from kg.repairs import repair

        repair(tokens)  # the parser's known slips, mended before any rule reads them
        starts = [i for i in range(n) if i == 0 or sent[i] == 1]
        self.sents = [SpanView(self, a, b) for a, b in zip(starts, starts[1:] + [n])]

    def release(self) -> None:
        """Break the token links (heads, children, the view itself), so the view is freed at
        once by reference counting instead of waiting for the cycle collector, whose passes
        over a growing heap would slow down a long run."""
        for t in self:
            t.head = None
            t.children = None
            t.doc = None
        self._subtrees.clear()
        self._entities = None
        self.sents = []
        self.user_data.clear()
        self.clear()

    __hash__ = object.__hash__  # a view is one document, not a value

    def __eq__(self, other: object) -> bool:
        return self is other

    def span(self, start: int, end: int, label: str = "") -> SpanView:
        return SpanView(self, start, end, label)

    @property
    def ents(self) -> list[SpanView]:
        """The named entities, labelled, read from the tokens' IOB tags (``Doc.ents`` builds
        spaCy ``Span`` objects, which costs more)."""
        out: list[SpanView] = []
        start = -1
        label = ""
        for t in self:
            if t.ent_iob_ == "I" and start >= 0:
                continue
            if start >= 0:
                out.append(SpanView(self, start, t.i, label))
            start, label = (t.i, t.ent_type_) if t.ent_type_ and t.ent_iob_ in ("B", "I") else (-1, "")
        if start >= 0:
            out.append(SpanView(self, start, len(self), label))
        return out

    def entity_of(self, i: int) -> SpanView | None:
        """The named-entity span holding token ``i`` (label left empty, as a slice of a
        ``Doc`` has), or None."""
        spans = self._entities
        if spans is None:
            spans = self._entities = {}
            tokens = self.tokens
            start = None
            for t in tokens:
                if t.ent_iob_ == "I" and start is not None:
                    continue
                if start is not None:
                    span = SpanView(self, start, t.i)
                    for k in range(start, t.i):
                        spans[k] = span
                start = t.i if t.ent_type_ else None
            if start is not None:
                span = SpanView(self, start, len(tokens))
                for k in range(start, len(tokens)):
                    spans[k] = span
        return spans.get(i)


def view_of(doc: Doc | DocView, text: str | None = None) -> DocView:
    """A :class:`DocView` of ``doc`` (``doc`` itself if it is one already)."""
    return doc if isinstance(doc, DocView) else DocView(doc, text)
