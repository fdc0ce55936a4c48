"""Setting up a city: its regions from the national division codes, its functional zones, default departments, admin.

`gongjian city init CODE` and the demo (`core.demo.load_organisations`) both call `init_city`, so a city other than
Yingkou starts the same way Yingkou's demo does. The division codes ship in `core/data/divisions/` (see the README
there); zones have no statistical code, so the city supplies them in a small CSV (`core/data/zones/yingkou.csv`).
One installation serves one city: setting up a second, different city is refused.
"""

import csv
import gzip
import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.choices import RegionKind, Role

DIVISIONS_DIR = Path(__file__).resolve().parent / "data" / "divisions"
ZONES_DIR = Path(__file__).resolve().parent / "data" / "zones"

# The county-level unit's kind follows the last character of its name (县 and 旗 are counties, 市 a county-level
# city); the few others (林区, 特区, 新城, 管理区管委会 …) are district-like units.
COUNTY_KINDS = {
    "区": RegionKind.DISTRICT,
    "市": RegionKind.COUNTY_CITY,
    "县": RegionKind.COUNTY,
    "旗": RegionKind.COUNTY,
}

# Rows of cities.csv that are no prefecture-level city: a municipality's districts and counties, and the counties a
# province governs directly. A city of these has no single prefecture code to set up.
NOT_PREFECTURES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# The default departments (code, full name after the city's name, short name, what sheets also call them). The demo
# and every city start with these; the city edits names and aliases afterwards in the admin site.
DEFAULT_DEPARTMENTS = [
    ("fgw", "发展和改革委员会", "发改委", "发改局、发展改革委、市发改委、发展改革委员会"),
    ("gxj", "工业和信息化局", "工信局", "工信委、经信局、工业和信息化局"),
    ("swj", "商务局", "商务局", "商务委"),
    ("zrzyj", "自然资源局", "自然资源局", "国土局、自然资源和规划局、规划局"),
    ("zjj", "住房和城乡建设局", "住建局", "住建委、建委、住房城乡建设局"),
    ("sthjj", "生态环境局", "生态环境局", "环保局、生态局、环境局"),
    ("ysj", "营商环境建设局", "营商局", "营商环境局、营商环境建设局"),
    ("jtysj", "交通运输局", "交通运输局", "交通局、交通委、运输局"),
    ("slj", "水利局", "水利局", "水务局"),
    ("nyncj", "农业农村局", "农业农村局", "农业局、农委、农业农村委"),
    ("wlj", "文化旅游和广播电视局", "文旅局", "文旅广电局、文化旅游局、旅游局、文广局"),
    ("czj", "财政局", "财政局", "财政委"),
]

# Zone codes are the system's own: letters, digits and hyphens, never all digits (those are statistical codes).
ZONE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,11}$")


class CityError(Exception):
    """A city cannot be set up as asked; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class Prefecture:
    """A prefecture-level city as the division tables describe it."""

    code: str  # six digits, e.g. 210300
    name: str
    province_code: str  # six digits, e.g. 210000
    province_name: str


@dataclass(frozen=True)
class Zone:
    """A functional zone the city supplies (no statistical code); `parent` is a county code, else the city."""

    code: str
    name: str
    short_name: str = ""
    parent: str = ""


@dataclass
class CityResult:
    """What `init_city` did, counted per kind of row: {"区县": {"created": 7, "updated": 0, "unchanged": 0}, …}."""

    city: Prefecture
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    admin: str = ""  # "created", "unchanged" or "" (no admin asked for)

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    @property
    def changed(self) -> bool:
        outcomes = [n for kinds in self.counts.values() for outcome, n in kinds.items() if outcome != "unchanged"]
        return any(outcomes) or self.admin == "created"


@cache
def _table(name: str) -> tuple[dict, ...]:
    """One of the shipped division tables (provinces, cities, areas, streets) as rows, read once per process."""
    with gzip.open(DIVISIONS_DIR / f"{name}.csv.gz", "rt", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def prefecture(code: str) -> Prefecture:
    """The prefecture-level city with this six-digit code, or a CityError saying what the code is instead."""
    code = (code or "").strip()
    if not re.fullmatch(r"\d{6}", code):
        raise CityError(
            _("区划代码应为 6 位数字的地级市代码（如鞍山市 210300），而不是「%(code)s」。") % {"code": code}
        )
    provinces = {row["code"]: row["name"] for row in _table("provinces")}
    if code.endswith("0000"):
        name = provinces.get(code[:2])
        if name:
            raise CityError(
                _("%(code)s 是省级区划（%(name)s），请给出地级市的代码，如 %(example)s。")
                % {"code": code, "name": name, "example": code[:2] + "0100"}
            )
        raise CityError(_("区划代码 %(code)s 不存在（国家统计局 2022 年区划代码）。") % {"code": code})
    if not code.endswith("00"):
        area = next((row for row in _table("areas") if row["code"] == code), None)
        city_row = next((row for row in _table("cities") if area and row["code"] == area["cityCode"]), None)
        if city_row and city_row["name"] in NOT_PREFECTURES:
            raise CityError(
                _("%(code)s 是县级区划（%(name)s），直属省或直辖市，不属于任何地级市；本系统按地级市设立，暂不支持。")
                % {"code": code, "name": area["name"]}
            )
        if area:
            raise CityError(
                _("%(code)s 是县级区划（%(name)s），请给出它所属地级市的代码 %(city)s00。")
                % {"code": code, "name": area["name"], "city": area["cityCode"]}
            )
        raise CityError(_("区划代码 %(code)s 不存在（国家统计局 2022 年区划代码）。") % {"code": code})
    row = next((row for row in _table("cities") if row["code"] == code[:4]), None)
    if row is None:
        raise CityError(_("区划代码 %(code)s 不存在（国家统计局 2022 年区划代码）。") % {"code": code})
    if row["name"] in NOT_PREFECTURES:
        raise CityError(
            _("%(code)s 是%(province)s的「%(name)s」，不是地级市；本系统按地级市设立，暂不支持直辖市和省直辖县。")
            % {"code": code, "province": provinces[row["provinceCode"]], "name": row["name"]}
        )
    return Prefecture(code, row["name"], row["provinceCode"] + "0000", provinces[row["provinceCode"]])


def read_zones(path: Path | str) -> list[Zone]:
    """Functional zones from a CSV with columns code, name, short_name (optional), parent (optional county code).

    Every bad row is named at once (row number, column, reason); nothing is written from a file with errors.
    """
    text = Path(path).read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = {"code", "name"} - set(reader.fieldnames or [])
    if missing:
        raise CityError(
            _("功能区文件 %(file)s 缺少列：%(columns)s（应有 code, name，可选 short_name, parent）。")
            % {"file": Path(path).name, "columns": ", ".join(sorted(missing))}
        )
    zones, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        values = {key: (row.get(key) or "").strip() for key in ("code", "name", "short_name", "parent")}
        if not any(values.values()):
            continue
        if not ZONE_CODE.fullmatch(values["code"]) or values["code"].isdigit():
            errors.append(
                _(
                    "第 %(row)s 行 code：「%(code)s」不是功能区代码（字母、数字和连字符，最多 12 位，不能全是数字，"
                    "全数字的是统计局区划代码）。"
                )
                % {"row": number, "code": values["code"]}
            )
        elif values["code"] in seen:
            errors.append(_("第 %(row)s 行 code：代码 %(code)s 重复。") % {"row": number, "code": values["code"]})
        if not values["name"]:
            errors.append(_("第 %(row)s 行 name：功能区名称为空。") % {"row": number})
        elif len(values["name"]) > 64 or len(values["short_name"]) > 32:
            errors.append(_("第 %(row)s 行 name：名称最多 64 字、简称最多 32 字。") % {"row": number})
        seen.add(values["code"])
        zones.append(Zone(**values))
    if errors:
        raise CityError(
            _("功能区文件 %(file)s 有错误，未写入任何数据：") % {"file": Path(path).name} + "\n" + "\n".join(errors)
        )
    return zones


def _upsert(model, code: str, values: dict, result: CityResult, kind: str):
    """Create the row with this code, or bring it to `values`; a row already so is not saved (no history entry)."""
    row = model.objects.filter(code=code).first()
    if row is None:
        result.count(kind, "created")
        return model.objects.create(code=code, **values)
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    if not changed:
        result.count(kind, "unchanged")
        return row
    for name, value in changed.items():
        setattr(row, name, value)
    row.save()
    result.count(kind, "updated")
    return row


def _county_kind(name: str) -> str:
    return COUNTY_KINDS.get(name[-1], RegionKind.DISTRICT)


@transaction.atomic
def init_city(code: str, zones: list[Zone] | None = None, admin: str = "", password: str = "") -> CityResult:
    """Set up (or bring up to date) the city `code`: province and city regions, counties, townships, zones,
    the default departments and, when `admin` is given, the first city administrator. Idempotent."""
    from core.models import Department, Region, User

    city = prefecture(code)
    other = Region.objects.filter(kind=RegionKind.CITY).exclude(code=city.code).first()
    if other is not None:
        raise CityError(
            _("本系统已设立为%(other)s（%(other_code)s），一个系统只服务一个城市，不能再设立%(name)s（%(code)s）。")
            % {"other": other.name, "other_code": other.code, "name": city.name, "code": city.code}
        )
    result = CityResult(city)
    province = _upsert(
        Region,
        city.province_code,
        {"name": city.province_name, "kind": RegionKind.PROVINCE, "sort_order": 0},
        result,
        "省",
    )
    city_region = _upsert(
        Region,
        city.code,
        {"name": city.name, "kind": RegionKind.CITY, "parent": province, "sort_order": 1},
        result,
        "市",
    )
    parents = {city.code: city_region}
    counties = [row for row in _table("areas") if row["cityCode"] == city.code[:4] and row["code"] != city.code]
    for order, row in enumerate(counties, start=10):
        name = row["name"]
        parents[row["code"]] = _upsert(
            Region,
            row["code"],
            {
                "name": name,
                "short_name": name[:-1] if name.endswith("区") and len(name) > 2 else name,
                "kind": _county_kind(name),
                "parent": city_region,
                "sort_order": order,
            },
            result,
            "区县",
        )
    for order, zone in enumerate(zones or [], start=50):
        if zone.parent and zone.parent not in parents:
            raise CityError(
                _("功能区 %(zone)s 的上级 %(parent)s 不是%(city)s的区县。")
                % {"zone": zone.code, "parent": zone.parent, "city": city.name}
            )
        clash = Region.objects.filter(code=zone.code).exclude(kind=RegionKind.ZONE).first()
        if clash is not None:
            raise CityError(_("功能区代码 %(code)s 已被%(name)s使用。") % {"code": zone.code, "name": clash.name})
        _upsert(
            Region,
            zone.code,
            {
                "name": zone.name,
                "short_name": zone.short_name,
                "kind": RegionKind.ZONE,
                "parent": parents[zone.parent or city.code],
                "sort_order": order,
            },
            result,
            "功能区",
        )
    for row in _table("streets"):
        if row["cityCode"] == city.code[:4]:
            values = {"name": row["name"], "kind": RegionKind.TOWNSHIP, "parent": parents[row["areaCode"]]}
            _upsert(Region, row["code"], {**values, "sort_order": 200}, result, "乡镇街道")
    for order, (department_code, name, short_name, aliases) in enumerate(DEFAULT_DEPARTMENTS, start=1):
        # A department the city already has is theirs to rename and re-alias: only missing ones are created.
        if Department.objects.filter(code=department_code).exists():
            result.count("部门", "unchanged")
            continue
        Department.objects.create(
            code=department_code, name=city.name + name, short_name=short_name, aliases=aliases, sort_order=order
        )
        result.count("部门", "created")
    if admin:
        result.admin = _ensure_admin(admin, password, User, Department)
    return result


def _ensure_admin(username: str, password: str, User, Department) -> str:
    """The first city administrator (of 发改委); an existing account is left as it is, password included."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        # Account setup, not an access decision: the named account must already be a city administrator.
        if not User.objects.filter(pk=user.pk, role=Role.CITY_ADMIN).exists():
            raise CityError(
                _("用户 %(user)s 已存在，角色是「%(role)s」而不是市发改委管理员；请在管理后台修改，或换一个用户名。")
                % {"user": username, "role": user.get_role_display()}
            )
        return "unchanged"
    if not password:
        raise CityError(_("新建管理员 %(user)s 需要密码（--password-file、环境变量或交互输入）。") % {"user": username})
    user = User(
        username=username,
        role=Role.CITY_ADMIN,
        is_staff=True,
        department=Department.objects.filter(code="fgw").first(),
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise CityError(_("管理员密码不符合要求：") + " ".join(error.messages)) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    return "created"
