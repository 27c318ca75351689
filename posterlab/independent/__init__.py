"""The independent generator: written apart from the detector, to test it on new ground.

    >>> import numpy as np
    >>> from posterlab.independent import PosterSpec, make_poster, write_synth
    >>> s = make_poster(np.random.default_rng(1), PosterSpec(violation="rotated"))
    >>> s.expected, s.logos[0].quad            # codes to expect; edge-coordinate quad

Its posters are laid out from templates (slots sized for the clear space, the 2019
notice's text in the wordmark's typeface, several logos, lookalike emblems), and each
violation is one function that records the magnitude the check will see. Modules:
``poster`` (``make_poster``, ``PosterSpec``, ``Synth``, ``resized``, ``write_synth``),
``violations`` (one function per finding code), ``placement`` (``Placement``,
``draw_logo``), ``layout``, ``lookalikes``, ``notice``, ``phone`` (``photograph``),
``samples`` (``write_samples``), ``corpus`` (``make_corpus``;
``python -m posterlab.independent.corpus``).
"""

from __future__ import annotations

from posterlab.assets import INK_SRGB, LICENCES, load_artwork
from posterlab.independent.phone import PhoneSpec, photograph
from posterlab.independent.poster import (
    LogoTruth,
    PosterSpec,
    Synth,
    make_poster,
    resized,
    write_synth,
)
from posterlab.independent.violations import CODES, VIOLATIONS
from posterlab.io import write_cmyk_tiff, write_jpeg, write_json, write_png

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
