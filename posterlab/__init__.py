"""Poster generators for brandcheck's samples, tests and benchmarks (development only).

Not part of the installed product: the wheel ships ``brandcheck`` alone, and this package
with its extra dependency (scikit-image, for its bundled photographs) comes with the
``test`` extra of a source checkout. See ``posterlab/README.md``.

``posterlab.tuned``
    The generator the finder was developed on; writes ``samples/`` and the corpus of
    ``benchmarks/bench.py``.
``posterlab.independent``
    A generator written apart from the finder, to measure it on posters it was not tuned
    on; writes the corpus of ``benchmarks/accuracy.py``.
``posterlab.unseen``
    Issue 14's generator: three test artworks unlike the stand-in (a seal, a badge, a
    wordmark) made into kits, and posters of the cases the finder was never tuned on
    (tiny logos, near-ink panels, captions against the logo, erased stroke groups);
    scored by ``benchmarks/unseen.py``.

Shared plumbing, used by both: :mod:`posterlab.assets` (artwork, font, ink, photos),
:mod:`posterlab.render` (placement homography, warp, paint, CMYK), :mod:`posterlab.io`
(encoders, camera EXIF, atomic writers).
"""
