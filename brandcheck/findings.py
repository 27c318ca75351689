"""Findings: what a check says about one logo (or the whole file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How bad a finding is. ``fail`` blocks print; ``warn`` asks for a look; ``info`` tells."""

    FAIL = "fail"
    WARN = "warn"
    INFO = "info"


#: Severity order, worst first; a file's status is its worst finding.
SEVERITY_RANK = {Severity.FAIL: 2, Severity.WARN: 1, Severity.INFO: 0}


@dataclass(frozen=True)
class Finding:
    """One statement about a logo, with the numbers behind it.

    ``region`` is a polygon in pixel coordinates of the oriented image (list of [x, y]),
    or None for file-level findings. ``logo`` indexes the result's logos (None: file-level).
    ``measured`` and ``expected`` are plain JSON-able values; ``unit`` names their unit.
    """

    code: str
    severity: Severity
    message: str
    measured: Any = None
    expected: Any = None
    unit: str | None = None
    region: list[list[float]] | None = None
    logo: int | None = None
    fix: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def with_logo(self, index: int | None) -> Finding:
        """The same finding attached to logo ``index``."""
        from dataclasses import replace

        return replace(self, logo=index)


def worst(findings: list[Finding]) -> Severity | None:
    """The worst severity among ``findings`` (None when there are none)."""
    if not findings:
        return None
    return max((f.severity for f in findings), key=SEVERITY_RANK.__getitem__)
