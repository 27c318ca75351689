"""What the test modules share: the kit, the samples, the ink, the font, one poster
builder, image files written in code, and ICC profiles built from published colorimetry
(so no binary profile has to be shipped for them).

Modules that need a value at import time (``parametrize``) import it from here:
``from tests.conftest import KIT, SAMPLES``; tests take the fixtures.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from brandcheck import geometry as geo
from brandcheck.brand import BrandKit, load_brand
from posterlab.assets import INK_SRGB, font_path, load_artwork
from posterlab.render import paint, pose_matrix, quad_of, warp_alpha

ROOT = Path(__file__).resolve().parents[1]
#: The bundled sample posters; samples/README.md states the verdict each must get.
SAMPLES = ROOT / "samples"
#: The default brand kit (reference/quality-month-2019), loaded once.
KIT = load_brand()
#: The logo's ink on screen: the kit's CMYK build in sRGB (see posterlab.assets.INK_SRGB).
INK = INK_SRGB
#: The kit's Noto Sans CJK subset: it covers every character the tests set.
FONT = font_path(KIT)
#: Paper for drawn posters: an off-white, as most posters are printed on.
PAPER = (250, 248, 240)


@pytest.fixture(scope="session")
def kit() -> BrandKit:
    return KIT


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@dataclass(frozen=True)
class Text:
    """A line of text to set on a drawn poster: top-left ``xy`` px, ``size`` px, in FONT."""

    text: str
    xy: tuple[float, float]
    size: int | ImageFont.FreeTypeFont
    colour: tuple[int, int, int] = (30, 30, 30)


@dataclass(frozen=True)
class Drawn:
    """A drawn poster and its truth."""

    rgb: np.ndarray  # (H, W, 3) uint8 sRGB
    quad: np.ndarray | None  # (4, 2) the artwork frame's corners, px, centre convention
    alpha: np.ndarray  # (H, W) float32 in [0, 1]: the logo's coverage


def draw_poster(
    size: tuple[int, int],
    width: float | None = None,
    *,
    centre: tuple[float, float] = (0.5, 0.35),
    angle: float = 0.0,
    stretch: float = 1.0,
    persp: float = 0.0,
    ink: tuple[int, int, int] = INK,
    bg: tuple[int, int, int] = PAPER,
    art: np.ndarray | Path | None = None,
    text: Sequence[Text] = (),
    bars: bool = False,
    jpeg: int | None = None,
) -> Drawn:
    """The one poster builder of the tests: plain paper, the logo placed by a known
    homography, text lines, optional body-text bars and a JPEG round trip.

    ``width`` (px) is the artwork's width on the poster (None: no logo); ``centre`` is a
    share of the canvas; ``angle`` turns counter-clockwise as seen, ``stretch`` scales the
    artwork's y axis, ``persp`` is the projective term per artwork width. ``art`` is an
    alpha array (ink = 255) or an RGBA file (default: the kit's artwork). The logo is
    drawn with posterlab's warp (area-filtered to about its size, then warped), the way
    the generators draw it.
    """
    w, h = size
    img = np.empty((h, w, 3), np.uint8)
    img[:] = bg
    if bars:  # body text stand-in: dark bars below the logo
        for y in range(int(h * 0.62), int(h * 0.95), max(8, h // 40)):
            cv2.rectangle(img, (w // 10, y), (w - w // 10, y + max(3, h // 120)), (40, 40, 40), -1)
    if text:
        pil = Image.fromarray(img)
        d = ImageDraw.Draw(pil)
        for t in text:
            f = t.size if not isinstance(t.size, int) else ImageFont.truetype(str(FONT), t.size)
            d.text(t.xy, t.text, font=f, fill=t.colour)
        img = np.array(pil)
    alpha = np.zeros((h, w), np.float32)
    quad = None
    if width is not None:
        a = art if isinstance(art, np.ndarray) else load_artwork(art, KIT).alpha
        ah, aw = a.shape
        g = pose_matrix(aw, ah, width, angle, 1.0, stretch, (persp, 0.0))
        g = geo.translation(centre[0] * w, centre[1] * h) @ g
        patch, (x0, y0) = warp_alpha(a, g, (h, w))
        alpha[y0 : y0 + patch.shape[0], x0 : x0 + patch.shape[1]] = patch
        paint(img, patch, (x0, y0), ink)
        quad = quad_of(g, aw, ah)
    if jpeg:
        _ok, buf = cv2.imencode(".jpg", img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        img = np.ascontiguousarray(cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1])
    return Drawn(img, quad, alpha)


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
