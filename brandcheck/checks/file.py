"""File-level checks: what is judged once per file (one PDF page), not once per logo.

They see plain data about the file (:class:`FileFacts`) and the findings so far, and
return the file's findings with their own added: ``load`` notes go first, ``logo-missing``
and ``slogan-text`` after the logos' findings. (The photograph's re-judging, ``photo``,
lives in :mod:`brandcheck.checks.photo`.) Like the per-logo checks they do no I/O: the
caller reads the file and the page's text and hands the results over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brandcheck.brand import BrandKit
from brandcheck.findings import Finding, Severity
from brandcheck.slogans import Line, check_slogans


@dataclass(frozen=True)
class FileFacts:
    """What the file-level checks judge, as plain values.

    ``logos`` counts the verified logo instances; when it is 0, ``not_found`` says why
    (the locator's reason) and ``candidates`` lists the near misses. ``notes`` are the
    loader's remarks (EXIF orientation applied, first frame of several). ``camera`` is the
    camera the EXIF names, if any. ``lines`` are the page's text lines when they were read
    (``slogans`` true; None inside means no OCR engine was available).
    """

    logos: int = 0
    not_found: str | None = None
    candidates: list[str] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    camera: str | None = None
    #: How the file was read as a photograph (``brandcheck.checks.photo.PhotoFacts``),
    #: None for a file not taken for one.
    photo: Any = None
    slogans: bool = False
    lines: list[Line] | None = None


def check_load_notes(facts: FileFacts, findings: list[Finding], kit: BrandKit) -> list[Finding]:
    """``load``: the loader's notes, as info findings ahead of everything else."""
    return [*(Finding("load", Severity.INFO, n) for n in facts.notes), *findings]


def check_logo_missing(facts: FileFacts, findings: list[Finding], kit: BrandKit) -> list[Finding]:
    """``logo-missing``: fail when no instance of the logo was verified, saying why."""
    if facts.logos:
        return findings
    return [
        *findings,
        Finding(
            "logo-missing",
            Severity.FAIL,
            f"logo not found: {facts.not_found or 'no candidate'}",
            measured=0,
            expected=">= 1",
            unit="logos",
            fix="place the official logo artwork",
            details={"candidates": facts.candidates[:5]},
        ),
    ]


def check_slogan_text(facts: FileFacts, findings: list[Finding], kit: BrandKit) -> list[Finding]:
    """``slogan-text``: the page's lines against the official wordings (only when read)."""
    if not facts.slogans:
        return findings
    return [*findings, *check_slogans(facts.lines, kit)]
