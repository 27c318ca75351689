"""Find every instance of the brand's logo in a poster, without relying on its colour.

:func:`locate` reads top to bottom as OpenCV's ``find_obj.py`` recipe, three stages of
named steps, their parameters together in :class:`LocateParams`:

**candidates** (:func:`candidates`)
    1. *reduce*: a grey copy whose long side is at most ``work_side`` px; decoding is
       the floor of the time budget, features at full resolution are 60x it.
    2. *features*: ORB keypoints spread over the reduced poster. The reference holds ORB
       features of the artwork rendered at several widths and in both polarities (dark
       ink on light, light ink on dark), so scale and a recoloured or inverted logo are
       covered.
    3. *match*: k-nearest neighbours (Hamming) and a ratio test whose runner-up must be a
       *different* artwork point (the same point at another reference scale is no rival).
    4. *vote*: matches grouped by the pose they predict (a generalised Hough transform).
    5. *robust homography*: MAGSAC++ per group, grown by every free match it explains,
       so every instance is found, not only the largest.

**verify** (:func:`~brandcheck.verify.check`, shared with the template search)
    6. *project the corners* and reject quads no placement makes.
    7. *verify*: warp the candidate back into the artwork frame and correlate it with the
       artwork's ink outline (|NCC|), whole and by quadrant. Lookalike emblems and the
       wordmark's characters in body text fail here, whatever the features said. A near
       miss that already lines up in two quadrants gets a second look from features
       detected densely around it (:func:`~brandcheck.verify.refit`).

**refine** (:func:`~brandcheck.verify.refine`)
    8. ECC (enhanced correlation coefficient) at full resolution on the region only, for
       a quad accurate to a fraction of a pixel.

When the grey search finds nothing, the red-green opponent channel is searched, then grey
again with features at four times the density against the small reference widths only,
and last the template search (:mod:`brandcheck.template`). The parameters, the answers'
types and the verify and refine steps live in :mod:`brandcheck.verify`, which both
searches import; every name is importable from here as well.

References
----------
Rublee et al., "ORB: an efficient alternative to SIFT or SURF", ICCV 2011.
Lowe, "Distinctive image features from scale-invariant keypoints", IJCV 60(2), 2004.
Barath et al., "MAGSAC++, a fast, reliable and accurate robust estimator", CVPR 2020.
Evangelidis & Psarakis, "Parametric image alignment using enhanced correlation
coefficient maximization", IEEE TPAMI 30(10), 2008.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from brandcheck import geometry as geo
from brandcheck._typing import GrayImage, Quad, RGBImage
from brandcheck.template import TemplateParams, template_search
from brandcheck.verify import (
    _ORB_EDGE,
    _ORB_SCALE,
    Candidate,
    Detection,
    LocateParams,
    NotFound,
    Reference,
    _orb,
    _verify_template,
    check,
    match,
    refine,
    to_channel,
    verify,
)

#: The types, the steps the searches share and the recipe's own names, all importable from
#: here as before the shared part moved to :mod:`brandcheck.verify`.
__all__ = [
    "Candidate",
    "Detection",
    "LocateParams",
    "Matches",
    "NotFound",
    "Reference",
    "candidates",
    "check",
    "ink_of",
    "locate",
    "match",
    "prepare_reference",
    "reduce",
    "reference_for",
    "refine",
    "robust_homography",
    "spread",
    "to_channel",
    "verify",
    "vote",
]


@dataclass(frozen=True)
class Matches:
    """Matched point pairs of one search, and the vote groups they fall into.

    ``src`` is artwork px, ``dst`` reduced-poster px, one row per match; ``scales`` is
    each match's keypoint scale ratio (poster / artwork); ``groups`` index rows, the
    largest group first.
    """

    src: np.ndarray  # (N, 2) float64
    dst: np.ndarray  # (N, 2) float64
    scales: np.ndarray  # (N,) float64
    groups: list[np.ndarray]


#: The default parameters (frozen, so one instance serves every call).
_PARAMS = LocateParams()


# -- the recipe ------------------------------------------------------------------------------


def locate(
    rgb: RGBImage, ref: Reference, params: LocateParams = _PARAMS
) -> list[Detection] | NotFound:
    """Every verified instance of the logo in ``rgb`` (H, W, 3 uint8), or ``NotFound``.

    The logo's colour plays no part: the poster is searched in grey, in both polarities,
    so a recoloured logo is found (and then flagged by the colour check). Only when grey
    finds nothing is the red-green opponent channel searched, for a logo as light as its
    background, then grey again at the density a small logo needs, and last a template
    search (:mod:`brandcheck.template`) in grey from 40 px wide and in the opponent
    channel from 80 px, for logos too small or too faint for features.
    """
    copies: dict[str, tuple[GrayImage, float]] = {}  # each reduced channel made once
    first = _locate_in(rgb, ref, params, "grey", copies=copies)
    if not isinstance(first, NotFound):
        return first
    why = list(first.candidates)
    if rgb.ndim == 3:
        again = _locate_in(rgb, ref, params, "opponent")
        if not isinstance(again, NotFound):
            return again
        why.append(f"opponent channel: {again.reason}")
    if params.small_keep <= 0:
        return NotFound(first.reason, why)
    small = _locate_in(
        rgb, ref.at_widths(params.small_widths), params, "grey", small=True, copies=copies
    )
    if not isinstance(small, NotFound):
        return small
    why.append(f"small-logo pass: {small.reason}")
    # the last look, for logos too small or too faint for features (brandcheck.template);
    # the opponent channel exists for colour-only contrast, and from 80 px costs 1/16 of
    # the grey search's first octave
    for channel, tp in (("grey", TemplateParams()), ("opponent", TemplateParams(min_width_px=80))):
        if channel == "opponent" and rgb.ndim != 3:
            continue
        last = template_search(rgb, ref, params, tp, channel)
        if not isinstance(last, NotFound):
            return last
        why.append(f"template search ({channel}): {last.reason}")
    return NotFound(first.reason, why)


def _locate_in(
    rgb: RGBImage,
    ref: Reference,
    p: LocateParams,
    channel: str,
    small: bool = False,
    copies: dict[str, tuple[GrayImage, float]] | None = None,
) -> list[Detection] | NotFound:
    """One search of one channel: candidates -> verify -> refine, every instance.

    ``copies``: reduced channels by name, filled and reused across the searches of one
    poster (the small-logo pass searches the grey copy the first pass made).
    """
    h, w = rgb.shape[:2]
    short = min(h, w) * min(1.0, p.work_side / max(h, w))
    if short < _MIN_SEARCH_SIDE:
        # a 1 px working side also breaks OpenCV's resize and ORB's pyramid: say why instead
        return NotFound(
            f"the poster is too small or too narrow to search ({w} × {h} px; its short side "
            f"is {short:.0f} px in the working copy, a feature needs {_MIN_SEARCH_SIDE})"
        )
    if copies is None:
        copies = {}
    if channel not in copies:
        copies[channel] = reduce(rgb, p.work_side, channel, linear_above=p.linear_above)
    grey, f = copies[channel]
    pairs = candidates(grey, ref, p, small)
    if isinstance(pairs, NotFound):
        return pairs
    found: list[Detection] = []
    rejected: list[str] = []
    spent = np.zeros(len(pairs.src), bool)  # matches already explained by a pose
    tried = 0
    for group in pairs.groups:
        if len(group) < p.min_inliers or tried >= p.max_candidates or len(found) >= p.max_instances:
            break
        idx = group[~spent[group]]
        if len(idx) < p.min_inliers:
            continue
        tried += 1
        cand = robust_homography(pairs, idx, spent, ref, p)
        spent[idx] = True
        if not isinstance(cand, NotFound):
            cand = check(grey, cand, ref, p)
        if isinstance(cand, NotFound):
            rejected.append(cand.reason)
            continue
        spent[_inside(pairs.dst, cand.quad, 1.05)] = True
        found.append(_refined(rgb, cand, f, ref, p, channel))
    if not found:
        return NotFound(
            "no candidate passed verification"
            if rejected
            else f"no group of {p.min_inliers} matches agreeing on a pose",
            rejected,
        )
    return found


# -- candidates: reduce, features, match, vote, robust homography ----------------------------


def candidates(grey: GrayImage, ref: Reference, p: LocateParams, small: bool) -> Matches | NotFound:
    """Features of the reduced poster matched to the reference and grouped by pose."""
    if small:
        kps, desc = _features(grey, p.small_detect, p.small_keep, p.small_grid_px, p.small_levels)
    else:
        kps, desc = _features(grey, p.detect_features, p.keep_features, p.grid_px, 8)
    if desc is None or len(kps) < p.min_inliers:
        return NotFound(f"too few features in the poster ({len(kps)})")
    qi, ri = match(desc, ref, p.ratio)
    if len(qi) < p.min_inliers:
        return NotFound(f"{len(qi)} feature matches, need {p.min_inliers}")
    groups, scales = vote(kps, qi, ri, ref, min_size=p.min_inliers)
    return Matches(
        src=ref.points[ri].astype(np.float64),
        dst=np.asarray(cv2.KeyPoint.convert(kps), np.float64)[qi],
        scales=scales,
        groups=groups,
    )


def reduce(
    rgb: RGBImage, work_side: int, channel: str = "grey", *, linear_above: float = 0.5
) -> tuple[GrayImage, float]:
    """One channel with long side at most ``work_side``; returns it and the factor used.

    Bilinear above the factor ``linear_above`` (:class:`LocateParams`). Below it, a box
    average by the whole factor ``k`` (every source pixel read once, OpenCV's fast
    INTER_AREA path), then the rest, a factor above 1/2, on the ``k`` times smaller copy:
    INTER_AREA at a fractional ratio on the full image costs 27 ms on an A3 300 dpi page
    and 126 ms on an A1 one.
    """
    h, w = rgb.shape[:2]
    f = min(1.0, work_side / max(h, w))
    if f >= 1.0:
        out = to_channel(rgb, channel)
    elif f > linear_above:
        # the opponent maths on the full image and one plane resized bilinearly cost 3 ms on
        # an A4 150 dpi page, against 20 ms for three planes resized by INTER_AREA
        size = (round(w * f), round(h * f))
        out = cv2.resize(to_channel(rgb, channel), size, interpolation=cv2.INTER_LINEAR)
    else:
        k = max(h, w) // work_side  # >= 2
        out = _box_then_rest(rgb, k, k * work_side / max(h, w), channel)
    if channel != "grey":
        # stretch local contrast: the differences this channel exists for are small
        out = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(out)
    return out, f


#: How :func:`_box_then_rest` resizes the k-times-reduced copy by the rest (above 1/2):
#: bilinear, as :func:`reduce` does above ``linear_above``. INTER_AREA there costs 5 ms
#: more on an A3 300 dpi page and gave the same verification |NCC| at the true pose
#: (mean 0.7107 against 0.7104 over 180 logos on posters reduced by 1/2 or less).
_REST_INTERP = cv2.INTER_LINEAR


def _box_then_rest(rgb: RGBImage, k: int, rest: float, channel: str) -> GrayImage:
    """``rgb`` reduced by ``rest / k``: a box average by the whole factor ``k``, then ``rest``.

    The box drops the last ``< k`` rows and columns, so the copy's pixel ``i`` covers source
    pixels ``[k i, k i + k)``; the rest is given to OpenCV as a ratio, not a size, so the
    two steps together map working px ``x`` to source px ``(x + 0.5) k / rest - 0.5``
    exactly, with the factor :func:`reduce` returns.
    """
    h, w = rgb.shape[:2]
    hk, wk = max(1, h // k), max(1, w // k)  # a strip thinner than k px keeps one row
    # grey: luma first, as before, then one plane averaged (averaging the three colour
    # planes first costs 23 ms on A3 300 dpi against 13); opponent: the colour first, as
    # before, cheaper than its int16 maths on the full image
    src = to_channel(rgb, channel) if channel == "grey" else rgb
    box: np.ndarray = cv2.resize(src[: hk * k, : wk * k], (wk, hk), interpolation=cv2.INTER_AREA)
    one = box if channel == "grey" else to_channel(box, channel)
    if rest >= 1.0:
        return one
    return np.asarray(cv2.resize(one, None, fx=rest, fy=rest, interpolation=_REST_INTERP))


#: No ORB keypoint can be described within ``_ORB_EDGE`` px of an edge, so a working image
#: whose short side is under this holds none.
_MIN_SEARCH_SIDE = 2 * _ORB_EDGE + 1


def _features(
    grey: GrayImage, detect: int, keep: int, grid: int, levels: int
) -> tuple[list[cv2.KeyPoint], np.ndarray | None]:
    """ORB keypoints spread over the page, and their descriptors.

    Detect many, thin them over the grid, then describe only those kept: ORB's own top-N
    by corner response would drop a small logo's corners in favour of a photo's.
    """
    orb = _orb(detect, levels)
    kps = list(orb.detect(grey, None))
    if len(kps) > keep:
        kps = [kps[i] for i in spread(kps, keep, grid)]
    described, desc = orb.compute(grey, kps)
    return list(described), desc


def spread(kps: list[cv2.KeyPoint], keep: int, cell: int) -> np.ndarray:
    """Indices of at most ``keep`` keypoints, the strongest of each grid cell first.

    Round-robin over cells by rank: every cell gives its best, then its second best, ...
    so sparse regions (a logo on a clean background) keep all they have.
    """
    xy = np.asarray(cv2.KeyPoint.convert(kps))
    resp = np.array([k.response for k in kps], np.float32)
    cells = (xy[:, 1] // cell).astype(np.int64) * 100000 + (xy[:, 0] // cell).astype(np.int64)
    order = np.lexsort((-resp, cells))  # by cell, strongest first within a cell
    sorted_cells = cells[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_cells)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    pick = order[np.lexsort((-resp[order], rank))][:keep]
    return np.sort(pick)


def vote(
    kps: list[cv2.KeyPoint], qi: np.ndarray, ri: np.ndarray, ref: Reference, *, min_size: int = 1
) -> tuple[list[np.ndarray], np.ndarray]:
    """Group matches that agree on the logo's pose; largest group first.

    Each match predicts a similarity pose from its two keypoints (scale from their sizes,
    rotation from their angles, the artwork centre's position from both): Lowe's
    generalised Hough transform. Bins are coarse (half a logo width, one octave of scale,
    45°) and every match votes into the two nearest bins of each dimension, so stretch and
    perspective do not split a logo. RANSAC then runs per group, where inliers are the
    majority, instead of over the whole poster, where they may be 5 %. Only groups of at
    least ``min_size`` matches are returned (smaller ones can hold no pose).
    """
    qxy = np.array([kps[i].pt for i in qi], np.float64)
    qsize = np.array([kps[i].size for i in qi], np.float64)
    qang = np.array([kps[i].angle for i in qi], np.float64)
    scale = qsize / ref.sizes[ri]
    theta = np.deg2rad(qang - ref.angles[ri])
    centre = np.array([(ref.width - 1) / 2, (ref.height - 1) / 2])
    v = centre - ref.points[ri]
    c, s_ = np.cos(theta), np.sin(theta)
    pred = qxy + scale[:, None] * np.stack(
        [c * v[:, 0] - s_ * v[:, 1], s_ * v[:, 0] + c * v[:, 1]], 1
    )
    logw = np.log2(np.maximum(scale, 1e-6))
    cell = 0.5 * scale * ref.width
    coords = np.stack(
        [pred[:, 0] / cell, pred[:, 1] / cell, logw, np.rad2deg(theta) % 360 / 45.0], 1
    )
    base = np.floor(coords - 0.5).astype(np.int64)
    # every match votes into the 2 nearest bins of each dimension: 16 bins, packed into
    # one integer key each (positions are bounded by the poster, scale bins by ±32)
    offs = (np.arange(16)[:, None] >> np.arange(4)) & 1  # (16, 4)
    b = base[None, :, :] + offs[:, None, :]  # (16, N, 4)
    b[..., 3] %= 8
    keys = (
        ((b[..., 0] + 50_000) * 100_000 + (b[..., 1] + 50_000)) * 64 + (b[..., 2] + 32)
    ) * 8 + b[..., 3]
    keys = keys.ravel()
    members = np.tile(np.arange(len(qi)), 16)
    order = np.argsort(keys, kind="stable")
    keys, members = keys[order], members[order]
    starts = np.r_[0, np.flatnonzero(np.diff(keys)) + 1]
    sizes = np.diff(np.r_[starts, len(keys)])
    # the groups large enough, largest first, ties in key order (a stable sort by size)
    big = np.flatnonzero(sizes >= min_size)
    big = big[np.argsort(-sizes[big], kind="stable")]
    out = [members[starts[g] : starts[g] + sizes[g]] for g in big]
    return out, scale


def robust_homography(
    pairs: Matches, idx: np.ndarray, spent: np.ndarray, ref: Reference, p: LocateParams
) -> Candidate | NotFound:
    """MAGSAC++ on one vote group, then grown by every unspent match the pose explains."""
    src, dst = pairs.src, pairs.dst
    thr = max(p.ransac_min_px, p.ransac_frac * float(np.median(pairs.scales[idx])) * ref.width)
    h, mask = cv2.findHomography(
        src[idx], dst[idx], cv2.USAC_MAGSAC, thr, maxIters=2000, confidence=0.999
    )
    if h is None or mask is None or mask.sum() < p.min_inliers:
        return NotFound(f"group of {len(idx)} matches: no homography with {p.min_inliers} inliers")
    free = np.flatnonzero(~spent)
    err = np.hypot(*(geo.apply(h, src[free]) - dst[free]).T)
    inl = free[err < thr]
    if len(inl) >= 2 * len(idx):
        h2, _ = cv2.findHomography(src[inl], dst[inl], 0)
        h = h if h2 is None else h2
    return Candidate(h, len(inl), geo.apply(h, geo.frame_corners(ref.width, ref.height)))


# -- verify: project the corners, correlate with the artwork, second look at near misses -----


def _inside(points: np.ndarray, quad: Quad, grow: float) -> np.ndarray:
    """Which ``points`` lie in ``quad`` grown by ``grow`` about its centre (edges count).

    The quad is convex (:func:`_plausible`), so a point is inside when it is on the same
    side of all four edges: one vectorised test instead of a ``pointPolygonTest`` a point.
    """
    c = quad.mean(axis=0)
    q = (c + (quad - c) * grow).astype(np.float32).astype(np.float64)
    pts = np.asarray(points, np.float32).astype(np.float64)
    a, e = q, np.roll(q, -1, axis=0) - q  # edge i runs from a[i] along e[i]
    cross = e[:, 0, None] * (pts[None, :, 1] - a[:, 1, None]) - e[:, 1, None] * (
        pts[None, :, 0] - a[:, 0, None]
    )  # (4, N)
    return np.asarray((cross >= 0).all(axis=0) | (cross <= 0).all(axis=0))


def _refined(
    rgb: RGBImage, cand: Candidate, f: float, ref: Reference, p: LocateParams, channel: str
) -> Detection:
    """The verified candidate in full-resolution poster px, refined by ECC."""
    work_to_full = np.linalg.inv(geo.scale_matrix(f))
    h_full, ok = refine(rgb, work_to_full @ cand.homography, ref, cand.polarity, p, channel)
    h_full = h_full / h_full[2, 2]
    return Detection(
        h_full,
        geo.apply(h_full, geo.frame_corners(ref.width, ref.height)),
        cand.score,
        cand.inliers,
        cand.polarity,
        cand.visible,
        ok,
    )


# -- the reference: the artwork prepared once per kit ----------------------------------------


def prepare_reference(alpha: np.ndarray, params: LocateParams = _PARAMS) -> Reference:
    """Render the artwork ink at ``params.ref_widths`` in both polarities and keep ORB features.

    Parameters
    ----------
    alpha : ndarray of shape (h, w), uint8
        The artwork's alpha channel (ink = 255).
    """
    h, w = alpha.shape
    ink = ink_of(alpha)
    pts, descs, sizes, angles, rendered = [], [], [], [], []
    orb = _orb(params.ref_features)
    for rw in params.ref_widths:
        f = rw / w
        small = cv2.resize(alpha, (rw, max(8, round(h * f))), interpolation=cv2.INTER_AREA)
        pad = 24  # room for ORB's patch around ink that touches the frame
        for polarity in (1, -1):
            grey = 255 - small if polarity == 1 else small
            bg = 255 if polarity == 1 else 0
            canvas = cv2.copyMakeBorder(grey, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=bg)
            kps, d = orb.detectAndCompute(canvas, None)
            if d is None:
                continue
            # the artwork's width as each keypoint's pyramid level sees it
            seen = np.array([rw / _ORB_SCALE**k.octave <= params.ref_max_width for k in kps])
            kps, d = [k for k, s in zip(kps, seen, strict=True) if s], d[seen]
            if not kps:
                continue
            xy = np.array([k.pt for k in kps], np.float64) - pad
            # back to artwork px through the resize's own convention
            to_art = np.asarray(np.linalg.inv(geo.scale_matrix(f, small.shape[0] / h)), np.float64)
            art = geo.apply(to_art, xy)
            pts.append(art.astype(np.float32))
            sizes.append(np.array([k.size for k in kps], np.float32) / f)
            angles.append(np.array([k.angle for k in kps], np.float32))
            descs.append(d)
            rendered.append(np.full(len(kps), rw, np.int32))
    tmpl, band = _verify_template(ink, params)
    return Reference(
        w,
        h,
        ink,
        np.vstack(pts),
        np.concatenate(sizes),
        np.concatenate(angles),
        np.vstack(descs),
        tmpl,
        band,
        np.concatenate(rendered),
    )


def ink_of(alpha: np.ndarray) -> np.ndarray:
    """The artwork's ink, float32 in [0, 1], from its alpha (uint8)."""
    return alpha.astype(np.float32) / 255.0


@lru_cache(maxsize=4)
def _reference_cached(path: str, mtime: float, params: LocateParams) -> Reference:
    from brandcheck import refcache

    data = Path(path).read_bytes()
    key = refcache.entry_key(data, params)
    ref = refcache.load(key)
    if ref is not None:
        return ref
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        rgba = np.asarray(im.convert("RGBA"))
    ref = prepare_reference(np.ascontiguousarray(rgba[..., 3]), params)
    refcache.save(key, ref)
    return ref


def reference_for(artwork: Path, params: LocateParams = _PARAMS) -> Reference:
    """The prepared reference of an artwork PNG, cached per file version in the process
    and on disk (:mod:`brandcheck.refcache`) across processes."""
    return _reference_cached(str(artwork), artwork.stat().st_mtime, params)
