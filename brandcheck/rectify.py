"""The plane of a photographed page: its outline, its page->photo homography, its aspect.

A phone photo of a poster on a wall shows the page as a perspective quad. Judging the
logo in the poster's frame (not the camera's) needs the homography that takes the flat
page to the photo. Two ways are tried, and the result says which one gave it:

1. **outline**: straight line segments (LSD, on grey and on two opponent-colour
   channels: a red page on green grass is hardly an edge in grey) are merged into lines;
   pairs of roughly horizontal and roughly vertical lines make candidate quads, scored by
   how much of each side is a step edge in the photo (a wall's mortar line is a thin
   ridge, not a step), kept when convex, and required to contain the logo; the largest
   well-supported one is the page. Each side is then refitted at full resolution to the
   colour steps along its normals (:func:`refine_quad`): the working image places it
   within a few of its px, the refit within a fraction of a photo px.
2. **vanishing-points**: when the outline is not seen, the page's own straight structure
   (text baselines, panel and picture edges) meets in two vanishing points; with the
   principal point at the photo's centre, their orthogonality gives the focal length and
   a metric rectification (Liebowitz & Zisserman 1998).

The page's aspect follows from the quad and a pinhole camera (Zhang & He 2007, whiteboard
rectification): the focal length is solved from the quad, then the ratio of the page's
sides. A page whose ratio is that of ISO 216 (A- and B-series share 1:√2) within
:data:`ISO216_TOLERANCE` is taken at that ratio, and millimetres follow when the format is
named by the caller.

Everything here is a pure function over arrays. "Not found" is a normal answer: the falsy
:class:`NoPlane` says why.

References
----------
D. Liebowitz, A. Zisserman, "Metric rectification for perspective images of planes",
CVPR 1998.
Z. Zhang, L. He, "Whiteboard scanning and image enhancement", Digital Signal Processing
17(2), 2007.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from brandcheck import geometry as geo
from brandcheck._typing import Homography, Quad, RGBImage

#: Long side (px) of the grey copy lines are found on. A page that fills half of a photo
#: is ~300 px tall there, so 2 % of its diagonal (the issue's target) is ~7 px.
WORK_SIDE = 720
#: LSD runs at this share of the working size (see :func:`_lsd`).
SEGMENT_SCALE = 0.5
#: Segments shorter than this share of the working image's long side are texture.
MIN_SEGMENT = 0.03
#: Blurs (px, working image) before segments are found: at the larger a wall's grain
#: averages out, at the smaller a thin band at the page's edge (a footer, a border) stays
#: apart from the edge.
TEXTURE_SIGMA = (3.0,)
#: A segment is kept as a possible page side when this share of it is a step edge.
SEGMENT_STEP = 0.6
#: Segments on one line: directions within this angle and offsets within this many px.
MERGE_DEG = 2.0
MERGE_PX = 2.5
#: Lines kept per family (roughly horizontal, roughly vertical), longest support first.
LINES_PER_FAMILY = 14
#: A side's sample is on a step edge when the grey levels this far (px) on either side of
#: it differ by at least STEP_GREY (of 255): paper against a wall, not a one-colour ridge.
STEP_OFFSET_PX = 3.0
STEP_GREY = 10.0
#: ... and when the step across the side is this many times the step along it.
ANISOTROPY = 2.0
#: Smallest page (share of the photo's area) and the plausible corner angles (deg): a
#: 35° tilt and a 15° roll keep a rectangle's corners within 90 ± 40°.
MIN_PAGE_AREA = 0.04
CORNER_DEG = (50.0, 130.0)
#: A side counts as seen when its support (share of its in-frame length on a step edge)
#: reaches this; a page is recovered when every side is seen.
SIDE_SUPPORT = 0.55
#: The page is the largest quad whose support is within this of the best one's, not a
#: panel inside it (a panel's sides are as sharp as the page's). A side with one sample
#: in 20 off its edge (a corner under a shadow) still competes.
SUPPORT_SLACK = 0.05
#: ISO 216 (A series) and B series pages are 1:√2; a measured ratio this close is taken as
#: one. The outline's ratio is measured within about 1 % (benchmarks/photos.py prints it).
ISO216_RATIO = math.sqrt(2.0)
ISO216_TOLERANCE = 0.03
#: A plausible phone focal length, in photo diagonals (a 13 mm to 120 mm equivalent).
FOCAL_RANGE = (0.3, 2.8)
#: The focal length assumed when the quad does not fix one (a pair of its sides parallel):
#: a phone's main camera, about 26 mm equivalent, is 26 / 43.3 of the diagonal.
PHONE_FOCAL = 0.6
#: Phone focal lengths (diagonals) a degenerate quad's ratio is bracketed over: 0.45 (a
#: wide main camera) to 1.0 (about 2x zoom).
PHONE_FOCAL_RANGE = (0.45, 1.0)
#: Opposite sides meeting at more than this angle (deg) are a perspective, not a scan, if
#: it is also more than the two sides' fitting error: FIT_PX (working px) at either end.
PERSPECTIVE_DEG = 0.75
FIT_PX = 1.5
#: A page turned more than this (deg) in the frame is held by hand, not laid on glass: a
#: flatbed scan is skewed by at most a degree or two.
ROLL_DEG = 3.0


@dataclass(frozen=True)
class PagePlane:
    """The page's plane in the photo.

    ``homography`` maps the rectified page (``size`` = width, height in px, centre
    convention, about the photo's scale) to the photo; ``quad`` is the page's outline
    (TL, TR, BR, BL, centre convention, photo px; corners may lie outside the frame).
    ``aspect`` is height / width of the page; ``iso216`` whether it was taken as 1:√2.
    ``focal_px`` is the focal length the quad implies (None when it does not fix one).
    ``roll_deg`` turns the page's top edge in the photo; ``tilt_deg`` is the angle between
    the camera's axis and the page's normal. ``confidence`` in [0, 1]: the outline's
    support; ``method``: ``"outline"`` or ``"vanishing-points"``.
    """

    homography: Homography
    quad: Quad
    size: tuple[float, float]
    aspect: float
    iso216: bool
    focal_px: float | None
    roll_deg: float
    tilt_deg: float | None
    confidence: float
    method: str
    perspective_deg: float
    area_share: float  # of the photo covered by the page
    details: dict[str, float] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True)
class NoPlane:
    """Falsy: no page plane was recovered, and why."""

    reason: str

    def __bool__(self) -> bool:
        return False


# ------------------------------------------------------------------------------ lines


@dataclass(frozen=True)
class _Lines:
    """Lines in the working image: unit normals (N, 2), offsets (N,), support (N,) px."""

    normal: np.ndarray
    offset: np.ndarray
    support: np.ndarray


def _blurred_halves(channels: list[np.ndarray], sigma: float) -> list[np.ndarray]:
    """Each channel (uint8, one size) blurred by ``sigma`` and halved (:data:`SEGMENT_SCALE`).

    The channels are blurred and halved as one multi-channel image: OpenCV's 8-bit
    Gaussian (fixed point) and area resize treat each channel alone, so the copies are
    the same to the bit, at 2/3 of the cost of one call a channel.
    """
    stack = channels[0] if len(channels) == 1 else cv2.merge(channels)
    blurred = cv2.GaussianBlur(stack, (0, 0), sigma)
    h, w = blurred.shape[:2]
    f = SEGMENT_SCALE
    half = cv2.resize(blurred, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    return [half] if len(channels) == 1 else list(cv2.split(half))


def _lsd(half: np.ndarray) -> np.ndarray:
    """LSD segments (N, 4) x1 y1 x2 y2 of a half-size copy, in working px, short ones
    dropped.

    LSD runs on a half-size copy (:data:`SEGMENT_SCALE`): after the blur the page's
    sides are as long and as straight there, at a third of the cost; the sides are
    scored at the working size and refitted at full resolution afterwards.
    """
    f = SEGMENT_SCALE
    found = cv2.createLineSegmentDetector(cv2.LSD_REFINE_STD, 1.0).detect(half)[0]
    if found is None:
        return np.zeros((0, 4))
    seg = found.reshape(-1, 4).astype(np.float64)
    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    seg = seg[length >= MIN_SEGMENT * max(half.shape)]
    # centre convention: a pixel centre x of the half copy is (x + 0.5) / f - 0.5 here
    return np.asarray((seg + 0.5) / f - 0.5)


def _channel_segments(channels: list[np.ndarray], sigmas: tuple[float, ...]) -> np.ndarray:
    """The LSD segments (:func:`_lsd`) of every channel at every blur, stacked channel by
    channel."""
    halves = [_blurred_halves(channels, sg) for sg in sigmas]
    return np.vstack([_lsd(halves[j][i]) for i in range(len(channels)) for j in range(len(sigmas))])


def _channels(grey: np.ndarray, img: np.ndarray) -> list[np.ndarray]:
    """Grey and two opponent-colour channels (uint8): a red page on green grass is an
    edge in R-G though hardly one in grey."""
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    rg = np.clip(128 + (r - g) / math.sqrt(2), 0, 255).astype(np.uint8)
    yb = np.clip(128 + (r + g - 2 * b) / math.sqrt(6), 0, 255).astype(np.uint8)
    return [grey, rg, yb]


def candidate_lines(grey: np.ndarray, img: np.ndarray) -> _Lines:
    """Lines that may be the page's sides, from a grey image and its colour copy.

    Segments are found on blurred copies (:data:`TEXTURE_SIGMA`), where grass and gravel
    have averaged out but the page's edge has not, and only step edges are kept: mortar
    lines and text strokes are thin ridges. The page's sides then stay among the longest
    lines of their family.
    """
    seg = _channel_segments(_channels(grey, img), TEXTURE_SIGMA)
    if len(seg):
        on, _ = _step_support(img, seg[:, :2], seg[:, 2:], samples=8)
        seg = seg[on >= SEGMENT_STEP]
    return merge_segments(seg)


def merge_segments(seg: np.ndarray) -> _Lines:
    """Collinear segments merged into lines (greedy, longest first), refitted by TLS.

    Each line keeps the length-weighted moments of its segments' end points, so adding a
    segment refits it in constant time (the 2x2 scatter's smaller eigenvector,
    :func:`_smaller_eigenvector`). The loop runs on Python floats but for the test
    against every line so far: a NumPy call per step costs more than its arithmetic.
    """
    if len(seg) == 0:
        return _Lines(np.zeros((0, 2)), np.zeros(0), np.zeros(0))
    d = seg[:, 2:] - seg[:, :2]
    length = np.hypot(d[:, 0], d[:, 1])
    order = np.argsort(-length)
    cap = len(seg)
    normals = np.zeros((cap, 2))
    offsets = np.zeros(cap)
    support = [0.0] * cap
    mom = [[0.0] * 6 for _ in range(cap)]  # weight, Σx, Σy, Σxx, Σxy, Σyy (length-weighted)
    n_lines = 0
    cos_tol = math.cos(math.radians(MERGE_DEG))
    segs, ds, lengths = seg.tolist(), d.tolist(), length.tolist()
    for i in order.tolist():
        ln = lengths[i]
        u0, u1 = ds[i][0] / ln, ds[i][1] / ln
        ax, ay, bx, by = segs[i]
        g = -1
        if n_lines:
            gn, go = normals[:n_lines], offsets[:n_lines]
            n = np.array([-u1, u0])
            fit = (np.abs(gn @ n) >= cos_tol) & (
                np.maximum(np.abs(gn @ seg[i, :2] - go), np.abs(gn @ seg[i, 2:] - go)) <= MERGE_PX
            )
            first = int(fit.argmax())  # the first line it fits, if any
            g = first if fit[first] else -1
        if g < 0:
            g = n_lines
            n_lines += 1
        wt = ln
        m = mom[g]
        m[0] += wt * 2.0
        m[1] += wt * (ax + bx)
        m[2] += wt * (ay + by)
        m[3] += wt * (ax * ax + bx * bx)
        m[4] += wt * (ax * ay + bx * by)
        m[5] += wt * (ay * ay + by * by)
        support[g] += wt
        cx, cy = m[1] / m[0], m[2] / m[0]
        if support[g] > wt:  # a second segment or more: refit (a line of one keeps its own)
            nx, ny = _smaller_eigenvector(
                m[3] / m[0] - cx * cx, m[4] / m[0] - cx * cy, m[5] / m[0] - cy * cy
            )
        else:
            nx, ny = -u1, u0
        normals[g, 0], normals[g, 1] = nx, ny
        offsets[g] = float(normals[g] @ np.array([cx, cy]))
    return _Lines(normals[:n_lines].copy(), offsets[:n_lines].copy(), np.array(support[:n_lines]))


def _smaller_eigenvector(a: float, b: float, c: float) -> tuple[float, float]:
    """The unit eigenvector of the smaller eigenvalue of [[a, b], [b, c]], as LAPACK's
    ``dsyevd`` (``np.linalg.eigh``) returns it for a 2x2 matrix, sign included: its
    ``dsteqr`` step (the off-diagonal test, ``dlaev2``, the ascending sort) transcribed,
    at a tenth of ``eigh``'s call overhead."""
    if abs(b) <= math.sqrt(abs(a)) * math.sqrt(abs(c)) * _EPS:
        return (0.0, 1.0) if c < a else (1.0, 0.0)  # diagonal: the unit vectors, sorted
    sm, df, tb = a + c, a - c, b + b
    adf, ab = abs(df), abs(tb)
    acmx, acmn = (a, c) if abs(a) > abs(c) else (c, a)
    if adf > ab:
        rt = adf * math.sqrt(1.0 + (ab / adf) ** 2)
    elif adf < ab:
        rt = ab * math.sqrt(1.0 + (adf / ab) ** 2)
    else:
        rt = ab * math.sqrt(2.0)
    if sm < 0.0:
        rt1, sgn1 = 0.5 * (sm - rt), -1
        rt2 = (acmx / rt1) * acmn - (b / rt1) * b
    elif sm > 0.0:
        rt1, sgn1 = 0.5 * (sm + rt), 1
        rt2 = (acmx / rt1) * acmn - (b / rt1) * b
    else:
        rt1, rt2, sgn1 = 0.5 * rt, -0.5 * rt, 1
    if df >= 0.0:
        cs, sgn2 = df + rt, 1
    else:
        cs, sgn2 = df - rt, -1
    if abs(cs) > ab:
        ct = -tb / cs
        sn1 = 1.0 / math.sqrt(1.0 + ct * ct)
        cs1 = ct * sn1
    else:
        tn = -cs / tb
        cs1 = 1.0 / math.sqrt(1.0 + tn * tn)
        sn1 = tn * cs1
    if sgn1 == sgn2:
        cs1, sn1 = -sn1, cs1
    # (cs1, sn1) is rt1's vector, (-sn1, cs1) rt2's; the sort puts rt2 first if smaller
    return (-sn1, cs1) if rt2 < rt1 else (cs1, sn1)


#: LAPACK's relative machine precision (``dlamch('E')``: half of float64's epsilon).
_EPS = float(np.finfo(np.float64).eps) / 2


def _intersect(n1: np.ndarray, o1: np.ndarray, n2: np.ndarray, o2: np.ndarray) -> np.ndarray:
    """Intersections of lines n1·p = o1 and n2·p = o2 (broadcast), shape (..., 2)."""
    det = n1[..., 0] * n2[..., 1] - n1[..., 1] * n2[..., 0]
    det = np.where(np.abs(det) < 1e-9, 1e-9, det)
    x = (o1 * n2[..., 1] - o2 * n1[..., 1]) / det
    y = (n1[..., 0] * o2 - n2[..., 0] * o1) / det
    return np.stack([x, y], axis=-1)


def _on_edge(
    img: np.ndarray, px: np.ndarray, py: np.ndarray, n: np.ndarray, tang: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which points (``px``, ``py``) lie on a step edge across normal ``n`` (..., 2), and
    in frame.

    ``img`` (h, w, c) float32. A point is on a step when, :data:`STEP_OFFSET_PX` either
    side of it across the line, some channel differs by at least :data:`STEP_GREY`
    (colour, not only grey: a dark green band against dark grey gravel still counts), and
    by :data:`ANISOTROPY` times what it differs along the line (grass and gravel step
    every way; an edge only across).
    """
    h, w = img.shape[:2]
    inside = (px >= 4) & (px <= w - 5) & (py >= 4) & (py <= h - 5)
    # one row per pixel: a gather along the first axis is several times faster than
    # indexing (y, x) of the 3-D image, for the same values
    flat = img.reshape(h * w, -1)

    def at(op: np.ufunc, sx: np.ndarray, sy: np.ndarray) -> np.ndarray:
        # the pixel nearest p + or - the shift, clamped to the frame; x and y apart, in
        # place (np.clip costs five times these)
        x = op(px, sx)
        x += 0.5
        xi = x.astype(np.intp)
        y = op(py, sy)
        y += 0.5
        yi = y.astype(np.intp)
        np.minimum(np.maximum(xi, 0, out=xi), w - 1, out=xi)
        np.minimum(np.maximum(yi, 0, out=yi), h - 1, out=yi)
        yi *= w
        yi += xi
        return np.asarray(np.take(flat, yi, axis=0))

    def step(u: np.ndarray) -> np.ndarray:
        # the largest channel step; a reduction over a last axis of 3 is slow in numpy
        sx, sy = u[..., 0] * STEP_OFFSET_PX, u[..., 1] * STEP_OFFSET_PX
        d = np.abs(at(np.add, sx, sy) - at(np.subtract, sx, sy))
        return np.asarray(np.maximum.reduce([d[..., c] for c in range(d.shape[-1])]))

    # the samples STEP_OFFSET_PX either side straddle the edge even when the line is a
    # px or two off it
    across = step(n)
    along = step(tang)
    on = (across >= STEP_GREY) & (across >= ANISOTROPY * along)
    return on & inside, inside


def _step_support(
    img: np.ndarray, a: np.ndarray, b: np.ndarray, samples: int = 48
) -> tuple[np.ndarray, np.ndarray]:
    """Support of sides a->b (..., 2): share of in-frame samples on a step edge, and the
    share of the side inside the frame."""
    t = (np.arange(samples) + 0.5) / samples
    d = b - a
    # the samples a + (b - a) t, x and y apart (..., S)
    px = a[..., 0, None] + d[..., 0, None] * t
    py = a[..., 1, None] + d[..., 1, None] * t
    ln = np.maximum(np.hypot(d[..., 0], d[..., 1]), 1e-9)
    n = np.stack([-d[..., 1] / ln, d[..., 0] / ln], axis=-1)[..., None, :]
    tang = np.stack([d[..., 0] / ln, d[..., 1] / ln], axis=-1)[..., None, :]
    on, inside = _on_edge(img, px, py, n, tang)
    n_in = np.count_nonzero(inside, axis=-1)
    return np.count_nonzero(on, axis=-1) / np.maximum(n_in, 1), n_in / samples


@dataclass(frozen=True)
class _Profiles:
    """Step edges along whole lines, sampled every PROFILE_STEP px from ``origin``."""

    origin: np.ndarray  # (L, 2) the point of each line nearest the image's centre
    direction: np.ndarray  # (L, 2) unit
    on: np.ndarray  # (L, S + 1) cumulative count of samples on a step edge
    inside: np.ndarray  # (L, S + 1) cumulative count of samples inside the frame
    t0: float  # parameter of the first sample


#: Spacing (working px) of the samples along a line.
PROFILE_STEP = 1.5


def _profiles(img: np.ndarray, normal: np.ndarray, offset: np.ndarray) -> _Profiles:
    """Each line's step-edge profile over the whole frame, as cumulative counts.

    A side between two crossings is then judged by two look-ups: the cost is the lines',
    not the candidate quads'.
    """
    h, w = img.shape[:2]
    c = np.array([(w - 1) / 2.0, (h - 1) / 2.0])
    direction = np.stack([-normal[:, 1], normal[:, 0]], axis=-1)
    origin = c - (normal @ c - offset)[:, None] * normal
    half = math.hypot(w, h) / 2
    t = np.arange(-half, half + PROFILE_STEP, PROFILE_STEP)
    px = origin[:, 0, None] + t[None, :] * direction[:, 0, None]
    py = origin[:, 1, None] + t[None, :] * direction[:, 1, None]
    on, inside = _on_edge(img, px, py, normal[:, None, :], direction[:, None, :])
    zero = np.zeros((len(offset), 1))
    return _Profiles(
        origin,
        direction,
        np.hstack([zero, np.cumsum(on, axis=1)]),
        np.hstack([zero, np.cumsum(inside, axis=1)]),
        float(t[0]),
    )


def _side_support(pr: _Profiles, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Support and seen share of sides a->b (L, K, 2) lying on the profiles' L lines."""
    ta = ((a - pr.origin[:, None, :]) * pr.direction[:, None, :]).sum(-1)
    tb = ((b - pr.origin[:, None, :]) * pr.direction[:, None, :]).sum(-1)
    n = pr.on.shape[1] - 1
    ia = np.clip(np.rint((np.minimum(ta, tb) - pr.t0) / PROFILE_STEP), 0, n).astype(np.intp)
    ib = np.clip(np.rint((np.maximum(ta, tb) - pr.t0) / PROFILE_STEP), 0, n).astype(np.intp)
    rows = np.arange(len(pr.origin))[:, None]
    on = pr.on[rows, ib] - pr.on[rows, ia]
    inside = pr.inside[rows, ib] - pr.inside[rows, ia]
    total = np.maximum(np.abs(tb - ta) / PROFILE_STEP, 1.0)
    return on / np.maximum(inside, 1.0), np.minimum(inside / total, 1.0)


def _order(lines: _Lines, horizontal: bool) -> np.ndarray:
    """Indices of the family's lines (normal mostly along y for horizontal lines)."""
    ny = np.abs(lines.normal[:, 1])
    fam = np.nonzero(ny >= math.sqrt(0.5) if horizontal else ny < math.sqrt(0.5))[0]
    return fam[np.argsort(-lines.support[fam])][:LINES_PER_FAMILY]


def _convex(q: np.ndarray) -> np.ndarray:
    """Convex with TL, TR, BR, BL winding (y down), for quads of shape (..., 4, 2)."""
    a, b, c = q, np.roll(q, -1, axis=-2), np.roll(q, -2, axis=-2)
    cross = (b[..., 0] - a[..., 0]) * (c[..., 1] - b[..., 1]) - (b[..., 1] - a[..., 1]) * (
        c[..., 0] - b[..., 0]
    )
    return np.asarray((cross > 0).all(-1))


def _corner_angles(q: np.ndarray) -> np.ndarray:
    prev, nxt = np.roll(q, 1, axis=-2) - q, np.roll(q, -1, axis=-2) - q
    cos = (prev * nxt).sum(-1) / np.maximum(
        np.linalg.norm(prev, axis=-1) * np.linalg.norm(nxt, axis=-1), 1e-9
    )
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1, 1))))


def _area(q: np.ndarray) -> np.ndarray:
    x, y = q[..., 0], q[..., 1]
    return np.asarray(
        0.5 * np.abs((x * np.roll(y, -1, axis=-1)).sum(-1) - (y * np.roll(x, -1, axis=-1)).sum(-1))
    )


def _contains(q: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Whether every point (P, 2) lies inside each convex quad (..., 4, 2)."""
    a = q[..., None, :, :]
    b = np.roll(q, -1, axis=-2)[..., None, :, :]
    p = pts[:, None, :]
    cross = (b[..., 0] - a[..., 0]) * (p[..., 1] - a[..., 1]) - (b[..., 1] - a[..., 1]) * (
        p[..., 0] - a[..., 0]
    )
    inside: np.ndarray = (cross >= 0).all(-1).all(-1)
    return inside


def _plausible(quads: np.ndarray, size: tuple[int, int], contains: np.ndarray | None) -> np.ndarray:
    """Which quads (Q, 4, 2) may be a photographed page: convex, corners of a rectangle
    seen within the issue's tilt and roll, big enough, near the frame, around the logo."""
    w, h = size
    ok = _convex(quads)
    ang = _corner_angles(quads)
    ok &= ((ang >= CORNER_DEG[0]) & (ang <= CORNER_DEG[1])).all(-1)
    ok &= _area(quads) >= MIN_PAGE_AREA * w * h
    # corners may leave the frame (a page partly out of it), but not by more than its size
    ok &= (quads[..., 0] > -w).all(-1) & (quads[..., 0] < 2 * w).all(-1)
    ok &= (quads[..., 1] > -h).all(-1) & (quads[..., 1] < 2 * h).all(-1)
    if contains is not None:
        # a logo the photo cuts off is on the page as far as the frame shows it
        ok &= _contains(quads, np.clip(contains, [0, 0], [w - 1, h - 1]))
    return np.asarray(ok)


def _assemble(
    X: np.ndarray,
    hor: np.ndarray,
    ver: np.ndarray,
    n0: int,
    sup_h: np.ndarray,
    seen_h: np.ndarray,
    sup_v: np.ndarray,
    seen_v: np.ndarray,
    P: np.ndarray,
    Q: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The quads (K, 4, 2) of horizontal pairs ``P`` with vertical pairs ``Q`` (indices
    into the pairs of :func:`find_outline`), TL TR BR BL, with each side's support, seen
    share, and whether it is the frame's edge (K, 4)."""
    hi, hj = np.triu_indices(len(hor), 1)
    vi, vj = np.triu_indices(len(ver), 1)
    a, b, c, d = hi[P], hj[P], vi[Q], vj[Q]
    top_first = (X[a, c, 1] + X[a, d, 1]) <= (X[b, c, 1] + X[b, d, 1])
    left_first = (X[a, c, 0] + X[b, c, 0]) <= (X[a, d, 0] + X[b, d, 0])
    top, bot = np.where(top_first, a, b), np.where(top_first, b, a)
    left, right = np.where(left_first, c, d), np.where(left_first, d, c)
    quads = np.stack([X[top, left], X[top, right], X[bot, right], X[bot, left]], axis=-2)
    sup = np.stack([sup_h[top, Q], sup_v[right, P], sup_h[bot, Q], sup_v[left, P]], axis=-1)
    seen = np.stack([seen_h[top, Q], seen_v[right, P], seen_h[bot, Q], seen_v[left, P]], -1)
    framed = np.stack([hor[top], ver[right], hor[bot], ver[left]], axis=-1) >= n0
    return quads, sup, seen, framed


def find_outline(
    rgb: np.ndarray, *, contains: np.ndarray | None = None
) -> tuple[np.ndarray, float, dict[str, float], np.ndarray] | str:
    """The page's quad (centre convention, working px) in a small RGB image, or why not.

    ``contains``: points (P, 2) that must lie inside the page (the logo's corners).
    Returns (quad, confidence, details, which sides are the frame's edge) or a reason
    string. Each side's support is
    computed once per line and pair of crossing lines, then shared by every quad using it.
    """
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    img = cv2.GaussianBlur(rgb, (0, 0), 1.0).astype(np.float32)
    lines = candidate_lines(grey, img)
    hor, ver = _order(lines, True), _order(lines, False)
    if len(hor) < 1 or len(ver) < 1 or len(hor) + len(ver) < 3:
        return f"{len(hor)} horizontal and {len(ver)} vertical lines, need 2 of each"
    # the frame's own edges stand in for a side the photo cut off (never trusted)
    h, w = grey.shape
    n0 = len(lines.offset)
    N = np.vstack([lines.normal, [[0, 1], [0, 1], [1, 0], [1, 0]]]).astype(np.float64)
    O = np.concatenate([lines.offset, [0.0, h - 1.0, 0.0, w - 1.0]])
    hor = np.concatenate([hor, [n0, n0 + 1]]).astype(np.intp)
    ver = np.concatenate([ver, [n0 + 2, n0 + 3]]).astype(np.intp)
    # X[i, j]: horizontal line i crossing vertical line j
    X = _intersect(N[hor][:, None], O[hor][:, None], N[ver][None, :], O[ver][None, :])
    hi, hj = np.triu_indices(len(hor), 1)
    vi, vj = np.triu_indices(len(ver), 1)
    # support of horizontal line i between the vertical pair p, and vice versa
    sup_h, seen_h = _side_support(_profiles(img, N[hor], O[hor]), X[:, vi], X[:, vj])
    Xt = X.transpose(1, 0, 2)
    sup_v, seen_v = _side_support(_profiles(img, N[ver], O[ver]), Xt[:, hi], Xt[:, hj])
    # every pair of horizontal lines (a, b) with every pair of vertical lines (c, d)
    fh, fv = hor >= n0, ver >= n0
    # a side cut off by the frame is judged on what is seen of it; one hardly seen at all
    # cannot support the page
    seen_h_ok = ((sup_h >= SIDE_SUPPORT) & (seen_h >= 0.15)) | fh[:, None]
    seen_v_ok = ((sup_v >= SIDE_SUPPORT) & (seen_v >= 0.15)) | fv[:, None]
    # the geometry is tested on the quads whose sides could be the page's only (most are
    # not): the same choice, at a fraction of the cost; on every quad when none is left,
    # for the reason given. Which of a pair is the top (left) does not matter to this
    # test, so it is made on the pairs before any quad is assembled
    P, Q = np.meshgrid(np.arange(len(hi)), np.arange(len(vi)), indexing="ij")
    pre = seen_h_ok[hi[P], Q] & seen_h_ok[hj[P], Q] & seen_v_ok[vi[Q], P] & seen_v_ok[vj[Q], P]
    pre &= fh[hi[P]].astype(int) + fh[hj[P]] + fv[vi[Q]] + fv[vj[Q]] <= 1
    inside = None if contains is None or not len(contains) else contains
    keep = np.flatnonzero(pre)
    quads, sup, seen, framed = _assemble(
        X, hor, ver, n0, sup_h, seen_h, sup_v, seen_v, P.ravel()[keep], Q.ravel()[keep]
    )
    ok = _plausible(quads, (w, h), inside)
    if not ok.any():
        quads, sup, seen, framed = _assemble(
            X, hor, ver, n0, sup_h, seen_h, sup_v, seen_v, P.ravel(), Q.ravel()
        )
        ok = _plausible(quads, (w, h), inside)
    side_seen = (sup >= SIDE_SUPPORT) & (seen >= 0.15)
    n_framed = framed.sum(-1)
    area = _area(quads)
    if not ok.any():
        return f"no convex quad from {len(hor)}x{len(ver)} lines contains the logo"
    # a side at the frame's edge is taken only when no quad has four sides of its own
    side_ok = ok & side_seen.all(-1) & (n_framed == 0)
    partial = not side_ok.any()
    if partial:
        side_ok = ok & (side_seen | framed).all(-1) & (n_framed == 1)
    if not side_ok.any():
        cand = np.nonzero(ok)[0]
        best = cand[int(np.argmax(np.where(framed[cand], 1.0, sup[cand]).min(-1)))]
        return (
            f"no quad with every side on a step edge (best side support "
            f"{np.where(framed[best], 1.0, sup[best]).min():.2f}, need {SIDE_SUPPORT})"
        )
    real = seen * ~framed
    support = np.where(side_ok, (sup * real).sum(-1) / np.maximum(real.sum(-1), 1e-9), 0.0)
    # the page is the largest quad whose support is near the best: a panel or a band
    # inside the page has sides as sharp as the page's own
    near = side_ok & (support >= support.max() - SUPPORT_SLACK)
    best = int(np.argmax(np.where(near, area, -1.0)))
    return (
        push_out(img, quads[best], keep=framed[best]),
        float(support[best]),
        {
            "lines": float(n0),
            "candidates": float(side_ok.sum()),
            "partial": float(partial),
        },
        framed[best],
    )


#: How far (share of the side's length) a side is looked past for the page's real edge.
PUSH_SHARE = 0.12
#: Turns (deg) tried for each pushed side: a band's edge and the page's are parallel on
#: the page, not quite in a perspective photo.
PUSH_TURN_DEG = (-0.6, 0.0, 0.6)


def _line_through(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    d = b - a
    n = np.array([-d[1], d[0]]) / max(float(np.hypot(*d)), 1e-9)
    return n, float(n @ a)


def push_out(img: np.ndarray, quad: np.ndarray, keep: np.ndarray | None = None) -> np.ndarray:
    """The quad with each side moved out to the outermost step edge just past it.

    A poster's footer or header band, or a border, has an edge parallel to the page's
    and as sharp; when the page's own edge was not among the lines (against grass, it
    breaks into short segments), the quad stops at the band. Each side is slid outward
    by up to :data:`PUSH_SHARE` of its length, turned slightly, and the farthest position
    on a step edge as well as the side itself (within :data:`SUPPORT_SLACK`) is kept: a
    wall's texture lines up along a side now and then, never all along it.
    """
    q = np.asarray(quad, np.float64)
    lines = []
    for k in range(4):
        a, b = q[k], q[(k + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        out = np.array([d[1], -d[0]]) / max(length, 1e-9)  # outward for TL TR BR BL, y down
        mid = (a + b) / 2
        best = (a, b)
        if keep is not None and keep[k]:
            lines.append(_line_through(*best))
            continue
        offs = np.arange(1.0, max(2.0, PUSH_SHARE * length), 1.0)
        turns = np.radians(PUSH_TURN_DEG)
        c, s_ = np.cos(turns), np.sin(turns)
        rot = np.stack([np.stack([c, -s_], -1), np.stack([s_, c], -1)], -2)  # (T, 2, 2)
        ha, hb = a - mid, b - mid
        ra = mid + ha @ rot.transpose(0, 2, 1)  # (T, 2)
        rb = mid + hb @ rot.transpose(0, 2, 1)
        pa = ra[None, :, :] + offs[:, None, None] * out
        pb = rb[None, :, :] + offs[:, None, None] * out
        sup, seen = _step_support(img, pa, pb)
        here = float(_step_support(img, a, b)[0])
        ok = (sup >= max(SIDE_SUPPORT, here - SUPPORT_SLACK)) & (seen >= 0.15)
        if ok.any():
            oi, ti = np.nonzero(ok)
            j = int(np.argmax(offs[oi] + 1e-3 * sup[oi, ti]))
            best = (pa[oi[j], ti[j]], pb[oi[j], ti[j]])
        lines.append(_line_through(*best))
    n = np.array([ln[0] for ln in lines])
    o = np.array([ln[1] for ln in lines])
    corners = [_intersect(n[(k - 1) % 4], o[(k - 1) % 4], n[k], o[k]) for k in range(4)]
    return np.array(corners)


#: Refinement of each side at full resolution: the edge is searched this far (working px)
#: inside and outside where the working image put the side. Its step test looks
#: STEP_OFFSET_PX either side, so a side pushed out to the last position on a step lies
#: up to that far outside the edge (2.5 px on the benchmark's photographs, median), more
#: where the paper's shadow darkens the wall beside it (6 px); a border's outer edge may
#: lie as far out as the border is wide.
REFINE_REACH = (3 * STEP_OFFSET_PX, 2 * STEP_OFFSET_PX)
#: Samples along a side (the corners' ends left out: there the other side's edge is).
REFINE_SAMPLES = 48
REFINE_ENDS = 0.06
#: A sample's edge is its strongest colour step across the side; the line is fitted to
#: those within REFINE_INLIER (photo px, or half a working px when coarser) of it.
REFINE_INLIER = 1.5
#: The refined side replaces the coarse one when this share of the samples is on it.
REFINE_SHARE = 0.5
#: ... and at least this many samples: a side the frame cuts to a short run is
#: confirmed on as many samples as the least a side could be before pairs were drawn
#: within its run in frame (half the samples in frame, of just over half the side:
#: 12). A run of 15 in frame with 8 on a line was the gravel beside a page.
REFINE_MIN_ON = REFINE_SAMPLES // 4
#: A profile's step counts when it is at least this share of the profile's strongest: a
#: shadow's soft ramp on the wall is a fifth of the paper's edge or less.
REFINE_PEAK = 0.4


def _colour_step(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|a - b| over the last axis (the channels): ``np.linalg.norm(a - b, axis=-1)``'s
    values, its sum of squares in the same order, without its slow reduction over an
    axis of 3."""
    d = a - b
    d *= d
    total = d[..., 0]
    for c in range(1, d.shape[-1]):
        total = total + d[..., c]
    return np.asarray(np.sqrt(total))


def refine_side(
    rgb: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    reach: tuple[float, float],
    *,
    inlier: float,
    across: float,
) -> tuple[np.ndarray, float, float] | None:
    """The side a->b (photo px, centre convention) fitted to the page's edge near it.

    Along REFINE_SAMPLES normals (``a``->``b`` runs clockwise, so the outward normal is
    on its left in image coordinates), the colour profile, averaged over three taps
    along the side against noise, is differentiated; each profile's strongest steps
    (local maxima of at least :data:`REFINE_PEAK` of its largest and :data:`STEP_GREY`)
    are taken to sub-pixel by a parabola. A step must also be one ``across`` px either
    side (the colours there differ by half the peak): a mortar line or a stroke is a thin
    ridge, its two flanks are steps only close up. ``reach``: how far (photo px) the edge
    is looked for inside and outside the side. Lines through two such points half a side
    apart are scored by how many samples have a step on them; of the lines on
    :data:`REFINE_SHARE` of the samples in frame (and :data:`REFINE_MIN_ON` at least)
    that do not meet a better-supported line within the side (:func:`_meets_stronger`:
    a mortar course crossing the side, a line at a slant across a border's two edges)
    the outermost at the side's middle is the page's edge (a border's inner edge and a
    margin's printed area lie inside it, parallel to it, a wall's texture lines up along
    a side now and then, never along half of it) and is refitted by total least squares.
    Returns (unit normal, offset, share of the samples on it), or None when fewer than
    six samples show a step.
    """
    h, w = rgb.shape[:2]
    d = b - a
    length = float(np.hypot(*d))
    if length < 8:
        return None
    tang = d / length
    n = np.array([tang[1], -tang[0]])  # outward
    t = np.linspace(REFINE_ENDS, 1 - REFINE_ENDS, REFINE_SAMPLES)
    base = a + t[:, None] * d  # (S, 2)
    step = 0.5
    kk = max(1, round(across / step))
    u = np.arange(-reach[0] - kk * step, reach[1] + (kk + 1) * step, step)  # (U,)
    taps = np.array([-1.5, 0.0, 1.5])
    inside = (base[:, 0] >= 2) & (base[:, 0] <= w - 3) & (base[:, 1] >= 2) & (base[:, 1] <= h - 3)
    n_in = int(inside.sum())
    if n_in < 6:
        return None
    # the sample points base + u n + tap tang (S, U, taps), x and y apart
    mx, my = (
        (base[:, k, None, None] + u[None, :, None] * n[k] + taps[None, None, :] * tang[k])
        .astype(np.float32)
        .reshape(len(t), -1)
        for k in (0, 1)
    )
    col = cv2.remap(rgb, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    col = col.reshape(len(t), len(u), len(taps), -1).astype(np.float32)
    # the taps' mean (S, U, C), summed in mean's order: a reduction over an axis of 3 is slow
    col = (col[:, :, 0] + col[:, :, 1] + col[:, :, 2]) / np.float32(len(taps))
    # colour step between the points half a px either side (1 px apart)
    g = _colour_step(col[:, 2:], col[:, :-2])  # (S, U - 2) at u[1:-1]
    uc = u[1:-1]
    peak = np.zeros_like(g, dtype=bool)
    peak[:, 1:-1] = (g[:, 1:-1] >= g[:, :-2]) & (g[:, 1:-1] > g[:, 2:])
    peak &= g >= np.maximum(STEP_GREY, REFINE_PEAK * g.max(1, keepdims=True))
    peak &= inside[:, None]
    # a step, not a ridge: the colours ``across`` either side differ too
    wide = np.zeros_like(g)
    wide[:, kk - 1 : g.shape[1] - kk + 1] = _colour_step(col[:, 2 * kk :], col[:, : -2 * kk])
    peak &= wide >= 0.5 * g
    peak[:, : kk - 1] = False
    peak[:, g.shape[1] - kk + 1 :] = False
    si, ki = np.nonzero(peak)
    # samples with a step (si is sorted: nonzero reads row by row)
    if not len(si) or 1 + np.count_nonzero(np.diff(si)) < 6:
        return None
    g0, g1, g2 = g[si, ki - 1], g[si, ki], g[si, ki + 1]
    den = g0 - 2 * g1 + g2
    frac = np.where(den < -1e-6, 0.5 * (g0 - g2) / np.where(den < -1e-6, den, -1.0), 0.0)
    off = uc[ki] + np.clip(frac, -0.5, 0.5) * step
    p = base[si] + off[:, None] * n  # candidate edge points (P, 2)
    # hypotheses: a point of sample i with a point of sample i + half (si is sorted: the
    # points of one sample are a run, found by its start and count). ``half`` is half
    # the side's run of in-frame samples (a segment inside the convex frame is one run):
    # half the whole side would pair every sample in frame with one past it when the
    # frame cuts the side in half or more
    span = np.flatnonzero(inside)
    half = max(1, (int(span[-1]) - int(span[0]) + 1) // 2)
    first = np.nonzero(si + half <= span[-1])[0]
    count = np.bincount(si, minlength=REFINE_SAMPLES + half)
    start = np.cumsum(count) - count
    k = count[si[first] + half]
    pair_a = np.repeat(first, k)
    if not len(pair_a):
        return None
    run = np.arange(len(pair_a)) - np.repeat(np.cumsum(k) - k, k)
    pair_b = np.repeat(start[si[first] + half], k) + run
    q0, q1 = p[pair_a], p[pair_b]
    dd = q1 - q0
    ln = np.maximum(np.hypot(dd[:, 0], dd[:, 1]), 1e-9)
    nn = np.stack([-dd[:, 1], dd[:, 0]], -1) / ln[:, None]  # (H, 2)
    oo = (nn * q0).sum(-1)
    near = np.abs(p @ nn.T - oo) <= inlier  # (P, H)
    # samples with a step on each line (one count per sample)
    on = np.zeros((REFINE_SAMPLES, len(oo)), dtype=bool)
    rows, begin = np.unique(si, return_index=True)
    on[rows] = np.logical_or.reduceat(near, begin, axis=0)
    support = on.sum(0)
    good = support >= max(REFINE_SHARE * n_in, REFINE_MIN_ON)
    if not good.any():
        return None
    # how far out each line lies at the middle of the side's run in frame (not at its
    # pair's midpoint, which falls anywhere from a quarter to three quarters along: a
    # line crossing the page's edge at a slant, through a border's inner edge at one end
    # and the wall's texture at the other, is as far out there as the edge, but farther
    # out than it three quarters along)
    mid = base[span].mean(0)
    cos = nn @ n
    outward = np.where(good, (oo - nn @ mid) / np.where(np.abs(cos) < 1e-9, 1e-9, cos), -np.inf)
    # a line that meets a better-supported one within the side (within the inlier
    # distance of it at one end of the run in frame and not at the other, or crossing
    # it) is not the page's edge: the page's straight structure (a border's inner edge,
    # a band) runs parallel to its edge, apart from it all along, while a wall's mortar
    # course crossing the side, or a line at a slant across the edges there, gathers
    # its support on part of the side only
    ends = np.stack([base[span[0]], base[span[-1]]])  # (2, 2)
    at = (oo[:, None] - nn @ ends.T) / np.where(np.abs(cos) < 1e-9, 1e-9, cos)[:, None]
    good &= ~_meets_stronger(at, support, good, inlier)
    outward = np.where(good, outward, -np.inf)
    # the outermost line, among those as far out as it the best supported
    far = good & (outward >= outward.max() - inlier)
    h_best = int(np.argmax(np.where(far, support, -1)))
    nb, ob = nn[h_best], float(oo[h_best])
    for _ in range(2):  # total least squares on its points, twice
        sel = p[np.abs(p @ nb - ob) <= inlier]
        if len(sel) < 2:
            break
        c = sel.mean(0)
        scatter = (sel - c).T @ (sel - c)
        nb = np.array(_smaller_eigenvector(scatter[0, 0], scatter[1, 0], scatter[1, 1]))
        ob = float(nb @ c)
    # the samples with a point on it (si is sorted, and so is any part of it)
    hit = si[np.abs(p @ nb - ob) <= inlier]
    share = float(np.count_nonzero(np.diff(hit)) + 1 if len(hit) else 0) / n_in
    return nb, ob, share


#: Distinct lines (the best supported first) a side's other candidate lines are tested
#: against by :func:`_meets_stronger`, a bound on the loop: the page's edge, a border's
#: or a band's inner edge, a shadow's and a wall's lines. On 363 sides refitted in the
#: dev photographs (benchmarks/photos.py seeds 29 and 43) the lines on half a side's
#: samples formed 1 to 8 distinct lines (1 on 256 sides, 3 or more on 29).
REFINE_RIVALS = 8


def _meets_stronger(
    at: np.ndarray, support: np.ndarray, good: np.ndarray, inlier: float
) -> np.ndarray:
    """Which lines meet or cross a better-supported distinct line within the side.

    ``at`` (H, 2): each line's offset along the side's normal at the two ends of its
    run in frame. Two lines are the same when within ``inlier`` at both ends, apart
    when one is outside the other by more than ``inlier`` at both ends; otherwise they
    meet within the side. The better-supported lines are taken one distinct line at a
    time (:data:`REFINE_RIVALS` at most), each with its own hypotheses left out.
    """
    out = np.zeros(len(at), dtype=bool)
    left = good.copy()
    for _ in range(REFINE_RIVALS):
        if not (left & ~out).any():
            break
        # a line already found to meet a stronger one rules no other out
        j = int(np.argmax(np.where(left & ~out, support, -1)))
        rel = at - at[j]
        same = (np.abs(rel) <= inlier).all(1)
        apart = (rel > inlier).all(1) | (rel < -inlier).all(1)
        out |= good & ~same & ~apart & (support < support[j])
        left &= ~same
    return out


def _in_frame_share(a: np.ndarray, b: np.ndarray, size: tuple[int, int]) -> float:
    """The share of :func:`refine_side`'s samples along a->b that lie in the frame."""
    w, h = size
    t = np.linspace(REFINE_ENDS, 1 - REFINE_ENDS, REFINE_SAMPLES)
    p = a + t[:, None] * (b - a)
    inside = (p[:, 0] >= 2) & (p[:, 0] <= w - 3) & (p[:, 1] >= 2) & (p[:, 1] <= h - 3)
    return float(inside.mean())


def refine_quad(
    rgb: np.ndarray, quad: np.ndarray, work_scale: float, keep: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The quad (photo px) with each side refitted to the edge at full resolution.

    Returns the refined quad and each side's share of samples on its fitted line (1.0
    for a side kept: one at the frame's edge). A side whose fit holds fewer than
    :data:`REFINE_SHARE` of its samples stays where the working image put it.
    """
    q = np.asarray(quad, np.float64)
    reach = (REFINE_REACH[0] / work_scale, REFINE_REACH[1] / work_scale)
    inlier = max(REFINE_INLIER, 0.5 / work_scale)
    across = STEP_OFFSET_PX / work_scale
    normals, offsets, shares = [], [], []
    for k in range(4):
        a, b = q[k], q[(k + 1) % 4]
        n0, o0 = _line_through(a, b)
        fit = (
            None
            if keep is not None and keep[k]
            else refine_side(rgb, a, b, reach, inlier=inlier, across=across)
        )
        if fit is not None and fit[2] >= REFINE_SHARE:
            nn, oo, sh = fit
            if float(nn @ n0) < 0:
                nn, oo = -nn, -oo
            normals.append(nn)
            offsets.append(oo)
            shares.append(sh)
        else:
            normals.append(n0)
            offsets.append(o0)
            shares.append(1.0 if fit is None and keep is not None and keep[k] else 0.0)
    nv, ov = np.array(normals), np.array(offsets)
    corners = [_intersect(nv[(k - 1) % 4], ov[(k - 1) % 4], nv[k], ov[k]) for k in range(4)]
    return np.array(corners), np.array(shares)


# ------------------------------------------------------------------- camera and aspect


def quad_homography(src: Quad, dst: Quad) -> Homography:
    """The homography taking four points onto four, solved in float64.

    (``cv2.getPerspectiveTransform`` works in float32 input: 1e-4 px off on a page.)
    """
    a = np.zeros((8, 8))
    rhs = np.zeros(8)
    for i, ((x, y), (u, v)) in enumerate(zip(np.asarray(src), np.asarray(dst), strict=True)):
        a[2 * i] = [x, y, 1, 0, 0, 0, -u * x, -u * y]
        a[2 * i + 1] = [0, 0, 0, x, y, 1, -v * x, -v * y]
        rhs[2 * i], rhs[2 * i + 1] = u, v
    return np.append(np.linalg.solve(a, rhs), 1.0).reshape(3, 3)


def page_aspect(
    quad: Quad,
    centre: tuple[float, float],
    *,
    focal: float | None = None,
    plausible: tuple[float, float] = (0.0, math.inf),
) -> tuple[float, float | None]:
    """Height / width of the rectangle imaged as ``quad``, and the focal length (px).

    Zhang & He (2007): with the principal point at ``centre``, the quad's corners fix the
    focal length unless a pair of sides is (nearly) parallel in the image; then, or when
    the solved focal length is not a phone's (:data:`FOCAL_RANGE`), ``focal`` is used
    when given (returned focal length None), else the affine ratio.
    """
    c = np.asarray(centre, np.float64)
    q = np.asarray(quad, np.float64) - c
    m1, m2, m4, m3 = (np.append(p, 1.0) for p in q)  # TL, TR, BR, BL as in the paper
    k2 = np.dot(np.cross(m1, m4), m3) / np.dot(np.cross(m2, m4), m3)
    k3 = np.dot(np.cross(m1, m4), m2) / np.dot(np.cross(m3, m4), m2)
    n2, n3 = k2 * m2 - m1, k3 * m3 - m1
    f = None
    if abs(n2[2]) > 1e-6 and abs(n3[2]) > 1e-6:
        f2 = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2])
        if f2 > 0 and plausible[0] <= math.sqrt(f2) <= plausible[1]:
            f = math.sqrt(f2)
    use = f if f is not None else focal
    if use is not None:
        a_inv = np.diag([1 / use, 1 / use, 1.0])
        wq = n2 @ a_inv @ a_inv @ n2
        hq = n3 @ a_inv @ a_inv @ n3
    else:
        wq, hq = n2[0] ** 2 + n2[1] ** 2, n3[0] ** 2 + n3[1] ** 2
    return float(math.sqrt(hq / wq)), f


def _camera_angles(hom: Homography, focal: float | None, centre: np.ndarray) -> float | None:
    """Tilt (deg) between the optical axis and the page's normal, from H = K [r1 r2 t]."""
    if focal is None:
        return None
    k_inv = np.array([[1 / focal, 0, -centre[0] / focal], [0, 1 / focal, -centre[1] / focal]])
    k_inv = np.vstack([k_inv, [0, 0, 1.0]])
    m = k_inv @ hom
    r1, r2 = m[:, 0] / np.linalg.norm(m[:, 0]), m[:, 1] / np.linalg.norm(m[:, 1])
    normal = np.cross(r1, r2)
    normal /= np.linalg.norm(normal)
    return float(math.degrees(math.acos(min(1.0, abs(float(normal[2]))))))


def _perspective_deg(q: np.ndarray, pairs: list[tuple[int, int]] | None = None) -> float:
    """Largest angle (deg) between opposite sides (of ``pairs``, default both): 0 for a
    parallelogram."""
    s = [q[(i + 1) % 4] - q[i] for i in range(4)]
    out = 0.0
    for i, j in [(0, 2), (1, 3)] if pairs is None else pairs:
        a, b = s[i], -s[j]
        cos = float(a @ b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-9)
        out = max(out, math.degrees(math.acos(min(1.0, max(-1.0, cos)))))
    return out


def plane_from_quad(
    quad: Quad,
    image_size: tuple[int, int],
    *,
    confidence: float,
    method: str = "outline",
    details: dict[str, float] | None = None,
) -> PagePlane:
    """The page plane given its outline in the photo (centre convention, photo px)."""
    w, h = image_size
    centre = ((w - 1) / 2.0, (h - 1) / 2.0)
    q = np.asarray(quad, np.float64)
    diag = math.hypot(w, h)
    plausible = (FOCAL_RANGE[0] * diag, FOCAL_RANGE[1] * diag)
    aspect, focal = page_aspect(q, centre, plausible=plausible)
    if focal is None:
        # the quad does not fix the focal length (a pair of sides parallel): the ratio
        # then depends on it; over a phone's focal lengths it spans an interval, and a
        # page whose 1:√2 lies in it is taken as ISO 216
        never = (math.inf, math.inf)
        span = sorted(
            page_aspect(q, centre, focal=k * diag, plausible=never)[0] for k in PHONE_FOCAL_RANGE
        )
        aspect = page_aspect(q, centre, focal=PHONE_FOCAL * diag, plausible=never)[0]
        for ratio in (ISO216_RATIO, 1 / ISO216_RATIO):
            if span[0] * (1 - ISO216_TOLERANCE) <= ratio <= span[1] * (1 + ISO216_TOLERANCE):
                aspect = ratio
    iso = (
        abs(aspect / ISO216_RATIO - 1) <= ISO216_TOLERANCE
        or abs(aspect * ISO216_RATIO - 1) <= ISO216_TOLERANCE
    )
    if iso:
        aspect = ISO216_RATIO if aspect > 1 else 1 / ISO216_RATIO
    pw = 0.5 * (np.hypot(*(q[1] - q[0])) + np.hypot(*(q[2] - q[3])))
    ph = pw * aspect
    hom = quad_homography(geo.frame_corners(pw, ph), q)
    ps = geo.pose(hom, pw, ph)
    tilt = _camera_angles(hom, focal, np.asarray(centre))
    return PagePlane(
        homography=hom,
        quad=q,
        size=(float(pw), float(ph)),
        aspect=float(aspect),
        iso216=bool(iso),
        focal_px=focal,
        roll_deg=float(ps.angle_deg),
        tilt_deg=tilt,
        confidence=float(confidence),
        method=method,
        perspective_deg=_perspective_deg(q),
        area_share=float(min(1.0, geo.polygon_area(q) / (w * h))),
        details=dict(details or {}),
    )


def find_page(rgb: RGBImage, *, contains: np.ndarray | None = None) -> PagePlane | NoPlane:
    """The page plane of a photograph, or a falsy :class:`NoPlane` saying why.

    ``rgb``: ndarray of shape (H, W, 3), uint8. ``contains``: points (P, 2), photo px,
    centre convention, that must lie on the page (the logo's corners).
    """
    h, w = rgb.shape[:2]
    s = min(1.0, WORK_SIDE / max(h, w))
    small: np.ndarray = rgb
    k = int(1 / s) if s < 1 else 1
    if k >= 2 and w % k == 0 and h % k == 0:
        # an integer factor first: OpenCV's area resize is several times faster for one
        small = cv2.resize(rgb, (w // k, h // k), interpolation=cv2.INTER_AREA)
    if s < 1:
        small = cv2.resize(small, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
    to_work = geo.scale_matrix(small.shape[1] / w, small.shape[0] / h)
    pts = None if contains is None else geo.apply(to_work, contains)
    found = find_outline(small, contains=pts)
    if isinstance(found, str):
        return NoPlane(f"page outline not found: {found}")
    quad, conf, details, framed = found
    q = geo.apply(np.asarray(np.linalg.inv(to_work), np.float64), quad)
    # a side the frame cuts to half its length or less is refitted on the part in frame
    # (placed, so the plane may be trusted), but that part is too short to tell the
    # page's slant by: on a scan cut by the frame, a line through the poster's picture
    # was refitted so and read as a side converging by 32°. It is not ``confirmed``
    # (what recognise and the vanishing points' check read).
    short = [_in_frame_share(q[k], q[(k + 1) % 4], (w, h)) <= 0.5 for k in range(4)]
    q, shares = refine_quad(rgb, q, s, keep=framed)
    # a side the full resolution does not confirm (no edge along half of it) may be a
    # wall's straight structure the working image took for the page's side
    details["unrefined_sides"] = float((shares <= 0).sum())
    details["confirmed_sides"] = float(
        sum(1 << k for k in range(4) if shares[k] > 0 and (framed[k] or not short[k]))
    )
    details["framed_side"] = float(np.argmax(framed)) if framed.any() else -1.0
    method = "outline, one side at the frame's edge" if details.get("partial") else "outline"
    details["work_scale"] = s
    details["width"], details["height"] = float(w), float(h)
    return plane_from_quad(q, (w, h), confidence=conf, method=method, details=details)


# ------------------------------------------------------------ vanishing points (fallback)

#: Segments (working px) used for vanishing points: at least this long ...
VP_MIN_SEGMENT = 12.0
#: ... in one family when within this angle (deg) of the family's direction in the image
#: (a page's parallel lines converge: at a 35° tilt they spread by up to ~20° over a page).
VP_FAMILY_DEG = 25.0
#: A segment passes through a vanishing point when its end points lie within this
#: (working px) of the line from its middle to the point.
VP_INLIER_PX = 0.75
#: The longest segments of each family that hypotheses are drawn from (every pair).
VP_HYPOTHESES = 40
#: The logo's own edges are left out (a rotated logo is what is judged): its quad grown
#: by this share of its size.
VP_LOGO_MARGIN = 0.15
#: The outline's region is grown by this share so that segments on its sides count.
VP_REGION_GROW = 0.03
#: Around a logo with no outline, segments are looked for this many logo diagonals away.
VP_REGION = 3.0


def _segment_lines(seg: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Homogeneous lines (N, 3), unit direction angles (deg, [0, 180)) and lengths."""
    a, b = seg[:, :2], seg[:, 2:]
    d = b - a
    length = np.hypot(d[:, 0], d[:, 1])
    ang = np.degrees(np.arctan2(d[:, 1], d[:, 0])) % 180.0
    n = np.stack([-d[:, 1], d[:, 0]], -1) / np.maximum(length, 1e-9)[:, None]
    lines = np.column_stack([n, -(n * a).sum(-1)])
    return lines, ang, length


def vanishing_point(seg: np.ndarray, *, scale: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The vanishing point (homogeneous, centred and scaled coords) most segments meet at.

    ``seg``: (N, 4) segments, already centred on the principal point and divided by
    ``scale`` (so a point at infinity is well conditioned). Every pair of the
    :data:`VP_HYPOTHESES` longest is a hypothesis; a segment supports one when its end
    points lie within :data:`VP_INLIER_PX` (working px, here / ``scale``) of the line from
    its middle to the point; the best is refitted by weighted least squares (the
    smallest eigenvector of Σ w l lᵀ over its segments' lines). Returns the point and the mask of its segments, or None with fewer than 2.
    """
    if len(seg) < 2:
        return None
    lines, _, length = _segment_lines(seg)
    order = np.argsort(-length)[:VP_HYPOTHESES]
    i, j = np.triu_indices(len(order), 1)
    hyp = np.cross(lines[order[i]], lines[order[j]])  # (H, 3)
    hyp /= np.maximum(np.linalg.norm(hyp, axis=1, keepdims=True), 1e-12)
    mid = np.column_stack([(seg[:, :2] + seg[:, 2:]) / 2, np.ones(len(seg))])
    tol = VP_INLIER_PX / scale

    def support(v: np.ndarray) -> np.ndarray:
        # distance of each segment's end point from the line through its middle and v
        through = np.cross(mid[:, None, :], v[None, :, :])  # (N, H, 3)
        nrm = np.maximum(np.hypot(through[..., 0], through[..., 1]), 1e-12)
        dist = (
            np.abs(
                through[..., 0] * seg[:, None, 0]
                + through[..., 1] * seg[:, None, 1]
                + through[..., 2]
            )
            / nrm
        )
        return np.asarray(dist <= tol)

    on = support(hyp)  # (N, H)
    score = (on * length[:, None]).sum(0)
    best = int(np.argmax(score))
    inl = on[:, best]
    if inl.sum() < 2:
        return None
    w = length[inl]
    lm = lines[inl]
    m = (lm * w[:, None]).T @ lm
    _, evec = np.linalg.eigh(m)
    v = evec[:, 0]
    return v, support(v[None, :])[:, 0]


def _orthonormal(d1: np.ndarray, d2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The orthonormal pair nearest (d1, d2): errors shared by both, not put on one."""
    u, _, vt = np.linalg.svd(np.column_stack([d1, d2]), full_matrices=False)
    r = u @ vt
    return r[:, 0], r[:, 1]


def plane_from_vanishing_points(
    v1: np.ndarray,
    v2: np.ndarray,
    image_size: tuple[int, int],
    anchor: np.ndarray,
    *,
    focal: float | None = None,
) -> tuple[Homography, float, str]:
    """Page->photo homography from the horizontal and vertical vanishing points.

    ``v1``, ``v2``: homogeneous, photo px. With the principal point at the photo's
    centre, orthogonal directions on the page give f² = -(v1·v2)/(w1 w2) (Liebowitz &
    Zisserman 1998); when that is not a phone's focal length (:data:`FOCAL_RANGE`; near
    a square-on view both points are far and it is ill-defined) ``focal`` or
    :data:`PHONE_FOCAL` is used. The page's x axis is v1's direction, its y axis v2's,
    one page unit about one photo px at ``anchor`` (photo px, a point on the page).
    Returns the homography, the focal length and where it came from.
    """
    w, h = image_size
    c = np.array([(w - 1) / 2.0, (h - 1) / 2.0])
    diag = math.hypot(w, h)
    p1 = np.array([v1[0] - c[0] * v1[2], v1[1] - c[1] * v1[2], v1[2]])
    p2 = np.array([v2[0] - c[0] * v2[2], v2[1] - c[1] * v2[2], v2[2]])
    f, source = (focal, "outline") if focal else (PHONE_FOCAL * diag, "assumed")
    ww = p1[2] * p2[2]
    if abs(ww) > 1e-12:
        f2 = -(p1[0] * p2[0] + p1[1] * p2[1]) / ww
        if f2 > 0 and FOCAL_RANGE[0] * diag <= math.sqrt(f2) <= FOCAL_RANGE[1] * diag:
            f, source = math.sqrt(f2), "vanishing points"
    assert f is not None
    k = np.array([[f, 0, c[0]], [0, f, c[1]], [0, 0, 1.0]])
    d1 = np.array([p1[0] / f, p1[1] / f, p1[2]])
    d2 = np.array([p2[0] / f, p2[1] / f, p2[2]])
    d1, d2 = _orthonormal(d1 / np.linalg.norm(d1), d2 / np.linalg.norm(d2))
    p0 = np.array([(anchor[0] - c[0]) / f, (anchor[1] - c[1]) / f, 1.0])

    def image_step(d: np.ndarray) -> np.ndarray:
        a = k @ p0
        b = k @ (p0 + 1e-3 * d)
        return np.asarray(b[:2] / b[2] - a[:2] / a[2])

    # page x to the photo's right and page y down, as a page is hung (not mirrored)
    if image_step(d1)[0] < 0:
        d1 = -d1
    if image_step(d2)[1] < 0:
        d2 = -d2
    hom = k @ np.column_stack([d1 / f, d2 / f, p0])
    return np.asarray(hom / hom[2, 2]), float(f), source


def fallback_plane(
    rgb: RGBImage, outline: PagePlane | NoPlane, *, contains: np.ndarray | None
) -> PagePlane | NoPlane:
    """The page plane from vanishing points when the outline is not trusted.

    The segments inside the outline (or, without one, around the logo, whose own edges
    are left out) form two families, roughly along and across the page's top edge; each
    family's vanishing point is estimated robustly (:func:`vanishing_point`) and the
    plane follows (:func:`plane_from_vanishing_points`). The method is
    ``"partial-outline"`` when the region is an outline with one side at the frame's
    edge, else ``"vanishing-points"``. Each point is estimated again from each half of
    its segments; how far the two halves' rectifications disagree (``details``:
    ``split_*``) is what :func:`trusted` judges it by.
    """
    h, w = rgb.shape[:2]
    s = min(1.0, WORK_SIDE / max(h, w))
    small: np.ndarray = rgb
    if s < 1:
        small = cv2.resize(rgb, (round(w * s), round(h * s)), interpolation=cv2.INTER_LINEAR)
    to_work = geo.scale_matrix(small.shape[1] / w, small.shape[0] / h)
    grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    img = small.astype(np.float32)
    seg = _channel_segments(_channels(grey, img), (1.0,))
    if len(seg) == 0:
        return NoPlane("no straight segments for vanishing points")
    length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    seg = seg[length >= VP_MIN_SEGMENT]
    mids = (seg[:, :2] + seg[:, 2:]) / 2
    logo = None if contains is None or not len(contains) else geo.apply(to_work, contains)
    partial = False
    if isinstance(outline, PagePlane):
        region = geo.apply(to_work, outline.quad)
        framed = int(outline.details.get("framed_side", -1))
        partial = framed >= 0
        # the outline bounds the region only: a side not trusted may be a band's edge,
        # and a side taken as a line would hide that from the halves' agreement below
    elif logo is not None:
        c = logo.mean(0)
        r = VP_REGION * float(np.linalg.norm(logo.max(0) - logo.min(0)))
        region = np.array([c + [-r, -r], c + [r, -r], c + [r, r], c + [-r, r]])
    else:
        return NoPlane("neither an outline nor a logo to look for the page's lines around")
    # the page's own sides lie on the region's boundary: grow it a little to keep them
    rc = region.mean(0)
    inside = _inside(rc + (region - rc) * (1 + VP_REGION_GROW), mids)
    if logo is not None:
        lc = logo.mean(0)
        inside &= ~_inside(lc + (logo - lc) * (1 + 2 * VP_LOGO_MARGIN), mids)
    seg = seg[inside]
    # the two families: around the direction of the region's top edge and across it
    top = region[1] - region[0]
    base_deg = math.degrees(math.atan2(top[1], top[0])) % 180.0
    ang = _segment_lines(seg)[1]
    off = (ang - base_deg + 90.0) % 180.0 - 90.0
    fam_h = np.abs(off) <= VP_FAMILY_DEG
    fam_v = np.abs(np.abs(off) - 90.0) <= VP_FAMILY_DEG
    centre = np.array([(small.shape[1] - 1) / 2.0, (small.shape[0] - 1) / 2.0])
    scale = float(max(small.shape))

    def norm_seg(x: np.ndarray) -> np.ndarray:
        return np.asarray((x - np.tile(centre, 2)) / scale)

    found = []
    for fam in (fam_h, fam_v):
        vp = vanishing_point(norm_seg(seg[fam]), scale=scale)
        if vp is None:
            return NoPlane(f"too few page lines for a vanishing point ({int(fam.sum())} segments)")
        v, inl = vp
        fs = norm_seg(seg[fam][inl])
        # the point again from each half of its segments (alternate by length): how far
        # the two disagree is how well the point is fixed
        hl, _, hlen = _segment_lines(fs)
        halves: list[np.ndarray] = []
        for part in (0, 1):
            pick = np.argsort(-hlen)[part::2]
            if len(pick) < 2:
                halves.append(v)
                continue
            scatter = (hl[pick] * hlen[pick, None]).T @ hl[pick]
            halves.append(np.linalg.eigh(scatter)[1][:, 0])
        fl = np.hypot(*(seg[fam][:, 2:] - seg[fam][:, :2]).T)
        found.append((v, int(inl.sum()), _spread(fs, v), halves, float(fl[inl].sum() / fl.sum())))
    (v1, n1, sp1, h1, l1), (v2, n2, sp2, h2, l2) = found
    # the vanishing line (the horizon of the page's plane) never crosses the page: lines
    # that meet on the page (a saucer's rim, a drawn perspective) are not its directions
    horizon = np.cross(v1, v2)
    rn = (region - centre) / scale
    side = rn @ horizon[:2] + horizon[2]
    clear = bool((side > 0).all() or (side < 0).all())
    # back to photo px: x_work = (x_norm * scale + centre), photo = inv(to_work)
    un = np.array([[scale, 0, centre[0]], [0, scale, centre[1]], [0, 0, 1.0]])
    back = np.linalg.inv(to_work) @ un
    v1p, v2p = back @ v1, back @ v2
    anchor = geo.apply(np.asarray(np.linalg.inv(to_work), np.float64), region.mean(0)[None])[0]
    focal = outline.focal_px if isinstance(outline, PagePlane) else None
    hom, f, source = plane_from_vanishing_points(v1p, v2p, (w, h), anchor, focal=focal)
    # the pose a square at the anchor takes between the two halves' rectifications
    ha = plane_from_vanishing_points(back @ h1[0], back @ h2[0], (w, h), anchor, focal=focal)[0]
    hb = plane_from_vanishing_points(back @ h1[1], back @ h2[1], (w, h), anchor, focal=focal)[0]
    sq = 0.1 * max(w, h)
    gap = geo.pose(
        np.asarray(np.linalg.inv(ha) @ hb, np.float64) @ geo.translation(-sq / 2, -sq / 2), sq, sq
    )
    # the page's extent: the region in the rectified frame
    inv = np.asarray(np.linalg.inv(hom), np.float64)
    rq = geo.apply(inv, geo.apply(np.asarray(np.linalg.inv(to_work), np.float64), region))
    x0, y0 = rq.min(0)
    x1, y1 = rq.max(0)
    hom = hom @ geo.translation(x0, y0)
    size = (float(x1 - x0), float(y1 - y0))
    quad = geo.apply(hom, geo.frame_corners(*size))
    ps = geo.pose(hom, *size)
    method = "partial-outline" if partial else "vanishing-points"
    # how far the outline's confirmed sides are from the rectified page's axes
    side_deg = 0.0
    if isinstance(outline, PagePlane):
        oq = geo.apply(np.asarray(np.linalg.inv(hom), np.float64), outline.quad)
        mask = int(outline.details.get("confirmed_sides", 0.0))
        framed_side = int(outline.details.get("framed_side", -1))
        for k in range(4):
            if mask >> k & 1 and k != framed_side:
                dk = oq[(k + 1) % 4] - oq[k]
                a = math.degrees(math.atan2(dk[1], dk[0])) % 90.0
                side_deg = max(side_deg, min(a, 90.0 - a))
    details = {
        "segments_h": float(n1),
        "segments_v": float(n2),
        "spread_h": float(sp1),
        "spread_v": float(sp2),
        "focal_from_vanishing_points": float(source == "vanishing points"),
        "focal_diagonals": f / math.hypot(w, h),
        "outline_side_deg": side_deg,
        "horizon_clear": float(clear),
        # the share of each family's segment length that meets at its point
        "inlier_h": l1,
        "inlier_v": l2,
        "split_angle_deg": abs(gap.angle_deg),
        "split_aspect": abs(math.log(gap.aspect)),
        "split_shear_deg": abs(gap.shear_deg),
        "work_scale": s,
        "width": float(w),
        "height": float(h),
    }
    return PagePlane(
        homography=hom,
        quad=quad,
        size=size,
        aspect=size[1] / max(size[0], 1e-9),
        iso216=False,
        focal_px=f,
        roll_deg=float(ps.angle_deg),
        tilt_deg=_camera_angles(hom, f, np.array([(w - 1) / 2.0, (h - 1) / 2.0])),
        # 1 when the halves of the segments agree exactly, 1/2 where trust ends
        confidence=1.0
        / (
            1.0
            + max(
                abs(gap.angle_deg) / VP_SPLIT_MAX["angle_deg"],
                abs(math.log(gap.aspect)) / VP_SPLIT_MAX["aspect"],
                abs(gap.shear_deg) / VP_SPLIT_MAX["shear_deg"],
            )
        ),
        method=method,
        perspective_deg=_perspective_deg(quad),
        area_share=float(min(1.0, geo.polygon_area(quad) / (w * h))),
        details=details,
    )


def _spread(seg: np.ndarray, v: np.ndarray) -> float:
    """How far apart (share of the image's long side) the segments lie across their
    direction towards the point v (homogeneous): lines close together fix where they
    meet poorly, lines far apart well."""
    mid = (seg[:, :2] + seg[:, 2:]) / 2
    c = mid.mean(0)
    d = v[:2] - c * v[2]
    d = d / max(float(np.hypot(*d)), 1e-12)
    return float(np.ptp(mid @ np.array([-d[1], d[0]])))


def _inside(quad: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Which points (P, 2) lie inside the convex quad (4, 2), TL TR BR BL winding."""
    a, b = quad, np.roll(quad, -1, axis=0)
    cross = (b[:, 0] - a[:, 0]) * (pts[:, None, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (
        pts[:, None, 0] - a[:, 0]
    )
    return np.asarray((cross >= 0).all(-1))


#: Long side (px) of the grey copy the sensor noise is estimated on (at most: the copy is
#: reduced by a whole factor, see :func:`sensor_noise`).
NOISE_SIDE = 1024
#: Side (px) of the blocks the noise is averaged over, in a copy of ``NOISE_SIDE`` px.
NOISE_BLOCK = 16
#: Noise (grey levels) at or below which the flattest parts of an image are clean: a
#: digital poster's flat areas are exactly flat (0.00 on every generated and bundled
#: poster), a camera's are not (0.04-2.6 on the benchmark's photographs, messenger
#: recompression included); a scan's are not either (0.1-0.3), and is told apart by its
#: outline. Files this clean are not searched for a page outline (that costs ~0.3 s).
NOISE_FLOOR = 0.01


def sensor_noise(rgb: RGBImage) -> float:
    """Noise (grey levels, σ) in the image's flattest parts: Immerkær's estimator per block.

    The Laplacian-difference mask of Immerkær (1996) responds to noise, not to flat areas
    or straight gradients; its mean over blocks, at the 10th percentile of blocks, is the
    noise where the image is flattest (text and texture are in other blocks).

    The grey copy is reduced by the smallest whole factor ``k`` that brings its long side
    to at most :data:`NOISE_SIDE` (OpenCV's box-filter path for whole factors costs a
    fraction of a fractional area resize: 1.4 against 7.2 ms on an A4 150 dpi poster, 12
    against 37 ms at A3 300 dpi), and each block covers what :data:`NOISE_BLOCK` px covered
    in a copy of exactly ``NOISE_SIDE`` px, so a block spans the same share of the image.

    References
    ----------
    J. Immerkær, "Fast noise variance estimation", CVIU 64(2), 1996.
    """
    h, w = rgb.shape[:2]
    k = max(1, math.ceil(max(h, w) / NOISE_SIDE))
    if min(h, w) // k < 32:  # too thin to hold a block (a 5000 × 3 strip reduces to 0 rows)
        return 0.0
    grey = cv2.cvtColor(rgb[: h - h % k, : w - w % k], cv2.COLOR_RGB2GRAY)
    if k > 1:
        grey = cv2.resize(grey, (w // k, h // k), interpolation=cv2.INTER_AREA)
    mask = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
    r = np.abs(cv2.filter2D(grey.astype(np.float32), -1, mask))
    b = max(2, round(NOISE_BLOCK * max(1.0, max(h, w) / NOISE_SIDE) / k))
    bh, bw = r.shape[0] // b, r.shape[1] // b
    blocks = cv2.resize(r[: bh * b, : bw * b], (bw, bh), interpolation=cv2.INTER_AREA)
    return float(np.percentile(blocks, 10)) * math.sqrt(math.pi / 2) / 6


#: A side has background beyond it when its middle lies at least this share of the
#: frame's size inside the frame.
BACKGROUND_SHARE = 0.01


def _sides_with_background(plane: PagePlane) -> int:
    """How many of the page's sides have some of the frame beyond them (the wall)."""
    w = plane.details.get("width", 0.0)
    h = plane.details.get("height", 0.0)
    if not w or not h:
        return 4
    q = plane.quad
    n = 0
    for i in range(4):
        mx, my = (q[i] + q[(i + 1) % 4]) / 2
        gap = min(mx, my, w - 1 - mx, h - 1 - my)
        n += gap >= BACKGROUND_SHARE * max(w, h)
    return n


@dataclass(frozen=True)
class Recognition:
    """Whether a file is a photograph of a print, how that was told, and the evidence."""

    photo: bool
    how: str | None  # "exif", "image" or None
    reason: str


def recognise(camera: str | None, plane: PagePlane | NoPlane) -> Recognition:
    """A photograph when the EXIF names a camera, or when the page is seen in perspective.

    Without EXIF the image must show a page outline inside the frame, with background
    around it (beyond two sides at least: :data:`BACKGROUND_SHARE`), as a perspective quad (opposite sides converging by more than
    :data:`PERSPECTIVE_DEG` and their fitting error) or turned by more than
    :data:`ROLL_DEG`; an outline with a side at the frame's edge does not count. A flat digital
    poster's outline is its canvas; a panel inside it is an upright rectangle; a scan
    is a rectangle skewed by a degree or two: none of them is taken for a photograph.
    """
    if camera:
        return Recognition(True, "exif", f"EXIF names the camera: {camera}")
    if isinstance(plane, NoPlane):
        return Recognition(False, None, f"no EXIF camera and {plane.reason}")
    if plane.method != "outline":
        return Recognition(
            False, None, f"no EXIF camera and only a partial outline ({plane.method})"
        )
    if plane.area_share > 0.97 or _sides_with_background(plane) < 2:
        return Recognition(False, None, "the page fills the frame: no background around it")
    # a side's direction is known to about FIT_PX over its length in the working image
    q = plane.quad * plane.details.get("work_scale", 1.0)
    shortest = min(float(np.hypot(*(q[(i + 1) % 4] - q[i]))) for i in range(4))
    noise_deg = 2 * math.degrees(math.atan2(FIT_PX, max(shortest, 1.0)))
    # only sides confirmed at full resolution tell the slant: an unconfirmed one is the
    # working image's guess (a scan's lid edge in a colour channel, say)
    mask = int(plane.details.get("confirmed_sides", 15.0))
    ok = [bool(mask >> k & 1) for k in range(4)]
    persp = _perspective_deg(
        plane.quad, pairs=[p for p in ((0, 2), (1, 3)) if ok[p[0]] and ok[p[1]]]
    )
    if persp > max(PERSPECTIVE_DEG, noise_deg):
        least = least_tilt_deg(plane)
        if least is not None and least > MAX_TILT_DEG:
            return Recognition(
                False,
                None,
                f"no EXIF camera; an outline whose sides converge by {persp:.1f}° as a "
                f"rectangle's do only seen at {least:.0f}° or more (photographs: up to "
                f"{MAX_TILT_DEG:.0f}°): not a page in perspective",
            )
        return Recognition(
            True,
            "image",
            f"the page is seen in perspective (opposite sides converge by "
            f"{persp:.1f}°) on a background",
        )
    roll = _side_roll_deg(plane.quad, ok)
    if roll is not None and abs(roll) > ROLL_DEG:
        return Recognition(True, "image", f"the page is turned {roll:+.1f}° on a background")
    return Recognition(
        False,
        None,
        f"a rectangle inside the frame with parallel sides (perspective "
        f"{persp:.2f}°, turned {plane.roll_deg:+.1f}°): a panel or a scan",
    )


#: The steepest tilt (deg) of the camera to the page the issue's photographs are taken at
#: (issue 13: "tilts up to 35°"); :data:`CORNER_DEG` follows from it too.
MAX_TILT_DEG = 35.0


def least_tilt_deg(plane: PagePlane) -> float | None:
    """The least tilt (deg) at which a rectangle is seen as the plane's quad, over the
    plausible focal lengths (:data:`FOCAL_RANGE`); None without the frame's size.

    The tilt a quad implies grows with the focal length assumed (tan tilt about in
    proportion), so the widest lens gives the least: a quad that needs more than a
    photograph's tilt even then is not a page in perspective (a panel's edges closed by
    a line through its picture, say, converging by 33° as a page seen almost edge on).
    """
    w, h = plane.details.get("width", 0.0), plane.details.get("height", 0.0)
    if not w or not h:
        return None
    centre = ((w - 1) / 2.0, (h - 1) / 2.0)
    diag = math.hypot(w, h)
    never = (math.inf, math.inf)
    q = plane.quad
    pw = 0.5 * (np.hypot(*(q[1] - q[0])) + np.hypot(*(q[2] - q[3])))
    tilts = []
    for k in np.geomspace(FOCAL_RANGE[0], FOCAL_RANGE[1], 5):
        aspect = page_aspect(q, centre, focal=k * diag, plausible=never)[0]
        hom = quad_homography(geo.frame_corners(pw, pw * aspect), q)
        tilt = _camera_angles(hom, k * diag, np.asarray(centre))
        if tilt is not None:
            tilts.append(tilt)
    return min(tilts) if tilts else None


def _side_roll_deg(q: np.ndarray, ok: list[bool]) -> float | None:
    """How far (deg) the page is turned, from its confirmed sides' directions (the top
    and bottom along x, the sides along y): the one turned most (a scan's are all within
    a degree or two, a photo's differ by its perspective); None when none is confirmed."""
    turns = []
    for k in range(4):
        if not ok[k]:
            continue
        d = q[(k + 1) % 4] - q[k]
        if k in (1, 3):  # right side runs down, left side up: turn to the top's direction
            d = np.array([d[1], -d[0]]) if k == 1 else np.array([-d[1], d[0]])
        if k == 2:
            d = -d
        turns.append(-math.degrees(math.atan2(d[1], d[0])))
    return max(turns, key=abs) if turns else None


#: Support (share of the outline on step edges) from which a plane is trusted to judge
#: the logo's pose in, together with a 1:√2 page and every side confirmed at full
#: resolution (:func:`refine_quad`): a wrong side (a band's edge taken for the page's)
#: leaves the page's ratio off ISO 216, which is how it is caught, and a wall's straight
#: line (a tile's seam, a door frame) is seldom an edge along half its length.
TRUSTED_SUPPORT = 0.8


def trusted(plane: PagePlane | NoPlane) -> bool:
    """Whether the plane is good enough to judge the logo's pose in the page's frame."""
    if not isinstance(plane, PagePlane):
        return False
    if plane.method in ("vanishing-points", "partial-outline"):
        return vp_disagreement(plane) <= 1.0 and vp_consistent(plane)
    return (
        plane.method == "outline"
        and plane.iso216
        and plane.confidence >= TRUSTED_SUPPORT
        and plane.details.get("unrefined_sides", 0.0) == 0.0
    )


#: A plane from vanishing points is trusted when the rectifications from the two halves
#: of its segments agree, in each of angle (deg), aspect (relative) and shear (deg),
#: within what a pose on a trusted plane is taken to be known to whatever the logo's size:
#: the plane term of ``pageframe.POSE_PRECISION`` (a test holds the two equal). Then its
#: focal length must be a phone's (:data:`PHONE_FOCAL_RANGE`), the outline's sides
#: confirmed at full resolution within VP_OUTLINE_DEG of its axes, its horizon clear of
#: the page and most of each family's length on its point (:func:`vp_consistent`). On
#: 286 vanishing-point planes of the dev photographs (``benchmarks/photos.py`` seeds 29,
#: 31 and 43) those within it measured the logos to 0.13°, 0.75 % and 0.31° (95th
#: percentile), and 58 of the 81 photos whose outline was not trusted had one. Two planes
#: whose halves agreed were wrong without the other tests: one from a wall's tile seams
#: (outline sides 4.3° off its axes, the logo 8° off), one with f = 1.04 diagonals (11 %
#: off in aspect); good planes' outline sides were within 1.8°.
VP_SPLIT_MAX = {"angle_deg": 0.50, "aspect": 0.0184, "shear_deg": 0.29}
VP_OUTLINE_DEG = 2.0
#: Most of each family's segment length must meet at its point: on the seed-29 photos
#: 0.54 at least (0.84 for the horizontals, the text lines); on a flat poster whose
#: verticals were a saucer's rim and a cup's sides, 0.33 met at a point (a 36° tilt).
VP_INLIER_SHARE = 0.5


def vp_consistent(plane: PagePlane) -> bool:
    """A vanishing-point plane's focal length is a phone's, the outline's confirmed sides
    lie along its axes (a wall's lines give neither), its horizon does not cross the
    page (lines meeting on the page are not the page's directions) and most of each
    family's segments meet at its point (:data:`VP_INLIER_SHARE`)."""
    d = plane.details
    return (
        PHONE_FOCAL_RANGE[0] <= d.get("focal_diagonals", 0.0) <= PHONE_FOCAL_RANGE[1]
        and d.get("outline_side_deg", 0.0) <= VP_OUTLINE_DEG
        and d.get("horizon_clear", 0.0) == 1.0
        and min(d.get("inlier_h", 0.0), d.get("inlier_v", 0.0)) >= VP_INLIER_SHARE
    )


def vp_disagreement(plane: PagePlane) -> float:
    """How far the two halves' rectifications of a vanishing-point plane disagree, in
    units of :data:`VP_SPLIT_MAX` (the largest of angle, aspect and shear): 1 at it."""
    d = plane.details
    return max(
        d.get("split_angle_deg", math.inf) / VP_SPLIT_MAX["angle_deg"],
        d.get("split_aspect", math.inf) / VP_SPLIT_MAX["aspect"],
        d.get("split_shear_deg", math.inf) / VP_SPLIT_MAX["shear_deg"],
    )


def logo_on_page(plane: PagePlane, logo: Homography, width: float, height: float) -> geo.Pose:
    """The logo's pose (artwork ``width × height`` px) relative to the rectified page."""
    return geo.pose(np.linalg.inv(plane.homography) @ logo, width, height)


#: The rectified page is sampled at this long side to find its paper.
PAPER_SIDE = 256
#: Paper is the page's lightest near-neutral colour: chroma (CIELAB C*) under this ...
#: White paper seen through a camera's cast is not neutral: the clear space of the 221
#: logos (all on near-white paper) photographed by ``python benchmarks/photos.py --sweep
#: colour --n 12 --seed 37`` and ``--sweep stretch --n 12 --seed 31`` read C* 7.9
#: (median), 17.9 (95th percentile), 21.9 (largest): under the limit of 12 used before,
#: 56 of them were refused, their ink judged unbalanced or balanced from paper far away
#: and lit otherwise (a page's brightest paper read a logo 7.8 L* too dark).
PAPER_CHROMA = 18.0
#: ... and lightness within this of the page's 98th percentile; it must cover at least
#: PAPER_SHARE of the page to be trusted as unprinted paper rather than a highlight.
PAPER_L_SPAN = 8.0
PAPER_SHARE = 0.03


def paper_srgb(rgb: RGBImage, plane: PagePlane) -> tuple[np.ndarray, float] | None:
    """The page's unprinted paper as seen in the photo (median sRGB) and its share.

    None when no light near-neutral area covers :data:`PAPER_SHARE` of the page (a
    full-bleed poster printed edge to edge in colour).
    """
    from brandcheck import colour

    pw, ph = plane.size
    s = PAPER_SIDE / max(pw, ph)
    w, h = max(8, round(pw * s)), max(8, round(ph * s))
    m = plane.homography @ np.linalg.inv(geo.scale_matrix(w / pw, h / ph))
    flags = cv2.INTER_AREA | cv2.WARP_INVERSE_MAP
    page = cv2.warpPerspective(rgb, m, (w, h), flags=flags)
    valid = cv2.warpPerspective(
        np.full(rgb.shape[:2], 255, np.uint8),
        m,
        (w, h),
        flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP,
    )
    inner = cv2.erode(valid, np.ones((5, 5), np.uint8)) > 0
    if inner.sum() < 64:
        return None
    px = page[inner].reshape(-1, 3)
    lab = colour.srgb_to_lab(px)
    chroma = np.hypot(lab[:, 1], lab[:, 2])
    top = float(np.percentile(lab[:, 0], 98))
    paper = (chroma < PAPER_CHROMA) & (lab[:, 0] >= top - PAPER_L_SPAN)
    share = float(paper.mean())
    if share < PAPER_SHARE:
        return None
    return np.median(px[paper], axis=0), share


def white_balanced_lab(
    ink_srgb: np.ndarray, paper: np.ndarray, paper_lab: np.ndarray
) -> np.ndarray:
    """The ink's Lab after scaling linear RGB so that the photo's paper reads ``paper_lab``.

    ``ink_srgb`` and ``paper``: sRGB, 0..255 (any dtype). Returns CIELAB D50.

    A von Kries-like gain per linear sRGB channel: light and camera white balance act on
    the whole page alike, so what turns the seen paper into the print condition's paper
    turns the seen ink into the printed ink (within the camera's non-linearity).
    """
    from brandcheck import colour

    target = colour.srgb_to_linear(colour.lab_to_srgb(paper_lab)[0])
    seen = np.maximum(colour.srgb_to_linear(np.asarray(paper, np.float64) / 255.0), 1e-4)
    ink = colour.srgb_to_linear(np.asarray(ink_srgb, np.float64) / 255.0) * (target / seen)
    return np.asarray(colour.srgb_to_lab(colour.linear_to_srgb(np.clip(ink, 0, 1))))


#: The band beyond a page's outline that is read for its background: from this share of
#: the page's diagonal outside the outline (past the edge's blur and a shadow's core) to
#: BAND_OUTER; the frame's own border is read over BORDER_SHARE of its short side (a
#: scanner's lid shows there when the page is laid a few mm from the bed's edge).
BAND_INNER = 0.01
BAND_OUTER = 0.06
BORDER_SHARE = 0.01
#: Long side (px) of the copy the background is read on: an area reduction by 4 or more
#: averages a camera's per-pixel noise down, so what varies there is the surface and its light.
BAND_SIDE = 512
#: A page held square on (no perspective to see) is told from a scan, and from a panel
#: of a scanned or digital poster, by what lies around it, when all of these hold. The
#: figures: 60 photos held square on (tilt and roll < 2°, page wholly in frame, no EXIF)
#: and 60 flatbed scans of posterlab.independent posters, and 60 scans of a panel on a
#: full-bleed texture (the wall's own textures, as a poster's artwork), seeds 101-102;
#: among the photos, the 55 with background beyond every side.
#:
#: - the page is 1:√2 (:data:`ISO216_TOLERANCE`): a poster is printed on a standard
#:   sheet, while a panel's ratio is the designer's (of the 31 scans whose panel was taken
#:   for the page, clear of the frame and textured around, 2 were 1:√2; of the 55 photos, 50);
#: - the band beyond the outline lies in the frame (this share of its ring, at least): a
#:   person frames a wall around a page, while a flatbed's bed fits the page (a scanned
#:   page's outline: 0.00-0.71 of the band in frame);
BAND_IN_FRAME = 0.9
#: - the band varies by at least this many grey levels (5th to 95th percentile, noise
#:   averaged out): a lid is one flat surface under the scanner's even light (0-1 levels
#:   around a scanned page), a wall is textured or lit unevenly (7-185 levels; the least on
#:   plain paint, from its light's falloff);
WALL_SPREAD = 4.0
#: - no flat lid shows at the frame's border (:data:`BORDER_SHARE` of the frame's short
#:   side): at most this share of the border lies within ±2 grey levels of one level
#:   (walls: 0.07-0.38; the two 1:√2 panels in scans, whose lid shows there: 1.0).
LID_LEVEL_SHARE = 0.5


@dataclass(frozen=True)
class Surround:
    """What lies beyond a page's outline (see :func:`surround`)."""

    band_spread: float  # grey levels, 5th to 95th percentile of the band beyond the outline
    band_share: float  # of the band's ring that lies in the frame
    border_level_share: float  # of the frame's border within ±2 grey levels of one level


def surround(rgb: RGBImage, quad: Quad) -> Surround:
    """The background beyond a page's outline: the band around it and the frame's border.

    Read on an area-reduced grey copy (:data:`BAND_SIDE`), where a camera's per-pixel
    noise is averaged out and what is left is the surface and its light.
    """
    h, w = rgb.shape[:2]
    q = np.asarray(quad, np.float64)
    c = q.mean(0)
    diag = float(np.hypot(*(q[2] - q[0])))

    def grow(share: float) -> np.ndarray:
        d = q - c
        n = np.linalg.norm(d, axis=1, keepdims=True)
        return np.asarray(c + d * (1 + share * diag / np.maximum(n, 1e-9)))

    k = max(1, math.ceil(max(h, w) / BAND_SIDE))
    grey = cv2.cvtColor(np.ascontiguousarray(rgb[: h - h % k, : w - w % k]), cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (w // k, h // k), interpolation=cv2.INTER_AREA)

    def poly(share: float) -> np.ndarray:
        return np.asarray(np.round((grow(share) + 0.5) / k - 0.5), np.int32)

    ring = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(ring, poly(BAND_OUTER), 1)
    cv2.fillConvexPoly(ring, poly(BAND_INNER), 0)
    area = geo.polygon_area(grow(BAND_OUTER)) - geo.polygon_area(grow(BAND_INNER))
    border = np.zeros(small.shape, np.uint8)
    b = max(1, round(BORDER_SHARE * min(small.shape)))
    border[:b], border[-b:], border[:, :b], border[:, -b:] = 1, 1, 1, 1
    cv2.fillConvexPoly(border, poly(BAND_INNER), 0)
    band = small[ring > 0]
    return Surround(
        band_spread=float(np.ptp(np.percentile(band, [5, 95]))) if band.size >= 16 else 0.0,
        band_share=float(ring.sum()) * k * k / max(area, 1.0),
        border_level_share=_level_share(small[border > 0]),
    )


def _level_share(vals: np.ndarray) -> float:
    """The share of ``vals`` (uint8 grey levels) within ±2 of their most common level."""
    if not vals.size:
        return 0.0
    hist = np.bincount(vals.ravel(), minlength=256).astype(np.float64)
    return float(np.convolve(hist, np.ones(5), "same").max() / vals.size)


def recognise_square_on(rgb: RGBImage, plane: PagePlane | NoPlane) -> Recognition | None:
    """A page photographed square on (no perspective to see), told from a scan by its
    background; None when it does not tell (a 1:√2 page, :data:`BAND_IN_FRAME`,
    :data:`WALL_SPREAD`, :data:`LID_LEVEL_SHARE`).

    The page's whole outline must be inside the frame with background beyond every side.
    A flat digital file never gets here: it has no camera noise (:data:`NOISE_FLOOR`).
    """
    if not isinstance(plane, PagePlane) or plane.method != "outline":
        return None
    if plane.details.get("partial") or _sides_with_background(plane) < 4 or not plane.iso216:
        return None
    s = surround(rgb, plane.quad)
    if (
        s.band_share < BAND_IN_FRAME
        or s.band_spread < WALL_SPREAD
        or s.border_level_share > LID_LEVEL_SHARE
    ):
        return None
    return Recognition(
        True,
        "image",
        f"the page is seen square on against a background, not a scanner's lid: it varies "
        f"by {s.band_spread:.0f} grey levels around the page, "
        f"{100 * s.border_level_share:.0f} % of the frame's border at one level",
    )
