"""Writers: PNG, JPEG (quality), CMYK TIFF (with ppi), JSON; all atomic.

A file is written to a temporary name in the destination folder and renamed over the
target, so a reader never sees half a poster. Pillow writes no timestamps, so the same
pixels give the same bytes.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from brandcheck.synth.poster import Synth


def _umask() -> int:
    m = os.umask(0o022)
    os.umask(m)
    return m


_UMASK = _umask()


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return p


def encode_png(rgb: np.ndarray, ppi: float | None = None) -> bytes:
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
    buf = io.BytesIO()
    kw: dict[str, Any] = {"compression": compression}
    if ppi:
        kw["dpi"] = (ppi, ppi)
    Image.fromarray(np.ascontiguousarray(cmyk), "CMYK").save(buf, "TIFF", **kw)
    return buf.getvalue()


def write_png(path: str | Path, rgb: np.ndarray, ppi: float | None = None) -> Path:
    return write_atomic(path, encode_png(rgb, ppi))


def write_jpeg(
    path: str | Path,
    rgb: np.ndarray,
    quality: int = 90,
    ppi: float | None = None,
    subsampling: int = 2,
    exif: bytes | None = None,
) -> Path:
    return write_atomic(path, encode_jpeg(rgb, quality, ppi, subsampling, exif))


def write_cmyk_tiff(path: str | Path, cmyk: np.ndarray, ppi: float | None) -> Path:
    return write_atomic(path, encode_cmyk_tiff(cmyk, ppi))


def write_synth(path: str | Path, s: Synth, quality: int = 90) -> Path:
    """Write a poster by suffix: .png, .jpg/.jpeg (``quality``), .tif/.tiff (CMYK, needs cmyk)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        return write_png(path, s.rgb, s.ppi)
    if suffix in (".jpg", ".jpeg"):
        camera = s.meta.get("photo", {}).get("camera")
        return write_jpeg(
            path, s.rgb, quality, s.ppi, exif=camera_exif(*camera) if camera else None
        )
    if suffix in (".tif", ".tiff"):
        if s.cmyk is None:
            raise ValueError("a TIFF is written from CMYK values: make the poster with cmyk=True")
        return write_cmyk_tiff(path, s.cmyk, s.ppi)
    raise ValueError(f"unsupported suffix {suffix!r}")


def write_json(path: str | Path, obj: Any) -> Path:
    return write_atomic(
        path, (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    )
