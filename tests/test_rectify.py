"""The page plane of a photograph: round trips, recognition, judging in the page's frame."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brandcheck import geometry as geo
from brandcheck import rectify
from posterlab.photos import Shot, camera_homography, photograph

PAGE = (1000, 1414)  # A-series poster at 1000 px wide


@settings(max_examples=60, deadline=None)
@given(
    tilt=st.floats(0.0, 35.0),
    direction=st.floats(0.0, 180.0),
    roll=st.floats(-15.0, 15.0),
    focal=st.floats(0.5, 0.85),
    fill=st.floats(0.45, 0.8),
)
def test_the_page_plane_round_trips_through_a_pinhole_camera(tilt, direction, roll, focal, fill):
    """From the imaged quad alone: the page's ratio, the camera's tilt, and a homography
    that maps the rectified page's corners onto the quad and back."""
    shot = Shot(focal=focal, tilt_deg=tilt, tilt_dir_deg=direction, roll_deg=roll, fill=fill)
    m = camera_homography(shot, *PAGE)
    quad = geo.apply(m, geo.frame_corners(*PAGE))
    plane = rectify.plane_from_quad(quad, shot.size, confidence=1.0)
    assert plane.iso216 and plane.aspect == pytest.approx(PAGE[1] / PAGE[0], rel=2e-3)
    corners = geo.frame_corners(*plane.size)
    assert np.allclose(geo.apply(plane.homography, corners), quad, atol=1e-6)
    back = geo.apply(np.linalg.inv(plane.homography), quad)
    assert np.allclose(back, corners, atol=1e-6)
    if plane.tilt_deg is not None:  # fixed when the quad is not a parallelogram
        assert plane.tilt_deg == pytest.approx(tilt, abs=0.5)
    # an upright logo on the page is upright relative to the rectified page
    logo = m @ geo.translation(400, 300)
    ps = rectify.logo_on_page(plane, logo, 200, 100)
    assert abs(ps.angle_deg) < 0.05 and ps.aspect == pytest.approx(1.0, abs=2e-3)


def test_zhang_he_aspect_recovers_a_non_iso_page():
    """A square page seen at 30° is recovered square (not snapped to 1:√2)."""
    shot = Shot(tilt_deg=30, tilt_dir_deg=60, roll_deg=5)
    m = camera_homography(shot, 800, 800)
    plane = rectify.plane_from_quad(
        geo.apply(m, geo.frame_corners(800, 800)), shot.size, confidence=1
    )
    assert not plane.iso216 and plane.aspect == pytest.approx(1.0, abs=5e-3)


def _poster(seed: int = 3) -> tuple[np.ndarray, list[np.ndarray], tuple[int, int]]:
    from posterlab.independent import PosterSpec, make_poster

    s = make_poster(np.random.default_rng(seed), PosterSpec())
    return s.rgb, [lg.homography for lg in s.logos], tuple(s.meta["artwork_size"])


def _shot(**kw) -> Shot:
    base = {"tilt_deg": 24, "tilt_dir_deg": 70, "roll_deg": -8, "wall": "paint", "fill": 0.6}
    return Shot(**{**base, "exif": False, **kw})


@pytest.mark.parametrize("wall", ["paint", "brick", "gravel"])
def test_the_outline_of_a_photographed_page_is_found(wall):
    rgb, logos, size = _poster()
    p = photograph(
        np.random.default_rng(1), rgb, logos=logos, artwork_size=size, shot=_shot(wall=wall)
    )
    corners = geo.apply(p.logo_homographies[0], geo.frame_corners(*size))
    plane = rectify.find_page(p.rgb, contains=corners)
    assert plane, plane
    truth = p.page_quad - 0.5
    diag = np.linalg.norm(truth[2] - truth[0])
    assert np.linalg.norm(plane.quad - truth, axis=1).max() < 0.02 * diag
    assert rectify.recognise(None, plane).photo


def test_a_flat_poster_and_a_scan_are_not_photographs():
    from posterlab.photos import scan

    rgb, _, _ = _poster()
    for img in (rgb, scan(np.random.default_rng(2), rgb)):
        rec = rectify.recognise(None, rectify.find_page(img))
        assert not rec.photo, rec.reason


def test_paper_white_balance_undoes_a_colour_cast():
    """Ink seen through a cast reads as printed once the paper is taken as white."""
    from brandcheck import colour

    paper_lab = np.array([95.0, 0.0, -2.0])
    ink_lab = np.array([44.6, 62.1, 43.3])
    cast = np.array([1.08, 0.97, 0.85])

    def seen(lab):
        lin = colour.srgb_to_linear(colour.lab_to_srgb(lab)[0]) * cast * 0.8
        return 255 * colour.linear_to_srgb(lin)

    got = rectify.white_balanced_lab(seen(ink_lab), seen(paper_lab), paper_lab)
    raw = colour.srgb_to_lab(seen(ink_lab) / 255)
    assert colour.delta_e00(got, ink_lab) < 1.0 < colour.delta_e00(raw, ink_lab)


def _check(tmp_path, rgb, logos, size, shot, name):
    from brandcheck.api import check_file

    p = photograph(np.random.default_rng(5), rgb, logos=logos, artwork_size=size, shot=shot)
    path = tmp_path / name
    path.write_bytes(p.jpeg)
    return check_file(path, text=False)


def test_a_compliant_photo_without_exif_passes_and_says_how_it_was_recognised(tmp_path):
    rgb, logos, size = _poster()
    r = _check(tmp_path, rgb, logos, size, _shot(finish="margin"), "ok.jpg")
    photo = next(f for f in r.findings if f.code == "photo")
    assert photo.measured == "image" and photo.details["trusted"], photo.message
    assert photo.region is not None and len(photo.region) == 4
    assert r.status == "pass", [(f.code, f.severity.value, f.message) for f in r.findings]


def test_a_rotated_logo_in_a_photo_still_fails(tmp_path):
    from posterlab.independent import PosterSpec, make_poster

    rng = np.random.default_rng(11)
    while True:
        s = make_poster(rng, PosterSpec(violation="rotated"))
        if 5 <= abs(s.logos[0].params.get("angle_deg", 0)) <= 30:
            break
    r = _check(
        tmp_path,
        s.rgb,
        [lg.homography for lg in s.logos],
        tuple(s.meta["artwork_size"]),
        _shot(finish="margin", roll_deg=12),
        "rot.jpg",
    )
    rot = [f for f in r.findings if f.code == "rotated"]
    assert rot and rot[0].severity.value == "fail", [f.message for f in r.findings]
    truth = s.logos[0].params["angle_deg"]
    assert math.isclose(rot[0].measured, truth, abs_tol=1.0)


def test_camera_noise_tells_a_digital_file_from_a_photograph():
    """Flat areas of a digital poster are clean; a photograph's never are, even after a
    messenger's downscale and JPEG."""
    rgb, logos, size = _poster()
    assert rectify.sensor_noise(rgb) <= rectify.NOISE_FLOOR
    p = photograph(
        np.random.default_rng(4), rgb, logos=logos, artwork_size=size, shot=_shot(messenger=True)
    )
    assert rectify.sensor_noise(p.rgb) > rectify.NOISE_FLOOR


@pytest.mark.parametrize("long_side", [900, 1500, 2100, 4100])  # reduced by 1, 2, 3 and 5
def test_camera_noise_at_every_reduction_factor(long_side):
    """A flat design (panels, 1 px strokes over half of it: texture, not noise) reads
    exactly clean at every whole reduction factor; the same under a camera's sensor noise
    (white, σ 2 grey levels, before the reduction averages it) does not."""
    h, w = long_side, round(long_side * 0.7)
    rgb = np.full((h, w, 3), 235, np.uint8)
    rgb[h // 5 : h // 2, w // 8 : w // 2] = (200, 30, 40)
    rgb[h // 2 :, ::7] = 20
    assert rectify.sensor_noise(rgb) == 0.0
    noise = np.random.default_rng(1).normal(0, 2.0, rgb.shape)
    noisy = np.clip(rgb + noise, 0, 255).round().astype(np.uint8)
    assert rectify.sensor_noise(noisy) > rectify.NOISE_FLOOR


def _render(quad, size, page_rgb, wall_rgb, *, shadow=0.0, blur=0.8, seed=0):
    """A page (flat colour) as the quad on a flat wall, a soft shadow ring around it."""
    import cv2

    w, h = size
    mask = np.zeros((h * 4, w * 4), np.float32)
    cv2.fillConvexPoly(mask, np.round((quad + 0.5) * 4 * 16).astype(np.int32), 1.0, cv2.LINE_AA, 4)
    mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_AREA)
    out = np.empty((h, w, 3), np.float32)
    out[:] = wall_rgb
    if shadow:
        ring = cv2.GaussianBlur(mask, (0, 0), 6.0)
        out *= (1 - shadow * ring)[..., None]
    out = out * (1 - mask[..., None]) + np.asarray(page_rgb, np.float32) * mask[..., None]
    out = cv2.GaussianBlur(out, (0, 0), blur)
    out += np.random.default_rng(seed).normal(0, 2.0, out.shape)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def test_a_side_is_refitted_to_the_paper_edge_not_its_shadow():
    """A coarse quad 14 px outside the page (where the working image's step test leaves
    it beside a shadow) is refitted to the paper's edge within a pixel (the rendering's
    own anti-aliasing is a few tenths)."""
    shot = Shot(tilt_deg=25, tilt_dir_deg=40, roll_deg=6, fill=0.6)
    truth = geo.apply(camera_homography(shot, *PAGE), geo.frame_corners(*PAGE))
    rgb = _render(truth, shot.size, (242, 242, 238), (150, 160, 140), shadow=0.35)
    centre = truth.mean(0)
    coarse = centre + (truth - centre) * 1.02  # every side pushed outward
    before = np.linalg.norm(coarse - truth, axis=1).max()
    refined, shares = rectify.refine_quad(rgb, coarse, 0.35)
    assert before > 10
    assert (shares >= rectify.REFINE_SHARE).all(), shares
    assert np.linalg.norm(refined - truth, axis=1).max() < 1.0


def test_a_wall_line_beside_the_page_is_not_taken_for_its_side():
    """Mortar-like ridges parallel to a side, just outside it, are thin lines, not
    steps: the side stays on the paper's edge."""
    import cv2

    shot = Shot(tilt_deg=0, roll_deg=0, fill=0.6)
    truth = geo.apply(camera_homography(shot, *PAGE), geo.frame_corners(*PAGE))
    rgb = _render(truth, shot.size, (240, 240, 240), (170, 120, 100))
    for dy in (12, 30):  # ridges above the top side
        y = int(truth[0, 1] - dy)
        cv2.line(rgb, (0, y), (shot.size[0], y), (110, 80, 70), 3)
    refined, _ = rectify.refine_quad(rgb, truth + [[0, -8], [0, -8], [0, 0], [0, 0]], 0.35)
    assert np.linalg.norm(refined - truth, axis=1).max() < 1.0


@pytest.mark.parametrize("shown", [0.3, 0.45])
def test_a_side_the_frame_cuts_in_half_or_more_is_refitted(shown):
    """A page whose left side is in the photo for only ``shown`` of its length (the top
    corners well above the frame): the side is still refitted to its edge on the part in
    frame (the hypotheses pair samples half the seen part apart, not half the whole side,
    which would pair every sample in frame with one outside it)."""
    shot = Shot(tilt_deg=25, tilt_dir_deg=40, roll_deg=8, fill=0.6)
    page = geo.apply(camera_homography(shot, *PAGE), geo.frame_corners(*PAGE))
    tl, bl = page[0], page[3]
    truth = page - [0.0, bl[1] + shown * (tl[1] - bl[1])]  # BL->TL leaves at ``shown``
    rgb = _render(truth, shot.size, (242, 242, 238), (150, 160, 140), shadow=0.2)
    a, b = truth[3] + [4.0, 0.0], truth[0] + [4.0, 0.0]  # a coarse side 4 px inside
    fit = rectify.refine_side(rgb, a, b, (9.0, 6.0), inlier=1.5, across=3.0)
    assert fit is not None and fit[2] >= rectify.REFINE_SHARE
    n, o, _ = fit
    # the fitted line within half a px of the true side along the part in frame
    seen = [truth[3] + t * (truth[0] - truth[3]) for t in np.linspace(0.0, shown, 5)]
    assert max(abs(float(n @ p) - o) for p in seen) < 0.5


def test_a_side_seen_on_too_few_samples_is_not_confirmed():
    """The same page with only a quarter of its left side in frame: fewer samples than
    :data:`~brandcheck.rectify.REFINE_MIN_ON` lie on it, too few to confirm a side."""
    shot = Shot(tilt_deg=25, tilt_dir_deg=40, roll_deg=8, fill=0.6)
    page = geo.apply(camera_homography(shot, *PAGE), geo.frame_corners(*PAGE))
    tl, bl = page[0], page[3]
    truth = page - [0.0, bl[1] + 0.25 * (tl[1] - bl[1])]
    rgb = _render(truth, shot.size, (242, 242, 238), (150, 160, 140), shadow=0.2)
    a, b = truth[3] + [4.0, 0.0], truth[0] + [4.0, 0.0]
    assert rectify.refine_side(rgb, a, b, (9.0, 6.0), inlier=1.5, across=3.0) is None


def test_an_edge_seen_only_in_colour_gives_a_line():
    """A red page on green grass of the same grey level: no edge in grey, one in R-G."""
    import cv2

    shot = Shot(tilt_deg=20, tilt_dir_deg=70, roll_deg=-5, fill=0.6, size=(540, 720))
    truth = geo.apply(camera_homography(shot, *PAGE), geo.frame_corners(*PAGE))
    green = np.array([40.0, 110, 40])
    red = np.array([1.0, 0.2, 0.2]) * (0.299 * 40 + 0.587 * 110 + 0.114 * 40) / 0.439
    rgb = _render(truth, shot.size, red, green)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    img = cv2.GaussianBlur(rgb, (0, 0), 1.0).astype(np.float32)

    def nearest(lines, k):
        a, b = truth[k], truth[(k + 1) % 4]
        if not len(lines.offset):
            return np.inf
        return np.maximum(
            np.abs(lines.normal @ a - lines.offset), np.abs(lines.normal @ b - lines.offset)
        ).min()

    # grey alone sees no side
    seg = rectify._channel_segments([grey], rectify.TEXTURE_SIGMA)
    alone = rectify.merge_segments(seg)
    assert all(nearest(alone, k) > 2.0 for k in range(4))
    lines = rectify.candidate_lines(grey, img)
    assert all(nearest(lines, k) < 2.0 for k in range(4))


def _scatters():
    """2x2 symmetric matrices as merge_segments meets them: scatters of near-collinear
    points at any angle (axis-aligned, exactly collinear, rounded), and the degenerate
    ones (diagonal, equal entries, negative)."""
    rng = np.random.default_rng(3)
    out = [np.zeros((2, 2)), np.eye(2), np.diag([5.0, 2.0]), np.diag([2.0, 5.0])]
    out += [np.full((2, 2), 4.0), -np.diag([1.0, 3.0]), np.array([[1.0, 1e-300], [1e-300, 1.0]])]
    for k in range(3000):
        ang = rng.uniform(0, np.pi)
        d = np.array([np.cos(ang), np.sin(ang)])
        d = np.round(d) if k % 3 == 0 else d
        noise = (0.0, 1e-9, 1e-3, 1.0, 30.0)[k % 5]
        pts = rng.uniform(0, 700, 2) + rng.normal(size=(4, 1)) * 100 * d
        pts = pts + rng.normal(size=(4, 2)) * noise
        pts = np.round(pts) if k % 7 == 0 else pts
        c = pts.mean(0)
        out.append((pts - c).T @ (pts - c) / 4 * (-1.0 if k % 11 == 0 else 1.0))
    return out


def test_the_smaller_eigenvector_is_lapacks_sign_included():
    """merge_segments' refit takes eigh's vector without its call overhead: the same
    vector with the same sign (a flipped normal reverses a line's profile), to 1e-15."""
    for m in _scatters():
        want = np.linalg.eigh(m)[1][:, 0]
        got = rectify._smaller_eigenvector(m[0, 0], m[1, 0], m[1, 1])
        assert np.allclose(got, want, rtol=0, atol=1e-15), (m, got, want)


def test_the_colour_step_is_numpys_norm():
    """refine_side's step across a side, without np.linalg.norm's slow reduction over the
    channel axis: the same float32 values, bit for bit (a step at the peak threshold
    must not move)."""
    rng = np.random.default_rng(5)
    a = rng.uniform(0, 255, (48, 118, 3)).astype(np.float32)
    b = rng.uniform(0, 255, (48, 118, 3)).astype(np.float32)
    b[:4] = a[:4]  # no step at all
    got = rectify._colour_step(a, b)
    assert got.dtype == np.float32
    assert np.array_equal(got, np.linalg.norm(a - b, axis=-1))


def _text_page(w=1000, h=1414):
    """A page of text-like lines and two panels: straight structure, no outline needed."""
    import cv2

    page = np.full((h, w, 3), 235, np.uint8)
    rng = np.random.default_rng(7)
    for y in range(120, h - 100, 38):  # baselines of words
        x = 80
        while x < w - 120:
            ln = int(rng.integers(40, 160))
            cv2.rectangle(page, (x, y), (min(x + ln, w - 80), y + 14), (40, 40, 40), -1)
            x += ln + int(rng.integers(15, 40))
    for x0, x1 in ((60, 470), (530, 940)):  # two panels' edges
        cv2.rectangle(page, (x0, 90), (x1, h - 80), (180, 40, 40), 6)
    return page


def _vp_shot(tilt, direction, roll):
    import cv2

    from posterlab.photos import _warp_area

    shot = Shot(tilt_deg=tilt, tilt_dir_deg=direction, roll_deg=roll, fill=1.6, size=(1536, 2048))
    page = _text_page()
    m = camera_homography(shot, page.shape[1], page.shape[0])
    rgb = _warp_area(page, m, shot.size, cv2.BORDER_REPLICATE)
    rgb = np.clip(cv2.GaussianBlur(rgb, (0, 0), 0.8), 0, 255).astype(np.uint8)
    logo = m @ geo.translation(450, 650)  # a 100 x 100 square near the middle
    corners = geo.apply(logo, geo.frame_corners(100, 100))
    _vp_shot.last = (rgb, m, corners, shot)
    return rectify.fallback_plane(rgb, rectify.NoPlane("none"), contains=corners), logo


@pytest.mark.parametrize("tilt,direction,roll", [(25, 30, 8), (15, 60, 3), (35, 0, 0)])
def test_vanishing_points_of_text_lines_recover_the_plane(tilt, direction, roll):
    """A page filling the frame (no outline at all): its lines' two vanishing points give
    a metric rectification, so an upright square on it measures upright and square."""
    plane, logo = _vp_shot(tilt, direction, roll)
    assert plane, plane
    assert plane.method == "vanishing-points" and rectify.trusted(plane), plane.details
    ps = rectify.logo_on_page(plane, logo, 100, 100)
    assert abs(ps.angle_deg) < 0.5 and abs(ps.aspect - 1) < 0.01 and abs(ps.shear_deg) < 0.5, ps


@pytest.mark.parametrize("tilt,direction,roll", [(25, 30, 8), (30, 100, -10), (35, 90, 5)])
def test_a_trusted_vanishing_point_plane_is_within_the_photo_margin(tilt, direction, roll):
    """Where the two halves of the segments disagree the plane is not trusted; a trusted
    one measures within the precision a pose on a trusted plane is judged at
    (checks.photo.pose_precision at the logo's size in the photo)."""
    from brandcheck.checks.photo import pose_precision

    plane, logo = _vp_shot(tilt, direction, roll)
    if plane and rectify.trusted(plane):
        ps = rectify.logo_on_page(plane, logo, 100, 100)
        q = geo.apply(logo, geo.frame_corners(100, 100))
        short = min(float(np.hypot(*(q[(i + 1) % 4] - q[i]))) for i in range(4))
        assert abs(ps.angle_deg) < pose_precision("angle_deg", short)
        assert abs(ps.aspect - 1) < pose_precision("aspect_ratio", short)
        assert abs(ps.shear_deg) < pose_precision("shear_deg", short)


def test_without_a_second_family_of_lines_there_is_no_plane():
    """Text lines alone fix one vanishing point, not the plane."""
    import cv2

    from posterlab.photos import _warp_area

    page = np.full((1414, 1000, 3), 235, np.uint8)
    for y in range(100, 1300, 40):
        cv2.rectangle(page, (80, y), (920, y + 12), (40, 40, 40), -1)
    shot = Shot(tilt_deg=25, tilt_dir_deg=30, roll_deg=5, fill=1.6)
    m = camera_homography(shot, 1000, 1414)
    rgb = _warp_area(page, m, shot.size, cv2.BORDER_REPLICATE).astype(np.uint8)
    corners = geo.apply(m @ geo.translation(450, 650), geo.frame_corners(100, 100))
    plane = rectify.fallback_plane(rgb, rectify.NoPlane("none"), contains=corners)
    assert not plane or not rectify.trusted(plane)


def test_only_confirmed_sides_tell_a_photo_from_a_scan():
    """A scan's outline with one side the working image guessed (slanted 9°, not found
    as an edge at full resolution) is not read as perspective; confirmed, it would be."""
    size = (1048, 1462)
    quad = np.array([[100.0, 60.0], [950.0, 55.0], [955.0, 1400.0], [-120.0, 1405.0]])
    details = {"work_scale": 0.5, "width": 1048.0, "height": 1462.0}
    guessed = rectify.plane_from_quad(
        quad, size, confidence=0.95, details={**details, "confirmed_sides": 7.0}
    )
    assert guessed.perspective_deg > 5
    assert not rectify.recognise(None, guessed).photo
    seen = rectify.plane_from_quad(
        quad, size, confidence=0.95, details={**details, "confirmed_sides": 15.0}
    )
    assert rectify.recognise(None, seen).photo


def test_a_vanishing_point_plane_at_odds_with_the_outline_is_not_trusted():
    """Outline sides confirmed in the photo that the rectified page does not show square
    (a wall's lines gave the points) make the plane untrusted; the same outline square
    with it keeps it trusted."""
    plane, _ = _vp_shot(25, 30, 8)
    rgb, m, corners, shot = _vp_shot.last
    assert rectify.trusted(plane)
    page = geo.frame_corners(1000, 1414)
    c = page.mean(0)
    for turn, ok in ((0.0, True), (5.0, False)):
        t = np.radians(turn)
        rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
        quad = geo.apply(m, (page - c) @ rot.T * 0.9 + c)
        outline = rectify.plane_from_quad(
            quad, shot.size, confidence=0.9, details={"confirmed_sides": 15.0}
        )
        got = rectify.fallback_plane(rgb, outline, contains=corners)
        assert got and rectify.trusted(got) == ok, got.details


def test_the_vanishing_point_trust_is_the_pose_precision_of_a_trusted_plane():
    """VP_SPLIT_MAX is the plane term of pageframe.POSE_PRECISION: a vanishing-point plane
    is trusted when it is fixed as well as a pose on a trusted plane is taken to be."""
    from brandcheck.pageframe import POSE_PRECISION

    assert rectify.VP_SPLIT_MAX == {
        "angle_deg": POSE_PRECISION["angle_deg"][0],
        "aspect": POSE_PRECISION["aspect_ratio"][0],
        "shear_deg": POSE_PRECISION["shear_deg"][0],
    }


def _bordered_on_bricks(shot, course_y, *, border=8.0, course_px=10):
    """A page with a dark border on a brick-coloured wall whose one mortar course (a
    band ``course_px`` wide, darker than the bricks) runs level through ``course_y``;
    a soft shadow below and right of the paper, as posterlab.photos draws it."""
    import cv2

    m = camera_homography(shot, *PAGE)
    outer = geo.apply(m, geo.frame_corners(*PAGE))
    inset = geo.frame_corners(*PAGE) + np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]]) * border
    inner = geo.apply(m, inset)
    w, h = shot.size
    out = np.empty((h, w, 3), np.float32)
    out[:] = (205, 160, 140)
    y = round(course_y)
    out[y - course_px // 2 : y + course_px - course_px // 2] = (140, 112, 98)
    for quad, rgb in ((outer, (25, 25, 25)), (inner, (0, 100, 90))):
        mask = np.zeros((h * 4, w * 4), np.float32)
        pts = np.round((quad + 0.5) * 4 * 16).astype(np.int32)
        cv2.fillConvexPoly(mask, pts, 1.0, cv2.LINE_AA, 4)
        mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_AREA)
        if quad is outer:
            shadow = np.roll(cv2.GaussianBlur(mask, (0, 0), 6.0), (3, 3), axis=(0, 1))
            out *= (1 - 0.3 * shadow)[..., None]
        out = out * (1 - mask[..., None]) + np.asarray(rgb, np.float32) * mask[..., None]
    out = cv2.GaussianBlur(out, (0, 0), 1.0)
    out += np.random.default_rng(1).normal(0, 2.0, out.shape)
    return outer, np.clip(out + 0.5, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("roll", [1.0, 2.0])
def test_a_side_is_not_fitted_along_a_mortar_course_that_crosses_it(roll):
    """A bordered page on bricks, its top side crossing a mortar course at its middle
    (the course outside the page on one half, hidden on the other), placed 1.5 % out:
    the course's flank and the edges parallel to the side (the border's inner and outer
    edges) let lines at a slant across them gather half the samples. The side is the
    paper's outer edge all along, not a line meeting it within the side."""
    shot = Shot(tilt_deg=10, tilt_dir_deg=90, roll_deg=roll, fill=0.62)
    page = geo.apply(camera_homography(shot, *PAGE), geo.frame_corners(*PAGE))
    outer, rgb = _bordered_on_bricks(shot, (page[0, 1] + page[1, 1]) / 2)
    centre = outer.mean(0)
    refined, shares = rectify.refine_quad(rgb, centre + (outer - centre) * 1.015, 0.35)
    assert (shares >= rectify.REFINE_SHARE).all(), shares
    assert np.linalg.norm(refined - outer, axis=1).max() < 1.0


# ------------------------------------------------------------ a page held square on


@pytest.mark.parametrize(
    ("wall", "tilt", "roll"), [("grass", 0.6, 0.6), ("gravel", 0.3, -1.5), ("paint", 0.8, 0.0)]
)
def test_a_page_photographed_square_on_is_recognised_by_its_background(tmp_path, wall, tilt, roll):
    """Without EXIF and with no perspective to see (tilt under 1°, roll under 2°), the wall
    around the page tells the photograph: its compliant logo is not judged for the
    camera's softness (``low-resolution``)."""
    rgb, logos, size = _poster()
    shot = _shot(wall=wall, tilt_deg=tilt, roll_deg=roll, finish="margin")
    p = photograph(np.random.default_rng(7), rgb, logos=logos, artwork_size=size, shot=shot)
    plane = rectify.find_page(p.rgb)
    assert plane and not rectify.recognise(None, plane).photo  # no perspective to see
    rec = rectify.recognise_square_on(p.rgb, plane)
    assert rec is not None and rec.photo and rec.how == "image"
    r = _check(tmp_path, rgb, logos, size, shot, f"{wall}.jpg")
    photo = next((f for f in r.findings if f.code == "photo"), None)
    assert photo is not None and photo.measured == "image", [f.message for f in r.findings]
    assert "square on" in photo.message
    assert not any(f.code == "low-resolution" for f in r.findings)


def _panel_on_grass(seed: int = 0) -> np.ndarray:
    """A digital poster: a light panel with the logo on a full-bleed textured artwork
    (scikit-image's grass, as a poster's photo background)."""
    import cv2
    import skimage.data

    rgb, _, _ = _poster()
    h, w = rgb.shape[:2]
    grass = cv2.resize(np.asarray(skimage.data.grass(), np.uint8), (w, h))
    out = np.stack([grass * 0.55, grass, grass * 0.45], -1).astype(np.uint8)
    y0, x0 = h // 4, w // 5
    out[y0 : h - y0, x0 : w - x0] = cv2.resize(rgb, (w - 2 * x0, h - 2 * y0))
    return out


def test_a_digital_panel_on_textured_artwork_is_not_a_photograph(tmp_path):
    """The panel's outline is upright inside the frame with a textured band around it, as
    a page on a wall would be, but a digital file has no camera noise."""
    import cv2

    from brandcheck.api import check_file

    rgb = _panel_on_grass()
    path = tmp_path / "panel.png"
    cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    r = check_file(path, text=False)
    assert not any(f.code == "photo" for f in r.findings), [f.message for f in r.findings]


@pytest.mark.parametrize("seed", range(6))
def test_a_scanned_page_on_its_lid_is_not_a_photograph(seed):
    """A scan has a scanner's noise and an upright outline inside the frame; the flat lid
    around the page (or, when a panel is taken for the page, at the frame's border) is
    what tells it from a wall."""
    from posterlab.photos import scan

    rng = np.random.default_rng(seed)
    for poster in (_poster(seed)[0], _panel_on_grass()):
        img = scan(rng, poster)
        assert rectify.sensor_noise(img) > rectify.NOISE_FLOOR
        assert rectify.recognise_square_on(img, rectify.find_page(img)) is None


@settings(max_examples=60, deadline=None)
@given(
    tilt=st.floats(0.0, rectify.MAX_TILT_DEG),
    direction=st.floats(0.0, 180.0),
    roll=st.floats(-15.0, 15.0),
    focal=st.floats(rectify.FOCAL_RANGE[0], rectify.FOCAL_RANGE[1]),
    fill=st.floats(0.3, 0.8),
)
def test_a_page_within_the_issues_tilt_needs_no_more_tilt(tilt, direction, roll, focal, fill):
    """Any plausible lens: the least tilt a photographed page's quad implies is at most
    the camera's, so no page photographed within the issue's tilt is refused by it."""
    shot = Shot(focal=focal, tilt_deg=tilt, tilt_dir_deg=direction, roll_deg=roll, fill=fill)
    quad = geo.apply(camera_homography(shot, *PAGE), geo.frame_corners(*PAGE))
    w, h = shot.size
    plane = rectify.plane_from_quad(
        quad, shot.size, confidence=1.0, details={"width": float(w), "height": float(h)}
    )
    least = rectify.least_tilt_deg(plane)
    assert least is not None and least <= tilt + 0.5


def test_a_scan_whose_outline_would_be_a_page_seen_almost_edge_on_is_not_a_photograph():
    """A flatbed scan of posterlab.tuned's poster 705 (JPEG, as its corpus made it): the
    outline found is a picture panel's top, left and bottom closed by a line through the
    picture, converging by 32.6°, which only a page seen at 80° or more would do (any
    plausible lens); it was read as a page in perspective."""
    import cv2

    from brandcheck.brand import load_brand
    from posterlab.photos import scan
    from posterlab.tuned.corpus import CATEGORIES, poster_for

    kit = load_brand()
    cats = [c for c in CATEGORIES if c != "phone"]
    rng = np.random.default_rng(7)  # one generator for the corpus's scans, in order
    for i in range(6):
        s, _, _ = poster_for(cats[i % len(cats)], np.random.default_rng([7, i]), 700 + i, kit)
        sc = scan(rng, s.rgb)
    _, buf = cv2.imencode(".jpg", sc[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 90])
    sc = np.ascontiguousarray(cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1])
    plane = rectify.find_page(sc)
    assert isinstance(plane, rectify.PagePlane) and plane.perspective_deg > 20, (
        "the scan's wrong outline is no longer found: the test no longer tests"
    )
    least = rectify.least_tilt_deg(plane)
    assert least is not None and least > rectify.MAX_TILT_DEG
    rec = rectify.recognise(None, plane)
    assert not rec.photo, rec.reason
