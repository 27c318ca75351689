"""The last look for a logo the feature passes cannot see: coarse-to-fine template search.

A logo 40-70 px wide on a page 7000 px long is 10-16 px wide in the 1600 px working copy
the feature passes search, and a logo on a panel within WCAG 1.1:1 of its ink differs
from it by 3-8 grey levels, under ORB's corner threshold. Normalised cross-correlation
(``TM_CCOEFF_NORMED``) needs neither corners nor contrast: it is invariant to the ink's
and the panel's levels, so a faint or tiny logo correlates as well as a bold one.

The search runs only when every feature pass found nothing. The page is reduced once per
octave of logo width, so that the logo is 24-48 px wide in it; the artwork is correlated
at widths a factor :data:`SCALE_STEP` apart; the best peaks over all widths go through the
same verification as every other candidate (outline |NCC| over the frame and in three of
its four quadrants), and are refined by ECC at full resolution. Upright logos only: a
rotated logo is large enough for the feature passes, which handle rotation.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import cv2
import numpy as np

from brandcheck import geometry as geo
from brandcheck._typing import RGBImage
from brandcheck.verify import (
    Candidate,
    Detection,
    LocateParams,
    NotFound,
    Reference,
    _verify_template,
    check,
    refine,
    to_channel,
    verify,
)


@dataclass(frozen=True)
class TemplateParams:
    """Tunables of the template search; why each is what it is, beside it."""

    #: Smallest logo width searched (poster px): the issue's floor, a third of the bundled
    #: kit's 120 px minimum, so every logo ``too-small`` can judge is looked for.
    min_width_px: float = 40.0
    #: Largest, as a share of the page's short side: a logo larger than half the page that
    #: the feature passes missed is not a small-scale problem.
    max_width_share: float = 0.5
    #: Template width in the reduced page at the bottom of each octave: 20 px (a 40 px
    #: logo at half size) still found every tiny logo of the sweep, at a quarter of the
    #: full page's pixels for the costliest octave.
    octave_px: int = 20
    #: Widths a factor 1.12 apart: a logo between two widths is at most 6 % off one, where
    #: its correlation stays within a few hundredths of the peak.
    scale_step: float = 1.12
    #: The snap looks this far either way of a peak's width (two steps): a peak can be a
    #: step or more off its logo's width (a faint 420 px badge peaked best at 358 px).
    snap_span: float = 1.12**2
    #: Coarse peaks at or above this |NCC| are looked at again at twice the resolution.
    #: At 20-40 px a wordmark 40-66 px wide is 5-8 px tall, and its coarse peak fell to
    #: 0.49-0.60 (below ``min_peak``, behind hundreds of places of text) where its fine one
    #: was 0.81-0.94; ``benchmarks/tinypeaks.py`` prints both for true logos and pages.
    coarse_peak: float = 0.4
    #: Coarse peaks (one per place, over an octave's widths) looked at again, best first.
    coarse_keep: int = 1000
    #: Peaks below this |NCC| at the fine resolution are not candidates. A logo on a flat
    #: panel scores 0.8-0.95; text and photos peak at 0.3-0.5, and verification judges
    #: what passes.
    min_peak: float = 0.55
    #: Candidates verified, best first (each costs ~1 ms; refining one ~10 ms).
    max_peaks: int = 24
    #: Windows flatter than this (grey levels, standard deviation) are not correlated: NCC
    #: of pure noise on a blank page is meaningless. A 1.02:1 panel edge is ~2 levels.
    min_std: float = 0.6


class _Inks:
    """The artwork's ink at the widths one search asks for, each reduced once.

    ``INTER_AREA`` from the 1600 px artwork to a 20 px template reads all its 640,000
    pixels (1-2 ms), and one search asks for thousands of templates (on a logo-free page
    12,800 requests for a few hundred widths). So the ink is halved once into a pyramid,
    each width is reduced from the smallest level at least four times as wide, and kept.
    """

    def __init__(self, ref: Reference) -> None:
        self.height, self.width = ref.height, ref.width
        self.levels = [ref.ink]
        while self.levels[-1].shape[1] >= 2 * _FROM * 8:
            a = self.levels[-1]
            size = (a.shape[1] // 2, max(3, a.shape[0] // 2))
            self.levels.append(cv2.resize(a, size, interpolation=cv2.INTER_AREA))
        self.made: dict[int, np.ndarray] = {}
        self.flat: set[int] = set()

    def at(self, width: int) -> np.ndarray:
        """The ink ``width`` px wide, its height in the artwork's proportion."""
        t = self.made.get(width)
        if t is None:
            h = max(3, round(self.height * width / self.width))
            src = next(
                (a for a in reversed(self.levels) if a.shape[1] >= _FROM * width), self.levels[0]
            )
            t = cv2.resize(src, (width, h), interpolation=cv2.INTER_AREA)
            self.made[width] = t
            if not t.std() > 0:
                self.flat.add(width)
        return t

    def is_flat(self, width: int) -> bool:
        """Whether the ink at ``width`` has no contrast (nothing to correlate)."""
        self.at(width)
        return width in self.flat


#: A template is reduced from an ink level at least this many times its width.
_FROM = 4

#: The inks of the last few references searched, by identity (each entry holds its
#: reference, so the identity stays its own): a logo-free poster is searched twice (grey,
#: opponent) and an audit worker searches every poster against one reference, and the ink
#: pyramid and its templates (~10 ms a search) are the same every time.
_INKS_KEPT = 4
_inks_made: dict[int, tuple[Reference, _Inks]] = {}
_inks_lock = threading.Lock()


def inks_of(ref: Reference) -> _Inks:
    """The :class:`_Inks` of ``ref``, made once per reference and kept."""
    with _inks_lock:  # a library caller may search from several threads
        hit = _inks_made.get(id(ref))
        if hit is not None and hit[0] is ref:
            return hit[1]
        while len(_inks_made) >= _INKS_KEPT:
            del _inks_made[next(iter(_inks_made))]
        inks = _Inks(ref)
        _inks_made[id(ref)] = (ref, inks)
        return inks


def verifier_at(ref: Reference, p: LocateParams, width: float) -> tuple[Reference, LocateParams]:
    """Reference and parameters that verify a logo ``width`` px wide at its own detail.

    Verification warps the candidate to ``verify_width`` (160 px) and correlates a 3 px
    band along the outline; a 44 px logo upsampled to 160 px has no such outline (a
    correct 44 px badge scored 0.2). Below 160 px the frame is verified at the logo's own
    width, with the band and the per-quadrant pixel floor scaled alike.
    """
    vw = int(min(p.verify_width, max(32, round(width))))
    if vw >= p.verify_width:
        return ref, p
    k = vw / p.verify_width
    q = replace(
        p,
        verify_width=vw,
        band_px=max(1, round(p.band_px * k)),
        region_px=max(8, round(p.region_px * k * k)),
    )
    tmpl, band = _verify_template(ref.ink, q)
    return replace(ref, verify_template=tmpl, verify_band=band), q


def _around(img: np.ndarray, quad: np.ndarray, k: float) -> tuple[np.ndarray, np.ndarray]:
    """The region around ``quad`` reduced by ``k`` (INTER_AREA), and page px -> crop px.

    Verification reads the logo at about ``verify_width``: a large faint logo sampled
    point by point there keeps the 8-bit steps of a 4-level edge as noise (a 1.1:1 badge
    scored 0.52); averaged down to that width it does not.
    """
    lo, hi = quad.min(axis=0), quad.max(axis=0)
    m = 0.2 * (hi - lo) + 8
    x0, y0 = (max(0, int(v)) for v in np.floor(lo - m))
    x1 = min(img.shape[1], int(np.ceil(hi[0] + m[0])))
    y1 = min(img.shape[0], int(np.ceil(hi[1] + m[1])))
    crop = img[y0:y1, x0:x1]
    to_crop = geo.translation(-x0, -y0)
    if k < 1.0:
        size = (max(2, round(crop.shape[1] * k)), max(2, round(crop.shape[0] * k)))
        crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
        sk = geo.scale_matrix(size[0] / (x1 - x0), size[1] / (y1 - y0))
        to_crop = sk @ to_crop
    return crop, to_crop


def _best_place(img: np.ndarray, t: np.ndarray) -> tuple[float, int, int]:
    """|NCC| of template ``t`` where it correlates best in ``img``, and that place (x, y)."""
    if t.shape[0] >= img.shape[0] or t.shape[1] >= img.shape[1] or not t.std() > 0:
        return -1.0, 0, 0
    r = np.abs(cv2.matchTemplate(img, t, cv2.TM_CCOEFF_NORMED))
    _, v, _, (x, y) = cv2.minMaxLoc(r)
    return float(v), int(x), int(y)


def _snap(
    crop: np.ndarray,
    h: np.ndarray,
    ref: Reference,
    rv: Reference,
    pv: LocateParams,
    span: float,
    inks: _Inks,
) -> tuple[float, np.ndarray]:
    """The upright pose near ``h`` (artwork -> crop px) that verifies best, and its score.

    Coarse to fine. A peak's width can be off by more than the search's step: at the
    octave where a template is 20-40 px, correlation varies little with width, and a
    420 px badge on a 1.1:1 panel peaked best at 358 px (15 % small). So widths 3 % apart
    over ``span`` either way are each placed where they correlate best, and the best
    correlation marks the width; then widths 1 % apart within 3 % of it are placed alike
    and the pose is chosen by its verification score, since verification's outline band
    is sharper than correlation (the badge scored 0.99 in place, 0.46 two pixels off and
    0.32 at 3 % too wide).
    """
    quad = geo.apply(h, geo.frame_corners(ref.width, ref.height))
    w0 = float(np.hypot(*(quad[1] - quad[0])))
    img = crop.astype(np.float32)
    n = max(1, round(np.log(span) / np.log(1.03)))
    coarse = [(_best_place(img, inks.at(max(8, round(w0 * 1.03**i)))), i) for i in range(-n, n + 1)]
    (v, _, _), i0 = max(coarse, key=lambda c: c[0][0])
    if v < 0:
        return verify(crop, h, rv, pv)[0], h
    wc = w0 * 1.03**i0
    best = (-1.0, h)
    for j in range(-3, 4):
        tw = max(8, round(wc * 1.01**j))
        t = inks.at(tw)
        v, x, y = _best_place(img, t)
        if v < 0:
            continue
        hs = geo.translation(x, y) @ geo.scale_matrix(tw / ref.width, t.shape[0] / ref.height)
        score = verify(crop, hs, rv, pv)[0]
        if score > best[0]:
            best = (score, hs)
    return best


def _poses(
    rgb: RGBImage, h: np.ndarray, ref: Reference, pol: int, p: LocateParams, channel: str
) -> list[tuple[np.ndarray, bool]]:
    """Poses to verify for one peak: as found, and refined by ECC once and twice.

    The widths are 12 % apart and verification reads a band 2 % of the width along the
    outline, so the peak's own pose may miss it; ECC brings it onto the logo, but on a
    faint edge it can also drift (a 1.1:1 badge: 4 px off in 114). The best that verifies
    is kept.
    """
    out = [(h, False)]
    h1, ok = refine(rgb, h, ref, pol, p, channel)
    if ok:
        out.append((h1 / h1[2, 2], True))
        h2, ok2 = refine(rgb, h1, ref, pol, p, channel)
        if ok2:
            out.append((h2 / h2[2, 2], True))
    return out


def _peaks(score: np.ndarray, thr: float, k: int) -> list[tuple[float, int, int]]:
    """Local maxima of ``score`` above ``thr`` (value, x, y), best ``k`` first."""
    if not float(score.max()) >= thr:  # most widths of a page without a logo: skip the dilation
        return []
    dil = cv2.dilate(score, np.ones((5, 5), np.uint8))
    ys, xs = np.nonzero((score >= thr) & (score >= dil))
    vals = score[ys, xs]
    order = np.argsort(-vals)[:k]
    return [(float(vals[i]), int(xs[i]), int(ys[i])) for i in order]


def correlation_peaks(
    full: np.ndarray, ref: Reference, tp: TemplateParams, inks: _Inks
) -> list[tuple[float, np.ndarray, int, float]]:
    """Peaks of the artwork's correlation with the page.

    Each is (|NCC|, homography artwork -> page px, polarity, the coarse |NCC| it came from).

    Coarse to fine. Per octave of logo width the page is reduced so that the template is
    ``octave_px``-``2 * octave_px`` px wide, and the artwork is correlated at widths
    ``scale_step`` apart (flat windows are not judged); the best coarse peak of each place
    is then correlated again at twice that resolution, in a window around it only, and
    its value there is the peak's. At the coarse size a thin wordmark is a smear that
    text matches as well as it does; at the fine one it is letters again.
    """
    hh, ww = full.shape
    max_w = tp.max_width_share * min(hh, ww)
    reduced: dict[float, np.ndarray] = {}
    small: dict[float, np.ndarray] = {}  # the same copies in uint8, to reduce further

    def at(f: float) -> np.ndarray:
        """The page at ``f``, float32; at full size the page itself (uint8): the fine
        stage reads windows of it, and a 6578 px page is 173 MB as float32.

        Each copy is reduced from the smallest one made so far at least twice its size,
        not from the page: INTER_AREA reads every source pixel, so on an A3 300 dpi page
        the six copies cost 206 ms from the page and 45 ms in a chain."""
        if f >= 1.0:
            return full
        if f not in reduced:
            size = (max(1, round(ww * f)), max(1, round(hh * f)))
            src = min((g for g in small if g >= 2 * f), default=None)
            img = small[src] if src is not None else full
            small[f] = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
            reduced[f] = small[f].astype(np.float32)
        return reduced[f]

    peaks: list[tuple[float, np.ndarray, int, float]] = []
    w0 = tp.min_width_px
    while w0 <= max_w:
        f = min(1.0, tp.octave_px / w0)
        img32 = at(f).astype(np.float32, copy=False)
        # local standard deviation over the smallest template's window, to skip flat areas
        tw = max(8, round(w0 * f))
        th = max(3, round(ref.height * tw / ref.width))
        mu = cv2.boxFilter(img32, -1, (tw, th), normalize=True)
        sd = np.sqrt(np.maximum(cv2.boxFilter(img32 * img32, -1, (tw, th)) - mu * mu, 0))
        # the best coarse peak per place (a cell of half the template's height), any width
        coarse: dict[tuple[int, int], tuple[float, np.ndarray]] = {}
        cell = max(2, th // 2)
        w = w0
        while w < 2 * w0 and w <= max_w:
            tw = max(8, round(w * f))
            t = inks.at(tw)
            r = None
            if t.shape[0] < img32.shape[0] and t.shape[1] < img32.shape[1] and t.std() > 0:
                r = cv2.matchTemplate(img32, t, cv2.TM_CCOEFF_NORMED)
                np.abs(r, out=r)
                # judging flat windows below only lowers values: nothing to do when no
                # place reaches a peak (most widths of a page without the logo)
                if not float(r.max()) >= tp.coarse_peak:
                    r = None
            if r is not None:
                # window std at the template's top-left corner: flat windows are not judged
                cy, cx = t.shape[0] // 2, t.shape[1] // 2
                flat = sd[cy : cy + r.shape[0], cx : cx + r.shape[1]] < tp.min_std
                r[flat[: r.shape[0], : r.shape[1]]] = 0
                a = geo.scale_matrix(tw / ref.width, t.shape[0] / ref.height)
                for v, x, y in _peaks(r, tp.coarse_peak, tp.coarse_keep):
                    key = ((y + cy) // cell, (x + cx) // cell)
                    if key not in coarse or coarse[key][0] < v:
                        # artwork px -> template px -> reduced page -> full page
                        coarse[key] = (v, geo.scale_matrix(1 / f) @ geo.translation(x, y) @ a)
            w *= tp.scale_step
        best = sorted(coarse.values(), key=lambda c: -c[0])[: tp.coarse_keep]
        f2 = min(1.0, 2 * f)
        for v, h in best:
            fine = _fine(at(f2), f2, h, ref, inks, tp)
            if fine is not None and fine[0] >= tp.min_peak:
                peaks.append((*fine, v))
        w0 *= 2
    return peaks


def _fine(
    img: np.ndarray, f: float, h: np.ndarray, ref: Reference, inks: _Inks, tp: TemplateParams
) -> tuple[float, np.ndarray, int] | None:
    """A coarse peak ``h`` (artwork -> full px) correlated again in ``img`` (the page at
    ``f``), in a window a few px around the place it predicts; None off the page.

    Its own width and half a search step either way (a coarse width can be that far
    off: one tiny wordmark scored 0.53 at its own and 0.88 at the best, a tiny seal 0.39
    and 0.95 at the pose found; skipping the other widths when the own one fell under
    ``coarse_peak`` lost that seal and saved no time measurably).
    """
    quad = geo.apply(geo.scale_matrix(f) @ h, geo.frame_corners(ref.width, ref.height))
    w = float(quad[1, 0] - quad[0, 0])
    c = quad.mean(axis=0)
    m = 4  # the coarse place is good to half a coarse px, 1 px here; rounding and width
    step = float(np.sqrt(tp.scale_step))
    to_full = np.linalg.inv(geo.scale_matrix(f))
    best: tuple[float, np.ndarray, int] | None = None
    for k in (1.0, 1 / step, step):
        tw = max(8, round(w * k))
        t = inks.at(tw)
        x0 = round(c[0] - (tw - 1) / 2) - m
        y0 = round(c[1] - (t.shape[0] - 1) / 2) - m
        x1, y1 = x0 + tw + 2 * m, y0 + t.shape[0] + 2 * m
        if x0 < 0 or y0 < 0 or x1 > img.shape[1] or y1 > img.shape[0] or inks.is_flat(tw):
            continue
        # OpenCV clamps a flat window's coefficient to 0 or ±1: no NaN to guard against
        lo, hi, lo_at, hi_at = cv2.minMaxLoc(
            cv2.matchTemplate(img[y0:y1, x0:x1].astype(np.float32), t, cv2.TM_CCOEFF_NORMED)
        )
        # ink correlating negatively with the page is darker than it: polarity +1
        v, (x, y), pol = (-lo, lo_at, 1) if -lo > hi else (hi, hi_at, -1)
        if best is None or v > best[0]:
            a = geo.scale_matrix(tw / ref.width, t.shape[0] / ref.height)
            hf = to_full @ geo.translation(x0 + x, y0 + y) @ a
            best = (float(v), hf, pol)
    return best


_PARAMS = LocateParams()
_TEMPLATE = TemplateParams()


def template_search(
    rgb: RGBImage,
    ref: Reference,
    params: LocateParams = _PARAMS,
    tp: TemplateParams = _TEMPLATE,
    channel: str = "grey",
) -> list[Detection] | NotFound:
    """Every verified logo found by correlating the artwork at small widths, or NotFound.

    ``channel``: ``grey``, or ``opponent`` (red minus green) for a logo whose panel has
    the ink's luminance in another hue (grey levels 86 and 87 for a 1.18:1 purple panel).
    """
    full = to_channel(rgb, channel)
    inks = inks_of(ref)
    peaks = correlation_peaks(full, ref, tp, inks)
    if not peaks:
        return NotFound(f"template search: no correlation peak above {tp.min_peak}")
    peaks.sort(key=lambda t: -t[0])
    found: list[Detection] = []
    taken: list[np.ndarray] = []
    rejected: list[str] = []
    for v, h, pol, _ in peaks[: tp.max_peaks * 4]:
        if len(found) >= params.max_instances or len(rejected) >= tp.max_peaks:
            break
        quad = geo.apply(h, geo.frame_corners(ref.width, ref.height))
        c = quad.mean(axis=0)
        if any(
            cv2.pointPolygonTest(q.astype(np.float32), (float(c[0]), float(c[1])), False) >= 0
            for q in taken
        ):
            continue
        # the widths are 12 % apart and the outline band verification reads is 2 % of the
        # width: the peak is snapped to the logo at finer widths first, then verified, then
        # refined by ECC (kept only if it verifies as well: on a faint edge ECC can drift)
        width = float(np.hypot(*(quad[1] - quad[0])))
        rv, pv = verifier_at(ref, params, width)
        crop, to_crop = _around(full, quad, min(1.0, pv.verify_width / max(width, 1.0)))
        best: Candidate | NotFound = NotFound("no pose")
        ok = False
        snapped, h_snap = _snap(crop, to_crop @ h, ref, rv, pv, tp.snap_span, inks)
        if snapped < params.near_miss:
            # no second look below a near miss (as for the feature passes): ECC, the costly
            # part, cannot make a pose that far off the logo; snapped true logos score 0.76+
            rejected.append(f"peak |NCC| {v:.2f}: snapped pose verifies at {snapped:.2f}")
            taken.append(quad)
            continue
        h_snap = np.linalg.inv(to_crop) @ h_snap
        for h_try, refined in _poses(rgb, h_snap, ref, pol, params, channel):
            q_try = geo.apply(to_crop @ h_try, geo.frame_corners(ref.width, ref.height))
            cand = check(crop, Candidate(to_crop @ h_try, 0, q_try), rv, pv)
            better = isinstance(best, NotFound) or (
                not isinstance(cand, NotFound) and cand.score > best.score
            )
            if not isinstance(cand, NotFound) and better:
                best, ok = cand, refined
            elif isinstance(best, NotFound) and isinstance(cand, NotFound):
                best = cand
        if isinstance(best, NotFound):
            rejected.append(f"peak |NCC| {v:.2f}: {best.reason}")
            taken.append(quad)
            continue
        h_out = np.linalg.inv(to_crop) @ best.homography
        h_out = h_out / h_out[2, 2]
        q_out = geo.apply(h_out, geo.frame_corners(ref.width, ref.height))
        taken.append(q_out)
        found.append(Detection(h_out, q_out, best.score, 0, best.polarity, best.visible, ok))
    if not found:
        return NotFound("template search: no peak passed verification", rejected[:5])
    return found
