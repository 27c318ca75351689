"""Any input file -> :class:`Poster`: oriented sRGB pixels, CMYK ink values, resolution.

One entry point, :func:`load`, sniffs the content (not the extension) and dispatches, so
the PDF reader slots in beside the raster one. Files are opened read-only and decoded
once. Every failure becomes a :class:`~brandcheck.errors.BrandcheckError` with a stable
code; nothing is swallowed.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from brandcheck._typing import CMYKImage, RGBImage
from brandcheck.errors import EncryptedError, ImageReadError, TooLargeError, UnsupportedFormatError

#: Default pixel limit: 200 Mpx is an A0 poster at 300 dpi with margin; a decompression
#: bomb declares far more in a few hundred bytes.
MAX_PIXELS = 200_000_000
#: File suffixes a folder walk picks up (content is still sniffed when loading).
SUPPORTED_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".gif", ".bmp", ".pdf")
#: PDF pages are rendered at this resolution by default: 150 ppi puts a 25 mm logo at
#: 148 px, enough to locate and measure it; ``PDF_MAX_SIDE`` caps posters of A0 and up.
PDF_PPI = 150.0
PDF_MAX_SIDE = 7000

_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
    b"%PDF": "PDF",
}


@dataclass(frozen=True)
class Poster:
    """A decoded input, ready to check.

    ``rgb`` is (H, W, 3) uint8 sRGB, EXIF-oriented, alpha composited on white. ``cmyk``
    is (H, W, 4) uint8 ink (255 = 100 %) for CMYK inputs, same orientation. ``ppi`` is
    pixels per inch (x, y) when the file states a physical resolution.
    """

    rgb: RGBImage
    path: str
    cmyk: CMYKImage | None = None
    ppi: tuple[float, float] | None = None
    page: int | None = None
    notes: tuple[str, ...] = ()
    source_format: str = ""

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])

    @property
    def size_mm(self) -> tuple[float, float] | None:
        """Physical (width, height) in mm, when the resolution is known."""
        if not self.ppi:
            return None
        return self.width / self.ppi[0] * 25.4, self.height / self.ppi[1] * 25.4


def sniff(head: bytes) -> str | None:
    """The format a file's first bytes announce, or None."""
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def load(path: str | Path, *, max_pixels: int = MAX_PIXELS, max_pages: int = 50) -> Poster:
    """Read any supported file. Raises a ``BrandcheckError`` subclass on failure."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:  # read-only, always
            data = fh.read()
    except FileNotFoundError as exc:
        raise ImageReadError("no such file", path=str(p)) from exc
    except IsADirectoryError as exc:
        raise ImageReadError("is a directory, not an image", path=str(p)) from exc
    except OSError as exc:
        raise ImageReadError(f"cannot open: {exc.strerror or exc}", path=str(p)) from exc
    if not data:
        raise ImageReadError("empty file (0 bytes)", path=str(p))
    kind = sniff(data[:16])
    if kind is None:
        raise ImageReadError("not an image: unknown content (expected PNG, JPEG, TIFF, WebP, "
                             "GIF, BMP or PDF)", path=str(p))
    if kind == "PDF":
        return load_pdf(data, str(p), max_pixels=max_pixels, max_pages=max_pages, pages=[0])[0]
    return load_raster(data, str(p), kind, max_pixels=max_pixels)


def load_all(path: str | Path, *, max_pixels: int = MAX_PIXELS, max_pages: int = 50,
             pdf_ppi: float = PDF_PPI) -> list[Poster]:
    """Every page of a PDF (one Poster each), or the one image of a raster file."""
    p = Path(path)
    head = _read_head(p)
    if sniff(head) == "PDF":
        return load_pdf(_read(p), str(p), max_pixels=max_pixels, max_pages=max_pages, ppi=pdf_ppi)
    return [load(p, max_pixels=max_pixels, max_pages=max_pages)]


def _read_head(p: Path) -> bytes:
    try:
        with open(p, "rb") as fh:
            return fh.read(16)
    except OSError:
        return b""


def _read(p: Path) -> bytes:
    with open(p, "rb") as fh:
        return fh.read()


def load_pdf(data: bytes, path: str, *, max_pixels: int = MAX_PIXELS, max_pages: int = 50,
             ppi: float = PDF_PPI, pages: list[int] | None = None) -> list[Poster]:
    """Render PDF pages with pdfium at ``ppi`` (lowered for pages that would exceed
    ``max_pixels`` or ``PDF_MAX_SIDE``); the physical size comes from the page box."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise UnsupportedFormatError("PDF input needs pypdfium2: pip install 'brandcheck[pdf]'",
                                     path=path) from exc
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise EncryptedError("password-protected PDF: cannot be checked without the password",
                                 path=path) from exc
        raise ImageReadError(f"damaged PDF: {msg}", path=path) from exc
    try:
        n = len(doc)
        if n == 0:
            raise ImageReadError("PDF has no pages", path=path)
        if n > max_pages:
            raise TooLargeError(f"PDF has {n} pages, more than the limit of {max_pages}", path=path)
        out = []
        for i in pages if pages is not None else range(n):
            page = doc[i]
            w_pt, h_pt = page.get_size()
            side_in = max(w_pt, h_pt) / 72.0
            area_in2 = (w_pt / 72.0) * (h_pt / 72.0)
            scale_ppi = min(ppi, PDF_MAX_SIDE / side_in, (max_pixels / max(area_in2, 1e-6)) ** 0.5)
            bitmap = page.render(scale=scale_ppi / 72.0, fill_color=(255, 255, 255, 255))
            rgb = np.ascontiguousarray(bitmap.to_numpy()[..., :3])
            if bitmap.mode == "BGRA" or bitmap.mode == "BGRX" or bitmap.mode == "BGR":
                rgb = np.ascontiguousarray(rgb[..., ::-1])
            notes = [f"PDF page {i + 1} of {n} rendered at {scale_ppi:.0f} ppi "
                     f"({w_pt / 72 * 25.4:.0f} × {h_pt / 72 * 25.4:.0f} mm)"]
            out.append(Poster(rgb=rgb, path=path, ppi=(scale_ppi, scale_ppi), page=i + 1,
                              notes=tuple(notes), source_format="PDF"))
            page.close()
        return out
    finally:
        doc.close()


def _ppi(im: object) -> tuple[float, float] | None:
    info = getattr(im, "info", {})
    dpi = info.get("dpi")
    if dpi and len(dpi) == 2:
        x, y = float(dpi[0]), float(dpi[1])
        # 1 ppi (or less) is a placeholder some writers put in aspect-ratio-only headers
        if x > 1.0 and y > 1.0:
            return (x, y)
    return None


def _to_srgb(im: object, notes: list[str]) -> object:
    """Convert an image with an embedded ICC profile to sRGB (relative colorimetric)."""
    from PIL import ImageCms

    icc = im.info.get("icc_profile")  # type: ignore[attr-defined]
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK", "L", "LA"):  # type: ignore[attr-defined]
        return im
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        name = ImageCms.getProfileDescription(src).strip()
    except (OSError, ImageCms.PyCMSError) as exc:
        notes.append(f"embedded ICC profile unreadable ({exc}); pixels taken as sRGB")
        return im
    if im.mode in ("L", "LA") or "sRGB" in name:  # type: ignore[attr-defined]
        return im
    dst = ImageCms.createProfile("sRGB")
    mode_in = "RGB" if im.mode == "RGBA" else im.mode  # type: ignore[attr-defined]
    base = im.convert("RGB") if im.mode == "RGBA" else im  # type: ignore[attr-defined]
    try:
        out = ImageCms.profileToProfile(base, src, dst, outputMode="RGB",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    except ImageCms.PyCMSError as exc:
        notes.append(f"ICC conversion from '{name}' failed ({exc}); pixels taken as sRGB")
        return im
    notes.append(f"ICC profile '{name}' ({mode_in}) converted to sRGB")
    if im.mode == "RGBA":  # type: ignore[attr-defined]
        out.putalpha(im.getchannel("A"))  # type: ignore[attr-defined, union-attr]
    return out


def _orientation(im: object, kind: str) -> int:
    """EXIF orientation from the header only.

    For PNG, Pillow's ``getexif()`` decodes the whole image to look for an eXIf chunk
    after the pixels; an eXIf chunk before them is in ``info`` and is all we read here
    (the PNG spec asks writers to put it there).
    """
    from PIL import Image

    if kind == "PNG":
        raw = im.info.get("exif")  # type: ignore[attr-defined]
        if not raw:
            return 1
        exif = Image.Exif()
        exif.load(raw)
        return int(exif.get(0x0112, 1))
    if kind in ("JPEG", "TIFF", "WEBP"):
        return int(im.getexif().get(0x0112, 1))  # type: ignore[attr-defined]
    return 1


def _plain(im: object, kind: str, frames: int, orientation: int) -> bool:
    """True when OpenCV's decoder gives the same pixels as the colour-managed path."""
    if kind not in ("JPEG", "PNG") or frames > 1 or orientation != 1:
        return False
    if not _complete(im, kind):
        return False
    if im.mode != "RGB" or "transparency" in im.info:  # type: ignore[attr-defined]
        return False
    icc = im.info.get("icc_profile")  # type: ignore[attr-defined]
    if icc:
        from PIL import ImageCms

        try:
            name = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
        except (OSError, ImageCms.PyCMSError):
            return False
        return "sRGB" in name
    return True


def _complete(im: object, kind: str) -> bool:
    """Whether the file ends as its format says (OpenCV decodes truncated files silently)."""
    fp = getattr(im, "fp", None)
    if fp is None:
        return False
    fp.seek(0, io.SEEK_END)
    fp.seek(max(0, fp.tell() - 32))
    tail = fp.read().rstrip(b"\0")
    return tail.endswith(b"\xff\xd9") if kind == "JPEG" else b"IEND" in tail[-12:]


def _decode_fast(data: bytes) -> RGBImage | None:
    """libjpeg-turbo/libpng through OpenCV: ~2.5x faster than Pillow + copy for JPEG."""
    import cv2

    bgr = cv2.imdecode(np.frombuffer(data, np.uint8),
                       cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
    if bgr is None:
        return None
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def load_raster(data: bytes, path: str, kind: str, *, max_pixels: int = MAX_PIXELS) -> Poster:
    """Decode a raster image held in ``data``."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            w, h = im.size
            if w * h > max_pixels:
                raise TooLargeError(f"{w}×{h} = {w * h / 1e6:.0f} Mpx exceeds the limit of "
                                    f"{max_pixels / 1e6:.0f} Mpx", path=path)
            frames = getattr(im, "n_frames", 1)
            if frames > 1:
                notes.append(f"multi-frame file: first frame checked ({frames} frames)")
            ppi = _ppi(im)
            fmt = im.format or kind
            icc_note = bool(im.info.get("icc_profile"))
            orientation = _orientation(im, kind)
            if _plain(im, kind, frames, orientation):
                fast = _decode_fast(data)
                if fast is not None:
                    return Poster(rgb=fast, path=path, ppi=ppi, notes=tuple(notes),
                                  source_format=fmt)
            im.load()
            if orientation != 1:
                im = ImageOps.exif_transpose(im) or im
                notes.append(f"EXIF orientation {orientation} applied")
    except TooLargeError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooLargeError(f"decompression bomb refused: {exc}", path=path) from exc
    except UnidentifiedImageError as exc:
        raise ImageReadError(f"not a readable {kind} image", path=path) from exc
    except (OSError, SyntaxError, ValueError, EOFError, TypeError, KeyError, IndexError,
            ZeroDivisionError, struct.error) as exc:
        # what Pillow's decoders raise on malformed headers (TypeError "Missing dimensions"
        # for a TIFF without size tags, struct.error for short tables, ...)
        raise ImageReadError(f"damaged {kind} file: {type(exc).__name__}: {exc}", path=path) from exc

    cmyk = None
    # Photoshop writes CMYK JPEGs inverted (APP14 "Adobe" marker); Pillow decodes them with
    # the inverting raw mode, so these values are ink amounts either way (tested).
    if im.mode == "CMYK":
        cmyk = np.ascontiguousarray(np.asarray(im))
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        a = np.asarray(im).astype(np.float64)
        top = 65535.0 if a.max() > 255 else 255.0
        im = Image.fromarray(np.round(a / top * 255).astype(np.uint8), "L")
        notes.append("16-bit image scaled to 8 bits")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if icc_note:
        im = _to_srgb(im, notes)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "RGB" and "transparency" in im.info):
        rgba = np.asarray(im.convert("RGBA")).astype(np.float32)
        a = rgba[..., 3:4] / 255.0
        rgb = (rgba[..., :3] * a + 255.0 * (1 - a)).round().astype(np.uint8)
        notes.append("transparency composited on white")
    elif im.mode == "RGB":
        rgb = np.asarray(im)
    else:
        rgb = np.asarray(im.convert("RGB"))
    return Poster(rgb=np.ascontiguousarray(rgb), path=path, cmyk=cmyk, ppi=ppi,
                  notes=tuple(notes), source_format=fmt)
