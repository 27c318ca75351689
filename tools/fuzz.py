"""A longer fuzz run of the loader than the test suite's (same property, more cases).

    python tools/fuzz.py --examples 5000

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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=5000)
    a = ap.parse_args()
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
