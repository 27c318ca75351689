"""Encoders and writers both generators use: PNG, JPEG, CMYK TIFF (with ppi), JSON.

Every file goes through brandcheck's own atomic writer (a temporary name in the
destination folder, renamed over the target), so a reader never sees half a poster.
Pillow writes no timestamps, so the same pixels give the same bytes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from brandcheck.report.files import write_atomic

__all__ = [
    "camera_exif",
    "encode_cmyk_tiff",
    "encode_jpeg",
    "encode_png",
    "write_atomic",
    "write_cmyk_tiff",
    "write_jpeg",
    "write_json",
    "write_png",
]


def encode_png(rgb: np.ndarray, ppi: float | None = None) -> bytes:
    """PNG of an (H, W, 3) uint8 sRGB array; zlib level 6 is Pillow's default, named."""
    buf = io.BytesIO()
    kw: dict[str, Any] = {"compress_level": 6}
    if ppi:
        kw["dpi"] = (ppi, ppi)
    Image.fromarray(rgb, "RGB").save(buf, "PNG", **kw)
    return buf.getvalue()


def camera_exif(make: str, model: str) -> bytes:
    """An EXIF block naming a camera (IFD0 Make and Model), as a phone writes it."""
    ex = Image.Exif()
    ex[0x010F], ex[0x0110] = make, model
    return ex.tobytes()


def encode_jpeg(
    rgb: np.ndarray,
    quality: int = 90,
    ppi: float | None = None,
    subsampling: int = 2,
    exif: bytes | None = None,
) -> bytes:
    """Baseline JPEG; ``subsampling`` 2 = 4:2:0 (what cameras and most exports use)."""
    buf = io.BytesIO()
    kw: dict[str, Any] = {"quality": int(quality), "subsampling": subsampling, "optimize": False}
    if ppi:
        kw["dpi"] = (ppi, ppi)
    if exif:
        kw["exif"] = exif
    Image.fromarray(rgb, "RGB").save(buf, "JPEG", **kw)
    return buf.getvalue()


def encode_cmyk_tiff(
    cmyk: np.ndarray, ppi: float | None, compression: str = "tiff_adobe_deflate"
) -> bytes:
    """TIFF of an (H, W, 4) uint8 CMYK array (ink values 0-255), as a print export."""
    buf = io.BytesIO()
    kw: dict[str, Any] = {"compression": compression}
    if ppi:
        kw["dpi"] = (ppi, ppi)
    Image.fromarray(np.ascontiguousarray(cmyk), "CMYK").save(buf, "TIFF", **kw)
    return buf.getvalue()


def write_png(path: str | Path, rgb: np.ndarray, ppi: float | None = None) -> Path:
    """:func:`encode_png` written atomically."""
    return write_atomic(Path(path), encode_png(rgb, ppi))


def write_jpeg(
    path: str | Path,
    rgb: np.ndarray,
    quality: int = 90,
    ppi: float | None = None,
    subsampling: int = 2,
    exif: bytes | None = None,
) -> Path:
    """:func:`encode_jpeg` written atomically."""
    return write_atomic(Path(path), encode_jpeg(rgb, quality, ppi, subsampling, exif))


def write_cmyk_tiff(
    path: str | Path,
    cmyk: np.ndarray,
    ppi: float | None,
    compression: str = "tiff_adobe_deflate",
) -> Path:
    """:func:`encode_cmyk_tiff` written atomically."""
    return write_atomic(Path(path), encode_cmyk_tiff(cmyk, ppi, compression))


def write_json(path: str | Path, obj: Any) -> Path:
    """``obj`` as indented UTF-8 JSON, written atomically."""
    return write_atomic(
        Path(path), (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    )
