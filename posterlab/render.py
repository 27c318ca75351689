"""Placing the logo: a homography from artwork pixels to poster pixels, composited via alpha.

Shared by both generators: the placement homography (:func:`pose_matrix`), the warp of
the artwork's alpha (:func:`warp_alpha`), painting ink through it (:func:`paint`), and
the sRGB <-> CMYK conversions a CMYK poster is written with.

Conventions are :mod:`brandcheck.geometry`'s: pixel centres at integer coordinates, so a
homography ``h`` maps the artwork frame ``frame_corners(aw, ah)`` onto the logo's quad and
OpenCV's ``warpPerspective`` draws exactly that quad. Ground-truth quads are reported in
edge coordinates (``geometry.to_edge``).
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image

from brandcheck import geometry as geo
from brandcheck._typing import Homography, Quad

INTERP = {"linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC, "nearest": cv2.INTER_NEAREST}


def quad_of(h: Homography, aw: int, ah: int) -> Quad:
    """The artwork frame's corners in poster px (centre convention)."""
    return geo.apply(h, geo.frame_corners(aw, ah))


def zone_of(h: Homography, aw: int, ah: int, clear_space: float) -> Quad:
    """The clear-space zone's corners (``clear_space`` × artwork height on every side)."""
    return geo.apply(h, geo.expand_frame(aw, ah, clear_space * ah))


def pose_matrix(
    aw: int,
    ah: int,
    width: float,
    angle_deg: float = 0.0,
    stretch_x: float = 1.0,
    stretch_y: float = 1.0,
    perspective: tuple[float, float] = (0.0, 0.0),
) -> Homography:
    """Artwork px -> poster px, centred on the origin: scale to ``width``, stretch, rotate.

    ``angle_deg`` turns counter-clockwise as a viewer sees it (``geometry.pose``'s sign).
    ``perspective`` (px, py) is the projective term per artwork width/height.
    """
    s = width / aw
    cx, cy = (aw - 1) / 2.0, (ah - 1) / 2.0
    c = geo.translation(-cx, -cy)
    p = np.array([[1.0, 0, 0], [0, 1.0, 0], [perspective[0] / aw, perspective[1] / ah, 1.0]])
    k = np.diag([s * stretch_x, s * stretch_y, 1.0])
    t = math.radians(angle_deg)
    r = np.array([[math.cos(t), math.sin(t), 0.0], [-math.sin(t), math.cos(t), 0.0], [0, 0, 1.0]])
    out: Homography = r @ k @ p @ c
    return out


def bbox(points: np.ndarray) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of points."""
    p = np.asarray(points, np.float64).reshape(-1, 2)
    return float(p[:, 0].min()), float(p[:, 1].min()), float(p[:, 0].max()), float(p[:, 1].max())


def _max_scale(h: Homography, aw: int, ah: int) -> float:
    """Largest image px per artwork px along the frame's sides (perspective-safe)."""
    q = quad_of(h, aw, ah)
    sides = [np.hypot(*(q[(i + 1) % 4] - q[i])) for i in range(4)]
    return float(max(sides[0] / aw, sides[2] / aw, sides[1] / ah, sides[3] / ah))


def warp_alpha(
    alpha: np.ndarray,
    h: Homography,
    shape: tuple[int, int],
    interp: str = "linear",
    prescale: bool = True,
) -> tuple[np.ndarray, tuple[int, int]]:
    """Warp ``alpha`` (uint8 or float in [0, 1]) through ``h`` into a canvas of ``shape``.

    Returns the float32 patch over the destination's bounding box (clipped to the canvas)
    and its origin (x0, y0). Downscaling first resizes with INTER_AREA to about the target
    scale (no aliasing), then warps the remainder.
    """
    src: np.ndarray = (
        alpha.astype(np.float32) / 255.0 if alpha.dtype == np.uint8 else alpha.astype(np.float32)
    )
    ah, aw = src.shape
    hh, ww = shape
    q = quad_of(h, aw, ah)
    x0 = max(0, math.floor(q[:, 0].min()) - 2)
    y0 = max(0, math.floor(q[:, 1].min()) - 2)
    x1 = min(ww, math.ceil(q[:, 0].max()) + 3)
    y1 = min(hh, math.ceil(q[:, 1].max()) + 3)
    if x1 <= x0 or y1 <= y0:
        return np.zeros((0, 0), np.float32), (0, 0)
    m = h
    if prescale:
        s = _max_scale(h, aw, ah)
        if s < 0.9:
            nw, nh = max(2, round(aw * s)), max(2, round(ah * s))
            src = cv2.resize(src, (nw, nh), interpolation=cv2.INTER_AREA)
            m = h @ np.linalg.inv(geo.scale_matrix(nw / aw, nh / ah))
    t = geo.translation(-x0, -y0) @ m
    patch = cv2.warpPerspective(
        src,
        t,
        (x1 - x0, y1 - y0),
        flags=INTERP[interp],
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )
    return np.clip(patch, 0.0, 1.0), (x0, y0)


def paint(
    canvas: np.ndarray,
    patch: np.ndarray,
    origin: tuple[int, int],
    colour: tuple[float, ...],
    opacity: float = 1.0,
) -> None:
    """Blend ``colour`` into ``canvas`` (H, W, C) uint8 in place, weighted by ``patch``."""
    if patch.size == 0:
        return
    x0, y0 = origin
    ph, pw = patch.shape
    region = canvas[y0 : y0 + ph, x0 : x0 + pw].astype(np.float32)
    a = (patch * opacity)[..., None]
    col = np.asarray(colour, np.float32).reshape(1, 1, -1)
    canvas[y0 : y0 + ph, x0 : x0 + pw] = np.clip(region * (1 - a) + col * a + 0.5, 0, 255).astype(
        np.uint8
    )


def rgb_to_cmyk_values(rgb: np.ndarray, gcr: float = 0.6) -> np.ndarray:
    """sRGB uint8 -> CMYK uint8 with grey-component replacement.

    The inverse of Pillow's CMYK -> RGB conversion (R = (255 - K)(255 - C) / 255), so a
    CMYK file written from these values decodes back to the same RGB within rounding.
    """
    x = rgb.astype(np.float32)
    k = gcr * (255.0 - x.max(axis=-1, keepdims=True))
    nk = np.maximum(255.0 - k, 1e-3)
    cmy = 255.0 - x * 255.0 / nk
    return np.clip(np.concatenate([cmy, k], axis=-1) + 0.5, 0, 255).astype(np.uint8)


def cmyk_to_rgb_values(cmyk: np.ndarray) -> np.ndarray:
    """CMYK uint8 -> sRGB uint8 exactly as Pillow (and so brandcheck's loader) converts."""
    return np.asarray(Image.fromarray(np.ascontiguousarray(cmyk), "CMYK").convert("RGB"))


def polygon_mask(poly: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Boolean mask of the pixels whose centres lie inside ``poly`` (centre convention)."""
    m = np.zeros(shape, np.uint8)
    pts = np.round(np.asarray(poly, np.float64) * 16).astype(np.int32)
    cv2.fillPoly(m, [pts], 1, lineType=cv2.LINE_8, shift=4)
    return m.astype(bool)
