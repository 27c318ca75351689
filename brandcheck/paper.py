"""Printed formats, and a photographed logo's size on its page (in mm when the format is known).

A photograph's pixels have no physical scale. On the rectified page
(:mod:`brandcheck.rectify`) the logo's size is known relative to the page: a share of its
width and of its height. The page's own ratio (height / width), measured from its outline
and a pinhole camera (Zhang & He 2007), can say that the page is of the ISO 216 family (A
and B series, all about 1:√2), but never which size: an A4 and an A0 look alike from the
right distance. So millimetres are given only when the user states the printed format
(``--paper A3``) and the measured ratio matches that format's within
:data:`RATIO_TOLERANCE`; otherwise the finding says why they are not.

References
----------
ISO 216:2007, "Writing paper and certain classes of printed matter: trimmed sizes, A and
B series" (the same sizes as GB/T 148-1997).
Z. Zhang, L. He, "Whiteboard scanning and image enhancement", Digital Signal Processing
17(2), 2007.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from brandcheck import geometry as geo
from brandcheck._typing import Homography

#: ISO 216 trimmed sizes, (short side, long side) in mm.
ISO_216: dict[str, tuple[int, int]] = {
    "A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420),
    "A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "A7": (74, 105),
    "A8": (52, 74), "A9": (37, 52), "A10": (26, 37),
    "B0": (1000, 1414), "B1": (707, 1000), "B2": (500, 707), "B3": (353, 500),
    "B4": (250, 353), "B5": (176, 250), "B6": (125, 176), "B7": (88, 125),
    "B8": (62, 88), "B9": (44, 62), "B10": (31, 44),
}  # fmt: skip

#: How far (relative) a page's measured ratio may be from a format's and still be taken
#: for it. ``python benchmarks/paper.py --n 200`` photographs 1:√2 pages with
#: ``posterlab.photos`` (tilt up to 35°, roll ±15°, every wall and finish): on the 158
#: planes recovered within 2 % of the page's diagonal with a focal length fixed by the
#: quad, the measured ratio's error was median 0.11 %, 90th percentile 1.76 %, 95th
#: 2.61 %, largest 12.9 % (the README's "page ratio error 0.02 %" is after ``rectify``
#: rounds the ratio to 1:√2). 3 % is that 95th percentile rounded up (154 of the 158 pages
#: are within it), and the ratio ``rectify`` already requires of a trusted plane
#: (``ISO216_TOLERANCE``), which mm need too. Other common formats stay outside it: 4:3 is
#: 5.7 % from 1:√2, 3:2 6.1 %, US Letter 8.5 % (``--ratio 1.333`` counts how often a 4:3
#: page is taken for ISO 216 all the same).
RATIO_TOLERANCE = 0.03

#: The accepted spellings, for help and error texts.
FORMATS = tuple(ISO_216)
_NAME = re.compile(r"^\s*([AaBb])\s*(\d{1,2})\s*$")


def parse(text: str) -> str:
    """A printed format's canonical name (``"a3"`` -> ``"A3"``).

    Raises
    ------
    ValueError
        Naming the formats accepted.
    """
    m = _NAME.match(text)
    name = f"{m[1].upper()}{int(m[2])}" if m else ""
    if name not in ISO_216:
        raise ValueError(
            f"{text!r} is not a printed format this tool knows: ISO 216 {FORMATS[0]}-A10 or "
            f"B0-B10 (e.g. A3)"
        )
    return name


def format_ratio(name: str) -> float:
    """Long side / short side of an ISO 216 format (A3: 420 / 297)."""
    short, long = ISO_216[name]
    return long / short


@dataclass(frozen=True)
class Ratio:
    """A page's height / width as a photograph measures it, before ``rectify`` rounds it to
    1:√2. ``low``/``high`` bracket it when the photograph does not fix the camera's focal
    length (two of the outline's sides parallel in the photo): the ratio is then computed
    over a phone's focal lengths (:data:`brandcheck.rectify.PHONE_FOCAL_RANGE`), and a
    nearly square-on photo keeps the bracket narrow."""

    value: float
    low: float
    high: float

    @property
    def fixed(self) -> bool:
        """Whether the bracket is within the tolerance: the ratio is known well enough."""
        return self.high / self.low - 1 <= RATIO_TOLERANCE

    def shape(self) -> tuple[float, float, float]:
        """(value, low, high) as long side / short side, whichever way the page stands."""
        if self.value >= 1:
            return self.value, self.low, self.high
        return 1 / self.value, 1 / self.high, 1 / self.low

    def matches(self, name: str) -> bool:
        """Whether format ``name``'s ratio lies in the bracket widened by the tolerance."""
        _, lo, hi = self.shape()
        want = format_ratio(name)
        return lo * (1 - RATIO_TOLERANCE) <= want <= hi * (1 + RATIO_TOLERANCE)

    def says(self) -> str:
        v, lo, hi = self.shape()
        if hi - lo < 5e-4:
            return f"{v:.3f}"
        return f"{v:.3f} ({lo:.3f}-{hi:.3f} over a phone's focal lengths)"


def measured_ratio(plane: Any, image_size: tuple[int, int]) -> Ratio | None:
    """The page's height / width as the photograph measures it (None without a plane)."""
    from brandcheck import rectify

    if not isinstance(plane, rectify.PagePlane):
        return None
    w, h = image_size
    centre = ((w - 1) / 2.0, (h - 1) / 2.0)
    if plane.focal_px is not None:
        v, _ = rectify.page_aspect(plane.quad, centre, focal=plane.focal_px)
        return Ratio(v, v, v)
    diag = float(np.hypot(w, h))
    never = (float("inf"), float("inf"))  # the quad does not fix it: use the focal given

    def at(k: float) -> float:
        return rectify.page_aspect(plane.quad, centre, focal=k * diag, plausible=never)[0]

    ends = sorted(at(k) for k in rectify.PHONE_FOCAL_RANGE)
    return Ratio(at(rectify.PHONE_FOCAL), ends[0], ends[1])


@dataclass(frozen=True)
class OnPage:
    """A photographed logo's size on its page, and in mm when the format is known.

    ``width_share``/``height_share``: the logo's width (height) over the page's, measured
    on the rectified page (None when no page plane was recovered). ``ratio``: the page's
    measured height / width (:class:`Ratio`, None without a plane); ``series``: the
    ISO 216 family when the ratio is within :data:`RATIO_TOLERANCE` of one of its formats;
    ``paper``: the format the user stated; ``width_mm``/``height_mm``: the logo on that
    paper, None with the reason in ``why`` when not measured.
    """

    width_share: float | None
    height_share: float | None
    ratio: Ratio | None
    series: str | None
    paper: str | None
    width_mm: float | None
    height_mm: float | None
    why: str
    trusted: bool

    def as_json(self) -> dict[str, Any]:
        """The logo's measurement keys (added to schema 1's ``measurements``)."""

        def r4(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        return {
            "page_width_share": r4(self.width_share),
            "page_height_share": r4(self.height_share),
            "page_ratio": None if self.ratio is None else r4(self.ratio.shape()[0]),
            "page_ratio_range": None
            if self.ratio is None
            else [r4(v) for v in self.ratio.shape()[1:]],
            "page_series": self.series,
            "paper": self.paper,
            "paper_ratio_tolerance": RATIO_TOLERANCE,
            "paper_width_mm": None if self.width_mm is None else round(self.width_mm, 1),
            "paper_height_mm": None if self.height_mm is None else round(self.height_mm, 1),
            "paper_mm_not_measured": self.why or None,
        }

    def says(self) -> str:
        """The size in words: the shares, the ratio and series, then mm or why not."""
        if self.width_share is None or self.height_share is None:
            return f"not measured: {self.why}"
        out = (
            f"{self.width_share:.1%} of the page's width, {self.height_share:.1%} of its "
            "height (on the rectified page"
            + ("" if self.trusted else ", a plane not trusted for judging")
            + ")"
        )
        if self.ratio is not None:
            fam = f", {self.series}" if self.series else ", no ISO 216 format"
            out += (
                f"; page ratio {self.ratio.says()} as measured{fam} (within ±{RATIO_TOLERANCE:.0%})"
            )
        if self.width_mm is not None and self.height_mm is not None:
            return out + f"; {self.width_mm:.0f} × {self.height_mm:.0f} mm on {self.paper}"
        return out + f"; millimetres not measured: {self.why}"


def on_page(
    plane: Any,
    logo: Homography,
    artwork_size: tuple[float, float],
    image_size: tuple[int, int],
    paper: str | None = None,
) -> OnPage:
    """The size on the page of a logo (``logo``: artwork px -> photo px) in a photograph.

    ``plane``: :func:`brandcheck.rectify.find_page`'s answer; ``paper``: the printed format
    the user stated (:func:`parse`), or None.
    """
    from brandcheck import rectify

    stated = "" if paper else "no printed format stated (--paper A3, or paper in .brandcheck.toml)"
    if not isinstance(plane, rectify.PagePlane):
        why = f"page plane not recovered ({getattr(plane, 'reason', 'not looked for')})"
        return OnPage(None, None, None, None, paper, None, None, why, False)
    if plane.method != "outline":
        # a plane from vanishing points, or an outline cut by the frame: the page's
        # orientation is known, not where its edges are
        why = f"the page's whole outline is not seen (plane from {plane.method})"
        return OnPage(None, None, None, None, paper, None, None, why, False)
    aw, ah = artwork_size
    q = geo.apply(np.linalg.inv(plane.homography) @ logo, geo.frame_corners(aw, ah))
    lw = 0.5 * (float(np.hypot(*(q[1] - q[0]))) + float(np.hypot(*(q[2] - q[3]))))
    lh = 0.5 * (float(np.hypot(*(q[3] - q[0]))) + float(np.hypot(*(q[2] - q[1]))))
    pw, ph = plane.size
    ws, hs = lw / pw, lh / ph
    trusted = rectify.trusted(plane)
    ratio = measured_ratio(plane, image_size)
    series = None
    if ratio is not None and ratio.fixed:
        fits = [n for n in ISO_216 if ratio.matches(n)]
        if fits:
            series = "ISO 216 " + " or ".join(sorted({n[0] for n in fits})) + " series"
    why = stated
    if not why:
        assert paper is not None and ratio is not None
        if not ratio.fixed:
            why = (
                f"the photograph does not fix the page's ratio ({ratio.says()}: two sides "
                "parallel in the photo, so the camera's focal length is unknown)"
            )
        elif not ratio.matches(paper):
            why = (
                f"the page's ratio {ratio.says()} is not {paper}'s "
                f"{format_ratio(paper):.3f} (±{RATIO_TOLERANCE:.0%})"
            )
        elif not trusted:
            why = "the page's outline is not trusted (weak edges, or a side at the frame)"
    if why:
        return OnPage(ws, hs, ratio, series, paper, None, None, why, trusted)
    assert paper is not None
    short, long = ISO_216[paper]
    page_w, page_h = (short, long) if plane.aspect >= 1 else (long, short)
    return OnPage(ws, hs, ratio, series, paper, ws * page_w, hs * page_h, "", trusted)
