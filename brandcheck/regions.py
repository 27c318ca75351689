"""Judging the logo's surroundings and its ink as objects, not as shares of an area.

A short caption set against the logo covers under 1 % of the clear-space zone, and one
erased stroke group is under 4 % of the ink: measured as shares of the whole, neither is
seen, though a designer sees both at a glance. Here the foreign pixels of the zone are
grouped into connected regions, and the artwork's missing ink is counted per component
(stroke group) of the artwork, so each object is judged on its own. Every array is in the
measurement frame (:mod:`brandcheck.measure`); nothing here knows about posters or kits.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: Below this many frame pixels a region is not an object, whatever the logo's scale:
#: a 2 × 3 px blob is under what one 8 × 8 JPEG block reproduces faithfully.
MIN_OBJECT_PX = 6


@dataclass(frozen=True)
class Region:
    """One connected region, in frame pixels: its area and its box (x0, y0, x1, y1)."""

    area_px: int
    box: tuple[int, int, int, int]


def min_object_px(height_px: float, min_object: float) -> int:
    """Area floor (frame px) of an object for a logo ``height_px`` frame px high.

    ``min_object`` is the kit's side of the smallest object judged, as a share of the
    logo's height; the floor is that square, and never under :data:`MIN_OBJECT_PX`.
    """
    side = min_object * height_px
    return max(MIN_OBJECT_PX, int(np.ceil(side * side)))


def objects(mask: np.ndarray, floor_px: int) -> list[Region]:
    """Connected regions (8-connected) of ``mask`` (H, W bool) with at least ``floor_px`` px,
    largest first."""
    return [r for r, _ in labelled_objects(mask, floor_px)[0]]


def labelled_objects(
    mask: np.ndarray, floor_px: int
) -> tuple[list[tuple[Region, int]], np.ndarray]:
    """:func:`objects` with each region's label in the returned label image, for callers
    that judge a region by its pixels, not only its box."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    out = [
        (
            Region(
                int(stats[i, cv2.CC_STAT_AREA]),
                (
                    int(stats[i, cv2.CC_STAT_LEFT]),
                    int(stats[i, cv2.CC_STAT_TOP]),
                    int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]),
                    int(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT]),
                ),
            ),
            i,
        )
        for i in range(1, n)
        if stats[i, cv2.CC_STAT_AREA] >= floor_px
    ]
    return sorted(out, key=lambda ri: -ri[0].area_px), labels


@dataclass(frozen=True)
class ComponentLoss:
    """How much of one artwork component (stroke group) is missing."""

    share_missing: float  # of the component's judged pixels
    ink_share: float  # the component's share of the artwork's ink
    pixels: int  # judged pixels of the component
    box: tuple[int, int, int, int]


def component_losses(
    ink: np.ndarray, looks_ink: np.ndarray, valid: np.ndarray, floor_px: int
) -> list[ComponentLoss]:
    """Missing share of every artwork component large enough to judge, worst first.

    Parameters
    ----------
    ink : ndarray of shape (H, W), float in [0, 1]
        The artwork's ink coverage in the frame (softened to the logo's real detail).
    looks_ink : ndarray of shape (H, W), bool
        Pixels classified as ink (nearer the ink's colour than the background's).
    valid : ndarray of shape (H, W), bool
        Pixels on the canvas.
    floor_px : int
        Components with fewer judged pixels are not judged (too small to see).

    Only pixels the artwork covers to at least 3/4 are judged: anti-aliased edge pixels
    are mixes and would count as missing on a compliant logo.
    """
    solid = (ink >= 0.5).astype(np.uint8)
    # the stats give each component's area and box in the labelling pass (a mask per
    # component and its nonzero() cost ~10 ms for the ~30 components of a wordmark)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    if n <= 1:
        return []
    total = max(1, int(solid.sum()))
    judged = (ink >= 0.75) & valid
    labs = lab[judged]
    counts = np.bincount(labs, minlength=n)
    lost = np.bincount(labs, weights=(~looks_ink[judged]).astype(np.float64), minlength=n)
    out = []
    for i in range(1, n):
        if counts[i] < floor_px:
            continue
        x0, y0 = int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_TOP])
        out.append(
            ComponentLoss(
                float(lost[i] / counts[i]),
                float(stats[i, cv2.CC_STAT_AREA] / total),
                int(counts[i]),
                (
                    x0,
                    y0,
                    x0 + int(stats[i, cv2.CC_STAT_WIDTH]),
                    y0 + int(stats[i, cv2.CC_STAT_HEIGHT]),
                ),
            )
        )
    return sorted(out, key=lambda c: -c.share_missing)
