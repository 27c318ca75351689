"""Any input file -> :class:`Poster`: oriented sRGB pixels, CMYK ink values, resolution.

One entry point, :func:`load`, sniffs the content (not the extension: designers rename
files) and dispatches to the raster reader (:func:`load_image`) or the PDF reader, so
every later stage sees the same :class:`Poster`. Files are opened read-only and decoded
once: Pillow reads the header (size, mode, EXIF, ICC profile, resolution) and then either
OpenCV decodes the pixels (plain 8-bit JPEG/PNG, and 16-bit colour PNG/TIFF whose full
precision Pillow would drop) or Pillow does (everything else). Every failure becomes a
:class:`~brandcheck.errors.BrandcheckError` with a stable code; nothing is swallowed.

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

import functools
import io
import math
import os
import stat
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from brandcheck._typing import CMYKImage, RGBImage
from brandcheck.errors import (
    BrandcheckError,
    EncryptedError,
    ImageReadError,
    TooLargeError,
    UnsupportedFormatError,
)

if TYPE_CHECKING:
    from PIL import Image as PILImage

#: Default pixel limit: 200 Mpx is an A0 poster at 300 dpi with margin; a decompression
#: bomb declares far more in a few hundred bytes.
MAX_PIXELS = 200_000_000
#: File suffixes a folder walk picks up (content is still sniffed when loading).
SUPPORTED_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".gif", ".bmp", ".pdf")
#: PDF pages are rendered at this resolution by default: 150 ppi puts a 25 mm logo at
#: 148 px, enough to locate and measure it; ``PDF_MAX_SIDE`` caps posters of A0 and up.
PDF_PPI = 150.0
PDF_MAX_SIDE = 7000
#: Stated resolutions outside this range (ppi) are placeholders or corruption: 1 ppi is a
#: common "no resolution" filler; a billboard printed at full size can be 10-20 ppi and a
#: fine scan a few thousand.
PPI_RANGE = (5.0, 20_000.0)

_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"II+\x00": "TIFF",  # BigTIFF
    b"MM\x00+": "TIFF",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
    b"%PDF": "PDF",
}

#: Formats designers send that brandcheck recognises but does not read: named, so the
#: error says what to export instead of "not an image".
_UNSUPPORTED_MAGIC = {
    b"8BPS": "Photoshop PSD",
    b"%!PS": "PostScript/EPS",
    b"\xc5\xd0\xd3\xc6": "EPS",
    b"\xff\x4f\xff\x51": "JPEG 2000",
    b"\x00\x00\x00\x0cjP  \r\n\x87\n": "JPEG 2000",
    b"\xff\x0a": "JPEG XL",
    b"\x00\x00\x00\x0cJXL \r\n\x87\n": "JPEG XL",
}
_FTYP_BRANDS = {
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
    b"avif": "AVIF",
    b"avis": "AVIF",
}
_EXPORT_HINT = "export the poster as PDF, TIFF, PNG or JPEG"

#: Errors Pillow's parsers and decoders raise on malformed input (TypeError "Missing
#: dimensions" for a TIFF without size tags, struct.error for short tables, ...).
_DECODE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    TypeError,
    KeyError,
    IndexError,
    ZeroDivisionError,
    OverflowError,
    struct.error,
)


@dataclass(frozen=True)
class Poster:
    """A decoded input, ready to check.

    Attributes
    ----------
    rgb
        (H, W, 3) uint8 sRGB, EXIF-oriented, alpha composited on white: what the later
        stages locate and measure in, whatever the file's colour space was.
    path
        The input path, for messages and reports.
    cmyk
        (H, W, 4) uint8 ink (255 = 100 %) for CMYK inputs only, same orientation as
        ``rgb``: the colour check judges print files on their ink values, which no RGB
        conversion preserves.
    ppi
        Pixels per inch (x, y) when the file states a plausible physical resolution (see
        the module docstring for the rule), else ``None``: minimum-size checks need it.
    page
        1-based page number for PDF inputs, ``None`` for images.
    notes
        Things the user should know about how the file was read (first frame only, ICC
        conversion, EXIF rotation, ...); they become informational findings.
    source_format
        The sniffed format ("JPEG", "PNG", "TIFF", "WEBP", "GIF", "BMP", "PDF").
    camera
        The camera the file's EXIF names (``Make`` and ``Model``), else ``None``: such a
        file is a photograph, whose blur, light and white balance are the camera's and
        not the artwork's (see :mod:`brandcheck.checks.photo`).
    """

    rgb: RGBImage
    path: str
    cmyk: CMYKImage | None = None
    ppi: tuple[float, float] | None = None
    page: int | None = None
    notes: tuple[str, ...] = ()
    source_format: str = ""
    camera: str | None = None

    @property
    def width(self) -> int:
        """Width in pixels (after EXIF orientation)."""
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        """Height in pixels (after EXIF orientation)."""
        return int(self.rgb.shape[0])

    @property
    def size_mm(self) -> tuple[float, float] | None:
        """Physical (width, height) in mm, when the resolution is known."""
        if not self.ppi:
            return None
        return self.width / self.ppi[0] * 25.4, self.height / self.ppi[1] * 25.4


# --- entry points -------------------------------------------------------------------------


def sniff(head: bytes) -> str | None:
    """The format a file's first bytes announce, or None.

    Parameters
    ----------
    head
        The first bytes of the file (16 are enough for every format read here).
    """
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _unsupported_kind(head: bytes) -> str | None:
    """A recognised but unsupported format (HEIC, PSD, SVG, ...), or None."""
    for magic, name in _UNSUPPORTED_MAGIC.items():
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp" and head[8:12] in _FTYP_BRANDS:
        return _FTYP_BRANDS[head[8:12]]
    text = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "SVG"
    return None


def load(path: str | Path, *, max_pixels: int = MAX_PIXELS, max_pages: int = 50) -> Poster:
    """Read any supported file (the first page of a PDF).

    The format is taken from the content, not the extension, so a PNG saved as
    ``.jpg`` still loads; PDFs go to :func:`load_pdf`, rasters to :func:`load_raster`.

    Parameters
    ----------
    path
        The input file; opened read-only, never modified.
    max_pixels
        Refuse images (and rendered pages) larger than this many pixels, checked from the
        header before decoding, so a decompression bomb costs nothing.
    max_pages
        Refuse PDFs with more pages.

    Raises
    ------
    BrandcheckError
        ``ImageReadError`` (missing, empty, damaged, not an image), ``UnsupportedFormatError``
        (a format brandcheck does not read), ``TooLargeError`` (over a limit) or
        ``EncryptedError`` (password-protected PDF).
    """
    p = Path(path)
    data = _read(p)
    kind = _kind(data, str(p))
    if kind == "PDF":
        return load_pdf(data, str(p), max_pixels=max_pixels, max_pages=max_pages, pages=[0])[0]
    return load_raster(data, str(p), kind, max_pixels=max_pixels)


def load_image(path: str | Path, *, max_pixels: int = MAX_PIXELS) -> Poster:
    """Read a raster image (PNG, JPEG, TIFF, WebP, GIF, BMP), sniffed by content.

    Same contract as :func:`load` for rasters; a PDF raises ``UnsupportedFormatError``
    because it has pages, not pixels: :func:`load` renders it.
    """
    p = Path(path)
    data = _read(p)
    kind = _kind(data, str(p))
    if kind == "PDF":
        raise UnsupportedFormatError(
            "a PDF is not a raster image: load() renders its pages", path=str(p)
        )
    return load_raster(data, str(p), kind, max_pixels=max_pixels)


def load_all(
    path: str | Path, *, max_pixels: int = MAX_PIXELS, max_pages: int = 50, pdf_ppi: float = PDF_PPI
) -> list[Poster]:
    """Every page of a PDF (one Poster each), or the one image of a raster file."""
    p = Path(path)
    head = _read_head(p)
    if sniff(head) == "PDF":
        return load_pdf(_read(p), str(p), max_pixels=max_pixels, max_pages=max_pages, ppi=pdf_ppi)
    return [load(p, max_pixels=max_pixels, max_pages=max_pages)]


def _open_regular(p: Path) -> int:
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


def _read(p: Path) -> bytes:
    """The whole file, read-only; OS errors become ``ImageReadError`` saying what failed."""
    fd = _open_regular(p)
    try:
        with os.fdopen(fd, "rb") as fh:  # read-only, always
            data = fh.read()
    except OSError as exc:
        raise ImageReadError(f"cannot read: {exc.strerror or exc}", path=str(p)) from exc
    if not data:
        raise ImageReadError("empty file (0 bytes)", path=str(p))
    return data


def _kind(data: bytes, path: str) -> str:
    kind = sniff(data[:16])
    if kind is not None:
        return kind
    other = _unsupported_kind(data[:1024])
    if other is not None:
        raise UnsupportedFormatError(f"{other} files are not supported: {_EXPORT_HINT}", path=path)
    raise ImageReadError(
        "not an image: unknown content (expected PNG, JPEG, TIFF, WebP, GIF, BMP or PDF)", path=path
    )


def _read_head(p: Path) -> bytes:
    try:
        fd = _open_regular(p)
    except ImageReadError:
        return b""  # load() reports the error properly
    with os.fdopen(fd, "rb") as fh:
        try:
            return fh.read(16)
        except OSError:
            return b""


# --- PDF ----------------------------------------------------------------------------------


def load_pdf(
    data: bytes,
    path: str,
    *,
    max_pixels: int = MAX_PIXELS,
    max_pages: int = 50,
    ppi: float = PDF_PPI,
    pages: list[int] | None = None,
) -> list[Poster]:
    """Render PDF pages with pdfium at ``ppi``.

    The resolution is lowered for pages that would exceed ``max_pixels`` or
    ``PDF_MAX_SIDE``; the physical size comes from the page box, so ``ppi`` is exact.
    """
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise UnsupportedFormatError(
            "PDF input needs pypdfium2: pip install 'brandcheck[pdf]'", path=path
        ) from exc
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise EncryptedError(
                "password-protected PDF: cannot be checked without the password", path=path
            ) from exc
        raise ImageReadError(f"damaged PDF: {msg}", path=path) from exc
    try:
        n = len(doc)
        if n == 0:
            raise ImageReadError("PDF has no pages", path=path)
        if n > max_pages:
            raise TooLargeError(f"PDF has {n} pages, more than the limit of {max_pages}", path=path)
        out = []
        for i in pages if pages is not None else range(n):
            try:
                out.append(_render_page(doc, i, n, path, ppi=ppi, max_pixels=max_pixels))
            except pdfium.PdfiumError as exc:
                raise ImageReadError(f"damaged PDF: page {i + 1}: {exc}", path=path) from exc
        return out
    finally:
        doc.close()


def _render_page(doc: Any, i: int, n: int, path: str, *, ppi: float, max_pixels: int) -> Poster:
    page = doc[i]
    try:
        w_pt, h_pt = page.get_size()
        if not (w_pt > 0 and h_pt > 0 and math.isfinite(w_pt * h_pt)):
            raise ImageReadError(
                f"damaged PDF: page {i + 1} has no usable size ({w_pt} × {h_pt} pt)", path=path
            )
        side_in = max(w_pt, h_pt) / 72.0
        area_in2 = (w_pt / 72.0) * (h_pt / 72.0)
        scale_ppi = min(ppi, PDF_MAX_SIDE / side_in, (max_pixels / max(area_in2, 1e-6)) ** 0.5)
        bitmap = page.render(scale=scale_ppi / 72.0, fill_color=(255, 255, 255, 255))
        rgb = np.ascontiguousarray(bitmap.to_numpy()[..., :3])
        if bitmap.mode in ("BGRA", "BGRX", "BGR"):
            rgb = np.ascontiguousarray(rgb[..., ::-1])
    finally:
        page.close()
    notes = (
        (
            f"PDF page {i + 1} of {n} rendered at {scale_ppi:.0f} ppi "
            f"({w_pt / 72 * 25.4:.0f} × {h_pt / 72 * 25.4:.0f} mm)"
        ),
    )
    return Poster(
        rgb=rgb, path=path, ppi=(scale_ppi, scale_ppi), page=i + 1, notes=notes, source_format="PDF"
    )


# --- raster -------------------------------------------------------------------------------


@dataclass
class _Header:
    """What the header says, read once by Pillow before any pixel is decoded."""

    width: int
    height: int
    mode: str
    frames: int
    orientation: int
    icc: bytes | None
    ppi: tuple[float, float] | None
    camera: str | None = None


def load_raster(data: bytes, path: str, kind: str, *, max_pixels: int = MAX_PIXELS) -> Poster:
    """Decode a raster image held in ``data`` (``kind`` as returned by :func:`sniff`).

    Raises
    ------
    TooLargeError
        The header declares more than ``max_pixels`` pixels (checked before decoding), or
        Pillow's own decompression-bomb guard fires while decoding.
    ImageReadError
        The file is truncated or damaged.
    UnsupportedFormatError
        A pixel format brandcheck does not read (32-bit integer or float samples).
    """
    from PIL import Image, UnidentifiedImageError

    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            # our max_pixels is the limit; Pillow's fixed 89 Mpx warning would fire on any A0
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = _open(data, kind)
            w, h = im.size
            if w * h > max_pixels:
                raise TooLargeError(
                    f"{w}×{h} = {w * h / 1e6:.0f} Mpx exceeds the limit of "
                    f"{max_pixels / 1e6:.0f} Mpx",
                    path=path,
                )
            _check_complete(data, im, kind, path)
            hdr = _header(im, kind, notes)
            rgb, cmyk = _decode(data, im, kind, hdr, notes, path)
    except BrandcheckError:
        raise
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"decompression bomb refused: {exc}", path=path) from exc
    except UnidentifiedImageError as exc:
        raise ImageReadError(f"not a readable {kind} image: {exc}", path=path) from exc
    except _DECODE_ERRORS as exc:
        raise ImageReadError(
            f"damaged {kind} file: {type(exc).__name__}: {exc}", path=path
        ) from exc
    except _cv2_error() as exc:
        raise ImageReadError(f"damaged {kind} file: OpenCV: {exc}", path=path) from exc

    if hdr.orientation != 1:
        # TIFF decoders (Pillow's and OpenCV's) orient the pixels themselves, and Pillow
        # reports the oriented size; for the other formats it is done once, here
        if kind != "TIFF":
            rgb = _orient(rgb, hdr.orientation)
            cmyk = _orient(cmyk, hdr.orientation) if cmyk is not None else None
        notes.append(f"EXIF orientation {hdr.orientation} applied")
    return Poster(
        rgb=np.ascontiguousarray(rgb),
        path=path,
        cmyk=cmyk,
        ppi=hdr.ppi,
        notes=tuple(notes),
        source_format=kind,
        camera=hdr.camera,
    )


def _cv2_error() -> type[BaseException]:
    import cv2

    return cv2.error  # type: ignore[no-any-return]


def _open(data: bytes, kind: str) -> PILImage.Image:
    """Parse the header with the plugin for the sniffed ``kind``.

    The plugin is called directly rather than through ``Image.open`` because
    ``Image.open`` applies Pillow's process-wide pixel limit (error above 179 Mpx) before
    we can apply ``max_pixels``, which is per call; the size is checked right after.
    """
    from PIL import Image, JpegImagePlugin

    Image.init()
    if kind == "JPEG":
        factory: Any = JpegImagePlugin.jpeg_factory  # may return an MPO (multi-picture) file
    else:
        factory = Image.OPEN[kind][0]
    im: PILImage.Image = factory(io.BytesIO(data), "")
    return im


def _check_complete(data: bytes, im: PILImage.Image, kind: str, path: str) -> None:
    """Refuse truncated files whatever ``ImageFile.LOAD_TRUNCATED_IMAGES`` says.

    A truncated poster decoded "leniently" is grey below the cut, and the check would then
    report a missing logo instead of a broken file. OpenCV also decodes truncated files
    silently, so this is what keeps its fast path honest.
    """
    if kind == "JPEG":
        ok = _jpeg_complete(data)
        what = "no end-of-image marker after the image data"
    elif kind == "PNG":
        ok = _png_complete(data)
        what = "the chunks end before IEND"
    elif kind == "TIFF":
        ok = _tiff_complete(im, len(data))
        what = "image data extends past the end of the file"
    else:
        return  # GIF, WebP, BMP: Pillow's decoders raise on short data
    if not ok:
        raise ImageReadError(f"truncated {kind} file: {what}", path=path)


def _jpeg_complete(data: bytes) -> bool:
    """An EOI marker follows the first scan (inside entropy-coded data 0xFF is stuffed,
    so ``FF D9`` there can only be the real end; an EXIF thumbnail's sits before the scan)."""
    i, n = 2, len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            i = data.find(b"\xff", i)  # junk between segments, as libjpeg tolerates
            if i < 0:
                return False
            continue
        marker = data[i + 1]
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD8:
            i += 1 if marker == 0xFF else 2
            continue
        if marker == 0xDA:
            return data.find(b"\xff\xd9", i) >= 0
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return False


def _png_complete(data: bytes) -> bool:
    """The chunk chain reaches IEND inside the file."""
    i, n = 8, len(data)
    while i + 8 <= n:
        length = int.from_bytes(data[i : i + 4], "big")
        if data[i + 4 : i + 8] == b"IEND":
            return True
        i += 12 + length
    return False


def _tiff_complete(im: PILImage.Image, size: int) -> bool:
    """The first image's strips or tiles lie inside the file (when the tags say where)."""
    tags = im.tag_v2  # type: ignore[attr-defined]
    offsets = tags.get(273, tags.get(324))
    counts = tags.get(279, tags.get(325))
    if offsets is None or counts is None:
        return True  # libtiff decides
    offsets = offsets if isinstance(offsets, tuple) else (offsets,)
    counts = counts if isinstance(counts, tuple) else (counts,)
    return all(int(o) + int(c) <= size for o, c in zip(offsets, counts))


def _header(im: PILImage.Image, kind: str, notes: list[str]) -> _Header:
    frames = int(getattr(im, "n_frames", 1))
    if frames > 1:
        notes.append(f"multi-frame file: first frame checked ({frames} frames)")
        im.seek(0)
    exif = _exif(im, kind, notes)
    orientation = exif.get(0x0112, 1) if exif is not None else 1
    if orientation not in range(1, 9):
        notes.append(f"invalid EXIF orientation {orientation!r} ignored")
        orientation = 1
    icc = im.info.get("icc_profile") or None
    return _Header(
        width=im.size[0],
        height=im.size[1],
        mode=im.mode,
        frames=frames,
        orientation=int(orientation),
        icc=icc,
        ppi=_ppi(im, kind, exif, notes),
        camera=_camera(exif),
    )


def _camera(exif: Any) -> str | None:
    """``Make Model`` from IFD0 when the file names a camera (a photograph), else None.

    Cameras and phones write both tags; layout and export software writes neither
    (it names itself in ``Software``). Control characters and padding are dropped.
    """
    if exif is None:
        return None
    parts = []
    for tag in (0x010F, 0x0110):  # Make, Model
        v = exif.get(tag)
        if isinstance(v, bytes):
            v = v.decode("latin-1", "replace")
        if isinstance(v, str):
            v = "".join(c for c in v if c.isprintable()).strip()
            if v and v not in parts:
                parts.append(v[:64])
    return " ".join(parts) or None


def _exif(im: PILImage.Image, kind: str, notes: list[str]) -> Any:
    """EXIF tags from the header only (``None`` for formats without EXIF).

    For PNG, Pillow's ``getexif()`` decodes the whole image to look for an eXIf chunk
    after the pixels; only an eXIf chunk before them (where the PNG spec asks writers to
    put it, and where ``info`` holds it) is read here. For TIFF the IFD tags are the EXIF.
    """
    from PIL import Image

    try:
        if kind == "PNG":
            raw = im.info.get("exif")
            if not raw:
                return None
            exif = Image.Exif()
            exif.load(raw)
            return exif
        if kind in ("JPEG", "TIFF", "WEBP"):
            return im.getexif()
    except (SyntaxError, ValueError, TypeError, KeyError, IndexError, struct.error) as exc:
        # damaged metadata, intact pixels: check the image, say what was not read
        notes.append(
            f"EXIF unreadable ({type(exc).__name__}): orientation and resolution "
            "from EXIF not applied"
        )
    return None


def _ppi(im: PILImage.Image, kind: str, exif: Any, notes: list[str]) -> tuple[float, float] | None:
    """Physical resolution by the rule in the module docstring."""
    stated: tuple[float, float] | None = None
    if kind == "JPEG" and im.info.get("jfif_unit") in (1, 2) and im.info.get("jfif_density"):
        scale = 2.54 if im.info["jfif_unit"] == 2 else 1.0
        dx, dy = im.info["jfif_density"]
        stated = (float(dx) * scale, float(dy) * scale)
    elif kind in ("JPEG", "WEBP") and exif is not None:
        stated = _tag_ppi(exif)
    elif kind == "TIFF":
        stated = _tag_ppi(im.tag_v2)  # type: ignore[attr-defined]
    elif kind in ("PNG", "BMP") and im.info.get("dpi"):
        dx, dy = im.info["dpi"]  # pHYs per metre / BMP pixels per metre, converted by Pillow
        stated = (float(dx), float(dy))
    if stated is None:
        return None
    lo, hi = PPI_RANGE
    if all(math.isfinite(v) and lo <= v <= hi for v in stated):
        return stated
    notes.append(f"stated resolution {stated[0]:g} × {stated[1]:g} ppi ignored (implausible)")
    return None


def _tag_ppi(tags: Any) -> tuple[float, float] | None:
    """XResolution/YResolution with ResolutionUnit (TIFF 6.0 / EXIF: 2 inch, 3 cm)."""
    x = tags.get(282)
    if x is None:
        return None
    y = tags.get(283, x)
    unit = tags.get(296, 2)
    if unit not in (2, 3):
        return None  # 1 = no absolute unit: an aspect ratio, not a resolution
    scale = 2.54 if unit == 3 else 1.0
    try:
        return float(x) * scale, float(y) * scale
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):  # malformed tag
        return None


# --- pixel decoding -----------------------------------------------------------------------


def _decode(
    data: bytes, im: PILImage.Image, kind: str, hdr: _Header, notes: list[str], path: str
) -> tuple[RGBImage, CMYKImage | None]:
    """Pixels as (sRGB uint8, CMYK ink or None), before EXIF orientation."""
    route = _route(data, im, kind, hdr)
    if route is not None:
        arr = _decode_cv2(data, sixteen=route == "cv16", shape=(hdr.height, hdr.width))
        if arr is not None:
            if route == "cv16":
                notes.append("16-bit image scaled to 8 bits")
            return _finish_rgb(arr, hdr.icc, notes), None
        # OpenCV disagreed with Pillow's header: let Pillow decode (or raise)
    return _decode_pil(im, kind, hdr, notes, path)


def _route(data: bytes, im: PILImage.Image, kind: str, hdr: _Header) -> str | None:
    """Which OpenCV path gives the pixels the Pillow path would (or better), if any.

    ``cv8``: 8-bit RGB/grey JPEG and 8-bit truecolour PNG without transparency,
    libjpeg-turbo/libpng via OpenCV, about twice as fast as Pillow + copy for an A3 JPEG.
    ``cv16``: 16-bit colour PNG/TIFF; Pillow keeps only the high byte of each sample,
    OpenCV returns all 16 bits so they are rounded to 8 here.
    """
    if kind == "JPEG" and hdr.frames == 1:
        if hdr.mode == "RGB" or (hdr.mode == "L" and not hdr.icc):
            return "cv8"
    elif kind == "PNG" and data[12:16] == b"IHDR" and "transparency" not in im.info:
        depth, colour_type = data[24], data[25]
        if hdr.frames == 1 and depth == 8 and colour_type == 2:
            return "cv8"
        if depth == 16 and colour_type in (2, 4, 6):
            return "cv16"  # an APNG's default image is its first frame, as with Pillow
    elif kind == "TIFF":
        tags = im.tag_v2  # type: ignore[attr-defined]
        bits = tags.get(258)
        extra = tags.get(338, ())
        extra = extra if isinstance(extra, tuple) else (extra,)
        if (
            isinstance(bits, tuple)
            and len(bits) in (3, 4)
            and set(bits) == {16}
            and tags.get(262) == 2
            and (len(bits) == 3 or tuple(extra) == (2,))
        ):
            return "cv16"  # RGB, or RGBA with unassociated (straight) alpha
    return None


def _decode_cv2(data: bytes, *, sixteen: bool, shape: tuple[int, int]) -> np.ndarray | None:
    """RGB(A) uint8 from OpenCV, or None when it cannot decode what Pillow parsed."""
    import cv2

    buf = np.frombuffer(data, np.uint8)
    if not sixteen:
        flags = cv2.IMREAD_IGNORE_ORIENTATION  # orientation is applied once, by us
        if hasattr(cv2, "IMREAD_COLOR_RGB"):  # OpenCV >= 4.11 swaps channels in the decoder
            out = cv2.imdecode(buf, cv2.IMREAD_COLOR_RGB | flags)
        else:
            out = cv2.imdecode(buf, cv2.IMREAD_COLOR | flags)
            out = None if out is None else cv2.cvtColor(out, cv2.COLOR_BGR2RGB)
        if out is None or out.shape[:2] != shape:
            return None
        return np.asarray(out, np.uint8)
    raw = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)  # all 16 bits, no orientation applied
    if raw is None or raw.shape[:2] != shape or raw.dtype != np.uint16:
        return None
    # round(v / 257): 65535 -> 255, 32768 -> 128, 65280 -> 254 (the high byte would say 255)
    a8 = cv2.convertScaleAbs(raw, alpha=1.0 / 257.0)
    if a8.ndim == 2:
        return np.ascontiguousarray(np.repeat(a8[..., None], 3, axis=2))
    if a8.shape[2] == 2:  # grey + alpha
        return np.ascontiguousarray(a8[..., [0, 0, 0, 1]])
    code = cv2.COLOR_BGRA2RGBA if a8.shape[2] == 4 else cv2.COLOR_BGR2RGB
    return np.asarray(cv2.cvtColor(a8, code), np.uint8)


def _finish_rgb(arr: np.ndarray, icc: bytes | None, notes: list[str]) -> RGBImage:
    """RGB or RGBA uint8 -> sRGB (ICC) -> composited on white."""
    from PIL import Image

    if icc:
        im = Image.fromarray(arr)
        out = _to_srgb(im, icc, notes)
        if out is not im:
            arr = np.asarray(out)
    if arr.shape[2] == 4:
        return _composite_on_white(arr, notes)
    return arr


def _decode_pil(
    im: PILImage.Image, kind: str, hdr: _Header, notes: list[str], path: str
) -> tuple[RGBImage, CMYKImage | None]:
    from PIL import Image

    im.load()
    mode = im.mode
    cmyk: CMYKImage | None = None
    if mode in ("I", "F"):
        raise UnsupportedFormatError(
            f"{kind} with 32-bit {'float' if mode == 'F' else 'integer'} samples is not "
            "supported: export 8 or 16 bits per channel",
            path=path,
        )
    if mode.startswith("I;16"):
        a = np.asarray(im)
        # the depth is 16 bits by the mode, whatever the values: a dark image stays dark
        im = Image.fromarray(np.rint(a.astype(np.float32) / 257.0).astype(np.uint8))
        notes.append("16-bit image scaled to 8 bits")
    elif mode == "CMYK":
        ink = np.asarray(im)
        if kind == "JPEG" and "adobe" not in im.info:
            # Pillow reads every CMYK JPEG with Adobe's inverted convention; without the
            # APP14 "Adobe" marker the samples are stored as ink, so undo its inversion
            ink = 255 - ink
            im = Image.fromarray(np.ascontiguousarray(ink), "CMYK")
            notes.append("CMYK JPEG without Adobe marker: samples read as ink, not inverted")
        cmyk = np.ascontiguousarray(ink)
    elif mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode in ("PA", "RGBa", "La"):
        im = im.convert("RGBA" if mode != "La" else "LA")  # un-premultiplies RGBa/La
    elif mode == "1":
        im = im.convert("L")
    elif mode in ("RGB", "L") and "transparency" in im.info:
        im = im.convert("RGBA" if mode == "RGB" else "LA")  # tRNS colour key
    elif mode == "LAB":
        return _lab_to_srgb(im, notes), None

    if hdr.icc:
        im = _to_srgb(im, hdr.icc, notes)
    if im.mode == "LA":
        im = im.convert("RGBA")
    if im.mode == "RGBA":
        return _composite_on_white(np.asarray(im), notes), cmyk
    if im.mode != "RGB":
        im = im.convert("RGB")  # L, CMYK (Pillow's R = (255 - C)(255 - K) / 255), YCbCr, ...
    return np.asarray(im), cmyk


def _composite_on_white(rgba: np.ndarray, notes: list[str]) -> RGBImage:
    """Straight alpha over white, exact integer rounding: out = (c·a + 255·(255 - a)) / 255.

    Posters are printed on (or shown against) white; a transparent logo file must not
    read as black. Everything fits in uint16: c·a + 255·(255 - a) <= 255·255.
    """
    a = rgba[..., 3:4].astype(np.uint16)
    c = rgba[..., :3].astype(np.uint16)
    out = (c * a + 255 * (255 - a) + 127) // 255
    if (a < 255).any():
        notes.append("transparency composited on white")
    return out.astype(np.uint8)


@functools.lru_cache(maxsize=1)
def _srgb_profile() -> Any:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _profile_name(profile: Any) -> str:
    from PIL import ImageCms

    name = (ImageCms.getProfileDescription(profile) or "").strip()
    return name or (ImageCms.getProfileName(profile) or "").strip() or "unnamed"


def _to_srgb(im: PILImage.Image, icc: bytes, notes: list[str]) -> PILImage.Image:
    """Convert an image with an embedded ICC profile to sRGB through littleCMS.

    Relative colorimetric: in-gamut colours keep their measured values (what a brand
    colour is judged on) and out-of-gamut ones clip to the sRGB gamut boundary. Profiles
    that call themselves sRGB are taken as sRGB without a transform (the common case, and
    the fast path). A broken or mismatched profile leaves the pixels as they are, with a
    note: the image is still checked, and the report says its colours are uncertain.
    """
    from PIL import ImageCms

    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        name = _profile_name(src)
    except (OSError, ImageCms.PyCMSError, ValueError, TypeError) as exc:
        notes.append(f"embedded ICC profile unreadable ({exc}); pixels taken as sRGB")
        return im
    if "srgb" in name.lower():
        return im
    alpha = im.getchannel("A") if im.mode in ("RGBA", "LA") else None
    base = im.convert(im.mode[:-1]) if alpha is not None else im
    try:
        out = ImageCms.profileToProfile(
            base,
            src,
            _srgb_profile(),
            outputMode="RGB",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        )
    except (ImageCms.PyCMSError, ValueError) as exc:
        notes.append(
            f"ICC profile '{name}' does not fit the {base.mode} pixels ({exc}); "
            "pixels taken as sRGB"
        )
        return im
    assert out is not None  # inPlace=False always returns an image
    notes.append(f"ICC profile '{name}' converted to sRGB (relative colorimetric)")
    if alpha is not None:
        out.putalpha(alpha)
    return out


def _lab_to_srgb(im: PILImage.Image, notes: list[str]) -> RGBImage:
    """CIELAB TIFF (D50, the ICC connection space, as Photoshop writes it) -> sRGB."""
    from PIL import ImageCms

    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))
    out = ImageCms.profileToProfile(
        im,
        lab,
        _srgb_profile(),
        outputMode="RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )
    assert out is not None
    notes.append("CIELAB image converted to sRGB (relative colorimetric)")
    return np.asarray(out)


def _orient(arr: np.ndarray, orientation: int) -> np.ndarray:
    """Apply an EXIF orientation (2-8) the way ``PIL.ImageOps.exif_transpose`` does.

    With OpenCV's flips and rotations on the decoded array (both for sRGB and CMYK), so
    the OpenCV and Pillow paths share one implementation; OpenCV's is several times
    faster than numpy's strided copies for a poster-sized array.
    """
    import cv2

    if orientation == 2:
        out = cv2.flip(arr, 1)
    elif orientation == 3:
        out = cv2.rotate(arr, cv2.ROTATE_180)
    elif orientation == 4:
        out = cv2.flip(arr, 0)
    elif orientation == 5:
        out = cv2.transpose(arr)
    elif orientation == 6:
        out = cv2.rotate(arr, cv2.ROTATE_90_CLOCKWISE)
    elif orientation == 7:
        out = cv2.flip(cv2.transpose(arr), -1)
    elif orientation == 8:
        out = cv2.rotate(arr, cv2.ROTATE_90_COUNTERCLOCKWISE)
    else:
        return arr
    return np.asarray(out, arr.dtype)
