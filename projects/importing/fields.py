"""The project fields an import can fill, the header words that name them, and the value words they accept.

Synonyms come from the lists districts and departments actually send (项目名称/项目名/名称, 建设单位/业主单位/
项目法人 …) and from English portfolios (Project Name, Budget …). Regions and departments are recognised by code,
full name or short name, stages and industries by their labels and everyday words (在建 → 续建, 储备 → 谋划储备).
"""

from django.utils.translation import gettext as _

from core.importing.cells import normalise_key
from core.importing.rows import Field
from core.models import Department, Region
from core.models.organisation import split_aliases
from projects.choices import Industry, Stage

HEADER_SYNONYMS = {
    "national_code": (
        "全国投资项目代码",
        "投资项目代码",
        "统一代码",
        "项目统一代码",
        "项目赋码",
        "national code",
        "project code",
    ),
    "name": ("项目名", "名称", "项目", "项目名称及建设内容", "project name", "name", "project title", "title"),
    "owner": (
        "建设单位",
        "业主单位",
        "项目单位",
        "项目建设单位",
        "项目业主单位",
        "建设主体",
        "投资主体",
        "项目法人",
        "项目业主",
        "业主",
        "实施单位",
        "owner",
        "project owner",
        "agency",
        "managing agency",
    ),
    "region": (
        "所属区域",
        "所在地区",
        "所属县区",
        "所在县（市）区",
        "所属县（市）区",
        "地区",
        "县区",
        "所在县区",
        "区县",
        "县（市）区",
        "县市区",
        "属地",
        "所在地",
        "region",
        "district",
        "county",
    ),
    "address": ("项目地址", "地点", "地址", "建设地址", "location", "address", "site"),
    "industry": ("行业", "行业类别", "产业", "产业类别", "产业类型", "industry", "sector"),
    "construction_content": (
        "建设规模及内容",
        "建设规模和内容",
        "建设内容及规模",
        "主要建设内容",
        "建设规模",
        "description",
        "scope",
    ),
    "total_investment": (
        "总投资",
        "项目总投资",
        "计划总投资",
        "投资总额",
        "总投资额",
        "total investment",
        "budget",
        "total budget",
        "planned cost",
    ),
    "planned_start": ("计划开工", "计划开工时间", "预计开工时间", "拟开工时间", "planned start"),
    "planned_finish": (
        "计划竣工",
        "计划竣工时间",
        "计划完工时间",
        "预计竣工时间",
        "拟竣工时间",
        "planned finish",
        "planned completion",
    ),
    "actual_start": ("实际开工", "实际开工时间", "开工日期", "开工时间", "actual start", "start date"),
    "actual_finish": ("实际竣工", "实际竣工时间", "竣工日期", "竣工时间", "actual finish", "completion date"),
    "stage": ("阶段", "项目状态", "状态", "建设阶段", "项目进展阶段", "建设性质", "stage", "phase", "status"),
    "responsible_department": (
        "责任单位",
        "牵头部门",
        "牵头单位",
        "主管部门",
        "行业主管部门",
        "department",
        "responsible department",
    ),
}

STAGE_SYNONYMS = {
    Stage.PLANNING: ("谋划", "储备", "谋划储备", "策划", "谋划项目", "储备项目"),
    Stage.PRELIMINARY: ("前期", "前期工作", "前期阶段", "前期项目"),
    Stage.NEW_START: ("新开工", "开工", "新开工项目", "拟新开工"),
    Stage.CONTINUING: ("续建", "在建", "施工", "续建项目", "在建项目"),
    Stage.COMPLETED: ("竣工", "完工", "建成", "已竣工"),
    Stage.OPERATING: ("投产", "运营", "投用", "达产", "已投产"),
    Stage.SUSPENDED: ("暂停", "停工", "停建", "缓建"),
    Stage.TERMINATED: ("终止", "取消", "已终止"),
}

INDUSTRY_SYNONYMS = {
    Industry.STEEL: ("钢铁", "冶金", "钢铁冶金"),
    Industry.ENERGY: ("能源", "新能源", "清洁能源", "电力"),
    Industry.CHEMICAL: ("化工", "石化", "精细化工", "石化化工", "石化及精细化工"),
    Industry.MAGNESIUM: ("镁", "镁质材料", "菱镁", "镁业"),
    Industry.NONFERROUS: ("有色", "有色金属"),
    Industry.EQUIPMENT: ("装备", "装备制造", "装备制造业"),
    Industry.FOOD: ("食品", "粮油", "粮油食品", "食品加工"),
    Industry.LOGISTICS: ("物流", "港口", "港口物流", "交通物流"),
    Industry.INFRASTRUCTURE: ("基础设施", "城市基础设施", "市政", "市政基础设施"),
    Industry.SOCIAL: ("民生", "社会民生", "社会事业", "教育", "卫生"),
    Industry.AGRICULTURE: ("农业", "现代农业", "农林水"),
    Industry.TOURISM: ("文旅", "旅游", "文体旅游", "文化旅游"),
    Industry.DIGITAL: ("数字", "数字经济", "信息化", "信息技术", "IT"),
    Industry.OTHER: ("其他", "其它"),
}

# What a row must give (or the mapping default) when it creates a project rather than updating one.
CREATE_REQUIRED = ("region", "total_investment")

# Lines that sum the table up rather than describe a project.
TOTAL_ROW_NAMES = frozenset(
    normalise_key(word) for word in ("合计", "总计", "小计", "Total", "Subtotal", "Grand Total")
)


def _choice_pairs(choices, synonyms):
    return [(value, (str(label), *synonyms.get(value, ()))) for value, label in choices]


def region_lookup() -> dict[str, int]:
    """{code, name, short name, name without 市/区/县, 营口市+name → region id}: how sheets name a district.

    Districts come before townships (the regions' order), so a short word names the district first:
    大石桥 is 大石桥市, 盖州 盖州市, 鲅鱼圈 鲅鱼圈区, 经开区 the development zone.
    """
    lookup: dict[str, int] = {}
    regions = list(Region.objects.values_list("pk", "code", "name", "short_name", "parent__name"))
    for pk, code, *_names in regions:
        lookup.setdefault(normalise_key(code), pk)
    for pk, _code, name, short_name, parent_name in regions:
        bare = name[:-1] if len(name) > 2 and name[-1] in "市区县" else ""
        for word in (name, short_name, bare, f"{parent_name or ''}{name}"):
            if word:
                lookup.setdefault(normalise_key(word), pk)
    return lookup


def department_lookup() -> dict[str, int]:
    """{code, name, short name, each alias, name without 营口市 → department id}; aliases are the city's own list."""
    lookup: dict[str, int] = {}
    departments = Department.objects.values_list("pk", "code", "name", "short_name", "aliases")
    for pk, code, name, short_name, aliases in departments:
        for word in (code, name, short_name, name.removeprefix("营口市"), *split_aliases(aliases)):
            if word:
                lookup.setdefault(normalise_key(word), pk)
    return lookup


def project_fields() -> dict[str, Field]:
    """The importable project fields, with today's regions and departments.

    Only name and owner are required in every file (they identify a project); a new project also needs its
    region and total investment, which the importer checks row by row (see CREATE_REQUIRED).
    """
    labels = {
        "national_code": _("项目代码"),
        "name": _("项目名称"),
        "owner": _("建设单位"),
        "region": _("所属地区"),
        "address": _("建设地点"),
        "industry": _("所属行业"),
        "construction_content": _("建设内容"),
        "total_investment": _("总投资（万元）"),
        "planned_start": _("计划开工日期"),
        "planned_finish": _("计划竣工日期"),
        "actual_start": _("实际开工日期"),
        "actual_finish": _("实际竣工日期"),
        "stage": _("项目阶段"),
        "responsible_department": _("责任部门"),
    }

    def field(name, **kwargs):
        synonyms = HEADER_SYNONYMS[name]
        label = labels[name]
        # "总投资（万元）" is also matched without its unit, and the Chinese label without "日期".
        extra = tuple(w for w in (label.split("（")[0], label.removesuffix("日期")) if w != label)
        return Field(name, label, (*extra, *synonyms), **kwargs)

    return {
        "national_code": field("national_code", max_length=40),
        "name": field("name", required=True, max_length=200),
        "owner": field("owner", required=True, max_length=200),
        "region": field(
            "region",
            kind="choice",
            lookup=region_lookup(),
            allowed_labels=_("区划代码、名称或简称，如 210804、鲅鱼圈区、鲅鱼圈"),
        ),
        "address": field("address", max_length=200),
        "industry": field(
            "industry",
            kind="choice",
            choices=_choice_pairs(Industry.choices, INDUSTRY_SYNONYMS),
            allowed_labels="、".join(str(label) for label in Industry.labels),
        ),
        "construction_content": field("construction_content"),
        "total_investment": field("total_investment", kind="money"),
        "planned_start": field("planned_start", kind="date"),
        "planned_finish": field("planned_finish", kind="date"),
        "actual_start": field("actual_start", kind="date"),
        "actual_finish": field("actual_finish", kind="date"),
        "stage": field(
            "stage",
            kind="choice",
            choices=_choice_pairs(Stage.choices, STAGE_SYNONYMS),
            allowed_labels="、".join(str(label) for label in Stage.labels),
        ),
        "responsible_department": field(
            "responsible_department",
            kind="choice",
            lookup=department_lookup(),
            allowed_labels=_("部门代码、名称、简称或别名，如 zrzyj、自然资源局、国土局"),
        ),
    }
