"""``--xlsx``: an Excel workbook with one sheet per folder, so each region gets its own list.

Sheets: ``summary`` (posters by folder with their fail rate, then posters and findings by
code), one sheet per folder (one row per poster and per skipped file, the columns of
``--csv-files``), and ``findings`` (one row per finding, the columns of ``--csv``).
Written with openpyxl (the ``xlsx`` extra) in write-only mode, so 10,000 rows stay cheap.
Text cells are written as text, never as formulas, with names shown on one line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brandcheck.errors import BrandcheckError
from brandcheck.report.csvout import COLUMNS, FILE_COLUMNS, file_rows, finding_rows
from brandcheck.report.files import write_atomic
from brandcheck.report.names import display
from brandcheck.report.tally import STATUSES, by_folder, tally
from brandcheck.result import FileResult

#: Excel's limits on a sheet's name: 31 characters, none of ``[]:*?/\``.
_BAD = re.compile(r"[\[\]:*?/\\]")
_MAX_NAME = 31


class MissingExtraError(BrandcheckError):
    """An optional dependency is not installed; the message names the extra to install."""

    code = "missing-extra"


def require() -> None:
    """Raise :class:`MissingExtraError` unless openpyxl can be imported."""
    try:
        import openpyxl  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError("--xlsx needs openpyxl: pip install 'brandcheck[xlsx]'") from exc


def sheet_names(folders: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """A valid, unique sheet name for each folder (Excel compares names case-insensitively)."""
    taken = {r.lower() for r in reserved}
    out = {}
    for f in folders:
        base = _BAD.sub("_", display(f)).strip("'") or "_"
        name, n = base[:_MAX_NAME], 1
        while name.lower() in taken or name.lower() == "history":
            n += 1
            suffix = f" ({n})"
            name = base[: _MAX_NAME - len(suffix)] + suffix
        taken.add(name.lower())
        out[f] = name
    return out


def _cells(ws: Any, row: Iterable[object]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for v in row:
        if isinstance(v, str):
            c = WriteOnlyCell(ws, value=display(v))
            c.data_type = "s"  # text, never a formula, whatever it starts with
        else:
            c = WriteOnlyCell(ws, value=v)
        cells.append(c)
    return cells


#: Column widths (characters) by header name, so a sheet reads without resizing.
WIDTHS = {"folder": 16, "file": 30, "path": 60, "fixes": 50, "where": 40, "message": 60}
#: Number formats by header name.
FORMATS = {"fail rate": "0%"}


def _sheet(wb: Any, title: str, header: list[str], rows: Iterable[Iterable[object]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for i, h in enumerate(header, 1):  # before any row: write-only sheets allow it then
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(h, max(8, len(h) + 2))
    bold = []
    for h in header:
        c = _cells(ws, [h])[0]
        c.font = Font(bold=True)
        bold.append(c)
    ws.append(bold)
    formats = {i: FORMATS[h] for i, h in enumerate(header) if h in FORMATS}
    for row in rows:
        cells = _cells(ws, row)
        for i, fmt in formats.items():
            if i < len(cells) and isinstance(cells[i].value, float):
                cells[i].number_format = fmt
        ws.append(cells)


def dumps(results: list[FileResult], skipped: list[tuple[str, str]] | None = None) -> bytes:
    """The workbook as bytes."""
    require()
    from openpyxl import Workbook

    skipped = skipped or []
    wb = Workbook(write_only=True)
    regions = by_folder(results)
    t = tally(results)
    summary: list[list[object]] = [
        [name, g.posters, *(g.by_status.get(k, 0) for k in STATUSES), round(g.fail_rate, 4)]
        for name, g in regions.items()
    ]
    summary += [[], ["code", "posters", "findings"]]
    summary += [[c, p, n] for c, (p, n) in t.by_code.items()]
    _sheet(wb, "summary", ["folder", "posters", *STATUSES, "fail rate"], summary)
    rows = list(file_rows(results, skipped))
    names = sheet_names(sorted({str(r[0]) for r in rows}), reserved=("summary", "findings"))
    for folder, title in names.items():
        _sheet(wb, title, FILE_COLUMNS, (r for r in rows if r[0] == folder))
    _sheet(wb, "findings", COLUMNS, finding_rows(results))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(
    path: Path, results: list[FileResult], skipped: list[tuple[str, str]] | None = None
) -> Path:
    """Write the workbook atomically."""
    return write_atomic(path, dumps(results, skipped))
