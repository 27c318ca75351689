"""Poster layouts: background, headline band, photo, CJK text, coloured blocks, logo slots.

A layout is a vertical stack of sections (a two-column one for landscape banners). Logo
*slots* are flat panels sized for the logo's clear-space zone; nothing else is drawn in
them, so a logo placed inside keeps its clear space. Text is set with the kit's CJK font.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import cv2
import numpy as np
from PIL import Image, ImageDraw

from posterlab import assets
from posterlab.independent.notice import BODY_PARAGRAPHS, CAPTIONS, ORGANISERS

Colour = tuple[int, int, int]
T = TypeVar("T")

#: Light paper colours a compliant logo may sit on (contrast with the ink >= 4.5:1).
PAPERS: tuple[Colour, ...] = (
    (255, 255, 255),
    (250, 247, 240),
    (246, 246, 244),
    (240, 245, 252),
    (253, 244, 236),
    (248, 250, 245),
)
#: Poster accent colours (bands, blocks). Red like the ink is common on these posters.
ACCENTS: tuple[Colour, ...] = (
    (200, 37, 38),
    (170, 22, 30),
    (22, 52, 112),
    (214, 160, 38),
    (0, 104, 89),
    (60, 60, 66),
)
#: scikit-image photos used as poster pictures (licences in :data:`posterlab.assets.LICENCES`).
POSTER_PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field")
DARK_BACKGROUNDS: tuple[Colour, ...] = ((168, 20, 28), (20, 42, 92), (34, 34, 40))

TEMPLATES: dict[str, tuple[str, ...]] = {
    "header": ("slot", "headline", "photo", "slogans", "body", "footer"),
    "photo-top": ("photo", "slot+text", "slogans", "body", "blocks", "footer"),
    "footer-logo": ("headline", "slogans", "photo", "body", "slot+text", "footer"),
    "centre": ("slot", "headline", "slogans", "blocks", "body", "footer"),
    "banner": ("slot|stack",),
}
#: Templates without a logo slot (logo-free posters).
FREE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "plain": ("headline", "photo", "slogans", "body", "footer"),
    "text": ("headline", "slogans", "blocks", "body", "footer"),
}
_SHARE = {
    "headline": (0.09, 0.13),
    "photo": (0.22, 0.34),
    "slogans": (0.10, 0.16),
    "body": (0.16, 0.28),
    "blocks": (0.08, 0.12),
    "footer": (0.05, 0.07),
}


@dataclass(frozen=True)
class Box:
    """Axis-aligned box in edge coordinates (the canvas spans [0, W] × [0, H])."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x0 + dx, self.y0 + dy, self.x1 - dx, self.y1 - dy)

    def ints(self) -> tuple[int, int, int, int]:
        return (round(self.x0), round(self.y0), round(self.x1), round(self.y1))

    def intersects(self, o: Box) -> bool:
        return self.x0 < o.x1 and o.x0 < self.x1 and self.y0 < o.y1 and o.y0 < self.y1


@dataclass(frozen=True)
class Style:
    """Colours and type sizes of one poster."""

    paper: Colour
    accent: Colour
    accent2: Colour
    text: Colour
    unit: float  # type unit, px
    background: str  # flat | gradient | photo
    photo: str | None


@dataclass(frozen=True)
class Slot:
    """A flat panel reserved for a logo and its clear space; ``side``: canvas edge it touches."""

    box: Box
    colour: Colour
    sides: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    template: str
    style: Style
    sections: tuple[tuple[str, Box], ...]
    slots: tuple[Slot, ...]


def pick(rng: np.random.Generator, seq: Sequence[T]) -> T:
    """One element of ``seq``, uniformly."""
    return seq[int(rng.integers(len(seq)))]


def make_style(rng: np.random.Generator, w: int, h: int, background: str | None) -> Style:
    bg = background or str(pick(rng, ("flat", "flat", "gradient", "photo")))
    photo = str(pick(rng, POSTER_PHOTOS))
    accent = pick(rng, ACCENTS)
    accent2 = pick(rng, [a for a in ACCENTS if a != accent])
    return Style(
        paper=pick(rng, PAPERS),
        accent=accent,
        accent2=accent2,
        text=pick(rng, ((34, 34, 34), (52, 48, 46), (30, 40, 60))),
        unit=math.sqrt(w * h) / 100.0,
        background=bg,
        photo=photo,
    )


def plan(
    rng: np.random.Generator,
    w: int,
    h: int,
    style: Style,
    template: str,
    slot_h: float = 0.0,
    slot_w: float = 0.0,
) -> Layout:
    """Cut the canvas into sections; the slot gets ``slot_h`` px (and ``slot_w`` in banners)."""
    kinds = TEMPLATES.get(template) or FREE_TEMPLATES[template]
    sections: list[tuple[str, Box]] = []
    slots: list[Slot] = []
    margin = 0.035 * min(w, h)
    panel = style.paper if style.background != "photo" else pick(rng, PAPERS[:3])
    if kinds == ("slot|stack",):
        sw = min(max(slot_w, 0.3 * w), 0.5 * w)
        slot = Box(0, 0, sw, h)
        slots.append(Slot(slot, panel, ("left", "top", "bottom")))
        right = Box(sw, 0, w, h)
        hh = [0.3, 0.3, 0.4]
        y = 0.0
        for kind, share in zip(("headline", "slogans", "body"), hh):
            sections.append((kind, Box(right.x0, y, right.x1, y + share * h)))
            y += share * h
        return Layout(template, style, tuple(sections), tuple(slots))
    shares = []
    for k in kinds:
        if k.startswith("slot"):
            shares.append(-1.0)
        else:
            lo, hi = _SHARE[k]
            shares.append(float(rng.uniform(lo, hi)))
    fixed = min(0.5 * h, max(slot_h, 0.1 * h)) if any(s < 0 for s in shares) else 0.0
    n_slots = sum(1 for s in shares if s < 0)
    rest = h - fixed * n_slots
    total = sum(s for s in shares if s > 0)
    y = 0.0
    for i, (k, s) in enumerate(zip(kinds, shares)):
        hgt = fixed if s < 0 else rest * s / total
        box = Box(0, y, w, min(h, y + hgt))
        if k == "slot":
            sides = (
                ["left", "right"]
                + (["top"] if i == 0 else [])
                + (["bottom"] if i == len(kinds) - 1 else [])
            )
            slots.append(Slot(box, panel, tuple(sides)))
        elif k == "slot+text":
            left = bool(rng.integers(2))
            sw = min(w, max(slot_w, 0.42 * w))
            sbox = Box(0, y, sw, y + hgt) if left else Box(w - sw, y, w, y + hgt)
            tbox = Box(sw, y, w, y + hgt) if left else Box(0, y, w - sw, y + hgt)
            slots.append(Slot(sbox, panel, ("left",) if left else ("right",)))
            if tbox.w > 0.2 * w:
                sections.append(("theme", tbox.inset(margin)))
        else:
            sections.append((k, box))
        y += hgt
    return Layout(template, style, tuple(sections), tuple(slots))


# ---------------------------------------------------------------- drawing


def background(rng: np.random.Generator, w: int, h: int, style: Style) -> np.ndarray:
    """The poster's background: flat paper, a gentle gradient, or a full-bleed photo."""
    if style.background == "flat":
        if rng.random() < 0.2:
            return np.full((h, w, 3), pick(rng, DARK_BACKGROUNDS), np.uint8)
        return np.full((h, w, 3), style.paper, np.uint8)
    if style.background == "gradient":
        a = np.array(style.paper, np.float32)
        b = np.clip(a - rng.uniform(6, 16, 3), 0, 255).astype(np.float32)
        if rng.random() < 0.25:  # a dark, saturated gradient (slots get a light panel)
            a = np.array(pick(rng, DARK_BACKGROUNDS), np.float32)
            b = np.clip(a * 0.6, 0, 255)
        t = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
        if rng.random() < 0.5:
            tx = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :, None]
            t = 0.6 * t + 0.4 * tx
        return np.broadcast_to(a + (b - a) * t, (h, w, 3)).round().astype(np.uint8).copy()
    img = cover(assets.photo(style.photo or "astronaut"), w, h, rng)
    # posters wash the photo out behind text
    veil = np.array(style.paper, np.float32)
    return (img.astype(np.float32) * 0.55 + veil * 0.45).round().astype(np.uint8)


def cover(img: np.ndarray, w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """``img`` scaled to cover ``w × h`` and cropped (random offset)."""
    ih, iw = img.shape[:2]
    s = max(w / iw, h / ih)
    nw, nh = max(w, math.ceil(iw * s)), max(h, math.ceil(ih * s))
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
    big = cv2.resize(np.ascontiguousarray(img), (nw, nh), interpolation=interp)
    x = int(rng.integers(0, nw - w + 1))
    y = int(rng.integers(0, nh - h + 1))
    return np.ascontiguousarray(big[y : y + h, x : x + w])


def fill(img: np.ndarray, box: Box, colour: Colour) -> None:
    x0, y0, x1, y1 = box.ints()
    img[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = colour


def fit_font(text: str, box_w: float, size: float, fpath: str) -> tuple[int, float]:
    """The largest size <= ``size`` at which ``text`` fits ``box_w``; and its length."""
    s = int(size)
    while s > 6:
        ln = assets.font(fpath, max(6, s)).getlength(text)
        if ln <= box_w:
            return s, ln
        s = int(s * min(0.95, box_w / ln))
    return 6, assets.font(fpath, 6).getlength(text)


def text_line(
    draw: ImageDraw.ImageDraw,
    box: Box,
    text: str,
    size: float,
    colour: Colour,
    fpath: str,
    align: str = "centre",
) -> tuple[float, float, float, float]:
    """One line of text fitted to the box's width, vertically centred; returns its bbox."""
    s, ln = fit_font(text, box.w, min(size, box.h * 0.9), fpath)
    f = assets.font(fpath, max(6, s))
    x = box.x0 + (box.w - ln) / 2 if align == "centre" else box.x0
    y = box.y0 + (box.h - s) / 2
    draw.text((x, y), text, font=f, fill=colour)
    return x, y, x + ln, y + s


def paragraphs(
    draw: ImageDraw.ImageDraw,
    box: Box,
    rng: np.random.Generator,
    size: float,
    colour: Colour,
    fpath: str,
    columns: int = 1,
) -> None:
    """Body text from the notice, wrapped per character into ``columns`` columns."""
    f = assets.font(fpath, max(6, int(size)))
    lead = 1.55 * size
    gap = 1.5 * size
    colw = (box.w - gap * (columns - 1)) / columns
    per_line = max(4, int(colw / (1.02 * size)))
    start = int(rng.integers(len(BODY_PARAGRAPHS)))
    lines: list[str] = []
    for k in range(len(BODY_PARAGRAPHS)):
        p = BODY_PARAGRAPHS[(start + k) % len(BODY_PARAGRAPHS)]
        p = "　　" + p
        lines += [p[i : i + per_line] for i in range(0, len(p), per_line)]
        lines.append("")
    rows = max(1, int(box.h / lead))
    for c in range(columns):
        x = box.x0 + c * (colw + gap)
        for r in range(rows):
            i = c * rows + r
            if i >= len(lines):
                return
            if lines[i]:
                draw.text((x, box.y0 + r * lead), lines[i], font=f, fill=colour)


def draw_sections(
    img: np.ndarray,
    rng: np.random.Generator,
    lay: Layout,
    w: int,
    h: int,
    kit_theme: str,
    slogans: tuple[str, ...],
    fpath: str,
) -> list[str]:
    """Draw every non-slot section into ``img`` (H, W, 3) in place; returns the photos used."""
    st = lay.style
    u = st.unit
    margin = 0.04 * min(w, h)
    on_photo = st.background == "photo"
    dark_bg = float(img[h // 2, w // 2].astype(np.float32).mean()) < 110
    ink = (245, 245, 240) if dark_bg else st.text
    # photos first (pasted as arrays), then PIL for type
    papered: set[int] = set()
    used: list[str] = []
    for idx, (kind, box) in enumerate(lay.sections):
        if kind == "photo":
            b = box.inset(0 if rng.random() < 0.5 else margin, margin * 0.3)
            x0, y0, x1, y1 = b.ints()
            if x1 - x0 > 4 and y1 - y0 > 4:
                name = pick(rng, POSTER_PHOTOS)
                img[y0:y1, x0:x1] = cover(assets.photo(name), x1 - x0, y1 - y0, rng)
                used.append(name)
        elif kind in ("headline", "footer"):
            fill(img, box, st.accent if kind == "headline" else st.accent2)
        elif kind == "body" and (on_photo or dark_bg):
            fill(img, box.inset(margin * 0.6), st.paper)
            papered.add(idx)
        elif kind == "slogans" and (on_photo or rng.random() < 0.3):
            fill(img, box.inset(margin * 0.6, margin * 0.2), st.paper)
            papered.add(idx)
    pil = Image.fromarray(img)
    draw = ImageDraw.Draw(pil)
    for idx, (kind, box) in enumerate(lay.sections):
        inner = box.inset(margin, 0.12 * box.h)
        on_paper = idx in papered or not dark_bg
        if inner.w <= 8 or inner.h <= 8:
            continue
        if kind == "headline":
            light = sum(st.accent) > 500
            col = (30, 30, 30) if light else pick(rng, ((255, 255, 255), (255, 226, 120)))
            if rng.random() < 0.5:
                top = Box(inner.x0, inner.y0, inner.x1, inner.y0 + 0.3 * inner.h)
                text_line(draw, top, pick(rng, CAPTIONS[:3]), 2.2 * u, col, fpath)
                inner = Box(inner.x0, inner.y0 + 0.32 * inner.h, inner.x1, inner.y1)
            text_line(draw, inner, kit_theme, 6.0 * u, col, fpath)
        elif kind == "theme":
            text_line(
                draw,
                inner.inset(0, 0.15 * inner.h),
                kit_theme,
                4.0 * u,
                pick(rng, (st.accent, st.text)),
                fpath,
            )
        elif kind == "slogans":
            n = int(rng.integers(2, 5))
            chosen = [slogans[int(i)] for i in rng.choice(len(slogans), n, replace=False)]
            lh = inner.h / n
            col = pick(rng, (st.text, st.accent)) if on_paper else (245, 245, 240)
            for j, s in enumerate(chosen):
                text_line(
                    draw,
                    Box(inner.x0, inner.y0 + j * lh, inner.x1, inner.y0 + (j + 1) * lh),
                    s,
                    3.0 * u,
                    col,
                    fpath,
                )
        elif kind == "body":
            cols = 2 if inner.w > 40 * u and rng.random() < 0.6 else 1
            paragraphs(
                draw,
                inner.inset(margin * 0.3 if idx in papered else 0),
                rng,
                float(rng.uniform(1.15, 1.6)) * u,
                st.text if on_paper else ink,
                fpath,
                cols,
            )
        elif kind == "blocks":
            n = int(rng.integers(2, 5))
            bw = inner.w / n
            for j in range(n):
                b = Box(
                    inner.x0 + j * bw + 0.06 * bw,
                    inner.y0,
                    inner.x0 + (j + 1) * bw - 0.06 * bw,
                    inner.y1,
                )
                col = pick(rng, (st.accent, st.accent2))
                draw.rounded_rectangle(b.ints(), radius=int(0.12 * b.h), fill=col)
                tc = (255, 255, 255) if sum(col) < 500 else (30, 30, 30)
                text_line(
                    draw, b.inset(0.08 * b.w, 0.2 * b.h), pick(rng, CAPTIONS), 2.4 * u, tc, fpath
                )
        elif kind == "footer":
            names = [ORGANISERS[int(i)] for i in rng.choice(len(ORGANISERS), 3, replace=False)]
            tc = (255, 255, 255) if sum(st.accent2) < 500 else (30, 30, 30)
            text_line(draw, inner, "　".join(names), 1.8 * u, tc, fpath)
    img[:] = np.asarray(pil)
    return used
