"""``make_poster``: one seeded, deterministic poster with its ground truth."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from brandcheck import colour as col
from brandcheck import geometry as geo
from brandcheck.brand import BrandKit, load_brand
from posterlab import assets
from posterlab.independent import layout
from posterlab.independent import violations as vio
from posterlab.independent.layout import Box, pick
from posterlab.independent.lookalikes import draw_lookalikes
from posterlab.independent.placement import Placement, draw_logo
from posterlab.io import camera_exif, write_cmyk_tiff, write_jpeg, write_png
from posterlab.render import (
    bbox,
    cmyk_to_rgb_values,
    polygon_mask,
    pose_matrix,
    quad_of,
    rgb_to_cmyk_values,
    zone_of,
)


@dataclass(frozen=True)
class PosterSpec:
    """What poster to make; everything not fixed here is drawn from the generator.

    ``violation``: a finding code injected into the first logo (``logo-missing``: no
    logo), or None. ``logos``: how many logos (0-2; a second one only on compliant
    posters). ``lookalikes``: how many lookalike emblems. ``min_logo_px``: compliant logos
    at least this wide (for posters that will be downscaled). ``artwork``: a path to draw
    instead of the kit's artwork (development only).
    """

    width: int = 1000
    height: int = 1414
    ppi: float | None = None
    violation: str | None = None
    logos: int = 1
    background: str | None = None  # flat | gradient | photo; None: random
    template: str | None = None
    lookalikes: int = 0
    cmyk: bool = False
    min_logo_px: float = 0.0
    artwork: str | None = None


@dataclass(frozen=True)
class LogoTruth:
    """One placed logo: where (edge-coordinate quad, TL TR BR BL) and what was injected."""

    quad: np.ndarray  # (4, 2) edge coordinates
    zone: np.ndarray  # (4, 2) clear-space zone, edge coordinates
    homography: np.ndarray  # artwork px -> image px, centre convention
    violation: str | None
    ink: tuple[int, int, int]
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "quad": np.round(self.quad, 3).tolist(),
            "zone": np.round(self.zone, 3).tolist(),
            "homography": np.round(self.homography, 8).tolist(),
            "violation": self.violation,
            "ink": list(self.ink),
            "params": _jsonable(self.params),
        }


@dataclass(frozen=True)
class Synth:
    """A generated poster: pixels (sRGB; CMYK ink values for CMYK posters), ppi, truth.

    ``expected``: the finding codes (fail or warn) brandcheck should report for the file.
    """

    rgb: np.ndarray
    cmyk: np.ndarray | None
    ppi: float | None
    logos: tuple[LogoTruth, ...]
    expected: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    #: codes whose expectation sits at a threshold (measurement noise may flip them); a
    #: benchmark counts them neither as misses nor as false alarms
    ambiguous: tuple[str, ...] = ()

    @property
    def size(self) -> tuple[int, int]:
        return int(self.rgb.shape[1]), int(self.rgb.shape[0])

    def truth(self) -> dict[str, Any]:
        """JSON-able ground truth (no pixels)."""
        w, h = self.size
        return {
            "size": [w, h],
            "ppi": self.ppi,
            "expected": list(self.expected),
            "ambiguous": list(self.ambiguous),
            "logos": [lg.to_json() for lg in self.logos],
            "meta": _jsonable(self.meta),
        }


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, np.ndarray):
        return _jsonable(v.tolist())
    if isinstance(v, (np.floating, float)):
        return round(float(v), 4)
    if isinstance(v, np.integer):
        return int(v)
    return v


def expected_codes(logos: tuple[LogoTruth, ...]) -> tuple[str, ...]:
    """Poster-level codes: each injected violation, what it entails, or logo-missing."""
    if not logos:
        return ("logo-missing",)
    out: set[str] = set()
    for lg in logos:
        if lg.violation:
            out.add(lg.violation)
        out.update(lg.params.get("also", []))
    return tuple(sorted(out))


def ambiguous_codes(logos: tuple[LogoTruth, ...]) -> tuple[str, ...]:
    """Codes flagged borderline by the violation functions (``params['ambiguous']``)."""
    out: set[str] = set()
    for lg in logos:
        out.update(lg.params.get("ambiguous", []))
    return tuple(sorted(out))


def _truth(pl: Placement, art: assets.Artwork, kit: BrandKit) -> LogoTruth:
    q = geo.to_edge(quad_of(pl.homography, art.width, art.height))
    z = geo.to_edge(zone_of(pl.homography, art.width, art.height, kit.logo.clear_space))
    return LogoTruth(q, z, pl.homography.copy(), pl.violation, pl.ink, dict(pl.params))


def _draft(
    rng: np.random.Generator,
    spec: PosterSpec,
    art: assets.Artwork,
    kit: BrandKit,
    template: str,
    violation: str | None,
    second: bool,
) -> Placement:
    """A centred placement: width, then the geometric violations."""
    w, h = spec.width, spec.height
    minw = max(vio.min_compliant_width(kit, spec.ppi), spec.min_logo_px)
    lo, hi = (0.28, 0.5) if template == "centre" else (0.14, 0.3)
    if second:
        lo, hi = 0.1, 0.16
    width = max(minw, float(rng.uniform(lo, hi)) * min(w, 1.3 * h))
    pl = Placement(
        pose_matrix(art.width, art.height, width), assets.INK_SRGB, params={"width": width}
    )
    if violation == "rotated":
        pl = vio.rotate(rng, pl, art)
    elif violation == "distorted":
        pl = vio.distort(rng, pl, art)
    elif violation == "too-small":
        pl = vio.shrink(rng, pl, art, kit, spec.ppi)
    elif violation == "low-resolution":
        pl = vio.low_resolution(rng, pl, art, kit, spec.ppi)
    return pl


def _fit(
    pl: Placement, art: assets.Artwork, kit: BrandKit, max_w: float, max_h: float, minw: float
) -> Placement:
    """Shrink a compliant/geometric draft until its zone fits ``max_w × max_h`` (not below ``minw``)."""
    zx0, zy0, zx1, zy1 = vio.zone_box(pl, art, kit)
    k = min(1.0, max_w / (zx1 - zx0), max_h / (zy1 - zy0))
    if k >= 1.0 or pl.violation == "too-small":
        return pl
    if pl.violation == "low-resolution":  # keep the upscale >= 3x and the width compliant
        src = float(pl.params["source_width"])
        width = max(3.0 * src, minw, float(pl.params["width"]) * k)
        return vio._rebuild(pl, art, width=width).with_(params={"upscale": width / src})
    width = max(minw, float(pl.params["width"]) * k)
    return vio._rebuild(pl, art, width=width)


def _fits(pl: Placement, art: assets.Artwork, kit: BrandKit, area: Box) -> bool:
    """Whether the placed logo's clear-space zone lies inside ``area`` (edge coordinates)."""
    zx0, zy0, zx1, zy1 = vio.zone_box(pl, art, kit)
    return (
        zx0 + 0.5 >= area.x0 - 1e-6
        and zy0 + 0.5 >= area.y0 - 1e-6
        and zx1 + 0.5 <= area.x1 + 1e-6
        and zy1 + 0.5 <= area.y1 + 1e-6
    )


def _position(
    rng: np.random.Generator,
    pl: Placement,
    art: assets.Artwork,
    kit: BrandKit,
    area: Box,
    pad: float,
) -> Placement:
    """Translate a centred placement so its zone lies inside ``area`` shrunk by ``pad``."""
    zx0, zy0, zx1, zy1 = vio.zone_box(pl, art, kit)
    zx0, zy0, zx1, zy1 = zx0 + 0.5, zy0 + 0.5, zx1 + 0.5, zy1 + 0.5  # edge coords
    lo_x, hi_x = area.x0 + pad - zx0, area.x1 - pad - zx1
    lo_y, hi_y = area.y0 + pad - zy0, area.y1 - pad - zy1
    cx = float(rng.uniform(lo_x, hi_x)) if hi_x > lo_x else 0.5 * (lo_x + hi_x)
    cy = float(rng.uniform(lo_y, hi_y)) if hi_y > lo_y else 0.5 * (lo_y + hi_y)
    return pl.with_(homography=geo.translation(cx, cy) @ pl.homography)


def _draw_intruder(
    img: np.ndarray,
    rng: np.random.Generator,
    pl: Placement,
    style: layout.Style,
    fpath: str,
    slogans: tuple[str, ...],
) -> str | None:
    """Draw the clear-space intruder; returns the photo used, if any."""
    x0, y0, x1, y1 = pl.params["intruder_box"]
    box = Box(x0, y0, x1, y1)
    kind = pl.params["intruder"]
    xi0, yi0, xi1, yi1 = (
        math.floor(x0 + 0.5),
        math.floor(y0 + 0.5),
        math.floor(x1 + 0.5),
        math.floor(y1 + 0.5),
    )
    if kind == "block":
        c = pick(rng, layout.ACCENTS[1:])
        img[yi0:yi1, xi0:xi1] = c
    elif kind == "photo":
        if xi1 - xi0 > 2 and yi1 - yi0 > 2:
            name = pick(rng, layout.POSTER_PHOTOS)
            img[yi0:yi1, xi0:xi1] = layout.cover(assets.photo(name), xi1 - xi0, yi1 - yi0, rng)
            return name
    else:
        pil = Image.fromarray(img[yi0:yi1, xi0:xi1])
        d = ImageDraw.Draw(pil)
        text = pick(rng, slogans)
        local = Box(0, 0, xi1 - xi0, yi1 - yi0)
        size = local.h * 0.95
        f = assets.font(fpath, max(6, int(size)))
        # repeat the text to fill the box's length; clipped to the box by construction
        s = text
        while f.getlength(s) < local.w:
            s = s + "　" + text
        d.text((0, (local.h - size) / 2), s, font=f, fill=style.text)
        img[yi0:yi1, xi0:xi1] = np.asarray(pil)
    del box
    return None


def _intrusion_share(
    img: np.ndarray, pl: Placement, art: assets.Artwork, kit: BrandKit, panel: tuple[int, int, int]
) -> float:
    """Share of the clear-space ring that differs from the panel by > 12 ΔE76 (as measured)."""
    z = zone_of(pl.homography, art.width, art.height, kit.logo.clear_space)
    q = quad_of(pl.homography, art.width, art.height)
    x0, y0, x1, y1 = (int(v) for v in np.floor(bbox(z)))
    x0, y0 = max(0, x0 - 1), max(0, y0 - 1)
    x1, y1 = min(img.shape[1], x1 + 2), min(img.shape[0], y1 + 2)
    shape = (y1 - y0, x1 - x0)
    off = np.array([x0, y0], np.float64)
    ring = polygon_mask(z - off, shape) & ~polygon_mask(q - off, shape)
    lab = col.srgb_to_lab(img[y0:y1, x0:x1].reshape(-1, 3)).reshape(shape + (3,))
    d = np.linalg.norm(lab - col.srgb_to_lab(np.array(panel, np.uint8)), axis=-1)
    return float((d[ring] > 12.0).sum() / max(1, ring.sum()))


def make_poster(rng: np.random.Generator, spec: PosterSpec, kit: BrandKit | None = None) -> Synth:
    """Draw one poster as ``spec`` says, with its ground truth. Deterministic in ``rng``."""
    kit = kit or load_brand()
    v = spec.violation
    if v is not None and v not in vio.CODES:
        raise ValueError(f"unknown finding code {v!r}; one of {vio.CODES}")
    art = assets.load_artwork(spec.artwork, kit)
    fpath = str(assets.font_path(kit))
    w, h = spec.width, spec.height
    n_logos = 0 if v == "logo-missing" else max(0, min(2, spec.logos))
    if v is not None and v != "logo-missing":
        n_logos = max(1, n_logos)
    if v is not None:
        n_logos = min(n_logos, 1)
    if w > 1.2 * h:
        template = spec.template or "banner"
    elif n_logos == 0 and v != "logo-missing" and not spec.lookalikes:
        template = spec.template or str(pick(rng, tuple(layout.FREE_TEMPLATES)))
    else:
        template = spec.template or str(pick(rng, ("header", "photo-top", "footer-logo", "centre")))
    style = layout.make_style(rng, w, h, spec.background)
    minw = max(vio.min_compliant_width(kit, spec.ppi), spec.min_logo_px)

    # 1. drafts (centred) and the slot they need
    drafts = [
        _draft(rng, spec, art, kit, template, v if i == 0 else None, i > 0) for i in range(n_logos)
    ]
    has_slot = template in layout.TEMPLATES
    banner = template == "banner"
    if drafts:
        d0 = _fit(
            drafts[0],
            art,
            kit,
            (0.48 if banner else 0.9) * w * (0.5 if n_logos == 2 else 1),
            0.9 * h if banner else 0.45 * h,
            minw,
        )
        drafts[0] = d0
        zx0, zy0, zx1, zy1 = vio.zone_box(d0, art, kit)
        pad = 0.08 * max(zx1 - zx0, zy1 - zy0) + 4
        slot_h, slot_w = (zy1 - zy0) + 2 * pad, (zx1 - zx0) + 2 * pad
    else:
        pad = 0.0
        slot_h, slot_w = float(rng.uniform(0.12, 0.2)) * h, 0.35 * w
    lay = layout.plan(rng, w, h, style, template, slot_h, slot_w)

    # 2. panel of the first slot (low-contrast sets it)
    panel = lay.slots[0].colour if lay.slots else style.paper
    if v == "low-contrast":
        drafts[0] = vio.low_contrast(rng, drafts[0])
        panel = drafts[0].panel or panel

    # 3. background, sections, slot panels, lookalikes
    img = layout.background(rng, w, h, style)
    photos = set(
        layout.draw_sections(img, rng, lay, w, h, kit.usage.theme, kit.usage.slogans, fpath)
    )
    if style.background == "photo" and style.photo:
        photos.add(style.photo)
    for i, s in enumerate(lay.slots):
        layout.fill(img, s.box, panel if i == 0 else s.colour)
    look_boxes: list[Box] = []
    if n_logos == 0 and has_slot and lay.slots and (spec.lookalikes or rng.random() < 0.5):
        sb = lay.slots[0].box
        side = 0.6 * min(sb.w, sb.h)
        x = float(rng.uniform(sb.x0 + 0.1 * side, max(sb.x0 + 0.1 * side, sb.x1 - 1.1 * side)))
        look_boxes.append(
            Box(
                x,
                sb.y0 + 0.2 * side,
                x + side * (1.6 if rng.random() < 0.3 else 1.0),
                sb.y0 + 1.2 * side,
            )
        )
    targets = [
        b for k, b in lay.sections if k in ("body", "photo", "slogans", "blocks", "headline")
    ]
    for _ in range(spec.lookalikes - len(look_boxes)):
        if not targets:
            break
        b = pick(rng, targets)
        side = float(rng.uniform(0.6, 0.95)) * min(b.h, 0.3 * b.w)
        if side < 12:
            continue
        x = float(rng.uniform(b.x0, b.x1 - side))
        y = float(rng.uniform(b.y0, b.y1 - side))
        look_boxes.append(Box(x, y, x + side, y + side))
    looks = draw_lookalikes(img, rng, look_boxes, panel, fpath) if look_boxes else []

    # 4. positions and the remaining violations
    placed: list[Placement] = []
    if drafts:
        slot = lay.slots[0]
        areas = [slot.box]
        if n_logos == 2:
            b = slot.box
            mid = 0.5 * (b.x0 + b.x1)
            areas = [Box(b.x0, b.y0, mid, b.y1), Box(mid, b.y0, b.x1, b.y1)]
        for i, d in enumerate(drafts):
            d = _fit(d, art, kit, areas[i].w - 2 * pad, areas[i].h - 2 * pad, minw)
            pl = _position(rng, d, art, kit, areas[i], pad)
            if not _fits(pl, art, kit, areas[i]):
                if i > 0:  # no room for a second logo: leave it out
                    continue
                raise RuntimeError(
                    f"logo zone does not fit its slot ({template}, {w}x{h}, "
                    f"violation {v}); generator bug"
                )
            if i == 0 and v == "cropped":
                pl = vio.crop(rng, pl, art, slot.box, slot.sides, (w, h))
            elif i == 0 and v == "colour":
                pl = vio.recolour(rng, pl, kit, panel, cmyk=spec.cmyk)
            elif i == 0 and v == "altered":
                pl = vio.alter(rng, pl, art, kit, panel)
            elif i == 0 and v == "clear-space":
                pl = vio.intrude(rng, pl, art, kit)
            if spec.cmyk and pl.ink_cmyk is None and pl.ink == assets.INK_SRGB:
                pl = pl.with_(ink_cmyk=kit.colour.cmyk)
            placed.append(pl)

    # 5. intruders (before the logo: they never overlap it), CMYK, logos
    done: list[Placement] = []
    for pl in placed:
        if pl.intruder is not None:
            used = _draw_intruder(img, rng, pl, style, fpath, kit.usage.slogans)
            if used:
                photos.add(used)
            share = _intrusion_share(img, pl, art, kit, panel)
            if share < 3 * kit.checks.clear_space_max_intrusion:  # sparse text: make it a block
                x0, y0, x1, y1 = pl.params["intruder_box"]
                img[
                    math.floor(y0 + 0.5) : math.floor(y1 + 0.5),
                    math.floor(x0 + 0.5) : math.floor(x1 + 0.5),
                ] = style.accent2
                share = _intrusion_share(img, pl, art, kit, panel)
                pl = pl.with_(params={"intruder": "block"})
            pl = pl.with_(params={"intrusion_share": round(share, 4)})
        done.append(pl)
    placed = done
    cmyk = None
    if spec.cmyk:
        cmyk = rgb_to_cmyk_values(img)
        for pl in placed:
            draw_logo(cmyk, art.alpha, pl)
        img = cmyk_to_rgb_values(cmyk)
        placed = [pl.with_(ink=_cmyk_ink_rgb(pl.ink_cmyk)) if pl.ink_cmyk else pl for pl in placed]
    else:
        for pl in placed:
            draw_logo(img, art.alpha, pl)

    logos = tuple(_truth(pl, art, kit) for pl in placed)
    meta = {
        "artwork_size": [art.width, art.height],
        "template": template,
        "background": style.background,
        "background_photo": style.photo if style.background == "photo" else None,
        "panel": list(panel),
        "lookalikes": looks,
        "artwork": str(art.path),
        "artwork_from_kit": art.from_kit,
        "font": fpath,
        "cjk_font": True,
        "licences": sorted(photos),
    }
    return Synth(
        np.ascontiguousarray(img),
        cmyk,
        spec.ppi,
        logos,
        expected_codes(logos),
        meta,
        ambiguous_codes(logos),
    )


def _cmyk_ink_rgb(cmyk: tuple[float, float, float, float]) -> tuple[int, int, int]:
    """What the loader decodes a CMYK ink (percent) to (Pillow's conversion)."""
    v = cmyk_to_rgb_values((np.array(cmyk) * 2.55 + 0.5).astype(np.uint8).reshape(1, 1, 4))[0, 0]
    return int(v[0]), int(v[1]), int(v[2])


# ------------------------------------------------------------ derived images


def resized(s: Synth, factor: float) -> Synth:
    """The poster resized by ``factor`` (INTER_AREA), truth mapped; ppi dropped (a web copy)."""
    import cv2

    w, h = s.size
    nw, nh = max(1, round(w * factor)), max(1, round(h * factor))
    img = cv2.resize(s.rgb, (nw, nh), interpolation=cv2.INTER_AREA)
    m = geo.scale_matrix(nw / w, nh / h)
    logos = tuple(_map_truth(lg, m) for lg in s.logos)
    return replace(
        s,
        rgb=np.ascontiguousarray(img),
        cmyk=None,
        ppi=None,
        logos=logos,
        meta={**s.meta, "resized": [nw / w, nh / h]},
    )


def _map_truth(lg: LogoTruth, m: np.ndarray) -> LogoTruth:
    """The truth of a logo after the image went through homography ``m`` (centre conv.)."""
    hm = m @ lg.homography
    q = geo.to_edge(geo.apply(m, lg.quad - 0.5))
    z = geo.to_edge(geo.apply(m, lg.zone - 0.5))
    return replace(lg, quad=q, zone=z, homography=hm / hm[2, 2])


def write_synth(path: str | Path, s: Synth, quality: int = 90) -> Path:
    """Write a poster by suffix: .png, .jpg/.jpeg (``quality``), .tif/.tiff (CMYK, needs cmyk)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        return write_png(path, s.rgb, s.ppi)
    if suffix in (".jpg", ".jpeg"):
        camera = s.meta.get("photo", {}).get("camera")
        return write_jpeg(
            path, s.rgb, quality, s.ppi, exif=camera_exif(*camera) if camera else None
        )
    if suffix in (".tif", ".tiff"):
        if s.cmyk is None:
            raise ValueError("a TIFF is written from CMYK values: make the poster with cmyk=True")
        return write_cmyk_tiff(path, s.cmyk, s.ppi)
    raise ValueError(f"unsupported suffix {suffix!r}")
