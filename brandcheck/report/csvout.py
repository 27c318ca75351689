"""CSV: one row per finding (files without findings get one row with their status)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from brandcheck.report.names import csv_cell
from brandcheck.result import FileResult

COLUMNS = [
    "path",
    "page",
    "status",
    "logo",
    "code",
    "severity",
    "measured",
    "expected",
    "unit",
    "message",
]


def _rows(results: list[FileResult]) -> Iterator[list[object]]:
    def cell(v: object) -> object:
        return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v

    for r in results:
        if r.error is not None:
            yield [r.path, r.page, r.status, "", r.error.code, "error", "", "", "", r.error.message]
            continue
        if not r.findings:
            yield [r.path, r.page, r.status, "", "", "", "", "", "", ""]
        for f in r.findings:
            yield [
                r.path,
                r.page,
                r.status,
                "" if f.logo is None else f.logo,
                f.code,
                f.severity.value,
                cell(f.measured),
                cell(f.expected),
                f.unit or "",
                f.message,
            ]


def dumps(results: list[FileResult]) -> str:
    """The CSV text; every text cell goes through :func:`~brandcheck.report.names.csv_cell`
    (one line, no formula), since file names and PDF text are untrusted."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    w.writerows([csv_cell(v) for v in row] for row in _rows(results))
    return buf.getvalue()
