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
