"""Phone photos of printed posters: the poster warped onto a wall with perspective, a slight
roll, blur, sensor noise, uneven lighting and vignetting. The JPEG is the writer's job."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np

from brandcheck import geometry as geo
from brandcheck.brand import BrandKit, load_brand
from posterlab import assets
from posterlab.independent.layout import cover, pick
from posterlab.independent.poster import (
    LogoTruth,
    Synth,
    _map_truth,
    ambiguous_codes,
    expected_codes,
)
from posterlab.render import warp_alpha

#: scikit-image textures a wall is made of (licences in :data:`posterlab.assets.LICENCES`).
WALL_TEXTURES = ("brick", "gravel", "grass")


@dataclass(frozen=True)
class PhoneSpec:
    """The photo: size, how much of its height the poster fills, camera imperfections."""

    width: int = 1536
    height: int = 2048
    fill: tuple[float, float] = (0.55, 0.8)  # poster height / photo height
    roll_deg: tuple[float, float] = (0.0, 2.5)  # |roll|
    keystone: float = 0.035  # corner jitter, share of the poster size
    blur_sigma: tuple[float, float] = (0.5, 1.3)
    noise_sigma: tuple[float, float] = (1.5, 4.0)
    vignette: tuple[float, float] = (0.6, 0.85)  # brightness left in the corners
    light_gradient: tuple[float, float] = (0.0, 0.18)  # relative, across the frame
    #: EXIF Make and Model written with the photo, as phones do; None: a photo whose
    #: metadata was stripped (by a messenger, say)
    camera: tuple[str, str] | None = ("brandcheck-synth", "phone camera")


def wall(rng: np.random.Generator, w: int, h: int) -> tuple[np.ndarray, str]:
    """A wall: a CC0 texture tinted like paint or brick, or a painted wall with grain."""
    if rng.random() < 0.6:
        name = str(pick(rng, WALL_TEXTURES))
        tex = assets.photo(name).astype(np.float32)
        # tile before scaling, so the texture keeps a plausible grain size
        reps = (
            max(1, math.ceil(h / tex.shape[0] / 2.5)),
            max(1, math.ceil(w / tex.shape[1] / 2.5)),
            1,
        )
        tex = np.tile(tex, reps)
        img = cover(np.clip(tex, 0, 255).astype(np.uint8), w, h, rng).astype(np.float32)
        tint = rng.uniform(0.75, 1.1, 3).astype(np.float32)
        img = np.clip(img * tint * rng.uniform(0.8, 1.1), 0, 255)
        return img.astype(np.uint8), name
    base = rng.uniform(150, 235, 3).astype(np.float32)
    grain = cv2.GaussianBlur(rng.normal(0, 6, (h, w)).astype(np.float32), (0, 0), 2.0)
    img = np.clip(base[None, None, :] + grain[..., None], 0, 255)
    return img.astype(np.uint8), "painted"


def photograph(
    rng: np.random.Generator, s: Synth, spec: PhoneSpec = PhoneSpec(), kit: BrandKit | None = None
) -> Synth:
    """A phone photo of the printed poster ``s``; the truth follows the poster's warp.

    The photo carries no ppi. ``expected`` stays the poster's: a photo of a compliant print
    is compliant. ``meta['photo']`` records the poster->photo homography and the camera.
    ``expected`` follows the checks' image-plane definitions: a roll or keystone beyond
    the kit's tolerances adds ``rotated``/``distorted`` (see :func:`_posed`);
    ``meta['print_expected']`` keeps the printed poster's codes.
    """
    kit = kit or load_brand()
    pw, ph = s.size
    w, h = spec.width, spec.height
    img, wall_name = wall(rng, w, h)
    fill = float(rng.uniform(*spec.fill))
    th = fill * h
    tw = th * pw / ph
    if tw > 0.92 * w:
        tw = 0.92 * w
        th = tw * ph / pw
    cx = w / 2 + float(rng.uniform(-0.5, 0.5)) * (w - tw) * 0.8
    cy = h / 2 + float(rng.uniform(-0.5, 0.5)) * (h - th) * 0.8
    roll = float(rng.uniform(*spec.roll_deg)) * (1 if rng.random() < 0.5 else -1)
    k = spec.keystone
    base = np.array([[-tw / 2, -th / 2], [tw / 2, -th / 2], [tw / 2, th / 2], [-tw / 2, th / 2]])
    jitter = rng.uniform(-k, k, (4, 2)) * np.array([tw, th])
    # a camera below or beside the poster: one side shorter (keystone)
    tilt = float(rng.uniform(-k, k))
    jitter[0, 0] += tilt * tw
    jitter[1, 0] -= tilt * tw
    t = math.radians(roll)
    rot = np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])
    dst = (base + jitter) @ rot.T + np.array([cx, cy])
    src = geo.frame_corners(pw, ph)
    m = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32)).astype(
        np.float64
    )

    # the print: poster warped (anti-aliased) with a soft paper edge and a faint shadow
    mask, org = warp_alpha(np.full((ph, pw), 255, np.uint8), m, (h, w))
    out = img.astype(np.float32)
    if mask.size:
        x0, y0 = org
        mh, mw = mask.shape
        sh = cv2.GaussianBlur(mask, (0, 0), max(2.0, 0.004 * w))
        reg = out[y0 : y0 + mh, x0 : x0 + mw]
        reg *= (1 - 0.35 * sh)[..., None]
        poster = _warp_rgb(s.rgb, m, (x0, y0, mw, mh))
        reg[:] = reg * (1 - mask[..., None]) + poster * mask[..., None]
    # lighting: vignetting and a gradient, a colour cast
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((xx - w / 2) ** 2 + (yy - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)
    corner = float(rng.uniform(*spec.vignette))
    gain = 1 - (1 - corner) * r2
    g = float(rng.uniform(*spec.light_gradient))
    ang = float(rng.uniform(0, 2 * math.pi))
    gain *= 1 + g * (((xx / w) - 0.5) * math.cos(ang) + ((yy / h) - 0.5) * math.sin(ang))
    cast = rng.uniform(0.94, 1.06, 3).astype(np.float32)
    out = out * gain[..., None] * cast
    sigma = float(rng.uniform(*spec.blur_sigma))
    out = cv2.GaussianBlur(out, (0, 0), sigma)
    noise = float(rng.uniform(*spec.noise_sigma))
    out = out + rng.normal(0.0, noise, out.shape).astype(np.float32)
    rgb = np.clip(out + 0.5, 0, 255).astype(np.uint8)
    logos = tuple(_posed(_map_truth(lg, m), s.meta["artwork_size"], kit) for lg in s.logos)
    photo_meta = {
        "homography": np.round(m, 8).tolist(),
        "roll_deg": round(roll, 3),
        "fill": round(fill, 3),
        "wall": wall_name,
        "blur_sigma": round(sigma, 3),
        "noise_sigma": round(noise, 3),
        "vignette": round(corner, 3),
        "light_gradient": round(g, 3),
        "size": [w, h],
        "camera": list(spec.camera) if spec.camera else None,
    }
    licences = sorted(
        set(s.meta.get("licences", [])) | ({wall_name} if wall_name != "painted" else set())
    )
    return replace(
        s,
        rgb=rgb,
        cmyk=None,
        ppi=None,
        logos=logos,
        expected=expected_codes(logos),
        ambiguous=ambiguous_codes(logos),
        meta={
            **s.meta,
            "photo": photo_meta,
            "licences": licences,
            "print_expected": list(s.expected),
        },
    )


#: A pose this close to a tolerance (as a share of it) is borderline for the truth.
BORDER = (0.6, 1.5)


def _posed(lg: LogoTruth, art_size: list[int], kit: BrandKit) -> LogoTruth:
    """Codes the photo's own geometry entails, by the checks' image-plane definitions.

    The checks judge the logo as it appears in the image: a roll beyond the rotation
    tolerance is ``rotated``; keystone that changes the aspect or shears the axes beyond
    theirs is ``distorted``. Values near a tolerance are marked ambiguous.
    """
    aw, ah = art_size
    ps = geo.pose(lg.homography, aw, ah)
    tol = kit.logo
    ratios = {
        "rotated": abs(ps.angle_deg) / tol.rotation_tolerance_deg,
        "distorted": max(
            abs(ps.aspect - 1.0) / tol.aspect_tolerance, abs(ps.shear_deg) / tol.shear_tolerance_deg
        ),
    }
    also = set(lg.params.get("also", []))
    amb = set(lg.params.get("ambiguous", []))
    for code, r in ratios.items():
        if r > 1.0:
            also.add(code)
        if BORDER[0] <= r <= BORDER[1]:
            amb.add(code)
    pose = {
        "angle_deg": round(ps.angle_deg, 3),
        "aspect": round(ps.aspect, 4),
        "shear_deg": round(ps.shear_deg, 3),
        "perspective": round(ps.perspective, 4),
    }
    return replace(
        lg, params={**lg.params, "photo_pose": pose, "also": sorted(also), "ambiguous": sorted(amb)}
    )


def _warp_rgb(rgb: np.ndarray, m: np.ndarray, roi: tuple[int, int, int, int]) -> np.ndarray:
    """The poster warped into the photo's region ``roi`` (x0, y0, w, h), float32, anti-aliased."""
    x0, y0, rw, rh = roi
    ph, pw = rgb.shape[:2]
    q = geo.apply(m, geo.frame_corners(pw, ph))
    sides = [np.hypot(*(q[(i + 1) % 4] - q[i])) for i in range(4)]
    s = max(sides[0] / pw, sides[2] / pw, sides[1] / ph, sides[3] / ph)
    src = rgb
    mm = m
    if s < 0.9:
        nw, nh = max(2, round(pw * s)), max(2, round(ph * s))
        src = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_AREA)
        mm = m @ np.linalg.inv(geo.scale_matrix(nw / pw, nh / ph))
    t = geo.translation(-x0, -y0) @ mm
    out = cv2.warpPerspective(
        src, t, (rw, rh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return out.astype(np.float32)
