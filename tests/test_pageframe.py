"""A photograph's logos found and measured in the page's frame (brandcheck.pageframe)."""

from __future__ import annotations

import numpy as np
import pytest

from brandcheck import geometry as geo
from brandcheck import pageframe
from brandcheck.locate import NotFound, locate, reference_for
from posterlab.photos import Shot, photograph


@pytest.fixture(scope="module")
def steep(tmp_path_factory):
    """A poster photographed at 34°, its 90 px logo too foreshortened for the photo's own
    search (poster seed 5 and this shot were picked for that: the test checks it)."""
    from posterlab.independent import PosterSpec, make_poster

    s = make_poster(np.random.default_rng(5), PosterSpec())
    shot = Shot(
        tilt_deg=34,
        tilt_dir_deg=10,
        roll_deg=-8,
        wall="paint",
        fill=0.5,
        exif=False,
        finish="margin",
    )
    size = tuple(s.meta["artwork_size"])
    p = photograph(
        np.random.default_rng(5),
        s.rgb,
        logos=[lg.homography for lg in s.logos],
        artwork_size=size,
        shot=shot,
    )
    path = tmp_path_factory.mktemp("steep") / "steep.jpg"
    path.write_bytes(p.jpeg)
    return p, path


def test_a_logo_missed_in_the_photo_is_found_on_the_rectified_page(steep, kit):
    from brandcheck.load import load

    p, path = steep
    ref = reference_for(kit.logo.artwork)
    poster = load(path)
    missed = locate(poster.rgb, ref)
    assert isinstance(missed, NotFound), "the photo's own search finds this logo now"
    found, plane = pageframe.locate_on_page(poster, ref, missed)
    assert plane and not isinstance(found, NotFound), found
    assert len(found) == 1
    truth = p.logo_quads[0] - 0.5  # edge -> centre convention
    width = float(np.linalg.norm(truth[1] - truth[0]))
    # mapped back to the photo and refined there: corners within 2 % of the logo's width
    assert np.abs(found[0].quad - truth).max() < 0.02 * width
    assert found[0].visible == pytest.approx(1.0, abs=1e-3)
    assert np.allclose(
        geo.apply(found[0].homography, geo.frame_corners(ref.width, ref.height)), found[0].quad
    )


def test_a_missed_logo_in_a_photo_is_judged_on_the_page(steep):
    """End to end: found on the second look and judged in the page's frame: it passes."""
    from brandcheck.api import check_file

    _, path = steep
    r = check_file(path, text=False)
    assert len(r.logos) == 1, [f.message for f in r.findings]
    photo = next(f for f in r.findings if f.code == "photo")
    assert photo.details["trusted"], photo.message
    assert r.status == "pass", [(f.code, f.severity.value, f.message) for f in r.findings]


def test_a_digital_file_gets_no_second_look(kit):
    """A clean digital poster is not a photograph: locate's answer stands, no plane."""
    from types import SimpleNamespace

    from posterlab.independent import PosterSpec, make_poster

    s = make_poster(np.random.default_rng(2), PosterSpec(violation="logo-missing"))
    poster = SimpleNamespace(rgb=s.rgb, source_format="PNG", camera=None)
    missed = NotFound("no candidate passed verification")
    found, plane = pageframe.locate_on_page(poster, reference_for(kit.logo.artwork), missed)
    assert found is missed and plane is None


def _poster_logos(seed: int = 3):
    from posterlab.independent import PosterSpec, make_poster

    s = make_poster(np.random.default_rng(seed), PosterSpec())
    return s.rgb, [lg.homography for lg in s.logos], tuple(s.meta["artwork_size"])


@pytest.mark.parametrize(
    ("offset", "tilt", "direction"),
    [((0, -0.22), 20, 30), ((0.25, 0), 12, 80), ((-0.25, 0), 12, 80)],
)
def test_a_page_cut_by_the_frame_is_recognised_without_exif(offset, tilt, direction):
    from brandcheck import rectify

    rgb, logos, size = _poster_logos()
    shot = Shot(
        tilt_deg=tilt,
        tilt_dir_deg=direction,
        roll_deg=2,
        fill=0.9,
        offset=offset,
        exif=False,
        wall="paint",
        finish="margin",
    )
    p = photograph(np.random.default_rng(5), rgb, logos=logos, artwork_size=size, shot=shot)
    corners = geo.apply(p.logo_homographies[0], geo.frame_corners(*size))
    plane = rectify.find_page(p.rgb, contains=corners)
    assert plane and plane.details.get("partial"), "the outline found is no longer partial"
    rec = pageframe.recognise(None, plane)
    assert rec.photo and rec.how == "image" and "cut by the frame" in rec.reason, rec.reason


#: Cropped scans whose outline rectify's colour sides (500bf5a) find converging by 31-33°:
#: a wrong outline, taken for a perspective (rectify is photo-plane's; reported to it).
#: Seed 11's wrong side is not confirmed at full resolution, which recognition now needs.
#: seeds whose scan gets a wrong outline read as a perspective: none since a side is
#: refitted on its run in frame (seed 6's wrong left side, 31-33°, is no longer confirmed)
_WRONG_OUTLINE: set[int] = set()


@pytest.mark.parametrize(
    "seed",
    [
        pytest.param(
            s,
            marks=pytest.mark.xfail(
                strict=True, reason="rectify finds a wrong outline converging by 31-33°"
            ),
        )
        if s in _WRONG_OUTLINE
        else s
        for s in range(12)
    ],
)
def test_a_scan_cut_by_the_frame_is_not_a_photograph(seed):
    """Flatbed scans (skewed up to 1.5°) cropped by 6 % on each side in turn: a page side
    meets the frame at the scan's skew, but the page's whole sides stay parallel."""
    from brandcheck import rectify
    from posterlab.independent import PosterSpec, make_poster
    from posterlab.photos import scan

    rng = np.random.default_rng(seed)
    sc = scan(rng, make_poster(rng, PosterSpec()).rgb)
    h, w = sc.shape[:2]
    side = seed % 4
    c = int(0.06 * (h if side in (0, 2) else w))
    sc = [sc[c:], sc[:, : w - c], sc[: h - c], sc[:, c:]][side]
    rec = pageframe.recognise(None, rectify.find_page(sc))
    assert not rec.photo, rec.reason


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_scan_whose_cut_outline_has_unconfirmed_sides_is_not_a_photograph(seed):
    """A flatbed scan of posterlab.unseen's poster 912 (seeds 0-2 of the scan): the outline
    found is a text block cut by the frame on its left, whose top and bottom are the
    working image's lines through text, not confirmed at full resolution; they were read
    as converging by 1.3° (a photograph). Only confirmed sides tell a slant."""
    from brandcheck import rectify
    from posterlab.photos import scan
    from posterlab.unseen.artworks import draw
    from posterlab.unseen.generator import make_poster

    poster = make_poster(912, "lookalike", draw("standin"), draw("standin-alike")).rgb
    plane = rectify.find_page(scan(np.random.default_rng(seed), poster))
    assert isinstance(plane, rectify.PagePlane) and plane.details.get("partial"), (
        "the scan's outline is no longer a partial one: the test no longer tests"
    )
    i, j = [(int(plane.details["framed_side"]) + k) % 4 for k in (1, 3)]
    mask = int(plane.details["confirmed_sides"])
    assert not (mask >> i & 1 and mask >> j & 1), "the whole sides are now confirmed"
    rec = pageframe.recognise(None, plane)
    assert not rec.photo, rec.reason


def test_a_logo_past_the_photos_frame_is_not_past_the_page():
    """A side of the outline that is the photo's frame is not the page's: a logo reaching
    past it is cut by the photograph (not off the page); past a side of the page's own it
    is; a plane from vanishing points has no outline to tell."""
    from brandcheck.rectify import plane_from_quad

    # the page's top is cut off: the outline's top side is the frame's top edge (y = 0)
    quad = geo.frame_corners(1000, 1200) + np.array([100.0, 0.0])
    frame = {"width": 1400.0, "height": 1600.0}
    cut = plane_from_quad(
        quad,
        (1400, 1600),
        confidence=1.0,
        method="outline, one side at the frame's edge",
        details={**frame, "partial": 1.0, "framed_side": 0.0},
    )
    whole = plane_from_quad(quad, (1400, 1600), confidence=1.0, details=frame)
    at_top = geo.frame_corners(200, 100) + np.array([500.0, -50.0])  # across the frame's top
    at_left = geo.frame_corners(200, 100) + np.array([50.0, 600.0])  # across the page's left
    inside = geo.frame_corners(200, 100) + np.array([500.0, 600.0])
    assert pageframe._past_outline(cut, at_top) is False
    assert pageframe._past_outline(whole, at_top) is True
    assert pageframe._past_outline(cut, at_left) is True
    assert pageframe._past_outline(cut, inside) is False
    vp = plane_from_quad(quad, (1400, 1600), confidence=1.0, method="vanishing-points")
    assert pageframe._past_outline(vp, at_left) is None
    # a vanishing-point plane whose extent is the outline's (pageframe.photo_plane)
    extent = {**frame, "outline_extent": 1.0, "framed_side": 0.0}
    vp = plane_from_quad(
        quad, (1400, 1600), confidence=1.0, method="vanishing-points", details=extent
    )
    assert pageframe._past_outline(vp, at_top) is False
    assert pageframe._past_outline(vp, at_left) is True


@pytest.mark.parametrize(
    ("shot", "severity"),
    [
        # the whole page in the photo, its outline found and trusted: the logo is missing
        (Shot(tilt_deg=20, tilt_dir_deg=30, roll_deg=4, fill=0.6, exif=False), "fail"),
        # the page's right part out of the photo (no EXIF): the logo may be there
        (
            Shot(tilt_deg=12, tilt_dir_deg=80, roll_deg=2, fill=0.9, offset=(0.25, 0), exif=False),
            "warn",
        ),
    ],
)
def test_a_logo_free_poster_photographed_whole_fails_cut_off_is_a_review(tmp_path, shot, severity):
    from dataclasses import replace

    from brandcheck.api import check_file
    from posterlab.independent import PosterSpec, make_poster

    s = make_poster(np.random.default_rng(2), PosterSpec(violation="logo-missing"))
    p = photograph(
        np.random.default_rng(5), s.rgb, shot=replace(shot, wall="paint", finish="margin")
    )
    assert p.page_in_frame is (severity == "fail")
    path = tmp_path / "poster.jpg"
    path.write_bytes(p.jpeg)
    r = check_file(path, text=False)
    by = {f.code: f for f in r.findings}
    assert by["photo"].measured == "image", "read as a photograph without EXIF"
    assert by["logo-missing"].severity.value == severity, by["logo-missing"].message
    assert by["logo-missing"].details["page_seen_whole"] is (severity == "fail")


_INK, _PAPER = (200, 37, 38), (242, 240, 236)


def _slanted_blurred_logo(ref, width: float, squeeze: float, sigma: float):
    """A logo ``width`` px wide drawn in the kit's ink on paper, its height squeezed to
    ``squeeze`` and sheared (a page seen at a slant), blurred by a Gaussian of ``sigma`` px
    (the camera): the image and the artwork -> image homography."""
    import cv2

    s = width / ref.width
    hom = geo.translation(60, 50) @ np.array([[s, 0.25 * s, 0], [0, s * squeeze, 0], [0, 0, 1]])
    size = (round(2 * width) + 120, round(ref.height * s) + 120)
    fine = cv2.resize(ref.ink, None, fx=2 * s, fy=2 * s, interpolation=cv2.INTER_AREA)
    to_image = hom @ np.linalg.inv(geo.scale_matrix(2 * s))
    cover = cv2.warpPerspective(fine, to_image, size, flags=cv2.INTER_LINEAR)[..., None]
    rgb = np.array(_PAPER, np.float64) * (1 - cover) + np.array(_INK, np.float64) * cover
    rgb = cv2.GaussianBlur(rgb, (0, 0), sigma)
    return np.clip(rgb + 0.5, 0, 255).astype(np.uint8), hom


@pytest.mark.parametrize(
    ("width", "squeeze", "sigma", "measured"),
    # the frame's edge guard read these 3.1 and 8.6 ΔE00 off the ink (paper mixed in)
    [(240, 0.6, 2.0, True), (120, 0.6, 1.5, False)],
)
def test_a_photographed_ink_is_read_beyond_the_cameras_blur(kit, width, squeeze, sigma, measured):
    """On a slanted, blurred logo the ink is read where the blur has not mixed paper into
    it, or not measured when no such px are left; never from the mixed px."""
    from brandcheck import colour, rectify
    from brandcheck.load import Poster
    from brandcheck.locate import Detection
    from brandcheck.measure import measure

    ref = reference_for(kit.logo.artwork)
    rgb, hom = _slanted_blurred_logo(ref, width, squeeze, sigma)
    quad = geo.apply(hom, geo.frame_corners(ref.width, ref.height))
    det = Detection(hom, quad, 1.0, 100, 1, 1.0, True)
    m = measure(Poster(rgb=rgb, path="slanted.jpg", source_format="JPEG"), det, kit, ref)
    facts = pageframe.PhotoFacts("exif", "x", rectify.NoPlane("x"), False, None, None)
    got, lg = pageframe.in_page(m, det, ref, (facts, facts.plane), rgb, kit)
    if measured:
        assert lg.balanced and lg.paper_srgb == _PAPER
        paper_lab = colour.cmyk_to_lab(np.zeros(4), kit.colour.characterisation)
        truth = rectify.white_balanced_lab(np.array(_INK), np.array(_PAPER), paper_lab)
        assert float(colour.delta_e00(got.ink_lab, truth)) < 1.0
    else:
        assert got.ink_lab is None and got.ink_pixels < 40
    # the guard is the edge guard or the blur measured, whichever reaches farther
    assert lg.ink_guard_px >= 2


def test_an_ink_is_balanced_from_the_paper_around_it_under_a_colour_cast(tmp_path, kit):
    """A green cast (×1.1) makes the paper around the logo read C* 12-18; that paper, lit
    as the logo is, balances the ink (not the page's brightest paper, lit otherwise)."""
    from brandcheck.api import check_file
    from posterlab.independent import PosterSpec, make_poster

    s = make_poster(np.random.default_rng(2), PosterSpec())
    shot = Shot(
        cast=(0.92, 1.1, 1.0),
        light=0.35,
        vignette=0.6,
        tilt_deg=20,
        wall="paint",
        fill=0.6,
        finish="margin",
    )
    p = photograph(
        np.random.default_rng(2),
        s.rgb,
        logos=[lg.homography for lg in s.logos],
        artwork_size=tuple(s.meta["artwork_size"]),
        shot=shot,
    )
    path = tmp_path / "cast.jpg"
    path.write_bytes(p.jpeg)
    col = next(f for f in check_file(path, text=False).findings if f.code == "colour")
    assert "white-balanced from the paper" in col.message, col.message
    # a compliant ink reads within the kit's pass limit (from the page's brightest paper,
    # 237, 255, 241, it read ΔE00 7.5)
    assert col.measured < kit.colour.pass_de00, col.message


@pytest.mark.parametrize("tilt", [14, 24])
def test_a_photo_on_an_evenly_lit_plain_wall_is_a_photograph(tmp_path, tilt):
    """A plain wall lit evenly (no gradient, no vignetting) borders the frame at one grey
    level as a scanner's lid does; the page in perspective on it is still a photograph
    (a lid rule reverted in e53c477 made such a compliant photo fail three times)."""
    from brandcheck.api import check_file
    from posterlab.independent import PosterSpec, make_poster

    s = make_poster(np.random.default_rng(2), PosterSpec())
    shot = Shot(
        tilt_deg=tilt,
        tilt_dir_deg=30,
        roll_deg=3,
        fill=0.6,
        exif=False,
        wall="paint",
        finish="margin",
        light=0.0,
        vignette=1.0,
    )
    p = photograph(
        np.random.default_rng(5),
        s.rgb,
        logos=[lg.homography for lg in s.logos],
        artwork_size=tuple(s.meta["artwork_size"]),
        shot=shot,
    )
    path = tmp_path / "poster.jpg"
    path.write_bytes(p.jpeg)
    r = check_file(path, text=False)
    by = {f.code: f for f in r.findings}
    assert "photo" in by and by["photo"].measured == "image", "not read as a photograph"
    fails = [f.code for f in r.findings if f.severity.value == "fail"]
    assert not fails, fails
