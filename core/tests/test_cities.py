"""Any city can start: `gongjian city init CODE` from the shipped national division codes (core.cities).

Expected regions are read here straight from the shipped tables with the standard library, independently of the
service. The session's Yingkou organisations are deleted inside each test's transaction (and so come back after).
"""

import csv
import gzip
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.choices import RegionKind, Role
from core.cities import DIVISIONS_DIR, CityError, Zone, init_city, prefecture, read_zones
from core.demo import CITY_CODE, ZONES_FILE
from core.models import Department, Region, User
from core.testing import clear_organisations

pytestmark = pytest.mark.django_db
PASSWORD = "anshan-setup-2026"


def shipped(name: str) -> list[dict]:
    with gzip.open(DIVISIONS_DIR / f"{name}.csv.gz", "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def empty_organisations(db):
    """No regions, departments or users: a fresh installation (rolled back with the test)."""
    clear_organisations()


def test_anshan_from_an_empty_organisation_table(empty_organisations):
    counties = [row for row in shipped("areas") if row["cityCode"] == "2103"]
    townships = [row for row in shipped("streets") if row["cityCode"] == "2103"]

    result = init_city("210300", admin="as_admin", password=PASSWORD)

    city = Region.objects.get(code="210300")
    assert (city.name, city.kind, city.parent.code, city.parent.name) == ("鞍山市", "city", "210000", "辽宁省")
    assert {r.code: r.name for r in Region.objects.filter(parent=city)} == {r["code"]: r["name"] for r in counties}
    assert len(counties) == 7 and len(townships) == 96
    kinds = dict(Region.objects.filter(parent=city).values_list("name", "kind"))
    assert kinds["铁东区"] == RegionKind.DISTRICT and kinds["海城市"] == RegionKind.COUNTY_CITY
    assert kinds["台安县"] == kinds["岫岩满族自治县"] == RegionKind.COUNTY
    assert Region.objects.ranked().count() == 7
    assert Region.objects.get(code="210302").short_name == "铁东"
    stored = {r.code: (r.name, r.parent.code) for r in Region.objects.filter(kind=RegionKind.TOWNSHIP)}
    assert stored == {row["code"]: (row["name"], row["areaCode"]) for row in townships}
    assert Department.objects.count() == 12
    assert Department.objects.get(code="fgw").name == "鞍山市发展和改革委员会"
    assert "交通局" in Department.objects.get(code="jtysj").alias_list
    admin = User.objects.get(username="as_admin")
    assert (admin.role, admin.is_staff, admin.department.code) == (Role.CITY_ADMIN, True, "fgw")
    assert admin.check_password(PASSWORD)
    assert result.counts["乡镇街道"] == {"created": 96, "updated": 0, "unchanged": 0} and result.admin == "created"


def test_running_twice_changes_nothing(empty_organisations):
    zones = [Zone("AS-GXQ", "鞍山高新技术产业开发区", "高新区")]
    init_city("210300", zones=zones, admin="as_admin", password=PASSWORD)
    before = (Region.history.count(), Department.history.count(), User.history.count())
    password_hash = User.objects.get(username="as_admin").password

    again = init_city("210300", zones=zones, admin="as_admin", password="another-password-1")

    assert not again.changed and again.admin == "unchanged"
    assert all(counts["created"] == counts["updated"] == 0 for counts in again.counts.values())
    assert (Region.history.count(), Department.history.count(), User.history.count()) == before
    assert User.objects.get(username="as_admin").password == password_hash


def test_the_city_keeps_its_department_edits(empty_organisations):
    init_city("210300")
    Department.objects.filter(code="jtysj").update(aliases="交通局")
    Department.objects.get(code="czj").delete()
    init_city("210300")
    assert Department.objects.get(code="jtysj").aliases == "交通局"
    assert Department.objects.get(code="czj").name == "鞍山市财政局"


def test_a_rerun_restores_the_shipped_region_names(empty_organisations):
    init_city("210300")
    Region.objects.filter(code="210381").update(name="海城县", kind=RegionKind.COUNTY)
    result = init_city("210300")
    assert result.counts["区县"] == {"created": 0, "updated": 1, "unchanged": 6}
    assert Region.objects.filter(code="210381", name="海城市", kind=RegionKind.COUNTY_CITY).exists()


def test_a_second_city_is_refused_and_nothing_written(empty_organisations):
    init_city("210300")
    count = Region.objects.count()
    with pytest.raises(CityError, match="一个系统只服务一个城市.*营口市（210800）"):
        init_city("210800")
    assert Region.objects.count() == count


@pytest.mark.parametrize(
    "code, message",
    [
        ("210000", "210000 是省级区划（辽宁省）"),
        ("210302", "210302 是县级区划（铁东区），请给出它所属地级市的代码 210300"),
        ("210381001", "6 位数字"),
        ("鞍山", "6 位数字"),
        ("", "6 位数字"),
        ("219900", "区划代码 219900 不存在"),
        ("990000", "区划代码 990000 不存在"),
        ("210399", "区划代码 210399 不存在"),
        ("110100", "北京市的「市辖区」，不是地级市"),
        ("419001", "济源市），直属省或直辖市"),
    ],
)
def test_bad_codes_are_refused_in_chinese(empty_organisations, code, message):
    with pytest.raises(CityError, match=message.replace("(", r"\(").replace(")", r"\)")):
        init_city(code)
    assert not Region.objects.exists()


def test_every_shipped_prefecture_is_accepted_and_every_county_refused():
    """Exhaustive over the shipped tables: each prefecture row resolves to itself, each county names its city."""
    provinces = {row["code"]: row["name"] for row in shipped("provinces")}
    cities = {row["code"]: row for row in shipped("cities")}
    for row in cities.values():
        if row["name"] in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
            with pytest.raises(CityError, match="不是地级市"):
                prefecture(row["code"] + "00")
        else:
            assert prefecture(row["code"] + "00").name == row["name"]
            assert prefecture(row["code"] + "00").province_name == provinces[row["provinceCode"]]
    for row in shipped("areas"):
        if row["code"].endswith("00"):
            continue  # 东莞 441900 and the like: a city without counties, whose area row carries the city's code
        with pytest.raises(CityError, match=f"{row['code']} 是县级区划（{row['name']}）"):
            prefecture(row["code"])


def test_a_city_without_counties_hangs_its_townships_on_the_city(empty_organisations):
    result = init_city("441900")
    city = Region.objects.get(code="441900")
    assert city.name == "东莞市" and not Region.objects.ranked().exists()
    expected = [row for row in shipped("streets") if row["cityCode"] == "4419"]
    assert Region.objects.filter(kind=RegionKind.TOWNSHIP, parent=city).count() == len(expected) > 0
    assert "区县" not in result.counts


def test_zones_file(empty_organisations, tmp_path):
    path = tmp_path / "zones.csv"
    path.write_text(
        "code,name,short_name,parent\nAS-GXQ,鞍山高新技术产业开发区,高新区,\nAS-HCG,海城经济开发区,海城开发区,210381\n",
        encoding="utf-8-sig",
    )
    init_city("210300", zones=read_zones(path))
    gxq, hcg = Region.objects.get(code="AS-GXQ"), Region.objects.get(code="AS-HCG")
    assert (gxq.kind, gxq.parent.code, gxq.short_name) == (RegionKind.ZONE, "210300", "高新区")
    assert (hcg.kind, hcg.parent.name) == (RegionKind.ZONE, "海城市")
    assert Region.objects.ranked().count() == 9


def test_bad_zones_files_name_every_row(empty_organisations, tmp_path):
    path = tmp_path / "zones.csv"
    path.write_text("code,name\n210399,统计局样子的代码\nAS-1,\nAS-2,甲区\nAS-2,乙区\n", encoding="utf-8")
    with pytest.raises(CityError) as raised:
        read_zones(path)
    assert "第 2 行 code" in str(raised.value) and "不能全是数字" in str(raised.value)
    assert "第 3 行 name：功能区名称为空" in str(raised.value)
    assert "第 5 行 code：代码 AS-2 重复" in str(raised.value)
    assert "第 4 行" not in str(raised.value)

    path.write_text("编号,名称\nAS-1,甲区\n", encoding="utf-8")
    with pytest.raises(CityError, match="缺少列：code, name"):
        read_zones(path)

    with pytest.raises(CityError, match="上级 210802 不是鞍山市的区县"):
        init_city("210300", zones=[Zone("AS-1", "甲区", parent="210802")])
    assert not Region.objects.exists()


def test_admin_account_rules(empty_organisations):
    with pytest.raises(CityError, match="需要密码"):
        init_city("210300", admin="as_admin")
    with pytest.raises(CityError, match="密码不符合要求"):
        init_city("210300", admin="as_admin", password="123")
    assert not Region.objects.exists()
    User.objects.create(username="someone", role=Role.OBSERVER)
    with pytest.raises(CityError, match="someone 已存在.*只读观察员"):
        init_city("210300", admin="someone", password=PASSWORD)


def test_yingkou_demo_organisations_come_through_the_same_service():
    """The session loaded Yingkou with core.demo.load_organisations; the same call again finds nothing to do."""
    zones = Region.objects.filter(kind=RegionKind.ZONE).order_by("sort_order")
    assert [(z.code, z.short_name, z.parent.code) for z in zones] == [
        ("YK-KFQ", "经开区", CITY_CODE),
        ("YK-GXQ", "高新区", CITY_CODE),
        ("YK-XRD", "仙人岛", CITY_CODE),
        ("YK-YHJD", "沿海基地", CITY_CODE),
    ]
    assert Region.objects.filter(kind=RegionKind.TOWNSHIP).count() == 70
    assert not init_city(CITY_CODE, zones=read_zones(ZONES_FILE)).changed


def test_cli(empty_organisations, tmp_path):
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    out = StringIO()
    call_command("city", "init", "210300", "--admin", "as_admin", "--password-file", str(secret), stdout=out)
    assert "辽宁省 鞍山市（210300）" in out.getvalue() and "区县：新建 7，更新 0，未变 0" in out.getvalue()
    assert User.objects.get(username="as_admin").check_password(PASSWORD)
    out = StringIO()
    call_command("city", "init", "210300", "--admin", "as_admin", stdout=out)
    assert "无变化" in out.getvalue() and "已存在，未改动" in out.getvalue()
    with pytest.raises(CommandError, match="县级区划（海城市）"):
        call_command("city", "init", "210381")


REFERENCE = Path(settings.GONGJIAN_DATA_DIR) / "reference" / "us_federal_it_projects_2013_Oxford_Projects_Out.csv"


def fresh_installation(tmp_path):
    """A fresh SQLite file, migrated and set up as 鞍山市 by the CLI; returns a runner of `gongjian` commands on it."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DEBUG": "1",
        "GONGJIAN_ADMIN_PASSWORD": PASSWORD,
    }

    def gongjian(*args):
        done = subprocess.run(
            [sys.executable, "-m", "gongjian", *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    gongjian("migrate", "-v0")
    assert "城市已设立" in gongjian("city", "init", "210300", "--admin", "as_admin")
    return gongjian


def projects_by_region(tmp_path) -> dict[str, int]:
    with sqlite3.connect(tmp_path / "fresh.sqlite3") as db:
        query = (
            "SELECT r.name, COUNT(*) FROM projects_project p JOIN core_region r ON r.id = p.region_id GROUP BY r.name"
        )
        return dict(db.execute(query).fetchall())


def test_fresh_database_city_init_and_a_sheet_naming_its_districts(tmp_path):
    """`migrate`, `city init 210300` and the import of a generated 鞍山 sheet, with no demo anywhere."""
    gongjian = fresh_installation(tmp_path)
    places = ["铁东区", "铁西区", "立山区", "千山区", "台安县", "岫岩满族自治县", "海城市"]
    sheet = tmp_path / "anshan.csv"
    lines = ["项目名称,建设单位,所属地区,总投资（万元）,项目阶段"]
    lines += [f"鞍山测试项目{i},鞍山第{i % 5}建设有限公司,{places[i % 7]},{1000 + i * 37}.5,前期" for i in range(40)]
    sheet.write_text("\n".join(lines), encoding="utf-8")
    assert "新建 40" in gongjian("import", "projects", str(sheet), "--no-progress", "--user", "as_admin")
    assert projects_by_region(tmp_path) == {
        place: sum(1 for i in range(40) if places[i % 7] == place) for place in places
    }


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"reference data not found at {REFERENCE} (GONGJIAN_DATA_DIR)")
def test_fresh_database_city_init_and_the_us_reference_file(tmp_path):
    """The US federal IT file (first 300 rows) through its worked mapping, its default region set to 鞍山市."""
    gongjian = fresh_installation(tmp_path)
    head = tmp_path / "federal.csv"
    head.write_text("".join(REFERENCE.read_text(encoding="utf-8").splitlines(keepends=True)[:301]), "utf-8")
    original = (Path(settings.BASE_DIR) / "docs" / "mappings" / "us_federal_it_projects.toml").read_text("utf-8")
    assert 'region = "210800"' in original
    mapping = tmp_path / "federal.toml"
    mapping.write_text(original.replace('region = "210800"', 'region = "210300"'), encoding="utf-8")
    assert "新建 300" in gongjian("import", "projects", str(head), "--mapping", str(mapping), "--no-progress")
    assert projects_by_region(tmp_path) == {"鞍山市": 300}
