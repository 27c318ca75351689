"""HEIC and HEIF: phones' default photo format, read by pillow-heif (the ``heic`` extra).

A branch's iPhone photo of a poster is HEIC unless the phone was set to "most compatible".
pillow-heif (libheif's maintained Python binding) decodes it for Pillow; the shared raster
path then reads its EXIF (``Make``/``Model``: a photograph of a print, see ``checks/photo``),
ICC profile and resolution as for a JPEG. pillow-heif applies the container's rotation and
mirroring (``irot``/``imir``) while decoding and sets the EXIF orientation to 1, so the
pixels arrive upright. Without the extra a HEIC file is an ``unsupported`` error that
names the extra to install, never a skip.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from brandcheck.errors import UnsupportedFormatError, install_hint
from brandcheck.load.raster import RasterFormat, register_raster, tag_ppi

if TYPE_CHECKING:
    from PIL import Image as PILImage

#: ISO-BMFF ``ftyp`` major brands (HEIF, ISO/IEC 23008-12): HEVC-coded images (HEIC) and
#: the generic image brands a phone or camera may write (HEIF).
BRANDS = {
    "HEIC": (b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevs"),
    "HEIF": (b"mif1", b"msf1"),
}


def _ftyp(brands: tuple[bytes, ...]) -> Callable[[bytes], bool]:
    return lambda head: head[4:8] == b"ftyp" and head[8:12] in brands


def _open_as(fmt_id: str) -> Callable[[bytes], PILImage.Image]:
    def open_(data: bytes) -> PILImage.Image:
        try:
            import pillow_heif
        except ImportError as exc:
            raise UnsupportedFormatError(
                f"{fmt_id} input needs the heic extra (pillow-heif): {install_hint('heic')}, "
                "or export the photo as JPEG"
            ) from exc
        from pillow_heif.as_plugin import HeifImageFile

        # the plugin's class, called directly (not Image.open), as for the other formats:
        # the pixel limit is brandcheck's, per call, not Pillow's process-wide one
        pillow_heif.options.THUMBNAILS = False
        im: PILImage.Image = HeifImageFile(io.BytesIO(data))  # type: ignore[no-untyped-call]
        return im

    return open_


def _exif(im: PILImage.Image) -> Any:
    return im.getexif()


def _ppi(im: PILImage.Image, exif: Any) -> tuple[float, float] | None:
    return tag_ppi(exif) if exif is not None else None


for _id, _brands in BRANDS.items():
    register_raster(
        RasterFormat(_id, open=_open_as(_id), exif=_exif, stated_ppi=_ppi),
        _ftyp(_brands),
        (".heic", ".heif", ".hif") if _id == "HEIC" else (),
    )
