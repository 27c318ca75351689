"""PNG: truncation by the chunk chain, EXIF from an eXIf chunk before the pixels, pHYs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from brandcheck.load.formats import magic
from brandcheck.load.raster import Header, RasterFormat, register_raster

if TYPE_CHECKING:
    from PIL import Image as PILImage


def _truncated(data: bytes, im: PILImage.Image) -> str | None:
    """Whether the chunk chain reaches IEND inside the file."""
    i, n = 8, len(data)
    while i + 8 <= n:
        length = int.from_bytes(data[i : i + 4], "big")
        if data[i + 4 : i + 8] == b"IEND":
            return None
        i += 12 + length
    return "the chunks end before IEND"


def _exif(im: PILImage.Image) -> Any:
    """An eXIf chunk before the pixels only.

    Pillow's ``getexif()`` decodes the whole image to look for an eXIf chunk after the
    pixels; the PNG spec asks writers to put it before them, where ``info`` holds it.
    """
    from PIL import Image

    raw = im.info.get("exif")
    if not raw:
        return None
    exif = Image.Exif()
    exif.load(raw)
    return exif


def info_dpi(im: PILImage.Image, exif: Any) -> tuple[float, float] | None:
    """pHYs per metre (PNG) or pixels per metre (BMP), converted by Pillow."""
    if not im.info.get("dpi"):
        return None
    dx, dy = im.info["dpi"]
    return float(dx), float(dy)


def _route(data: bytes, im: PILImage.Image, hdr: Header) -> str | None:
    """OpenCV for 8-bit truecolour without transparency (about twice as fast as Pillow
    + copy) and for 16-bit colour, whose low byte Pillow drops (rounded to 8 bits here)."""
    if data[12:16] != b"IHDR" or "transparency" in im.info:
        return None
    depth, colour_type = data[24], data[25]
    if hdr.frames == 1 and depth == 8 and colour_type == 2:
        return "cv8"
    if depth == 16 and colour_type in (2, 4, 6):
        return "cv16"  # an APNG's default image is its first frame, as with Pillow
    return None


PNG = RasterFormat("PNG", truncated=_truncated, exif=_exif, stated_ppi=info_dpi, route=_route)
register_raster(PNG, magic(b"\x89PNG\r\n\x1a\n"), (".png",))
