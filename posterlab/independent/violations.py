"""One function per finding code: each turns a compliant placement into a violating one.

Every function is pure (the numpy ``Generator`` is passed in) and records what it did in
``Placement.params``, including the measured property the check will see (ΔE00, contrast,
share missing/added, share off canvas, share of the zone taken), so the ground truth can be
verified without brandcheck. Definitions follow ``brandcheck/checks`` and ``brand.toml``:

=================  =====================================================================
code               what the function does
=================  =====================================================================
colour             recolour: hue shift, a wrong red, or another colour; ΔE00 >= 10
distorted          stretch 1.15-1.5 along the artwork's x or y axis
rotated            turn 3-175° either way
too-small          width < 120 px and (with a ppi) < 25 mm
clear-space        text, a block or a photo inside the zone (0.25 × height), off the logo
cropped            10-50 % of the artwork frame off the canvas
altered            part of the ink erased (8-35 %), or an outline / drop shadow added
low-contrast       the zone's panel at WCAG contrast 1.2-2.6 with the ink
low-resolution     drawn from a 40-70 px raster upscaled >= 3×
logo-missing       no logo (``omit``)
=================  =====================================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np

from brandcheck import colour as col
from brandcheck import geometry as geo
from brandcheck.brand import BrandKit
from brandcheck.checks import RULES
from posterlab.assets import INK_SRGB, Artwork
from posterlab.independent.layout import Box
from posterlab.independent.placement import Placement, effect_alpha
from posterlab.render import (
    bbox,
    cmyk_to_rgb_values,
    pose_matrix,
    quad_of,
    zone_of,
)

Colour = tuple[int, int, int]

#: A recolour must be *clearly* off: this far above the kit's fail limit (6 ΔE00).
RECOLOUR_MIN_DE00 = 10.0


def min_compliant_width(kit: BrandKit, ppi: float | None, margin: float = 1.15) -> float:
    """Smallest width (px) a compliant logo is given: the kit's minimum with a margin."""
    px = kit.logo.min_width_px
    if ppi:
        px = max(px, kit.logo.min_width_mm / 25.4 * ppi)
    return margin * px


def _grey(c: tuple[float, ...]) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def _rebuild(pl: Placement, art: Artwork, **kw: Any) -> Placement:
    """A centred placement from the pose parameters in ``pl.params`` updated with ``kw``."""
    p: dict[str, Any] = {
        "width": pl.params["width"],
        "angle_deg": 0.0,
        "stretch_x": 1.0,
        "stretch_y": 1.0,
        **{k: pl.params[k] for k in ("angle_deg", "stretch_x", "stretch_y") if k in pl.params},
        **kw,
    }
    h = pose_matrix(
        art.width, art.height, p["width"], p["angle_deg"], p["stretch_x"], p["stretch_y"]
    )
    return pl.with_(homography=h, params=p)


# ------------------------------------------------------------ geometric (centred placement)


def rotate(rng: np.random.Generator, pl: Placement, art: Artwork) -> Placement:
    """``rotated``: turn the logo by 3-175° (either sign)."""
    a = float(rng.uniform(3.0, 175.0)) * (1 if rng.random() < 0.5 else -1)
    return _rebuild(pl, art, angle_deg=a).with_(violation="rotated")


def distort(rng: np.random.Generator, pl: Placement, art: Artwork) -> Placement:
    """``distorted``: stretch one axis by 1.15-1.5 (the other unchanged)."""
    f = float(rng.uniform(1.15, 1.5))
    axis = "x" if rng.random() < 0.5 else "y"
    kw = {"stretch_x": f} if axis == "x" else {"stretch_y": f}
    out = _rebuild(pl, art, **kw)
    return out.with_(
        violation="distorted",
        params={"stretch_axis": axis, "stretch": f, "aspect": 1 / f if axis == "x" else f},
    )


def shrink(
    rng: np.random.Generator, pl: Placement, art: Artwork, kit: BrandKit, ppi: float | None
) -> Placement:
    """``too-small``: width 55-93 % of the minimum (120 px, or 25 mm when smaller in px)."""
    lim = kit.logo.min_width_px
    if ppi:
        lim = min(lim, kit.logo.min_width_mm / 25.4 * ppi)
    lo = 0.55 if not ppi or ppi < 200 else 0.7  # keep it findable on a big print
    w = float(rng.uniform(lo, 0.93)) * lim
    out = _rebuild(pl, art, width=w)
    mm = w / ppi * 25.4 if ppi else None
    return out.with_(violation="too-small", params={"width_mm": mm})


def low_resolution(
    rng: np.random.Generator, pl: Placement, art: Artwork, kit: BrandKit, ppi: float | None
) -> Placement:
    """``low-resolution``: drawn from a 40-70 px raster, upscaled >= 3× (and >= the minimum)."""
    src = int(rng.integers(40, 71))
    need = min_compliant_width(kit, ppi, 1.2) / src
    factor = max(3.0, need) * float(rng.uniform(1.0, 1.5))
    out = _rebuild(pl, art, width=src * factor)
    return out.with_(
        violation="low-resolution",
        source_width=src,
        interp="linear" if rng.random() < 0.6 else "cubic",
        params={"source_width": src, "upscale": factor},
    )


# ------------------------------------------------------------ appearance


def recolour(
    rng: np.random.Generator, pl: Placement, kit: BrandKit, panel: Colour, cmyk: bool = False
) -> Placement:
    """``colour``: another ink, ΔE00 >= 10 from the kit colour, still >= 3.3:1 on the panel.

    sRGB inks are measured against the Lab of :data:`INK_SRGB` (ΔE00 0.08 from the kit's
    CMYK build through FOGRA39): the same answer without building the FOGRA39
    interpolator, which takes seconds. CMYK builds go through ``cmyk_to_lab``.
    """
    if cmyk:
        expected = col.expected_lab(kit.colour)
        builds = [
            (0, 75, 100, 0),
            (0, 100, 60, 0),
            (15, 100, 100, 35),
            (0, 55, 100, 0),
            (40, 100, 100, 10),
            (0, 100, 100, 50),
        ]
        order = rng.permutation(len(builds))
        for i in order:
            b = builds[int(i)]
            de = float(
                col.delta_e00(
                    col.cmyk_to_lab(np.array(b, float), kit.colour.characterisation), expected
                )
            )
            rgb = tuple(
                int(v)
                for v in cmyk_to_rgb_values(
                    (np.array(b, np.float64).reshape(1, 1, 4) * 2.55 + 0.5).astype(np.uint8)
                )[0, 0]
            )
            if (
                de >= RECOLOUR_MIN_DE00
                and col.contrast_ratio(np.array(rgb), np.array(panel)) >= 3.3
            ):
                return pl.with_(
                    violation="colour",
                    ink=rgb,
                    ink_cmyk=tuple(float(v) for v in b),
                    params={"recolour": "wrong-build", "cmyk": list(b), "delta_e00": round(de, 2)},
                )
    ink_lab = col.srgb_to_lab(np.array(INK_SRGB, np.uint8))
    expected = ink_lab
    L, a_, b_ = (float(v) for v in ink_lab)
    c, h = math.hypot(a_, b_), math.atan2(b_, a_)
    others = [(28, 52, 130), (30, 30, 30), (0, 110, 72), (112, 30, 120), (200, 0, 120)]
    for _ in range(200):
        mode = str(rng.choice(["hue", "wrong-red", "other"], p=[0.45, 0.35, 0.2]))
        if mode == "hue":
            dh = math.radians(float(rng.uniform(15, 55))) * (1 if rng.random() < 0.5 else -1)
            lab = np.array(
                [
                    L + rng.uniform(-6, 6),
                    c * rng.uniform(0.85, 1.05) * math.cos(h + dh),
                    c * rng.uniform(0.85, 1.05) * math.sin(h + dh),
                ]
            )
        elif mode == "wrong-red":
            cc = c * rng.uniform(0.55, 1.0)
            lab = np.array(
                [
                    L + rng.uniform(10, 22) * (1 if rng.random() < 0.4 else -1),
                    cc * math.cos(h + rng.uniform(-0.1, 0.1)),
                    cc * math.sin(h + rng.uniform(-0.1, 0.1)),
                ]
            )
        else:
            rgb0 = others[int(rng.integers(len(others)))]
            lab = col.srgb_to_lab(np.array(rgb0, np.uint8))
        rgbf, _ = col.lab_to_srgb(lab)
        r_, g_, b2 = (int(v) for v in np.round(np.asarray(rgbf) * 255))
        rgb = (r_, g_, b2)
        got = col.srgb_to_lab(np.array(rgb, np.uint8))
        de = float(col.delta_e00(got, expected))
        cr = col.contrast_ratio(np.array(rgb), np.array(panel))
        if de >= RECOLOUR_MIN_DE00 and cr >= 3.3 and abs(_grey(rgb) - _grey(panel)) >= 40:
            return pl.with_(
                violation="colour",
                ink=rgb,
                params={"recolour": mode, "delta_e00": round(de, 2), "contrast": round(cr, 2)},
            )
    raise RuntimeError("no recolour found")  # pragma: no cover


def low_contrast_panel(
    rng: np.random.Generator, ink: Colour = INK_SRGB
) -> tuple[Colour, dict[str, Any]]:
    """``low-contrast``: a panel colour with WCAG contrast 1.2-2.6 against ``ink``.

    Similar reds/pinks, greys, maroon, navy; the grey levels still differ by >= 40 so the
    logo stays findable (locate works in grey).
    """
    families = {
        "grey-dark": ((18, 18, 22), 14),
        "grey-mid": ((150, 150, 150), 20),
        "pink": ((236, 122, 110), 18),
        "maroon": ((100, 12, 18), 14),
        "navy": ((22, 40, 100), 16),
        "orange": ((240, 130, 60), 14),
    }
    names = sorted(families)
    for _ in range(400):
        name = names[int(rng.integers(len(names)))]
        base, jit = families[name]
        c = tuple(int(np.clip(v + rng.uniform(-jit, jit), 0, 255)) for v in base)
        cr = col.contrast_ratio(np.array(ink), np.array(c))
        de = float(
            np.linalg.norm(
                col.srgb_to_lab(np.array(c, np.uint8)) - col.srgb_to_lab(np.array(ink, np.uint8))
            )
        )
        if 1.2 <= cr <= 2.6 and abs(_grey(c) - _grey(ink)) >= 40 and de >= 25:
            return c, {"panel": list(c), "panel_family": name, "contrast": round(cr, 2)}  # type: ignore[return-value]
    raise RuntimeError("no low-contrast panel found")  # pragma: no cover


def low_contrast(rng: np.random.Generator, pl: Placement) -> Placement:
    """``low-contrast``: set the logo on a panel it barely stands out from."""
    panel, p = low_contrast_panel(rng, pl.ink)
    return pl.with_(violation="low-contrast", panel=panel, params=p)


def _ink_share(alpha: np.ndarray, mask: np.ndarray) -> float:
    return float((alpha[mask] > 127).sum()) / max(1.0, float((alpha > 127).sum()))


def alter(
    rng: np.random.Generator, pl: Placement, art: Artwork, kit: BrandKit, panel: Colour
) -> Placement:
    """``altered``: erase 8-35 % of the ink, or add an outline or a drop shadow.

    Records ``missing`` or ``added`` (share of the ink area, as the check defines them) and
    ``spill``, the share of the clear-space ring the effect covers; above the kit's limit
    the check's definition also makes it a ``clear-space`` intrusion (``also``).
    """
    a = art.alpha
    ah, aw = a.shape
    kind = str(rng.choice(["erase", "outline", "shadow"], p=[0.4, 0.3, 0.3]))
    scale = float(pl.params["width"]) / aw  # poster px per artwork px
    if kind == "erase":
        for _ in range(100):
            shape = str(rng.choice(["strip", "corner", "wedge"]))
            poly: tuple[tuple[float, float], ...]
            if shape == "strip":
                x = rng.uniform(0.05, 0.85) * aw
                wd = rng.uniform(0.07, 0.2) * aw
                poly = ((x, -1.0), (x + wd, -1.0), (x + wd, ah + 1.0), (x, ah + 1.0))
            elif shape == "corner":
                cw, chh = rng.uniform(0.2, 0.45) * aw, rng.uniform(0.3, 0.6) * ah
                x0 = -1.0 if rng.random() < 0.5 else aw - cw
                y0 = -1.0 if rng.random() < 0.5 else ah - chh
                poly = ((x0, y0), (x0 + cw, y0), (x0 + cw, y0 + chh), (x0, y0 + chh))
            else:
                cx, cy = rng.uniform(0.2, 0.8) * aw, rng.uniform(0.2, 0.8) * ah
                r = rng.uniform(0.15, 0.3) * ah
                poly = tuple(
                    (cx + r * math.cos(t), cy + r * math.sin(t))
                    for t in np.linspace(0, 2 * math.pi, 24, endpoint=False)
                )
            m = np.zeros_like(a)
            cv2.fillPoly(m, [np.round(np.array(poly) * 16).astype(np.int32)], 255, shift=4)
            share = _ink_share(a, m > 0)
            if 0.08 <= share <= 0.35:
                poly_t = tuple((float(px), float(py)) for px, py in poly)
                return pl.with_(
                    violation="altered",
                    erase=(poly_t,),
                    params={"alteration": f"erase-{shape}", "missing": round(share, 4)},
                )
        raise RuntimeError("no erase region found")  # pragma: no cover
    dark = _grey(panel) < 110
    colours = (
        [(255, 255, 255), (245, 200, 40)]
        if dark
        else [(25, 25, 25), (245, 190, 30), (20, 60, 160), (40, 40, 40)]
    )
    c = colours[int(rng.integers(len(colours)))]
    guard_art = 3.0 / scale  # what the check ignores next to the ink, in artwork px
    frac = float(rng.uniform(0.012, 0.025)) if kind == "outline" else float(rng.uniform(0.02, 0.04))
    for _ in range(6):
        r = frac * aw
        d = rng.normal(size=2)
        d = np.abs(d) / np.linalg.norm(d) if kind == "shadow" else d / np.linalg.norm(d)
        trial = pl.with_(
            effect=kind,
            effect_px=r,
            effect_colour=c,
            effect_dir=(float(d[0]), float(d[1])),
            effect_opacity=1.0 if kind == "outline" else float(rng.uniform(0.65, 0.9)),
        )
        added, spill = effect_shares(a, trial, kit.logo.clear_space, guard_art)
        if added >= 0.08:
            lim = kit.checks.clear_space_max_intrusion
            also = ["clear-space"] if spill > lim else []
            amb = ["clear-space"] if 0.5 * lim <= spill <= 2.0 * lim else []
            return trial.with_(
                violation="altered",
                params={
                    "alteration": kind,
                    "added": round(added, 4),
                    "effect_px_artwork": round(r, 2),
                    "spill": round(spill, 4),
                    "also": also,
                    "ambiguous": amb,
                },
            )
        frac *= 1.4
    raise RuntimeError("effect too small")  # pragma: no cover


def effect_shares(
    alpha: np.ndarray, pl: Placement, clear_space: float, guard_art: float
) -> tuple[float, float]:
    """(added, spill) of an outline/shadow at artwork resolution.

    ``added``: effect pixels inside the frame, away from the ink by more than the guard,
    over the ink area. ``spill``: effect pixels in the clear-space ring over the ring area.
    """
    e, pad = effect_alpha(alpha, pl)
    ah, aw = alpha.shape
    frame = np.zeros(e.shape, bool)
    frame[pad : pad + ah, pad : pad + aw] = True
    ink = np.zeros(e.shape, np.uint8)
    ink[pad : pad + ah, pad : pad + aw] = (alpha > 5).astype(np.uint8)
    k = 2 * math.ceil(guard_art) + 1
    near = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))).astype(bool)
    on = e.astype(np.float32) * pl.effect_opacity > 0.5 * 255
    added = float((on & frame & ~near).sum()) / max(1.0, float((alpha > 127).sum()))
    m = clear_space * ah
    ring_area = (aw + 2 * m) * (ah + 2 * m) - aw * ah
    spill = float((on & ~frame).sum()) / ring_area  # the effect reaches < m beyond the frame
    return added, spill


# ------------------------------------------------------------ positional (placed logo)


def visible_share(quad: np.ndarray, width: int, height: int) -> float:
    """Share of the quad's area inside the canvas (centre-convention quad)."""
    q = np.asarray(quad, np.float64) + 0.5
    canvas = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)
    area, _ = cv2.intersectConvexConvex(q.astype(np.float32), canvas.astype(np.float32))
    return float(area) / max(1e-9, geo.polygon_area(q))


def crop(
    rng: np.random.Generator,
    pl: Placement,
    art: Artwork,
    slot: Box,
    sides: tuple[str, ...],
    canvas: tuple[int, int],
) -> Placement:
    """``cropped``: move the (placed) logo so 10-50 % of its frame falls off the canvas."""
    w, h = canvas
    side = str(sides[int(rng.integers(len(sides)))])
    p = float(rng.uniform(0.1, 0.5))
    q = quad_of(pl.homography, art.width, art.height)
    x0, y0, x1, y1 = bbox(q + 0.5)
    fw, fh = x1 - x0, y1 - y0
    dx = dy = 0.0
    if side == "left":
        dx = -p * fw - x0
    elif side == "right":
        dx = w + p * fw - x1
    elif side == "top":
        dy = -p * fh - y0
    else:
        dy = h + p * fh - y1
    hm = geo.translation(dx, dy) @ pl.homography
    vis = visible_share(quad_of(hm, art.width, art.height), w, h)
    return pl.with_(
        homography=hm,
        violation="cropped",
        params={"crop_side": side, "off_canvas": round(1 - vis, 4)},
    )


def intruder_box(
    rng: np.random.Generator, pl: Placement, art: Artwork, kit: BrandKit
) -> tuple[Box, str]:
    """Where ``clear-space`` content goes: a box inside the zone, off the frame (edge coords).

    The placement must be upright (axis-aligned frame).
    """
    q = quad_of(pl.homography, art.width, art.height) + 0.5
    fx0, fy0, fx1, fy1 = bbox(q)
    m = kit.logo.clear_space * (fy1 - fy0)
    g = max(2.0, 0.1 * m)
    side = str(rng.choice(["top", "bottom", "left", "right"], p=[0.3, 0.4, 0.15, 0.15]))
    d = float(rng.uniform(0.55, 0.95)) * (m - g)
    off = float(rng.uniform(0.0, max(0.0, m - g - d)))
    zx0, zy0, zx1, zy1 = fx0 - m, fy0 - m, fx1 + m, fy1 + m
    if side in ("top", "bottom"):
        length = float(rng.uniform(0.5, 1.0)) * (zx1 - zx0)
        x = float(rng.uniform(zx0, zx1 - length))
        y = fy1 + g + off if side == "bottom" else fy0 - g - off - d
        return Box(x, y, x + length, y + d), side
    length = float(rng.uniform(0.5, 1.0)) * (zy1 - zy0)
    y = float(rng.uniform(zy0, zy1 - length))
    x = fx1 + g + off if side == "right" else fx0 - g - off - d
    return Box(x, y, x + d, y + length), side


def intrude(rng: np.random.Generator, pl: Placement, art: Artwork, kit: BrandKit) -> Placement:
    """``clear-space``: put text, a block or a photo inside the zone (drawn by the poster)."""
    box, side = intruder_box(rng, pl, art, kit)
    kind = str(rng.choice(["text", "block", "photo"], p=[0.45, 0.3, 0.25]))
    if kind == "text" and side in ("left", "right"):
        kind = "block"
    quad = np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]]) - 0.5
    return pl.with_(
        violation="clear-space",
        intruder=quad,
        params={
            "intruder": kind,
            "intruder_side": side,
            "intruder_box": [round(v, 2) for v in (box.x0, box.y0, box.x1, box.y1)],
        },
    )


def omit() -> None:
    """``logo-missing``: no placement at all."""
    return


def zone_box(pl: Placement, art: Artwork, kit: BrandKit) -> tuple[float, float, float, float]:
    """Bounding box (centre coords) of the placement's clear-space zone."""
    return bbox(zone_of(pl.homography, art.width, art.height, kit.logo.clear_space))


#: Every violation by code, for documentation and tests.
VIOLATIONS: dict[str, Callable[..., Any]] = {
    "colour": recolour,
    "distorted": distort,
    "rotated": rotate,
    "too-small": shrink,
    "clear-space": intrude,
    "cropped": crop,
    "altered": alter,
    "low-contrast": low_contrast,
    "low-resolution": low_resolution,
    "logo-missing": omit,
}
#: The codes this generator injects, in the registry's order (the order the checks run
#: in; the corpus's categories follow it): read from :data:`VIOLATIONS`, not written again.
CODES = tuple(code for code in RULES if code in VIOLATIONS)
