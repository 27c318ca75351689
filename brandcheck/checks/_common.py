"""Helpers the checks share: regions and the 'could not measure' finding."""

from __future__ import annotations

from brandcheck import geometry as geo
from brandcheck.findings import Finding, Severity
from brandcheck.measure import Measurements


def region(m: Measurements) -> list[list[float]]:
    """The logo's quad in edge coordinates, rounded for reports."""
    out: list[list[float]] = geo.to_edge(m.quad).round(1).tolist()
    return out


def zone_region(m: Measurements) -> list[list[float]]:
    """The clear-space zone's quad in edge coordinates."""
    out: list[list[float]] = geo.to_edge(m.zone).round(1).tolist()
    return out


def unmeasured(code: str, m: Measurements, why: str) -> list[Finding]:
    """An info finding for a check that could not measure: never a silent pass."""
    return [Finding(code, Severity.INFO, f"{code} not measured: {why}", region=region(m))]
