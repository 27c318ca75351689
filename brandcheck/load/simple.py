"""WebP, GIF and BMP: Pillow decodes them and raises on short data, so no hook but these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from brandcheck.load.formats import magic
from brandcheck.load.png import info_dpi
from brandcheck.load.raster import RasterFormat, register_raster, tag_ppi

if TYPE_CHECKING:
    from PIL import Image as PILImage


def _exif(im: PILImage.Image) -> Any:
    return im.getexif()


def _exif_ppi(im: PILImage.Image, exif: Any) -> tuple[float, float] | None:
    return tag_ppi(exif) if exif is not None else None


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


register_raster(
    RasterFormat("WEBP", exif=_exif, stated_ppi=_exif_ppi), _is_webp, (".webp",), "WebP"
)
register_raster(RasterFormat("GIF"), magic(b"GIF87a", b"GIF89a"), (".gif",))
register_raster(RasterFormat("BMP", stated_ppi=info_dpi), magic(b"BM"), (".bmp",))
