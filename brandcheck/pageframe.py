"""A photographed logo measured in its page's frame: the measure step for photographs.

After ``locate`` and ``measure``, a photograph of a print gets its page plane
(:func:`photo_plane`, through :mod:`brandcheck.rectify`) and each logo's pose and colour
taken into the page's frame (:func:`in_page`). ``checks.photo`` judges what this records.
When ``locate`` finds nothing in a photograph, it looks again on the rectified page
(:func:`locate_on_page`), where a steeply tilted logo is seen square on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np

from brandcheck import colour, rectify
from brandcheck import geometry as geo
from brandcheck import measure as me
from brandcheck.brand import BrandKit
from brandcheck.locate import LocateParams

#: What a pose measured on a trusted plane is known to, as a function of the logo's
#: shortest side in the photo, ``s`` px: ``plane + per_px / s`` (the plane's own error,
#: whatever the logo's size, and the logo's edges, which matter more the fewer px they
#: span). Fitted as the 95th percentile envelope (quantile regression) of the errors, page
#: frame against the truth, of the 191 logos judged on a trusted outline in
#: ``python benchmarks/photos.py --sweep stretch --n 12 --seed 31`` and ``--n 16 --seed
#: 43`` (0-30 % stretch; 95-96 % of them inside). At 40 px: ±0.76°, ±1.9 %, ±1.06°; at
#: 160 px: ±0.57°, ±1.8 %, ±0.49°. The aspect's error is the plane's, whatever the size.
POSE_PRECISION = {
    "angle_deg": (0.50, 10.6),
    "aspect_ratio": (0.0184, 0.008),
    "shear_deg": (0.29, 30.8),
}


def pose_precision(unit: str, short_px: float) -> float:
    """How far a pose value (``unit``) measured on a trusted plane may be off (95 %)."""
    plane, per_px = POSE_PRECISION[unit]
    return plane + per_px / max(short_px, 1.0)


@dataclass(frozen=True)
class PhotoLogo:
    """One logo as the photograph shows it: its pose in the photo and on the page."""

    photo_pose: tuple[float, float, float]  # angle_deg, aspect, shear_deg in the photo
    page_pose: tuple[float, float, float] | None  # the same on the rectified page
    balanced: bool  # colour measured after white balance from the paper
    #: whether the logo reaches past the page's outline (None: no outline found)
    off_page: bool | None = None
    #: the paper its colour was balanced from: the clear space around it when that is
    #: light and neutral, else the page's paper
    paper_srgb: tuple[int, ...] | None = None
    #: photo px per detail the photograph resolves at the logo (its width over its
    #: effective width: the camera's blur), None when not measured
    detail_px: float | None = None
    #: the shortest side of the logo's quad in the photo (px): what its pose on the page
    #: is measured from (:func:`brandcheck.checks.photo.pose_precision`)
    short_px: float | None = None
    #: whether the logo's clear-space zone reaches past the page's outline (None: no
    #: outline found)
    zone_off_page: bool | None = None
    #: how far inside the ink's edges (photo px) its colour was sampled
    #: (:func:`photo_ink`): the photograph's blur, or the file's edge guard
    ink_guard_px: float | None = None


@dataclass(frozen=True)
class PhotoFacts:
    """How a file was read as a photograph, and its page plane."""

    how: str  # "exif" or "image"
    reason: str
    plane: Any  # brandcheck.rectify.PagePlane or NoPlane
    trusted: bool
    paper_srgb: tuple[int, int, int] | None
    paper_share: float | None
    logos: tuple[PhotoLogo, ...] = ()


#: Longest side (px) of the rectified page searched by :func:`locate_on_page`: the page
#: is drawn at the scale of its longest side in the photo (the nearest part keeps its
#: pixels), but no larger than the locator's own working copy needs (1600 px) with room
#: for ECC to refine at full resolution later.
RECTIFIED_SIDE = 2400


#: The second look runs the locator's feature searches (grey, then the opponent channel)
#: but not its slow last resorts (the dense small-logo pass and the template search, ~1-2 s
#: on a page): the 5 logos of ``python benchmarks/photos.py --seed 29`` that the second
#: look found with every pass were all found without these two (which cut the second
#: look's cost on a missed photo from up to 1.6 s to 0.5 s), and the photo's own search
#: already ran them.
SECOND_LOOK = LocateParams(small_keep=0)


def may_be_photo(poster: Any) -> bool:
    """Whether a file could be a photograph of a print: a raster with a camera in its
    EXIF, or flat areas carrying a camera's noise (:data:`brandcheck.rectify.NOISE_FLOOR`)."""
    if poster.source_format == "PDF":
        return False
    if getattr(poster, "camera", None):
        return True
    return rectify.sensor_noise(poster.rgb) > rectify.NOISE_FLOOR


def locate_on_page(poster: Any, ref: Any, missed: Any) -> tuple[Any, Any]:
    """The logos of a photograph searched again on its rectified page, in photo px.

    ``missed``: the :class:`~brandcheck.locate.NotFound` the photo's own search returned.
    A logo on a page seen at 30° is foreshortened and sheared in the photo; on the page
    rectified by its outline (:func:`brandcheck.rectify.find_page`) it is square on, so
    the locator's ordinary search finds it. Each detection is mapped back to the photo
    and refined there by ECC. Returns the detections, or ``missed`` with why the second
    look found nothing among its candidates, and the plane (None when not looked for).
    """
    from brandcheck.locate import Detection, NotFound, locate, refine

    if not may_be_photo(poster):
        return missed, None
    rgb = poster.rgb
    plane = rectify.find_page(rgb)
    if isinstance(plane, rectify.NoPlane):
        why = f"rectified page: {plane.reason}"
        return NotFound(missed.reason, [*missed.candidates, why]), plane
    q = plane.quad
    longest = max(float(np.hypot(*(q[(i + 1) % 4] - q[i]))) for i in range(4))
    pw, ph = plane.size
    s = min(RECTIFIED_SIDE, longest) / max(pw, ph)
    w, h = max(1, round(pw * s)), max(1, round(ph * s))
    to_photo = plane.homography @ np.linalg.inv(geo.scale_matrix(w / pw, h / ph))
    page = np.asarray(
        cv2.warpPerspective(
            rgb,
            to_photo,
            (w, h),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        ),
        np.uint8,
    )
    found = locate(page, ref, SECOND_LOOK)
    if isinstance(found, NotFound):
        why = f"rectified page ({w} × {h} px): {found.reason}"
        return NotFound(missed.reason, [*missed.candidates, why]), plane
    params = LocateParams()
    frame = geo.frame_corners(ref.width, ref.height)
    hh, ww = rgb.shape[:2]
    out = []
    for d in found:
        hom = to_photo @ d.homography
        hom, ok = refine(rgb, hom / hom[2, 2], ref, d.polarity, params)
        quad = geo.apply(hom, frame)
        # the share of the logo's frame the photo shows (the rectified page may reach past it)
        shown, _ = cv2.intersectConvexConvex(
            quad.astype(np.float32),
            geo.frame_corners(ww, hh).astype(np.float32),
        )
        visible = min(d.visible, float(shown) / max(geo.polygon_area(quad), 1e-9))
        out.append(Detection(hom, quad, d.score, d.inliers, d.polarity, visible, ok))
    return out, plane


def photo_plane(poster: Any, dets: list[Any], plane: Any = None) -> tuple[Any, Any] | None:
    """(PhotoFacts without logos, plane) when the file is a photograph of a print.

    The page plane is looked for in raster files only, with the logos' corners on it;
    without EXIF, the plane is what tells a photograph (:func:`recognise`) or, when it is
    seen square on, what lies around it (:func:`brandcheck.rectify.recognise_square_on`).
    ``plane``: one already found (by :func:`locate_on_page`), kept when every logo is on it
    or there is none.
    """
    camera = getattr(poster, "camera", None)
    # no logo and no EXIF: only a page the second look found (on a file with a camera's
    # noise) can tell a photograph, whose logo may be in the part the frame left out
    if poster.source_format == "PDF" or (not dets and not camera and plane is None):
        return None
    if not camera and rectify.sensor_noise(poster.rgb) <= rectify.NOISE_FLOOR:
        return None  # flat areas without a camera's noise: a digital file
    corners = np.vstack([d.quad for d in dets]) if dets else None
    # the second look's plane is kept when every logo is on it, or when there is no logo
    # (it was searched without one, as this one would be)
    if plane is None or (corners is not None and not (plane and _on_page(plane, corners))):
        plane = rectify.find_page(poster.rgb, contains=corners)
    rec = recognise(camera, plane)
    if not rec.photo:
        # square on: no perspective to see, so the background must tell it from a scan
        rec = rectify.recognise_square_on(poster.rgb, plane) or rec
    if not rec.photo:
        return None
    if dets and not rectify.trusted(plane):
        # the outline is not trusted: the poster's own lines may still fix its plane
        lines = rectify.fallback_plane(poster.rgb, plane, contains=corners)
        if rectify.trusted(lines):
            if isinstance(plane, rectify.PagePlane) and isinstance(lines, rectify.PagePlane):
                # its extent is the outline's (:func:`_past_outline` judges by it), less
                # a side that is the photo's frame
                framed = plane.details.get("framed_side", -1.0)
                outline = {"outline_extent": 1.0, "framed_side": framed}
                lines = replace(lines, details={**lines.details, **outline})
            plane = lines
    facts = PhotoFacts(
        how=rec.how or "exif",
        reason=rec.reason,
        plane=plane,
        trusted=rectify.trusted(plane),
        paper_srgb=None,
        paper_share=None,
    )
    return facts, plane


def _framed_side(plane: Any) -> int | None:
    """The side (0 top, 1 right, 2 bottom, 3 left) that is the photo's frame, if one is."""
    w, h = plane.details.get("width", 0.0), plane.details.get("height", 0.0)
    s = plane.details.get("work_scale", 1.0)
    if not w or not h:
        return None
    # the frame's edges were lines of the working image: within a working px of them
    tol = 1.0 / s
    q = plane.quad
    for i in range(4):
        a, b = q[i], q[(i + 1) % 4]
        for axis, edge in ((0, 0.0), (0, w - 1.0), (1, 0.0), (1, h - 1.0)):
            if abs(a[axis] - edge) <= tol and abs(b[axis] - edge) <= tol:
                return i
    return None


def _angle_deg(u: np.ndarray, v: np.ndarray) -> float:
    cos = float(u @ v) / max(float(np.linalg.norm(u) * np.linalg.norm(v)), 1e-9)
    return math.degrees(math.acos(min(1.0, max(-1.0, cos))))


def recognise(camera: str | None, plane: Any) -> rectify.Recognition:
    """:func:`brandcheck.rectify.recognise`, and a page the frame cuts on one side.

    A photographer often frames a poster so that one side is cut off: the outline found
    then has the frame's edge as that side (``details["partial"]``). Its two whole sides
    opposite each other are the evidence: converging by more than
    :data:`~brandcheck.rectify.PERSPECTIVE_DEG` and their fitting error (a scan's sides
    are parallel: it is an affine turn), or both turned more than
    :data:`~brandcheck.rectify.ROLL_DEG` (a scan is skewed a degree or two), with
    background beyond two sides of the page. The side against the frame is not used: a
    skewed scan's page side meets the frame's edge at its skew.
    As in :func:`~brandcheck.rectify.recognise`, only whole sides confirmed at full
    resolution count (an unconfirmed one is the working image's guess).
    """
    rec = rectify.recognise(camera, plane)
    if rec.photo or not isinstance(plane, rectify.PagePlane) or not plane.details.get("partial"):
        return rec
    cut = _framed_side(plane)
    if cut is None:
        return rec
    if plane.area_share > 0.97 or rectify._sides_with_background(plane) < 2:
        return rectify.Recognition(
            False, None, "no EXIF camera; the page, cut by the frame, fills it: no background"
        )
    q = plane.quad * plane.details.get("work_scale", 1.0)
    i, j = (cut + 1) % 4, (cut + 3) % 4  # the whole sides facing each other
    # as in rectify.recognise, only sides confirmed at full resolution tell the slant: an
    # unconfirmed one is the working image's guess (on scans, a line through the poster's
    # picture or text that met the frame: read as converging by 1.2-1.3°)
    mask = int(plane.details.get("confirmed_sides", 15.0))
    ok = [bool(mask >> k & 1) for k in range(4)]
    if not (ok[i] or ok[j]):
        return rectify.Recognition(
            False,
            None,
            "no EXIF camera; a page cut by the frame whose whole sides are not confirmed "
            "at full resolution: no slant to tell a photograph by",
        )
    si, sj = q[(i + 1) % 4] - q[i], q[(j + 1) % 4] - q[j]
    converge = _angle_deg(si, -sj) if ok[i] and ok[j] else 0.0
    shortest = min(float(np.linalg.norm(si)), float(np.linalg.norm(sj)))
    noise_deg = 2 * math.degrees(math.atan2(rectify.FIT_PX, max(shortest, 1.0)))
    if converge > max(rectify.PERSPECTIVE_DEG, noise_deg):
        return rectify.Recognition(
            True,
            "image",
            f"the page, cut by the frame on one side, is seen in perspective (its whole "
            f"opposite sides converge by {converge:.1f}°) on a background",
        )
    # the confirmed whole sides turned from the frame's axis they run along
    axis = np.array([1.0, 0.0]) if abs(si[0]) >= abs(si[1]) else np.array([0.0, 1.0])
    turn = min(
        min(_angle_deg(s, axis), _angle_deg(-s, axis)) for s, k in ((si, i), (sj, j)) if ok[k]
    )
    if turn > rectify.ROLL_DEG:
        return rectify.Recognition(
            True,
            "image",
            f"the page, cut by the frame on one side, is turned {turn:.1f}° on a background",
        )
    return rectify.Recognition(
        False,
        None,
        f"no EXIF camera; a page cut by the frame whose whole sides are parallel "
        f"({converge:.2f}°) and upright (turned {turn:.1f}°): a scan, or a photo taken square on",
    )


def _past_outline(plane: Any, quad: np.ndarray) -> bool | None:
    """Whether ``quad`` (photo px) reaches past one of the page's own sides by more than 1 %
    of the page's diagonal (the outline's accuracy); None without an outline.

    A side that is the photo's frame (``details["framed_side"]``: the page cut off) is not
    the page's: past it lies the part of the page the photograph does not show, so a logo
    reaching past it is cut by the photograph, not by the poster. A plane from vanishing
    points is judged by its extent when that is an outline's (``outline_extent``), else
    it has none (its extent is the region around the logo its lines were taken from).
    """
    if not (plane.method.startswith("outline") or plane.details.get("outline_extent")):
        return None
    inside = geo.apply(np.linalg.inv(plane.homography), quad)
    pw, ph = plane.size
    slack = 0.01 * float(np.hypot(pw, ph))
    # past each side, in the order of the quad's sides: top, right, bottom, left
    past = (
        (inside[:, 1] < -slack).any(),
        (inside[:, 0] > pw + slack).any(),
        (inside[:, 1] > ph + slack).any(),
        (inside[:, 0] < -slack).any(),
    )
    framed = int(plane.details.get("framed_side", -1.0))
    return bool(any(v for k, v in enumerate(past) if k != framed))


def _on_page(plane: Any, points: np.ndarray) -> bool:
    """Whether ``points`` (photo px) lie on the page's outline or inside it."""
    pw, ph = plane.size
    inside = geo.apply(np.linalg.inv(plane.homography), points)
    return bool(((inside >= -0.5) & (inside <= [pw - 0.5, ph - 0.5])).all())


def photo_ink(
    rgb: np.ndarray, homography: np.ndarray, ref: Any, guard_px: float
) -> tuple[int, tuple[int, int, int] | None, np.ndarray | None]:
    """The ink's pixels in the photo at least ``guard_px`` photo px inside its edges.

    Returns their count, median sRGB and median Lab (None when fewer than
    :data:`brandcheck.measure.MIN_INK_PIXELS` remain: colour not measured).

    The measure step keeps its edge guard in the logo's frame, which is the artwork's
    shape: on a logo seen at a slant the frame's px are not the photo's (a 34° tilt
    squeezes one axis to 0.68), and the camera's blur reaches across its px in the
    photo, the same in every direction. So the artwork's ink is drawn into the photo by
    the logo's homography (``homography``: artwork px -> photo px, ``ref``: the
    :class:`~brandcheck.locate.Reference`), and the distance of each px wholly ink
    (:data:`brandcheck.measure.SOLID_INK`) from the nearest px that is not is taken
    there, in photo px.
    """
    hh, ww = rgb.shape[:2]
    q = geo.apply(homography, geo.frame_corners(ref.width, ref.height))
    x0, y0 = np.floor(q.min(axis=0)).astype(int) - 2
    x1, y1 = np.ceil(q.max(axis=0)).astype(int) + 2
    x0, y0, x1, y1 = max(int(x0), 0), max(int(y0), 0), min(int(x1), ww - 1), min(int(y1), hh - 1)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return 0, None, None
    # the artwork's ink drawn at twice the photo's px and averaged down (a warp alone
    # samples it): each photo px gets the share of it the ink covers
    width_px = max(float(np.hypot(*(q[1] - q[0]))), float(np.hypot(*(q[2] - q[3]))))
    s = min(1.0, 4.0 * width_px / ref.width)
    sw, sh = max(8, round(ref.width * s)), max(8, round(ref.height * s))
    small = cv2.resize(ref.ink, (sw, sh), interpolation=cv2.INTER_AREA)
    to_box = (
        geo.scale_matrix(2.0)
        @ geo.translation(-x0, -y0)
        @ homography
        @ np.linalg.inv(geo.scale_matrix(sw / ref.width, sh / ref.height))
    )
    size = (x1 - x0 + 1, y1 - y0 + 1)
    fine = cv2.warpPerspective(small, to_box, (2 * size[0], 2 * size[1]), flags=cv2.INTER_LINEAR)
    cover = cv2.resize(fine, size, interpolation=cv2.INTER_AREA)
    # solid ink, as the measure step takes it: at small sizes the wordmark's strokes and
    # the gaps between them share px, which are paper as much as ink
    ink = (cover > me.SOLID_INK).astype(np.uint8)
    # the photo's edge is an edge of what is seen of the ink too
    ink[0, :] = ink[-1, :] = 0
    ink[:, 0] = ink[:, -1] = 0
    # a px next to the edge is 1 from it centre to centre, 0.5 from the edge itself
    core = cv2.distanceTransform(ink, cv2.DIST_L2, 5) >= guard_px + 0.5
    n = int(np.count_nonzero(core))
    if n < me.MIN_INK_PIXELS:
        return n, None, None
    px = rgb[y0 : y1 + 1, x0 : x1 + 1][core]
    r, g, b = (round(float(v)) for v in np.median(px, axis=0))
    ink_lab = np.median(colour.srgb_to_lab(px.reshape(-1, 1, 3)).reshape(-1, 3), axis=0)
    return n, (r, g, b), ink_lab


#: Lightness (CIELAB L*) from which a neutral clear space is taken for the paper: under a
#: photo's light falloff white paper reads L* 60-95; a grey panel printed at 50 % does not
#: reach it in a print lit evenly enough to judge.
LOCAL_PAPER_L = 55.0


def in_page(
    m: Any, det: Any, ref: Any, seen: tuple[Any, Any], rgb: Any, kit: BrandKit
) -> tuple[Any, Any]:
    """A photographed logo's measurements taken into the page's frame where possible.

    With a trusted plane, the pose is relative to the rectified page; with paper seen,
    the ink's Lab is white-balanced from it. Returns the measurements and the
    :class:`~brandcheck.checks.photo.PhotoLogo` saying what was done.
    """
    facts, plane = seen
    photo_pose = (m.angle_deg, m.aspect, m.shear_deg)
    page_pose = None
    q = np.asarray(det.quad, np.float64)
    short = min(float(np.hypot(*(q[(i + 1) % 4] - q[i]))) for i in range(4))
    if facts.trusted:
        ps = rectify.logo_on_page(plane, det.homography, ref.width, ref.height)
        page_pose = (ps.angle_deg, ps.aspect, ps.shear_deg)
        known = (
            pose_precision("angle_deg", short),
            pose_precision("aspect_ratio", short),
            pose_precision("shear_deg", short),
        )
        m = replace(
            m,
            angle_deg=ps.angle_deg,
            aspect=ps.aspect,
            shear_deg=ps.shear_deg,
            pose_precision=known,
        )
    detail = (
        m.width_px / m.effective_width_px
        if m.effective_width_px and m.effective_width_px > 0
        else None
    )
    # the ink's colour from its px beyond the camera's blur: nearer its edge ink and paper
    # are mixed, and on a small, soft or slanted logo the frame's edge guard kept mixed
    # px (a 90 px logo at 34° read ΔE00 9.6 off from its mixed core)
    guard = max(float(me.EDGE_GUARD_PX), detail or 0.0)
    n, ink_srgb, ink_lab = photo_ink(rgb, det.homography, ref, guard)
    m = replace(m, ink_pixels=n, ink_srgb=ink_srgb, ink_lab=ink_lab)
    balanced = False
    seen_paper = None
    if m.background_lab is not None and m.background_srgb is not None:
        # the clear space around the logo is usually unprinted paper, and lit as the logo
        # is: under uneven light, paper far away would balance the ink wrongly
        bg = np.asarray(m.background_lab)
        if float(np.hypot(bg[1], bg[2])) < rectify.PAPER_CHROMA and bg[0] >= LOCAL_PAPER_L:
            seen_paper = np.asarray(m.background_srgb, np.float64)
    if seen_paper is None and isinstance(plane, rectify.PagePlane):
        # the page's paper, looked for only when the logo's own clear space is not paper
        found = rectify.paper_srgb(rgb, plane)
        seen_paper = None if found is None else found[0]
    # paper seen at 250-255 (a channel clipped, or nearly) is used too: its gain is then
    # an upper bound, but on the 63 photographs of the sweeps behind
    # checks.photo.COLOUR_ERROR_DE00 whose paper was that light, balancing from it read
    # the ink 3.75 ΔE00 over the truth (95th percentile; median 1.3), against 2.9 (1.0)
    # from paper under 250 (and 9.2, median 3.1, over all 187 read without the balance)
    if seen_paper is not None and m.ink_srgb is not None:
        paper_lab = colour.cmyk_to_lab(np.zeros(4), kit.colour.characterisation)
        m = replace(
            m, ink_lab=rectify.white_balanced_lab(np.array(m.ink_srgb), seen_paper, paper_lab)
        )
        balanced = True
    off_page = _past_outline(plane, det.quad) if plane else None
    zone_off_page = _past_outline(plane, m.zone) if plane else None
    paper_srgb = None if seen_paper is None else tuple(round(float(v)) for v in seen_paper)
    return m, PhotoLogo(
        photo_pose, page_pose, balanced, off_page, paper_srgb, detail, short, zone_off_page, guard
    )
