"""Opening inputs: read-only, regular files only, every OS error a clear ``ImageReadError``."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from brandcheck.errors import ImageReadError


def open_regular(p: Path) -> int:
    """A read-only descriptor of ``p``, refused unless it is a regular file.

    Opened with ``O_NONBLOCK`` and checked with ``fstat`` on the descriptor (not a ``stat``
    of the name before opening, which a rename could race): a FIFO would otherwise block
    the open forever, and ``/dev/zero`` or a socket would be read without end.
    """
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise ImageReadError("no such file", path=str(p)) from exc
    except IsADirectoryError as exc:
        raise ImageReadError("is a directory, not an image", path=str(p)) from exc
    except OSError as exc:
        try:  # a socket cannot be opened at all (ENXIO): name what it is
            mode = os.stat(p).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise ImageReadError(
                f"not a regular file ({_special_kind(mode)}): refused", path=str(p)
            ) from exc
        raise ImageReadError(f"cannot open: {exc.strerror or exc}", path=str(p)) from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = _special_kind(mode)
        raise ImageReadError(f"not a regular file ({kind}): refused before reading", path=str(p))
    return fd


def _special_kind(mode: int) -> str:
    """What a non-regular file is, for the message."""
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"


def read_bytes(p: Path) -> bytes:
    """The whole file, read-only; OS errors become ``ImageReadError`` saying what failed."""
    fd = open_regular(p)
    try:
        with os.fdopen(fd, "rb") as fh:  # read-only, always
            data = fh.read()
    except OSError as exc:
        raise ImageReadError(f"cannot read: {exc.strerror or exc}", path=str(p)) from exc
    if not data:
        raise ImageReadError("empty file (0 bytes)", path=str(p))
    return data
