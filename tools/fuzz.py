"""A longer fuzz run of the loader than the test suite's (same property, more cases).

    python tools/fuzz.py --examples 5000
    python tools/fuzz.py --kits 2000       # mutated brand.toml files instead
    python tools/fuzz.py --pdf-structure 1000   # PDFs built from random structures

Every mutated PNG, JPEG, TIFF or PDF must load or raise a BrandcheckError; hypothesis
prints the failing input if one does not.

``--pdf-structure N`` builds N PDFs with hypothesis and pikepdf (form XObjects drawing each
other in random graphs: cycles, self-reference, deep chains, fan-out; operator floods;
plain, deflated, broken, unknown-filter and bomb streams; odd resources, page boxes and
damaged bytes; ``tests/test_hostile.py: pdf_structure``) and loads each in a worker under
the CLI's per-file budget (``--timeout``, ``--max-memory``). Each must load or raise a
BrandcheckError with a stable code within it; the outcomes are tallied by code, and any
file that did not (a timeout, a worker that died, another exception) is kept in ``--keep``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def fuzz_kits(examples: int) -> int:
    """Mutated brand.toml files: each loads and shows, or is one BrandKitError (exit 2)."""
    import shutil
    import tempfile
    import tomllib

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from brandcheck.brand import load_brand
    from brandcheck.errors import BrandKitError
    from tests.test_hostile import KIT, check_kit_mutant, kit_mutant, toml_document

    kit_dir = Path(tempfile.mkdtemp()) / "kit"
    shutil.copytree(KIT, kit_dir)
    base = tomllib.loads((KIT / "brand.toml").read_text(encoding="utf-8"))
    counts = {"loaded": 0, "kit error": 0}

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data(), raw=st.booleans())
    def prop(data: st.DataObject, raw: bool) -> None:
        text = toml_document(kit_mutant(data, base))
        if raw:  # byte-level damage too: the TOML parser's errors must become kit errors
            b = bytearray(text.encode("utf-8"))
            i = data.draw(st.integers(0, max(0, len(b) - 1)))
            b[i:i] = data.draw(st.binary(min_size=1, max_size=8))
            text = b.decode("utf-8", "replace")
        check_kit_mutant(kit_dir, text)
        try:
            load_brand(kit_dir)
            counts["loaded"] += 1
        except BrandKitError:
            counts["kit error"] += 1

    t0 = time.perf_counter()
    prop()
    print(
        f"{sum(counts.values())} mutated kits: {counts['loaded']} loaded and showed, "
        f"{counts['kit error']} refused with one BrandKitError naming the field; "
        f"no other outcome ({time.perf_counter() - t0:.0f} s)"
    )
    return 0


def fuzz_pdf_structure(
    examples: int, timeout: float, memory_mb: int, keep: Path, max_repeat: int
) -> int:
    """PDF structures built by hypothesis, each loaded in a budgeted worker; exit 1 when
    any did not load or end in a BrandcheckError within the budget."""
    import shutil
    import tempfile
    from collections import Counter

    from brandcheck.workers import Budget
    from tests.test_hostile import build_pdf_structures, load_in_a_worker

    tmp = Path(tempfile.mkdtemp(prefix="brandcheck-pdf-fuzz-"))
    t0 = time.perf_counter()
    # this process only builds (pikepdf): it never runs OpenCV or pdfium, so it may fork
    made = build_pdf_structures(tmp, examples, max_forms=8, max_repeat=max_repeat)
    built = time.perf_counter() - t0
    size = sum(Path(p).stat().st_size for p in made)
    outcomes: Counter[str] = Counter()
    bad: list[tuple[str, str]] = []
    slowest, peak = 0.0, 0
    t1 = time.perf_counter()
    budget = Budget(seconds=timeout or None, memory_mb=memory_mb or None)
    for path, value, failure in load_in_a_worker(made, budget, pristine=True):
        if failure is None:
            code, _pages, seconds, kb = value
            outcomes[code] += 1
            slowest, peak = max(slowest, seconds), max(peak, kb)
            continue
        outcomes[f"FAILED {failure.code}"] += 1
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, keep / Path(path).name)
        bad.append((Path(path).name, failure.message))
    loaded = time.perf_counter() - t1
    shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"{len(made)} PDF structures ({size / 2**20:.1f} MB, built in {built:.0f} s), loaded "
        f"in {loaded:.0f} s under --timeout {timeout:g} --max-memory {memory_mb}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1]))
    )
    print(f"slowest load {slowest:.1f} s, worker peak resident {peak / 1024:.0f} MB")
    for name, message in bad:
        print(f"  {keep / name}: {message}")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument(
        "--kits", type=int, default=0, metavar="N", help="fuzz N mutated brand kits instead"
    )
    ap.add_argument(
        "--pdf-structure", type=int, default=0, metavar="N", help="fuzz N PDF structures instead"
    )
    ap.add_argument("--timeout", type=float, default=50.0, help="seconds per PDF (as the CLI)")
    ap.add_argument("--max-memory", type=int, default=2048, help="MB per worker (as the CLI)")
    ap.add_argument(
        "--max-repeat",
        type=int,
        default=600_000,
        help="most repeats of one content piece (a flood: 600,000 x 5 operators passes "
        "the 2,000,000 operator budget)",
    )
    ap.add_argument(
        "--keep", type=Path, default=Path("fuzz-failures"), help="folder for failing PDFs"
    )
    a = ap.parse_args()
    if a.kits:
        return fuzz_kits(a.kits)
    if a.pdf_structure:
        return fuzz_pdf_structure(a.pdf_structure, a.timeout, a.max_memory, a.keep, a.max_repeat)
    import tempfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.test_load import VALID, check_mutant

    count = [0]
    tmp = Path(tempfile.mkdtemp())

    @settings(
        max_examples=a.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(fmt=st.sampled_from(sorted(VALID)), data=st.data())
    def prop(fmt: str, data: st.DataObject) -> None:
        raw = bytearray(VALID[fmt])
        for _ in range(data.draw(st.integers(1, 4))):
            op = data.draw(st.sampled_from(["flip", "truncate", "insert"]))
            i = data.draw(st.integers(0, max(0, len(raw) - 1)))
            if op == "flip" and raw:
                raw[i] ^= data.draw(st.integers(1, 255))
            elif op == "truncate":
                raw = raw[:i]
            else:
                raw[i:i] = data.draw(st.binary(min_size=1, max_size=32))
        count[0] += 1
        check_mutant(tmp / f"m.{fmt.lower()}", bytes(raw))

    t0 = time.perf_counter()
    prop()
    print(
        f"{count[0]} mutated files (PNG, JPEG, TIFF, PDF): every one loaded or raised a "
        f"BrandcheckError ({time.perf_counter() - t0:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
