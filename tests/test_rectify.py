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
