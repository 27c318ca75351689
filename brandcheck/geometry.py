"""Plane geometry shared by locate, measure and the sample generator.

Convention: homographies follow OpenCV, with pixel *centres* at integer coordinates. A
frame of ``w × h`` pixels therefore spans [-0.5, w - 0.5] × [-0.5, h - 0.5]. Reported quads
are in *edge* coordinates (the image spans [0, W] × [0, H]), i.e. centre coordinates + 0.5.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from brandcheck._typing import Homography, Quad


def turn_direction(angle_deg: float) -> str:
    """Words for a turn, counter-clockwise positive as a viewer sees the page (:func:`pose`):
    "counter-clockwise", "clockwise", or "upside down" at 180°, which has no direction."""
    if round(abs(angle_deg), 1) >= 180.0:
        return "upside down"
    return "counter-clockwise" if angle_deg > 0 else "clockwise"


def frame_corners(width: float, height: float) -> Quad:
    """Corners TL, TR, BR, BL of a ``width × height`` pixel frame, centre convention."""
    return np.array(
        [[-0.5, -0.5], [width - 0.5, -0.5], [width - 0.5, height - 0.5], [-0.5, height - 0.5]],
        dtype=np.float64,
    )


def scale_matrix(factor_x: float, factor_y: float | None = None) -> Homography:
    """Homography of a resize by ``factor`` (new = old × factor), centre convention.

    A resize maps pixel edges onto pixel edges, so centres move by ``0.5 f - 0.5``.
    """
    fy = factor_x if factor_y is None else factor_y
    return np.array(
        [[factor_x, 0.0, 0.5 * factor_x - 0.5], [0.0, fy, 0.5 * fy - 0.5], [0.0, 0.0, 1.0]]
    )


def translation(dx: float, dy: float) -> Homography:
    """Homography of a shift by (dx, dy)."""
    return np.array([[1.0, 0.0, dx], [0.0, 1.0, dy], [0.0, 0.0, 1.0]])


def apply(h: Homography, points: np.ndarray) -> np.ndarray:
    """Map points of shape (N, 2) through ``h``."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    homog = np.hstack([pts, np.ones((len(pts), 1))]) @ h.T
    return homog[:, :2] / homog[:, 2:3]


def to_edge(quad: Quad) -> Quad:
    """Centre-convention points to edge coordinates (what reports show)."""
    return np.asarray(quad, dtype=np.float64) + 0.5


def is_convex(quad: Quad) -> bool:
    """True when the quad is convex and keeps the TL, TR, BR, BL winding (not mirrored)."""
    q = np.asarray(quad, dtype=np.float64)
    crosses = []
    for i in range(4):
        a, b, c = q[i], q[(i + 1) % 4], q[(i + 2) % 4]
        crosses.append((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]))
    return all(c > 0 for c in crosses)


def polygon_area(quad: Quad) -> float:
    """Shoelace area of a polygon of shape (N, 2)."""
    q = np.asarray(quad, dtype=np.float64)
    x, y = q[:, 0], q[:, 1]
    return float(0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


@dataclass(frozen=True)
class Pose:
    """The local affine pose of a homography at the artwork's centre.

    ``scale_x``/``scale_y``: image pixels per artwork pixel along the artwork's x and y
    axes; ``angle_deg``: rotation of the artwork's x axis, counter-clockwise positive as a
    viewer sees it (image y points down); ``shear_deg``: departure of the axes from 90°;
    ``aspect``: (scale_y / scale_x), 1.0 for an undistorted logo; ``perspective``: ratio of
    the longer to the shorter of each pair of opposite quad sides, worst pair.
    """

    scale_x: float
    scale_y: float
    angle_deg: float
    shear_deg: float
    aspect: float
    perspective: float


def pose(h: Homography, width: float, height: float) -> Pose:
    """Decompose ``h`` (artwork px -> image px) at the centre of a ``width × height`` frame."""
    cx, cy = (width - 1) / 2.0, (height - 1) / 2.0
    eps = max(width, height) * 1e-3
    c = apply(h, np.array([[cx, cy], [cx + eps, cy], [cx, cy + eps]]))
    ex = (c[1] - c[0]) / eps
    ey = (c[2] - c[0]) / eps
    sx, sy = float(np.hypot(*ex)), float(np.hypot(*ey))
    angle = -math.degrees(math.atan2(ex[1], ex[0]))
    between = math.degrees(math.atan2(ex[0] * ey[1] - ex[1] * ey[0], float(np.dot(ex, ey))))
    q = apply(h, frame_corners(width, height))
    side = [float(np.hypot(*(q[(i + 1) % 4] - q[i]))) for i in range(4)]
    persp = max(
        max(side[0], side[2]) / max(min(side[0], side[2]), 1e-9),
        max(side[1], side[3]) / max(min(side[1], side[3]), 1e-9),
    )
    return Pose(sx, sy, angle, between - 90.0, sy / sx if sx > 0 else float("inf"), persp)


def expand_frame(width: float, height: float, margin: float) -> Quad:
    """The frame grown by ``margin`` artwork pixels on every side (clear-space zone)."""
    c = frame_corners(width, height)
    grown: Quad = c + np.array(
        [[-margin, -margin], [margin, -margin], [margin, margin], [-margin, margin]]
    )
    return grown
