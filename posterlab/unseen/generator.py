"""A poster generator written for issue 14, independent of the two older ones.

It draws the cases the finder was never tuned on, for any artwork (an alpha mask):

- ``tiny``: logos 40-70 px wide on pages up to 7000 px long (``too-small``);
- ``near-ink``: the logo on a panel whose colour is within WCAG 1.02-1.2:1 of the ink
  (``low-contrast``);
- ``caption``: 1-4 characters right against the logo, on any side, 0-0.2 × the logo's
  height away, inside the clear-space zone (``clear-space``);
- ``rule``, ``photo-edge``, ``panel-edge``: a thin rule, a photograph's edge or a flat
  panel's edge inside the zone (``clear-space``);
- ``erased``: one component (stroke group) of the artwork erased (``altered``);
- ``rotated``, ``stretched``, ``recoloured``: the geometric and colour violations, with
  the magnitude drawn from a range well past the kit's limit;
- ``compliant``; ``logo-free`` and ``lookalike`` posters (no logo: nothing may be found).

Every poster is built from a seed, so a failure is reproducible from its name. The truth
says which codes must fail (``expect``) and which may (``allow``: the side effects a
violation has by construction, e.g. a caption set at gap 0 also touches the logo).
Pages carry no resolution, so ``too-small`` is judged in pixels (the kit's 120 px).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from brandcheck import colour as col
from brandcheck import geometry as geo

#: Violation kinds, with the code each must raise.
KINDS: dict[str, str | None] = {
    "compliant": None,
    "tiny": "too-small",
    "near-ink": "low-contrast",
    "caption": "clear-space",
    "rule": "clear-space",
    "photo-edge": "clear-space",
    "panel-edge": "clear-space",
    "erased": "altered",
    "rotated": "rotated",
    "stretched": "distorted",
    "recoloured": "colour",
    "logo-free": None,
    "lookalike": None,
}
#: The kit's ink as sRGB (C11 M99 Y100 K0 through FOGRA39).
INK = (200, 38, 38)
_FONTS = Path("/usr/share/fonts/truetype")
_FACES = (
    "dejavu/DejaVuSans.ttf",
    "dejavu/DejaVuSans-Bold.ttf",
    "dejavu/DejaVuSerif.ttf",
    "liberation/LiberationSans-Regular.ttf",
    "liberation/LiberationSerif-Bold.ttf",
)
_WORDS = [
    "quality",
    "market",
    "service",
    "customer",
    "product",
    "standard",
    "safety",
    "week",
    "open",
    "free",
    "new",
    "city",
    "centre",
    "hall",
    "event",
    "join",
    "us",
    "today",
    "march",
    "april",
    "evening",
    "ticket",
    "info",
]
_PAPERS = ((250, 250, 247), (255, 255, 255), (242, 238, 228), (235, 242, 248), (40, 44, 52))


@dataclass
class Poster:
    """One generated poster and its truth."""

    name: str
    rgb: np.ndarray
    kind: str
    expect: tuple[str, ...]
    allow: tuple[str, ...] = ()
    quads: list[list[list[float]]] = field(default_factory=list)  # edge convention
    params: dict[str, Any] = field(default_factory=dict)

    def truth(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "expect": list(self.expect),
            "allow": list(self.allow),
            "logos": self.quads,
            "params": self.params,
            "size": [self.rgb.shape[1], self.rgb.shape[0]],
        }


def _font(rng: np.random.Generator, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_FONTS / _FACES[rng.integers(len(_FACES))]), max(6, size))


def _lin(c: np.ndarray) -> np.ndarray:
    c = np.asarray(c, float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _srgb(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(lin, 0, 1)
    v = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
    return np.clip(np.round(v * 255), 0, 255)


def _luminance(rgb: np.ndarray) -> float:
    return float(_lin(rgb) @ np.array([0.2126, 0.7152, 0.0722]))


def near_ink_panel(rng: np.random.Generator, ratio: float) -> tuple[int, int, int]:
    """A panel colour whose WCAG contrast with the ink is ``ratio`` (to 8-bit rounding).

    Lighter or darker than the ink, in the ink's hue or shifted towards another hue, so
    both the luminance and the chroma routes to the logo are exercised.
    """
    ink = np.array(INK, float)
    li = _luminance(ink)
    target = (li + 0.05) * ratio - 0.05 if rng.random() < 0.5 else (li + 0.05) / ratio - 0.05
    base = _lin(ink)
    if rng.random() < 0.5:  # another hue, then brought to the luminance
        other = _lin(rng.integers(0, 256, 3).astype(float))
        base = 0.6 * base + 0.4 * other
    best = np.array(INK)
    for _ in range(40):  # scale in linear light until the luminance is met
        lum = float(base @ np.array([0.2126, 0.7152, 0.0722]))
        base = base * (target / max(lum, 1e-6))
        best = _srgb(base)
        if abs(_luminance(best) - target) < 2e-4:
            break
    return (int(best[0]), int(best[1]), int(best[2]))


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""
    la, lb = _luminance(np.array(a)), _luminance(np.array(b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _texture(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A photograph stand-in: smooth colour fields with fine detail (w, h) -> (h, w, 3)."""
    small = rng.integers(0, 256, (max(2, h // 40), max(2, w // 40), 3)).astype(np.uint8)
    img = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC).astype(np.int16)
    img += rng.integers(-25, 26, (h, w, 1)).astype(np.int16)
    return np.clip(img, 0, 255).astype(np.uint8)


def _clutter(
    rng: np.random.Generator, img: np.ndarray, keep_out: tuple[float, float, float, float]
) -> None:
    """Title, text lines, panels and a photo, none inside ``keep_out`` (x0, y0, x1, y1)."""
    h, w = img.shape[:2]
    kx0, ky0, kx1, ky1 = keep_out
    pil = Image.fromarray(img)
    d = ImageDraw.Draw(pil)
    paper = img[0, 0].astype(int)
    dark = paper.mean() < 128
    fg = (235, 235, 235) if dark else (25, 25, 30)
    for _ in range(int(rng.integers(4, 12))):
        kind = rng.random()
        bw = int(rng.uniform(0.15, 0.6) * w)
        bh = int(rng.uniform(0.04, 0.25) * h)
        x0 = int(rng.uniform(0, w - bw))
        y0 = int(rng.uniform(0, h - bh))
        if x0 < kx1 and x0 + bw > kx0 and y0 < ky1 and y0 + bh > ky0:
            continue
        if kind < 0.2:
            img_np = np.asarray(pil).copy()
            img_np[y0 : y0 + bh, x0 : x0 + bw] = _texture(rng, bw, bh)
            pil = Image.fromarray(img_np)
            d = ImageDraw.Draw(pil)
        elif kind < 0.4:
            d.rectangle(
                (x0, y0, x0 + bw, y0 + bh), fill=tuple(int(v) for v in rng.integers(0, 256, 3))
            )
        else:
            size = max(8, int(bh / rng.uniform(3, 8)))
            f = _font(rng, size)
            y = y0
            while y + size < y0 + bh:
                words = " ".join(rng.choice(_WORDS, int(rng.integers(2, 9))))
                d.text((x0, y), words, fill=fg, font=f)
                y += int(size * 1.4)
    img[:] = np.asarray(pil)
    # text runs past its block: clear the keep-out area again, to the paper
    x0c, y0c = max(0, int(kx0)), max(0, int(ky0))
    img[y0c : max(y0c, int(ky1) + 1), x0c : max(x0c, int(kx1) + 1)] = paper


def _logo_homography(
    aw: int, ah: int, width: float, centre: tuple[float, float], angle_deg: float, aspect: float
) -> np.ndarray:
    """Artwork px -> poster px: scale to ``width``, stretch height by ``aspect``, turn, place."""
    s = width / aw
    a = math.radians(angle_deg)
    c, si = math.cos(a), math.sin(a)
    m = np.array([[s * c, -s * aspect * si, 0], [s * si, s * aspect * c, 0], [0, 0, 1.0]])
    m = m @ geo.translation(-(aw - 1) / 2, -(ah - 1) / 2)
    return geo.translation(*centre) @ m


def _composite(
    img: np.ndarray, alpha: np.ndarray, h: np.ndarray, ink: tuple[int, int, int]
) -> None:
    H, W = img.shape[:2]
    quad = geo.apply(h, geo.frame_corners(alpha.shape[1], alpha.shape[0]))
    x0 = max(0, int(np.floor(quad[:, 0].min())) - 2)
    y0 = max(0, int(np.floor(quad[:, 1].min())) - 2)
    x1 = min(W, int(np.ceil(quad[:, 0].max())) + 3)
    y1 = min(H, int(np.ceil(quad[:, 1].max())) + 3)
    hh = geo.translation(-x0, -y0) @ h
    # reduce the artwork first when the logo is much smaller: INTER_AREA, as a renderer would
    scale = float(np.hypot(*(quad[1] - quad[0]))) / alpha.shape[1]
    src = alpha
    if scale < 0.5:
        f = min(1.0, 2 * scale)
        src = cv2.resize(
            alpha,
            (max(2, round(alpha.shape[1] * f)), max(2, round(alpha.shape[0] * f))),
            interpolation=cv2.INTER_AREA,
        )
        hh = hh @ geo.scale_matrix(alpha.shape[1] / src.shape[1], alpha.shape[0] / src.shape[0])
    a = (
        cv2.warpPerspective(src, hh, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR).astype(np.float32)
        / 255
    )
    roi = img[y0:y1, x0:x1].astype(np.float32)
    roi = roi * (1 - a[..., None]) + np.array(ink, np.float32) * a[..., None]
    img[y0:y1, x0:x1] = np.clip(np.round(roi), 0, 255).astype(np.uint8)


def _quad_box(q: np.ndarray) -> tuple[float, float, float, float]:
    return float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())


def _caption(
    rng: np.random.Generator, img: np.ndarray, box: tuple[float, float, float, float], lh: float
) -> dict[str, Any]:
    """1-4 characters, 0-0.2 × logo height from the logo's box, on a random side."""
    n = int(rng.integers(1, 5))
    text = "".join(rng.choice(list("ABCDEFGHKMNPRSTUVWXZ0123456789"), n))
    size = int(max(9, rng.uniform(0.15, 0.3) * lh / 0.72))
    f = _font(rng, size)
    side = str(rng.choice(["left", "right", "top", "bottom"]))
    gap = float(rng.uniform(0.0, 0.2)) * lh
    l, t, r, b = f.getbbox(text)
    tw, th = r - l, b - t
    x0, y0, x1, y1 = box
    if side == "left":
        px, py = x0 - gap - tw, rng.uniform(y0, max(y0, y1 - th))
    elif side == "right":
        px, py = x1 + gap, rng.uniform(y0, max(y0, y1 - th))
    elif side == "top":
        px, py = rng.uniform(x0, max(x0, x1 - tw)), y0 - gap - th
    else:
        px, py = rng.uniform(x0, max(x0, x1 - tw)), y1 + gap
    pil = Image.fromarray(img)
    paper = img[
        int(np.clip((y0 + y1) / 2, 0, img.shape[0] - 1)), int(np.clip(x0 - 2, 0, img.shape[1] - 1))
    ]
    fg = (20, 20, 25) if paper.mean() > 128 else (240, 240, 240)
    ImageDraw.Draw(pil).text((px - l, py - t), text, fill=fg, font=f)
    img[:] = np.asarray(pil)
    return {"text": text, "side": side, "gap_h": round(gap / lh, 3), "height_h": round(th / lh, 3)}


def _edge_in_zone(
    rng: np.random.Generator,
    img: np.ndarray,
    box: tuple[float, float, float, float],
    lh: float,
    kind: str,
) -> dict[str, Any]:
    """A rule, a photo's or a panel's edge, 0.02-0.2 × logo height from the logo's box."""
    H, W = img.shape[:2]
    x0, y0, x1, y1 = box
    side = str(rng.choice(["left", "right", "top", "bottom"]))
    gap = float(rng.uniform(0.02, 0.2)) * lh
    if kind == "rule":
        t = max(1.0, float(rng.uniform(0.005, 0.03)) * lh)
        depth = t
    else:
        depth = float(rng.uniform(1.0, 3.0)) * lh
    ext = float(rng.uniform(0.5, 1.5)) * lh  # how far it runs past the logo's ends
    if side == "left":
        r = (x0 - gap - depth, y0 - ext, x0 - gap, y1 + ext)
    elif side == "right":
        r = (x1 + gap, y0 - ext, x1 + gap + depth, y1 + ext)
    elif side == "top":
        r = (x0 - ext, y0 - gap - depth, x1 + ext, y0 - gap)
    else:
        r = (x0 - ext, y1 + gap, x1 + ext, y1 + gap + depth)
    rx0, ry0 = max(0, round(r[0])), max(0, round(r[1]))
    rx1, ry1 = min(W, round(r[2])), min(H, round(r[3]))
    if rx1 <= rx0 or ry1 <= ry0:
        return {"side": side, "gap_h": round(gap / lh, 3), "drawn": False}
    paper = img[0, 0].astype(int)
    if kind == "photo-edge":
        img[ry0:ry1, rx0:rx1] = _texture(rng, rx1 - rx0, ry1 - ry0)
    else:
        far = (20, 20, 25) if paper.mean() > 128 else (235, 235, 235)
        colour = far if kind == "rule" else tuple(int(v) for v in rng.integers(0, 256, 3))
        while kind == "panel-edge" and np.abs(np.array(colour) - paper).sum() < 90:
            colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        img[ry0:ry1, rx0:rx1] = colour
    return {"side": side, "gap_h": round(gap / lh, 3), "drawn": True}


def _erase(rng: np.random.Generator, alpha: np.ndarray) -> tuple[np.ndarray, dict[str, Any]]:
    """The artwork with one of its components (0.5-25 % of the ink) erased.

    A larger component is half the logo (a seal's outer ring): without it the artwork is
    another mark, which the finder may rightly not recognise.
    """
    from posterlab.unseen.artworks import components

    total = max(1, int((alpha >= 128).sum()))
    comps = [c for c in components(alpha, min_share=0.005) if c.sum() <= 0.25 * total]
    i = int(rng.integers(len(comps)))
    out = erase_component(alpha, comps[i])
    share = float(comps[i].sum() / max(1, (alpha >= 128).sum()))
    return out, {"component": i, "share": round(share, 4)}


def make_poster(
    seed: int, kind: str, alpha: np.ndarray, lookalike: np.ndarray | None = None, name: str = ""
) -> Poster:
    """One poster of ``kind`` with the artwork ``alpha`` (h, w uint8), from ``seed``."""
    rng = np.random.default_rng(seed)
    ah, aw = alpha.shape
    if kind == "tiny":
        long_side = int(rng.uniform(1754, 7000))
    else:
        long_side = int(rng.uniform(1000, 3000))
    ratio = float(rng.choice([1.414, 1.5, 0.75, 1.0]))
    h = long_side if ratio >= 1 else int(long_side * ratio)
    w = int(h / ratio) if ratio >= 1 else long_side
    paper = _PAPERS[rng.integers(len(_PAPERS))]
    if kind == "near-ink":
        paper = _PAPERS[rng.integers(4)]
    img = np.empty((h, w, 3), np.uint8)
    img[:] = paper
    params: dict[str, Any] = {"seed": seed}
    expect: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    if kind == "tiny":
        width = float(rng.uniform(40, 70))
    else:
        width = float(rng.uniform(max(140, 0.08 * min(w, h)), 0.35 * min(w, h)))
        if aw / ah < 1.5:  # a square mark stays a reasonable share of the page
            width = min(width, 0.25 * min(w, h))
    angle, aspect = 0.0, 1.0
    if kind == "rotated":
        angle = float(rng.choice([-1, 1]) * rng.uniform(3, 20))
    if kind == "stretched":
        aspect = float(1 + rng.choice([-1, 1]) * rng.uniform(0.08, 0.3))
    lh_art = ah / aw * width * aspect
    zone = 0.25 * lh_art
    margin = zone + 0.6 * lh_art + 4
    cx = float(rng.uniform(margin + width / 2, w - margin - width / 2))
    cy = float(rng.uniform(margin + lh_art / 2, h - margin - lh_art / 2))
    hmg = _logo_homography(aw, ah, width, (cx, cy), angle, aspect)
    quad = geo.apply(hmg, geo.frame_corners(aw, ah))
    box = _quad_box(quad)
    keep = (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
    _clutter(rng, img, keep)
    ink = INK
    art = alpha
    quads: list[list[list[float]]] = []
    if kind == "near-ink":
        r = float(rng.uniform(1.02, 1.2))
        panel = near_ink_panel(rng, r)
        pad = zone + float(rng.uniform(0.3, 1.0)) * lh_art
        px0, py0 = max(0, int(box[0] - pad)), max(0, int(box[1] - pad))
        img[py0 : int(box[3] + pad), px0 : int(box[2] + pad)] = panel
        params.update(panel=panel, contrast=round(contrast(panel, INK), 4))
        allow = ("colour",)
    if kind == "recoloured":
        lab = col.srgb_to_lab(np.array(INK))
        hue = float(rng.uniform(25, 60)) * float(rng.choice([-1, 1]))
        a, b = lab[1], lab[2]
        t = math.radians(hue)
        lab2 = np.array(
            [lab[0], a * math.cos(t) - b * math.sin(t), a * math.sin(t) + b * math.cos(t)]
        )
        ink_arr = np.clip(np.round(255 * col.lab_to_srgb(lab2)[0]), 0, 255)
        ink = (int(ink_arr[0]), int(ink_arr[1]), int(ink_arr[2]))
        params.update(ink=ink, hue_deg=round(hue, 1))
        allow = ("low-contrast",)
    if kind == "erased":
        art, info = _erase(rng, alpha)
        params.update(info)
    if kind in ("logo-free", "lookalike"):
        if kind == "lookalike" and lookalike is not None:
            la = lookalike
            hl = _logo_homography(la.shape[1], la.shape[0], width, (cx, cy), 0.0, 1.0)
            _composite(img, la, hl, INK)
        return Poster(name, img, kind, (), (), [], params)
    if paper == _PAPERS[4] and kind != "near-ink":
        allow = (*allow, "low-contrast")  # red on near-black is ~2.6:1, a true fail
    _composite(img, art, hmg, ink)
    quads.append(geo.to_edge(quad).round(2).tolist())
    if kind == "caption":
        params.update(_caption(rng, img, box, lh_art))
        if params["gap_h"] < 0.05:
            allow = (*allow, "altered")  # set against the logo, it also touches its edge
    if kind in ("rule", "photo-edge", "panel-edge"):
        params.update(_edge_in_zone(rng, img, box, lh_art, kind))
        if params["gap_h"] < 0.05:
            allow = (*allow, "altered")
    code = KINDS[kind]
    if code:
        expect = (code,)
    if kind == "tiny":
        allow = (*allow, "low-resolution", "colour")  # 40-70 px: few ink pixels, soft edges
    params.update(width_px=round(width, 1), angle_deg=round(angle, 2), aspect=round(aspect, 3))
    return Poster(name, img, kind, expect, allow, quads, params)


def place_logo(
    img: np.ndarray,
    alpha: np.ndarray,
    width: float,
    centre: tuple[float, float],
    *,
    angle_deg: float = 0.0,
    aspect: float = 1.0,
    ink: tuple[int, int, int] = INK,
) -> np.ndarray:
    """Draw the artwork ``alpha`` into ``img`` in place; its quad (edge convention)."""
    ah, aw = alpha.shape
    h = _logo_homography(aw, ah, width, centre, angle_deg, aspect)
    _composite(img, alpha, h, ink)
    return np.asarray(geo.to_edge(geo.apply(h, geo.frame_corners(aw, ah))))


def erase_component(alpha: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The artwork with the component ``mask`` erased, its anti-aliased rim included."""
    out = alpha.copy()
    out[cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0] = 0
    return out
