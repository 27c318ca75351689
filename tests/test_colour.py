"""Colour maths pinned to published data: Sharma's CIEDE2000 table, FOGRA39, littleCMS, WCAG."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from brandcheck import colour

#: One tolerance for every comparison against a published ΔE00 (the table has 4 decimals).
DE_TOL = 1e-4
#: Reproducing a measured patch "exactly" (the data have 2 decimals).
PATCH_TOL = 1e-6
SHARMA = Path(__file__).parent / "data" / "ciede2000_sharma.txt"
FOGRA_GRID = [0, 10, 20, 30, 40, 55, 70, 85, 100]


def sharma() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = np.loadtxt(SHARMA, comments="#")
    assert rows.shape == (34, 8)
    np.testing.assert_array_equal(rows[:, 0], np.arange(1, 35))
    return rows[:, 1:4], rows[:, 4:7], rows[:, 7]


@pytest.fixture(scope="module")
def fogra(kit):
    return colour.read_ti3(kit.colour.characterisation)


@pytest.fixture(scope="module")
def interp(kit):
    return colour.cmyk_interpolator(kit.colour.characterisation)


# --- CIEDE2000 --------------------------------------------------------------------------


@pytest.mark.parametrize("row", range(34), ids=[f"pair{i}" for i in range(1, 35)])
def test_ciede2000_sharma_pair(row):
    lab1, lab2, expected = sharma()
    assert float(colour.delta_e00(lab1[row], lab2[row])) == pytest.approx(expected[row], abs=DE_TOL)
    # the formula is symmetric in its two colours
    assert float(colour.delta_e00(lab2[row], lab1[row])) == pytest.approx(expected[row], abs=DE_TOL)


def test_ciede2000_vectorised_and_broadcast():
    lab1, lab2, expected = sharma()
    np.testing.assert_allclose(colour.delta_e00(lab1, lab2), expected, atol=DE_TOL)
    de = colour.delta_e00(lab1.reshape(2, 17, 3), lab2.reshape(2, 17, 3))
    assert de.shape == (2, 17)
    assert colour.delta_e00(lab1, [50.0, 0.0, 0.0]).shape == (34,)


def test_ciede2000_components_recombine_to_skimage_total():
    from skimage.color import deltaE_ciede2000

    lab1, lab2, expected = sharma()
    rng = np.random.default_rng(5)
    rand1 = np.c_[rng.uniform(0, 100, 500), rng.uniform(-90, 90, (500, 2))]
    rand2 = rand1 + rng.normal(0, 4, (500, 3))
    measured, reference = np.r_[lab2, rand2], np.r_[lab1, rand1]
    de, dl, dc, dh = colour.delta_e00_components(measured, reference)
    np.testing.assert_allclose(de[:34], expected, atol=DE_TOL)
    # our total is scikit-image's, both ways round
    np.testing.assert_allclose(
        de, deltaE_ciede2000(reference, measured, channel_axis=-1), atol=1e-9
    )
    np.testing.assert_allclose(colour.delta_e00(reference, measured), de, atol=1e-9)
    # ΔE00² = ΔL² + ΔC² + ΔH² + RT·ΔC·ΔH: our terms rebuild scikit-image's total
    _, _, _, rt = colour._ciede2000_terms(measured, reference)
    rebuilt = np.sqrt(dl**2 + dc**2 + dh**2 + rt * dc * dh)
    np.testing.assert_allclose(rebuilt, de, atol=1e-9)


def test_ciede2000_components_are_signed_measured_minus_expected():
    expected_lab = np.array([44.6, 62.1, 43.3])
    lighter = colour.delta_e00_components(expected_lab + [5, 0, 0], expected_lab)
    assert lighter.delta_l > 0 and abs(lighter.delta_c) < 1e-12 and abs(lighter.delta_h) < 1e-12
    assert lighter.delta_e00 == pytest.approx(abs(lighter.delta_l), abs=1e-9)
    duller = colour.delta_e00_components(expected_lab * [1, 0.8, 0.8], expected_lab)
    assert duller.delta_c < 0 and abs(duller.delta_h) < 1e-9
    # swapping measured and expected flips every term's sign, not the total
    a, b = np.array([60.0, 20.0, -30.0]), np.array([55.0, 28.0, -20.0])
    fwd, back = colour.delta_e00_components(a, b), colour.delta_e00_components(b, a)
    np.testing.assert_allclose(fwd[1:], -np.array(back[1:]), atol=1e-12)
    assert fwd.delta_e00 == pytest.approx(back.delta_e00)


def test_identical_colours_have_zero_difference():
    rng = np.random.default_rng(6)
    lab = np.c_[rng.uniform(0, 100, 200), rng.uniform(-100, 100, (200, 2))]
    lab[:3] = [[0, 0, 0], [100, 0, 0], [50, 0, 0]]  # achromatic: hue undefined
    np.testing.assert_array_equal(colour.delta_e00(lab, lab), 0.0)
    np.testing.assert_array_equal(np.array(colour.delta_e00_components(lab, lab)), 0.0)


def test_non_finite_inputs_give_nan_without_warnings(interp):
    lab = np.array([[50.0, 10.0, -10.0], [np.nan, 0, 0], [np.inf, 0, 0], [50, -np.inf, 3]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        de = colour.delta_e00(lab, lab[0])
        parts = colour.delta_e00_components(lab, lab[0])
        srgb, oog = colour.lab_to_srgb(lab)
        back = colour.srgb_to_lab(np.array([[0.5, 0.5, 0.5], [np.nan, 0.2, 0.2]]))
        cmyk_lab = interp(np.array([[11, 99, 100, 0], [np.nan, 0, 0, 0], [0, 0, 0, np.nan]]))
        lum = colour.relative_luminance(np.array([np.nan, 0.0, 0.0]))
    assert de[0] == 0.0 and np.isnan(de[1:]).all()
    for term in parts:
        assert np.isfinite(term[0]) and np.isnan(term[1:]).all()
    assert np.isnan(srgb[1]).all() and not oog[0]
    assert np.isfinite(back[0]).all() and np.isnan(back[1]).all()
    assert np.isfinite(cmyk_lab[0]).all() and np.isnan(cmyk_lab[1:]).all()
    assert np.isnan(lum)


# --- CMYK via FOGRA39 -------------------------------------------------------------------


def test_read_ti3_fogra39(fogra):
    cmyk, lab = fogra
    assert cmyk.shape == (1617, 4) and lab.shape == (1617, 3)
    # first and last rows of the file, and the paper white of FOGRA39
    np.testing.assert_array_equal(cmyk[0], [0, 0, 0, 0])
    np.testing.assert_array_equal(lab[0], [95.00, 0.00, -2.00])
    np.testing.assert_array_equal(cmyk[-1], [100, 100, 0, 10])
    np.testing.assert_array_equal(lab[-1], [22.64, 20.48, -42.96])


def _rewrite_cgats(src: Path, dst: Path, order: list[str], quote_id: bool = False) -> None:
    """Copy a CGATS file with its columns in another order (and only those named)."""
    lines = src.read_text(encoding="latin-1").splitlines()
    fmt = lines.index("BEGIN_DATA_FORMAT")
    fields = lines[fmt + 1].split()
    start, end = lines.index("BEGIN_DATA"), lines.index("END_DATA")
    rows = []
    for line in lines[start + 1 : end]:
        v = dict(zip(fields, line.split()))
        if quote_id:
            v["SAMPLE_ID"] = f'"patch {v["SAMPLE_ID"]}"'
        rows.append(" ".join(v[n] for n in order))
    out = lines[: fmt + 1] + [" ".join(order)] + lines[fmt + 2 : start + 1] + rows + lines[end:]
    out = [ln.replace("NUMBER_OF_FIELDS 11", f"NUMBER_OF_FIELDS {len(order)}") for ln in out]
    dst.write_text("\n".join(out) + "\n", encoding="latin-1")


def test_read_ti3_finds_columns_by_name(kit, fogra, tmp_path):
    shuffled = tmp_path / "shuffled.ti3"
    _rewrite_cgats(
        kit.colour.characterisation,
        shuffled,
        ["LAB_B", "CMYK_K", "SAMPLE_ID", "LAB_L", "CMYK_Y", "CMYK_C", "LAB_A", "CMYK_M"],
        quote_id=True,
    )
    cmyk, lab = colour.read_ti3(shuffled)
    np.testing.assert_array_equal(cmyk, fogra[0])
    np.testing.assert_array_equal(lab, fogra[1])


def test_read_ti3_computes_lab_from_xyz_when_lab_is_absent(kit, fogra, tmp_path):
    xyz_only = tmp_path / "xyz.ti3"
    _rewrite_cgats(
        kit.colour.characterisation,
        xyz_only,
        ["SAMPLE_ID", "CMYK_C", "CMYK_M", "CMYK_Y", "CMYK_K", "XYZ_X", "XYZ_Y", "XYZ_Z"],
    )
    cmyk, lab = colour.read_ti3(xyz_only)
    np.testing.assert_array_equal(cmyk, fogra[0])
    # the file's XYZ have 2 decimals, coarse for the darkest patches (Y about 1): measured
    # median 0.012 ΔE00, max 0.38 (C80 M65 Y65 K100)
    de = colour.delta_e00(lab, fogra[1])
    assert np.median(de) < 0.02 and de.max() < 0.4


def test_read_ti3_rejects_missing_fields(kit, tmp_path):
    no_k = tmp_path / "nok.ti3"
    _rewrite_cgats(
        kit.colour.characterisation,
        no_k,
        ["SAMPLE_ID", "CMYK_C", "CMYK_M", "CMYK_Y", "LAB_L", "LAB_A", "LAB_B"],
    )
    with pytest.raises(ValueError, match="CMYK_K"):
        colour.read_ti3(no_k)


def test_fogra39_k0_grid_is_found(interp):
    assert interp.grid_axes is not None
    for axis in interp.grid_axes:
        np.testing.assert_array_equal(axis, FOGRA_GRID)


def test_fogra39_every_grid_patch_is_reproduced(fogra, interp):
    cmyk, lab = fogra
    grid = (cmyk[:, 3] == 0) & np.isin(cmyk[:, :3], FOGRA_GRID).all(axis=1)
    assert grid.sum() >= 9**3  # 729 nodes, some measured twice
    np.testing.assert_allclose(interp(cmyk[grid]), lab[grid], rtol=0, atol=PATCH_TOL)


def test_k0_trilinear_is_what_scipy_regular_grid_computes(interp):
    """The hand-written trilinear step (kept off scipy for import time) against scipy."""
    from scipy.interpolate import RegularGridInterpolator

    ref = RegularGridInterpolator(interp.grid_axes, interp._grid, method="linear")
    rng = np.random.default_rng(3)
    pts = np.vstack(
        [
            rng.uniform(0, 100, (500, 3)),
            [[11, 99, 100], [0, 0, 0], [100, 100, 100], [55, 100, 0], [10, 20, 30]],
        ]
    )
    np.testing.assert_allclose(
        colour._trilinear(interp.grid_axes, interp._grid, pts), ref(pts), rtol=0, atol=1e-9
    )


@pytest.mark.slow
def test_fogra39_every_k_patch_is_reproduced(fogra, interp):
    cmyk, lab = fogra
    k = cmyk[:, 3] > 0
    assert k.sum() == 799
    np.testing.assert_allclose(interp(cmyk[k]), lab[k], rtol=0, atol=PATCH_TOL)
    # one by hand: the last patch of the file, C100 M100 Y0 K10
    np.testing.assert_allclose(interp([100, 100, 0, 10]), [22.64, 20.48, -42.96], atol=PATCH_TOL)


def test_fogra39_off_grid_k0_tints_are_a_holdout(fogra, interp):
    """The 66 K=0 tints off the 9-step grid are not interpolation nodes: they check it.

    Measured: max 0.33 ΔE00 (C80 M65 Y65), mean about 0.08.
    """
    cmyk, lab = fogra
    off = (cmyk[:, 3] == 0) & ~np.isin(cmyk[:, :3], FOGRA_GRID).all(axis=1)
    assert off.sum() == 66
    de = colour.delta_e00(interp(cmyk[off]), lab[off])
    assert de.max() < 0.4 and de.mean() < 0.15


def test_brand_build_lab_under_fogra39(kit):
    lab = colour.expected_lab(kit.colour)
    assert tuple(kit.colour.cmyk) == (11, 99, 100, 0)
    # C11 M99 Y100 K0 under FOGRA39: about Lab 44.6 / 62.1 / 43.3 (trilinear, measured
    # 44.633 / 62.096 / 43.313)
    np.testing.assert_allclose(lab, [44.6, 62.1, 43.3], atol=0.3)
    # by hand: trilinear between C10/C20 (0.1) and M85/M100 (14/15) on the Y100 face
    cmyk, fogra_lab = colour.read_ti3(kit.colour.characterisation)

    def patch(c, m):
        return fogra_lab[np.flatnonzero((cmyk == [c, m, 100, 0]).all(axis=1))[0]]

    w_m = 14 / 15
    by_hand = 0.9 * ((1 - w_m) * patch(10, 85) + w_m * patch(10, 100)) + 0.1 * (
        (1 - w_m) * patch(20, 85) + w_m * patch(20, 100)
    )
    np.testing.assert_allclose(lab, by_hand, atol=1e-9)


def test_expected_srgb_of_the_brand_colour(kit):
    srgb = colour.expected_srgb(kit.colour)
    # #C82626: R 199.68, G 37.53, B 37.96 before rounding (G is close to the 37/38 edge)
    assert srgb == (200, 38, 38)
    assert all(isinstance(v, int) for v in srgb)
    # it is inside the sRGB gamut and round-trips to within 8-bit quantisation
    _, oog = colour.lab_to_srgb(colour.expected_lab(kit.colour))
    assert not oog
    de = colour.delta_e00(
        colour.srgb_to_lab(np.array(srgb, np.uint8)), colour.expected_lab(kit.colour)
    )
    assert float(de) < 0.5


@pytest.mark.parametrize(
    "cmy",
    [
        (11, 99, 100),
        (0, 0, 0),
        (100, 100, 100),
        (50, 40, 40),
        (100, 0, 0),
        (0, 100, 0),
        (0, 0, 100),
        (30, 70, 20),
    ],
)
def test_more_black_is_darker(interp, cmy):
    ks = np.arange(0, 101, 10)
    lab = interp(np.c_[np.tile(cmy, (len(ks), 1)), ks])
    assert np.all(np.diff(lab[:, 0]) < 0)


def test_cmyk_interpolation_is_vectorised_clipped_and_hull_complete(interp):
    rng = np.random.default_rng(4)
    cmyk = rng.uniform(0, 100, (2, 5, 4))
    cmyk[0, :, 3] = 0
    out = interp(cmyk)
    assert out.shape == (2, 5, 3)
    np.testing.assert_allclose(out.reshape(-1, 3), interp(cmyk.reshape(-1, 4)))
    np.testing.assert_allclose(interp([120, -5, 50, 0]), interp([100, 0, 50, 0]))
    # faces and corners of the ink hypercube are inside the Delaunay hull: no NaN
    corners = np.stack(np.meshgrid(*[[0, 37.5, 100]] * 4, indexing="ij"), -1).reshape(-1, 4)
    assert np.isfinite(interp(corners)).all()


def test_cmyk_interpolator_is_cached(kit):
    path = kit.colour.characterisation
    assert colour.cmyk_interpolator(path) is colour.cmyk_interpolator(str(path))


# --- sRGB <-> CIELAB D50 --------------------------------------------------------------------


def _pillow_lab_to_float(codes: np.ndarray) -> np.ndarray:
    """Pillow's 8-bit LAB mode: L scaled to 0..255, a* and b* as signed bytes."""
    codes = codes.astype(float)
    return np.concatenate([codes[..., :1] * 100 / 255, (codes[..., 1:] + 128) % 256 - 128], -1)


def _pillow_encode_lab(lab: np.ndarray) -> np.ndarray:
    return np.round(np.concatenate([lab[..., :1] * 255 / 100, lab[..., 1:]], -1))


def _littlecms(src: str, dst: str, pixels: np.ndarray) -> np.ndarray:
    from PIL import Image, ImageCms

    profiles = {
        "RGB": ImageCms.createProfile("sRGB"),
        "LAB": ImageCms.createProfile("LAB", colorTemp=5000),
    }
    # NOOPTIMIZE: evaluate the profiles exactly instead of through a precomputed 8-bit LUT,
    # so the only difference left is the 8-bit output encoding
    transform = ImageCms.buildTransform(
        profiles[src],
        profiles[dst],
        src,
        dst,
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.NOOPTIMIZE,
    )
    image = Image.frombytes(src, (pixels.shape[0], 1), pixels.astype(np.uint8).tobytes())
    return np.asarray(ImageCms.applyTransform(image, transform))[0]


def _random_srgb(n: int = 400) -> np.ndarray:
    rng = np.random.default_rng(1)
    rgb = rng.integers(0, 256, (n, 3), dtype=np.uint8)
    rgb[:8] = [
        [255, 255, 255],
        [0, 0, 0],
        [255, 0, 0],
        [0, 255, 0],
        [0, 0, 255],
        [128, 128, 128],
        [200, 37, 38],
        [1, 1, 1],
    ]
    return rgb


def test_srgb_to_lab_agrees_with_littlecms_to_0_00_de00_after_8bit_encoding():
    """sRGB -> Lab against littleCMS (Pillow ImageCms, sRGB -> LAB D50 profile), 400 colours.

    Measured: our Lab, encoded as Pillow's 8-bit LAB, is code-for-code identical to
    littleCMS's output (max ΔE00 0.00); unencoded, the max ΔE00 is 0.67, all of it the
    8-bit output's whole-unit a*, b* steps.
    """
    rgb = _random_srgb()
    codes = _littlecms("RGB", "LAB", rgb).astype(float)
    lcms_lab = _pillow_lab_to_float(codes)
    ours_lab = colour.srgb_to_lab(rgb)
    assert (
        float(
            colour.delta_e00(
                _pillow_lab_to_float(_pillow_encode_lab(ours_lab) % 256), lcms_lab
            ).max()
        )
        < 0.5
    )
    # within half a code on every channel: the rounding is the whole difference
    raw_codes = np.concatenate([ours_lab[:, :1] * 255 / 100, ours_lab[:, 1:]], -1)
    signed = np.concatenate([codes[:, :1], (codes[:, 1:] + 128) % 256 - 128], -1)
    assert np.abs(raw_codes - signed).max() <= 0.5 + 1e-3
    assert float(colour.delta_e00(ours_lab, lcms_lab).max()) < 0.75


def test_lab_to_srgb_agrees_with_littlecms_within_half_a_code():
    rng = np.random.default_rng(7)
    codes = np.stack(
        [
            rng.integers(20, 250, 400),
            rng.integers(-50, 50, 400) % 256,
            rng.integers(-50, 50, 400) % 256,
        ],
        -1,
    )
    lcms_rgb = _littlecms("LAB", "RGB", codes).astype(float)
    ours, oog = colour.lab_to_srgb(_pillow_lab_to_float(codes))
    assert (~oog).sum() > 200
    assert np.abs(ours[~oog] * 255 - lcms_rgb[~oog]).max() <= 0.5 + 1e-3


def test_srgb_white_and_black():
    np.testing.assert_allclose(colour.srgb_to_lab([255, 255, 255]), [100, 0, 0], atol=1e-6)
    np.testing.assert_allclose(
        colour.srgb_to_lab(np.array([1.0, 1.0, 1.0])), [100, 0, 0], atol=1e-6
    )
    np.testing.assert_allclose(colour.srgb_to_lab(np.zeros(3, np.uint8)), [0, 0, 0], atol=1e-9)
    # every grey is neutral (a* = b* = 0): the adaptation keeps the white point
    grey = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)
    np.testing.assert_allclose(colour.srgb_to_lab(grey)[:, 1:], 0, atol=1e-9)


def test_srgb_matrix_is_the_icc_srgb_profile():
    # colorant tags (rXYZ, gXYZ, bXYZ) of the ICC sRGB profile, 4 decimals; their Z row sums
    # to 0.8251, ours (like littleCMS's built-in sRGB) to the PCS white's 0.8249
    icc = np.array([[0.4361, 0.3851, 0.1431], [0.2225, 0.7169, 0.0606], [0.0139, 0.0971, 0.7141]])
    np.testing.assert_allclose(colour.SRGB_TO_XYZ_D50, icc, atol=2e-4)
    np.testing.assert_allclose(colour.SRGB_TO_XYZ_D50.sum(axis=1), colour.D50_WHITE, atol=1e-12)


def test_skimage_d50_is_not_adapted_and_not_used():
    """Why srgb_to_lab does not call skimage.color.rgb2lab(illuminant='D50')."""
    from skimage.color import rgb2lab

    white = np.ones((1, 1, 3))
    assert abs(float(rgb2lab(white, illuminant="D50")[0, 0, 2])) > 5  # bluish white
    assert abs(float(colour.srgb_to_lab(white)[0, 0, 2])) < 1e-9


def test_lab_srgb_round_trip():
    rng = np.random.default_rng(2)
    rgb = rng.random((500, 3))
    rgb[:4] = [[0, 0, 0], [1, 1, 1], [1, 0, 0], [0.02, 0.03, 0.04]]
    back, oog = colour.lab_to_srgb(colour.srgb_to_lab(rgb))
    np.testing.assert_allclose(back, rgb, atol=1e-6)
    assert not oog.any()
    u8 = _random_srgb()
    back, _ = colour.lab_to_srgb(colour.srgb_to_lab(u8))
    np.testing.assert_array_equal(np.round(back * 255), u8)


def test_lab_to_srgb_flags_and_clips_out_of_gamut():
    srgb, oog = colour.lab_to_srgb(np.array([[50.0, 120.0, -120.0], [50.0, 0.0, 0.0]]))
    assert oog.tolist() == [True, False]
    assert ((srgb >= 0) & (srgb <= 1)).all()


# --- WCAG 2.1 -----------------------------------------------------------------------------


def test_relative_luminance():
    assert float(colour.relative_luminance([255, 255, 255])) == pytest.approx(1.0)
    assert float(colour.relative_luminance([0, 0, 0])) == 0.0
    np.testing.assert_allclose(colour.relative_luminance(np.eye(3)), [0.2126, 0.7152, 0.0722])
    # uint8 and float [0, 1] inputs agree
    assert float(colour.relative_luminance(np.array([200, 37, 38], np.uint8))) == pytest.approx(
        float(colour.relative_luminance(np.array([200, 37, 38]) / 255.0))
    )


def test_wcag_contrast():
    white, black = [255, 255, 255], [0, 0, 0]
    assert colour.contrast_ratio(white, black) == pytest.approx(21.0)
    assert colour.contrast_ratio(black, white) == pytest.approx(21.0)
    assert colour.contrast_ratio(white, white) == pytest.approx(1.0)
    ink = [0xC8, 0x25, 0x26]
    a = colour.contrast_ratio(ink, white)
    assert a == pytest.approx(colour.contrast_ratio(white, ink))
    # #C82526 on white: 5.65 (passes 4.5:1 for text, 3:1 for graphics)
    assert 5.5 < a < 5.8
    assert isinstance(a, float)
    many = colour.contrast_ratio(np.array([white, black, ink]), np.array(white))
    np.testing.assert_allclose(many, [1.0, 21.0, a])


def test_pipeline_note_names_the_pipeline():
    note = colour.PIPELINE_NOTE
    for word in ("sRGB", "FOGRA39", "D50", "Bradford", "CIEDE2000", "ΔE00"):
        assert word in note


def test_8bit_srgb_to_lab_is_the_general_path_bit_for_bit():
    """The 8-bit fast path (planes, its own sum order) equals the general path exactly:
    a quarter of the 16.7 million colours (every green level, every other red and blue
    level), in (N, 3) and (H, W, 3) shapes."""
    r, g, b = np.meshgrid(np.arange(0, 256, 2), np.arange(256), np.arange(1, 256, 2), indexing="ij")
    rgb = np.stack([r, g, b], -1).reshape(-1, 3).astype(np.uint8)
    with np.errstate(invalid="ignore", over="ignore"):
        general = colour.xyz_to_lab(
            colour._by_matrix(colour.srgb_to_linear(rgb), colour.SRGB_TO_XYZ_D50)
        )
    fast = colour.srgb_to_lab(rgb)
    assert fast.dtype == np.float64
    assert np.array_equal(fast.view(np.uint64), general.view(np.uint64))
    img = rgb[: 64 * 100].reshape(64, 100, 3)
    assert np.array_equal(colour.srgb_to_lab(img), general[: 64 * 100].reshape(64, 100, 3))
