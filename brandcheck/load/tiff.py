"""TIFF (and BigTIFF): strips inside the file, resolution tags, 16-bit RGB via OpenCV.

TIFF decoders (Pillow's and OpenCV's) apply the orientation tag themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from brandcheck.load.formats import magic
from brandcheck.load.raster import Header, RasterFormat, register_raster, tag_ppi

if TYPE_CHECKING:
    from PIL import Image as PILImage


def _truncated(data: bytes, im: PILImage.Image) -> str | None:
    """Whether the first image's strips or tiles lie inside the file (when tags say where)."""
    tags = im.tag_v2  # type: ignore[attr-defined]
    offsets = tags.get(273, tags.get(324))
    counts = tags.get(279, tags.get(325))
    if offsets is None or counts is None:
        return None  # libtiff decides
    offsets = offsets if isinstance(offsets, tuple) else (offsets,)
    counts = counts if isinstance(counts, tuple) else (counts,)
    if all(int(o) + int(c) <= len(data) for o, c in zip(offsets, counts)):
        return None
    return "image data extends past the end of the file"


def _exif(im: PILImage.Image) -> Any:
    return im.getexif()  # the IFD tags are the EXIF


def _ppi(im: PILImage.Image, exif: Any) -> tuple[float, float] | None:
    return tag_ppi(im.tag_v2)  # type: ignore[attr-defined]


def _route(data: bytes, im: PILImage.Image, hdr: Header) -> str | None:
    """16-bit RGB (or RGBA with straight alpha) via OpenCV, which keeps all 16 bits."""
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


TIFF = RasterFormat(
    "TIFF", truncated=_truncated, exif=_exif, stated_ppi=_ppi, route=_route, orients_itself=True
)
register_raster(
    TIFF,
    magic(b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"),  # classic and BigTIFF
    (".tif", ".tiff"),
)
