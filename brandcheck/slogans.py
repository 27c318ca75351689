"""Read a poster's text lines and compare them with the campaign's theme and slogans.

The whole page has to be searched for text, so this uses the OCR engine's own detector
(on the poster reduced to ``MAX_SIDE``): about a second a poster on one core, which is why
it is opt-in (``--slogans``). Lines are compared after the lockup's normalisation (NFKC,
no spaces, no middle dots).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from brandcheck.brand import BrandKit
from brandcheck.errors import install_hint
from brandcheck.findings import Finding, Severity
from brandcheck.lockup import engine, fold, normalise, similarity

#: Long side the poster is reduced to before text detection.
MAX_SIDE = 1280
#: Lines shorter than this (normalised characters) are not compared: too little to judge.
MIN_CHARS = 4


@dataclass(frozen=True)
class Line:
    """One text line: its text, OCR confidence and quad in poster pixels."""

    text: str
    confidence: float
    quad: list[list[float]]


def read_lines(rgb: np.ndarray) -> list[Line] | None:
    """Every text line the OCR engine finds on the page, or None without an engine."""
    eng = engine()
    if eng is None:
        return None
    h, w = rgb.shape[:2]
    f = min(1.0, MAX_SIDE / max(h, w))
    small = (
        rgb
        if f == 1.0
        else cv2.resize(rgb, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    )
    res, _ = eng(np.ascontiguousarray(small[..., ::-1]))
    out = []
    for box, text, conf in res or []:
        quad = (np.asarray(box, np.float64) / f).round(1).tolist()
        out.append(Line(str(text), float(conf), quad))
    return out


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions) between two short strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def check_slogans(lines: list[Line] | None, kit: BrandKit) -> list[Finding]:
    """``slogan-text``: warn for a line that nearly matches an official wording; info for exact ones.

    "Nearly" is an edit distance of at most a quarter of the official wording's length
    (after folding traditional characters, so a traditional setting counts as near). The
    usage example is the lockup check's concern and is skipped here.
    """
    if lines is None:
        return [
            Finding(
                "slogan-text",
                Severity.INFO,
                f"slogans not read: no OCR engine ({install_hint('ocr')})",
                unit="text",
            )
        ]
    official = [kit.usage.theme, *kit.usage.slogans]
    official = [o for o in official if o]
    example = normalise(kit.usage.example)
    out = []
    for line in lines:
        got = normalise(line.text)
        if len(got) < MIN_CHARS or (example and similarity(kit.usage.example, line.text) >= 0.9):
            continue
        best, dist = None, 10**9
        for o in official:
            d = levenshtein(normalise(fold(o)), normalise(fold(line.text)))
            if normalise(o) == got:
                d = 0
            if d < dist:
                best, dist = o, d
        if best is None:
            continue
        want = normalise(best)
        raw = levenshtein(want, got)
        if want == got:
            out.append(
                Finding(
                    "slogan-text",
                    Severity.INFO,
                    f"official wording: {line.text!r}",
                    measured=line.text,
                    expected=best,
                    unit="text",
                    region=line.quad,
                )
            )
        elif min(dist, raw) <= max(1, len(want) // 4):
            out.append(
                Finding(
                    "slogan-text",
                    Severity.WARN,
                    f"text {line.text!r} nearly matches the official wording {best!r}",
                    measured=line.text,
                    expected=best,
                    unit="text",
                    region=line.quad,
                    fix=f"use the official wording {best!r}",
                    details={
                        "edit_distance": raw,
                        "confidence": round(line.confidence, 3),
                    },
                )
            )
    return out
