"""How this generator draws one logo: a :class:`Placement` and its violations' layers.

A placement is the homography (from :func:`posterlab.render.pose_matrix`) plus what the
violation functions change: the ink, erased polygons, an outline or shadow, the source
raster of an upscaled logo. :func:`draw_logo` composites it with the shared warp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import cv2
import numpy as np

from brandcheck import geometry as geo
from brandcheck._typing import Homography, Quad
from posterlab.render import paint, rgb_to_cmyk_values, warp_alpha


@dataclass(frozen=True)
class Placement:
    """How one logo is drawn. Violation functions return modified copies.

    ``homography`` maps artwork px -> poster px (centre convention). ``ink`` is the sRGB
    ink; ``ink_cmyk`` the ink in CMYK percent (CMYK posters). ``source_width``: when set,
    the logo is drawn from a raster this many px wide, upscaled by ``interp``
    (low-resolution). ``erase``: polygons (artwork px) removed from the ink. ``effect``:
    ``"outline"`` or ``"shadow"`` drawn under the ink in ``effect_colour``; ``effect_px``
    is the outline width or the shadow offset (artwork px), ``effect_dir`` the shadow's
    unit direction. ``panel``: the flat colour of the clear-space zone (None: whatever the
    slot holds). ``intruder``: polygon (poster px, centre convention) of content set
    inside the clear-space zone.
    """

    homography: Homography
    ink: tuple[int, int, int]
    violation: str | None = None
    ink_cmyk: tuple[float, float, float, float] | None = None
    source_width: int | None = None
    interp: str = "linear"
    erase: tuple[tuple[tuple[float, float], ...], ...] = ()
    effect: str | None = None
    effect_colour: tuple[int, int, int] = (30, 30, 30)
    effect_px: float = 0.0
    effect_dir: tuple[float, float] = (0.7071, 0.7071)
    effect_opacity: float = 1.0
    panel: tuple[int, int, int] | None = None
    intruder: Quad | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def with_(self, **kw: Any) -> Placement:
        """A copy with fields replaced (params are merged, not replaced)."""
        if "params" in kw:
            kw["params"] = {**self.params, **kw["params"]}
        return replace(self, **kw)


def edited_alpha(alpha: np.ndarray, pl: Placement) -> np.ndarray:
    """The artwork alpha with ``pl.erase`` polygons removed (uint8)."""
    if not pl.erase:
        return alpha
    out = alpha.copy()
    for poly in pl.erase:
        # polygon vertices are artwork px, centre convention: fillPoly's own
        pts = np.round(np.asarray(poly, np.float64) * 16).astype(np.int32)
        cv2.fillPoly(out, [pts], 0, lineType=cv2.LINE_AA, shift=4)
    return out


def effect_alpha(alpha: np.ndarray, pl: Placement) -> tuple[np.ndarray, int]:
    """The outline or shadow layer at artwork resolution, padded; returns it and the pad."""
    r = float(pl.effect_px)
    pad = math.ceil(r) + 4
    a = cv2.copyMakeBorder(alpha, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    if pl.effect == "outline":
        k = 2 * round(r) + 1
        out = cv2.dilate(a, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    elif pl.effect == "shadow":
        dx, dy = pl.effect_dir[0] * r, pl.effect_dir[1] * r
        m = np.array([[1, 0, dx], [0, 1, dy]], np.float32)
        out = cv2.warpAffine(a, m, (a.shape[1], a.shape[0]), flags=cv2.INTER_LINEAR)
        sig = max(0.5, 0.15 * r)
        out = cv2.GaussianBlur(out, (0, 0), sig)
    else:
        raise ValueError(f"unknown effect {pl.effect!r}")
    return out, pad


def draw_logo(canvas: np.ndarray, alpha: np.ndarray, pl: Placement) -> None:
    """Composite one placement into ``canvas`` (H, W, 3 sRGB or H, W, 4 CMYK) in place."""
    shape = canvas.shape[:2]
    cmyk = canvas.shape[2] == 4
    ink = tuple(v * 2.55 for v in pl.ink_cmyk) if cmyk and pl.ink_cmyk else pl.ink
    if cmyk and not pl.ink_cmyk:
        ink = rgb_to_cmyk_values(np.array(pl.ink, np.uint8).reshape(1, 1, 3))[0, 0]
    a = edited_alpha(alpha, pl)
    if pl.effect:
        e, pad = effect_alpha(a, pl)
        he = pl.homography @ geo.translation(-pad, -pad)
        patch, org = warp_alpha(e, he, shape, pl.interp)
        col = pl.effect_colour
        if cmyk:
            col = tuple(rgb_to_cmyk_values(np.array(col, np.uint8).reshape(1, 1, 3))[0, 0])
        paint(canvas, patch, org, tuple(col), pl.effect_opacity)
    if pl.source_width:
        ah, aw = a.shape
        sw = int(pl.source_width)
        sh = max(2, round(ah * sw / aw))
        small = cv2.resize(a, (sw, sh), interpolation=cv2.INTER_AREA)
        hs = pl.homography @ np.linalg.inv(geo.scale_matrix(sw / aw, sh / ah))
        patch, org = warp_alpha(small, hs, shape, pl.interp, prescale=False)
    else:
        patch, org = warp_alpha(a, pl.homography, shape, pl.interp)
    paint(canvas, patch, org, tuple(float(v) for v in ink))
