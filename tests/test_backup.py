"""`gongjian backup` / `gongjian restore`: a round trip loses nothing (every row, history row and file, exactly).

The system is filled by a generator with a small but complete demo subset: projects in lists with plans and
funding, monthly reports revised several times (history rows), photos on disk, an import upload, a user with
groups and permissions, an API token. The test runs on whichever database the suite runs on (SQLite → SQLite,
PostgreSQL → PostgreSQL); `test_sqlite_backup_restores_into_postgresql` crosses over when the suite runs on PG.
"""

import datetime as dt
import io
import json
import os
import pickle
import random
import subprocess
import sys
import tarfile
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image
from rest_framework.authtoken.models import Token

from core import backup
from core.deletion import delete_with_reason
from core.models import Department, Region, User
from projects.models import FundingSource, InvestmentPlan, ListKind, ListMembership, Project, ProjectList
from scheduling.models import MonthlyReport, ReportPhoto

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def money(rng: random.Random) -> Decimal:
    return Decimal(rng.randrange(0, 10**9)) / 100  # up to 1000 万元 with cents, never a float


def png(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (6, 4), tuple(rng.randrange(256) for _ in range(3))).save(buffer, "PNG")
    return buffer.getvalue()


def fill(seed: int = 7, projects: int = 8) -> None:
    """A small system as clerks build it: saves through the ORM, so timestamps and history are the real ones."""
    rng = random.Random(seed)
    regions = list(Region.objects.filter(parent__isnull=False))
    departments = list(Department.objects.all())
    kind = ListKind.objects.create(code=f"batch{seed}", name=f"集中开工{seed}", has_date=True)
    lists = [
        ProjectList.objects.create(kind=kind, name=f"第{n}批集中开工{seed}", date=dt.date(2024, n, 15)) for n in (3, 6)
    ]
    for number in range(projects):
        project = Project.objects.create(
            name=f"营口{rng.choice(['港区', '新材料', '冷链'])}项目{seed}-{number}",
            owner="营口建设有限公司",
            region=rng.choice(regions),
            responsible_department=rng.choice(departments),
            total_investment=money(rng),
            longitude=Decimal("122.235417"),
            latitude=Decimal("40.667432"),
            planned_start=dt.date(2024, rng.randint(1, 12), 1),
            stage="continuing",
        )
        ListMembership.objects.create(project=project, project_list=rng.choice(lists), note="第一批")
        InvestmentPlan.objects.create(project=project, year=2024, amount=money(rng))
        FundingSource.objects.create(project=project, kind="enterprise", amount=money(rng))
        report = MonthlyReport.objects.create(
            project=project,
            period=dt.date(2024, 5, 1),
            month_amount=money(rng),
            ytd_amount=money(rng),
            total_amount=money(rng),
            progress="主体施工",
        )
        for _revision in range(rng.randint(1, 3)):  # each save leaves a history row with its own stamp
            report.month_amount += Decimal("0.01")
            report.version += 1
            report.save()
        photo = ReportPhoto(report=report, caption="现场")
        photo.image.save("现场.png", ContentFile(png(rng)))
    imports = Path(settings.MEDIA_ROOT) / "imports" / f"{seed:032x}" / "upload.xlsx"
    imports.parent.mkdir(parents=True)
    imports.write_bytes(bytes(rng.randrange(256) for _ in range(3000)))
    group = Group.objects.create(name=f"审核组{seed}")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:5])
    clerk = User.objects.get(username="byq_clerk")
    clerk.groups.add(group)
    Token.objects.get_or_create(user=clerk)


def snapshot() -> dict:
    """Every row of every table, in key order, as the ORM reads it (Decimal, aware datetimes with microseconds)."""
    return {
        model._meta.label: list(
            model._base_manager.order_by("pk").values_list(*[f.attname for f in backup.columns(model)])
        )
        for model in backup.tables()
    }


def files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {name.as_posix(): (root / name).read_bytes() for name in backup.media_files(root)}


def modified() -> dict[str, int]:
    root = Path(settings.MEDIA_ROOT)
    return {name.as_posix(): int((root / name).stat().st_mtime) for name in backup.media_files(root)}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def test_round_trip_loses_nothing(media, tmp_path):
    fill()
    old = time.time() - 10 * 86400
    for path in media.rglob("*"):
        os.utime(path, (old, old))
    rows, stored, stamps = snapshot(), files(), modified()
    history = rows["scheduling.HistoricalMonthlyReport"]
    assert len(history) > 8 and any(stamp.microsecond for stamp in (row[1] for row in rows["projects.Project"]))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.stat().st_mode & 0o777 == 0o600  # password hashes and tokens are inside

    # The system goes on: rows change, a project is deleted, files come and go.
    # (a project with monthly reports goes only through the city administrator's deletion with a reason)
    delete_with_reason(Project.objects.order_by("pk").first(), User.objects.get(username="city_admin"), "重复录入项目")
    MonthlyReport.objects.update(progress="已改")
    fill(seed=8, projects=2)
    next(iter(media.rglob("*.png"))).unlink()

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert f"restored {sum(map(len, rows.values()))} rows" in out.getvalue()

    assert snapshot() == rows
    assert files() == stored
    assert modified() == stamps  # so the cleanup of old import files still sees their age
    aside = next(tmp_path.glob("media-before-restore-*"))
    photos = sum(name.endswith(".png") for name in stored)
    assert len(list(aside.rglob("*.png"))) == photos - 1 + 2  # nothing that was there is deleted
    # Keys handed out after the restore follow the restored ones (sequences reset on PostgreSQL).
    newest = Project.objects.order_by("pk").last().pk
    assert Region.objects.create(code="999999", name="新区").pk > max(r[0] for r in rows["core.Region"])
    assert InvestmentPlan.objects.create(project_id=newest, year=2025, amount=Decimal("1.00")).pk > max(
        r[0] for r in rows["projects.InvestmentPlan"]
    )


def test_restore_checks_the_archive_before_touching_anything(media, tmp_path):
    fill(projects=2)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    delete_with_reason(Project.objects.first(), User.objects.get(username="city_admin"), "重复录入的项目")
    before, stored = snapshot(), files()

    def rewrite(name: str, change) -> Path:
        """A copy of the archive with one member's content changed by `change`."""
        target = tmp_path / f"changed-{len(list(tmp_path.glob('changed-*')))}.tar.gz"
        with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
            for member in source.getmembers():
                content = source.extractfile(member).read()
                if member.name == name:
                    content = change(content)
                    member.size = len(content)
                out.addfile(member, io.BytesIO(content))
        return target

    def manifest_with(**changes):
        return lambda content: json.dumps(json.loads(content) | changes).encode()

    photo = next(
        name
        for name in json.loads(tarfile.open(archive).extractfile("manifest.json").read())["checksums"]
        if name.endswith(".png")
    )
    cases = {
        "迁移状态不一致": rewrite("manifest.json", manifest_with(migrations=[["core", "0001_initial"]])),
        "校验和不符": rewrite(photo, lambda content: content[:-1] + b"x"),
        "格式版本": rewrite("manifest.json", manifest_with(format=99)),
    }
    for message, changed in cases.items():
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(changed), "--force", stdout=io.StringIO())
        assert snapshot() == before and files() == stored
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(cases["校验和不符"]), "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert out.getvalue().startswith("archive intact:") and snapshot() == before and files() == stored


def test_restore_counts_the_rows_before_it_commits(media, tmp_path):
    fill(projects=2)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = snapshot()
    with tarfile.open(archive) as source:
        manifest = json.loads(source.extractfile("manifest.json").read())
    manifest["counts"]["projects.Project"] += 1  # as if a row went missing on the way
    with pytest.raises(backup.BackupError, match="行数与备份清单不符"):
        backup.restore_backup(_with_manifest(archive, manifest, tmp_path), force=True)
    assert snapshot() == before


def _with_manifest(archive: Path, manifest: dict, tmp_path: Path) -> Path:
    target = tmp_path / "recounted.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                content = json.dumps(manifest).encode()
                member.size = len(content)
            out.addfile(member, io.BytesIO(content))
    return target


SQLITE_SIDE = """
import pickle, sys
import django
django.setup()
from django.core.management import call_command
from core.demo import load_accounts, load_organisations
from tests.test_backup import fill, files, snapshot
load_organisations(); load_accounts(); fill()
call_command("backup", sys.argv[1])
pickle.dump((snapshot(), files()), open(sys.argv[2], "wb"))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="crosses from SQLite into the PostgreSQL test run")
def test_sqlite_backup_restores_into_postgresql(media, tmp_path):
    environment = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'source.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "source-media"),
        DEBUG="1",
    )
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    gongjian = [sys.executable, "-m", "gongjian"]
    subprocess.run([*gongjian, "migrate", "-v0"], env=environment, cwd=ROOT, check=True, timeout=300)
    archive, expected = tmp_path / "from-sqlite.tar.gz", tmp_path / "expected.pickle"
    subprocess.run(
        [sys.executable, "-c", SQLITE_SIDE, str(archive), str(expected)],
        env=environment | {"DJANGO_SETTINGS_MODULE": "gongjian.settings"},
        cwd=ROOT,
        check=True,
        timeout=300,
        capture_output=True,
    )
    rows, stored = pickle.loads(expected.read_bytes())
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert snapshot() == rows
    assert files() == stored
