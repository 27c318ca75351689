"""Any input file -> :class:`Poster`: oriented sRGB pixels, CMYK ink values, resolution.

One entry point, :func:`posters`, reads a file once, sniffs its content (not the
extension: designers rename files) and hands the bytes to the reader its format
registered in the table of formats (:mod:`brandcheck.load.formats`, after Pillow's
``register_open``): one module per format, so every later stage sees the same
:class:`Poster`. Files are opened read-only; every failure becomes a
:class:`~brandcheck.errors.BrandcheckError` with a stable code; nothing is swallowed.

=================  ================================================================
module             reads
=================  ================================================================
``png``            PNG (OpenCV for 8-bit truecolour and 16-bit colour)
``jpeg``           JPEG (OpenCV for RGB and grey; CMYK with or without Adobe marker)
``tiff``           TIFF and BigTIFF (CMYK ink kept; 16-bit RGB via OpenCV)
``simple``         WebP, GIF, BMP
``pdf``            PDF, one page at a time (pdfium)
``unsupported``    recognised but not read: PSD, EPS, JPEG 2000, JPEG XL, AVIF, SVG
``heic``           HEIC, HEIF (pillow-heif, the ``heic`` extra; without it: unsupported)
=================  ================================================================

What the readers share: ``poster`` (:class:`Poster`, :class:`ReadOptions` and the limits),
``formats`` (the table), ``files`` (opening), ``raster`` and ``icc`` (decoding and colour
management of every raster format), and for PDF pages ``pdfcolour`` (the content walk:
stated colours, with bounded work), ``pdftokens`` (content streams one instruction at a
time) and ``pdftext`` (text objects).

Resolution rule (``Poster.ppi``)
    A resolution is used only when the file states it *with a physical unit*: JFIF
    density in dots per inch or cm, EXIF/TIFF ``XResolution``/``YResolution`` with
    ``ResolutionUnit`` inch or cm (absent unit = inch, the TIFF default), PNG ``pHYs`` per
    metre, BMP pixels per metre. Aspect-ratio-only headers (JFIF units 0, ``pHYs`` unit
    0, ``ResolutionUnit`` 1) and values outside ``PPI_RANGE`` (the 1 × 1 placeholder many
    writers put in) give ``None``. A stated 72 ppi is kept: it is what the file says, and
    the size check reports it; but the 72 that Pillow *invents* for a JPEG whose EXIF has
    no resolution, and the 1 it assumes for a TIFF without resolution tags, are not used,
    because the tags are read here rather than Pillow's ``info["dpi"]``.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing
from pathlib import Path

from brandcheck.errors import UnsupportedFormatError

# The table of formats: each module registers its format(s) on import, in this order
# (the order of the "expected ..." list in errors and of SUPPORTED_SUFFIXES).
# isort: off
from brandcheck.load import png  # noqa: F401
from brandcheck.load import jpeg  # noqa: F401
from brandcheck.load import tiff  # noqa: F401
from brandcheck.load import simple  # noqa: F401
from brandcheck.load import pdf  # noqa: F401
from brandcheck.load import unsupported  # noqa: F401
from brandcheck.load import heic  # noqa: F401  (after unsupported: it replaces HEIC, HEIF)

# isort: on
from brandcheck.load.files import read_bytes
from brandcheck.load.formats import (
    FORMATS,
    Format,
    identify,
    readable,
    register_format,
    sniff,
    supported_suffixes,
)
from brandcheck.load.pdf import load_pdf
from brandcheck.load.poster import (
    MAX_PAGES,
    MAX_PIXELS,
    PDF_MAX_CONTENT_BYTES,
    PDF_MAX_FORM_DEPTH,
    PDF_MAX_OPERATORS,
    PDF_MAX_SIDE,
    PDF_PPI,
    PPI_RANGE,
    Poster,
    ReadOptions,
)
from brandcheck.load.raster import RasterFormat, load_raster, register_raster

#: File suffixes a folder walk picks up (content is still sniffed when loading).
SUPPORTED_SUFFIXES = supported_suffixes()

__all__ = [
    "FORMATS",
    "MAX_PAGES",
    "MAX_PIXELS",
    "PDF_MAX_CONTENT_BYTES",
    "PDF_MAX_FORM_DEPTH",
    "PDF_MAX_OPERATORS",
    "PDF_MAX_SIDE",
    "PDF_PPI",
    "PPI_RANGE",
    "SUPPORTED_SUFFIXES",
    "Format",
    "Poster",
    "RasterFormat",
    "ReadOptions",
    "identify",
    "load",
    "load_all",
    "load_image",
    "load_pdf",
    "load_raster",
    "posters",
    "register_format",
    "register_raster",
    "sniff",
]


def posters(path: str | Path, opts: ReadOptions | None = None) -> Generator[Poster, None, None]:
    """Every poster a file holds (one per image, one per PDF page), read when asked for.

    The file is read once; a PDF's pages are rendered one at a time as the caller takes
    them, so only one rendered page is in memory at a time.

    Raises
    ------
    BrandcheckError
        ``ImageReadError`` (missing, empty, damaged, not an image), ``UnsupportedFormatError``
        (a format brandcheck does not read), ``TooLargeError`` (over a limit) or
        ``EncryptedError`` (password-protected PDF). For a PDF, errors of a later page are
        raised when that page is reached.
    """
    p = Path(path)
    data = read_bytes(p)
    _, read = readable(data, str(p))
    yield from read(data, str(p), opts or ReadOptions())


def load(path: str | Path, *, max_pixels: int = MAX_PIXELS, max_pages: int = MAX_PAGES) -> Poster:
    """Read any supported file (the first page of a PDF).

    Parameters
    ----------
    path
        The input file; opened read-only, never modified.
    max_pixels
        Refuse images (and rendered pages) larger than this many pixels, checked from the
        header before decoding, so a decompression bomb costs nothing.
    max_pages
        Refuse PDFs with more pages.
    """
    with closing(posters(path, ReadOptions(max_pixels=max_pixels, max_pages=max_pages))) as it:
        return next(it)


def load_image(path: str | Path, *, max_pixels: int = MAX_PIXELS) -> Poster:
    """Read a raster image (PNG, JPEG, TIFF, WebP, GIF, BMP), sniffed by content.

    Same contract as :func:`load` for rasters; a PDF raises ``UnsupportedFormatError``
    because it has pages, not pixels: :func:`load` renders it.
    """
    p = Path(path)
    data = read_bytes(p)
    fmt, _ = readable(data, str(p))
    if fmt.paged:
        raise UnsupportedFormatError(
            f"a {fmt.id} is not a raster image: load() renders its pages", path=str(p)
        )
    return load_raster(data, str(p), fmt.id, max_pixels=max_pixels)


def load_all(
    path: str | Path,
    *,
    max_pixels: int = MAX_PIXELS,
    max_pages: int = MAX_PAGES,
    pdf_ppi: float = PDF_PPI,
) -> list[Poster]:
    """Every page of a PDF (one Poster each), or the one image of a raster file.

    All pages at once: :func:`posters` streams them instead.
    """
    return list(posters(path, ReadOptions(max_pixels, max_pages, pdf_ppi)))
