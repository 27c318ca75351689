"""CSV: one row per finding (``--csv``), or one row per file (``--csv-files``).

Logo numbers start at 1, as the text and the annotated images say ("logo 1"); JSON keeps
its 0-based ``logo`` index. ``bom=True`` starts the file with a UTF-8 byte-order mark, which
Excel needs to read UTF-8 (else 杭州 and ΔE are garbled on a Chinese or Western Windows);
it is off by default because readers that do not expect it (Python's ``csv`` with
``utf-8``) take it into the first column's name.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from brandcheck.report.names import csv_cell
from brandcheck.report.tally import folders, location
from brandcheck.result import FileResult

BOM = "\ufeff"

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
    # added after the first ten, which scripts may read by position
    "folder",
    "fix",
    "where",
]
#: ``--csv-files``: one row per poster (a PDF page), and one per file skipped.
FILE_COLUMNS = [
    "folder",
    "file",
    "page",
    "status",
    "fails",
    "warns",
    "fail_codes",
    "warn_codes",
    "fixes",
    "where",
    "error",
    "path",
]


def finding_rows(results: list[FileResult]) -> Iterator[list[object]]:
    """Rows of ``COLUMNS``: one per finding, one per file without findings or in error."""

    def cell(v: object) -> object:
        return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v

    where = folders([r.path for r in results])
    for r in results:
        fd = where[r.path]
        if r.error is not None:
            e = r.error
            yield [r.path, r.page, r.status, "", e.code, "error", "", "", "", e.message, fd, "", ""]
            continue
        if not r.findings:
            yield [r.path, r.page, r.status, "", "", "", "", "", "", "", fd, "", ""]
        for f in r.findings:
            yield [
                r.path,
                r.page,
                r.status,
                "" if f.logo is None else f.logo + 1,
                f.code,
                f.severity.value,
                cell(f.measured),
                cell(f.expected),
                f.unit or "",
                f.message,
                fd,
                f.fix or "",
                location(f.region),
            ]


def file_rows(
    results: list[FileResult], skipped: list[tuple[str, str]] | None = None
) -> Iterator[list[object]]:
    """Rows of ``FILE_COLUMNS``: each poster's fail and warn codes, fixes and positions,
    then each skipped file with why (status ``skipped``)."""
    from pathlib import Path

    skipped = skipped or []
    where = folders([r.path for r in results] + [p for p, _ in skipped])
    for r in results:
        fails = [f for f in r.findings if f.severity.value == "fail"]
        warns = [f for f in r.findings if f.severity.value == "warn"]
        fixes = list(dict.fromkeys(f.fix for f in fails + warns if f.fix))
        places = [
            f"{f.code}" + ("" if f.logo is None else f" logo {f.logo + 1}") + f" at {loc}"
            for f in fails + warns
            if (loc := location(f.region))
        ]
        yield [
            where[r.path],
            Path(r.path).name,
            r.page,
            r.status,
            len(fails),
            len(warns),
            " ".join(dict.fromkeys(f.code for f in fails)),
            " ".join(dict.fromkeys(f.code for f in warns)),
            "; ".join(fixes),
            "; ".join(places),
            "" if r.error is None else f"{r.error.code}: {r.error.message}",
            r.path,
        ]
    for p, why in skipped:
        yield [where[p], Path(p).name, None, "skipped", "", "", "", "", "", "", why, p]


def _write(header: list[str], rows: Iterator[list[object]], bom: bool) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows([csv_cell(v) for v in row] for row in rows)
    return (BOM if bom else "") + buf.getvalue()


def dumps(results: list[FileResult], *, bom: bool = False) -> str:
    """The per-finding CSV text; every text cell goes through
    :func:`~brandcheck.report.names.csv_cell` (one line, no formula), since file names and
    PDF text are untrusted."""
    return _write(COLUMNS, finding_rows(results), bom)


def dumps_files(
    results: list[FileResult], skipped: list[tuple[str, str]] | None = None, *, bom: bool = False
) -> str:
    """The per-file CSV text (see :func:`file_rows`)."""
    return _write(FILE_COLUMNS, file_rows(results, skipped), bom)
