"""The table of input formats: how each is recognised (sniffed) and which reader reads it.

In the spirit of Pillow's ``Image.register_open(id, factory, accept)``: a format module
defines a reader and registers it with one call, and :func:`identify` picks the format
from a file's first bytes (its content, never its extension: designers rename files).
A format registered without a reader is *recognised but not read*: the error then names
it and says what to export instead of "not an image". Adding HEIC or SVG input is one
reader and one :func:`register_format` line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from brandcheck.errors import ImageReadError, UnsupportedFormatError
from brandcheck.load.poster import Poster, ReadOptions

#: A reader: the whole file's bytes, its path (for messages) and the options -> its
#: posters, one per image or page, produced one at a time.
Reader = Callable[[bytes, str, ReadOptions], Iterator[Poster]]
#: How many leading bytes :func:`identify` looks at (SVG's root element may follow an
#: XML declaration and comments).
HEAD_BYTES = 1024
EXPORT_HINT = "export the poster as PDF, TIFF, PNG or JPEG"


@dataclass(frozen=True)
class Format:
    """One input format.

    ``id`` is the name reports use ("JPEG", "PDF", ...); ``accept`` says whether a file's
    first bytes are this format; ``read`` reads it, or is None for a format that is
    recognised but not read; ``suffixes`` are the names a folder walk picks up;
    ``paged`` formats hold pages rather than pixels (a PDF); ``name`` is how messages
    spell it when that differs from ``id`` ("WebP").
    """

    id: str
    accept: Callable[[bytes], bool]
    read: Reader | None = None
    suffixes: tuple[str, ...] = ()
    paged: bool = False
    name: str = ""


FORMATS: list[Format] = []


def register_format(fmt: Format) -> None:
    """Add ``fmt`` to the table (a later registration of the same id replaces it)."""
    FORMATS[:] = [f for f in FORMATS if f.id != fmt.id]
    FORMATS.append(fmt)


def magic(*prefixes: bytes) -> Callable[[bytes], bool]:
    """An ``accept`` test for formats announced by fixed leading bytes."""
    return lambda head: head.startswith(prefixes)


def identify(head: bytes) -> Format | None:
    """The format ``head`` (a file's first bytes) announces; readable formats first."""
    for readable in (True, False):
        for fmt in FORMATS:
            if (fmt.read is not None) == readable and fmt.accept(head):
                return fmt
    return None


def sniff(head: bytes) -> str | None:
    """The id of the *readable* format a file's first bytes announce, or None.

    Parameters
    ----------
    head
        The first bytes of the file (16 are enough for every format read here).
    """
    fmt = identify(head)
    return fmt.id if fmt is not None and fmt.read is not None else None


def readable(data: bytes, path: str) -> tuple[Format, Reader]:
    """The format of ``data`` and its reader; a clear error when brandcheck does not read it."""
    fmt = identify(data[:HEAD_BYTES])
    if fmt is not None and fmt.read is not None:
        return fmt, fmt.read
    if fmt is not None:
        raise UnsupportedFormatError(f"{fmt.id} files are not supported: {EXPORT_HINT}", path=path)
    names = [f.name or f.id for f in FORMATS if f.read is not None]
    expected = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)
    raise ImageReadError(f"not an image: unknown content (expected {expected})", path=path)


def supported_suffixes() -> tuple[str, ...]:
    """File suffixes of every readable format, for folder walks."""
    return tuple(s for f in FORMATS if f.read is not None for s in f.suffixes)
