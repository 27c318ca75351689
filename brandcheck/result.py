"""Results: what ``check_file`` returns and every report (text, JSON, PNG, audit) reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brandcheck.findings import SEVERITY_RANK, Finding, Severity

#: Version of the JSON document ``--format json`` prints; bump on any incompatible change.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ErrorInfo:
    """Why a file could not be checked: a stable ``code`` and a human ``message``."""

    code: str
    message: str


@dataclass(frozen=True)
class LogoResult:
    """One located logo instance.

    ``quad`` is the artwork frame (corners of ``logo.png``: TL, TR, BR, BL) in pixels of the
    oriented image; ``zone`` is the clear-space zone's quad; ``measurements`` holds the
    JSON-able numbers behind the findings (units in the keys).
    """

    quad: list[list[float]]
    confidence: float
    zone: list[list[float]] = field(default_factory=list)
    measurements: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileResult:
    """Everything brandcheck says about one input (one page of a PDF)."""

    path: str
    status: str  # "pass" | "warn" | "fail" | "error"
    error: ErrorInfo | None = None
    page: int | None = None
    size: tuple[int, int] | None = None  # (width, height) of the oriented image, px
    logos: list[LogoResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    brand: str | None = None
    seconds: float | None = None
    #: Pixels per inch (x, y) when the physical size is known (a stated resolution, or a
    #: PDF's page box), else None; positions are then given in mm from the top-left.
    ppi: tuple[float, float] | None = None


def status_of(findings: list[Finding]) -> str:
    """``fail`` if any finding fails, else ``warn`` if any warns, else ``pass``."""
    rank = max((SEVERITY_RANK[f.severity] for f in findings), default=0)
    return {2: Severity.FAIL.value, 1: Severity.WARN.value, 0: "pass"}[rank]


def to_mm(
    region: list[list[float]] | None, ppi: tuple[float, float] | None
) -> list[list[float]] | None:
    """A pixel polygon in millimetres from the page's top-left (None without a physical size)."""
    if not region or not ppi:
        return None
    return [[round(x / ppi[0] * 25.4, 2), round(y / ppi[1] * 25.4, 2)] for x, y in region]
