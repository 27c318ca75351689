"""A longer fuzz run of the loader than the test suite's (same property, more cases).

    python tools/fuzz.py --examples 5000
    python tools/fuzz.py --kits 2000       # mutated brand.toml files instead

Every mutated PNG, JPEG, TIFF or PDF must load or raise a BrandcheckError; hypothesis
prints the failing input if one does not.
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=5000)
    ap.add_argument(
        "--kits", type=int, default=0, metavar="N", help="fuzz N mutated brand kits instead"
    )
    a = ap.parse_args()
    if a.kits:
        return fuzz_kits(a.kits)
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
