"""A photograph of a printed poster: judge the poster, not the camera.

A file is read as a photograph when its EXIF names a camera, or, without EXIF, when the
image shows a page in perspective on a background (:func:`brandcheck.rectify.recognise`).
Some measures then describe the camera rather than the artwork:

- its softness and pixel count are the camera's, so ``low-resolution`` and ``too-small``
  are not judged (info). The page's ratio may name the ISO 216 family, but not which size
  (A4 or A2 look alike from a distance), so millimetres stay unknown;
- the logo's rotation and proportions include the camera's roll and tilt. When the
  page's plane is recovered and trusted (its outline found and its ratio 1:√2, see
  :func:`brandcheck.rectify.trusted`), the logo is measured relative to the rectified
  page, and fails beyond the kit's tolerance plus what the photograph measures it to at
  the logo's size (:func:`brandcheck.pageframe.pose_precision`; between the two it is not
  measured, as a file's pose is at its edge precision); the camera's roll and tilt are
  reported apart.
  When it is not, ``rotated``/``distorted`` are a ``warn`` ("review"), unless the value is
  beyond what any camera pose within the issue's ranges produces (:data:`CAMERA_BOUNDS`);
- a missing part narrower than :data:`PART_DETAILS` resolved details may be the camera's
  blur (``altered``, warn);
- an object in the clear space narrower than :data:`PART_DETAILS` resolved details is
  under the photograph's noise floor, as one under ``min_object`` is in a file: not
  counted (``clear-space``, info);
- ``cropped`` may be the photographer's framing: a warn, unless the logo reaches past one
  of the page's own sides (not a side that is the photo's frame). The pose of a logo the
  frame cuts is measured on the part shown and known only to :data:`CUT_POSE_ERROR`:
  ``rotated``/``distorted`` fail beyond the tolerance plus that (on a trusted plane; without
  one, beyond any camera pose), and are otherwise not measured (info): the ``cropped``
  review (photograph the whole poster) is the one to act on;
- ``logo-missing``: a logo may be in the part of the page the photograph does not show.
  Unless the page's outline is found, trusted and wholly inside the photo's frame
  (:func:`page_unseen`), it is a warn (review: photograph the whole poster) saying why;
- a clear-space zone cut by the photo's frame but inside the page's outline is the
  photographer's framing, not the poster's layout (``clear-space``, info);
- colour went through unknown light and white balance. When the page shows unprinted
  paper, the ink is white-balanced from it (the paper is taken to be the print
  condition's), then judged with what a photograph adds (:data:`COLOUR_ERROR_DE00`):
  beyond the kit's fail limit by more than that it fails, beyond its pass limit by more
  than that it warns, else info. Without paper, the colour is indicative: a warn beyond
  the pass limit by more than an unbalanced photograph adds, else info.

The ``photo`` finding says how the photograph was recognised, the page outline found
(its ``region``, drawn by ``--annotate``), the camera's roll and tilt, and the paper.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from brandcheck.brand import BrandKit
from brandcheck.checks.file import FileFacts
from brandcheck.findings import Finding, Severity
from brandcheck.pageframe import POSE_PRECISION, PhotoFacts, pose_precision

#: What a photograph turns each affected fail into.
DOWNGRADE = {"low-resolution": Severity.INFO, "too-small": Severity.INFO}
WHY = {
    "low-resolution": "not judged in a photograph (the softness may be the camera's)",
    "too-small": "not judged in a photograph (its pixels say nothing of the print's size)",
}
#: Codes measured from the logo's pose, which in a photograph includes the camera's.
POSE = ("rotated", "distorted")
#: The largest pose a camera alone gives an upright, unstretched logo within the issue's
#: ranges (tilt <= 35° about any axis, roll <= ±15°, 0.5-0.85 diagonals focal length,
#: page framed from 0.45 to 1.1 of the photo's height, off centre by up to a quarter, the
#: logo anywhere on the page and whole in the photo): a grid over those extremes
#: (``python benchmarks/photos.py --bounds``) peaks at 47.8°, an aspect factor of 2.52
#: and a shear of 51.2°, a wide lens's corners included. Beyond these a pose is the
#: logo's own whatever the camera did, so it fails even without the plane.
CAMERA_BOUNDS = {"angle_deg": 48.0, "aspect_ratio": 2.53, "shear_deg": 52.0}
#: How much a photograph adds to an ink's ΔE00 from the kit colour: the 95th percentile
#: of measured minus true ΔE00 over the photographs of ``python benchmarks/photos.py
#: --sweep colour --n 12 --seed 37`` (ink 0-15 ΔE00 off) and ``--sweep stretch --n 12
#: --seed 31`` (ink on the kit colour) whose colour was measured: 185 white-balanced from
#: the paper (3.04; an ink read under the truth by more than 1.0 was 5.9 %), 2 without
#: paper. Two give no percentile, so the unbalanced figure is that of the same 187 photos
#: read without the balance (9.16): what unknown light and camera add. A photographed
#: colour warns when it is beyond the kit's pass limit by more than this, and (balanced)
#: fails beyond its fail limit by more than this: the true ink is then past the limit in
#: 95 % of photographs. (4.8 and 8.2 before the ink was read beyond the camera's blur and
#: paper under a cast was taken for paper, :func:`brandcheck.pageframe.photo_ink` and
#: :data:`brandcheck.rectify.PAPER_CHROMA`.)
COLOUR_ERROR_DE00 = {"balanced": 3.0, "unbalanced": 9.2}
#: What a pose measured on a logo the photo's frame cuts is known to: fitted on the part
#: the photo shows, the logo's pose is extrapolated to its centre, often outside the
#: photo. The 95th percentile of the error in the photo against the truth of the 30
#: logos cut by the frame (30-95 % of each shown) of ``python benchmarks/photos.py
#: --sweep frame --cut-logo --n 24 --seed 31``: median 0.01°, 0.06 %, 0.04°, but 5 of
#: them (a third of the logo or a bare emblem shown) off by up to 1.86°, 8.1 %, 4.8°.
#: Whole logos in the same photos: at most 0.06°, 0.34 %, 0.33° (95th percentile, by kind).
CUT_POSE_ERROR = {"angle_deg": 0.82, "aspect_ratio": 0.0684, "shear_deg": 2.18}
#: A missing part of the logo narrower than this many of the details the photograph
#: resolves (its blur, measured as the logo's effective width) may be the camera's: a
#: warn, not a fail. The same floor the kit puts under objects in a sharp file ("never
#: under 6 measurement px", brand.toml ``min_object``), counted in resolved details.
PART_DETAILS = 6


def _beyond_camera(f: Finding) -> bool:
    bound = CAMERA_BOUNDS.get(f.unit or "")
    if bound is None or not isinstance(f.measured, (int, float)):
        return False
    if f.unit == "aspect_ratio":
        v = float(f.measured)
        return v > bound or v < 1 / bound
    return abs(float(f.measured)) > bound


def _deviation(f: Finding, kit: BrandKit) -> tuple[float, float] | None:
    """A pose finding's deviation from the artwork's and the kit's tolerance for it."""
    if f.unit not in POSE_PRECISION or not isinstance(f.measured, (int, float)):
        return None
    v = float(f.measured)
    tol = {
        "angle_deg": kit.logo.rotation_tolerance_deg,
        "aspect_ratio": kit.logo.aspect_tolerance,
        "shear_deg": kit.logo.shear_tolerance_deg,
    }[f.unit or ""]
    return (abs(v - 1.0) if f.unit == "aspect_ratio" else abs(v)), tol


def _precision_text(unit: str, p: float) -> str:
    return f"±{100 * p:.1f} %" if unit == "aspect_ratio" else f"±{p:.2f}°"


def _photo_note(p: PhotoFacts) -> Finding:
    pl = p.plane
    if pl:
        tilt = "unknown" if pl.tilt_deg is None else f"{pl.tilt_deg:.0f}°"
        page = (
            f"page outline found ({pl.method}, {pl.confidence:.0%} of it on edges), ratio "
            f"{pl.aspect:.3f}{' = 1:√2 (ISO 216)' if pl.iso216 else ''}; camera roll "
            f"{pl.roll_deg:+.1f}°, tilt {tilt}"
        )
        details: dict[str, Any] = {
            "method": pl.method,
            "confidence": round(pl.confidence, 3),
            "trusted": p.trusted,
            "aspect": round(pl.aspect, 4),
            "iso216": pl.iso216,
            "camera_roll_deg": round(pl.roll_deg, 2),
            "camera_tilt_deg": None if pl.tilt_deg is None else round(pl.tilt_deg, 2),
            "focal_px": None if pl.focal_px is None else round(pl.focal_px, 1),
        }
        region = [[round(float(x) + 0.5, 1), round(float(y) + 0.5, 1)] for x, y in pl.quad]
    else:
        page = f"page plane not recovered ({pl.reason})"
        details, region = {"method": None, "trusted": False, "reason": pl.reason}, None
    judged = (
        "rotation and proportions are judged relative to the rectified page"
        if p.trusted
        else "rotation and proportions are only reviewed (warn), as the camera's tilt "
        "cannot be separated from the logo's"
    )
    if p.paper_srgb is not None:
        details["paper_srgb"] = list(p.paper_srgb)
        details["paper_share"] = round(p.paper_share or 0.0, 3)
    if any(lg.balanced for lg in p.logos):
        paper = "colour white-balanced from the paper around each logo"
    elif p.paper_srgb is not None:
        paper = f"paper seen as sRGB {p.paper_srgb}"
    elif any(lg.paper_srgb is not None for lg in p.logos):
        paper = "paper seen around the logos, their colour not measured"
    else:
        paper = "no unprinted paper seen, colour is indicative"
    details["recognised_by"] = p.how
    return Finding(
        "photo",
        Severity.INFO,
        f"read as a photograph ({p.reason}): {page}; {judged}; {paper}; resolution and "
        "size are not judged (the camera's blur and pixel count)",
        measured=p.how,
        unit="recognised_by",
        region=region,
        details=details,
    )


def _span(region: list[list[float]]) -> float:
    """A region's larger extent (px): what the photograph's detail size is compared with."""
    pts = [(float(x), float(y)) for x, y in region]
    return float(max(max(c) - min(c) for c in zip(*pts, strict=True)))


def _unresolved_span(f: Finding, detail_px: float | None) -> float | None:
    """The failing finding's region span (px) when it is under :data:`PART_DETAILS` of the
    details the photograph resolves (what the camera's blur may make or hide), else None."""
    if f.severity is not Severity.FAIL or not detail_px or not f.region:
        return None
    span = _span(f.region)
    return span if span < PART_DETAILS * detail_px else None


def page_unseen(p: PhotoFacts, *, trust: bool = True) -> str | None:
    """Why the photograph may not show the whole page, or None when it does: the page's
    outline is found with four sides of its own, wholly inside the photo's frame, and
    (``trust``) trusted (:func:`brandcheck.rectify.trusted`: on edges, 1:√2, every side
    confirmed; an outline that is not may be a panel's, the page running on past it)."""
    pl = p.plane
    if not pl:
        return f"no page outline found: {pl.reason}"
    if not pl.method.startswith("outline"):
        return f"no outline of the page found (plane from {pl.method})"
    if pl.details.get("partial") or pl.details.get("framed_side", -1.0) >= 0:
        return "the photo's frame cuts the page: one side of its outline is the frame's edge"
    w, h = pl.details.get("width", 0.0), pl.details.get("height", 0.0)
    if w and h:
        q = np.asarray(pl.quad, np.float64)
        # centre convention: the frame spans -0.5 .. size - 0.5
        out = max(
            float(np.max(-0.5 - q[:, 0])),
            float(np.max(-0.5 - q[:, 1])),
            float(np.max(q[:, 0] - (w - 0.5))),
            float(np.max(q[:, 1] - (h - 0.5))),
        )
        if out > 0:
            return f"the photo's frame cuts the page: its outline runs {out:.0f} px past it"
    if trust and not p.trusted:
        return "the page's outline found is not trusted (not 1:√2, or weak on edges)"
    return None


def _logo_missing(f: Finding, p: PhotoFacts) -> Finding:
    """``logo-missing`` in a photograph: a logo in the part of the page the photograph does
    not show is not missing from the poster, so that is a review (re-take), not a fail."""
    why = page_unseen(p)
    details = {
        **(f.details or {}),
        "page_seen_whole": why is None,
        "page_outline_in_frame": page_unseen(p, trust=False) is None,
    }
    if why is None or f.severity is not Severity.FAIL:
        return replace(f, details=details)
    details["page_unseen"] = why
    return replace(
        f,
        severity=Severity.WARN,
        message=f"review: logo not found; the page is not wholly in the photograph ({why}), "
        f"so the logo may be in the part not photographed: {f.message}",
        fix="photograph the whole poster, then check it again",
        details=details,
    )


def _rejudge(f: Finding, p: PhotoFacts, kit: BrandKit) -> Finding:
    """One finding of a photographed logo, judged for what the photograph can show."""
    if f.code == "logo-missing":
        return _logo_missing(f, p)
    to = DOWNGRADE.get(f.code)
    if to is not None:
        if f.severity is Severity.FAIL:
            return replace(f, severity=to, message=f"{WHY[f.code]}: {f.message}")
        return f
    lg = p.logos[f.logo] if f.logo is not None and f.logo < len(p.logos) else None
    if f.code == "colour" and f.measured is None and lg is not None and lg.ink_guard_px:
        return replace(
            f,
            message=f"{f.message} (in a photograph the ink is read at least "
            f"{lg.ink_guard_px:.1f} px inside its edges, beyond the camera's blur: nearer, "
            "ink and paper are mixed)",
        )
    if f.code == "colour" and isinstance(f.measured, (int, float)):
        de = float(f.measured)
        if lg is not None and lg.balanced:
            err = COLOUR_ERROR_DE00["balanced"]
            gross = kit.colour.warn_de00 + err
            moderate = kit.colour.pass_de00 + err
            sev = Severity.FAIL if de > gross else Severity.WARN if de > moderate else Severity.INFO
            note = (
                f"white-balanced from the paper (seen as sRGB {lg.paper_srgb}); a photograph "
                f"adds up to ΔE00 {err:g}, so it fails above {gross:g}, warns above "
                f"{moderate:g}"
            )
            return replace(f, severity=sev, message=f"{f.message} ({note})")
        # no paper to balance from: light and camera alone move ink by several ΔE00, so
        # only a colour beyond the kit's pass limit by more than that is worth a look
        err = COLOUR_ERROR_DE00["unbalanced"]
        sev = Severity.WARN if de > kit.colour.pass_de00 + err else Severity.INFO
        return replace(
            f,
            severity=sev,
            message="indicative only in a photograph (no unprinted paper to white-balance "
            f"from; light unknown, which adds up to ΔE00 {err:g}; warns above "
            f"{kit.colour.pass_de00 + err:g}): {f.message}",
        )
    detail_px = lg.detail_px if lg is not None else None
    if f.code == "altered" and f.unit == "share_of_component_missing":
        span = _unresolved_span(f, detail_px)
        if span is not None:
            return replace(
                f,
                severity=Severity.WARN,
                message=f"review: a part {span:.0f} px across, under {PART_DETAILS} of the "
                f"{detail_px:.1f} px details this photograph resolves, may be lost to the "
                f"camera's blur: {f.message}",
            )
    if f.code == "clear-space" and "object" in (f.details or {}):
        span = _unresolved_span(f, detail_px)
        if span is not None:
            # the file's floor for an object (min_object, never under 6 px) counted in the
            # details the photograph resolves: below it a speck is the camera's noise
            return replace(
                f,
                severity=Severity.INFO,
                message=f"not counted in a photograph: an object {span:.0f} px across, under "
                f"{PART_DETAILS} of the {detail_px:.1f} px details it resolves (its noise "
                f"floor): {f.message}",
            )
    if (
        f.code == "clear-space"
        and f.unit == "share_off_canvas"
        and lg is not None
        and lg.zone_off_page is False
    ):
        return replace(
            f,
            severity=Severity.INFO,
            message=f"not judged in a photograph: the photograph's frame cuts the clear-space "
            f"zone, which lies on the page (its outline found): {f.message}",
        )
    if f.code == "cropped" and f.severity is Severity.FAIL and not (lg and lg.off_page):
        return replace(
            f,
            severity=Severity.WARN,
            message=f"the photograph's frame cuts the logo off, not necessarily the poster: "
            f"{f.message}; photograph the whole poster",
        )
    if f.code in POSE and f.severity is not Severity.INFO:
        if p.trusted:
            pl = p.plane
            tilt = "" if pl.tilt_deg is None else f", tilt {pl.tilt_deg:.0f}°"
            where = (
                f"relative to the rectified page; the camera's roll {pl.roll_deg:+.1f}°{tilt} "
                "taken out"
            )
            dev = _deviation(f, kit)
            if f.severity is Severity.FAIL and dev is not None and lg and lg.short_px:
                prec = pose_precision(f.unit or "", lg.short_px)
                known = (
                    f"at {lg.short_px:.0f} px (the logo's shortest side in the photo) it is "
                    f"known to {_precision_text(f.unit or '', prec)}"
                )
                if dev[0] <= dev[1] + prec:
                    # as checks.geometry does with a file's edge precision: between the
                    # tolerance and tolerance + precision the pose cannot be judged
                    return replace(
                        f,
                        severity=Severity.INFO,
                        message=f"{f.code} not measured: {known} ({where}), which cannot tell "
                        f"it from the tolerance: {f.message}",
                    )
                return replace(f, message=f"{f.message} ({where}; {known})")
            return replace(f, message=f"{f.message} ({where})")
        why = p.plane.reason if not p.plane else "page ratio not 1:√2 or outline weak"
        if _beyond_camera(f):
            return replace(
                f,
                message=f"{f.message} (measured in the photo, beyond what any camera "
                f"pose gives: {CAMERA_BOUNDS})",
            )
        return replace(
            f,
            severity=Severity.WARN,
            message=f"review: the camera's tilt cannot be separated from the logo's "
            f"({why}): {f.message}, measured in the photo",
        )
    return f


def _cut_pose(f: Finding, p: PhotoFacts, kit: BrandKit, off: float) -> Finding:
    """A pose finding of a logo cut by the frame (``off``: the share of it off the photo).

    Its pose is measured from the part shown, and extrapolated to the whole logo it is
    known only to :data:`CUT_POSE_ERROR`: it fails beyond the kit's tolerance plus that
    (plus the photo's precision at the logo's size) on a trusted plane, or beyond any
    camera pose without one; anything less is not measured (info), and the ``cropped``
    review (photograph the whole poster) is what to act on.
    """
    dev = _deviation(f, kit)
    unit = f.unit or ""
    lg = p.logos[f.logo] if f.logo is not None and f.logo < len(p.logos) else None
    err = CUT_POSE_ERROR.get(unit)
    cut = f"the photograph's frame cuts {off:.0%} of the logo"
    if err is not None and dev is not None:
        known = f"its pose from the part shown is known to {_precision_text(unit, err)}"
        if p.trusted:
            size = pose_precision(unit, lg.short_px) if lg and lg.short_px else 0.0
            if dev[0] > dev[1] + err + size:
                return replace(
                    f,
                    message=f"{f.message} (relative to the rectified page; {cut}: {known}, "
                    "and it is beyond the tolerance by more)",
                )
        elif _beyond_camera(f):
            return replace(
                f,
                message=f"{f.message} (measured in the photo, beyond what any camera pose "
                f"gives: {CAMERA_BOUNDS}; {cut})",
            )
    else:
        known = "its pose is measured from the part shown"
    if p.trusted:
        why = f"{cut}, and {known}, which cannot tell it from the tolerance"
    else:
        plane = p.plane.reason if not p.plane else "page ratio not 1:√2 or outline weak"
        why = (
            f"{cut} ({known}), and the camera's tilt cannot be separated from the logo's ({plane})"
        )
    return replace(
        f,
        severity=Severity.INFO,
        message=f"{f.code} not measured: {why}; the cropped review stands for it: photograph "
        f"the whole poster: {f.message}",
    )


def as_photograph(findings: list[Finding], p: PhotoFacts, kit: BrandKit) -> list[Finding]:
    """``findings`` judged as a photograph of a print, after one ``photo`` note."""
    # the logos the frame cuts (share off the photo), whose pose is measured on a part
    cut = {
        f.logo: float(f.measured)
        for f in findings
        if f.code == "cropped"
        and f.logo is not None
        and f.severity is Severity.FAIL
        and isinstance(f.measured, (int, float))
    }
    return [
        _photo_note(p),
        *(
            _cut_pose(f, p, kit, cut[f.logo])
            if f.code in POSE and f.severity is not Severity.INFO and f.logo in cut
            else _rejudge(f, p, kit)
            for f in findings
        ),
    ]


def exif_only(camera: str) -> PhotoFacts:
    """The facts of a photograph known from its EXIF alone (no plane looked for)."""
    from brandcheck.rectify import NoPlane

    return PhotoFacts(
        "exif", f"EXIF names the camera: {camera}", NoPlane("not looked for"), False, None, None
    )


def check_photo(facts: FileFacts, findings: list[Finding], kit: BrandKit) -> list[Finding]:
    """``photo``: a photograph of a print is judged for what its pixels can show."""
    p = facts.photo
    if p is None and facts.camera:
        p = exif_only(facts.camera)
    return as_photograph(findings, p, kit) if p is not None else findings
