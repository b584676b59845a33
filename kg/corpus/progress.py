"""A one-line progress report on standard error: documents, words, words per second.

Silent when standard error is not a terminal, or when asked to be quiet.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Counts documents and words and redraws one status line at most ten times a second.

    Args:
        enabled: None to show only on a terminal; True or False to force.
        stream: Where to write (standard error by default).
        label: Word before the counts ("reading").
    """

    def __init__(self, enabled: bool | None = None, stream: TextIO | None = None, label: str = "reading") -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.label = label
        self.docs = 0
        self.words = 0
        self.start = time.perf_counter()
        self._last = 0.0
        self._drawn = False

    def update(self, docs: int = 0, words: int = 0) -> None:
        """Add to the counts and redraw if it is time."""
        self.docs += docs
        self.words += words
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.1:
            return
        self._last = now
        self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-9)
        line = f"{self.label}: {self.docs:,} documents, {self.words:,} words, {self.words / elapsed:,.0f} words/s, {elapsed:.1f} s"
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Draw the final counts and end the line."""
        if self.enabled:
            self._draw(time.perf_counter())
            self.stream.write("\n")
            self.stream.flush()

    @property
    def rate(self) -> float:
        """Words per second so far."""
        return self.words / max(time.perf_counter() - self.start, 1e-9)
