"""Output paths checked before any analysis: never over an input, always writable.

An audit of a region's folders can run for an hour; an output path that cannot be written
must be said at once, not after the hour, and ``--report`` pointed at a poster must not
replace the poster with HTML. Every check here runs before the first file is read.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from brandcheck.errors import BrandcheckError


class OutputPathError(BrandcheckError):
    """An output would overwrite an input, or cannot be written (a usage error, exit 2)."""

    code = "output"


def _identity(p: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(p)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _real(p: Path) -> Path:
    return Path(os.path.realpath(p))


def _writable_folder(folder: Path, what: str) -> None:
    """``folder`` exists as a writable folder or can be created (its first existing
    ancestor is a writable folder)."""
    probe = folder
    while not probe.exists():
        if probe.is_symlink():  # a dangling link: creating through it lands elsewhere
            raise OutputPathError(f"{what}: {probe} is a broken symbolic link")
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise OutputPathError(f"{what}: {probe} is not a folder, so {folder} cannot be made")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputPathError(f"{what}: the folder {probe} is not writable")


def check_outputs(
    inputs: Iterable[Path],
    files: Sequence[tuple[str, Path]],
    folders: Sequence[tuple[str, Path, Iterable[Path]]] = (),
) -> None:
    """Refuse outputs that would overwrite an input or cannot be written.

    Parameters
    ----------
    inputs
        Every input file the command will read (folders already walked).
    files
        ``(option, path)`` of each output file (``--json out.json``).
    folders
        ``(option, folder, paths)``: an output folder and every path that will be written
        in it (``--annotate DIR`` and its PNGs, the HTML report's asset folder).

    Raises
    ------
    OutputPathError
        Naming the option, the path and the input it would overwrite.
    """
    ins = list(inputs)
    ids = {i: p for p in ins if (i := _identity(p)) is not None}
    reals = {_real(p): p for p in ins}

    def clash(option: str, out: Path) -> None:
        ident = _identity(out)
        hit = (ids.get(ident) if ident is not None else None) or reals.get(_real(out))
        if hit is not None:
            raise OutputPathError(
                f"{option} {out} would overwrite the input {hit}: choose another path"
            )

    seen: dict[Path, str] = {}
    for option, out in files:
        if out.is_dir():
            raise OutputPathError(f"{option} {out} is a folder: give a file name")
        clash(option, out)
        real = _real(out)
        if real in seen:
            raise OutputPathError(f"{option} and {seen[real]} both write {out}")
        seen[real] = option
        _writable_folder(out.parent, option)
        if out.exists() and not os.access(out.parent, os.W_OK):
            raise OutputPathError(f"{option} {out} cannot be replaced (its folder is read-only)")
    for option, folder, paths in folders:
        if folder.exists() and not folder.is_dir():
            raise OutputPathError(f"{option} {folder} is a file, not a folder")
        _writable_folder(folder, option)
        real_folder = _real(folder)
        for p in ins:  # an input inside an asset folder could be overwritten by its files
            if real_folder in _real(p).parents and option != "--annotate":
                raise OutputPathError(f"{option} writes into {folder}, which holds the input {p}")
        for out in paths:
            clash(option, out)


def walked_by(folder: Path, roots: Iterable[Path]) -> Path | None:
    """The input folder among ``roots`` that holds ``folder``, if any.

    The HTML report's images are JPEGs: written inside a folder being audited, the next
    audit of it would check them as posters.
    """
    real = _real(folder)
    for root in roots:
        if root.is_dir() and (real == _real(root) or _real(root) in real.parents):
            return root
    return None


def unique_tags(paths: Sequence[str]) -> dict[str, str | None]:
    """A short tag per path whose file name another path shares, else ``None``.

    Annotated PNGs are named after their input; two inputs called ``poster.jpg`` in two
    folders would write one PNG, the second over the first. The tag is the first 8 hex
    digits of the sha256 of the full path (stable from run to run).
    """
    names = Counter(os.path.basename(p) for p in paths)
    return {
        p: hashlib.sha256(os.fsencode(p)).hexdigest()[:8]
        if names[os.path.basename(p)] > 1
        else None
        for p in paths
    }
