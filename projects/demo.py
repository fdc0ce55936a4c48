"""The demo project set as of 2024-06-30: seeded synthetic projects whose aggregates reproduce the seed exactly.

The seed (Liaoning Daily, mid-2024) reports: construction library 833 projects / 3,205亿元; reserve library
1,321 / 7,251亿元; key library = the province's 十五项重大工程 list, 21 / 1,161.7亿元; 央地合作 15 / 1,400亿元;
港产城 lists 港口基础设施 7 / 214, 临港产业 109 / 916, 城市发展 36 / 425亿元; the 18 March 2024 集中开工 batch
77 / 301亿元. Groups are drawn so each total is met to the 万元; names, owners and sites are plausible, not real.
History rows are written with their real-world dates (registration, start, completion), so the library overview
as of any earlier date shows the state the records had then.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.models import Department, Region
from core.money import WAN_PER_YI
from projects.choices import Industry, Stage
from projects.models import InvestmentPlan, ListKind, ListMembership, Project, ProjectList

SEED = 20240630
AS_OF = dt.date(2024, 6, 30)
TZ = ZoneInfo("Asia/Shanghai")
REASON = "演示数据"

LIST_KINDS = [  # code, name, is_cluster, has_date
    ("provincial_major", "省重大工程", False, False),
    ("central_local", "央地合作", False, False),
    ("port_city", "港产城融合", False, False),
    ("cluster", "产业集群", True, False),
    ("start_batch", "集中开工", False, True),
]
# name, kind code, in key library, date
LISTS = [
    ("省十五项重大工程（2024）", "provincial_major", True, None),
    ("全省重大央地合作项目（2024）", "central_local", False, None),
    ("港产城融合·港口基础设施", "port_city", False, None),
    ("港产城融合·临港产业", "port_city", False, None),
    ("港产城融合·城市发展", "port_city", False, None),
    ("2024年一季度集中开工（3月18日）", "start_batch", False, dt.date(2024, 3, 18)),
]
CLUSTERS = {  # cluster list name → industries whose projects join it
    "高品质钢铁产业集群": [Industry.STEEL],
    "清洁能源产业集群": [Industry.ENERGY],
    "黄金产业集群": [],
    "铜产业集群": [],
    "精细化工产业集群": [Industry.CHEMICAL],
    "铝产业集群": [],
    "镁产业集群": [Industry.MAGNESIUM],
    "粮油食品产业集群": [Industry.FOOD],
}
NONFERROUS_CLUSTERS = ["黄金产业集群", "铜产业集群", "铝产业集群"]


@dataclass
class Group:
    """A set of projects with a fixed count and total (亿元) in one library, optionally on one list."""

    name: str
    count: int
    total_yi: str
    library: str
    list_name: str | None = None
    industries: list = field(default_factory=list)
    start: dt.date | None = None


GROUPS = [
    Group("key", 21, "1161.7", "construction", LISTS[0][0], [Industry.ENERGY, Industry.CHEMICAL, Industry.STEEL]),
    Group("batch", 77, "301", "construction", LISTS[5][0], start=dt.date(2024, 3, 18)),
    Group("port", 7, "214", "construction", LISTS[2][0], [Industry.LOGISTICS]),
    Group("city", 36, "425", "construction", LISTS[4][0], [Industry.INFRASTRUCTURE, Industry.SOCIAL, Industry.TOURISM]),
    Group("construction", 833 - 21 - 77 - 7 - 36, "1103.3", "construction"),
    Group("central", 15, "1400", "reserve", LISTS[1][0], [Industry.ENERGY, Industry.CHEMICAL, Industry.NONFERROUS]),
    Group("lingang", 109, "916", "reserve", LISTS[3][0], [Industry.CHEMICAL, Industry.EQUIPMENT, Industry.LOGISTICS]),
    Group("reserve", 1321 - 15 - 109, "4935", "reserve"),
    Group("finished", 64, "186.4", "finished"),
    Group("terminated", 9, "23.5", "terminated"),
]

PRODUCTS = {
    Industry.STEEL: ["高品质特钢", "冷轧薄板", "钢铁超低排放改造", "精品棒线材", "不锈钢深加工", "中厚板智能化改造"],
    Industry.ENERGY: ["陆上风电", "海上风电", "分布式光伏", "储能电站", "LNG接收站配套", "氢能产业园", "清洁取暖"],
    Industry.CHEMICAL: ["精细化工新材料", "高端聚烯烃", "电子化学品", "乙烯下游深加工", "可降解材料", "功能膜材料"],
    Industry.MAGNESIUM: ["高纯镁砂", "镁质耐火材料", "镁合金深加工", "菱镁矿绿色开采", "电熔镁砂节能改造"],
    Industry.NONFERROUS: ["再生铝", "高端铜箔", "黄金精炼", "铝型材", "铜杆线"],
    Industry.EQUIPMENT: ["光伏装备制造", "汽车零部件", "船舶配套", "智能装备产业园", "海工装备"],
    Industry.FOOD: ["粮油精深加工", "冷链食品", "海产品精深加工", "饲料生产", "植物蛋白"],
    Industry.LOGISTICS: ["鲅鱼圈港区码头泊位改造", "集装箱物流园", "冷链物流基地", "港口铁路专用线", "散粮中转库"],
    Industry.INFRASTRUCTURE: [
        "城市道路改造",
        "老旧小区改造",
        "供水管网改造",
        "污水处理厂提标",
        "燃气管网",
        "防洪堤提升",
    ],
    Industry.SOCIAL: ["中心医院新院区", "中学迁建", "养老服务中心", "保障性住房", "职业教育实训基地"],
    Industry.AGRICULTURE: ["现代农业产业园", "设施农业", "高标准农田", "水产养殖基地"],
    Industry.TOURISM: ["滨海旅游度假区", "辽河文化产业带", "老港码头城市更新", "全民健身中心", "温泉康养"],
    Industry.DIGITAL: ["数据中心", "5G+工业互联网平台", "智慧城市", "算力中心"],
    Industry.OTHER: ["矿山生态修复", "国土综合整治", "海岸带生态修复", "土地开发整理"],
}
OWNER_WORDS = [
    "鑫泰",
    "金港",
    "辽河",
    "渤海",
    "华信",
    "盛达",
    "永顺",
    "宏远",
    "海晟",
    "北方",
    "天润",
    "新港",
    "瑞丰",
    "恒昌",
    "远洋",
    "东盛",
    "嘉禾",
    "中兴",
    "宝润",
    "华冶",
    "隆基",
    "泰和",
    "龙腾",
    "长兴",
]
OWNER_TRADES = {
    Industry.STEEL: "钢铁",
    Industry.ENERGY: "新能源",
    Industry.CHEMICAL: "化工",
    Industry.MAGNESIUM: "镁业",
    Industry.NONFERROUS: "金属",
    Industry.EQUIPMENT: "装备",
    Industry.FOOD: "食品",
    Industry.LOGISTICS: "物流",
    Industry.INFRASTRUCTURE: "城建",
    Industry.SOCIAL: "城投",
    Industry.AGRICULTURE: "农业",
    Industry.TOURISM: "文旅",
    Industry.DIGITAL: "科技",
    Industry.OTHER: "土地开发",
}
DEPARTMENT_OF = {
    Industry.ENERGY: "fgw",
    Industry.SOCIAL: "fgw",
    Industry.LOGISTICS: "jtysj",
    Industry.INFRASTRUCTURE: "zjj",
    Industry.AGRICULTURE: "nyncj",
    Industry.TOURISM: "wlj",
    Industry.OTHER: "zrzyj",
    Industry.FOOD: "swj",
}
# Where each industry tends to be built (region codes, functional zones included).
SITES = {
    Industry.STEEL: ["210804", "YK-KFQ", "YK-YHJD", "210882"],
    Industry.ENERGY: ["YK-XRD", "210881", "210804", "210811"],
    Industry.CHEMICAL: ["YK-XRD", "YK-YHJD", "210881"],
    Industry.MAGNESIUM: ["210882", "210881"],
    Industry.NONFERROUS: ["210804", "YK-KFQ", "210882"],
    Industry.EQUIPMENT: ["YK-GXQ", "YK-KFQ", "210811", "210804"],
    Industry.FOOD: ["210804", "210881", "YK-KFQ"],
    Industry.LOGISTICS: ["210804", "YK-KFQ", "210803"],
    Industry.INFRASTRUCTURE: ["210802", "210803", "210811", "210804", "210881", "210882"],
    Industry.SOCIAL: ["210802", "210803", "210811", "210804", "210881", "210882"],
    Industry.AGRICULTURE: ["210881", "210882", "210811"],
    Industry.TOURISM: ["210804", "210881", "210802", "210803"],
    Industry.DIGITAL: ["YK-GXQ", "210802", "210804"],
    Industry.OTHER: ["210881", "210882", "210811", "210804"],
}
# The month a 2024 new start broke ground, as weights: hardly any while the ground is frozen, more as the season gets
# under way, most in the first half of June (the city's mid-year start push). The June starts and the few continuing
# projects not yet resumed are the seed's construction projects beyond the 591 started or resumed by the end of May.
START_MONTH_WEIGHTS = {1: 2, 2: 2, 3: 8, 4: 18, 5: 22, 6: 48}
# Of the construction library's projects outside the 集中开工 batch, the share started in 2024; half that for the
# large ones (from 20亿元), which take years to build.
NEW_START_SHARE = 0.5
LARGE_WAN = 200000
STREETS = ["滨海", "新港", "辽河", "工业", "创业", "民主"]
HOST_DIVISION = {"YK-KFQ": "210804", "YK-GXQ": "210811", "YK-XRD": "210881", "YK-YHJD": "210811"}
CENTRES = {
    "210802": (122.253, 40.670),
    "210803": (122.210, 40.663),
    "210804": (122.127, 40.264),
    "210811": (122.383, 40.683),
    "210881": (122.356, 40.405),
    "210882": (122.506, 40.634),
    "YK-KFQ": (122.100, 40.290),
    "YK-GXQ": (122.300, 40.650),
    "YK-XRD": (122.070, 40.530),
    "YK-YHJD": (122.190, 40.610),
}


def split_total(rng: random.Random, count: int, total_wan: int, spread: float) -> list[Decimal]:
    """`count` positive amounts in whole 万元 that add up to `total_wan` exactly, log-normally spread."""
    floor = min(500, total_wan // (count * 4))
    weights = [rng.lognormvariate(0, spread) for _ in range(count)]
    scale = (total_wan - floor * count) / sum(weights)
    amounts = [floor + int(w * scale) for w in weights]
    amounts[max(range(count), key=amounts.__getitem__)] += total_wan - sum(amounts)
    return [Decimal(a) for a in amounts]


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=TZ)


def _random_day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _new_start_day(rng) -> dt.date:
    """A 2024 start day: the month by `START_MONTH_WEIGHTS`, the day within its first three weeks (the first
    fortnight in June)."""
    month = rng.choices(list(START_MONTH_WEIGHTS), weights=list(START_MONTH_WEIGHTS.values()))[0]
    return dt.date(2024, month, rng.randrange(1, 15 if month == 6 else 22))


class Builder:
    """Draws the projects group by group from one seeded generator."""

    def __init__(self):
        self.rng = random.Random(SEED)
        self.regions = {r.code: r for r in Region.objects.all()}
        self.departments = {d.code: d for d in Department.objects.all()}
        self.serial = 100000
        self.names: set[str] = set()

    def project(self, group: Group, amount: Decimal) -> tuple[Project, list[tuple[dt.date, str]], str | None]:
        rng = self.rng
        industry = rng.choice(group.industries or list(PRODUCTS))
        site = rng.choice(SITES[industry])
        region = self.regions[site]
        product = rng.choice(PRODUCTS[industry])
        owner_word = rng.choice(OWNER_WORDS)
        owner = f"营口{owner_word}{OWNER_TRADES[industry]}有限公司"
        name = f"{region.short_name or region.name}{owner_word}{product}项目"
        while name in self.names:
            name = f"{region.short_name or region.name}{owner_word}{product}（{rng.choice('一二三四五六')}期）项目"
            owner_word = rng.choice(OWNER_WORDS)
        self.names.add(name)
        latest = {"reserve": dt.date(2024, 6, 30), "construction": dt.date(2023, 6, 30)}.get(
            group.library, dt.date(2022, 12, 31)
        )
        registered = _random_day(rng, dt.date(2021, 3, 1), latest)
        events, actual_start, actual_finish = self.timeline(group, registered, amount)
        stage = events[-1][1]
        has_code = stage not in {Stage.PLANNING} or rng.random() < 0.2
        national_code = None
        if has_code:
            self.serial += rng.randrange(1, 40)
            division = HOST_DIVISION.get(site, site)
            national_code = (
                f"{registered.year}-{division}-{rng.choice(['04', '07', '44', '89'])}-"
                f"{rng.choice(['01', '02', '03'])}-{self.serial:06d}"
            )
        lon, lat = CENTRES[site]
        months = rng.randrange(18, 48)
        planned_start = actual_start or _random_day(rng, dt.date(2024, 7, 1), dt.date(2025, 12, 31))
        project = Project(
            national_code=national_code,
            name=name,
            owner=owner,
            region=region,
            address=f"营口市{region.name}{rng.choice(STREETS)}路{rng.randrange(1, 300)}号",
            longitude=Decimal(str(round(lon + rng.uniform(-0.06, 0.06), 6))),
            latitude=Decimal(str(round(lat + rng.uniform(-0.04, 0.04), 6))),
            industry=industry,
            construction_content=f"新建{product}生产及配套设施，总建筑面积约{rng.randrange(1, 40) * 5000}平方米。",
            total_investment=amount,
            planned_start=planned_start,
            planned_finish=planned_start + dt.timedelta(days=30 * months),
            actual_start=actual_start,
            actual_finish=actual_finish,
            stage=stage,
            responsible_department=self.departments[DEPARTMENT_OF.get(industry, "gxj")],
        )
        project._history_date = _moment(registered)
        if industry == Industry.NONFERROUS:
            cluster = rng.choice(NONFERROUS_CLUSTERS)
        else:
            cluster = next((c for c, inds in CLUSTERS.items() if industry in inds), None)
        return project, events, cluster

    def timeline(self, group: Group, registered: dt.date, amount: Decimal):
        """The stages a project went through, with dates, ending in its state on 2024-06-30."""
        rng = self.rng
        events = [(registered, Stage.PRELIMINARY if rng.random() < 0.7 else Stage.PLANNING)]
        start = finish = None
        if group.library == "construction":
            if group.start or rng.random() < NEW_START_SHARE / (2 if amount >= LARGE_WAN else 1):
                start = group.start or _new_start_day(rng)
                events.append((start, Stage.NEW_START))
            else:
                # works begin within about a year of registration, so most continuing projects were working in 2023
                earliest = max(registered, dt.date(2021, 4, 1))
                start = _random_day(rng, earliest, min(earliest + dt.timedelta(days=365), dt.date(2023, 11, 30)))
                events += [(start, Stage.NEW_START), (dt.date(start.year + 1, 1, 1), Stage.CONTINUING)]
                if start.year < 2023:
                    events.append((dt.date(start.year + 2, 1, 1), Stage.CONTINUING))
        elif group.library == "finished":
            start = _random_day(rng, max(registered, dt.date(2021, 4, 1)), dt.date(2023, 3, 31))
            finish = _random_day(rng, start + dt.timedelta(days=200), dt.date(2024, 3, 31))
            events += [(start, Stage.NEW_START), (finish, Stage.COMPLETED)]
            if rng.random() < 0.5:
                events.append((min(finish + dt.timedelta(days=60), AS_OF), Stage.OPERATING))
        elif group.library == "terminated":
            events.append((_random_day(rng, registered, dt.date(2024, 5, 31)), Stage.TERMINATED))
        events = [(day, stage) for day, stage in events if day <= AS_OF]
        deduped = [events[0]] + [e for prev, e in zip(events, events[1:], strict=False) if e[1] != prev[1]]
        return deduped, start, finish


def load_projects() -> None:
    """Create list kinds, lists, the demo projects, their plans, memberships and dated history (idempotent)."""
    if Project.objects.exists():
        return
    kinds = {}
    for order, (code, name, is_cluster, has_date) in enumerate(LIST_KINDS, start=1):
        kinds[code], _ = ListKind.objects.update_or_create(
            code=code, defaults={"name": name, "is_cluster": is_cluster, "has_date": has_date, "sort_order": order}
        )
    lists = {}
    for order, (name, kind, key, date) in enumerate(LISTS, start=1):
        lists[name], _ = ProjectList.objects.update_or_create(
            name=name,
            defaults={"kind": kinds[kind], "in_key_library": key, "date": date, "year": 2024, "sort_order": order},
        )
    for order, name in enumerate(CLUSTERS, start=1):
        lists[name], _ = ProjectList.objects.update_or_create(
            name=name, defaults={"kind": kinds["cluster"], "sort_order": order}
        )

    builder = Builder()
    drafts = []
    for group in GROUPS:
        total_wan = int(Decimal(group.total_yi) * WAN_PER_YI)
        for amount in split_total(builder.rng, group.count, total_wan, 1.0):
            project, events, cluster = builder.project(group, amount)
            drafts.append((group, project, events, cluster))
    projects = [d[1] for d in drafts]
    Project.objects.bulk_create(projects, batch_size=500)
    _write_history(drafts)
    _write_memberships(drafts, lists)
    _write_plans(builder.rng, drafts)


def _write_history(drafts) -> None:
    """One creation row at registration, then one row per stage change, each dated when it happened."""
    historical = Project.history.model
    rows = []
    for _group, project, events, _cluster in drafts:
        for position, (day, stage) in enumerate(events):
            values = {f.attname: getattr(project, f.attname) for f in Project.history.model.tracked_fields}
            values["stage"] = stage
            if stage in {Stage.PLANNING, Stage.PRELIMINARY}:
                values.update(actual_start=None, actual_finish=None)
            if stage in {Stage.NEW_START, Stage.CONTINUING}:
                values["actual_finish"] = None
            rows.append(
                historical(
                    history_date=_moment(day),
                    history_type="+" if position == 0 else "~",
                    history_change_reason=REASON,
                    **values,
                )
            )
    historical.objects.bulk_create(rows, batch_size=1000)


def _write_memberships(drafts, lists) -> None:
    memberships = []
    for group, project, events, cluster in drafts:
        joined = max(events[0][0], dt.date(2024, 1, 15))
        if group.list_name:
            list_date = lists[group.list_name].date or joined
            membership = ListMembership(project=project, project_list=lists[group.list_name])
            membership._history_date = _moment(min(max(list_date, events[0][0]), AS_OF))
            memberships.append(membership)
        if cluster:
            membership = ListMembership(project=project, project_list=lists[cluster])
            membership._history_date = _moment(events[0][0])
            memberships.append(membership)
    ListMembership.objects.bulk_create(memberships, batch_size=1000)
    ListMembership.history.bulk_history_create(memberships, default_change_reason=REASON, batch_size=1000)


def _write_plans(rng, drafts) -> None:
    """Annual investment plans for projects under construction: 2024 for all, 2023 for those started before."""
    plans = []
    for group, project, _events, _cluster in drafts:
        if group.library != "construction":
            continue
        # 11–27% of the total investment: the 2024 plans add up to about 600亿元, what Yingkou's January–May pace
        # (203.1亿元, about a third of a north-eastern year by the end of May) implies for the year.
        share = Decimal(rng.randrange(18, 45)) * 6 / 1000
        plans.append(InvestmentPlan(project=project, year=2024, amount=(project.total_investment * share).quantize(1)))
        if project.actual_start and project.actual_start.year < 2024:
            share_2023 = Decimal(rng.randrange(15, 35)) / 100
            plans.append(
                InvestmentPlan(project=project, year=2023, amount=(project.total_investment * share_2023).quantize(1))
            )
    for plan in plans:
        plan._history_date = _moment(dt.date(plan.year, 1, 20))
    InvestmentPlan.objects.bulk_create(plans, batch_size=1000)
    InvestmentPlan.history.bulk_history_create(plans, default_change_reason=REASON, batch_size=1000)
