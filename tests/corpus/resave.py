"""Re-saving a generated sheet with LibreOffice, as a clerk does who opens the file in WPS or LibreOffice and saves.

LibreOffice (`libreoffice-calc-nogui`, installed for tests by `scripts/system-deps.sh test`) converts headless:
to .ods, to .xls (Excel 97, what many offices still send), to .xlsx again (LibreOffice's own writer: shared
strings, its own styles and number formats) and to CSV in UTF-8 or in GBK (MS-936, the "ANSI" of Chinese
Windows). Tests that need it are skipped with a clear reason where it is not installed.
"""

import atexit
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# The CSV filter's options: comma, double quote, character set (76 UTF-8, 61 MS-936), first line 1, no
# per-column formats, then "save cell contents as shown" off, so numbers keep every digit they hold.
CSV_FILTERS = {
    "csv": "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
    "csv_gbk": "csv:Text - txt - csv (StarCalc):44,34,61,1,,0,false,true,false,false",
}
TARGETS = {"ods": "ods", "xls": "xls:MS Excel 97", "xlsx": "xlsx:Calc MS Excel 2007 XML", **CSV_FILTERS}
SUFFIX = {"ods": ".ods", "xls": ".xls", "xlsx": ".xlsx", "csv": ".csv", "csv_gbk": ".csv"}

needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (scripts/system-deps.sh test installs it)"
)


_PROFILE_LOCK = threading.Lock()
_PROFILES: list[str] = []


def _profile() -> str:
    """This process's own LibreOffice profile: made once (that takes seconds), then reused by every conversion.

    LibreOffice refuses to run twice on one profile, so other test processes on the machine get their own.
    """
    if not _PROFILES:
        folder = tempfile.mkdtemp(prefix="gongjian-lo-profile-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _PROFILES.append(folder)
    return _PROFILES[0]


def resave(source: Path, target: str) -> Path:
    """`source` opened and saved by LibreOffice as `target` (ods, xls, xlsx, csv, csv_gbk); returns the new file."""
    source = Path(source)
    outdir = source.parent / f"libreoffice-{target}"
    outdir.mkdir(exist_ok=True)
    with _PROFILE_LOCK:
        completed = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{_profile()}",
                "--headless",
                "--norestore",
                "--convert-to",
                TARGETS[target],
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    produced = outdir / (source.stem + SUFFIX[target])
    if completed.returncode != 0 or not produced.exists():
        raise RuntimeError(f"LibreOffice could not convert {source.name} to {target}: {completed.stderr}")
    final = source.parent / f"{source.stem}-lo{SUFFIX[target]}"
    produced.replace(final)
    return final
