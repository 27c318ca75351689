"""posterlab.independent: deterministic, truthful ground truth, violations that hold.

Every property is checked on the generated pixels or the placement's geometry, never by
running brandcheck: these tests say the corpus is right, not that brandcheck is.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from brandcheck import colour as col
from brandcheck import geometry as geo
from posterlab.independent import CODES, INK_SRGB, PosterSpec, load_artwork, make_poster
from posterlab.independent import violations as vio
from posterlab.independent.placement import Placement, draw_logo
from posterlab.io import encode_cmyk_tiff, encode_jpeg, encode_png
from posterlab.render import polygon_mask, pose_matrix

W, H = 720, 1018  # small posters keep the suite fast

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture(scope="module")
def art(kit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_artwork(kit=kit)


def poster(seed: int, **kw):
    return make_poster(np.random.default_rng(seed), PosterSpec(W, H, **kw))


@pytest.fixture(scope="module")
def by_code():
    """One poster per finding code (and a compliant one), made once."""
    return {c: poster(100 + i, violation=c) for i, c in enumerate((None, *CODES))}


def art_centroid(alpha: np.ndarray) -> np.ndarray:
    a = alpha.astype(np.float64)
    ys, xs = np.mgrid[0 : a.shape[0], 0 : a.shape[1]]
    return np.array([(a * xs).sum(), (a * ys).sum()]) / a.sum()


def ink_alpha(rgb: np.ndarray, ink, panel) -> np.ndarray:
    """Per-pixel coverage of ``ink`` over ``panel`` (projection onto the ink-panel line)."""
    d = np.asarray(ink, float) - np.asarray(panel, float)
    return np.clip(((rgb.astype(float) - np.asarray(panel, float)) @ d) / (d @ d), 0, 1)


# ------------------------------------------------------------------ determinism


def test_same_seed_same_bytes():
    a, b = poster(7, lookalikes=2), poster(7, lookalikes=2)
    assert encode_png(a.rgb) == encode_png(b.rgb)
    assert encode_jpeg(a.rgb, 90) == encode_jpeg(b.rgb, 90)
    assert json.dumps(a.truth()) == json.dumps(b.truth())
    c = poster(8, lookalikes=2)
    assert encode_png(c.rgb) != encode_png(a.rgb)


def test_cmyk_same_bytes_and_exact_build(kit):
    a, b = (
        make_poster(np.random.default_rng(3), PosterSpec(500, 707, ppi=150.0, cmyk=True))
        for _ in range(2)
    )
    assert encode_cmyk_tiff(a.cmyk, a.ppi) == encode_cmyk_tiff(b.cmyk, b.ppi)
    lg = a.logos[0]
    # the ink pixels hold exactly the kit's CMYK build
    build = np.round(np.array(kit.colour.cmyk) * 2.55).astype(int)
    hits = np.all(np.abs(a.cmyk.astype(int) - build) <= 1, axis=-1)
    assert hits.sum() > 200
    q = lg.quad - 0.5
    ys, xs = np.nonzero(hits)
    inside = polygon_mask(q, a.cmyk.shape[:2])[ys, xs]
    assert inside.mean() > 0.99


# ------------------------------------------------------------------ truth matches the ink


def test_quad_is_where_the_ink_is_exactly(art):
    """Composite on a blank canvas: ink centroid and extent match the homography's quad."""
    canvas = np.full((600, 800, 3), 255, np.uint8)
    for angle, width in ((0.0, 413.3), (23.0, 250.0), (-140.0, 180.0)):
        img = canvas.copy()
        h = geo.translation(401.3, 297.8) @ pose_matrix(art.width, art.height, width, angle)
        draw_logo(img, art.alpha, Placement(h, INK_SRGB))
        a = ink_alpha(img, INK_SRGB, (255, 255, 255))
        got = art_centroid(a)
        want = geo.apply(h, art_centroid(art.alpha)[None])[0]
        assert np.hypot(*(got - want)) < 0.35, (angle, got, want)
        quad = geo.apply(h, geo.frame_corners(art.width, art.height))
        ys, xs = np.nonzero(a > 0.5)
        pts = np.stack([xs, ys], 1).astype(float)
        inside = polygon_mask(quad, a.shape)[ys, xs]
        assert inside.mean() > 0.995
        if angle == 0.0:  # the artwork is cropped tight: ink reaches every side of the frame
            ex = np.array(
                [
                    pts[:, 0].min() - 0.5,
                    pts[:, 1].min() - 0.5,
                    pts[:, 0].max() + 0.5,
                    pts[:, 1].max() + 0.5,
                ]
            )
            qe = geo.to_edge(quad)
            assert (
                np.abs(ex - [qe[:, 0].min(), qe[:, 1].min(), qe[:, 0].max(), qe[:, 1].max()]).max()
                < 1.5
            )


def test_poster_truth_matches_ink(by_code, art):
    s = by_code[None]
    lg = s.logos[0]
    panel = tuple(s.meta["panel"])
    z = lg.zone - 0.5
    x0, y0 = np.floor(z.min(0)).astype(int)
    x1, y1 = np.ceil(z.max(0)).astype(int) + 1
    a = np.zeros(s.rgb.shape[:2])
    a[y0:y1, x0:x1] = ink_alpha(s.rgb[y0:y1, x0:x1], lg.ink, panel)
    got = art_centroid(a)
    want = geo.apply(lg.homography, art_centroid(art.alpha)[None])[0]
    assert np.hypot(*(got - want)) < 0.01 * np.hypot(*(lg.quad[2] - lg.quad[0]))
    assert polygon_mask(lg.quad - 0.5, a.shape)[tuple(np.round(got[::-1]).astype(int))]
    # the truth quad is the artwork frame through the homography, in edge coordinates
    np.testing.assert_allclose(
        lg.quad,
        geo.to_edge(geo.apply(lg.homography, geo.frame_corners(art.width, art.height))),
        atol=1e-9,
    )


def test_compliant_logo_keeps_its_rules(by_code, kit):
    s = by_code[None]
    assert s.expected == ()
    for lg in s.logos:
        ps = geo.pose(lg.homography, *s.meta["artwork_size"])
        assert abs(ps.angle_deg) < 1e-6 and abs(ps.aspect - 1) < 1e-9
        assert ps.scale_x * s.meta["artwork_size"][0] >= kit.logo.min_width_px
        z = lg.zone
        assert z.min() >= 0 and z[:, 0].max() <= W and z[:, 1].max() <= H
    # nothing but the logo and the panel inside the zone
    lg = s.logos[0]
    ring = polygon_mask(lg.zone - 0.5, s.rgb.shape[:2]) & ~polygon_mask(
        lg.quad - 0.5, s.rgb.shape[:2]
    )
    lab = col.srgb_to_lab(s.rgb[ring])
    d = np.linalg.norm(lab - col.srgb_to_lab(np.array(s.meta["panel"], np.uint8)), axis=-1)
    assert (d > 12).mean() < 0.002


# ------------------------------------------------------------------ each violation holds


def test_every_code_expected(by_code):
    for code in CODES:
        s = by_code[code]
        assert code in s.expected
        if code == "logo-missing":
            assert s.logos == ()
        else:
            assert s.logos[0].violation == code


def test_colour(by_code):
    s = by_code["colour"]
    lg = s.logos[0]
    de = float(
        col.delta_e00(
            col.srgb_to_lab(np.array(lg.ink, np.uint8)),
            col.srgb_to_lab(np.array(INK_SRGB, np.uint8)),
        )
    )
    assert de > 6 + 3  # clearly beyond the fail limit
    # and the pixels carry it: the logo's solid ink is that colour
    q = lg.quad - 0.5
    m = polygon_mask(q, s.rgb.shape[:2])
    px = s.rgb[m]
    near = np.all(np.abs(px.astype(int) - lg.ink) <= 3, axis=1)
    assert near.sum() > 100


def test_recolour_many(kit, art):
    for seed in range(25):
        pl = Placement(pose_matrix(art.width, art.height, 300), INK_SRGB, params={"width": 300})
        out = vio.recolour(np.random.default_rng(seed), pl, kit, (255, 255, 255))
        de = float(
            col.delta_e00(
                col.srgb_to_lab(np.array(out.ink, np.uint8)),
                col.srgb_to_lab(np.array(INK_SRGB, np.uint8)),
            )
        )
        assert de >= 10 and col.contrast_ratio(np.array(out.ink), np.array([255, 255, 255])) >= 3


def test_distorted_and_rotated(by_code):
    ps = geo.pose(
        by_code["distorted"].logos[0].homography, *by_code["distorted"].meta["artwork_size"]
    )
    assert 1.15 - 1e-9 <= max(ps.aspect, 1 / ps.aspect) <= 1.5 + 1e-9
    assert abs(ps.angle_deg) < 1e-6
    pr = geo.pose(by_code["rotated"].logos[0].homography, *by_code["rotated"].meta["artwork_size"])
    assert 3 <= abs(pr.angle_deg) <= 175 and abs(pr.aspect - 1) < 1e-9


def test_too_small(kit, art):
    s = poster(5, violation="too-small")
    assert np.hypot(*(s.logos[0].quad[1] - s.logos[0].quad[0])) < kit.logo.min_width_px
    p = make_poster(
        np.random.default_rng(6), PosterSpec(1240, 1754, ppi=150.0, violation="too-small")
    )
    w = np.hypot(*(p.logos[0].quad[1] - p.logos[0].quad[0]))
    assert w < kit.logo.min_width_px and w / 150.0 * 25.4 < kit.logo.min_width_mm


def test_clear_space_intruder_inside_zone(by_code, kit):
    s = by_code["clear-space"]
    lg = s.logos[0]
    x0, y0, x1, y1 = lg.params["intruder_box"]
    zx0, zy0 = lg.zone.min(0)
    zx1, zy1 = lg.zone.max(0)
    fx0, fy0 = lg.quad.min(0)
    fx1, fy1 = lg.quad.max(0)
    assert zx0 - 1e-6 <= x0 < x1 <= zx1 + 1e-6 and zy0 - 1e-6 <= y0 < y1 <= zy1 + 1e-6
    assert x1 <= fx0 or x0 >= fx1 or y1 <= fy0 or y0 >= fy1  # off the logo
    assert lg.params["intrusion_share"] > 2 * kit.checks.clear_space_max_intrusion


def test_cropped_partly_off_canvas(by_code):
    s = by_code["cropped"]
    lg = s.logos[0]
    off = lg.params["off_canvas"]
    assert 0.1 - 1e-3 <= off <= 0.5 + 1e-3
    q = lg.quad
    outside = (q[:, 0] < 0) | (q[:, 0] > W) | (q[:, 1] < 0) | (q[:, 1] > H)
    assert 0 < outside.sum() < 4
    assert abs(vio.visible_share(q - 0.5, W, H) - (1 - off)) < 1e-4


def test_altered(kit, art):
    seen = set()
    for seed in range(40):
        s = poster(300 + seed, violation="altered")
        p = s.logos[0].params
        kind = p["alteration"].split("-")[0]
        seen.add(kind)
        if kind == "erase":
            assert 0.08 <= p["missing"] <= 0.35
        else:
            assert p["added"] >= 0.08
            assert ("clear-space" in s.expected) == (
                p["spill"] > kit.checks.clear_space_max_intrusion
            )
        if seen == {"erase", "outline", "shadow"}:
            break
    assert seen == {"erase", "outline", "shadow"}


def test_low_contrast_pixels(by_code, kit):
    s = by_code["low-contrast"]
    lg = s.logos[0]
    ring = polygon_mask(lg.zone - 0.5, s.rgb.shape[:2]) & ~polygon_mask(
        lg.quad - 0.5, s.rgb.shape[:2]
    )
    bg = np.median(s.rgb[ring], axis=0).round().astype(np.uint8)
    assert col.contrast_ratio(np.array(lg.ink, np.uint8), bg) < kit.checks.min_contrast_ratio
    assert np.abs(bg.astype(int) - np.array(lg.params["panel"])).max() <= 1


def test_low_resolution(by_code, kit):
    s = by_code["low-resolution"]
    lg = s.logos[0]
    p = lg.params
    assert 40 <= p["source_width"] <= 70 and p["upscale"] >= 3
    assert np.hypot(*(lg.quad[1] - lg.quad[0])) >= kit.logo.min_width_px
    # softer than a crisp rendering of the same placement: fewer pixels at full ink
    crisp_pl = Placement(lg.homography, lg.ink)
    blank = np.full_like(s.rgb, 255)
    soft = np.full_like(s.rgb, 255)
    art = load_artwork(kit=kit)
    draw_logo(blank, art.alpha, crisp_pl)
    draw_logo(soft, art.alpha, crisp_pl.with_(source_width=p["source_width"]))
    a_crisp = ink_alpha(blank, lg.ink, (255, 255, 255))
    a_soft = ink_alpha(soft, lg.ink, (255, 255, 255))
    mid = lambda a: ((a > 0.1) & (a < 0.9)).sum()
    assert mid(a_soft) > 2 * mid(a_crisp)


def test_lookalikes_and_phone(kit):
    from posterlab.independent import PhoneSpec, photograph

    s = poster(11, logos=0, lookalikes=3)
    assert s.expected == ("logo-missing",) and len(s.meta["lookalikes"]) >= 1
    base = poster(12)
    ph = photograph(np.random.default_rng(1), base, PhoneSpec(600, 800), kit)
    assert ph.ppi is None and ph.meta["print_expected"] == []
    m = np.array(ph.meta["photo"]["homography"])
    np.testing.assert_allclose(
        ph.logos[0].quad, geo.to_edge(geo.apply(m, base.logos[0].quad - 0.5)), atol=0.02
    )


def test_corpus_lines(tmp_path):
    from posterlab.independent.corpus import CATEGORIES, make_item

    cat, s, _suffix, _q = make_item(1, 5)
    assert cat == CATEGORIES[5] == "logo-free" and s.expected == ("logo-missing",)
    _cat2, s2, _, _ = make_item(1, 5)
    assert encode_png(s.rgb) == encode_png(s2.rgb)


@pytest.mark.slow
def test_phone_photos_name_their_camera_like_real_ones(tmp_path):
    """A written phone photo carries EXIF Make and Model (load reads it as a photograph);
    a poster does not, and neither does a photo made with ``camera=None`` (stripped)."""
    from dataclasses import replace as dc_replace

    from brandcheck.load import load
    from posterlab.independent.corpus import make_item
    from posterlab.independent.poster import write_synth

    cat, photo, _suffix, q = make_item(1, 4)
    _cat, poster, _s, _q0 = make_item(1, 0)
    assert cat == "phone"
    stripped = dc_replace(
        photo, meta={**photo.meta, "photo": {**photo.meta["photo"], "camera": None}}
    )
    got = [
        load(write_synth(tmp_path / f"{i}.jpg", s, q)).camera
        for i, s in enumerate((photo, poster, stripped))
    ]
    assert got == ["brandcheck-synth phone camera", None, None]
