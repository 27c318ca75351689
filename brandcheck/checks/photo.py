"""A photograph of a printed poster: which findings its pixels can and cannot support.

A phone photo of a poster on a wall is found and measured like any file, but two of the
measures describe the camera rather than the artwork. Its softness is the lens's and the
shake's, so ``low-resolution`` (is the placed artwork an upscaled raster?) cannot be told
from it: on the independent corpus, 4 of 10 compliant phone photos failed on it. Its
colour went through unknown light and the camera's white balance, so a ΔE against the
spec says "look at the print", not "reprint". Rotation, perspective, size, clear space and
integrity are still what the photo shows and are left as they are.
"""

from __future__ import annotations

from dataclasses import replace

from brandcheck.findings import Finding, Severity

#: What a photograph turns each affected fail into.
DOWNGRADE = {"low-resolution": Severity.INFO, "colour": Severity.WARN}


def as_photograph(findings: list[Finding], camera: str) -> list[Finding]:
    """``findings`` judged as a photograph taken with ``camera``, plus one note saying so.

    Only fails of the codes in :data:`DOWNGRADE` change: their severity, and their message,
    which says why; measured and expected values stay, so nothing measured is lost.
    """
    out = [Finding("photo", Severity.INFO,
                   f"read as a photograph (EXIF names the camera: {camera}): resolution is "
                   "not judged and colour is indicative, since blur, light and white balance "
                   "are the camera's", measured=camera, unit="camera")]
    why = {"low-resolution": "not judged in a photograph (the softness may be the camera's)",
           "colour": "indicative only in a photograph (light and white balance unknown); "
                     "check the print itself"}
    for f in findings:
        to = DOWNGRADE.get(f.code)
        if to is not None and f.severity is Severity.FAIL:
            f = replace(f, severity=to, message=f"{why[f.code]}: {f.message}")
        out.append(f)
    return out
