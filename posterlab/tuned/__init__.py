"""The tuned generator: the corpus the finder was developed on, and the bundled samples.

    python -m posterlab.tuned.corpus --out DIR --n 320 --seed 1

A poster is laid out from blocks (background, photo band, headline, slogans, body text),
the kit's artwork is placed with a known homography, and at most one violation is
injected. Ground truth holds every logo's quad (edge coordinates, like reports) and the
finding codes a correct checker must raise.

Photographs come from scikit-image's bundled data (licences in
:data:`posterlab.assets.LICENCES`). Text is set in the kit's Noto Sans CJK subset (OFL).

The logo is drawn with this generator's own warp and compositing (:func:`warp_alpha`,
:func:`composite`), not the shared :func:`posterlab.render.warp_alpha`: they resample
differently, and the corpus this generator writes must stay the same bytes for a seed
(benchmarks compare verdicts on it before and after a change).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

from brandcheck import geometry as geo
from brandcheck.brand import BrandKit, load_brand
from posterlab import assets
from posterlab.assets import ink_srgb

#: scikit-image photographs a poster may show, in the order the seed picks them from
#: (licences in :data:`posterlab.assets.LICENCES`).
PHOTOS = (
    "coffee",
    "chelsea",
    "astronaut",
    "rocket",
    "hubble_deep_field",
    "immunohistochemistry",
)
PAPER = (250, 248, 243)
CODES = (
    "colour",
    "distorted",
    "rotated",
    "too-small",
    "clear-space",
    "cropped",
    "altered",
    "low-contrast",
    "low-resolution",
    "logo-missing",
)


@dataclass(frozen=True)
class Placement:
    """How one logo is put on the poster (artwork px -> poster px)."""

    width: float  # px, along the artwork's x axis
    centre: tuple[float, float]  # poster px
    angle_deg: float = 0.0
    stretch: float = 1.0  # y scale / x scale
    perspective: float = 0.0  # projective term, in artwork widths
    ink: tuple[int, int, int] | None = None  # None: the kit's sRGB rendition
    violation: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class PosterSpec:
    """What to draw."""

    width: int = 1240
    height: int = 1754
    ppi: float | None = None
    background: str = "flat"  # flat | gradient
    photo: str | None = "coffee"
    logos: tuple[Placement, ...] = ()
    violation: str | None = None  # the single injected violation (or None: compliant)
    lookalikes: bool = False
    seed: int = 0


@dataclass
class Synth:
    """A generated poster and its ground truth."""

    rgb: np.ndarray
    spec: PosterSpec
    quads: list[list[list[float]]] = field(default_factory=list)
    violations: list[str | None] = field(default_factory=list)
    expected: set[str] = field(default_factory=set)
    cmyk: np.ndarray | None = None

    def truth(self) -> dict[str, Any]:
        """JSON-able ground truth."""
        return {
            "logos": [{"quad": q, "violation": v} for q, v in zip(self.quads, self.violations)],
            "expected_codes": sorted(self.expected),
            "ppi": self.spec.ppi,
            "size": [self.spec.width, self.spec.height],
        }


def placement_matrix(p: Placement, aw: int, ah: int) -> np.ndarray:
    """Homography artwork px -> poster px for a placement (centre convention)."""
    s = p.width / aw
    th = math.radians(p.angle_deg)
    rot = np.array([[math.cos(th), math.sin(th), 0], [-math.sin(th), math.cos(th), 0], [0, 0, 1.0]])
    persp = np.array([[1, 0, 0], [0, 1, 0], [p.perspective / aw, 0, 1.0]])
    g = rot @ np.diag([s, s * p.stretch, 1.0]) @ persp
    c = geo.apply(g, np.array([[(aw - 1) / 2, (ah - 1) / 2]]))[0]
    out: np.ndarray = geo.translation(p.centre[0] - c[0], p.centre[1] - c[1]) @ g
    return out


def _photo(name: str, w: int, h: int) -> np.ndarray:
    """The photo ``name`` scaled to cover ``w`` x ``h`` and cropped at its centre."""
    img = assets.photo(name)
    ih, iw = img.shape[:2]
    f = max(w / iw, h / ih)
    big = cv2.resize(
        img, (max(w, round(iw * f)), max(h, round(ih * f))), interpolation=cv2.INTER_AREA
    )
    y0 = (big.shape[0] - h) // 2
    x0 = (big.shape[1] - w) // 2
    return np.ascontiguousarray(big[y0 : y0 + h, x0 : x0 + w])


def _text(
    img: np.ndarray,
    lines: list[str],
    box: tuple[int, int, int, int],
    fp: str,
    colour: tuple[int, int, int],
    size: int,
) -> None:
    pil = Image.fromarray(img)
    d = ImageDraw.Draw(pil)
    f = assets.font(fp, max(8, size))
    x0, y0, x1, y1 = box
    y = y0
    for line in lines:
        if y + size > y1:
            break
        while f.getlength(line) > (x1 - x0) and len(line) > 2:
            line = line[:-1]
        d.text((x0, y), line, font=f, fill=colour)
        y += int(size * 1.5)
    img[:] = np.asarray(pil)


def composite(img: np.ndarray, alpha: np.ndarray, ink: tuple[int, int, int]) -> None:
    """Paint ``ink`` through ``alpha`` (float 0..1, poster size) in place.

    Rounds half to even, where :func:`posterlab.render.paint` rounds half up: kept so
    that this corpus keeps its bytes.
    """
    a = alpha[..., None]
    img[:] = (img * (1 - a) + np.array(ink, np.float32) * a).round().astype(np.uint8)


def warp_alpha(
    art: np.ndarray, g: np.ndarray, size: tuple[int, int], *, lowres: int | None = None
) -> np.ndarray:
    """The artwork's alpha (float 0..1) placed by ``g`` on a canvas of ``size`` (w, h).

    The artwork is first reduced to about the placed size (area filter: what a layout
    program's export does), then warped; ``lowres`` renders it from a raster that many
    px wide instead (an upscaled small logo).

    Unlike :func:`posterlab.render.warp_alpha` it reduces by the pose's scale and warps
    over the whole canvas, so an upscaled raster's soft edge is never clipped; routing
    this generator through the shared warp changed the alpha of every placement tried.
    """
    ah, aw = art.shape
    ps = geo.pose(g, aw, ah)
    target = lowres or max(8, round(aw * min(1.0, max(ps.scale_x, ps.scale_y))))
    f = target / aw
    small = cv2.resize(art, (target, max(2, round(ah * f))), interpolation=cv2.INTER_AREA)
    pre = geo.scale_matrix(small.shape[1] / aw, small.shape[0] / ah)
    m = g @ np.linalg.inv(pre)
    return cv2.warpPerspective(small.astype(np.float32) / 255, m, size, flags=cv2.INTER_LINEAR)


def _lookalikes(
    img: np.ndarray,
    rng: np.random.Generator,
    ink: tuple[int, int, int],
    box: tuple[int, int, int, int],
    fp: str,
) -> None:
    x0, y0, x1, y1 = box
    w = x1 - x0
    c = (x0 + w // 4, (y0 + y1) // 2)
    r = int(min(w // 5, (y1 - y0) // 2.5))
    cv2.circle(img, c, r, ink, -1, cv2.LINE_AA)
    cv2.circle(img, c, int(r * 0.62), PAPER, -1, cv2.LINE_AA)
    cv2.fillPoly(
        img,
        [
            np.array(
                [
                    [c[0] - r // 3, c[1] + r // 3],
                    [c[0] + r // 2, c[1] - r // 2],
                    [c[0] + r // 3, c[1] + r // 2],
                ],
                np.int32,
            )
        ],
        ink,
        cv2.LINE_AA,
    )
    # a star and a shield with a different wordmark
    sx, sy, sr = x0 + w // 2 + r // 2, (y0 + y1) // 2, r * 0.8
    pts = [
        (
            sx + (sr if k % 2 == 0 else sr * 0.42) * math.sin(k * math.pi / 5),
            sy - (sr if k % 2 == 0 else sr * 0.42) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    cv2.fillPoly(img, [np.array(pts, np.int32)], ink, cv2.LINE_AA)
    _text(img, ["品质中国"], (sx + r, sy - r // 3, x1, y1), fp, ink, max(10, r // 2))


def make_poster(
    spec: PosterSpec,
    kit: BrandKit | None = None,
    *,
    altered_kind: str | None = None,
    panel: tuple[int, int, int] | None = None,
    lowres_px: int | None = None,
) -> Synth:
    """Draw ``spec`` deterministically (its seed drives every random choice).

    ``altered_kind`` (erase, outline, shadow), ``panel`` (low-contrast background) and
    ``lowres_px`` (source raster width) fix what the seed would otherwise choose.
    """
    kit = kit or load_brand()
    rng = np.random.default_rng(spec.seed)
    w, h = spec.width, spec.height
    fp = str(assets.font_path(kit))
    img = np.empty((h, w, 3), np.uint8)
    img[:] = PAPER
    if spec.background == "gradient":
        top = np.array([255, 246, 232], np.float32)
        bot = np.array([236, 240, 250], np.float32)
        t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
        img[:] = (top * (1 - t) + bot * t).astype(np.uint8)
    if spec.photo:
        y0, y1 = int(0.50 * h), int(0.76 * h)
        img[y0:y1] = _photo(spec.photo, w, y1 - y0)
    dark = (40, 40, 48)
    _text(
        img,
        [kit.usage.theme],
        (int(0.08 * w), int(0.39 * h), int(0.95 * w), int(0.47 * h)),
        fp,
        (150, 30, 30),
        int(0.045 * w),
    )
    body = list(kit.usage.slogans) + ["开展质量提升行动，推动高质量发展，建设质量强国。"] * 3
    order = rng.permutation(len(body))
    _text(
        img,
        [body[i] for i in order],
        (int(0.08 * w), int(0.79 * h), int(0.92 * w), int(0.97 * h)),
        fp,
        dark,
        int(0.022 * w),
    )
    ink = ink_srgb(kit)
    if spec.lookalikes:
        _lookalikes(img, rng, ink, (int(0.08 * w), int(0.06 * h), int(0.92 * w), int(0.32 * h)), fp)
    art = assets.load_artwork(kit=kit).alpha
    ah, aw = art.shape
    synth = Synth(img, spec)
    for p in spec.logos:
        g = placement_matrix(p, aw, ah)
        lowres = None
        if p.violation == "low-resolution":
            lowres = lowres_px or int(rng.integers(40, 70))
        alpha = warp_alpha(art, g, (w, h), lowres=lowres)
        zone = geo.apply(g, geo.expand_frame(aw, ah, kit.logo.clear_space * ah)).astype(np.float32)
        if p.violation == "low-contrast":
            c = zone.mean(axis=0)
            patch = (c + (zone - c) * 1.08).round().astype(np.int32)
            colour = panel or ((180, 45, 45) if rng.random() < 0.5 else (70, 62, 60))
            cv2.fillPoly(img, [patch], colour, cv2.LINE_AA)
        if p.violation == "altered":
            kind = altered_kind or rng.choice(["erase", "outline", "shadow"])
            if kind == "erase":
                # remove a wedge of the emblem (about a fifth of the ink)
                cut = np.zeros((ah, aw), np.uint8)
                cut[:, : int(aw * 0.18)] = 255
                gone = warp_alpha(cut, g, (w, h))
                alpha = alpha * (1 - gone)
            else:
                k = max(3, int(0.012 * p.width)) | 1
                halo = cv2.dilate(alpha, np.ones((k, k), np.uint8))
                if kind == "shadow":
                    off = max(3, int(0.02 * p.width))
                    halo = np.roll(np.roll(alpha, off, 0), off, 1)
                composite(img, halo, (60, 60, 60) if kind == "shadow" else (20, 20, 20))
            p = replace(p, detail=str(kind))
        composite(img, alpha, p.ink or ink)
        if p.violation == "clear-space":
            # a text line inside the zone, just below the logo (not over it)
            q = geo.apply(g, geo.frame_corners(aw, ah))
            y = int(q[:, 1].max() + 0.08 * ah * p.width / aw)
            _text(
                img,
                [kit.usage.slogans[int(rng.integers(len(kit.usage.slogans)))]],
                (int(q[:, 0].min()), y, int(q[:, 0].max()), y + int(0.2 * ah * p.width / aw)),
                fp,
                dark,
                max(10, int(0.1 * ah * p.width / aw)),
            )
        synth.quads.append(geo.to_edge(geo.apply(g, geo.frame_corners(aw, ah))).round(3).tolist())
        synth.violations.append(p.violation)
    if spec.violation:
        synth.expected.add(spec.violation)
    if not spec.logos:
        synth.expected.add("logo-missing")
    return synth


def compliant_placement(
    rng: np.random.Generator, w: int, h: int, *, min_width: float = 160
) -> Placement:
    """An upright, full-colour logo in the poster's top band with its clear space free."""
    width = float(rng.uniform(max(min_width, 0.28 * w), 0.55 * w))
    return Placement(
        width=width,
        centre=(
            float(rng.uniform(0.5 * width + 0.08 * w, w - 0.5 * width - 0.08 * w)),
            float(0.19 * h),
        ),
    )


def violate(code: str, base: Placement, rng: np.random.Generator, spec: PosterSpec) -> Placement:
    """``base`` changed so that exactly ``code`` is violated."""
    w, h = spec.width, spec.height
    if code == "colour":
        # every recolour keeps a WCAG contrast above 3:1 on paper: one violation at a time
        ink = [(190, 90, 0), (180, 20, 110), (30, 70, 190), (20, 20, 20), (120, 30, 20)][
            int(rng.integers(5))
        ]
        return replace(base, ink=ink, violation=code)
    if code == "distorted":
        s = float(rng.uniform(1.15, 1.5))
        return replace(base, stretch=s if rng.random() < 0.5 else 1 / s, violation=code)
    if code == "rotated":
        a = float(rng.uniform(3, 175)) * (1 if rng.random() < 0.5 else -1)
        # small enough that the turned clear-space zone stays in the logo's band
        return replace(
            base,
            angle_deg=a,
            width=min(base.width, 0.24 * h, 0.4 * w),
            centre=(w / 2, base.centre[1]),
            violation=code,
        )
    if code == "too-small":
        if spec.ppi:
            width = float(rng.uniform(0.45, 0.9)) * 25.0 / 25.4 * spec.ppi  # under 25 mm
        else:
            width = float(rng.uniform(60, 110))
        return replace(base, width=width, violation=code)
    if code == "cropped":
        off = float(rng.uniform(0.15, 0.45))
        left = rng.random() < 0.5
        cx = (0.5 - off) * base.width if left else w - (0.5 - off) * base.width
        return replace(base, centre=(cx, base.centre[1]), violation=code)
    return replace(base, violation=code)
