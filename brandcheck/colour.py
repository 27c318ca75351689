"""Colour maths: CMYK through the kit's print condition, sRGB, CIELAB (D50) and ΔE00.

The pipeline, stated once and quoted by every colour finding:

- **RGB pixels** are sRGB (IEC 61966-2-1): embedded ICC profiles are converted to sRGB at
  load time by littleCMS; untagged RGB is taken as sRGB. sRGB is linearised and taken to
  XYZ with the ICC's Bradford-adapted D50 matrix, then to CIELAB with the D50 white: the
  same numbers a colour-managed (ICC) conversion gives.
- **CMYK ink values** (CMYK files, and the kit's CMYK build) go to CIELAB D50/2° through
  the kit's characterisation data (FOGRA39: ISO 12647-2 coated offset): trilinear
  interpolation on the regular K = 0 grid, piecewise-linear (Delaunay) over all patches
  when K > 0.
- **Differences** are CIEDE2000 (kL = kC = kH = 1) from scikit-image.

=========  =============
quantity   domain
=========  =============
L*         [0, 100]
a*, b*     about [-128, 127]
CMYK       percent [0, 100]
sRGB       uint8 [0, 255] or float [0, 1]
=========  =============

References
----------
IEC 61966-2-1:1999, sRGB. ICC.1:2010 (profile connection space, D50).
Sharma, Wu, Dalal, "The CIEDE2000 color-difference formula: implementation notes,
supplementary test data, and mathematical observations", Color Res. Appl. 30(1), 2005.
ISO 12647-2:2004/Amd 1:2007; FOGRA39 characterisation data (Fogra, 2006).
WCAG 2.1, definitions of relative luminance and contrast ratio.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

PIPELINE_NOTE = (
    "sRGB (IEC 61966-2-1; ICC profiles converted by littleCMS) or CMYK via the kit's "
    "FOGRA39 data -> CIELAB D50/2° (Bradford); ΔE00 = CIEDE2000, kL=kC=kH=1"
)

#: sRGB (linear) -> XYZ relative to D50, Bradford-adapted; ICC v4 sRGB profile matrix.
SRGB_TO_XYZ_D50 = np.array([
    [0.4360747, 0.3850649, 0.1430804],
    [0.2225045, 0.7168786, 0.0606169],
    [0.0139322, 0.0971045, 0.7141733],
])
#: D50 reference white, ICC PCS (X, Y, Z with Y = 1).
D50_WHITE = np.array([0.9642, 1.0, 0.8249])
_EPS = (6 / 29) ** 3  # CIE 1976 L*a*b* junction (216/24389)
_KAPPA = (29 / 3) ** 3  # 24389/27


def _as_unit_rgb(rgb: ArrayLike) -> NDArray[np.float64]:
    a = np.asarray(rgb)
    if a.dtype == np.uint8 or (a.dtype.kind in "iu"):
        return a.astype(np.float64) / 255.0
    return a.astype(np.float64)


_V = np.arange(256) / 255.0
_LINEAR_U8 = np.where(_V <= 0.04045, _V / 12.92, ((_V + 0.055) / 1.055) ** 2.4)


def srgb_to_lab(rgb: ArrayLike) -> NDArray[np.float64]:
    """sRGB of shape (..., 3) -> CIELAB D50 of the same shape.

    Not ``skimage.color.rgb2lab(illuminant="D50")``: that divides D65-relative XYZ by the
    D50 white without chromatic adaptation, so sRGB white comes out bluish, not neutral.
    """
    a = np.asarray(rgb)
    if a.dtype == np.uint8:
        lin = _LINEAR_U8[a]  # exact table of the transfer function: 8-bit input has 256 values
    else:
        x = _as_unit_rgb(a)
        lin = np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)
    xyz = lin @ SRGB_TO_XYZ_D50.T
    return xyz_to_lab(xyz)


def xyz_to_lab(xyz: ArrayLike, white: NDArray[np.float64] = D50_WHITE) -> NDArray[np.float64]:
    """CIE XYZ (Y of white = 1) of shape (..., 3) -> CIELAB relative to ``white``."""
    r = np.asarray(xyz, dtype=np.float64) / white
    f = np.where(r > _EPS, np.cbrt(r), (_KAPPA * r + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]),
                     200 * (f[..., 1] - f[..., 2])], axis=-1)


def lab_to_xyz(lab: ArrayLike, white: NDArray[np.float64] = D50_WHITE) -> NDArray[np.float64]:
    """CIELAB -> XYZ (inverse of :func:`xyz_to_lab`)."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    fx = fy + lab[..., 1] / 500
    fz = fy - lab[..., 2] / 200
    f = np.stack([fx, fy, fz], axis=-1)
    r = np.where(f ** 3 > _EPS, f ** 3, (116 * f - 16) / _KAPPA)
    return r * white


def lab_to_srgb(lab: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """CIELAB D50 -> sRGB float in [0, 1] (clipped) and a mask of out-of-gamut colours."""
    xyz = lab_to_xyz(lab)
    lin = xyz @ np.linalg.inv(SRGB_TO_XYZ_D50).T
    out = (lin < -1e-4) | (lin > 1 + 1e-4)
    lin = np.clip(lin, 0.0, 1.0)
    rgb = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
    return rgb, out.any(axis=-1)


def delta_e00(lab1: ArrayLike, lab2: ArrayLike) -> NDArray[np.float64]:
    """CIEDE2000 between Lab arrays of broadcastable shapes (..., 3), via scikit-image."""
    from skimage.color import deltaE_ciede2000

    a, b = np.broadcast_arrays(np.asarray(lab1, np.float64), np.asarray(lab2, np.float64))
    return np.asarray(deltaE_ciede2000(a, b, channel_axis=-1))


def delta_e00_components(measured_lab: ArrayLike, expected_lab: ArrayLike
                         ) -> tuple[Any, Any, Any, Any]:
    """ΔE00 and its weighted terms ΔL'/SL, ΔC'/SC, ΔH'/SH (signed, measured - expected).

    ΔE00² = ΔL² + ΔC² + ΔH² + RT·ΔC·ΔH with these terms, so they tell a designer whether
    the ink is too light or dark (ΔL), too dull or saturated (ΔC), or of another hue (ΔH).
    """
    m = np.asarray(measured_lab, np.float64)
    e = np.asarray(expected_lab, np.float64)
    L1, a1, b1 = e[..., 0], e[..., 1], e[..., 2]
    L2, a2, b2 = m[..., 0], m[..., 1], m[..., 2]
    cbar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(cbar ** 7 / (cbar ** 7 + 25.0 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dLp = L2 - L1
    dCp = c2p - c1p
    dhp = h2p - h1p
    dhp = np.where(dhp > 180, dhp - 360, np.where(dhp < -180, dhp + 360, dhp))
    dhp = np.where(c1p * c2p == 0, 0.0, dhp)
    dHp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dhp / 2))
    Lbar = (L1 + L2) / 2
    Cbar = (c1p + c2p) / 2
    hsum = h1p + h2p
    hbar = np.where(c1p * c2p == 0, hsum,
                    np.where(np.abs(h1p - h2p) <= 180, hsum / 2,
                             np.where(hsum < 360, (hsum + 360) / 2, (hsum - 360) / 2)))
    t = (1 - 0.17 * np.cos(np.radians(hbar - 30)) + 0.24 * np.cos(np.radians(2 * hbar))
         + 0.32 * np.cos(np.radians(3 * hbar + 6)) - 0.20 * np.cos(np.radians(4 * hbar - 63)))
    sl = 1 + 0.015 * (Lbar - 50) ** 2 / np.sqrt(20 + (Lbar - 50) ** 2)
    sc = 1 + 0.045 * Cbar
    sh = 1 + 0.015 * Cbar * t
    return delta_e00(m, e), dLp / sl, dCp / sc, dHp / sh


def relative_luminance(srgb: ArrayLike) -> NDArray[np.float64]:
    """WCAG 2.1 relative luminance of sRGB colours (..., 3)."""
    x = _as_unit_rgb(srgb)
    lin = np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)
    return np.asarray(lin @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(srgb1: ArrayLike, srgb2: ArrayLike) -> float:
    """WCAG 2.1 contrast ratio (L_lighter + 0.05) / (L_darker + 0.05), in [1, 21]."""
    l1, l2 = float(relative_luminance(srgb1)), float(relative_luminance(srgb2))
    hi, lo = max(l1, l2), min(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def read_ti3(path: str | Path) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """CMYK (percent) and Lab columns of a CGATS/ti3 characterisation file, by field name."""
    text = Path(path).read_text(encoding="latin-1").splitlines()
    fields: list[str] = []
    rows: list[list[str]] = []
    mode = ""
    for line in text:
        s = line.strip()
        if s == "BEGIN_DATA_FORMAT":
            mode = "format"
        elif s == "END_DATA_FORMAT" or s == "END_DATA":
            mode = ""
        elif s == "BEGIN_DATA":
            mode = "data"
        elif mode == "format":
            fields += s.split()
        elif mode == "data" and s:
            rows.append(s.split())
    col = {name: i for i, name in enumerate(fields)}
    need = ["CMYK_C", "CMYK_M", "CMYK_Y", "CMYK_K", "LAB_L", "LAB_A", "LAB_B"]
    missing = [n for n in need if n not in col]
    if missing:
        raise ValueError(f"{path}: characterisation data lacks fields {missing}")
    data = np.array([[float(r[col[n]]) for n in need] for r in rows])
    return data[:, :4], data[:, 4:]


class CmykToLab:
    """CMYK (percent) -> CIELAB D50 through a characterisation data set.

    K = 0 (the brand's build, and most solids): trilinear interpolation on the regular
    C×M×Y grid the data set measures at K = 0 (FOGRA39: 0-100 in 9 steps), which
    reproduces every grid patch exactly. K > 0: piecewise-linear interpolation over the
    Delaunay tetrahedralisation of all patches in 4-D, built on first use.
    """

    def __init__(self, cmyk: NDArray[np.float64], lab: NDArray[np.float64]) -> None:
        from scipy.interpolate import RegularGridInterpolator

        self.cmyk, self.lab = cmyk, lab
        k0 = cmyk[:, 3] == 0
        axes = [np.unique(cmyk[k0, i]) for i in range(3)]
        grid = np.full(tuple(len(a) for a in axes) + (3,), np.nan)
        index = [{v: j for j, v in enumerate(a)} for a in axes]
        for (c, m, y, _), v in zip(cmyk[k0], lab[k0]):
            grid[index[0][c], index[1][m], index[2][y]] = v
        # Off-grid K = 0 patches (a few extra tints) leave no hole; holes would mean the
        # data is not gridded at K = 0, and the 4-D path is used for everything instead.
        self._grid = None if np.isnan(grid).any() else RegularGridInterpolator(axes, grid)
        self._nd: Any = None

    def __call__(self, cmyk: ArrayLike) -> NDArray[np.float64]:
        c = np.clip(np.asarray(cmyk, np.float64), 0.0, 100.0)
        flat = c.reshape(-1, 4)
        out = np.empty((len(flat), 3))
        k0 = flat[:, 3] == 0
        if self._grid is not None and k0.any():
            out[k0] = self._grid(flat[k0, :3])
        rest = ~k0 if self._grid is not None else np.ones(len(flat), bool)
        if rest.any():
            if self._nd is None:
                from scipy.interpolate import LinearNDInterpolator

                self._nd = LinearNDInterpolator(self.cmyk, self.lab)
            out[rest] = self._nd(flat[rest])
        return out.reshape(c.shape[:-1] + (3,))


@lru_cache(maxsize=4)
def _interpolator(path: str) -> CmykToLab:
    return CmykToLab(*read_ti3(path))


def cmyk_to_lab(cmyk: ArrayLike, characterisation: str | Path) -> NDArray[np.float64]:
    """CMYK percent (..., 4) -> CIELAB D50 (..., 3) through the named data set."""
    return _interpolator(str(characterisation))(cmyk)


def expected_lab(spec: Any) -> NDArray[np.float64]:
    """The kit colour's CIELAB: its CMYK build through its print condition."""
    return cmyk_to_lab(np.array(spec.cmyk), spec.characterisation)


def expected_srgb(spec: Any) -> tuple[int, int, int]:
    """The sRGB rendition of the kit colour (what a screen poster should use)."""
    rgb, _ = lab_to_srgb(expected_lab(spec))
    return tuple(int(v) for v in np.round(rgb * 255))  # type: ignore[return-value]
