"""Counts for triage: per poster and per finding, overall and by folder (a region's list).

A *poster* is one result: an image, or one page of a PDF. Counting findings alone misleads
("distorted 60" was 40 posters, some with two logos), so every count here says both.
Only ``fail`` and ``warn`` findings are counted; an error result counts under its error code.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from brandcheck.result import FileResult

STATUSES = ("fail", "error", "warn", "pass")


@dataclass(frozen=True)
class Tally:
    """Posters by status, and by code the posters that have it and its number of findings."""

    posters: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_code: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (posters, findings)

    @property
    def fail_rate(self) -> float:
        """Share of posters that fail (0 when there are none)."""
        return self.by_status.get("fail", 0) / self.posters if self.posters else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form: ``{"posters", "by_status", "by_code": {code: {posters, findings}}}``."""
        return {
            "posters": self.posters,
            "by_status": {k: self.by_status.get(k, 0) for k in STATUSES},
            "by_code": {c: {"posters": p, "findings": n} for c, (p, n) in self.by_code.items()},
        }


def codes_of(r: FileResult) -> Counter[str]:
    """Fail and warn findings of one result by code (its error code once, for an error)."""
    if r.error is not None:
        return Counter([r.error.code])
    return Counter(f.code for f in r.findings if f.severity.value != "info")


def tally(results: Iterable[FileResult]) -> Tally:
    """Counts over ``results``; codes ordered by posters, then findings, then name."""
    status: Counter[str] = Counter()
    posters: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    n = 0
    for r in results:
        n += 1
        status[r.status] += 1
        c = codes_of(r)
        posters.update(c.keys())
        findings.update(c)
    order = sorted(posters, key=lambda k: (-posters[k], -findings[k], k))
    return Tally(n, dict(status), {k: (posters[k], findings[k]) for k in order})


def photo_of(r: FileResult) -> str | None:
    """How ``r`` was recognised as a photograph of a print (its ``photo`` finding's
    ``measured``: ``"exif"`` or ``"image"``), or None for a digital file.

    A photograph's fails may be the camera's; audits rank photographs apart so that they
    do not crowd the digital files' failures (the artwork's own) out of view.
    """
    for f in r.findings:
        if f.code == "photo":
            return str(f.measured) if f.measured is not None else "photo"
    return None


#: The two kinds an audit ranks apart, in the order they are listed.
KINDS = ("digital", "photo")


def by_kind(results: Iterable[FileResult]) -> dict[str, Tally]:
    """One :class:`Tally` for digital files and one for photographs (:func:`photo_of`)."""
    groups: dict[str, list[FileResult]] = {k: [] for k in KINDS}
    for r in results:
        groups["photo" if photo_of(r) is not None else "digital"].append(r)
    return {k: tally(v) for k, v in groups.items()}


def folders(paths: Sequence[str]) -> dict[str, str]:
    """Each path's folder, relative to the folder all of them share (a region's name).

    When every file sits in one folder, that folder's own name is used, so a report of
    one region still says which region it is.
    """
    if not paths:
        return {}
    parents = {p: os.path.dirname(os.path.abspath(p)) for p in paths}
    distinct = set(parents.values())
    if len(distinct) == 1:
        only = distinct.pop()
        name = os.path.basename(only) or only
        return dict.fromkeys(paths, name)
    root = os.path.commonpath(list(distinct))
    top = os.path.basename(root) or root  # files at the root: the root's own name, not "."
    return {
        p: top if d == root else PurePath(os.path.relpath(d, root)).as_posix()
        for p, d in parents.items()
    }


def by_folder(results: Sequence[FileResult]) -> dict[str, Tally]:
    """One :class:`Tally` per folder, folders in name order."""
    where = folders([r.path for r in results])
    groups: dict[str, list[FileResult]] = {}
    for r in results:
        groups.setdefault(where[r.path], []).append(r)
    return {k: tally(groups[k]) for k in sorted(groups)}


def location(region: list[list[float]] | None) -> str:
    """A finding's bounding box as a person reads it: ``x 320-682, y 164-374`` (pixels)."""
    if not region:
        return ""
    xs = [p[0] for p in region]
    ys = [p[1] for p in region]
    return f"x {min(xs):.0f}-{max(xs):.0f}, y {min(ys):.0f}-{max(ys):.0f}"
