"""Measure one located logo: pose -> colour -> surroundings -> integrity -> what the file says.

Everything is measured on the logo's own region, warped into the artwork frame at a
working size (:class:`Frame`), never on the whole poster: the cost is that of the logo,
not of the page. :func:`measure` reads as the list of steps; each step is a function of
the frame, the masks (:class:`Masks`) and the steps before it, returning a small frozen
dataclass, and :class:`Measurements` gathers them for the checks. Last come what the file states about the
logo (a PDF's stated colour and the text objects beside it, found through the page's
pixel -> point map) and, when asked, the lockup text read beside it (OCR).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from brandcheck import colour, regions
from brandcheck import geometry as geo
from brandcheck._typing import Homography, LabArray, Mask, Quad, RGBImage
from brandcheck.brand import BrandKit
from brandcheck.load import Poster
from brandcheck.load.pdfcolour import Fill, stated_colour
from brandcheck.load.pdftext import TextObject
from brandcheck.locate import Detection, Reference
from brandcheck.lockup import LockupReading, read_lockup

#: Longest side of the frame the logo is measured in. 360 px keeps every measurement
#: to a few ms while leaving thousands of ink pixels for robust colour statistics.
MEASURE_SIDE = 360
#: Pixels of ink edge ignored for colour: anti-aliasing spans ~1 px and 4:2:0 chroma
#: subsampling smears colour over 2 px at full resolution.
EDGE_GUARD_PX = 2
#: Colour distance beyond which a pixel differs from the background (clear space) or
#: counts as ink (integrity). Pixels are *classified* with CIE76 (Euclidean Lab), ten times
#: cheaper than CIEDE2000 per pixel; the reported colour finding uses ΔE00. Print and JPEG
#: noise on a flat background stays under 5; type and photo content is above 15.
INTRUSION_DE76 = 12.0
#: A pixel beside the ink's edge is foreign (an outline, a shadow) when it is this far
#: (ΔE76) from every mix of ink and background: anti-aliasing and blur only make mixes.
EDGE_FOREIGN_DE76 = 20.0
#: Ink and background must be this far apart (ΔE76) for pixels to be classified: twice
#: the classification threshold, so the ink lies as far beyond it as the background lies
#: inside it. Closer, ink pixels fall on the background's side of the threshold and an
#: intact logo would read as missing; ``altered`` and ``clear-space`` are then not judged.
SEPARABLE_DE76 = 2 * INTRUSION_DE76
#: Reach of JPEG's chroma error around an edge, in poster px: 4:2:0 subsampling codes
#: colour in 16 × 16 px blocks (ITU-T T.81, JFIF), luma in 8 × 8 at full resolution. In
#: that reach a pixel whose lightness is the background's but whose hue is not may be the
#: ink's edge rung into the paper (a 4 × 1 px greenish speck 6 px under a red wordmark on
#: dark paper, at q83, failed `clear-space` on a compliant poster). There a pixel is
#: foreign when its lightness differs from the paper's as elsewhere, or its hue by more
#: than :data:`CHROMA_RING` of the way from the paper's to the ink's.
JPEG_CHROMA_REACH_PX = 16
#: Share of the paper-to-ink chroma distance (a*b*) that JPEG's ringing stays under, 2-16
#: px from the ink: at most 0.34 over the four test artworks on the five papers of
#: ``posterlab.unseen`` at widths 60-300 px and q80-95 (lightness error at most 11.4,
#: under ``INTRUSION_DE76``); half the way, nearer the ink's hue than the paper's, is
#: beyond it. A green panel 2 px from a red wordmark on pale blue paper is 1.05 of the
#: way (and only 11.7 lighter): judged by lightness alone, it was missed.
CHROMA_RING = 0.5
#: Fewer core ink pixels than this and the colour is not measured (info finding instead).
MIN_INK_PIXELS = 40
#: A px is solid ink when the artwork's ink covers more than this share of it: the ink's
#: colour is read only from such px (a px the ink covers partly mixes in the paper).
SOLID_INK = 0.98
#: Below this share of its frame width in effective detail a logo is judged soft (an
#: upscaled raster); the same ratio the low-resolution check uses.
SOFT_RATIO = 0.6
#: Share of the logo's height around its ink where marks count as attached to the logo.
ATTACHED = 0.04


@dataclass(frozen=True)
class Measurements:
    """The numbers behind every finding for one logo; units in the names."""

    quad: np.ndarray  # (4, 2) centre convention, poster px
    zone: np.ndarray  # (4, 2) clear-space zone quad
    width_px: float
    height_px: float
    width_mm: float | None
    ppi: float | None
    angle_deg: float
    aspect: float  # measured (h/w) / artwork (h/w)
    shear_deg: float
    perspective: float
    visible: float  # share of the artwork frame on the canvas
    zone_visible: float
    ink_pixels: int
    ink_lab: np.ndarray | None
    ink_srgb: tuple[int, int, int] | None
    ink_cmyk: tuple[float, float, float, float] | None  # percent, CMYK inputs only
    ink_spread_de76: float | None  # median ΔE76 of ink pixels to their median
    background_lab: np.ndarray | None
    background_srgb: tuple[int, int, int] | None
    contrast_ratio: float | None
    intrusion: float | None  # share of the clear-space ring that is not background
    intrusion_box: list[list[float]] | None  # bounding quad of the intruding pixels, poster px
    missing: float | None  # share of artwork ink not found
    added: float | None  # foreign ink inside the frame, relative to the ink area
    edge_marked: float | None  # share of the artwork's outer edge bordered by a foreign colour
    effective_width_px: float | None
    effective_ppi: float | None
    score: float
    refined: bool
    #: The colour the file states for the logo (PDF): space, values, spot, alternate.
    stated: dict[str, Any] | None = None
    #: Text objects set beside the logo (PDF): font base name and text.
    nearby_text: list[dict[str, str]] | None = None
    #: The usage-example text read beside the logo (OCR), when asked for.
    lockup: LockupReading | None = None
    #: ΔE76 between the ink's and the background's median colours: below
    #: :data:`SEPARABLE_DE76` pixels cannot be told apart reliably.
    ink_bg_de76: float | None = None
    #: Each connected foreign region in the clear-space zone above the kit's noise floor,
    #: largest first: ``region`` (poster quad, edge convention), ``area_h2`` (its area in
    #: logo heights squared), ``share_of_zone``, ``along_edge`` (it touches the ink and
    #: reaches no farther than the outline or shadow running along the edge does).
    intrusions: list[dict[str, Any]] | None = None
    #: Artwork components (stroke groups) with missing ink, worst first: ``share_missing``
    #: (of the component), ``ink_share`` (the component's share of the artwork's ink),
    #: ``region`` (poster quad).
    component_missing: list[dict[str, Any]] | None = None
    #: A photographed logo's size on its page (:class:`brandcheck.paper.OnPage`): shares of
    #: the page, and mm when the printed format is stated; None for a digital file.
    on_page: Any = None
    #: How well the pose is known (angle deg, aspect share, shear deg), when it was measured
    #: otherwise than from the file's own edges: a photographed logo on a trusted page
    #: plane (:func:`brandcheck.pageframe.pose_precision`). None: the edge precision of
    #: :mod:`brandcheck.checks.geometry` applies.
    pose_precision: tuple[float, float, float] | None = None


def _warp(img: np.ndarray, m: np.ndarray, size: tuple[int, int], interp: int) -> np.ndarray:
    return cv2.warpPerspective(
        img,
        m,
        size,
        flags=interp | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )


def _de76(lab: np.ndarray, ref_lab: np.ndarray) -> np.ndarray:
    """CIE76 distance of every pixel of ``lab`` (..., 3) to one colour.

    Channel by channel (3.4× faster than ``einsum`` over the interleaved channels),
    summed in the order ``einsum`` summed them (L*, b*, then a*): the same float64 bits.
    """
    d0, d1, d2 = (lab[..., k] - ref_lab[k] for k in range(3))
    s = d0 * d0
    s += d2 * d2
    s += d1 * d1
    out: np.ndarray = np.sqrt(s)
    return out


def _median_lab(lab: np.ndarray, mask: Mask) -> np.ndarray:
    """``np.median(lab[mask], axis=0)``, channel by channel: each channel's masked pixels
    taken into one contiguous run (the (N, 3) copy of ``lab[mask]`` and a median across
    its strided columns cost twice as much). The same numbers: a median is one or two
    of the values, whichever way they are gathered."""
    idx = np.flatnonzero(mask)
    flat = lab.reshape(-1, 3)
    return np.array([np.median(flat[:, c].take(idx)) for c in range(3)], np.float64)


def _median_u8(img: np.ndarray, mask: Mask) -> np.ndarray:
    """``np.median(img[mask], axis=0)`` of 8-bit pixels (H, W, C) or (H, W), from each
    channel's histogram under the mask: the same numbers (the middle value, or the mean
    of the two middle ones) without copying the pixels out (a boolean index of 3-byte
    pixels is slow: 1.2 ms for 67,000) or sorting them. Shape (C,) or (1,)."""
    m = np.ascontiguousarray(mask).view(np.uint8)
    n = int(np.count_nonzero(mask))
    channels = img.shape[2] if img.ndim == 3 else 1
    out = np.empty(channels, np.float64)
    for c in range(channels):
        hist = cv2.calcHist([img], [c], m, [256], [0, 256]).ravel()  # exact counts < 2**24
        cum = np.cumsum(hist.astype(np.int64))
        lo = int(np.searchsorted(cum, (n - 1) // 2, side="right"))
        hi = int(np.searchsorted(cum, n // 2, side="right"))
        out[c] = (float(lo) + float(hi)) / 2
    return out


@dataclass(frozen=True)
class Ladder:
    """The artwork ink rendered at a ladder of widths and scaled back to its frame: what
    :func:`effective_width` compares a patch with, read inside the shape only."""

    inside: np.ndarray  # (n,) flat indices of the shape's pixels (ink >= 0.5)
    widths: tuple[float, ...]  # frame width, then each rung 1.2 × narrower, down to 12 px
    backs: np.ndarray  # (rungs, n) float32, each rendering scaled back, at ``inside``


def ink_ladder(ink: np.ndarray) -> Ladder:
    """The :class:`Ladder` of an ink coverage (H, W) float32: a function of the artwork and
    the frame's size only, so it is made once per size (:func:`artwork_at`)."""
    h, w = ink.shape
    inside = np.flatnonzero(ink >= 0.5)
    widths: list[float] = []
    backs: list[np.ndarray] = []
    rw = float(w)
    while rw >= 12:
        small = cv2.resize(
            ink, (max(2, round(rw)), max(2, round(rw * h / w))), interpolation=cv2.INTER_AREA
        )
        back = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        widths.append(rw)
        backs.append(back.ravel()[inside])
        rw /= 1.2
    stack = np.array(backs, np.float32) if backs else np.empty((0, inside.size), np.float32)
    return Ladder(inside, tuple(widths), stack)


def effective_width(
    patch_grey: np.ndarray,
    ink: np.ndarray,
    ink_level: float,
    bg_level: float,
    *,
    ladder: Callable[[], Ladder] | None = None,
) -> float:
    """Width (frame px) of the artwork rendering whose softness best explains the patch.

    The patch is turned into ink coverage (0 at the background's grey, 1 at the ink's)
    and compared, inside the shape only, with the artwork rendered at a ladder of widths
    and scaled back up. Blur pulls coverage down inside the edges; an outline or a shadow
    lies outside the shape and does not count. Returns at most the frame width.
    ``ladder``: gives ``ink_ladder(ink)`` (kept per frame size), asked only when needed.
    """
    w = ink.shape[1]
    step = ink_level - bg_level
    if abs(step) < 8:  # no usable contrast (low-contrast is reported by its own check)
        return float(w)
    lad = ladder() if ladder is not None else ink_ladder(ink)
    cover = np.clip((patch_grey.astype(np.float32) - bg_level) / step, -0.5, 1.5)
    errs = np.abs(lad.backs - cover.ravel()[lad.inside]).mean(axis=1)
    best_w, best = float(w), np.inf
    for rw, e in zip(lad.widths, errs):
        err = float(e)
        if err < best - 1e-4:
            best, best_w = err, rw
    return best_w


class ArtworkAt:
    """The artwork's ink at one frame size, and its :class:`Ladder` (made when first asked).

    The same logo is measured in the same frame size on every poster where it is at
    least :data:`MEASURE_SIDE` px wide, so both are kept (:func:`artwork_at`): the resize
    from the artwork's own size (667 × 1600 px for the bundled kit) took 1.8 ms a logo.
    """

    def __init__(self, artwork: np.ndarray, mw: int, mh: int) -> None:
        ink = cv2.resize(artwork, (mw, mh), interpolation=cv2.INTER_AREA)
        ink.setflags(write=False)
        self.ink: np.ndarray = ink
        self._ladder: Ladder | None = None

    @property
    def ladder(self) -> Ladder:
        if self._ladder is None:
            self._ladder = ink_ladder(self.ink)
        return self._ladder


#: Frame sizes of an artwork kept by :func:`artwork_at`: at most ~1.7 MB each (the
#: bundled logo's ladder at 360 px: 19 rungs × 19,286 px in float32, and its ink), so at
#: most ~14 MB. Logos at least ``MEASURE_SIDE`` px wide share one entry per artwork.
_ARTWORK_KEPT = 8
_artwork_made: dict[tuple[int, int, int], tuple[np.ndarray, ArtworkAt]] = {}
_artwork_lock = threading.Lock()


def artwork_at(artwork: np.ndarray, mw: int, mh: int) -> ArtworkAt:
    """The :class:`ArtworkAt` of an artwork's ink (``Reference.ink``) at ``mw`` × ``mh``,
    made once and kept (the oldest dropped past :data:`_ARTWORK_KEPT`)."""
    key = (id(artwork), mw, mh)
    with _artwork_lock:  # a library caller may measure from several threads
        hit = _artwork_made.get(key)
        if hit is not None and hit[0] is artwork:
            return hit[1]
        while len(_artwork_made) >= _ARTWORK_KEPT:
            del _artwork_made[next(iter(_artwork_made))]
        made = ArtworkAt(artwork, mw, mh)
        _artwork_made[key] = (artwork, made)
        return made


def _edge_marked(
    lab: np.ndarray,
    ink: np.ndarray,
    valid: np.ndarray,
    near_ink: np.ndarray,
    kernel: np.ndarray,
    ink_lab: np.ndarray,
    bg_lab: np.ndarray,
) -> float:
    """Share of the artwork's outer edge that a foreign colour runs along.

    An outline or a drop shadow hugs the edge and is often thinner than the guard band
    that the ``added`` count keeps away from (so a 2 px outline on a 460 px logo added only
    3 % of the ink area). Here each pixel in that band is tested against the segment from
    the background's colour to the ink's, where every anti-aliased or blurred edge pixel
    lies; what is far from it is foreign. Measured along the edge, not by area, the figure
    does not depend on the logo's size: about 1 for an outline, 0.2-0.6 for a shadow.
    """
    band = near_ink & (ink < 0.5) & valid
    d = bg_lab - ink_lab
    idx = np.flatnonzero(band)
    px = lab.reshape(-1, 3)[idx]  # the band's pixels only: the test is per pixel
    t = np.clip(((px - ink_lab) @ d) / max(float(d @ d), 1e-6), 0.0, 1.0)
    r = px - (ink_lab + t[..., None] * d)
    # the Euclidean norm as np.linalg.norm sums it ((x + y) + z), without its overhead
    off = np.sqrt(r[:, 0] * r[:, 0] + r[:, 1] * r[:, 1] + r[:, 2] * r[:, 2])
    foreign = np.zeros_like(band)
    foreign.reshape(-1)[idx] = off > EDGE_FOREIGN_DE76
    solid = (ink >= 0.5).astype(np.uint8)
    edge = (cv2.dilate(solid, np.ones((3, 3), np.uint8)) > 0) & (ink < 0.5) & valid
    if edge.sum() < MIN_INK_PIXELS:
        return 0.0
    covered = cv2.dilate(foreign.astype(np.uint8), kernel).astype(bool)
    return float((covered & edge).sum() / edge.sum())


def measure(
    poster: Poster, det: Detection, kit: BrandKit, ref: Reference, *, read_text: bool = False
) -> Measurements:
    """All measurements of one detection (see :class:`Measurements`).

    pose -> frame (and its effective detail) -> colour -> surroundings -> integrity; each
    step reads the frame and the steps before it, nothing else. Then what the file states
    about the logo, and with ``read_text`` the lockup text beside it (OCR, the slow part).
    """
    pose = measure_pose(poster, det, ref)
    fr = logo_frame(poster, det, kit, ref, pose)
    masks = frame_masks(fr, pose)
    ink = measure_colour(poster, fr, masks)
    # every pixel's distance from the background: both surroundings and integrity read it
    to_bg = None if ink.background_lab is None else _de76(fr.lab, ink.background_lab)
    around = measure_surroundings(
        fr,
        masks,
        ink,
        min_object=kit.checks.min_object,
        max_edge=kit.checks.altered_max_edge,
        to_bg=to_bg,
    )
    integrity = measure_integrity(fr, masks, ink, min_object=kit.checks.min_object, to_bg=to_bg)
    stated = measure_stated(poster, det.quad)
    lockup = None
    if read_text and kit.lockup.defined:
        lockup = read_lockup(poster.rgb, det.homography, kit)
    eff_w = eff_ppi = None
    if fr.effective is not None:
        eff_w = fr.effective * pose.width_px / fr.mw
        eff_ppi = eff_w / (pose.width_mm / 25.4) if pose.width_mm else None
    return Measurements(
        quad=det.quad,
        zone=fr.zone,
        width_px=pose.width_px,
        height_px=pose.height_px,
        width_mm=pose.width_mm,
        ppi=pose.ppi,
        angle_deg=pose.angle_deg,
        aspect=pose.aspect,
        shear_deg=pose.shear_deg,
        perspective=pose.perspective,
        visible=fr.visible,
        zone_visible=fr.zone_visible,
        ink_pixels=ink.ink_pixels,
        ink_lab=ink.ink_lab,
        ink_srgb=ink.ink_srgb,
        ink_cmyk=ink.ink_cmyk,
        ink_spread_de76=ink.spread_de76,
        background_lab=ink.background_lab,
        background_srgb=ink.background_srgb,
        contrast_ratio=ink.contrast_ratio,
        intrusion=around.intrusion,
        intrusion_box=around.intrusion_box,
        missing=integrity.missing,
        added=integrity.added,
        edge_marked=integrity.edge_marked,
        effective_width_px=eff_w,
        effective_ppi=eff_ppi,
        score=det.score,
        refined=det.refined,
        stated=stated.colour,
        nearby_text=stated.nearby_text,
        lockup=lockup,
        ink_bg_de76=ink.ink_bg_de76,
        intrusions=around.intrusions,
        component_missing=integrity.component_missing,
    )


# -- pose ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pose:
    """Size and placement of the logo on the poster; lengths along the quad's sides."""

    width_px: float
    height_px: float
    width_mm: float | None
    ppi: float | None
    angle_deg: float
    aspect: float
    shear_deg: float
    perspective: float


def measure_pose(poster: Poster, det: Detection, ref: Reference) -> Pose:
    """Width and height (mean of opposite sides), print size, and the homography's pose."""
    ps = geo.pose(det.homography, ref.width, ref.height)
    q = det.quad
    width_px = 0.5 * (np.hypot(*(q[1] - q[0])) + np.hypot(*(q[2] - q[3])))
    height_px = 0.5 * (np.hypot(*(q[3] - q[0])) + np.hypot(*(q[2] - q[1])))
    ppi = float(np.mean(poster.ppi)) if poster.ppi else None
    width_mm = width_px / ppi * 25.4 if ppi else None
    return Pose(
        float(width_px),
        float(height_px),
        width_mm,
        ppi,
        ps.angle_deg,
        ps.aspect,
        ps.shear_deg,
        ps.perspective,
    )


# -- the measuring frame -----------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """The logo's region warped into the artwork frame at working size.

    The artwork occupies ``[mp, mp + mh) x [mp, mp + mw)``; the margin ``mp`` is the kit's
    clear space. Arrays are (H, W) with (W, H) = ``size`` unless noted.
    """

    to_poster: Homography  # frame px -> poster px
    size: tuple[int, int]
    mw: int
    mh: int
    mp: int
    zone: Quad  # the clear-space zone in poster px
    rgb: RGBImage  # (H, W, 3) the poster, warped
    lab: LabArray  # (H, W, 3) the same in CIELAB
    valid: Mask  # on the poster's canvas
    in_frame: Mask  # inside the artwork frame
    #: Artwork ink coverage in [0, 1], softened to the effective detail of a soft logo.
    ink: np.ndarray
    #: Width (frame px) of the rendering whose softness explains the logo, when measured.
    effective: float | None

    @property
    def visible(self) -> float:
        """Share of the artwork frame on the canvas."""
        return float((self.in_frame & self.valid).sum() / self.in_frame.sum())

    @property
    def zone_visible(self) -> float:
        """Share of the clear-space zone on the canvas."""
        return float(self.valid.mean())


def logo_frame(poster: Poster, det: Detection, kit: BrandKit, ref: Reference, pose: Pose) -> Frame:
    """Warp the logo and its clear space into a frame of at most ``MEASURE_SIDE`` px."""
    aw, ah = ref.width, ref.height
    s = min(1.0, MEASURE_SIDE / max(aw, ah), max(pose.width_px, pose.height_px) / max(aw, ah))
    mw, mh = max(16, round(aw * s)), max(16, round(ah * s))
    margin_art = kit.logo.clear_space * ah  # artwork px
    mp = max(2, round(margin_art * mh / ah))
    size = (mw + 2 * mp, mh + 2 * mp)
    frame_to_art = geo.scale_matrix(aw / mw, ah / mh) @ geo.translation(-mp, -mp)
    m = det.homography @ frame_to_art
    zone = geo.apply(det.homography, geo.expand_frame(aw, ah, margin_art))

    rgb = _warp(poster.rgb, m, size, cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    valid = on_canvas(m, size, poster.rgb.shape[:2])
    art = artwork_at(ref.ink, mw, mh)
    ink = np.zeros(size[::-1], np.float32)
    ink[mp : mp + mh, mp : mp + mw] = art.ink
    in_frame = np.zeros(size[::-1], bool)
    in_frame[mp : mp + mh, mp : mp + mw] = True
    eff = _detail(rgb, ink, art, valid, in_frame, mp, det.score)
    lab = colour.srgb_to_lab(rgb.reshape(-1, 3)).reshape(rgb.shape)
    return Frame(m, size, mw, mh, mp, zone, rgb, lab, valid, in_frame, ink, eff)


def on_canvas(m: Homography, size: tuple[int, int], shape: tuple[int, ...]) -> Mask:
    """Which frame pixels map onto the poster's canvas (``m``: frame px -> poster px).

    What a nearest-neighbour warp of an all-ones poster-sized mask gives, pixel for pixel
    (the source coordinate rounded, then tested against the canvas), from the geometry
    alone: no mask the size of the poster (70 MB at A1 300 dpi) is filled and warped.
    When the frame's four corners land on the canvas, with ``w > 0`` at all four, the
    whole frame does (the projective image of the rectangle is their convex hull).
    """
    w, h = size
    hh, ww = shape[0], shape[1]
    corners = np.array([[0, 0, 1], [w - 1, 0, 1], [w - 1, h - 1, 1], [0, h - 1, 1]], np.float64)
    p = corners @ np.asarray(m, np.float64).T
    if np.all(p[:, 2] > 0):
        x, y = p[:, 0] / p[:, 2], p[:, 1] / p[:, 2]
        if x.min() >= 0 and y.min() >= 0 and x.max() <= ww - 1 and y.max() <= hh - 1:
            return np.ones((h, w), bool)
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float64), np.arange(h, dtype=np.float64))
    x0 = m[0, 0] * xs + m[0, 1] * ys + m[0, 2]
    y0 = m[1, 0] * xs + m[1, 1] * ys + m[1, 2]
    w0 = m[2, 0] * xs + m[2, 1] * ys + m[2, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = np.where(w0 != 0, 1.0 / w0, 0.0)  # OpenCV's convention for w = 0
        big = float(2**31 - 1)
        x = np.rint(np.clip(x0 * inv, -big, big))
        y = np.rint(np.clip(y0 * inv, -big, big))
    return np.asarray((x >= 0) & (x < ww) & (y >= 0) & (y < hh))


def _detail(
    rgb: RGBImage,
    ink: np.ndarray,
    art: ArtworkAt,
    valid: Mask,
    in_frame: Mask,
    mp: int,
    score: float,
) -> float | None:
    """How much detail the logo really carries (frame px); softens ``ink`` in place to it.

    The artwork is compared at that detail, so the blur of an upscaled raster is reported
    once (low-resolution), not again as missing or added ink or as an off colour at the
    soft edges.
    """
    inkf = art.ink
    if not (score > 0 and inkf.sum() > MIN_INK_PIXELS):
        return None
    mh, mw = inkf.shape
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    grey_all = grey.astype(np.float32)
    solid_core = cv2.erode((ink > SOLID_INK).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(
        bool
    )
    ring0 = ~in_frame & valid
    eff = None
    if solid_core.any() and ring0.any():
        eff = effective_width(
            grey_all[mp : mp + mh, mp : mp + mw],
            inkf,
            float(_median_u8(grey, solid_core & valid)[0]) if (solid_core & valid).any() else 0.0,
            float(_median_u8(grey, ring0)[0]),
            ladder=lambda: art.ladder,
        )
    if eff is not None and eff < SOFT_RATIO * mw:
        small = cv2.resize(
            inkf,
            (max(2, round(eff)), max(2, round(eff * mh / mw))),
            interpolation=cv2.INTER_AREA,
        )
        ink[mp : mp + mh, mp : mp + mw] = cv2.resize(
            small, (mw, mh), interpolation=cv2.INTER_LINEAR
        )
    return eff


@dataclass(frozen=True)
class Masks:
    """Where each measurement looks in the frame; every mask (H, W) bool."""

    core: Mask  # solid ink away from its edges: the ink colour
    near_ink: Mask  # within the edge guard of any ink
    attached: Mask  # within ``ATTACHED`` of the logo's height of its ink
    ring: Mask  # the clear-space ring, minus what is attached to the logo
    frame_bg: Mask  # inside the artwork frame, away from the ink
    halo: Mask  # outside the frame but attached to the logo
    kernel: np.ndarray  # the edge guard's structuring element


def frame_masks(fr: Frame, pose: Pose) -> Masks:
    """The masks, from the (possibly softened) ink and an edge guard in frame px."""
    ink, valid, in_frame = fr.ink, fr.valid, fr.in_frame
    guard = max(1, round(EDGE_GUARD_PX * fr.mw / max(pose.width_px, 1.0)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * guard + 1, 2 * guard + 1))
    if fr.effective is not None and fr.effective < SOFT_RATIO * fr.mw:
        core = (ink > 0.9) & valid  # the softened artwork already keeps away from edges
    else:
        core = cv2.erode((ink > SOLID_INK).astype(np.uint8), kernel).astype(bool) & valid
    near_ink = cv2.dilate((ink > 0.02).astype(np.uint8), kernel).astype(bool)
    # marks touching the logo (outline, shadow, blur halo, fringes) within ATTACHED of its
    # height belong to the logo: judged by `altered`, not counted again as clear space
    r_att = max(guard, round(ATTACHED * fr.mh))
    k_att = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r_att + 1, 2 * r_att + 1))
    attached = cv2.dilate((ink > 0.02).astype(np.uint8), k_att).astype(bool)
    return Masks(
        core=core,
        near_ink=near_ink,
        attached=attached,
        ring=~in_frame & valid & ~attached,
        frame_bg=in_frame & ~near_ink & valid,
        halo=~in_frame & attached & ~near_ink & valid,
        kernel=kernel,
    )


# -- colour ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InkColour:
    """The ink's and the background's colour, and their contrast."""

    ink_pixels: int
    ink_lab: LabArray | None
    ink_srgb: tuple[int, int, int] | None
    ink_cmyk: tuple[float, float, float, float] | None
    spread_de76: float | None
    background_lab: LabArray | None
    background_srgb: tuple[int, int, int] | None
    contrast_ratio: float | None

    @property
    def ink_bg_de76(self) -> float | None:
        """ΔE76 between ink and background: how well their pixels can be told apart."""
        if self.ink_lab is None or self.background_lab is None:
            return None
        return float(_de76(self.ink_lab[None], self.background_lab)[0])


def measure_colour(poster: Poster, fr: Frame, masks: Masks) -> InkColour:
    """Medians over the core ink and over the background (ring and frame away from ink)."""
    core, lab, rgb = masks.core, fr.lab, fr.rgb
    ink_pixels = int(core.sum())
    ink_lab = _median_lab(lab, core) if ink_pixels >= MIN_INK_PIXELS else None
    ink_srgb = _triplet(_median_u8(rgb, core)) if ink_lab is not None else None
    spread = float(np.median(_de76(lab[core], ink_lab))) if ink_lab is not None else None
    ink_cmyk = _cmyk_under(poster, fr, core) if ink_lab is not None else None
    bg_pixels = masks.ring | masks.frame_bg
    background_lab = _median_lab(lab, bg_pixels) if bg_pixels.sum() >= MIN_INK_PIXELS else None
    background_srgb = _triplet(_median_u8(rgb, bg_pixels)) if background_lab is not None else None
    contrast = (
        colour.contrast_ratio(np.array(ink_srgb), np.array(background_srgb))
        if ink_srgb and background_srgb
        else None
    )
    return InkColour(
        ink_pixels, ink_lab, ink_srgb, ink_cmyk, spread, background_lab, background_srgb, contrast
    )


def _triplet(values: np.ndarray) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in values)
    return r, g, b


def _cmyk_under(poster: Poster, fr: Frame, core: Mask) -> tuple[float, float, float, float] | None:
    """Median CMYK (percent) of the core ink, for CMYK input; None otherwise."""
    if poster.cmyk is None:
        return None
    c = poster.cmyk
    cw = np.dstack(
        [
            _warp(c[..., :3], fr.to_poster, fr.size, cv2.INTER_NEAREST),
            _warp(c[..., 3], fr.to_poster, fr.size, cv2.INTER_NEAREST),
        ]
    )
    k0, k1, k2, k3 = (float(v) for v in np.median(cw[core].astype(np.float64), axis=0) / 2.55)
    return k0, k1, k2, k3


# -- surroundings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Surroundings:
    """What intrudes into the clear-space ring."""

    intrusion: float | None
    intrusion_box: list[list[float]] | None
    #: Each connected intruding region above the noise floor (see ``Measurements``).
    intrusions: list[dict[str, Any]] | None = None


def _poster_width(fr: Frame) -> float:
    """The artwork frame's width in poster px (top edge, through ``to_poster``)."""
    top = geo.apply(fr.to_poster, np.array([[fr.mp, fr.mp], [fr.mp + fr.mw, fr.mp]], float))
    return float(np.hypot(*(top[1] - top[0])))


def _box_to_poster(fr: Frame, box: tuple[int, int, int, int]) -> list[list[float]]:
    """A frame-pixel box (x0, y0, x1, y1), end exclusive, as a poster quad (edge convention)."""
    x0, y0, x1, y1 = box
    q = np.array([[x0, y0], [x1 - 1, y0], [x1 - 1, y1 - 1], [x0, y1 - 1]], np.float64)
    return list(geo.to_edge(geo.apply(fr.to_poster, q)).round(1).tolist())


def _halo_width(fr: Frame, foreign: Mask, share: float) -> tuple[np.ndarray, int]:
    """Distance of every frame pixel from the ink's silhouette, and how far (frame px) a
    foreign colour runs along more than ``share`` of the silhouette's contour.

    An outline or a drop shadow covers much of the contour at every distance out to its
    width (a shadow out to about its offset); a caption or a rule set against the logo
    covers one short stretch of it, at whatever distance. Each distance is a one-pixel
    contour of the silhouette; the width is where the run of contours over ``share`` ends.
    A run that does not end inside the zone is the background (a photo, a panel), not a
    halo: width 0.
    """
    dist = cv2.distanceTransform((fr.ink <= 0.5).astype(np.uint8), cv2.DIST_L2, 3)
    usable = fr.valid & (fr.ink <= 0.5)
    ring_of = np.ceil(dist[usable]).astype(np.int64)
    total = np.bincount(ring_of, minlength=fr.mp + 2)
    hit = np.bincount(ring_of, weights=foreign[usable].astype(np.float64), minlength=fr.mp + 2)
    for d in range(1, fr.mp + 1):
        if total[d] < MIN_INK_PIXELS or hit[d] <= share * total[d]:
            return dist, d - 1
    return dist, 0


def _along_edge(dist: np.ndarray, width: int) -> bool:
    """Whether an object (its pixels' distances from the ink) is part of the halo.

    It must touch the silhouette grown by the halo's width and reach no farther than a
    shadow of that offset can: a shadow shifted by (o, o) spans about o of contour share
    but reaches o·√2 at its corners. A caption set against the logo reaches its own
    height away from it.
    """
    if width < 1 or not dist.size:
        return False
    return bool(dist.min() <= width + 1 and dist.max() <= np.sqrt(2.0) * width + 1)


def measure_surroundings(
    fr: Frame,
    masks: Masks,
    ink: InkColour,
    *,
    min_object: float = 0.02,
    max_edge: float = 0.1,
    to_bg: np.ndarray | None = None,
) -> Surroundings:
    """Share of the ring that is not background, the intruders' box in poster px, and each
    intruding object above the noise floor (``min_object`` × logo height, squared).
    ``to_bg``: each frame pixel's ΔE76 from the background, when already computed."""
    ring = masks.ring
    if ink.background_lab is None or ring.sum() < MIN_INK_PIXELS:
        return Surroundings(None, None)
    if to_bg is None:
        to_bg = _de76(fr.lab, ink.background_lab)
    far = to_bg > INTRUSION_DE76
    if ink.ink_lab is not None:
        # within JPEG's chroma reach of the ink, hue alone must go beyond what ringing makes
        reach = JPEG_CHROMA_REACH_PX * fr.mw / _poster_width(fr)
        off_ink = (fr.ink <= 0.02).astype(np.uint8)
        near = cv2.distanceTransform(off_ink, cv2.DIST_L2, 3) < reach
        bg = ink.background_lab
        span = float(np.hypot(*(ink.ink_lab[1:] - bg[1:])))
        # far &= ~near | lighter | hue, tested on the pixels it can change only
        test = far & near
        px = fr.lab.reshape(-1, 3)[np.flatnonzero(test)]
        lighter = np.abs(px[:, 0] - bg[0]) > INTRUSION_DE76
        hue = np.hypot(px[:, 1] - bg[1], px[:, 2] - bg[2]) > CHROMA_RING * span
        far[test] = lighter | hue
    # pixels beside the canvas's edge are mixed with the warp's black border: one column
    # of them made a zero-width "object" along a cropped logo's edge
    inside = cv2.erode(fr.valid.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    bad = far & ring & inside
    intrusion = float(bad.sum() / ring.sum())
    if not bad.any():
        return Surroundings(intrusion, None, [])
    floor_px = regions.min_object_px(fr.mh, min_object)
    found, labels = regions.labelled_objects(bad, floor_px)
    dist, width = _halo_width(fr, far & inside, max_edge) if found else (None, 0)
    objs = [
        {
            "region": _box_to_poster(fr, r.box),
            "area_h2": round(r.area_px / (fr.mh * fr.mh), 5),
            "share_of_zone": round(r.area_px / float(ring.sum()), 5),
            "along_edge": dist is not None and _along_edge(dist[labels == i], width),
        }
        for r, i in found
    ]
    ys, xs = np.nonzero(bad)
    box = np.array(
        [
            [xs.min(), ys.min()],
            [xs.max(), ys.min()],
            [xs.max(), ys.max()],
            [xs.min(), ys.max()],
        ],
        np.float64,
    )
    return Surroundings(
        intrusion, geo.to_edge(geo.apply(fr.to_poster, box)).round(1).tolist(), objs
    )


# -- integrity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Integrity:
    """How the logo's ink differs from the artwork's."""

    missing: float | None
    added: float | None
    edge_marked: float | None
    #: Artwork components with missing ink, worst first (see ``Measurements``).
    component_missing: list[dict[str, Any]] | None = None


def _by_lightness(lab: LabArray, ink: InkColour, looks_ink: Mask) -> Mask:
    """Pixels that look like ink, judged on L* alone where ink and background differ in it.

    JPEG's 4:2:0 sampling keeps lightness at full resolution and halves chroma: a stroke
    two pixels wide keeps its L* but loses half its red, and judged in full Lab 6 of its 9
    pixels read as background (a compliant logo 150-200 px wide failed `altered`). Where
    the lightness step alone separates them (``SEPARABLE_DE76``), it decides.
    """
    assert ink.ink_lab is not None and ink.background_lab is not None
    l_ink, l_bg = float(ink.ink_lab[0]), float(ink.background_lab[0])
    if abs(l_bg - l_ink) < SEPARABLE_DE76:
        return looks_ink
    out: Mask = (lab[..., 0] - l_ink) / (l_bg - l_ink) < 0.5
    return out


def measure_integrity(
    fr: Frame,
    masks: Masks,
    ink: InkColour,
    *,
    min_object: float = 0.02,
    to_bg: np.ndarray | None = None,
) -> Integrity:
    """Artwork ink not found (overall and per artwork component), foreign ink added, and
    foreign colour along the edge. ``to_bg``: as for :func:`measure_surroundings`."""
    if ink.ink_lab is None or ink.background_lab is None:
        return Integrity(None, None, None)
    lab = fr.lab
    to_ink = _de76(lab, ink.ink_lab)
    if to_bg is None:
        to_bg = _de76(lab, ink.background_lab)
    looks_ink = (to_ink < to_bg) & (to_bg > INTRUSION_DE76)
    art_core = masks.core & fr.in_frame
    missing = float((~looks_ink & art_core).sum() / max(1, art_core.sum()))
    floor_px = regions.min_object_px(fr.mh, min_object)
    components = [
        {
            "share_missing": round(c.share_missing, 4),
            "ink_share": round(c.ink_share, 4),
            "region": _box_to_poster(fr, c.box),
        }
        for c in regions.component_losses(
            fr.ink, _by_lightness(lab, ink, looks_ink), fr.valid, floor_px
        )
        if c.share_missing > 0
    ][:8]
    foreign = (to_bg > INTRUSION_DE76) & (masks.frame_bg | masks.halo)
    added = float(foreign.sum() / max(1, (fr.ink > 0.5).sum()))
    edge_marked = _edge_marked(
        lab,
        fr.ink,
        fr.valid & (fr.in_frame | masks.attached),
        masks.near_ink,
        masks.kernel,
        ink.ink_lab,
        ink.background_lab,
    )
    return Integrity(missing, added, edge_marked, components)


# -- what the file states (PDF) ------------------------------------------------------------


@dataclass(frozen=True)
class Stated:
    """What the file itself says about the logo: its stated colour and the text beside it."""

    colour: dict[str, Any] | None
    nearby_text: list[dict[str, str]] | None


def measure_stated(poster: Poster, quad: Quad) -> Stated:
    """The logo's box in page points (converted once), and the stated colour and text there."""
    if poster.to_points is None:
        return Stated(None, None)  # an image states neither colours nor fonts
    pts = geo.apply(poster.to_points, quad)
    box = (
        float(pts[:, 0].min()),
        float(pts[:, 1].min()),
        float(pts[:, 0].max()),
        float(pts[:, 1].max()),
    )
    colour_ = _stated_colour(poster.fills, box) if poster.fills else None
    near = _nearby_text(poster.texts, box) if poster.texts is not None else None
    return Stated(colour_, near)


def _stated_colour(
    fills: tuple[Fill, ...], box: tuple[float, float, float, float]
) -> dict[str, Any] | None:
    """The colour the PDF states for the fill that paints the logo in ``box`` (points)."""
    f = stated_colour(list(fills), box)
    if f is None:
        return None
    return {
        "space": f.space,
        "values": list(f.values),
        "spot": f.spot,
        "alternate": None
        if f.alternate is None
        else {"space": f.alternate[0], "values": list(f.alternate[1]), "via": f.via},
    }


def _nearby_text(
    texts: tuple[TextObject, ...], box: tuple[float, float, float, float]
) -> list[dict[str, str]]:
    """Text objects set beside the logo: level with it, within four logo widths."""
    bx0, by0, bx1, by1 = box
    w, h = bx1 - bx0, by1 - by0
    x0, x1 = bx0 - 4 * w, bx1 + 4 * w
    y0, y1 = by0 - 0.5 * h, by1 + 0.5 * h
    return [
        {"font": t.font, "text": t.text}
        for t in texts
        if t.bbox[0] < x1 and t.bbox[2] > x0 and t.bbox[1] < y1 and t.bbox[3] > y0
    ]
