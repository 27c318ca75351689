"""JPEG: truncation by the EOI marker, JFIF or EXIF resolution, the CMYK ink convention."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from brandcheck.load.formats import magic
from brandcheck.load.raster import Header, RasterFormat, register_raster, tag_ppi

if TYPE_CHECKING:
    from PIL import Image as PILImage


def _open(data: bytes) -> PILImage.Image:
    from PIL import Image, JpegImagePlugin

    Image.preinit()  # JPEG (MPO is imported by jpeg_factory): not all of Pillow's plugins
    factory: Any = JpegImagePlugin.jpeg_factory  # may return an MPO (multi-picture) file
    im: PILImage.Image = factory(io.BytesIO(data), "")
    return im


def _truncated(data: bytes, im: PILImage.Image) -> str | None:
    """Whether an EOI marker follows the first scan.

    Inside entropy-coded data 0xFF is stuffed, so ``FF D9`` there can only be the real
    end; an EXIF thumbnail's sits before the scan.
    """
    i, n = 2, len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            i = data.find(b"\xff", i)  # junk between segments, as libjpeg tolerates
            if i < 0:
                break
            continue
        marker = data[i + 1]
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD8:
            i += 1 if marker == 0xFF else 2
            continue
        if marker == 0xDA:
            if data.find(b"\xff\xd9", i) >= 0:
                return None
            break
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return "no end-of-image marker after the image data"


def _exif(im: PILImage.Image) -> Any:
    return im.getexif()


def _ppi(im: PILImage.Image, exif: Any) -> tuple[float, float] | None:
    """JFIF density in dots per inch or cm, else EXIF XResolution with its unit."""
    if im.info.get("jfif_unit") in (1, 2) and im.info.get("jfif_density"):
        scale = 2.54 if im.info["jfif_unit"] == 2 else 1.0
        dx, dy = im.info["jfif_density"]
        return float(dx) * scale, float(dy) * scale
    return tag_ppi(exif) if exif is not None else None


def _route(data: bytes, im: PILImage.Image, hdr: Header) -> str | None:
    """libjpeg-turbo via OpenCV for 8-bit RGB and grey: about twice as fast as Pillow + copy
    for an A3 JPEG."""
    if hdr.frames == 1 and (hdr.mode == "RGB" or (hdr.mode == "L" and not hdr.icc)):
        return "cv8"
    return None


def _cmyk_ink(im: PILImage.Image) -> tuple[PILImage.Image, str | None]:
    """Pillow reads every CMYK JPEG with Adobe's inverted convention; without the APP14
    "Adobe" marker the samples are stored as ink, so its inversion is undone."""
    if "adobe" in im.info:
        return im, None
    import numpy as np
    from PIL import Image

    ink = 255 - np.asarray(im)
    return (
        Image.fromarray(np.ascontiguousarray(ink), "CMYK"),
        "CMYK JPEG without Adobe marker: samples read as ink, not inverted",
    )


JPEG = RasterFormat(
    "JPEG",
    open=_open,
    truncated=_truncated,
    exif=_exif,
    stated_ppi=_ppi,
    route=_route,
    cmyk_ink=_cmyk_ink,
)
register_raster(JPEG, magic(b"\xff\xd8\xff"), (".jpg", ".jpeg"))
