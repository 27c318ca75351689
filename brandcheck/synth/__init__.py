"""Seeded, deterministic poster generator with ground truth, for tests and benchmarks.

    >>> import numpy as np
    >>> from brandcheck.synth import PosterSpec, make_poster, write_synth
    >>> s = make_poster(np.random.default_rng(1), PosterSpec(violation="rotated"))
    >>> s.expected, s.logos[0].quad            # codes to expect; edge-coordinate quad

Modules: ``poster`` (``make_poster``, ``PosterSpec``, ``Synth``, ``resized``), ``violations``
(one function per finding code), ``layout``, ``lookalikes``, ``render`` (homography
compositing), ``phone`` (``photograph``), ``io`` (atomic writers), ``samples``
(``write_samples``), ``corpus`` (``make_corpus``; ``python -m brandcheck.synth.corpus``).
"""

from __future__ import annotations

from brandcheck.synth.assets import INK_SRGB, LICENCES, load_artwork
from brandcheck.synth.io import write_cmyk_tiff, write_jpeg, write_json, write_png, write_synth
from brandcheck.synth.phone import PhoneSpec, photograph
from brandcheck.synth.poster import LogoTruth, PosterSpec, Synth, make_poster, resized
from brandcheck.synth.violations import CODES, VIOLATIONS

__all__ = [
    "CODES",
    "INK_SRGB",
    "LICENCES",
    "VIOLATIONS",
    "LogoTruth",
    "PhoneSpec",
    "PosterSpec",
    "Synth",
    "load_artwork",
    "make_poster",
    "photograph",
    "resized",
    "write_cmyk_tiff",
    "write_jpeg",
    "write_json",
    "write_png",
    "write_synth",
]
