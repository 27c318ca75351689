"""An audit on a Dask cluster gives the same results as the local run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from brandcheck.audit import audit
from tests.conftest import SAMPLES


@pytest.mark.slow
def test_dask_run_equals_local_run(tmp_path):
    for name in ("compliant-web.jpg", "rotated.jpg", "logo-missing.jpg"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "empty.png").write_bytes(b"")
    local = audit([tmp_path], jobs=1, use_cache=False, progress=False, text=False)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        remote = audit(
            [tmp_path],
            use_cache=False,
            progress=False,
            text=False,
            dask_address=cluster.scheduler_address,
        )
    key = lambda rs: [
        (
            Path(r.path).name,
            r.status,
            r.error,
            [(f.code, f.severity, f.measured) for f in r.findings],
        )
        for r in rs
    ]
    assert key(local.results) == key(remote.results)
    assert [r.status for r in remote.results] == ["pass", "error", "fail", "fail"]
