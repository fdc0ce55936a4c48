"""The seed's whole 攻坚突破 list as of May 2024 (May Day for the holiday figures), with its catalogue, owner
departments and one demo account per owner department.

Last year's values (May 2023) are chosen so that every growth the seed prints comes out of the system's own
computation (`indicators.figures.yoy`, half up to the published decimals); a growth the seed prints without a
base the department could give (科技服务业营业收入 +21 %) is entered as reported. The investment headline (591
projects, 203.1亿元, +7.5 %) is not entered: it is computed from the monthly reports of the scheduling demo.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.choices import Role
from core.demo import DEMO_PASSWORD
from core.models import Department, User
from indicators.choices import Accumulation, Direction, Level, Qualifier, Source
from indicators.figures import city_region
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank
from scheduling.choices import ReportStatus

PERIOD = dt.date(2024, 5, 1)
LAST_YEAR = dt.date(2023, 5, 1)

# Owner departments the default list lacks: code, name, short name.
DEPARTMENTS = [
    ("kjj", "科学技术局", "科技局"),
    ("rsj", "人力资源和社会保障局", "人社局"),
    ("scjgj", "市场监督管理局", "市场监管局"),
]
# One demo account per owner department: username, surname, given name, department code.
ACCOUNTS = [
    ("gxj_user", "孙", "志强", "gxj"),
    ("kjj_user", "周", "晓梅", "kjj"),
    ("nyncj_user", "吴", "德福", "nyncj"),
    ("swj_user", "郑", "丽华", "swj"),
    ("wlj_user", "冯", "雪", "wlj"),
    ("ysj_user", "陈", "博", "ysj"),
    ("rsj_user", "褚", "卫东", "rsj"),
    ("scjgj_user", "卫", "红", "scjgj"),
]
# The seed's groups: code, name, the lead its bullet opens with.
CATEGORIES = [
    ("investment", "项目建设", "抓好项目建设，为高质量发展蓄积动能"),
    ("industry", "工业", "扶持工业企业转型升级，发展新质生产力"),
    ("technology", "科技", "深化科技创新，推动技术落地"),
    ("agriculture", "农业", "农业生产稳中有升，肉蛋奶、果菜油产品量质足优"),
    ("consumption", "消费", "推动消费升级"),
    ("tourism", "文体旅", "促进文体旅深度融合"),
    ("business", "营商环境", "打造营商环境“升级版”"),
    ("employment", "就业", "扩大城镇就业"),
    ("market", "经营主体", "壮大经营主体"),
]

YTD, POINT = Accumulation.YTD, Accumulation.POINT
# code, category, name, unit, owner, accumulation, precision, growth precision, options
CATALOGUE = [
    (
        "projects_started",
        "investment",
        "开复工项目",
        "个",
        "fgw",
        YTD,
        0,
        1,
        {"computed_by": "projects_started", "headline": True, "publish_growth": False},
    ),
    (
        "investment_ytd",
        "investment",
        "完成投资",
        "亿元",
        "fgw",
        YTD,
        1,
        1,
        {"computed_by": "investment_ytd", "headline": True},
    ),
    (
        "problems_solved",
        "investment",
        "项目管家解决难题",
        "个",
        "fgw",
        YTD,
        0,
        1,
        {"computed_by": "problems_solved", "publish_growth": False},
    ),
    ("tech_innovation_projects", "industry", "实施工业技术创新项目", "项", "gxj", YTD, 0, 1, {}),
    ("innovation_product_firms", "industry", "申报省工业企业创新产品目录企业", "家", "gxj", YTD, 0, 1, {}),
    ("innovation_products", "industry", "申报省工业企业创新产品目录产品", "个", "gxj", YTD, 0, 1, {}),
    ("factories_5g", "industry", "申报辽宁省5G工厂试点项目", "个", "gxj", YTD, 0, 1, {}),
    ("pilot_zones_5g", "industry", "申报“5G+工业互联网”融合应用先导区试点项目", "个", "gxj", YTD, 0, 1, {}),
    ("internet_platforms", "industry", "参评省级工业互联网平台", "个", "gxj", YTD, 0, 1, {}),
    ("green_factories", "industry", "推荐申报省级“绿色工厂”企业", "家", "gxj", YTD, 0, 1, {}),
    ("green_parks", "industry", "推荐申报省级“绿色园区”园区", "家", "gxj", YTD, 0, 1, {}),
    ("new_srdi_firms", "industry", "新增省级专精特新中小企业", "家", "gxj", YTD, 0, 1, {}),
    ("little_giants", "industry", "推荐申报国家级专精特新“小巨人”企业", "家", "gxj", YTD, 0, 1, {}),
    ("quality_benchmarks", "industry", "申报辽宁省质量标杆企业", "家", "gxj", YTD, 0, 1, {}),
    ("design_centres", "industry", "申报省级工业设计中心企业", "家", "gxj", YTD, 0, 1, {}),
    ("new_tech_smes", "technology", "新增注册科技型中小企业", "家", "kjj", YTD, 0, 1, {}),
    ("provincial_tech_needs", "technology", "征集省级技术需求", "项", "kjj", YTD, 0, 1, {}),
    ("city_tech_needs", "technology", "征集市级技术攻关需求", "项", "kjj", YTD, 0, 1, {}),
    ("soft_research", "technology", "征集软课题研究", "项", "kjj", YTD, 0, 1, {}),
    ("tech_contracts", "technology", "技术合同成交额", "亿元", "kjj", YTD, 0, 1, {"annual_target": "200000"}),
    ("tech_transfers", "technology", "转化落地科技成果", "项", "kjj", YTD, 0, 1, {}),
    ("award_nominations", "technology", "推荐申报辽宁省科学技术奖项目", "个", "kjj", YTD, 0, 0, {}),
    ("tech_service_revenue", "technology", "规模以上科技服务业企业营业收入", "亿元", "kjj", YTD, 2, 0, {}),
    ("tech_service_wages", "technology", "科技服务业企业工资总额", "亿元", "kjj", YTD, 2, 0, {}),
    ("grain_area", "agriculture", "粮食播种面积", "万亩", "nyncj", YTD, 2, 1, {}),
    ("vegetables", "agriculture", "蔬菜及食用菌产量", "万吨", "nyncj", YTD, 1, 0, {}),
    ("fruit", "agriculture", "水果产量", "万吨", "nyncj", YTD, 2, 1, {}),
    ("pork", "agriculture", "猪肉产量", "万吨", "nyncj", YTD, 2, 2, {}),
    ("poultry", "agriculture", "禽肉产量", "万吨", "nyncj", YTD, 2, 2, {}),
    ("pigs_slaughtered", "agriculture", "生猪出栏", "万头", "nyncj", YTD, 2, 1, {}),
    ("aquatic_products", "agriculture", "水产品产量", "万吨", "nyncj", YTD, 2, 2, {}),
    ("promotions", "consumption", "开展主题促销活动", "场", "swj", YTD, 0, 1, {}),
    ("consumption_themes", "consumption", "消费主题活动", "个", "swj", YTD, 0, 1, {}),
    ("culture_events", "tourism", "举办文体旅游活动", "场", "wlj", YTD, 0, 1, {}),
    ("mayday_visitors", "tourism", "“五一”期间接待游客", "万人次", "wlj", POINT, 2, 2, {}),
    ("mayday_revenue", "tourism", "“五一”期间旅游收入", "亿元", "wlj", POINT, 2, 2, {}),
    ("exempt_policies", "business", "上线免申即享政策", "项", "ysj", YTD, 0, 1, {}),
    ("exempt_paid", "business", "免申即享累计兑付", "万元", "ysj", YTD, 0, 1, {}),
    ("one_thing_done", "business", "“一件事高效办成”业务", "件", "ysj", YTD, 0, 1, {}),
    ("hotline_direct_reply", "business", "12345热线平台诉求直接答复率", "%", "ysj", POINT, 2, 2, {}),
    ("hotline_resolution", "business", "12345热线平台有效办结率", "%", "ysj", POINT, 2, 2, {}),
    ("hotline_satisfaction", "business", "12345热线平台满意率", "%", "ysj", POINT, 1, 1, {}),
    ("new_urban_jobs", "employment", "城镇新增就业", "人", "rsj", YTD, 0, 1, {"annual_target": "22000"}),
    ("reemployment", "employment", "城镇失业人员再就业", "人", "rsj", YTD, 0, 1, {}),
    ("hard_to_employ", "employment", "就业困难人员实现就业", "人", "rsj", YTD, 0, 1, {}),
    (
        "zero_job_households",
        "employment",
        "零就业家庭",
        "户",
        "rsj",
        POINT,
        0,
        1,
        {"direction": Direction.LOWER, "annual_target": "0", "note": "保持动态为零"},
    ),
    ("youth_trainee_posts", "employment", "青年就业见习募集岗位", "个", "rsj", YTD, 0, 1, {}),
    ("new_market_entities", "market", "新增经营主体", "户", "scjgj", YTD, 0, 1, {"headline": True}),
    ("market_entities", "market", "经营主体总数", "万户", "scjgj", POINT, 2, 2, {"headline": True}),
]

# May 2024: code → (value, qualifier, published growth when the system lacks the base). Amounts in 万元.
VALUES = {
    "tech_innovation_projects": ("152",),
    "innovation_product_firms": ("15",),
    "innovation_products": ("16",),
    "factories_5g": ("13",),
    "pilot_zones_5g": ("5",),
    "internet_platforms": ("2",),
    "green_factories": ("12",),
    "green_parks": ("1",),
    "new_srdi_firms": ("17",),
    "little_giants": ("12",),
    "quality_benchmarks": ("3",),
    "design_centres": ("2",),
    "new_tech_smes": ("237",),
    "provincial_tech_needs": ("62",),
    "city_tech_needs": ("33",),
    "soft_research": ("17",),
    "tech_contracts": ("80000",),
    "tech_transfers": ("30",),
    "award_nominations": ("19", "", "30"),
    "tech_service_revenue": (None, "", "21"),
    "tech_service_wages": (None, "", "8"),
    "grain_area": ("139.37",),
    "vegetables": ("18.4",),
    "fruit": ("18.27",),
    "pork": ("1.63",),
    "poultry": ("11.77",),
    "pigs_slaughtered": ("18.24",),
    "aquatic_products": ("19.37",),
    "promotions": ("200", Qualifier.MORE),
    "consumption_themes": ("12",),
    "culture_events": ("700", Qualifier.ODD),
    "mayday_visitors": ("334.37",),
    "mayday_revenue": ("290400",),
    "exempt_policies": ("27",),
    "exempt_paid": ("4900", Qualifier.OVER),
    "one_thing_done": ("28967",),
    "hotline_direct_reply": ("74.45",),
    "hotline_resolution": ("97.53",),
    "hotline_satisfaction": ("85.4",),
    "new_urban_jobs": ("10452",),
    "reemployment": ("11290",),
    "hard_to_employ": ("2473",),
    "zero_job_households": ("0",),
    "youth_trainee_posts": ("383",),
    "new_market_entities": ("4300",),
    "market_entities": ("30.72",),
}
# May 2023 (May Day 2023), chosen so the computed growth is the seed's: 18.4 on 17.86 → +3 %, 1.63 on 1.4139 →
# +15.28 %, 334.37 on 147.6964 → +126.39 %, 29.04亿 on 10.34亿 → +180.85 %, 30.72万 on 29.4394万 → +4.35 % …
LAST_YEAR_VALUES = {
    "vegetables": "17.86",
    "fruit": "17.82",
    "pork": "1.4139",
    "poultry": "11.6121",
    "pigs_slaughtered": "17.03",
    "aquatic_products": "18.8131",
    "mayday_visitors": "147.6964",
    "mayday_revenue": "103400",
    "market_entities": "29.4394",
}
# Province ranks the city entered, with where they were published.
RANKS = [
    ("investment_ytd", dt.date(2024, 5, 1), 5, "辽宁日报《营口：扬帆竞渡冲在攻坚前列》（1-5月固定资产投资增速）"),
    ("investment_ytd", dt.date(2024, 3, 1), 3, "辽宁日报《营口：扬帆竞渡冲在攻坚前列》（一季度固定资产投资增速）"),
]


def load_departments_and_accounts() -> dict:
    """The owner departments the default list lacks and one department user per owner; {code: Department}."""
    for code, name, short in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name, "short_name": short})
    departments = {department.code: department for department in Department.objects.all()}
    for username, surname, given, code in ACCOUNTS:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "last_name": surname,
                "first_name": given,
                "role": Role.DEPARTMENT_USER,
                "region": None,
                "department": departments[code],
                "is_staff": False,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    return departments


def load_catalogue(departments: dict) -> dict:
    """The categories and the indicators of the seed's list; {code: Indicator}."""
    categories = {}
    for order, (code, name, lead) in enumerate(CATEGORIES, start=1):
        categories[code], _created = IndicatorCategory.objects.update_or_create(
            code=code, defaults={"name": name, "lead": lead, "sort_order": order * 10}
        )
    indicators = {}
    for order, (code, category, name, unit, owner, accumulation, places, growth_places, options) in enumerate(
        CATALOGUE, start=1
    ):
        options = dict(options)
        target = options.pop("annual_target", None)
        indicators[code], _created = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": categories[category],
                "unit": unit,
                "owner": departments[owner],
                "accumulation": accumulation,
                "precision": places,
                "growth_precision": growth_places,
                "annual_target": Decimal(target) if target is not None else None,
                "level": Level.CITY,
                "source": Source.COMPUTED if "computed_by" in options else Source.ENTERED,
                "sort_order": order,
                **options,
            },
        )
    return indicators


def _store(indicator, period, region, value, qualifier="", growth=None, entered_by=None, reviewer=None):
    IndicatorValue.objects.update_or_create(
        indicator=indicator,
        period=period,
        region=region,
        defaults={
            "value": None if value is None else Decimal(value),
            "qualifier": qualifier,
            "reported_growth": None if growth is None else Decimal(growth),
            "status": ReportStatus.APPROVED,
            "entered_by": entered_by,
            "reviewed_by": reviewer,
            "reviewed_at": timezone.make_aware(dt.datetime(period.year, period.month, 28, 10, 0)),
        },
    )


def load_indicators() -> None:
    """Demo step (order 60): the catalogue, May 2024's values and May 2023's bases, and the province ranks."""
    departments = load_departments_and_accounts()
    indicators = load_catalogue(departments)
    city = city_region()
    reviewer = User.objects.get(username="city_admin")
    clerks = {user.department_id: user for user in User.objects.filter(username__in=[a[0] for a in ACCOUNTS])}
    for code, row in VALUES.items():
        value, qualifier, growth = row + ("", None)[len(row) - 1 :]
        indicator = indicators[code]
        clerk = clerks.get(indicator.owner_id)
        _store(indicator, PERIOD, city, value, qualifier, growth, clerk, reviewer)
    for code, value in LAST_YEAR_VALUES.items():
        indicator = indicators[code]
        _store(indicator, LAST_YEAR, city, value, entered_by=clerks.get(indicator.owner_id), reviewer=reviewer)
    for code, period, rank, source in RANKS:
        ProvinceRank.objects.update_or_create(
            indicator=indicators[code],
            period=period,
            measure="增速",
            defaults={"rank": rank, "of_total": 14, "source": source},
        )
