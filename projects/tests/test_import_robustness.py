"""The import under abuse: malformed rows and cells (hypothesis), and a process killed in the middle of writing."""

import datetime as dt
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.importing.results import ImportFailed
from projects.importing import import_projects

HEADERS = [
    "项目代码",
    "项目名称",
    "建设单位",
    "所属地区",
    "总投资（万元）",
    "计划开工",
    "计划竣工",
    "实际开工",
    "项目阶段",
    "所属行业",
    "责任部门",
]
PLAUSIBLE = [
    "鲅鱼圈区",
    "210804",
    "营口市",
    "2024年3月",
    "2024/2/30",
    "３．５亿元",
    "1,200万元",
    "-5",
    "续建",
    "在建",
    "投产",
    "暂停",
    "钢铁",
    "自然资源局",
    "2024-210804-44-01-000001",
    "2024-210804-44-01-000002",
    "—",
    "合计",
    "长" * 201,
]
# xlsx cannot hold control characters or lone surrogates; everything else is fair game.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(PLAUSIBLE),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
)
ROWS = st.lists(st.lists(CELL, min_size=len(HEADERS), max_size=len(HEADERS)), min_size=1, max_size=8)


@pytest.mark.django_db
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, valid_rows_only=st.booleans())
def test_malformed_rows_never_crash_and_every_rejection_says_where_and_why(rows, valid_rows_only):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(HEADERS)
        for row in rows:
            wb.active.append(row)
        wb.save(path)
        try:
            result = import_projects(path, valid_rows_only=valid_rows_only)
        except ImportFailed as failure:  # only a file without any usable header may fail as a whole
            assert "表头" in failure.message
            return
    data_rows = {number for number, row in enumerate(rows, start=2) if any(c not in (None, "") for c in row)}
    for error in result.errors:
        assert error.row in data_rows
        # A column the file has, or none when the field's column is missing (the reason then says so).
        assert error.column in HEADERS or (error.column == "" and "文件中没有「" in error.reason)
        assert error.reason.strip()
    assert result.created + result.updated + result.unchanged + result.rejected + result.skipped == len(data_rows)
    assert result.written == (valid_rows_only or not result.errors)


def _read_progress(process, until: int, timeout: float) -> int:
    """Read the child's progress bar from stderr until it has checked `until` rows; the count reached."""
    seen, deadline, buffer = 0, time.monotonic() + timeout, b""
    while seen < until and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 0.05)
        if ready:
            chunk = os.read(process.stderr.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            counts = re.findall(rb"(\d+)/\d+ \[", buffer)
            seen = int(counts[-1]) if counts else 0
    return seen


def test_killed_import_leaves_nothing_and_a_rerun_completes(tmp_path):
    rows = 80_000
    database = tmp_path / "kill.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
    gongjian = [sys.executable, "-m", "gongjian"]
    cwd = settings.BASE_DIR
    subprocess.run([*gongjian, "migrate", "-v0"], env=env, cwd=cwd, check=True)
    load = "from core.demo import load_organisations; load_organisations()"
    subprocess.run([*gongjian, "shell", "-c", load], env=env, cwd=cwd, check=True, capture_output=True)
    big = tmp_path / "big.csv"
    lines = ["项目名称,建设单位,所属地区,总投资（万元）,项目阶段"]
    lines += [f"批量项目{i},营口批量建设有限公司,鲅鱼圈区,{i % 9000 + 1}.5,前期" for i in range(rows)]
    big.write_text("\n".join(lines), encoding="utf-8")

    child = subprocess.Popen([*gongjian, "import", "projects", str(big)], env=env, cwd=cwd, stderr=subprocess.PIPE)
    reached = _read_progress(child, until=20_000, timeout=60)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    # It was killed while writing: past several 2,000-row batches, before the end of the file.
    assert 20_000 <= reached < rows

    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM projects_project").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM projects_historicalproject").fetchone() == (0,)

    rerun = subprocess.run(
        [*gongjian, "import", "projects", str(big), "--no-progress"], env=env, cwd=cwd, capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"新建 {rows}" in rerun.stdout
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT name) FROM projects_project").fetchone() == (rows, rows)
        assert db.execute("SELECT COUNT(*) FROM projects_historicalproject WHERE history_type = '+'").fetchone() == (
            rows,
        )
