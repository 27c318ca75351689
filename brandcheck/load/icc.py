"""Colour management of raster inputs: embedded ICC profiles and CIELAB pixels -> sRGB."""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING, Any

import numpy as np

from brandcheck._typing import RGBImage

if TYPE_CHECKING:
    from PIL import Image as PILImage


@functools.lru_cache(maxsize=1)
def _srgb_profile() -> Any:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _profile_name(profile: Any) -> str:
    from PIL import ImageCms

    name = (ImageCms.getProfileDescription(profile) or "").strip()
    return name or (ImageCms.getProfileName(profile) or "").strip() or "unnamed"


def to_srgb(im: PILImage.Image, icc: bytes, notes: list[str]) -> PILImage.Image:
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


def lab_to_srgb(im: PILImage.Image, notes: list[str]) -> RGBImage:
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
