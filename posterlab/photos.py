"""Photographs of printed posters on walls, with the truth a rectifier is judged against.

Written for issue 13. A poster image (any: a generator's, a bundled sample) is printed
(optionally with a white paper margin or a drawn border), hung on a wall (brick, gravel,
grass from scikit-image's bundled CC0 textures, or procedural paint and brick) and
photographed through a pinhole camera: tilt up to 35° about a random axis in the page
plane, roll up to ±15°, page partly out of frame, uneven light, motion and focus blur,
signal-dependent noise, JPEG, a messenger's downscale and recompression, EXIF kept or
stripped. The truth: the page corners in the photo, each logo's artwork->photo
homography and quad, the logo's own angle and stretch on the poster, the camera's.

Depends only on numpy, OpenCV, Pillow, scikit-image's data, brandcheck's public
``geometry`` module and :func:`posterlab.io.camera_exif`, so it shares no code with the
poster generators it photographs.

    >>> photo = photograph(np.random.default_rng(1), poster_rgb, logos=[h_art_to_poster],
    ...                    artwork_size=(aw, ah))
    >>> photo.jpeg, photo.page_quad, photo.logo_quads
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
from PIL import Image

from brandcheck import geometry as geo
from posterlab.io import camera_exif

#: Wall textures and their licences, as the docstrings of ``skimage.data`` state them.
TEXTURE_LICENCES = {
    "brick": "CC0Textures Bricks25, CC0 (skimage.data.brick)",
    "gravel": "CC0Textures Gravel04, CC0 (skimage.data.gravel)",
    "grass": "linolafett (DeviantArt) Grass 01, CC0 (skimage.data.grass)",
    "paint": "procedural (this module)",
    "bricks": "procedural (this module)",
}
WALLS = tuple(TEXTURE_LICENCES)
#: Page finishes: as given, a white paper margin around it, a border drawn at its edge.
FINISHES = ("bleed", "margin", "border")
#: A phone's main camera is about 26 mm equivalent: focal length 26/43.3 of the diagonal.
PHONE_FOCAL = (0.5, 0.85)  # f / image diagonal, wide to slight zoom


@dataclass(frozen=True)
class Shot:
    """How the photograph is taken; every field has a range drawn by :func:`random_shot`."""

    size: tuple[int, int] = (1536, 2048)  # photo width, height
    focal: float = 0.6  # f / photo diagonal
    tilt_deg: float = 0.0  # angle between the optical axis and the page's normal
    tilt_dir_deg: float = 90.0  # axis of the tilt in the page (0: turn about the vertical)
    roll_deg: float = 0.0
    fill: float = 0.7  # page height / photo height when seen square on
    offset: tuple[float, float] = (0.0, 0.0)  # page centre from the photo's, share of size
    wall: str = "paint"
    finish: str = "bleed"
    light: float = 0.15  # relative gradient across the frame
    vignette: float = 0.8  # brightness left in the corners
    cast: tuple[float, float, float] = (1.0, 1.0, 1.0)  # white-balance error, per channel
    exposure: float = 1.0
    motion_px: float = 0.0  # length of the shake
    motion_deg: float = 0.0
    blur_sigma: float = 0.6
    noise: float = 2.0  # grey levels at mid-grey
    quality: int = 90
    messenger: bool = False  # downscaled to 1280 px and saved again at quality 70, no EXIF
    exif: bool = True


@dataclass
class Photo:
    """A photograph and its truth; coordinates are edge coordinates of the photo."""

    rgb: np.ndarray  # the decoded pixels of ``jpeg``
    jpeg: bytes
    shot: Shot
    homography: np.ndarray  # page px (centre convention) -> photo px
    page_size: tuple[int, int]  # printed page, px, margin included
    page_quad: np.ndarray  # (4, 2) TL TR BR BL
    page_in_frame: bool
    logo_homographies: list[np.ndarray] = field(default_factory=list)  # artwork -> photo
    logo_quads: list[np.ndarray] = field(default_factory=list)
    logo_poses: list[dict[str, float]] = field(default_factory=list)  # on the poster
    meta: dict[str, Any] = field(default_factory=dict)


def random_shot(
    rng: np.random.Generator, *, exif: bool | None = None, out_of_frame: float = 0.15
) -> Shot:
    """A shot drawn over the issue's ranges (tilt up to 35°, roll ±15°, ...).

    ``out_of_frame``: chance that the page is framed so that part of it is cut off.
    """
    landscape = rng.random() < 0.25
    size = (2048, 1536) if landscape else (1536, 2048)
    cut = rng.random() < out_of_frame
    fill = float(rng.uniform(0.85, 1.1) if cut else rng.uniform(0.45, 0.8))
    off = rng.uniform(-0.25, 0.25, 2) if cut else rng.uniform(-0.12, 0.12, 2)
    messenger = bool(rng.random() < 0.3)
    return Shot(
        size=size,
        focal=float(rng.uniform(*PHONE_FOCAL)),
        tilt_deg=float(35.0 * math.sqrt(rng.random())),  # more of the larger tilts
        tilt_dir_deg=float(rng.uniform(0, 180)),
        roll_deg=float(rng.uniform(-15, 15)),
        fill=fill,
        offset=(float(off[0]), float(off[1])),
        wall=WALLS[int(rng.integers(len(WALLS)))],
        finish=FINISHES[int(rng.integers(len(FINISHES)))],
        light=float(rng.uniform(0.0, 0.35)),
        vignette=float(rng.uniform(0.6, 0.95)),
        cast=tuple(float(v) for v in rng.uniform(0.9, 1.1, 3)),  # type: ignore[arg-type]
        exposure=float(rng.uniform(0.8, 1.1)),
        motion_px=float(rng.uniform(0, 8) if rng.random() < 0.4 else 0.0),
        motion_deg=float(rng.uniform(0, 180)),
        blur_sigma=float(rng.uniform(0.3, 1.4)),
        noise=float(rng.uniform(1.0, 5.0)),
        quality=int(rng.integers(70, 96)),
        messenger=messenger,
        # a messaging app strips EXIF; of the rest, half keep it
        exif=(not messenger and bool(rng.random() < 0.7)) if exif is None else exif,
    )


# ---------------------------------------------------------------------------- the wall


@lru_cache(maxsize=4)
def _texture(name: str) -> np.ndarray:
    import skimage.data

    return np.asarray(getattr(skimage.data, name)(), np.float32)


def wall(rng: np.random.Generator, name: str, w: int, h: int) -> np.ndarray:
    """A wall of ``w × h`` px, float32 RGB in [0, 255]."""
    if name in ("brick", "gravel", "grass"):
        tex = _texture(name)
        scale = float(rng.uniform(1.0, 2.5))
        tex = cv2.resize(tex, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        reps = (math.ceil(h / tex.shape[0]) + 1, math.ceil(w / tex.shape[1]) + 1)
        big = np.tile(tex, reps)
        y, x = int(rng.integers(0, tex.shape[0])), int(rng.integers(0, tex.shape[1]))
        grey = big[y : y + h, x : x + w]
        tint = {
            "brick": (1.15, 0.72, 0.55),
            "gravel": (1.0, 0.97, 0.9),
            "grass": (0.55, 1.0, 0.45),
        }[name]
        t = np.array(tint, np.float32) * rng.uniform(0.85, 1.1, 3).astype(np.float32)
        return np.clip(grey[..., None] * t, 0, 255)
    base = rng.uniform(120, 235, 3).astype(np.float32)
    grain = cv2.GaussianBlur(rng.normal(0, 5, (h, w)).astype(np.float32), (0, 0), 1.5)
    img = base[None, None, :] + grain[..., None]
    if name == "bricks":  # a painted brick wall: mortar lines in a running bond
        bh = float(rng.uniform(40, 90))
        bw = bh * float(rng.uniform(2.0, 3.0))
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        row = np.floor(yy / bh)
        mortar = (np.mod(yy, bh) < 5) | (np.mod(xx + (row % 2) * bw / 2, bw) < 5)
        img = img * np.where(mortar, 0.72, 1.0)[..., None].astype(np.float32)
    return np.clip(img, 0, 255)


# ---------------------------------------------------------------------------- the print


def finish_page(
    rng: np.random.Generator, poster: np.ndarray, finish: str
) -> tuple[np.ndarray, np.ndarray]:
    """The printed page and the poster->page homography (a margin shifts the poster).

    ``bleed``: the poster is the page; ``margin``: the poster centred on ISO 216 paper
    with a white margin; ``border``: a coloured frame drawn along the page's edge.
    """
    ph, pw = poster.shape[:2]
    if finish == "margin":
        # printed on ISO 216 paper (1:√2) with a white margin: the page is the paper
        m = max(4, round(float(rng.uniform(0.02, 0.06)) * min(pw, ph)))
        w = pw + 2 * m
        h = max(ph + 2 * m, round(w * math.sqrt(2.0)))
        w = max(w, round(h / math.sqrt(2.0)))
        # paper is near neutral: a grey level, a channel or two of tint at most
        paper = np.clip(rng.uniform(238, 252) + rng.uniform(-2, 2, 3), 0, 255).astype(np.uint8)
        page = np.empty((h, w, 3), np.uint8)
        page[:] = paper
        x0, y0 = (w - pw) // 2, (h - ph) // 2
        page[y0 : y0 + ph, x0 : x0 + pw] = poster
        return page, geo.translation(x0, y0)
    page = poster.copy()
    if finish == "border":
        t = max(3, round(float(rng.uniform(0.006, 0.02)) * min(pw, ph)))
        colour = tuple(int(v) for v in rng.integers(0, 200, 3))
        cv2.rectangle(page, (t // 2, t // 2), (pw - 1 - t // 2, ph - 1 - t // 2), colour, t)
    return page, np.eye(3)


def camera_homography(shot: Shot, page_w: int, page_h: int) -> np.ndarray:
    """Page px (centre convention) -> photo px through a pinhole camera.

    The page lies in the plane Z = 0, centred on the origin, one unit per page pixel. The
    camera turns by ``tilt_deg`` about an axis in the page plane (``tilt_dir_deg`` from the
    page's vertical), then rolls about its optical axis; it stands at the distance where
    the page would fill ``fill`` of the photo's height square on, moved sideways so that
    the page's centre lands ``offset`` from the photo's centre. The principal point is the
    photo's centre, as in a phone.
    """
    w, h = shot.size
    f = shot.focal * math.hypot(w, h)
    k = np.array([[f, 0, (w - 1) / 2], [0, f, (h - 1) / 2], [0, 0, 1.0]])
    t, d, r = (math.radians(v) for v in (shot.tilt_deg, shot.tilt_dir_deg, shot.roll_deg))
    axis = np.array([math.cos(d), math.sin(d), 0.0])  # tilt axis, in the page plane
    rot_tilt = cv2.Rodrigues(axis * t)[0]
    rot_roll = cv2.Rodrigues(np.array([0.0, 0.0, r]))[0]
    rot = rot_roll @ rot_tilt
    dist = f * page_h / (shot.fill * h)
    centre = np.array([shot.offset[0] * w, shot.offset[1] * h, f])  # ray through the target
    tvec = centre / f * dist
    m = k @ np.column_stack([rot[:, 0], rot[:, 1], tvec])
    return m @ geo.translation(-(page_w - 1) / 2, -(page_h - 1) / 2)


def _warp_area(src: np.ndarray, m: np.ndarray, size: tuple[int, int], border: int) -> np.ndarray:
    """``src`` warped through ``m`` into ``size`` (w, h); downscaled first, no aliasing."""
    sh, sw = src.shape[:2]
    q = geo.apply(m, geo.frame_corners(sw, sh))
    s = max(
        math.hypot(*(q[1] - q[0])) / sw,
        math.hypot(*(q[2] - q[3])) / sw,
        math.hypot(*(q[3] - q[0])) / sh,
        math.hypot(*(q[2] - q[1])) / sh,
    )
    mm = m
    if s < 0.9:
        nw, nh = max(2, round(sw * s)), max(2, round(sh * s))
        src = cv2.resize(src, (nw, nh), interpolation=cv2.INTER_AREA)
        mm = m @ np.linalg.inv(geo.scale_matrix(nw / sw, nh / sh))
    return cv2.warpPerspective(
        src, mm, size, flags=cv2.INTER_LINEAR, borderMode=border, borderValue=0
    )


def _encode(rgb: np.ndarray, quality: int, exif: bytes | None) -> bytes:
    buf = io.BytesIO()
    kw: dict[str, Any] = {"quality": quality, "subsampling": 2}
    if exif:
        kw["exif"] = exif
    Image.fromarray(rgb, "RGB").save(buf, "JPEG", **kw)
    return buf.getvalue()


def photograph(
    rng: np.random.Generator,
    poster: np.ndarray,
    *,
    logos: list[np.ndarray] | tuple[np.ndarray, ...] = (),
    artwork_size: tuple[int, int] | None = None,
    shot: Shot | None = None,
) -> Photo:
    """Print ``poster`` (H, W, 3 uint8), hang it on a wall and photograph it.

    ``logos``: each placed logo's artwork->poster homography (centre convention) and
    ``artwork_size`` (w, h) of the artwork, for the truth. ``shot``: drawn by
    :func:`random_shot` when None.
    """
    shot = shot or random_shot(rng)
    page, poster_to_page = finish_page(rng, np.ascontiguousarray(poster), shot.finish)
    ph, pw = page.shape[:2]
    w, h = shot.size
    m = camera_homography(shot, pw, ph)

    out = wall(rng, shot.wall, w, h)
    mask = _warp_area(np.full((ph, pw), 1.0, np.float32), m, (w, h), cv2.BORDER_CONSTANT)
    # a soft shadow where the paper stands off the wall, offset down and right
    shadow = cv2.GaussianBlur(mask, (0, 0), max(2.0, 0.004 * w))
    shadow = np.roll(shadow, (3, 3), axis=(0, 1))
    out *= (1 - float(rng.uniform(0.1, 0.4)) * shadow)[..., None]
    printed = _warp_area(page.astype(np.float32), m, (w, h), cv2.BORDER_REPLICATE)
    out = out * (1 - mask[..., None]) + printed * mask[..., None]

    # light: a gradient across the frame, vignetting, the camera's cast and exposure
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((xx - w / 2) ** 2 + (yy - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)
    gain = 1 - (1 - shot.vignette) * r2
    ang = float(rng.uniform(0, 2 * math.pi))
    gain *= 1 + shot.light * ((xx / w - 0.5) * math.cos(ang) + (yy / h - 0.5) * math.sin(ang))
    out = out * (gain * shot.exposure)[..., None] * np.array(shot.cast, np.float32)
    if shot.motion_px >= 1:
        n = math.ceil(shot.motion_px) | 1
        ker = np.zeros((n, n), np.float32)
        c = n // 2
        dx, dy = math.cos(math.radians(shot.motion_deg)), math.sin(math.radians(shot.motion_deg))
        cv2.line(
            ker,
            (round(c - dx * shot.motion_px / 2), round(c - dy * shot.motion_px / 2)),
            (round(c + dx * shot.motion_px / 2), round(c + dy * shot.motion_px / 2)),
            1.0,
            1,
        )
        out = cv2.filter2D(out, -1, ker / ker.sum())
    out = cv2.GaussianBlur(out, (0, 0), shot.blur_sigma)
    # sensor noise grows with the signal (shot noise): sigma at mid-grey is ``noise``
    sig = shot.noise * np.sqrt(np.clip(out, 1, 255) / 128.0)
    out = out + rng.normal(0.0, 1.0, out.shape).astype(np.float32) * sig
    rgb = np.clip(out + 0.5, 0, 255).astype(np.uint8)

    exif = camera_exif("posterlab", "phone camera") if shot.exif else None
    jpeg = _encode(rgb, shot.quality, exif if not shot.messenger else None)
    if shot.messenger:  # a messaging app: downscale to 1280 px, save again
        s = 1280 / max(w, h)
        first = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"))
        small = cv2.resize(first, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
        jpeg = _encode(small, 70, exif)
        m = geo.scale_matrix(small.shape[1] / w, small.shape[0] / h) @ m
    final = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"))
    fh, fw = final.shape[:2]
    quad = geo.to_edge(geo.apply(m, geo.frame_corners(pw, ph)))
    inside = bool(((quad >= 0) & (quad <= [fw, fh])).all())

    out_h, out_q, poses = [], [], []
    if logos and artwork_size:
        aw, ah = artwork_size
        for lh in logos:
            hp = m @ poster_to_page @ np.asarray(lh, np.float64)
            out_h.append(hp)
            out_q.append(geo.to_edge(geo.apply(hp, geo.frame_corners(aw, ah))))
            ps = geo.pose(np.asarray(lh, np.float64), aw, ah)
            poses.append(
                {"angle_deg": ps.angle_deg, "aspect": ps.aspect, "shear_deg": ps.shear_deg}
            )
    meta = {
        "wall_licence": TEXTURE_LICENCES[shot.wall],
        "poster_to_page": poster_to_page.tolist(),
        "size": [fw, fh],
    }
    return Photo(final, jpeg, shot, m, (pw, ph), quad, inside, out_h, out_q, poses, meta)


def scan(rng: np.random.Generator, poster: np.ndarray) -> np.ndarray:
    """A flatbed scan of the printed poster: a slight skew on a flat lid, mild noise.

    Not a photograph: used to count how often scans are taken for one.
    """
    ph, pw = poster.shape[:2]
    pad = round(float(rng.uniform(0.0, 0.04)) * max(pw, ph))
    w, h = pw + 2 * pad, ph + 2 * pad
    ang = float(rng.uniform(-1.5, 1.5))
    rot = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), ang, 1.0)
    lid = float(rng.choice([245.0, 30.0]))
    canvas = np.full((h, w, 3), lid, np.float32)
    canvas[pad : pad + ph, pad : pad + pw] = poster
    out = cv2.warpAffine(
        canvas, rot, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(lid,) * 3
    )
    out = cv2.GaussianBlur(out, (0, 0), 0.5) + rng.normal(0, 1.2, out.shape).astype(np.float32)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)
