"""What every search for the logo shares: its parameters and answers, and how a candidate
pose is verified and refined.

The feature searches (:mod:`brandcheck.locate`) and the template search
(:mod:`brandcheck.template`) propose poses in their own ways and hand them to the same
steps here: :func:`check` (project the corners, :func:`verify` the candidate against the
artwork's ink outline, and a second look at a near miss from features detected densely
around it, :func:`refit`) and :func:`refine` (ECC at full resolution on the region only).
Both searches import this module and neither imports the other's internals, so the
import graph has no loop: ``template`` -> ``verify``, ``locate`` -> ``template``, ``verify``.

References
----------
Rublee et al., "ORB: an efficient alternative to SIFT or SURF", ICCV 2011.
Lowe, "Distinctive image features from scale-invariant keypoints", IJCV 60(2), 2004.
Evangelidis & Psarakis, "Parametric image alignment using enhanced correlation
coefficient maximization", IEEE TPAMI 30(10), 2008.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from brandcheck import geometry as geo
from brandcheck import regions
from brandcheck._typing import GrayImage, Homography, Quad, RGBImage

# -- parameters and the answers' types -----------------------------------------------------


@dataclass(frozen=True)
class LocateParams:
    """Tunables of the recipe, grouped by the step that uses them.

    Defaults were set on the generated corpus, not one poster.
    """

    # -- reduce ---------------------------------------------------------------------------
    #: Long side of the reduced poster. 1600 px keeps ORB near 30 ms on A3 and leaves a
    #: logo at 5 % of an A3 poster's width about 56 px wide.
    work_side: int = 1600
    #: Above this factor the working copy is resized bilinearly: there the 2 x 2
    #: footprints of neighbouring output pixels still tile the source (no row or column
    #: goes unread), and INTER_AREA's fractional path costs 6.6 ms on an A4 150 dpi page
    #: (1754 -> 1600 px) against 1.0 ms. Below it, INTER_AREA averages what bilinear
    #: would skip. On both 320-poster corpora (457 of the 640 posters are reduced by a
    #: factor in 0.53-0.99) the same 536 of 538 logos were found, no false detection.
    linear_above: float = 0.5

    # -- features -------------------------------------------------------------------------
    #: ORB keypoints detected on the reduced poster, then thinned to ``keep_features``
    #: spread over a grid: a photo's texture would otherwise crowd the logo out of ORB's
    #: global top-N, and matching cost grows with the count (BF Hamming ~3.4 ns a pair).
    detect_features: int = 10000
    keep_features: int = 2500
    grid_px: int = 48
    #: Artwork widths the reference is rendered at; ORB's own 8-level pyramid (x1.2)
    #: spans 3.6x below each, so these cover logos from ~30 px to ~1000 px wide.
    ref_widths: tuple[int, ...] = (800, 320, 130, 64)
    ref_features: int = 450
    #: Reference features are kept only from pyramid levels that see the artwork at most
    #: this wide (px). The 800 px rendering's four finest levels (463-800 px) held a fifth
    #: of the reference, so a fifth of the matching cost, and gave 2 % of the inliers of
    #: the logos found on the two corpora: a logo that large is matched at the poster's
    #: coarser levels, against the levels kept. Swept on both corpora (no bound, 600, 400,
    #: 300): the same logos found from 600 down, 400 cut locate's median time by 15 % with
    #: no more weak detections (|NCC| < 0.65); 300 cut 4 % more and had 14 instead of 9-11.
    ref_max_width: float = 400.0

    # -- match ----------------------------------------------------------------------------
    #: Lowe's ratio, loose on purpose: verification rejects what it lets through.
    ratio: float = 0.85

    # -- robust homography ----------------------------------------------------------------
    #: Reprojection threshold: this share of the logo's width in reduced-image px, at
    #: least ``ransac_min_px``; keypoints from coarse pyramid levels are only that precise,
    #: and ECC refines the result anyway.
    ransac_frac: float = 0.02
    ransac_min_px: float = 3.0
    min_inliers: int = 8
    #: Vote groups tried, and instances accepted, per search.
    max_candidates: int = 14
    max_instances: int = 8

    # -- project the corners: quad sanity ---------------------------------------------------
    #: Stretch and perspective beyond these are not a logo placement.
    max_stretch: float = 2.2
    max_perspective: float = 1.8
    #: Smallest accepted logo width in reduced-image px.
    min_width_px: float = 18.0

    # -- verify ---------------------------------------------------------------------------
    #: Width of the frame the candidate is warped into for verification.
    verify_width: int = 160
    #: Minimum |NCC| between candidate and artwork ink. Compliant logos score above 0.85
    #: even at JPEG q60; altered ones above 0.6; lookalikes and body text below 0.4.
    verify_min: float = 0.55
    #: Every quadrant of the artwork frame must look like the artwork, not only the whole:
    #: text set in the wordmark's typeface matches the wordmark's quadrant alone (scoring
    #: 0.6-0.9 over the frame) and a red emblem matches the emblem's half. At least
    #: ``region_need`` of the quadrants with outline on the canvas (all, if fewer) must
    #: reach ``region_min``; quadrants with under ``region_px`` outline pixels are skipped.
    region_min: float = 0.3
    region_need: int = 3
    region_px: int = 40
    #: Half-width of the outline band verification correlates over, in verify px.
    band_px: int = 3
    #: Share of the artwork frame that must fall on the canvas.
    min_visible: float = 0.3
    #: A candidate scoring between ``near_miss`` and ``verify_min`` gets a second look:
    #: features detected again, without the page budget, in a window ``window_grow``
    #: times its size, and the pose fitted anew. A second logo beside a larger one keeps
    #: few features and its first pose can be ~9 % too wide, scoring ~0.5.
    near_miss: float = 0.3
    #: ... and only when at least this many quadrants already reach ``region_min``: a pose
    #: a few per cent off still lines up part of the logo in several quadrants, while a
    #: caption in the wordmark's typeface (the usual near miss, ~0.31) lines up with one,
    #: and a second look cannot make it the logo. On the two generated corpora every
    #: rescued near miss had 2-4 such quadrants; 86 of 101 refits had one and rescued none.
    refit_quadrants: int = 2
    #: A candidate that passes below this also gets the second look, and the better pose
    #: is kept: a pose ~5 % too wide still passes at ~0.58 where the refit scores ~0.98
    #: (tests/test_locate.py). On both 320-poster corpora it turned weak detections
    #: (|NCC| < 0.65, the corpora's weak mark) from 10 to 6 with the same logos found, no
    #: false detection, the same corner error and the same verdicts (160 posters).
    refit_below: float = 0.65
    window_grow: float = 1.5
    window_features: int = 3000

    # -- refine ---------------------------------------------------------------------------
    #: Longest side of the ECC template (full resolution refine): 320 px gives corner
    #: precision well under a pixel of the template, i.e. < 0.3 % of the logo's width.
    refine_side: int = 320
    refine_iterations: int = 30

    # -- small-logo pass ------------------------------------------------------------------
    #: Second look, only when the first found nothing in either channel: a logo 60 px
    #: wide holds ~75 ORB corners, but the page budget above leaves it 2-9, fewer than
    #: ``min_inliers``. This pass keeps 8000 keypoints of the full-resolution level only
    #: (the reference's own pyramid covers the scales) on a finer grid, ~4x the density,
    #: and matches them against the small reference widths: ~55 ms, paid only by posters
    #: in which nothing was found. More levels cost more and found fewer small logos.
    small_detect: int = 30000
    small_keep: int = 8000  # 0 turns the pass off
    small_grid_px: int = 24
    small_levels: int = 1
    small_widths: tuple[int, ...] = (130, 64)


@dataclass(frozen=True)
class Reference:
    """The artwork prepared for locating: ink mask and ORB features at several scales."""

    width: int
    height: int
    ink: np.ndarray  # (h, w) float32 in [0, 1], artwork alpha
    points: np.ndarray  # (N, 2) float32, artwork px (centre convention)
    sizes: np.ndarray  # (N,) float32, keypoint diameter in artwork px
    angles: np.ndarray  # (N,) float32, keypoint orientation, degrees
    descriptors: np.ndarray  # (N, 32) uint8
    verify_template: np.ndarray  # (vh, vw) float32 ink at verify width
    verify_band: np.ndarray  # (vh, vw) bool, pixels near the ink's outline (both sides)
    rendered: np.ndarray  # (N,) int, the reference width each feature was detected at

    def at_widths(self, widths: tuple[int, ...]) -> Reference:
        """The same reference with only the features detected at ``widths``."""
        keep = np.isin(self.rendered, widths)
        return replace(
            self,
            points=self.points[keep],
            sizes=self.sizes[keep],
            angles=self.angles[keep],
            descriptors=self.descriptors[keep],
            rendered=self.rendered[keep],
        )


@dataclass(frozen=True)
class Detection:
    """One verified logo instance.

    ``homography`` maps artwork pixels (``logo.png``, centre convention) to poster pixels;
    ``quad`` is the artwork frame in poster pixels (centre convention; see ``geometry``);
    ``score`` is the verification |NCC| in [0, 1]; ``polarity`` is +1 when the ink is
    darker than its surroundings, -1 when lighter.
    """

    homography: Homography
    quad: Quad
    score: float
    inliers: int
    polarity: int
    visible: float
    refined: bool


@dataclass(frozen=True)
class NotFound:
    """Falsy answer of :func:`locate` that says why nothing was found."""

    reason: str
    candidates: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class Candidate:
    """A pose that matches agree on (reduced-poster px), before or after verification."""

    homography: Homography
    inliers: int
    quad: Quad
    score: float = 0.0
    polarity: int = 1
    visible: float = 0.0


# -- the poster's channels and ORB features, shared by every search -------------------------


def to_channel(rgb: RGBImage, channel: str) -> GrayImage:
    """One channel to search in: ``grey`` (luma), or ``opponent`` (red minus green).

    The opponent channel finds a logo whose luminance equals its background's (red on a
    red of the same lightness), which grey cannot see at all.
    """
    if channel == "grey":
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    r, g = rgb[..., 0].astype(np.int16), rgb[..., 1].astype(np.int16)
    return ((r - g + 255) // 2).astype(np.uint8)


#: ORB's border and patch (``_orb``): no keypoint can be described within 19 px of an
#: edge, so a working image whose short side is under 2 × 19 + 1 px holds none.
_ORB_EDGE = 19


#: ORB's pyramid step (``_orb``).
_ORB_SCALE = 1.2


def _orb(n: int, levels: int = 8) -> cv2.ORB:
    # fastThreshold 12 (default 20) keeps corners of low-contrast and JPEG-softened logos.
    return cv2.ORB.create(
        nfeatures=n,
        scaleFactor=_ORB_SCALE,
        nlevels=levels,
        edgeThreshold=_ORB_EDGE,
        patchSize=_ORB_EDGE,
        fastThreshold=12,
    )


def match(query: np.ndarray, ref: Reference, ratio: float) -> tuple[np.ndarray, np.ndarray]:
    """Indices (query, reference) of matches that pass the distinct-point ratio test.

    ``cv2.batchDistance`` with ``K`` is what ``BFMatcher.knnMatch`` runs inside; called
    directly it returns the k nearest as arrays, not a Python list of ``DMatch`` objects
    to unpack (the same neighbours, in the same order).
    """
    k = 4
    if len(query) == 0 or len(ref.descriptors) < k:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    dist, train = cv2.batchDistance(
        query, ref.descriptors, cv2.CV_32S, normType=cv2.NORM_HAMMING, K=k
    )
    train, dist = train.astype(np.int64), dist.astype(np.float32)  # knnMatch's dtypes
    qidx = np.arange(len(query), dtype=np.int64)
    # a runner-up closer than this (artwork px) is the same point at another scale
    same = 0.03 * max(ref.width, ref.height)
    pts = ref.points[train]  # (N, k, 2)
    far = np.hypot(*(pts[:, 1:] - pts[:, :1]).transpose(2, 0, 1)) > same  # (N, k-1)
    has_rival = far.any(axis=1)
    rival = dist[:, 1:][np.arange(len(query)), far.argmax(axis=1)]
    keep = ~has_rival | (dist[:, 0] < ratio * rival)
    return qidx[keep], train[keep, 0]


# -- verify: project the corners, correlate with the artwork, second look at near misses -----


def check(
    grey: GrayImage, cand: Candidate, ref: Reference, p: LocateParams
) -> Candidate | NotFound:
    """The candidate with its verification score, or why it is not the logo."""
    why = _plausible(cand.homography, ref, p, grey.shape)
    if why:
        return NotFound(f"{cand.inliers} inliers: {why}")
    h, quad = cand.homography, cand.quad
    score, polarity, visible = verify(grey, h, ref, p)
    if p.near_miss <= score < max(p.verify_min, p.refit_below) and _worth_refit(grey, h, ref, p):
        h2 = refit(grey, quad, ref, p)
        if h2 is not None and not _plausible(h2, ref, p, grey.shape):
            again = verify(grey, h2, ref, p)
            if again[0] > score:
                h, (score, polarity, visible) = h2, again
                quad = geo.apply(h, geo.frame_corners(ref.width, ref.height))
    if score < p.verify_min:
        return NotFound(f"{cand.inliers} inliers: verification |NCC| {score:.2f} < {p.verify_min}")
    return Candidate(h, cand.inliers, quad, score, polarity, visible)


def _plausible(h: Homography, ref: Reference, p: LocateParams, shape: tuple[int, int]) -> str:
    """Empty string when the homography could be a logo placement, else why not."""
    quad = geo.apply(h, geo.frame_corners(ref.width, ref.height))
    if not np.all(np.isfinite(quad)) or not geo.is_convex(quad):
        return "quad not convex (or mirrored)"
    ps = geo.pose(h, ref.width, ref.height)
    width = ps.scale_x * ref.width
    if width < p.min_width_px:
        return f"{width:.0f} px wide, below {p.min_width_px:.0f}"
    if max(ps.aspect, 1 / ps.aspect) > p.max_stretch:
        return f"stretch {ps.aspect:.2f}"
    if ps.perspective > p.max_perspective:
        return f"perspective {ps.perspective:.2f}"
    if width > 3 * max(shape):
        return "larger than the poster"
    return ""


def verify(
    grey: GrayImage, h: Homography, ref: Reference, p: LocateParams
) -> tuple[float, int, float]:
    """|NCC| of the candidate against the artwork ink, its polarity and visible share.

    The reduced poster is warped into the artwork frame at verify width; only pixels that
    fall on the canvas count. The whole outline must correlate and so must at least three
    of the frame's quadrants: a candidate that only matches the wordmark (a caption in the
    same typeface) or only the emblem scores 0.
    """
    warped = _warp_to_verify(grey, h, ref)
    on_canvas = warped >= 0
    visible = float(on_canvas.mean())
    if visible < p.min_visible:
        return 0.0, 1, visible
    valid = on_canvas & ref.verify_band
    t = ref.verify_template[valid]
    s = warped[valid]
    t = t - t.mean()
    s = s - s.mean()
    den = float(np.sqrt((t * t).sum() * (s * s).sum()))
    if den <= 1e-9:
        return 0.0, 1, visible
    ncc = float((t * s).sum() / den)
    if abs(ncc) >= p.verify_min and not _regions_agree(warped, valid, ref.verify_template, p):
        return 0.0, (1 if ncc < 0 else -1), visible
    return abs(ncc), (1 if ncc < 0 else -1), visible


def _warp_to_verify(grey: GrayImage, h: Homography, ref: Reference) -> np.ndarray:
    """The reduced poster warped into the artwork frame at verify width (-1 off the canvas)."""
    vh, vw = ref.verify_template.shape
    to_art = geo.scale_matrix(ref.width / vw, ref.height / vh)  # verify px -> artwork px
    return cv2.warpPerspective(
        grey.astype(np.float32),
        h @ to_art,
        (vw, vh),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=-1.0,
    )


def _worth_refit(grey: GrayImage, h: Homography, ref: Reference, p: LocateParams) -> bool:
    """Whether a near miss lines up with the artwork in ``refit_quadrants`` quadrants."""
    warped = _warp_to_verify(grey, h, ref)
    valid = (warped >= 0) & ref.verify_band
    scores = region_scores(warped, valid, ref.verify_template, p)
    return sum(x >= p.region_min for x in scores) >= p.refit_quadrants


def _quadrants(shape: tuple[int, int]) -> list[tuple[slice, slice]]:
    vh, vw = shape
    return [
        (slice(y0, y1), slice(x0, x1))
        for y0, y1 in ((0, vh // 2), (vh // 2, vh))
        for x0, x1 in ((0, vw // 2), (vw // 2, vw))
    ]


def region_scores(
    warped: np.ndarray, valid: np.ndarray, template: np.ndarray, p: LocateParams
) -> list[float]:
    """|NCC| per quadrant of the frame, for quadrants with enough outline on the canvas."""
    out = []
    for sl in _quadrants(template.shape):
        v = valid[sl]
        if int(v.sum()) < p.region_px:
            continue
        t = template[sl][v] - template[sl][v].mean()
        s = warped[sl][v] - warped[sl][v].mean()
        den = float(np.sqrt((t * t).sum() * (s * s).sum()))
        out.append(abs(float((t * s).sum() / den)) if den > 1e-9 else 0.0)
    return out


def _regions_agree(
    warped: np.ndarray, valid: np.ndarray, template: np.ndarray, p: LocateParams
) -> bool:
    scores = region_scores(warped, valid, template, p)
    return sum(x >= p.region_min for x in scores) >= min(p.region_need, len(scores))


def refit(grey: GrayImage, quad: Quad, ref: Reference, p: LocateParams) -> Homography | None:
    """The pose again, from features detected densely in a window around ``quad``.

    Inside the window the logo is most of what there is, so its matches are the majority
    and the page's keypoint budget no longer thins them. None when no pose is found.
    """
    lo, hi = quad.min(axis=0), quad.max(axis=0)
    centre, half = (lo + hi) / 2, (hi - lo) / 2 * p.window_grow + 16
    x0, y0 = np.maximum(0, np.floor(centre - half)).astype(int)
    x1 = int(min(grey.shape[1], np.ceil(centre[0] + half[0])))
    y1 = int(min(grey.shape[0], np.ceil(centre[1] + half[1])))
    if x1 - x0 < 32 or y1 - y0 < 32:
        return None
    kps, desc = _orb(p.window_features).detectAndCompute(grey[y0:y1, x0:x1], None)
    if desc is None or len(kps) < p.min_inliers:
        return None
    # only the renderings the window's pyramid can meet (ORB's 8 levels of 1.2 span 4.3x):
    # a third of the reference for a small logo, and matching costs in proportion
    width = float(np.hypot(*(quad[1] - quad[0])))
    near = tuple(w for w in p.ref_widths if width / 4.5 <= w <= 1.3 * width)
    if near:
        ref = ref.at_widths(near)
    qi, ri = match(desc, ref, p.ratio)
    if len(qi) < p.min_inliers:
        return None
    dst = np.asarray(cv2.KeyPoint.convert(kps))[qi].astype(np.float64) + (x0, y0)
    thr = max(p.ransac_min_px, p.ransac_frac * float(hi[0] - lo[0]))
    h, mask = cv2.findHomography(
        ref.points[ri].astype(np.float64),
        dst,
        cv2.USAC_MAGSAC,
        thr,
        maxIters=2000,
        confidence=0.999,
    )
    if h is None or mask is None or mask.sum() < p.min_inliers:
        return None
    return np.asarray(h, np.float64)


# -- refine: ECC at full resolution on the region only ----------------------------------------


def refine(
    rgb: RGBImage,
    h_full: Homography,
    ref: Reference,
    polarity: int,
    p: LocateParams,
    channel: str = "grey",
) -> tuple[Homography, bool]:
    """ECC homography refinement at full resolution, on the logo's region only.

    Returns the refined homography, or the input one (and False) when ECC does not
    converge, which happens on heavily altered or low-contrast logos.
    """
    quad = geo.apply(h_full, geo.frame_corners(ref.width, ref.height))
    side = max(np.ptp(quad[:, 0]), np.ptp(quad[:, 1]))
    tmpl, t_to_art = _ecc_template(ref, float(side), polarity, p)
    # crop the poster around the quad (margin 15 %)
    hh, ww = rgb.shape[:2]
    marg = 0.15 * side + 4
    x0 = int(max(0, np.floor(quad[:, 0].min() - marg)))
    y0 = int(max(0, np.floor(quad[:, 1].min() - marg)))
    x1 = int(min(ww, np.ceil(quad[:, 0].max() + marg)))
    y1 = int(min(hh, np.ceil(quad[:, 1].max() + marg)))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return h_full, False
    crop = to_channel(np.ascontiguousarray(rgb[y0:y1, x0:x1]), channel).astype(np.float32)
    # template px -> artwork px -> poster px -> crop px
    w0 = geo.translation(-x0, -y0) @ h_full @ t_to_art
    w0 = (w0 / w0[2, 2]).astype(np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, p.refine_iterations, 1e-3)
    # when something lies in the template's margin, ECC reads only the ink and a band of
    # background along its outline (an input mask); otherwise the whole frame
    band = _ecc_mask(tmpl, w0, crop.shape, polarity)
    mask = band if _foreign_in_margin(tmpl, w0, crop, band, polarity) else None
    try:
        # the stubs only know the 7-argument form with a mask array, not None
        _, w = cv2.findTransformECC(
            tmpl,
            crop,
            w0.copy(),
            cv2.MOTION_HOMOGRAPHY,
            criteria,
            mask,  # type: ignore[arg-type]
            3,
        )
    except cv2.error:
        return h_full, False
    w = w.astype(np.float64)
    h_new = geo.translation(x0, y0) @ w @ np.linalg.inv(t_to_art)
    h_new /= h_new[2, 2]
    # ECC may wander off on a poor start: accept only a small correction
    q_new = geo.apply(h_new, geo.frame_corners(ref.width, ref.height))
    if not np.all(np.isfinite(q_new)) or np.abs(q_new - quad).max() > 0.08 * side + 3:
        return h_full, False
    return h_new, True


#: Background ECC reads beside the ink (template px, then again in poster px for the start
#: pose's error): the 3 px its Gaussian and gradients reach across an edge.
ECC_BAND_PX = 3


def _ecc_mask(
    tmpl: np.ndarray, w0: np.ndarray, shape: tuple[int, ...], polarity: int
) -> np.ndarray:
    """The pixels of the crop ECC reads when the margin holds an object: the ink and a band
    of background along its outline, where the pose ``w0`` (template px -> crop px) puts
    them (uint8, 255 = read).

    Background farther from the ink says nothing about the pose, and whatever else lies
    there pulls the fit: a caption set 0.006-0.011 × height under a badge's point, inside
    the template's background margin, squashed the refined pose by 5 % (a false
    ``distorted``; the pose before ECC was within 1 %); within this band, 0.1-0.2 px.
    """
    ink = (tmpl < 250) if polarity == 1 else (tmpl > 5)
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * ECC_BAND_PX + 1,) * 2)
    near = cv2.dilate(ink.astype(np.uint8) * 255, k)
    out = cv2.warpPerspective(near, w0, (shape[1], shape[0]), flags=cv2.INTER_NEAREST)
    return cv2.dilate(out, k)


def _foreign_in_margin(
    tmpl: np.ndarray, w: np.ndarray, crop: np.ndarray, band: np.ndarray, polarity: int
) -> bool:
    """Whether the template's background margin, outside the ink's ``band``, holds an
    object: at least :data:`regions.MIN_OBJECT_PX` pixels nearer the ink's level than the
    background's and beyond three robust deviations of the margin's noise.

    Only then does ECC read the band alone: on a logo within 1.1-1.2:1 of its panel,
    after JPEG, the band holds too little to pin 8 parameters from a start a few px off,
    and the masked fit drifted 3-9 px where the unmasked one was within 0.5 px.
    """
    h, w_ = crop.shape[:2]
    support = cv2.warpPerspective(
        np.full(tmpl.shape, 255, np.uint8), w, (w_, h), flags=cv2.INTER_NEAREST
    ).astype(bool)
    is_ink = (tmpl < 250) if polarity == 1 else (tmpl > 5)
    ink = cv2.warpPerspective(is_ink.astype(np.uint8), w, (w_, h), flags=cv2.INTER_NEAREST).astype(
        bool
    )
    margin = support & ~band.astype(bool)
    if margin.sum() < regions.MIN_OBJECT_PX or not ink.any():
        return False
    vals = crop[margin]
    bg = float(np.median(vals))
    noise = 1.4826 * float(np.median(np.abs(vals - bg)))
    level = float(np.median(crop[ink]))
    far = np.abs(vals - bg) > max(0.5 * abs(level - bg), 3 * noise)
    return int(far.sum()) >= regions.MIN_OBJECT_PX


def _ecc_template(
    ref: Reference, side: float, polarity: int, p: LocateParams
) -> tuple[np.ndarray, Homography]:
    """ECC's template (the ink as the poster shows it, float32 0-255) and template px -> artwork px.

    The artwork ink gets a background margin so its edges have two sides: 6 % of the
    logo's *height* (it was of the longer side: 0.22 height for a 3:1 wordmark, which let a
    panel's edge 0.14 height away, inside the clear-space zone, pull the fit ~5 % out of
    shape and made a false `distorted`).
    """
    t_scale = min(
        1.0, p.refine_side / max(ref.width, ref.height), side / max(ref.width, ref.height)
    )
    tw, th = max(16, round(ref.width * t_scale)), max(16, round(ref.height * t_scale))
    pad = max(3, round(0.06 * min(tw, th)))
    ink = cv2.resize(ref.ink, (tw, th), interpolation=cv2.INTER_AREA)
    tmpl = (1.0 - ink) if polarity == 1 else ink
    tmpl = cv2.copyMakeBorder(
        tmpl, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=1.0 if polarity == 1 else 0.0
    )
    tmpl = (tmpl * 255).astype(np.float32)
    t_to_art = geo.scale_matrix(ref.width / tw, ref.height / th) @ geo.translation(-pad, -pad)
    return tmpl, t_to_art


# -- the artwork's verification template ----------------------------------------------------


def _verify_template(ink: np.ndarray, params: LocateParams) -> tuple[np.ndarray, np.ndarray]:
    """The ink at verify width, and the band along its outline that verification reads.

    What lies in the frame away from the ink (a photo under a misplaced logo) says nothing
    about the logo itself, so only the outline band is correlated.
    """
    h, w = ink.shape
    vw = params.verify_width
    vh = max(8, round(h * vw / w))
    tmpl = cv2.resize(ink, (vw, vh), interpolation=cv2.INTER_AREA)
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * params.band_px + 1,) * 2)
    solid = (tmpl > 0.5).astype(np.uint8)
    band = (cv2.dilate(solid, k) - cv2.erode(solid, k)).astype(bool)
    return tmpl, band
