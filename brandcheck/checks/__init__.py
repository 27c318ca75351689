"""The checks and the one registry of finding codes (:data:`RULES`).

Every finding code exists here once: its scope (one logo, or the whole file), default
severity, one-line summary, fix, help text, and the function that produces it. The
README's code table, ``brandcheck rules``, the SARIF rules and the CLI's ``--select`` /
``--ignore`` choices are all read from it. Adding a code is one function (in the module of
its concern, with its test) and one :func:`register_rule` entry below.

A per-logo check takes one logo's :class:`~brandcheck.measure.Measurements` and the kit
and returns that logo's findings. A file-level check takes plain data about the file
(:class:`~brandcheck.checks.file.FileFacts`) and the findings so far, and returns the
file's findings with its own added (or, for ``photo``, re-judged): the registry's order
is the order they run in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

from brandcheck.brand import BrandKit
from brandcheck.checks.colour import check_colour, check_spot
from brandcheck.checks.contrast import check_contrast
from brandcheck.checks.file import (
    FileFacts,
    check_load_notes,
    check_logo_missing,
    check_slogan_text,
)
from brandcheck.checks.geometry import check_distorted, check_rotated
from brandcheck.checks.integrity import check_altered
from brandcheck.checks.lockup import check_lockup_absent, check_lockup_layout, check_lockup_text
from brandcheck.checks.photo import check_photo
from brandcheck.checks.size import check_resolution, check_size
from brandcheck.checks.space import check_clear_space, check_cropped
from brandcheck.checks.typography import check_font
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements

LogoCheck = Callable[[Measurements, BrandKit], list[Finding]]
FileCheck = Callable[[FileFacts, list[Finding], BrandKit], list[Finding]]
Scope = Literal["logo", "file"]


@dataclass(frozen=True)
class Rule:
    """One finding code and what the docs, SARIF and the CLI say about it.

    ``severity`` is the severity of the finding when the rule is broken (a rule may also
    report ``info``: a measurement, or "not measured"). ``summary`` is one line, ``fix``
    what to do, ``help`` what is measured and against which kit value.
    """

    code: str
    severity: Severity
    summary: str
    fix: str
    help: str

    @property
    def scope(self) -> Scope:
        raise NotImplementedError


@dataclass(frozen=True)
class LogoRule(Rule):
    """A rule judged once per located logo."""

    check: LogoCheck

    @property
    def scope(self) -> Scope:
        return "logo"


@dataclass(frozen=True)
class FileRule(Rule):
    """A rule judged once per file (one PDF page)."""

    check: FileCheck

    @property
    def scope(self) -> Scope:
        return "file"


#: Every finding code, in the order its check runs.
RULES: dict[str, Rule] = {}


def register_rule(rule: Rule) -> Rule:
    """Add ``rule`` to :data:`RULES` (a code is registered once)."""
    if rule.code in RULES:
        raise ValueError(f"finding code {rule.code!r} is already registered")
    RULES[rule.code] = rule
    return rule


_FAIL, _WARN, _INFO = Severity.FAIL, Severity.WARN, Severity.INFO

for _rule in (
    FileRule(
        "load",
        _INFO,
        "a note from reading the file",
        "nothing to fix; the note says how the file was read",
        "How the file was read, reported first: EXIF orientation applied, the first of "
        "several frames checked, 16-bit scaled, transparency composited on white, an ICC "
        "profile converted to sRGB, an implausible resolution ignored.",
        check_load_notes,
    ),
    FileRule(
        "logo-missing",
        _FAIL,
        "no verified instance of the logo",
        "place the official logo artwork",
        "Nothing on the page matched the kit's artwork well enough to be verified; the "
        "message says why the best candidates did not qualify.",
        check_logo_missing,
    ),
    LogoRule(
        "colour",
        _FAIL,
        "the logo's ink is not the brand colour",
        "set the logo in the kit's CMYK build (or its PANTONE); on screen, its sRGB",
        "CIEDE2000 between the ink (from the PDF's stated colour, the CMYK ink values, or "
        "the pixels) and the kit's CMYK build via its print condition: fail above "
        "[colour] warn_de00, warn above pass_de00. Always reported, with ΔL, ΔC and ΔH.",
        check_colour,
    ),
    LogoRule(
        "distorted",
        _FAIL,
        "the logo is stretched or sheared",
        "scale the logo proportionally (lock aspect ratio)",
        "Height/width off the artwork's by more than [logo] aspect_tolerance, or the "
        "frame's axes sheared by more than shear_tolerance_deg.",
        check_distorted,
    ),
    LogoRule(
        "rotated",
        _FAIL,
        "the logo is turned",
        "set the logo upright",
        "The logo is rotated by more than [logo] rotation_tolerance_deg.",
        check_rotated,
    ),
    LogoRule(
        "too-small",
        _FAIL,
        "the logo is under the minimum width",
        "enlarge the logo to the kit's minimum width",
        "Narrower than [logo] min_width_mm where the file states its resolution, else "
        "narrower than min_width_px. In a photograph not judged: an info finding gives the "
        "logo's size on the page (shares of its width and height), in mm when --paper "
        "names the printed format and the page's measured ratio matches it.",
        check_size,
    ),
    LogoRule(
        "clear-space",
        _FAIL,
        "other content inside the logo's clear space",
        "keep the clear space around the logo free",
        "More than [checks] clear_space_max_intrusion of the zone of [logo] clear_space × "
        "logo height around the logo differs from its background; warn when the zone runs "
        "off the canvas.",
        check_clear_space,
    ),
    LogoRule(
        "cropped",
        _FAIL,
        "part of the logo lies outside the canvas",
        "move the logo fully inside the trim",
        "More than half a percent of the logo's frame falls off the canvas.",
        check_cropped,
    ),
    LogoRule(
        "altered",
        _FAIL,
        "the artwork is incomplete or has marks added",
        "remove outlines, shadows and effects; place the artwork as supplied",
        "More than [checks] altered_max_missing of the artwork's ink missing, foreign ink "
        "over altered_max_added of its ink area, or an outline or shadow along more than "
        "altered_max_edge of its edge.",
        check_altered,
    ),
    LogoRule(
        "low-contrast",
        _FAIL,
        "too little contrast between the logo and its background",
        "place the logo on a light, plain background",
        "WCAG 2.1 contrast ratio of ink to background under [checks] min_contrast_ratio.",
        check_contrast,
    ),
    LogoRule(
        "low-resolution",
        _FAIL,
        "the logo is an upscaled raster",
        "place the vector master (logo.svg) or a larger raster",
        "The logo's edges carry less detail than [checks] min_effective_ppi (physical size "
        "known) or min_effective_width_px, and under 60 % of its displayed width.",
        check_resolution,
    ),
    LogoRule(
        "spot-colour",
        _FAIL,
        "the PDF paints the logo in another spot colour",
        "name the separation as the kit does (or use the CMYK build)",
        "PDF input: the logo is filled with a spot colour whose name is not the kit's "
        "[colour] pantone.",
        check_spot,
    ),
    LogoRule(
        "font",
        _WARN,
        "text beside the logo in another typeface",
        "set the lockup text in the kit's typefaces",
        "PDF input: a font of the text beside the logo matches none of the kit's "
        "[typography] names.",
        check_font,
    ),
    LogoRule(
        "lockup-text",
        _FAIL,
        "the usage-example text beside the logo differs",
        "set the text exactly as the kit's usage example",
        "The text beside the logo (OCR) resembles [usage] example but differs; the finding "
        "names each differing character. Info when it matches or could not be read.",
        check_lockup_text,
    ),
    LogoRule(
        "lockup-absent",
        _INFO,
        "no usage-example text beside the logo",
        "nothing to fix, unless the usage example belongs here",
        "No text line stands where the usage example would, beside this logo.",
        check_lockup_absent,
    ),
    LogoRule(
        "lockup-layout",
        _WARN,
        "the usage-example text stands elsewhere or at another size",
        "set the text beside the logo as in the usage example (lockup.png)",
        "The lockup text is off its place in lockup.png by more than [lockup] "
        "position_tolerance logo heights, or its height by more than size_tolerance.",
        check_lockup_layout,
    ),
    FileRule(
        "slogan-text",
        _WARN,
        "a text line nearly matches an official slogan",
        "use the official wording",
        "With --slogans: a text line within a quarter of its length in edits of [usage] "
        "theme or a slogan, but not exact. Exact ones are listed as info.",
        check_slogan_text,
    ),
    FileRule(
        "photo",
        _INFO,
        "the file is read as a photograph of a print",
        "nothing to fix; check the print itself for size, resolution and colour",
        "The EXIF names a camera, or the image shows a page in perspective on a background. "
        "The page plane is recovered from its outline: rotated and distorted are judged "
        "relative to the rectified page (a warn when the plane is not trusted, unless beyond "
        "any camera pose); colour is white-balanced from the paper; low-resolution and "
        "too-small fails become info (blur and pixel count are the camera's); logo-missing is a "
        "warn unless the page's trusted outline lies wholly in the photo (the logo may be in "
        "the part not photographed); the pose of a logo the frame cuts is judged only beyond "
        "what its part shown tells (else not measured).",
        check_photo,
    ),
):
    register_rule(_rule)
del _rule


def codes() -> tuple[str, ...]:
    """Every registered finding code, in registry order."""
    return tuple(RULES)


def logo_checks() -> dict[str, LogoCheck]:
    """Every per-logo check by its finding code."""
    return {c: r.check for c, r in RULES.items() if isinstance(r, LogoRule)}


def __getattr__(name: str) -> object:
    # CODES and CHECKS are read from the registry when asked, so a rule registered later
    # (a plug-in, a test) is in them too.
    if name == "CODES":
        return codes()
    if name == "CHECKS":
        return logo_checks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run_checks(
    m: Measurements, kit: BrandKit, only: Collection[str] | None = None
) -> list[Finding]:
    """Run every per-logo check (or ``only`` those) on one logo's measurements."""
    out: list[Finding] = []
    for code, check in logo_checks().items():
        if only is None or code in only:
            out.extend(check(m, kit))
    return out


def run_file_checks(
    facts: FileFacts,
    findings: list[Finding],
    kit: BrandKit,
    only: Collection[str] | None = None,
) -> list[Finding]:
    """Run every file-level check (or ``only`` those) in registry order over ``findings``."""
    for code, rule in RULES.items():
        if isinstance(rule, FileRule) and (only is None or code in only):
            findings = rule.check(facts, findings, kit)
    return findings
