"""Demo data: Yingkou's real divisions, departments and the demo accounts, plus a registry for other apps' steps.

Every app that has demo data registers a step (`register_step`) in its AppConfig.ready(); `gongjian demo load`
runs the steps in order inside one transaction. Steps are deterministic: the same data on every machine.
"""

import csv
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from core.choices import RegionKind, Role

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "demo-2024"
CITY_CODE = "210800"

_steps: list[tuple[int, str, Callable[[], None]]] = []

# Functional zones are ranked like districts but have no statistical code; these codes are the system's own.
ZONES = [
    ("YK-KFQ", "营口经济技术开发区", "经开区"),
    ("YK-GXQ", "营口高新技术产业开发区", "高新区"),
    ("YK-XRD", "仙人岛能源化工区", "仙人岛"),
    ("YK-YHJD", "营口沿海产业基地", "沿海基地"),
]
DISTRICT_KINDS = {"区": RegionKind.DISTRICT, "市": RegionKind.COUNTY_CITY, "县": RegionKind.COUNTY}

DEPARTMENTS = [
    ("fgw", "营口市发展和改革委员会", "发改委"),
    ("gxj", "营口市工业和信息化局", "工信局"),
    ("swj", "营口市商务局", "商务局"),
    ("zrzyj", "营口市自然资源局", "自然资源局"),
    ("zjj", "营口市住房和城乡建设局", "住建局"),
    ("sthjj", "营口市生态环境局", "生态环境局"),
    ("ysj", "营口市营商环境建设局", "营商局"),
    ("jtysj", "营口市交通运输局", "交通运输局"),
    ("slj", "营口市水利局", "水利局"),
    ("nyncj", "营口市农业农村局", "农业农村局"),
    ("wlj", "营口市文化旅游和广播电视局", "文旅局"),
    ("czj", "营口市财政局", "财政局"),
]

# What sheets call the departments besides their names and short names (Department.aliases, editable by the city).
DEPARTMENT_ALIASES = {
    "fgw": "发改局、发展改革委、市发改委、发展改革委员会",
    "gxj": "工信委、经信局、工业和信息化局",
    "swj": "商务委",
    "zrzyj": "国土局、自然资源和规划局、规划局",
    "zjj": "住建委、建委、住房城乡建设局",
    "sthjj": "环保局、生态局、环境局",
    "ysj": "营商环境局、营商环境建设局",
    "jtysj": "交通局、交通委、运输局",
    "slj": "水务局",
    "nyncj": "农业局、农委、农业农村委",
    "wlj": "文旅广电局、文化旅游局、旅游局、文广局",
    "czj": "财政委",
}

# username, surname, given name, role, region code, department code
ACCOUNTS = [
    ("city_admin", "王", "建国", Role.CITY_ADMIN, None, "fgw"),
    ("leader_zhang", "张", "振华", Role.CITY_LEADER, None, None),
    ("byq_clerk", "李", "海燕", Role.DISTRICT_OPERATOR, "210804", None),
    ("gz_clerk", "赵", "立新", Role.DISTRICT_OPERATOR, "210881", None),
    ("zrzy_user", "刘", "明", Role.DEPARTMENT_USER, None, "zrzyj"),
    ("observer", "陈", "静", Role.OBSERVER, None, None),
]


def register_step(order: int, name: str, function: Callable[[], None]) -> None:
    """Add a demo step; lower `order` runs first (core is 10, projects 20, scheduling 30 …)."""
    if name not in {n for _, n, _ in _steps}:
        _steps.append((order, name, function))


def load(stdout=None) -> None:
    """Run every registered demo step in one transaction."""
    with transaction.atomic():
        for _order, name, function in sorted(_steps, key=lambda step: step[0]):
            if stdout:
                stdout.write(f"demo: {name}")
            function()


def load_organisations() -> None:
    """Regions from the statistics bureau's codes (city, 6 county-level units, 70 townships), zones, departments."""
    from core.models import Department, Region

    province, _ = Region.objects.update_or_create(
        code="210000", defaults={"name": "辽宁省", "kind": RegionKind.PROVINCE, "sort_order": 0}
    )
    city, _ = Region.objects.update_or_create(
        code=CITY_CODE, defaults={"name": "营口市", "kind": RegionKind.CITY, "parent": province, "sort_order": 1}
    )
    with open(DATA_DIR / "liaoning_county_level_2023.csv", encoding="utf-8") as handle:
        counties = [row for row in csv.DictReader(handle) if row["cityCode"] == CITY_CODE[:4]]
    for order, row in enumerate(counties, start=10):
        Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row["name"][:-1] if row["name"].endswith("区") else row["name"],
                "kind": DISTRICT_KINDS[row["name"][-1]],
                "parent": city,
                "sort_order": order,
            },
        )
    for order, (code, name, short) in enumerate(ZONES, start=50):
        Region.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": RegionKind.ZONE, "parent": city, "sort_order": order},
        )
    parents = {r.code: r for r in Region.objects.filter(parent=city)}
    with open(DATA_DIR / "yingkou_township_level_2023.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Region.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "kind": RegionKind.TOWNSHIP,
                    "parent": parents[row["areaCode"]],
                    "sort_order": 200,
                },
            )
    for order, (code, name, short) in enumerate(DEPARTMENTS, start=1):
        Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "aliases": DEPARTMENT_ALIASES.get(code, ""),
                "sort_order": order,
            },
        )


def load_accounts() -> None:
    """The demo accounts named in the README, all with the password `demo-2024`."""
    from core.models import Department, Region, User

    for username, surname, given, role, region_code, department_code in ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "last_name": surname,
                "first_name": given,
                "role": role,
                "region": Region.objects.get(code=region_code) if region_code else None,
                "department": Department.objects.get(code=department_code) if department_code else None,
                "is_staff": role == Role.CITY_ADMIN,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()


register_step(10, "organisations", load_organisations)
register_step(11, "accounts", load_accounts)
