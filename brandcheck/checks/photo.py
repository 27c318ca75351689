"""A photograph of a printed poster: which findings its pixels can and cannot support.

A phone photo of a poster on a wall is found and measured like any file, but some of the
measures describe the camera rather than the artwork. Its softness is the lens's and the
shake's, so ``low-resolution`` (is the placed artwork an upscaled raster?) cannot be told
from it: on the independent corpus, 4 of 10 compliant phone photos failed on it. Its
pixel count is the camera's, so ``too-small`` (a minimum in mm, or in px of the file)
cannot be told either. Its colour went through unknown light and the camera's white
balance, so a ΔE against the spec says "look at the print", not "reprint". Rotation and
proportions are still judged, in the photo's pixel grid, and their messages say that the
camera's roll and keystone are included: measuring them against the page's outline needs
the outline, and a document-scanner search (edges, contours, largest convex quad) found
the right one in only about half of the corpus's phone photos, on textured walls; a wrong
outline would make wrong findings. Clear space and integrity are what the photo shows.
"""

from __future__ import annotations

from dataclasses import replace

from brandcheck.brand import BrandKit
from brandcheck.checks.file import FileFacts
from brandcheck.findings import Finding, Severity

#: What a photograph turns each affected fail into.
DOWNGRADE = {"low-resolution": Severity.INFO, "too-small": Severity.INFO, "colour": Severity.WARN}
WHY = {
    "low-resolution": "not judged in a photograph (the softness may be the camera's)",
    "too-small": "not judged in a photograph (its pixels say nothing of the print's size)",
    "colour": "indicative only in a photograph (light and white balance unknown); "
    "check the print itself",
}
#: Codes measured from the logo's pose, which in a photograph includes the camera's.
POSE = ("rotated", "distorted")


def as_photograph(findings: list[Finding], camera: str) -> list[Finding]:
    """``findings`` judged as a photograph taken with ``camera``, plus one note saying so.

    Fails of the codes in :data:`DOWNGRADE` change severity; pose findings say what they
    were measured in. Messages say why; measured and expected values stay.
    """
    out = [
        Finding(
            "photo",
            Severity.INFO,
            f"read as a photograph (EXIF names the camera: {camera}): resolution and "
            "size are not judged and colour is indicative, since blur, pixel count, "
            "light and white balance are the camera's; rotation and proportions "
            "include the camera's roll and keystone",
            measured=camera,
            unit="camera",
        )
    ]
    for f in findings:
        to = DOWNGRADE.get(f.code)
        if to is not None and f.severity is Severity.FAIL:
            f = replace(f, severity=to, message=f"{WHY[f.code]}: {f.message}")
        elif f.code in POSE and f.severity is not Severity.INFO:
            f = replace(
                f,
                message=f"{f.message} (measured in the photo, the camera's roll "
                "and keystone included: hold the camera square to the "
                "poster, or check the print)",
            )
        out.append(f)
    return out


def check_photo(facts: FileFacts, findings: list[Finding], kit: BrandKit) -> list[Finding]:
    """``photo``: a file whose EXIF names a camera is judged as a photograph of a print."""
    return as_photograph(findings, facts.camera) if facts.camera else findings
