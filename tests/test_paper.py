"""A photographed logo's size on its page, and in mm when the printed format is stated."""

from __future__ import annotations

import math

import numpy as np
import pytest

from brandcheck import geometry as geo
from brandcheck import paper, rectify

SIZE = (1536, 2048)  # a phone photo, portrait
ART = (600.0, 340.0)  # the logo's artwork frame, px


def _rot(axis: str, deg: float) -> np.ndarray:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return {
        "x": np.array([[1, 0, 0], [0, c, -s], [0, s, c]]),
        "y": np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]]),
        "z": np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]),
    }[axis]


def camera(pw, ph, *, tilt_x=20.0, tilt_y=12.0, roll=5.0, focal=0.6):
    """Page px (centre convention) -> photo px through a pinhole camera at the photo's
    centre, the page filling about 70 % of the photo's height square on."""
    w, h = SIZE
    f = focal * math.hypot(w, h)
    k = np.array([[f, 0, (w - 1) / 2], [0, f, (h - 1) / 2], [0, 0, 1]])
    r = _rot("z", roll) @ _rot("x", tilt_x) @ _rot("y", tilt_y)
    dist = f * ph / (0.7 * h)
    m = k @ np.column_stack([r[:, 0], r[:, 1], [0, 0, dist]])
    return m @ geo.translation(-(pw - 1) / 2, -(ph - 1) / 2)


def photographed(pw, ph, *, logo_w=200.0, at=(80.0, 90.0), **cam):
    """(plane, artwork -> photo homography, true width and height shares)."""
    h = camera(pw, ph, **cam)
    quad = geo.apply(h, geo.frame_corners(pw, ph))
    plane = rectify.plane_from_quad(quad, SIZE, confidence=0.95)
    s = logo_w / ART[0]
    logo = h @ geo.translation(*at) @ geo.scale_matrix(s, s)
    return plane, logo, logo_w / pw, ART[1] * s / ph


@pytest.mark.parametrize(("text", "name"), [("A3", "A3"), ("a3", "A3"), (" b10 ", "B10")])
def test_formats_are_named_as_iso_216_names_them(text, name):
    assert paper.parse(text) == name


@pytest.mark.parametrize("text", ["A11", "letter", "", "3A", "C4"])
def test_an_unknown_format_says_which_are_known(text):
    with pytest.raises(ValueError, match="ISO 216 A0-A10 or B0-B10"):
        paper.parse(text)


def test_every_format_is_about_one_to_root_two():
    # the rounding of ISO 216's mm keeps every size within 0.7 % of 1:√2 (A10 37/26)
    worst = max(abs(paper.format_ratio(n) / math.sqrt(2) - 1) for n in paper.ISO_216)
    assert worst < 0.007 < paper.RATIO_TOLERANCE


def test_a_stated_format_gives_mm_from_the_rectified_page():
    pw, ph = 1000, round(1000 * 420 / 297)  # an A3 page, any pixel scale
    plane, logo, ws, hs = photographed(pw, ph)
    assert plane.focal_px is not None and rectify.trusted(plane)
    on = paper.on_page(plane, logo, ART, SIZE, "A3")
    assert on.width_share == pytest.approx(ws, rel=1e-3)
    assert on.height_share == pytest.approx(hs, rel=1e-3)
    assert on.width_mm == pytest.approx(297 * ws, rel=1e-3)
    assert on.height_mm == pytest.approx(420 * hs, rel=1e-3)
    assert on.series == "ISO 216 A or B series" and not on.why
    assert "on A3" in on.says() and "±3%" in on.says()
    # the same page stated as A0: four times the size, as a user who says so means
    a0 = paper.on_page(plane, logo, ART, SIZE, "A0")
    assert a0.width_mm == pytest.approx(841 * ws, rel=1e-3)


def test_no_format_stated_gives_shares_and_says_why_no_mm():
    plane, logo, ws, _ = photographed(1000, 1414)
    on = paper.on_page(plane, logo, ART, SIZE, None)
    assert on.width_share == pytest.approx(ws, rel=1e-3)
    assert on.width_mm is None and "no printed format stated" in on.why
    assert on.as_json()["paper_mm_not_measured"] == on.why
    assert "millimetres not measured: no printed format stated" in on.says()


def test_a_page_of_another_ratio_gets_no_mm():
    """A 4:3 poster stated as A3: its measured ratio (1.333) is 5.7 % from A3's."""
    plane, logo, ws, _ = photographed(900, 1200)
    on = paper.on_page(plane, logo, ART, SIZE, "A3")
    assert on.width_mm is None and on.series is None
    assert "is not A3's 1.414" in on.why and on.width_share == pytest.approx(ws, rel=1e-3)


def test_a_page_seen_square_on_is_bracketed_over_a_phone_s_focal_lengths():
    """Sides parallel in the photo do not fix the focal length; seen nearly square on, the
    ratio hardly depends on it, so the bracket is narrow and mm are given."""
    pw, ph = 1000, 1414
    plane, logo, ws, _ = photographed(pw, ph, tilt_x=0.0, tilt_y=0.0, roll=4.0)
    assert plane.focal_px is None
    r = paper.measured_ratio(plane, SIZE)
    assert r is not None and r.fixed and r.low <= ph / pw * 1.001 and r.high >= ph / pw * 0.999
    on = paper.on_page(plane, logo, ART, SIZE, "A2")
    assert on.width_mm == pytest.approx(420 * ws, rel=1e-3)
    # tilted about one axis only, one pair of sides stays parallel: the ratio then depends
    # on the focal length, beyond the tolerance, and mm are not given
    plane, logo, _, _ = photographed(pw, ph, tilt_x=30.0, tilt_y=0.0, roll=0.0)
    assert plane.focal_px is None and not paper.measured_ratio(plane, SIZE).fixed
    on = paper.on_page(plane, logo, ART, SIZE, "A2")
    assert on.width_mm is None and "does not fix the page's ratio" in on.why


def test_no_plane_no_size():
    on = paper.on_page(
        rectify.NoPlane("page outline not found: 2 lines"), np.eye(3), ART, SIZE, "A3"
    )
    assert on.width_share is None and on.width_mm is None
    assert on.why == "page plane not recovered (page outline not found: 2 lines)"
    assert on.says().startswith("not measured: page plane not recovered")


def test_a_plane_without_the_whole_outline_gives_no_share():
    """From vanishing points (or an outline cut by the frame) the page's edges are not
    known, so neither is the logo's share of the page."""
    import dataclasses

    plane, logo, _, _ = photographed(1000, 1414)
    for method in ("vanishing-points", "partial-outline", "outline, one side at the frame's edge"):
        on = paper.on_page(dataclasses.replace(plane, method=method), logo, ART, SIZE, "A3")
        assert on.width_share is None and on.width_mm is None
        assert on.why == f"the page's whole outline is not seen (plane from {method})"
