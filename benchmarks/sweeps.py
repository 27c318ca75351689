"""Where each check starts to fire, as its violation grows, next to the kit's limit.

    nice python benchmarks/sweeps.py [--artworks standin,seal,badge,wordmark] [--codes ...]

For each violation one magnitude is swept on a plain poster (paper, the logo 400 px wide
in the middle unless the width is what is swept), every other property compliant, and
the poster is checked in this process (``brandcheck.api.analyse``, no OCR). Printed per
artwork and violation: each magnitude with ``F`` where the code failed, ``.`` where it did
not, ``-`` where no logo was found; the onset (the smallest violation from which it fails
at every larger one) and the kit's limit. A threshold is right when the onset sits at the
limit; the distance between them is the check's bias, in the violation's own unit.

Sweeps (magnitude, unit, kit limit):

- ``too-small``: logo width 40-200 px on a 3000 px page (px; ``min_width_px``);
- ``low-contrast``: WCAG ratio of a panel under the logo, 1.05-4 (``min_contrast_ratio``);
- ``clear-space``: gap of a two-character caption 0.2 × height tall, 0-0.4 × height
  (``clear_space``, the zone's depth);
- ``clear-space-object``: side of a square dot 0.1 × height from the logo, 0.005-0.06 ×
  height (``min_object``, the noise floor);
- ``altered``: share of the largest component (under a quarter of the ink) erased from
  its left, 0-100 % (``altered_max_component_missing``);
- ``rotated``: angle 0-3° (``rotation_tolerance_deg``);
- ``distorted``: height stretched 0-8 % (``aspect_tolerance``);
- ``colour``: hue turned in CIELAB until ΔE00 0-10 (``pass_de00``, ``warn_de00``: a warn
  counts as firing from pass_de00, a fail from warn_de00).
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from brandcheck import colour as col
from brandcheck.api import analyse
from brandcheck.brand import BrandKit, load_brand
from brandcheck.load import Poster
from posterlab.unseen.artworks import components, draw, make_kit
from posterlab.unseen.generator import INK, near_ink_panel, place_logo

PAPER = (250, 250, 247)


def _canvas(w: int = 1400, h: int = 1000) -> np.ndarray:
    img = np.empty((h, w, 3), np.uint8)
    img[:] = PAPER
    return img


def _severities(img: np.ndarray, kit: BrandKit, code: str) -> str:
    r = analyse(Poster(rgb=img, path="sweep.png", source_format="PNG"), kit, text=False).result
    if not r.logos:
        return "-"
    sev = {f.severity.value for f in r.findings if f.code == code}
    return "F" if "fail" in sev else ("W" if "warn" in sev else ".")


def sweep_width(alpha: np.ndarray, kit: BrandKit) -> tuple[list[float], list[str]]:
    xs = [40, 50, 60, 70, 80, 90, 100, 110, 115, 125, 130, 140, 160, 200]
    out = []
    for x in xs:
        img = _canvas(2200, 3000)
        place_logo(img, alpha, x, (1100, 1500))
        out.append(_severities(img, kit, "too-small"))
    return [float(x) for x in xs], out


def sweep_contrast(alpha: np.ndarray, kit: BrandKit) -> tuple[list[float], list[str]]:
    xs = [1.05, 1.1, 1.2, 1.5, 2.0, 2.5, 2.8, 2.95, 3.05, 3.2, 3.5, 4.0]
    out = []
    for x in xs:
        img = _canvas()
        img[150:850, 150:1250] = near_ink_panel(np.random.default_rng(7), x)
        place_logo(img, alpha, 400, (700, 500))
        out.append(_severities(img, kit, "low-contrast"))
    return xs, out


def _caption(img: np.ndarray, quad: np.ndarray, gap_h: float, size_h: float = 0.2) -> None:
    from PIL import Image, ImageDraw, ImageFont

    _x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    lh = y1 - y0
    f = ImageFont.truetype(
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", max(6, round(size_h * lh / 0.72))
    )
    left, top, _, bottom = f.getbbox("AB")
    pil = Image.fromarray(img)
    at = (x1 + gap_h * lh - left, (y0 + y1) / 2 - (bottom - top) / 2 - top)
    ImageDraw.Draw(pil).text(at, "AB", fill=(20, 20, 25), font=f)
    img[:] = np.asarray(pil)


def sweep_gap(alpha: np.ndarray, kit: BrandKit) -> tuple[list[float], list[str]]:
    xs = [0.02, 0.05, 0.1, 0.15, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.35, 0.4]
    out = []
    for x in xs:
        img = _canvas()
        q = place_logo(img, alpha, 400, (600, 500))
        _caption(img, q, x)
        out.append(_severities(img, kit, "clear-space"))
    return xs, out


def sweep_object(alpha: np.ndarray, kit: BrandKit) -> tuple[list[float], list[str]]:
    xs = [0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.06]
    out = []
    for x in xs:
        img = _canvas()
        q = place_logo(img, alpha, 400, (700, 500))
        _x0, y0 = q.min(axis=0)
        x1, y1 = q.max(axis=0)
        lh = y1 - y0
        side = max(1, round(x * lh))
        cy = int((y0 + y1) / 2)
        cx = int(x1 + 0.1 * lh)
        img[cy : cy + side, cx : cx + side] = (20, 20, 25)
        out.append(_severities(img, kit, "clear-space"))
    return xs, out


def sweep_erased(alpha: np.ndarray, kit: BrandKit) -> tuple[list[float], list[str]]:
    total = (alpha >= 128).sum()
    comps = [c for c in components(alpha, 0.005) if c.sum() <= 0.25 * total]
    comp = max(comps, key=lambda c: int(c.sum()))
    _ys, xs_ = np.nonzero(comp)
    xs = [0.0, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 1.0]
    out = []
    for x in xs:
        # erase the component's left part holding share x of its ink
        order = np.sort(xs_)
        cut = order[min(len(order) - 1, int(x * len(order)))] if x > 0 else -1
        a = alpha.copy()
        sel = comp.copy()
        sel[:, cut + 1 :] = False
        if x >= 1.0:
            sel = comp
        a[cv2.dilate(sel.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 0
        img = _canvas()
        place_logo(img, a, 400, (700, 500))
        out.append(_severities(img, kit, "altered"))
    return xs, out


def sweep_angle(alpha: np.ndarray, kit: BrandKit) -> tuple[list[float], list[str]]:
    xs = [0.0, 0.25, 0.5, 0.75, 0.9, 1.1, 1.25, 1.5, 2.0, 3.0]
    out = []
    for x in xs:
        img = _canvas()
        place_logo(img, alpha, 400, (700, 500), angle_deg=x)
        out.append(_severities(img, kit, "rotated"))
    return xs, out


def sweep_stretch(alpha: np.ndarray, kit: BrandKit) -> tuple[list[float], list[str]]:
    xs = [0.0, 0.01, 0.02, 0.025, 0.035, 0.04, 0.05, 0.08]
    out = []
    for x in xs:
        img = _canvas()
        place_logo(img, alpha, 400, (700, 500), aspect=1 + x)
        out.append(_severities(img, kit, "distorted"))
    return [x * 100 for x in xs], out


def sweep_colour(alpha: np.ndarray, kit: BrandKit) -> tuple[list[float], list[str]]:
    lab = col.srgb_to_lab(np.array(INK))
    out, xs = [], []
    for hue in [0, 2, 4, 6, 8, 10, 12, 14, 18, 24]:
        t = math.radians(hue)
        a, b = lab[1], lab[2]
        lab2 = np.array(
            [lab[0], a * math.cos(t) - b * math.sin(t), a * math.sin(t) + b * math.cos(t)]
        )
        rgb = np.clip(np.round(255 * col.lab_to_srgb(lab2)[0]), 0, 255).astype(int)
        ink = (int(rgb[0]), int(rgb[1]), int(rgb[2]))
        de = float(col.delta_e00(col.srgb_to_lab(np.array(ink)), col.expected_lab(kit.colour)))
        img = _canvas()
        place_logo(img, alpha, 400, (700, 500), ink=ink)
        xs.append(round(de, 2))
        out.append(_severities(img, kit, "colour"))
    return xs, out


SWEEPS: dict[
    str,
    tuple[
        Callable[[np.ndarray, BrandKit], tuple[list[float], list[str]]],
        str,
        Callable[[BrandKit], str],
    ],
] = {
    "too-small": (sweep_width, "px", lambda k: f"fails below {k.logo.min_width_px:g} px"),
    "low-contrast": (
        sweep_contrast,
        ":1",
        lambda k: f"fails below {k.checks.min_contrast_ratio:g}:1",
    ),
    "clear-space": (sweep_gap, "× h gap", lambda k: f"fails below {k.logo.clear_space:g} × h"),
    "clear-space-object": (
        sweep_object,
        "× h side",
        lambda k: f"objects from {k.checks.min_object:g} × h",
    ),
    "altered": (
        sweep_erased,
        "of a part",
        lambda k: f"fails above {k.checks.altered_max_component_missing:.0%} of a part",
    ),
    "rotated": (sweep_angle, "°", lambda k: f"fails above {k.logo.rotation_tolerance_deg:g}°"),
    "distorted": (sweep_stretch, "%", lambda k: f"fails above {100 * k.logo.aspect_tolerance:g} %"),
    "colour": (
        sweep_colour,
        "ΔE00",
        lambda k: f"warn above {k.colour.pass_de00:g}, fail above {k.colour.warn_de00:g}",
    ),
}
#: Sweeps where the violation grows as the magnitude falls (smaller is worse).
FALLING = {"too-small", "low-contrast", "clear-space"}


def onset(xs: list[float], marks: list[str], falling: bool) -> str:
    """Where the code fires from, on: the violation's side of the last non-firing value
    among the posters where the logo was found (the ones not found are named apart)."""
    lost = [x for x, m in zip(xs, marks, strict=True) if m == "-"]
    pairs = [(x, m in ("F", "W")) for x, m in zip(xs, marks, strict=True) if m != "-"]
    if falling:
        pairs = pairs[::-1]
    note = f" (not found at {', '.join(f'{x:g}' for x in lost)})" if lost else ""
    if not any(f for _, f in pairs):
        return "never" + note
    ok = [i for i, (_, f) in enumerate(pairs) if not f]
    first = (ok[-1] + 1) if ok else 0
    if first >= len(pairs):
        return "never (at the end)" + note
    return f"{'<' if falling else '>'}= {pairs[first][0]:g}{note}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--artworks", default="standin,seal,badge,wordmark")
    ap.add_argument("--codes", default=",".join(SWEEPS))
    ap.add_argument("--out", default="out/sweeps")
    args = ap.parse_args(argv)
    print(f"$ python benchmarks/sweeps.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    for name in args.artworks.split(","):
        kit_dir = None if name == "standin" else make_kit(name, Path(args.out) / "kits" / name)
        kit = load_brand(kit_dir)
        alpha = draw(name)
        print(
            f"\n### {name}\n\n| check | unit | magnitudes (F fail, W warn, . pass, - not found) | fires | kit |"
        )
        print("|---|---|---|---|---|")
        for code in args.codes.split(","):
            fn, unit, limit = SWEEPS[code]
            xs, marks = fn(alpha, kit)
            cells = " ".join(f"{x:g}{m}" for x, m in zip(xs, marks, strict=True))
            print(
                f"| {code} | {unit} | {cells} | {onset(xs, marks, code in FALLING)} | {limit(kit)} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
