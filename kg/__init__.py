"""kg: build a knowledge graph of who interacts with whom from news articles.

Text goes through spaCy (parse and named entities), then kg's stages: **extract** clause-level
triples from the dependency parse, **resolve** entities (aliases, titles, pronouns, demonyms),
**graph** them with networkx behind a query API, and **render** an interactive HTML page.

Example:
    >>> import kg
    >>> nlp = kg.load_pipeline()  # doctest: +SKIP
    >>> graph = kg.build(["examples/article.txt"], nlp=nlp)  # doctest: +SKIP
    >>> graph.query(subject="mattis", relation="meet")  # doctest: +SKIP
    >>> graph.to_html("graph.html")  # doctest: +SKIP
    >>> store = kg.open("news.kgdb")  # a corpus store built with kg build --into  # doctest: +SKIP

Heavy modules (spaCy, networkx) are imported on first use, so ``import kg`` is quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "KgError": "kg.errors",
    "PipelineError": "kg.errors",
    "InputError": "kg.errors",
    "GraphFormatError": "kg.errors",
    "EntityNotFound": "kg.errors",
    "LexiconError": "kg.errors",
    "Evidence": "kg.model",
    "Argument": "kg.model",
    "Triple": "kg.model",
    "Mention": "kg.model",
    "Entity": "kg.model",
    "Quote": "kg.model",
    "load_pipeline": "kg.pipeline",
    "Document": "kg.corpus.inputs",
    "Problem": "kg.corpus.inputs",
    "iter_documents": "kg.corpus.inputs",
    "Columns": "kg.corpus.inputs",
    "Lexicon": "kg.lexicon",
    "load_lexicon": "kg.lexicon",
    "Proposition": "kg.extract",
    "propositions": "kg.extract",
    "analyze": "kg.analysis",
    "extract_triples": "kg.analysis",
    "DocResult": "kg.analysis",
    "KnowledgeGraph": "kg.graph.graph",
    "load": "kg.graph.graph",
    "DocumentInfo": "kg.graph.graph",
    "Timeline": "kg.graph.graph",
    "Store": "kg.graph.store",
    "open": "kg.graph.store",
    "build": "kg.corpus.engine",
    "render_html": "kg.render.page",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from kg.analysis import DocResult, analyze, extract_triples
    from kg.corpus.engine import build
    from kg.corpus.inputs import Columns, Document, Problem, iter_documents
    from kg.errors import EntityNotFound, GraphFormatError, InputError, KgError, LexiconError, PipelineError
    from kg.extract import Proposition, propositions
    from kg.graph.graph import DocumentInfo, KnowledgeGraph, Timeline, load
    from kg.graph.store import Store, open
    from kg.lexicon import Lexicon, load_lexicon
    from kg.model import Argument, Entity, Evidence, Mention, Quote, Triple
    from kg.pipeline import load_pipeline
    from kg.render.page import render_html
