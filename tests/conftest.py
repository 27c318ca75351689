"""Generic fixtures shared by the test modules: image files written in code, ICC profiles
built from published colorimetry (so no binary profile has to be shipped for them)."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

# Bradford cone response matrix (ICC.1:2010 Annex E) and the D50 PCS white.
_BRADFORD = np.array(
    [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
)
D50 = np.array([0.9642, 1.0, 0.8249])
#: sRGB's transfer function as ICC parametric curve type 3: (g, a, b, c, d).
SRGB_TRC = (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)


def xy_to_xyz(x: float, y: float) -> np.ndarray:
    return np.array([x / y, 1.0, (1 - x - y) / y])


def rgb_to_xyz_matrix(
    primaries: tuple[tuple[float, float], ...], white: tuple[float, float]
) -> np.ndarray:
    """The RGB -> XYZ matrix (white Y = 1) of an RGB space given by chromaticities."""
    p = np.stack([xy_to_xyz(*xy) for xy in primaries], axis=1)
    s = np.linalg.solve(p, xy_to_xyz(*white))
    return p * s


def bradford(src_white: np.ndarray, dst_white: np.ndarray) -> np.ndarray:
    """Chromatic adaptation matrix (XYZ -> XYZ) from one white to another."""
    s = _BRADFORD @ src_white
    d = _BRADFORD @ dst_white
    return np.linalg.inv(_BRADFORD) @ np.diag(d / s) @ _BRADFORD


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _mluc(text: str) -> bytes:
    s = text.encode("utf-16-be")
    return (
        b"mluc"
        + b"\0" * 4
        + struct.pack(">II", 1, 12)
        + b"enUS"
        + struct.pack(">II", len(s), 28)
        + s
    )


def _xyz(v: np.ndarray) -> bytes:
    return b"XYZ " + b"\0" * 4 + b"".join(_s15(float(c)) for c in v)


def build_rgb_icc(
    description: str,
    primaries: tuple[tuple[float, float], ...],
    white: tuple[float, float],
    trc: tuple[float, ...] = SRGB_TRC,
) -> bytes:
    """An ICC v4 matrix/TRC display profile (ICC.1:2010 §8.3), D50-adapted with Bradford.

    Enough for littleCMS to treat it exactly like a vendor's Display P3 or Adobe RGB
    profile: colorants, white point, ``chad`` and parametric tone curves.
    """
    wp = xy_to_xyz(*white)
    chad = bradford(wp, D50)
    colorants = chad @ rgb_to_xyz_matrix(primaries, white)
    para = b"para" + b"\0" * 4 + struct.pack(">HH", 3, 0) + b"".join(_s15(v) for v in trc)
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", _mluc(description)),
        (b"cprt", _mluc("No copyright, use freely")),
        (b"wtpt", _xyz(D50)),
        (b"chad", b"sf32" + b"\0" * 4 + b"".join(_s15(float(v)) for v in chad.ravel())),
        (b"rXYZ", _xyz(colorants[:, 0])),
        (b"gXYZ", _xyz(colorants[:, 1])),
        (b"bXYZ", _xyz(colorants[:, 2])),
        (b"rTRC", para),
        (b"gTRC", para),
        (b"bTRC", para),
    ]
    table = b""
    blob = b""
    offset = 128 + 4 + 12 * len(tags)
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(blob), len(data))
        blob += data + b"\0" * (-len(data) % 4)
    body = struct.pack(">I", len(tags)) + table + blob
    header = bytearray(128)
    struct.pack_into(">I", header, 0, 128 + len(body))
    struct.pack_into(">I", header, 8, 0x04300000)
    header[12:24] = b"mntrRGB XYZ "
    struct.pack_into(">6H", header, 24, 2024, 1, 1, 0, 0, 0)
    header[36:40] = b"acsp"
    header[68:80] = b"".join(_s15(float(v)) for v in D50)
    return bytes(header) + body


#: Published chromaticities (x, y): red, green, blue.
SRGB_PRIMARIES = ((0.640, 0.330), (0.300, 0.600), (0.150, 0.060))
P3_PRIMARIES = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
D65_XY = (0.3127, 0.3290)


@pytest.fixture(scope="session")
def display_p3_icc() -> bytes:
    """Display P3 (P3 primaries, D65, sRGB tone curve), built from its definition."""
    return build_rgb_icc("Display P3 (test)", P3_PRIMARIES, D65_XY)


@pytest.fixture(scope="session")
def srgb_built_icc() -> bytes:
    """sRGB built by the same code as ``display_p3_icc``: a control for the builder."""
    return build_rgb_icc("built sRGB (test)", SRGB_PRIMARIES, D65_XY)


@pytest.fixture()
def write_image(tmp_path: Path) -> Callable[..., Path]:
    """Save an array or PIL image under ``tmp_path``; extra keywords go to ``Image.save``."""
    from PIL import Image

    def write(pixels: Any, name: str, mode: str | None = None, **save: Any) -> Path:
        im = (
            pixels if isinstance(pixels, Image.Image) else Image.fromarray(np.asarray(pixels), mode)
        )
        p = tmp_path / name
        im.save(p, **save)
        return p

    return write
