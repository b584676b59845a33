"""Atomic file writes: a temporary file in the same directory, then a rename.

A run stopped by Ctrl-C or SIGTERM leaves either the old file or the new one, never a
truncated one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.errors import KgError

__all__ = ["atomic_write_text", "atomic_open"]


@contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path``.

    Missing parent directories are created.

    Raises:
        KgError: The directory cannot be created or written, or ``path`` is a directory.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()  # write the file the link points to; keep the link
    if target.is_dir():
        raise KgError(f"cannot write {target}: it is a directory; give a file name")
    if target.exists() and not target.is_file():
        # a device or a pipe (/dev/stdout, a FIFO): write into it; renaming would replace it
        try:
            fh = open(target, mode, encoding=None if "b" in mode else encoding, newline=None if "b" in mode else newline)
        except OSError as exc:
            raise KgError(f"cannot write {target}: {exc.strerror or exc}") from None
        with fh:
            yield fh
        return
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot write {target}: cannot create the directory {directory} ({exc.strerror or exc})") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise KgError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else encoding, newline=None if "b" in mode else newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the usual mode of a new file
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8)."""
    with atomic_open(path) as fh:
        fh.write(text)
