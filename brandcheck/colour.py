"""Colour maths: sRGB and CMYK to CIELAB (D50), CIEDE2000, WCAG contrast.

Pipeline, stated once; every colour finding quotes :data:`PIPELINE_NOTE`:

1. **sRGB** pixels (IEC 61966-2-1; files with another embedded ICC profile are converted to
   sRGB by littleCMS when they are loaded, untagged RGB is taken as sRGB) are linearised
   with the sRGB transfer function and taken to CIE XYZ relative to **D50** by the matrix
   of the ICC sRGB profile: sRGB primaries and D65 white, chromatically adapted to the ICC
   profile connection space white D50 with the **Bradford** transform. Same numbers as an
   ICC colour-managed conversion (checked against littleCMS in the tests).
2. **CMYK** ink values (CMYK files, PDF DeviceCMYK, the kit's CMYK build) go to CIELAB
   through the kit's print-condition characterisation data (FOGRA39: ISO 12647-2 coated
   offset; D50, 2° observer, 45/0, ISO 13655): trilinear interpolation on the regular
   C×M×Y grid measured at K = 0, 4-D piecewise-linear interpolation on the Delaunay
   tessellation of all patches when K > 0.
3. XYZ -> **CIELAB** (CIE 1976) with the D50 white of the ICC PCS, CIE 1931 2° observer.
4. Differences are **CIEDE2000** (CIE 142-2001 / ISO/CIE 11664-6), kL = kC = kH = 1,
   computed from Sharma, Wu & Dalal's equations in numpy and checked against
   scikit-image's ``deltaE_ciede2000``; their ΔL, ΔC, ΔH terms are reported with them.

Domains of the arrays (the last axis holds the channels; every function broadcasts over
the leading axes):

=================  ========================================================
quantity           domain
=================  ========================================================
CIELAB L*          [0, 100]
CIELAB a*, b*      about [-128, 127] (unbounded)
CIE XYZ            Y of the reference white = 1 (not 100)
CMYK               percent ink, [0, 100] (values outside are clipped)
sRGB               uint8 / integer [0, 255], or float [0, 1]
relative lum.      [0, 1]
contrast ratio     [1, 21]
=================  ========================================================

Non-finite inputs give NaN outputs (no exception, no warning).

References
----------
.. [1] IEC 61966-2-1:1999, Multimedia systems - Colour measurement and management -
   Default RGB colour space - sRGB.
.. [2] ICC.1:2010 (ICC v4.3), Image technology colour management - Architecture, profile
   format and data structure; Annex E (Bradford chromatic adaptation), 7.2.16 (PCS D50).
.. [3] ISO 12647-2:2004/Amd 1:2007; FOGRA39L characterisation data, Fogra, 2006.
.. [4] ANSI CGATS.17 (exchange format for colour and process control data).
.. [5] G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 color-difference formula:
   implementation notes, supplementary test data, and mathematical observations",
   Color Res. Appl. 30(1):21-30, 2005.
.. [6] W3C, Web Content Accessibility Guidelines (WCAG) 2.1, definitions of "relative
   luminance" and "contrast ratio", https://www.w3.org/TR/WCAG21/#dfn-relative-luminance
"""

from __future__ import annotations

import shlex
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from brandcheck.brand import ColourSpec

__all__ = [
    "D50_WHITE",
    "PIPELINE_NOTE",
    "SRGB_TO_XYZ_D50",
    "XYZ_D50_TO_SRGB",
    "CmykToLab",
    "DeltaE00Components",
    "cmyk_interpolator",
    "cmyk_to_lab",
    "contrast_ratio",
    "delta_e00",
    "delta_e00_components",
    "describe_difference",
    "expected_lab",
    "expected_srgb",
    "lab_to_srgb",
    "lab_to_xyz",
    "linear_to_srgb",
    "read_ti3",
    "relative_luminance",
    "srgb_to_lab",
    "srgb_to_linear",
    "xyz_to_lab",
]

#: One sentence quoted by every colour finding.
PIPELINE_NOTE = (
    "sRGB (IEC 61966-2-1; other ICC profiles converted to sRGB by littleCMS) or CMYK via "
    "the kit's characterisation data (FOGRA39: trilinear at K=0, Delaunay-linear at K>0) "
    "-> CIELAB D50/2° (Bradford-adapted ICC sRGB matrix); ΔE00 = CIEDE2000, kL=kC=kH=1"
)

# --- constants --------------------------------------------------------------------------

#: CIE 1976 L*a*b* junction point and slope: ε = (6/29)³ = 216/24389, κ = (29/3)³ = 24389/27
#: (CIE 15:2004, 8.2.1; exact rational forms).
_EPS = (6 / 29) ** 3
_KAPPA = (29 / 3) ** 3

#: ICC profile connection space illuminant D50 as encoded in ICC.1:2010 7.2.16 (the same
#: values littleCMS uses, cmsD50_XYZ), Y = 1.
D50_WHITE = np.array([0.9642, 1.0, 0.8249])

#: sRGB primaries and white, CIE 1931 xy chromaticities (IEC 61966-2-1:1999, table 1;
#: = ITU-R BT.709 primaries, D65 white).
_SRGB_PRIMARIES_XY = np.array([[0.64, 0.33], [0.30, 0.60], [0.15, 0.06]])
_D65_XY = np.array([0.3127, 0.3290])

#: Bradford cone-response matrix (Lam 1985; ICC.1:2010 Annex E, eq. E.1).
_BRADFORD = np.array(
    [
        [0.8951, 0.2664, -0.1614],
        [-0.7502, 1.7135, 0.0367],
        [0.0389, -0.0685, 1.0296],
    ]
)

#: sRGB transfer function constants (IEC 61966-2-1:1999, 5.2 and 5.3).
_SRGB_DECODE_KNEE = 0.04045
_SRGB_ENCODE_KNEE = 0.0031308

#: Out-of-gamut tolerance on linear sRGB in :func:`lab_to_srgb` (float round-off only).
_GAMUT_TOL = 1e-6

#: WCAG 2.1 relative-luminance weights: the Y row of the sRGB D65 matrix, rounded as the
#: WCAG definition states them ([6]).
_WCAG_WEIGHTS = np.array([0.2126, 0.7152, 0.0722])


def _xy_to_xyz(xy: NDArray[np.float64]) -> NDArray[np.float64]:
    x, y = xy[..., 0], xy[..., 1]
    return np.stack([x / y, np.ones_like(x), (1 - x - y) / y], axis=-1)


def _srgb_to_xyz_d50_matrix() -> NDArray[np.float64]:
    """The ICC sRGB profile's matrix: sRGB primaries/D65 white, Bradford-adapted to D50.

    This is how littleCMS builds its sRGB profile (``cmsCreate_sRGBProfile``) and how the
    ICC's sRGB profiles are made. It agrees with the ICC sRGB profile's colorant tags
    (0.4361 0.3851 0.1431 / 0.2225 0.7169 0.0606 / 0.0139 0.0971 0.7141) within 2e-4;
    those sum to Z = 0.8251 rather than the PCS white's 0.8249, while this matrix maps
    sRGB white exactly onto the PCS white, so white is Lab (100, 0, 0) to round-off.
    """
    primaries = _xy_to_xyz(_SRGB_PRIMARIES_XY).T  # columns: XYZ of R, G, B at Y = 1
    white_d65 = _xy_to_xyz(_D65_XY)
    m_d65 = primaries * np.linalg.solve(primaries, white_d65)  # scale so RGB=1 -> D65
    cone_ratio = (_BRADFORD @ D50_WHITE) / (_BRADFORD @ white_d65)
    adapt = np.linalg.inv(_BRADFORD) @ np.diag(cone_ratio) @ _BRADFORD
    return np.asarray(adapt @ m_d65)


#: linear sRGB -> XYZ (D50, Y of white = 1), Bradford-adapted: see
#: :func:`_srgb_to_xyz_d50_matrix`.
SRGB_TO_XYZ_D50 = _srgb_to_xyz_d50_matrix()
#: XYZ (D50) -> linear sRGB, the inverse.
XYZ_D50_TO_SRGB = np.linalg.inv(SRGB_TO_XYZ_D50)


# --- sRGB -----------------------------------------------------------------------------


def _as_unit_srgb(srgb: ArrayLike) -> NDArray[np.float64]:
    """Integers (uint8, int) are 0..255; floats are 0..1."""
    a = np.asarray(srgb)
    if a.dtype.kind in "iub":
        return a.astype(np.float64) / 255.0
    return a.astype(np.float64)


def _decode(x: NDArray[np.float64]) -> NDArray[np.float64]:
    with np.errstate(invalid="ignore"):
        out = np.where(
            x <= _SRGB_DECODE_KNEE,
            x / 12.92,
            ((np.maximum(x, _SRGB_DECODE_KNEE) + 0.055) / 1.055) ** 2.4,
        )
    return np.asarray(out)


#: The transfer function tabulated for 8-bit input (256 values): exact and fast on images.
_DECODE_U8 = _decode(np.arange(256) / 255.0)


def srgb_to_linear(srgb: ArrayLike) -> NDArray[np.float64]:
    """Decode sRGB to linear light (IEC 61966-2-1 transfer function).

    Parameters
    ----------
    srgb : array_like, shape (..., 3) or any shape
        sRGB values, uint8/integer in [0, 255] or float in [0, 1].

    Returns
    -------
    ndarray of float64, same shape
        Linear sRGB in [0, 1].
    """
    a = np.asarray(srgb)
    if a.dtype == np.uint8:
        return np.asarray(_DECODE_U8[a])
    return _decode(_as_unit_srgb(a))


def linear_to_srgb(linear: ArrayLike) -> NDArray[np.float64]:
    """Encode linear light as sRGB (float, [0, 1] for inputs in [0, 1]); inverse of
    :func:`srgb_to_linear`."""
    x = np.asarray(linear, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        out = np.where(
            x <= _SRGB_ENCODE_KNEE,
            12.92 * x,
            1.055 * np.maximum(x, _SRGB_ENCODE_KNEE) ** (1 / 2.4) - 0.055,
        )
    return np.asarray(out)


def xyz_to_lab(xyz: ArrayLike, white: ArrayLike = D50_WHITE) -> NDArray[np.float64]:
    """CIE XYZ -> CIELAB (CIE 1976) relative to ``white``.

    Parameters
    ----------
    xyz : array_like, shape (..., 3)
        XYZ with Y of the reference white = 1.
    white : array_like, shape (3,)
        Reference white XYZ; default the ICC PCS D50.

    Returns
    -------
    ndarray, shape (..., 3)
        L* in [0, 100], a*, b*.
    """
    r = np.asarray(xyz, dtype=np.float64) / np.asarray(white, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        f = np.where(r > _EPS, np.cbrt(r), (_KAPPA * r + 16) / 116)
    return np.stack(
        [116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])],
        axis=-1,
    )


def lab_to_xyz(lab: ArrayLike, white: ArrayLike = D50_WHITE) -> NDArray[np.float64]:
    """CIELAB -> CIE XYZ (Y of white = 1); inverse of :func:`xyz_to_lab`."""
    lab_ = np.asarray(lab, dtype=np.float64)
    fy = (lab_[..., 0] + 16) / 116
    f = np.stack([fy + lab_[..., 1] / 500, fy, fy - lab_[..., 2] / 200], axis=-1)
    with np.errstate(invalid="ignore"):
        r = np.where(f**3 > _EPS, f**3, (116 * f - 16) / _KAPPA)
    return np.asarray(r * np.asarray(white, dtype=np.float64))


def _by_matrix(a: NDArray[np.floating[Any]], m: NDArray[np.floating[Any]]) -> NDArray[np.float64]:
    """``a @ m.T`` for pixels (..., 3), without BLAS.

    NumPy hands ``(N, 3) @ (3, 3)`` to OpenBLAS's threaded GEMM, whose threads spin while
    they wait: on a loaded two-core machine that cost 47 ms of CPU for 150,000 pixels
    where ``einsum``'s own loop takes 2.6 ms (the sums agree to one ulp).
    """
    return np.asarray(np.einsum("...k,jk->...j", a, m))


def srgb_to_lab(srgb: ArrayLike) -> NDArray[np.float64]:
    """sRGB -> CIELAB D50 through the ICC (Bradford-adapted) sRGB matrix.

    Not ``skimage.color.rgb2lab(rgb, illuminant="D50")``: that computes D65-relative XYZ
    and divides it by the D50 white *without* chromatic adaptation, so sRGB white comes out
    at about Lab (100, 5.6, -20) (bluish) instead of (100, 0, 0), and the numbers disagree
    with every ICC colour-managed conversion.

    Parameters
    ----------
    srgb : array_like, shape (..., 3)
        uint8/integer in [0, 255] or float in [0, 1].

    Returns
    -------
    ndarray of float64, shape (..., 3)
        CIELAB D50: L* in [0, 100]; white -> (100, 0, 0).
    """
    a = np.asarray(srgb)
    if a.dtype == np.uint8 and a.ndim >= 2 and a.shape[-1] == 3:  # pixels
        return _srgb_u8_to_lab(a)
    with np.errstate(invalid="ignore", over="ignore"):
        xyz = _by_matrix(srgb_to_linear(a), SRGB_TO_XYZ_D50)
    return xyz_to_lab(xyz)


def _srgb_u8_to_lab(rgb: NDArray[np.uint8]) -> NDArray[np.float64]:
    """:func:`srgb_to_lab` of 8-bit pixels, bit for bit, at about 2.3× the speed.

    Channel by channel on contiguous planes (the decode from its 256-entry table), where
    the general path works on interleaved (..., 3) arrays and evaluates both branches of
    the Lab function everywhere. The matrix rows are summed in the order ``einsum`` sums
    them in :func:`_by_matrix` (k = 0, then 2, then 1), so every one of the 16.7 million
    colours gives the same float64 Lab as the general path (checked exhaustively).
    """
    lin = [_DECODE_U8[rgb[..., c]] for c in range(3)]
    white = np.asarray(D50_WHITE, dtype=np.float64)
    f = []
    for j in range(3):
        x = lin[0] * SRGB_TO_XYZ_D50[j, 0]
        x += lin[2] * SRGB_TO_XYZ_D50[j, 2]
        x += lin[1] * SRGB_TO_XYZ_D50[j, 1]
        x /= white[j]
        fx = np.cbrt(x)
        low = ~(x > _EPS)
        if low.any():
            fx[low] = (_KAPPA * x[low] + 16) / 116
        f.append(fx)
    out = np.empty(rgb.shape, np.float64)
    out[..., 0] = 116 * f[1] - 16
    out[..., 1] = 500 * (f[0] - f[1])
    out[..., 2] = 200 * (f[1] - f[2])
    return out


def lab_to_srgb(lab: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """CIELAB D50 -> sRGB, the inverse of :func:`srgb_to_lab`.

    Parameters
    ----------
    lab : array_like, shape (..., 3)
        CIELAB D50.

    Returns
    -------
    srgb : ndarray of float64, shape (..., 3)
        sRGB in [0, 1]. Out-of-gamut colours are clipped per channel in linear light
        (a simple clip, not a perceptual gamut mapping). NaN in gives NaN out.
    out_of_gamut : ndarray of bool, shape (...)
        True where some linear channel was outside [0, 1] by more than 1e-6.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        linear = _by_matrix(lab_to_xyz(lab), XYZ_D50_TO_SRGB)
    out_of_gamut = ((linear < -_GAMUT_TOL) | (linear > 1 + _GAMUT_TOL)).any(axis=-1)
    return linear_to_srgb(np.clip(linear, 0.0, 1.0)), np.asarray(out_of_gamut)


# --- CIEDE2000 --------------------------------------------------------------------------


class DeltaE00Components(NamedTuple):
    """ΔE00 and its weighted terms, signed measured - expected (arrays of shape (...))."""

    delta_e00: Any
    delta_l: Any
    delta_c: Any
    delta_h: Any


def _nan_where_nonfinite(
    value: NDArray[np.float64], *labs: NDArray[np.float64]
) -> NDArray[np.float64]:
    bad = np.zeros(value.shape, bool)
    for lab in labs:
        bad |= ~np.isfinite(lab).all(axis=-1)
    return np.asarray(np.where(bad, np.nan, value))


def delta_e00(lab1: ArrayLike, lab2: ArrayLike) -> NDArray[np.float64]:
    """CIEDE2000 colour difference (kL = kC = kH = 1), Sharma, Wu & Dalal (2005).

    Computed from :func:`_ciede2000_terms` (numpy only): scikit-image's
    ``deltaE_ciede2000`` gives the same values (a test pins the two together within 1e-9,
    and both to Sharma's table), but importing it pulls in scipy, about 0.3 s of a fresh
    process such as the pre-commit hook.

    Parameters
    ----------
    lab1, lab2 : array_like, shapes (..., 3), broadcastable
        CIELAB (same white for both).

    Returns
    -------
    ndarray of float64, shape (...)
        ΔE00 >= 0; 0 for identical colours, NaN where an input is not finite.
    """
    a_lab, b_lab = np.broadcast_arrays(np.asarray(lab1, np.float64), np.asarray(lab2, np.float64))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        d_l, d_c, d_h, r_t = _ciede2000_terms(a_lab, b_lab)
        de = np.sqrt(np.maximum(d_l**2 + d_c**2 + d_h**2 + r_t * d_c * d_h, 0.0))
    return _nan_where_nonfinite(np.asarray(de, np.float64), a_lab, b_lab)


def _ciede2000_terms(
    measured_lab: NDArray[np.float64], expected_lab: NDArray[np.float64]
) -> tuple[NDArray[np.float64], ...]:
    """ΔL'/SL, ΔC'/SC, ΔH'/SH and RT of CIEDE2000 (Sharma et al. 2005, eqs. 2-22).

    Pair order: 1 = expected (reference), 2 = measured, so differences are measured -
    expected. ΔE00 = sqrt(ΔL² + ΔC² + ΔH² + RT·ΔC·ΔH).
    """
    l1, a1, b1 = expected_lab[..., 0], expected_lab[..., 1], expected_lab[..., 2]
    l2, a2, b2 = measured_lab[..., 0], measured_lab[..., 1], measured_lab[..., 2]
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    achromatic = c1p * c2p == 0
    dhp = h2p - h1p
    dhp = np.where(dhp > 180, dhp - 360, np.where(dhp < -180, dhp + 360, dhp))
    dhp = np.where(achromatic, 0.0, dhp)
    d_lp = l2 - l1
    d_cp = c2p - c1p
    d_hp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dhp / 2))
    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    hsum = h1p + h2p
    hp_mean = np.where(
        achromatic,
        hsum,
        np.where(
            np.abs(h1p - h2p) <= 180,
            hsum / 2,
            np.where(hsum < 360, (hsum + 360) / 2, (hsum - 360) / 2),
        ),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(hp_mean - 30))
        + 0.24 * np.cos(np.radians(2 * hp_mean))
        + 0.32 * np.cos(np.radians(3 * hp_mean + 6))
        - 0.20 * np.cos(np.radians(4 * hp_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    d_theta = 30 * np.exp(-(((hp_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return d_lp / s_l, d_cp / s_c, d_hp / s_h, r_t


def delta_e00_components(measured_lab: ArrayLike, expected_lab: ArrayLike) -> DeltaE00Components:
    """ΔE00 with its lightness, chroma and hue terms, signed measured - expected.

    The terms are the weighted CIEDE2000 differences ΔL = ΔL'/(kL·SL), ΔC = ΔC'/(kC·SC),
    ΔH = ΔH'/(kH·SH) (kL = kC = kH = 1), so that

        ΔE00² = ΔL² + ΔC² + ΔH² + RT·ΔC·ΔH

    with the blue-region rotation term RT. They say whether the ink is too light (ΔL > 0)
    or dark, too saturated (ΔC > 0) or dull, or of another hue (ΔH, sign = direction of
    the hue angle). ΔH is 0 when either colour is achromatic (C' = 0).

    Parameters
    ----------
    measured_lab, expected_lab : array_like, shapes (..., 3), broadcastable
        CIELAB.

    Returns
    -------
    DeltaE00Components
        ``(delta_e00, delta_l, delta_c, delta_h)``, each of shape (...); ΔE00 from
        :func:`delta_e00`. NaN where an input is not finite.
    """
    m_lab, e_lab = np.broadcast_arrays(
        np.asarray(measured_lab, np.float64), np.asarray(expected_lab, np.float64)
    )
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        d_l, d_c, d_h, _ = _ciede2000_terms(m_lab, e_lab)
    d_l, d_c, d_h = (_nan_where_nonfinite(v, m_lab, e_lab) for v in (d_l, d_c, d_h))
    return DeltaE00Components(delta_e00(m_lab, e_lab), d_l, d_c, d_h)


#: Hue names by CIELAB hue angle h_ab (degrees, lower bound of each sector), for words
#: beside a ΔH. The sectors are centred near the unique hues (red ~24°, yellow ~90°, green
#: ~162°, blue ~246°; Fairchild, *Color Appearance Models*, 3rd ed., 10.2) with the
#: mixtures between them; they name a direction, they are not a colour measurement.
HUE_NAMES = (
    (15.0, "red"),
    (45.0, "orange"),
    (75.0, "yellow"),
    (105.0, "yellow-green"),
    (135.0, "green"),
    (195.0, "cyan"),
    (235.0, "blue"),
    (275.0, "purple"),
    (315.0, "magenta"),
    (345.0, "pink"),
)
#: Turning the hue by this much from the expected colour's angle names where a ΔH leads.
HUE_STEP_DEG = 30.0
#: Terms below this are not put in words: ΔE00 ≈ 1 is about one just-noticeable
#: difference (Sharma, *Digital Color Imaging Handbook*, 2003, ch. 1).
WORDS_MIN_TERM = 1.0


def hue_name(hue_deg: float) -> str:
    """The name of the CIELAB hue angle ``hue_deg`` (see :data:`HUE_NAMES`)."""
    h = hue_deg % 360.0
    name = HUE_NAMES[-1][1]  # below the first bound: the sector that wraps past 360°
    for bound, n in HUE_NAMES:
        if h >= bound:
            name = n
    return name


def describe_difference(
    delta_l: float,
    delta_c: float,
    delta_h: float,
    *,
    expected_hue_deg: float,
    measured_hue_deg: float | None = None,
) -> str:
    """Plain words for the ΔE00 terms: "too dark, hue too orange" ("" when all are small).

    ``delta_*`` are :func:`delta_e00_components`' signed terms (measured - expected);
    ``expected_hue_deg`` is the expected colour's CIELAB hue angle, so a positive ΔH (the
    hue angle grows: red -> yellow -> green -> blue) is named by the hue
    :data:`HUE_STEP_DEG` further on. When ``measured_hue_deg`` is given and lies more than
    two steps away, the ink is another hue, not a shade off this one ("hue too pink" for a
    blue logo would mislead), and the words say "another hue".
    """
    words = []
    if abs(delta_l) >= WORDS_MIN_TERM:
        words.append("too light" if delta_l > 0 else "too dark")
    if abs(delta_c) >= WORDS_MIN_TERM:
        words.append("too saturated" if delta_c > 0 else "too dull")
    if abs(delta_h) >= WORDS_MIN_TERM:
        turn = HUE_STEP_DEG if delta_h > 0 else -HUE_STEP_DEG
        apart = (
            0.0
            if measured_hue_deg is None
            else abs((measured_hue_deg - expected_hue_deg + 180.0) % 360.0 - 180.0)
        )
        if apart > 2 * HUE_STEP_DEG:
            words.append("another hue")
        else:
            words.append(f"hue too {hue_name(expected_hue_deg + turn)}")
    return ", ".join(words)


# --- WCAG 2.1 ---------------------------------------------------------------------------


def relative_luminance(srgb: ArrayLike) -> NDArray[np.float64]:
    """WCAG 2.1 relative luminance (definition "relative luminance", [6]).

    L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB channels. The linearisation
    knee is 0.04045 (IEC 61966-2-1); WCAG before May 2021 printed 0.03928, which gives the
    same result for every 8-bit value (WCAG 2.1 note).

    Parameters
    ----------
    srgb : array_like, shape (..., 3)
        uint8/integer in [0, 255] or float in [0, 1].

    Returns
    -------
    ndarray of float64, shape (...)
        In [0, 1]: 0 black, 1 white.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        return np.asarray(srgb_to_linear(srgb) @ _WCAG_WEIGHTS)


def contrast_ratio(srgb1: ArrayLike, srgb2: ArrayLike) -> Any:
    """WCAG 2.1 contrast ratio (definition "contrast ratio", [6]).

    (L1 + 0.05) / (L2 + 0.05) with L1 the lighter relative luminance; symmetric.

    Parameters
    ----------
    srgb1, srgb2 : array_like, shapes (..., 3), broadcastable
        uint8/integer in [0, 255] or float in [0, 1].

    Returns
    -------
    numpy.float64 (a ``float``) for single colours, else ndarray of shape (...)
        In [1, 21].
    """
    l1, l2 = relative_luminance(srgb1), relative_luminance(srgb2)
    ratio = (np.maximum(l1, l2) + 0.05) / (np.minimum(l1, l2) + 0.05)
    return ratio[()] if np.ndim(ratio) == 0 else ratio


# --- CMYK through characterisation data ------------------------------------------------

#: Field names of CGATS.17 / Argyll .ti3 files.
_CMYK_FIELDS = ("CMYK_C", "CMYK_M", "CMYK_Y", "CMYK_K")
_LAB_FIELDS = ("LAB_L", "LAB_A", "LAB_B")
_XYZ_FIELDS = ("XYZ_X", "XYZ_Y", "XYZ_Z")


def _tokens(line: str) -> list[str]:
    return shlex.split(line, posix=True) if '"' in line else line.split()


def read_ti3(path: str | Path) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Read CMYK and CIELAB columns of a CGATS (.ti3, .txt) characterisation file.

    Columns are found by their names in ``BEGIN_DATA_FORMAT`` (``CMYK_C`` ... ``CMYK_K``,
    ``LAB_L``, ``LAB_A``, ``LAB_B``), never by position. Files with XYZ but no Lab columns
    are converted with :func:`xyz_to_lab` (XYZ scaled so the perfect diffuser has Y = 100,
    D50 white, as ISO 13655 data is).

    Parameters
    ----------
    path : str or Path
        The CGATS file.

    Returns
    -------
    cmyk : ndarray of float64, shape (N, 4)
        Ink values in percent [0, 100].
    lab : ndarray of float64, shape (N, 3)
        CIELAB D50 as measured.

    Raises
    ------
    ValueError
        No data, a missing field, a row with the wrong number of values, or a row count
        that disagrees with ``NUMBER_OF_SETS``.
    """
    fields: list[str] = []
    rows: list[list[str]] = []
    declared_sets: int | None = None
    mode = ""
    lines = Path(path).read_text(encoding="latin-1").splitlines()
    for number, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s == "BEGIN_DATA_FORMAT":
            mode = "format"
        elif s == "BEGIN_DATA":
            mode = "data"
        elif s in ("END_DATA_FORMAT", "END_DATA"):
            mode = ""
        elif mode == "format":
            fields += _tokens(s)
        elif mode == "data":
            row = _tokens(s)
            if len(row) != len(fields):
                raise ValueError(f"{path}:{number}: {len(row)} values for {len(fields)} fields")
            rows.append(row)
        elif s.split()[0] == "NUMBER_OF_SETS":
            declared_sets = int(_tokens(s)[1])
    if not rows:
        raise ValueError(f"{path}: no BEGIN_DATA ... END_DATA block")
    if declared_sets is not None and declared_sets != len(rows):
        raise ValueError(f"{path}: NUMBER_OF_SETS is {declared_sets}, found {len(rows)} rows")
    col = {name: i for i, name in enumerate(fields)}
    have_lab = all(n in col for n in _LAB_FIELDS)
    need = list(_CMYK_FIELDS) + list(_LAB_FIELDS if have_lab else _XYZ_FIELDS)
    missing = [n for n in need if n not in col]
    if missing:
        raise ValueError(f"{path}: characterisation data lacks fields {missing}")
    data = np.array([[float(r[col[n]]) for n in need] for r in rows], dtype=np.float64)
    cmyk, colour_values = data[:, :4], data[:, 4:]
    lab = colour_values if have_lab else xyz_to_lab(colour_values / 100.0)
    return cmyk, lab


def _full_grid(points: NDArray[np.float64]) -> list[NDArray[np.float64]] | None:
    """Largest product grid (one value set per axis) fully present in ``points`` (n, 3).

    Greedy: start from every value seen on each axis and drop the value whose slice is
    least filled until every node of the product is measured. For FOGRA39 at K = 0 this
    keeps {0, 10, 20, 30, 40, 55, 70, 85, 100}³ and leaves out the extra tints.
    """
    ndim = points.shape[1]
    axes, index = zip(*(np.unique(points[:, i], return_inverse=True) for i in range(ndim)))
    filled = np.zeros(tuple(len(a) for a in axes), bool)
    filled[tuple(ix.reshape(-1) for ix in index)] = True
    keep = [np.ones(len(a), bool) for a in axes]
    while not filled[np.ix_(*keep)].all():
        sub = filled[np.ix_(*keep)]
        worst: tuple[float, int, int] | None = None
        for i in range(ndim):
            fraction = sub.mean(axis=tuple(j for j in range(ndim) if j != i))
            j = int(np.argmin(fraction))
            if worst is None or fraction[j] < worst[0]:
                worst = (float(fraction[j]), i, j)
        assert worst is not None
        _, i, j = worst
        keep[i][np.flatnonzero(keep[i])[j]] = False
        if keep[i].sum() < 2:
            return None
    return [a[k] for a, k in zip(axes, keep)]


class CmykToLab:
    """CMYK ink percent -> CIELAB through a print condition's characterisation data.

    * **K = 0** (the brand's build, and most solids): trilinear interpolation
      (:func:`_trilinear`, what scipy's ``RegularGridInterpolator`` computes, pinned to it
      by a test) on the largest regular C×M×Y
      grid measured at K = 0; FOGRA39: {0, 10, 20, 30, 40, 55, 70, 85, 100}³. Every grid
      patch is reproduced exactly. The extra K = 0 tints off the grid are not nodes: they
      serve as a hold-out check (FOGRA39: within 0.34 ΔE00 of the interpolation).
    * **K > 0** (and K = 0 outside the grid, if a data set's grid does not span 0-100):
      piecewise-linear interpolation on the 4-D Delaunay tessellation of all patches
      (:class:`scipy.interpolate.LinearNDInterpolator`), built on first use (about 0.5 s
      for FOGRA39's 1617 patches). Every patch is a vertex, so every one is reproduced
      exactly. The two methods differ slightly on the K = 0 face, so Lab jumps by up to
      about 0.4 ΔE00 (mean 0.05 for FOGRA39) between K = 0 and K = 0+.

    Repeated patches (same CMYK) are averaged. Inputs are clipped to [0, 100]; rows with a
    non-finite value give NaN.

    Parameters
    ----------
    cmyk : ndarray, shape (N, 4)
        Measured patches' ink values, percent.
    lab : ndarray, shape (N, 3)
        Their CIELAB (D50).
    """

    def __init__(self, cmyk: ArrayLike, lab: ArrayLike) -> None:
        cmyk_ = np.asarray(cmyk, dtype=np.float64)
        lab_ = np.asarray(lab, dtype=np.float64)
        if cmyk_.ndim != 2 or cmyk_.shape[1] != 4 or lab_.shape != (len(cmyk_), 3):
            raise ValueError("need cmyk of shape (N, 4) and lab of shape (N, 3)")
        unique, inverse = np.unique(cmyk_, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        sums = np.zeros((len(unique), 3))
        np.add.at(sums, inverse, lab_)
        self.cmyk = unique
        self.lab = sums / np.bincount(inverse)[:, None]
        self._nd: Any = None
        self._grid: Any = None
        self.grid_axes: list[NDArray[np.float64]] | None = None

        k0 = self.cmyk[:, 3] == 0
        axes = _full_grid(self.cmyk[k0, :3]) if k0.sum() >= 8 else None
        if axes is not None:
            index = [{v: j for j, v in enumerate(a.tolist())} for a in axes]
            values = np.full(tuple(len(a) for a in axes) + (3,), np.nan)
            for (c, m, y), v in zip(self.cmyk[k0, :3].tolist(), self.lab[k0]):
                if c in index[0] and m in index[1] and y in index[2]:
                    values[index[0][c], index[1][m], index[2][y]] = v
            self.grid_axes = axes
            self._grid = values

    @classmethod
    def from_ti3(cls, path: str | Path) -> CmykToLab:
        """Build from a CGATS file (see :func:`read_ti3`)."""
        return cls(*read_ti3(path))

    def _delaunay(self) -> Any:
        if self._nd is None:
            from scipy.interpolate import LinearNDInterpolator

            self._nd = LinearNDInterpolator(self.cmyk, self.lab)
        return self._nd

    def __call__(self, cmyk: ArrayLike) -> NDArray[np.float64]:
        """Interpolate.

        Parameters
        ----------
        cmyk : array_like, shape (..., 4)
            Ink percent [0, 100]; clipped to that range.

        Returns
        -------
        ndarray of float64, shape (..., 3)
            CIELAB D50.
        """
        c = np.asarray(cmyk, dtype=np.float64)
        if c.shape[-1:] != (4,):
            raise ValueError(f"CMYK must have shape (..., 4), got {c.shape}")
        flat = np.clip(c.reshape(-1, 4), 0.0, 100.0)
        out_lab = np.full((len(flat), 3), np.nan)
        ok = np.isfinite(flat).all(axis=1)
        on_grid = np.zeros(len(flat), bool)
        if self._grid is not None and self.grid_axes is not None:
            lo = np.array([a[0] for a in self.grid_axes])
            hi = np.array([a[-1] for a in self.grid_axes])
            on_grid = (
                ok
                & (flat[:, 3] == 0)
                & (flat[:, :3] >= lo).all(axis=1)
                & (flat[:, :3] <= hi).all(axis=1)
            )
            if on_grid.any():
                out_lab[on_grid] = _trilinear(self.grid_axes, self._grid, flat[on_grid, :3])
        rest = ok & ~on_grid
        if rest.any():
            out_lab[rest] = self._delaunay()(flat[rest])
        return out_lab.reshape(c.shape[:-1] + (3,))


def _trilinear(
    axes: list[NDArray[np.float64]], values: NDArray[np.float64], pts: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Trilinear interpolation of ``values`` (n0, n1, n2, 3) on a rectilinear grid.

    What ``scipy.interpolate.RegularGridInterpolator(method="linear")`` computes, written
    out because importing scipy.interpolate cost the fresh-process pre-commit hook a few
    tenths of a second (1.58-1.97 s -> 1.42-1.49 s), for the kit colour's one Lab value.
    """
    idx, frac = [], []
    for d, a in enumerate(axes):
        i = np.clip(np.searchsorted(a, pts[:, d], side="right") - 1, 0, len(a) - 2)
        idx.append(i)
        frac.append((pts[:, d] - a[i]) / (a[i + 1] - a[i]))
    out = np.zeros((len(pts), values.shape[-1]))
    for corner in range(8):
        bits = [(corner >> d) & 1 for d in range(3)]
        w = np.ones(len(pts))
        for d, b in enumerate(bits):
            w = w * (frac[d] if b else 1.0 - frac[d])
        out += w[:, None] * values[idx[0] + bits[0], idx[1] + bits[1], idx[2] + bits[2]]
    return out


@lru_cache(maxsize=8)
def _cached_interpolator(path: str, mtime_ns: int, size: int) -> CmykToLab:
    return CmykToLab.from_ti3(path)


def cmyk_interpolator(path: str | Path) -> CmykToLab:
    """The :class:`CmykToLab` of a characterisation file, cached per file.

    The cache key is the resolved path with the file's modification time and size, so an
    edited file is read again.
    """
    p = Path(path).resolve()
    st = p.stat()
    return _cached_interpolator(str(p), st.st_mtime_ns, st.st_size)


def cmyk_to_lab(cmyk: ArrayLike, characterisation: str | Path) -> NDArray[np.float64]:
    """CMYK percent (..., 4) -> CIELAB D50 (..., 3) through a characterisation file.

    See :class:`CmykToLab` for the method; ``characterisation`` is a CGATS file such as the
    kit's ``FOGRA39L.ti3``.
    """
    return cmyk_interpolator(characterisation)(cmyk)


# --- the kit's colour -------------------------------------------------------------------


def expected_lab(spec: ColourSpec) -> NDArray[np.float64]:
    """The kit colour's CIELAB D50: its CMYK build through the kit's print condition.

    Parameters
    ----------
    spec : ColourSpec
        The kit's colour table; ``measure_against`` must be ``"cmyk"`` (a PANTONE library
        is not free data, so it has no computable Lab).

    Returns
    -------
    ndarray of float64, shape (3,)
        For the Quality Month kit (C11 M99 Y100 K0, FOGRA39): about 44.63 / 62.10 / 43.31.
    """
    if spec.measure_against.lower() != "cmyk":
        raise ValueError(
            f"colour.measure_against = {spec.measure_against!r}: only 'cmyk' has computable CIELAB"
        )
    return cmyk_to_lab(np.asarray(spec.cmyk, dtype=np.float64), spec.characterisation)


def expected_srgb(spec: ColourSpec) -> tuple[int, int, int]:
    """The kit colour as 8-bit sRGB (what screen media should use), via :func:`lab_to_srgb`.

    Out-of-gamut colours are clipped per channel (see :func:`lab_to_srgb`).

    Returns
    -------
    tuple of 3 int, each in [0, 255]
    """
    srgb, _ = lab_to_srgb(expected_lab(spec))
    r, g, b = (int(v) for v in np.round(srgb * 255))
    return r, g, b
