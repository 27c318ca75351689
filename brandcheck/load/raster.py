"""Raster images: the decoding every raster format shares; what differs is a :class:`RasterFormat`.

Files are decoded once: Pillow reads the header (size, mode, EXIF, ICC profile,
resolution), then OpenCV decodes the pixels where a format's ``route`` says it gives the
same or better (plain 8-bit JPEG/PNG, 16-bit colour PNG/TIFF whose full precision Pillow
would drop) and Pillow decodes everything else. The per-format modules (``png``,
``jpeg``, ``tiff``, ``simple``) each describe their format with one ``RasterFormat``
and register it with :func:`register_raster`.
"""

from __future__ import annotations

import io
import math
import struct
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from brandcheck._typing import CMYKImage, RGBImage
from brandcheck.errors import (
    BrandcheckError,
    ImageReadError,
    TooLargeError,
    UnsupportedFormatError,
)
from brandcheck.load.formats import Format, register_format
from brandcheck.load.icc import lab_to_srgb, to_srgb
from brandcheck.load.poster import MAX_PIXELS, PPI_RANGE, Poster, ReadOptions

if TYPE_CHECKING:
    from PIL import Image as PILImage

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


@dataclass
class Header:
    """What the header says, read once by Pillow before any pixel is decoded."""

    width: int
    height: int
    mode: str
    frames: int
    orientation: int
    icc: bytes | None
    ppi: tuple[float, float] | None
    camera: str | None = None


def _pillow_plugin(fmt_id: str) -> Callable[[bytes], PILImage.Image]:
    def open_(data: bytes) -> PILImage.Image:
        from PIL import Image

        Image.init()
        im: PILImage.Image = Image.OPEN[fmt_id][0](io.BytesIO(data), "")
        return im

    return open_


def _no_truncation(data: bytes, im: PILImage.Image) -> str | None:
    return None  # the format's Pillow decoder raises on short data


def _no_exif(im: PILImage.Image) -> Any:
    return None


def _no_ppi(im: PILImage.Image, exif: Any) -> tuple[float, float] | None:
    return None


def _no_route(data: bytes, im: PILImage.Image, hdr: Header) -> str | None:
    return None


def _cmyk_as_stored(im: PILImage.Image) -> tuple[PILImage.Image, str | None]:
    return im, None


@dataclass(frozen=True)
class RasterFormat:
    """What differs between raster formats; the decoding around it is shared.

    Every hook has a default that suits a format with nothing special about it.
    """

    id: str
    #: Pillow's header parser for the format (``None``: Pillow's registered plugin). It is
    #: called directly rather than through ``Image.open``, whose process-wide pixel limit
    #: (an error above 179 Mpx) would fire before ``max_pixels``, which is per call.
    open: Callable[[bytes], PILImage.Image] | None = None
    #: What is missing when the file is truncated, else None. Decoded "leniently", a
    #: truncated poster is grey below the cut and would read as a missing logo, and
    #: OpenCV decodes truncated files silently, so this keeps its fast path honest.
    truncated: Callable[[bytes, PILImage.Image], str | None] = _no_truncation
    #: EXIF tags from the header only (None for formats without EXIF).
    exif: Callable[[PILImage.Image], Any] = _no_exif
    #: The resolution the file states with a physical unit (rule in :mod:`brandcheck.load`).
    stated_ppi: Callable[[PILImage.Image, Any], tuple[float, float] | None] = _no_ppi
    #: Which OpenCV decode gives the pixels Pillow would (or better): "cv8", "cv16" or None.
    route: Callable[[bytes, PILImage.Image, Header], str | None] = _no_route
    #: The decoders apply EXIF orientation themselves (TIFF): it is only noted.
    orients_itself: bool = False
    #: A CMYK image whose samples are ink (255 = 100 %), and a note if that took a fix.
    cmyk_ink: Callable[[PILImage.Image], tuple[PILImage.Image, str | None]] = _cmyk_as_stored

    def read(self, data: bytes, path: str, opts: ReadOptions) -> Iterator[Poster]:
        """The one image of a raster file (a reader for :mod:`brandcheck.load.formats`)."""
        yield read_raster(data, path, self, max_pixels=opts.max_pixels)


RASTER_FORMATS: dict[str, RasterFormat] = {}


def register_raster(
    spec: RasterFormat,
    accept: Callable[[bytes], bool],
    suffixes: tuple[str, ...],
    name: str = "",
) -> None:
    """Register a raster format in the table of input formats."""
    RASTER_FORMATS[spec.id] = spec
    register_format(Format(spec.id, accept, spec.read, suffixes, name=name))


def load_raster(data: bytes, path: str, kind: str, *, max_pixels: int = MAX_PIXELS) -> Poster:
    """Decode a raster image held in ``data`` (``kind`` as returned by ``sniff``)."""
    return read_raster(data, path, RASTER_FORMATS[kind], max_pixels=max_pixels)


def read_raster(
    data: bytes, path: str, fmt: RasterFormat, *, max_pixels: int = MAX_PIXELS
) -> Poster:
    """Decode a raster image held in ``data``, of the format ``fmt`` describes.

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

    kind = fmt.id

    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            # our max_pixels is the limit; Pillow's fixed 89 Mpx warning would fire on any A0
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = (fmt.open or _pillow_plugin(kind))(data)
            w, h = im.size
            if w * h > max_pixels:
                raise TooLargeError(
                    f"{w}×{h} = {w * h / 1e6:.0f} Mpx exceeds the limit of "
                    f"{max_pixels / 1e6:.0f} Mpx",
                    path=path,
                )
            missing = fmt.truncated(data, im)
            if missing is not None:
                raise ImageReadError(f"truncated {kind} file: {missing}", path=path)
            hdr = _header(im, fmt, notes)
            rgb, cmyk = _decode(data, im, fmt, hdr, notes, path)
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
        if getattr(exc, "code", None) == _CV_STS_NO_MEM:  # a budget or the machine: not damage
            raise TooLargeError(
                f"out of memory decoding the {kind} pixels ({getattr(exc, 'err', exc)})", path=path
            ) from exc
        raise ImageReadError(f"damaged {kind} file: OpenCV: {exc}", path=path) from exc

    if hdr.orientation != 1:
        # some decoders orient the pixels themselves (TIFF's, Pillow's and OpenCV's, and
        # Pillow reports the oriented size); for the other formats it is done once, here
        if not fmt.orients_itself:
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


#: OpenCV's "insufficient memory" status (cv::Error::StsNoMem): an allocation failed.
_CV_STS_NO_MEM = -4


def _cv2_error() -> type[BaseException]:
    import cv2

    return cv2.error


def _header(im: PILImage.Image, fmt: RasterFormat, notes: list[str]) -> Header:
    frames = int(getattr(im, "n_frames", 1))
    if frames > 1:
        notes.append(f"multi-frame file: first frame checked ({frames} frames)")
        im.seek(0)
    exif = _exif(im, fmt, notes)
    orientation = exif.get(0x0112, 1) if exif is not None else 1
    if orientation not in range(1, 9):
        notes.append(f"invalid EXIF orientation {orientation!r} ignored")
        orientation = 1
    icc = im.info.get("icc_profile") or None
    return Header(
        width=im.size[0],
        height=im.size[1],
        mode=im.mode,
        frames=frames,
        orientation=int(orientation),
        icc=icc,
        ppi=_ppi(im, fmt, exif, notes),
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


def _exif(im: PILImage.Image, fmt: RasterFormat, notes: list[str]) -> Any:
    """EXIF tags from the header only (``None`` for formats without EXIF)."""
    try:
        return fmt.exif(im)
    except (SyntaxError, ValueError, TypeError, KeyError, IndexError, struct.error) as exc:
        # damaged metadata, intact pixels: check the image, say what was not read
        notes.append(
            f"EXIF unreadable ({type(exc).__name__}): orientation and resolution "
            "from EXIF not applied"
        )
    return None


def _ppi(
    im: PILImage.Image, fmt: RasterFormat, exif: Any, notes: list[str]
) -> tuple[float, float] | None:
    """Physical resolution by the rule in :mod:`brandcheck.load`; implausible ones noted."""
    stated = fmt.stated_ppi(im, exif)
    if stated is None:
        return None
    lo, hi = PPI_RANGE
    if all(math.isfinite(v) and lo <= v <= hi for v in stated):
        return stated
    notes.append(f"stated resolution {stated[0]:g} × {stated[1]:g} ppi ignored (implausible)")
    return None


def tag_ppi(tags: Any) -> tuple[float, float] | None:
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
    data: bytes, im: PILImage.Image, fmt: RasterFormat, hdr: Header, notes: list[str], path: str
) -> tuple[RGBImage, CMYKImage | None]:
    """Pixels as (sRGB uint8, CMYK ink or None), before EXIF orientation."""
    route = fmt.route(data, im, hdr)
    if route is not None:
        arr = _decode_cv2(data, sixteen=route == "cv16", shape=(hdr.height, hdr.width))
        if arr is not None:
            if route == "cv16":
                notes.append("16-bit image scaled to 8 bits")
            return _finish_rgb(arr, hdr.icc, notes), None
        # OpenCV disagreed with Pillow's header: let Pillow decode (or raise)
    return _decode_pil(im, fmt, hdr, notes, path)


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
        out = to_srgb(im, icc, notes)
        if out is not im:
            arr = np.asarray(out)
    if arr.shape[2] == 4:
        return _composite_on_white(arr, notes)
    return arr


def _decode_pil(
    im: PILImage.Image, fmt: RasterFormat, hdr: Header, notes: list[str], path: str
) -> tuple[RGBImage, CMYKImage | None]:
    from PIL import Image

    im.load()
    mode = im.mode
    cmyk: CMYKImage | None = None
    if mode in ("I", "F"):
        raise UnsupportedFormatError(
            f"{fmt.id} with 32-bit {'float' if mode == 'F' else 'integer'} samples is not "
            "supported: export 8 or 16 bits per channel",
            path=path,
        )
    if mode.startswith("I;16"):
        a = np.asarray(im)
        # the depth is 16 bits by the mode, whatever the values: a dark image stays dark
        im = Image.fromarray(np.rint(a.astype(np.float32) / 257.0).astype(np.uint8))
        notes.append("16-bit image scaled to 8 bits")
    elif mode == "CMYK":
        im, note = fmt.cmyk_ink(im)
        if note:
            notes.append(note)
        cmyk = np.ascontiguousarray(np.asarray(im))
    elif mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode in ("PA", "RGBa", "La"):
        im = im.convert("RGBA" if mode != "La" else "LA")  # un-premultiplies RGBa/La
    elif mode == "1":
        im = im.convert("L")
    elif mode in ("RGB", "L") and "transparency" in im.info:
        im = im.convert("RGBA" if mode == "RGB" else "LA")  # tRNS colour key
    elif mode == "LAB":
        return lab_to_srgb(im, notes), None

    if hdr.icc:
        im = to_srgb(im, hdr.icc, notes)
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
