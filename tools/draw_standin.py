"""Draw brandcheck's ORIGINAL stand-in for the 2019 Quality Month logo, as SVG masters.

The notice (国市监质〔2019〕162号, attachment 3) fixes the colour (C11 M99 Y100 K0,
PANTONE 5216 C), the type and the usage example, but its logo image is not in the text.
This script draws a stand-in to that spec, written for brandcheck:

- one ink colour, the sRGB rendition of the CMYK build under FOGRA39 (#C82526);
- an emblem: an open ring (a "Q" for quality) whose tail rises as an arrow, three stepped
  bars inside it, a notched square; deliberately asymmetric, so a turn of a degree or a
  mirror image is measurable, and rich in corners, so it is found at 120 px wide;
- a wordmark: 质量月, QUALITY MONTH and 2019, set in Noto Sans CJK SC Bold and converted
  to outlines, so the SVG renders the same with no font installed.

Writes ``logo.svg`` and ``lockup.svg`` (the logo with "2019 · 共创中国质量 建设质量强国"
beside it) into the kit, then renders them (``brandcheck brand build``) and records where
the logo and the text stand in ``lockup.png`` in ``brand.toml``. Deterministic.

    python tools/draw_standin.py
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "reference" / "quality-month-2019"
FONT = KIT / "fonts" / "NotoSansCJKsc-Bold-subset.otf"
INK = "#C82526"
EXAMPLE = "2019 · 共创中国质量 建设质量强国"


def text_path(
    font: TTFont, text: str, x: float, baseline: float, size: float, tracking: float = 0.0
) -> tuple[str, tuple[float, float, float, float]]:
    """SVG path data of ``text`` set at ``size`` (em) with its baseline at ``baseline``."""
    gs = font.getGlyphSet()
    cmap = font.getBestCmap()
    upm = font["head"].unitsPerEm
    s = size / upm
    d: list[str] = []
    bounds = [math.inf, math.inf, -math.inf, -math.inf]
    pen_x = x
    for ch in text:
        name = cmap.get(ord(ch))
        if name is None:
            raise KeyError(f"{ch!r} is not in {FONT.name}")
        glyph = gs[name]
        t = (s, 0, 0, -s, pen_x, baseline)
        sp = SVGPathPen(gs)
        glyph.draw(TransformPen(sp, t))
        d.append(sp.getCommands())
        bp = BoundsPen(gs)
        glyph.draw(TransformPen(bp, t))
        if bp.bounds:
            b = bp.bounds
            bounds = [
                min(bounds[0], b[0]),
                min(bounds[1], b[1]),
                max(bounds[2], b[2]),
                max(bounds[3], b[3]),
            ]
        pen_x += glyph.width * s + tracking
    return " ".join(d), (bounds[0], bounds[1], bounds[2], bounds[3])


def emblem() -> list[str]:
    """The emblem's shapes in a 1000 × 1000 box (SVG elements, ink colour set by group)."""
    cx, cy, r_out, r_in = 470.0, 500.0, 450.0, 330.0
    # open ring from 35° to 325° (gap on the right, below centre): a "Q"
    a0, a1 = math.radians(35), math.radians(325)

    def pt(r: float, a: float) -> str:
        return f"{cx + r * math.cos(a):.2f},{cy + r * math.sin(a):.2f}"

    ring = (
        f"M {pt(r_out, a0)} A {r_out} {r_out} 0 1 1 {pt(r_out, a1)} "
        f"L {pt(r_in, a1)} A {r_in} {r_in} 0 1 0 {pt(r_in, a0)} Z"
    )
    # the tail: a rising arrow leaving the gap towards the upper right
    arrow = "M 560,760 L 840,470 L 775,420 L 985,360 L 930,570 L 880,515 L 620,815 Z"
    bars = [
        "M 250,640 L 330,640 L 330,520 L 250,545 Z",
        "M 370,640 L 450,640 L 450,420 L 370,455 Z",
        "M 490,640 L 570,640 L 570,600 L 650,520 L 570,330 L 490,365 Z",
    ]
    notch = "M 230,270 L 330,270 L 330,300 L 300,300 L 300,370 L 230,370 Z"
    return [
        f'<path d="{ring}"/>',
        f'<path d="{arrow}"/>',
        *[f'<path d="{b}"/>' for b in bars],
        f'<path d="{notch}"/>',
    ]


def wordmark(font: TTFont, x0: float) -> tuple[list[str], float]:
    """质量月 / QUALITY MONTH / 2019 stacked right of the emblem; returns elements, right edge."""
    zh, bz = text_path(font, "质量月", x0, 395, 380, tracking=10)
    en, be = text_path(font, "QUALITY MONTH", x0 + 4, 560, 128, tracking=6)
    width = max(bz[2], be[2]) - x0
    year, by = text_path(font, "2019", x0, 905, 300, tracking=8)
    # a rule from the year to the right edge, notched at its left end
    rx0 = by[2] + 40
    rx1 = x0 + width
    rule = f"M {rx0:.1f},790 L {rx1:.1f},790 L {rx1:.1f},870 L {rx0 + 60:.1f},870 L {rx0:.1f},830 Z"
    right = max(bz[2], be[2], by[2], rx1)
    return [
        f'<path d="{zh}"/>',
        f'<path d="{en}"/>',
        f'<path d="{year}"/>',
        f'<path d="{rule}"/>',
    ], right


def svg(elements: list[str], box: tuple[float, float, float, float], title: str) -> str:
    x0, y0, x1, y1 = box
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.1f} {y0:.1f} {x1 - x0:.1f} '
        f'{y1 - y0:.1f}" width="{x1 - x0:.0f}" height="{y1 - y0:.0f}">\n'
        f"  <title>{title}</title>\n"
        f'  <g fill="{INK}" fill-rule="nonzero">\n    '
        + "\n    ".join(elements)
        + "\n  </g>\n</svg>\n"
    )


def main() -> None:
    font = TTFont(FONT)
    logo_elems = emblem()
    words, right = wordmark(font, 1060)
    logo_elems += words
    logo_box = (20.0, 50.0, right, 950.0)
    (KIT / "logo.svg").write_text(
        svg(
            logo_elems,
            logo_box,
            "brandcheck stand-in for the 2019 Quality Month logo (original artwork)",
        ),
        encoding="utf-8",
    )
    # lockup: the example text beside the logo, vertically centred, cap height ~40 % of it
    size = 0.40 * (logo_box[3] - logo_box[1]) / 0.73  # Noto's CJK glyphs fill ~73 % of the em
    gap = 0.35 * (logo_box[3] - logo_box[1])
    mid = (logo_box[1] + logo_box[3]) / 2
    txt, tb = text_path(font, EXAMPLE, right + gap, mid + 0.36 * size, size, tracking=4)
    lock_box = (logo_box[0], min(logo_box[1], tb[1]), tb[2], max(logo_box[3], tb[3]))
    (KIT / "lockup.svg").write_text(
        svg(
            logo_elems + [f'<path d="{txt}"/>'],
            lock_box,
            "usage example (stand-in): logo with 2019 · 共创中国质量 建设质量强国",
        ),
        encoding="utf-8",
    )

    from brandcheck.brand import load_brand
    from brandcheck.build import build_kit, ink_box

    load_brand.cache_clear()
    kit = load_brand(KIT)
    build_kit(kit)
    # where the logo and the text stand in lockup.png (pixels), measured on renders of
    # each part alone with the lockup's viewBox
    lk = kit.lockup
    assert lk.master is not None
    whole = lk.master.read_text(encoding="utf-8")
    only_logo = whole.replace(f'<path d="{txt}"/>', "")
    only_text = re.sub(
        r"<g ([^>]*)>.*</g>",
        lambda m: f'<g {m.group(1)}><path d="{txt}"/></g>',
        whole,
        flags=re.DOTALL,
    )
    lb = ink_box(only_logo, kit.lockup.render_width_px, crop_like=whole)
    tbx = ink_box(only_text, kit.lockup.render_width_px, crop_like=whole)
    spec = (KIT / "brand.toml").read_text(encoding="utf-8")
    spec = re.sub(r"logo_box = \[.*\]", f"logo_box = {list(lb)}", spec)
    spec = re.sub(r"text_box = \[.*\]", f"text_box = {list(tbx)}", spec)
    (KIT / "brand.toml").write_text(spec, encoding="utf-8")
    print(f"logo.svg, lockup.svg written; lockup logo_box {lb}, text_box {tbx}")


if __name__ == "__main__":
    main()
