"""The one family of errors kg raises.

Every message says what was wrong and what to do about it, so the CLI can print it on one
line without a traceback.
"""

from __future__ import annotations

__all__ = [
    "KgError",
    "PipelineError",
    "InputError",
    "GraphFormatError",
    "EntityNotFound",
    "LexiconError",
]


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class PipelineError(KgError):
    """No usable spaCy pipeline: not installed, not found, or missing a component kg needs."""


class InputError(KgError):
    """An input (file, directory, JSONL line, text) that kg cannot read."""


class GraphFormatError(KgError):
    """A saved graph file that is corrupt, of another program, or of an unknown format version."""


class EntityNotFound(KgError, KeyError):
    """A name that matches no entity of the graph."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class LexiconError(KgError):
    """A word-list or interaction table (shipped or user-supplied) that cannot be read."""
