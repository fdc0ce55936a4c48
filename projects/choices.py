"""Choices for projects: stages, libraries, industries, funding sources, contact roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a project is in its life; the library it sits in follows from this."""

    PLANNING = "planning", _("谋划储备")
    PRELIMINARY = "preliminary", _("前期")
    NEW_START = "new_start", _("新开工")
    CONTINUING = "continuing", _("续建")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产")
    SUSPENDED = "suspended", _("暂停")
    TERMINATED = "terminated", _("终止")


# Stages in which construction has begun (a start date is due) and those in which it has ended (a finish date too).
STARTED_STAGES = frozenset({Stage.NEW_START, Stage.CONTINUING, Stage.COMPLETED, Stage.OPERATING})
FINISHED_STAGES = frozenset({Stage.COMPLETED, Stage.OPERATING})


class Library(models.TextChoices):
    """The city's three project libraries (项目库)."""

    RESERVE = "reserve", _("储备项目库")
    CONSTRUCTION = "construction", _("建设项目库")
    KEY = "key", _("重点项目库")


class Industry(models.TextChoices):
    """Industry of a project, in the groupings Yingkou reports by."""

    STEEL = "steel", _("钢铁冶金")
    ENERGY = "energy", _("清洁能源")
    CHEMICAL = "chemical", _("石化及精细化工")
    MAGNESIUM = "magnesium", _("镁质材料")
    NONFERROUS = "nonferrous", _("有色金属")
    EQUIPMENT = "equipment", _("装备制造")
    FOOD = "food", _("粮油食品")
    LOGISTICS = "logistics", _("港口物流")
    INFRASTRUCTURE = "infrastructure", _("城市基础设施")
    SOCIAL = "social", _("社会民生")
    AGRICULTURE = "agriculture", _("现代农业")
    TOURISM = "tourism", _("文体旅游")
    DIGITAL = "digital", _("数字经济")
    OTHER = "other", _("其他")


class FundingKind(models.TextChoices):
    """Where a project's money comes from."""

    CENTRAL_BUDGET = "central_budget", _("中央预算内投资")
    SPECIAL_BOND = "special_bond", _("地方政府专项债券")
    LOCAL_BUDGET = "local_budget", _("地方财政资金")
    BANK_LOAN = "bank_loan", _("银行贷款")
    SELF_RAISED = "self_raised", _("企业自筹")
    FOREIGN = "foreign", _("外资")
    OTHER = "other", _("其他")


class ContactRole(models.TextChoices):
    """The five roles other cities name for every project, plus the owner's liaison."""

    RESPONSIBLE_LEADER = "responsible_leader", _("包保领导")
    LEAD_UNIT = "lead_unit", _("牵头单位联系人")
    ONSITE_CADRE = "onsite_cadre", _("驻场干部")
    OWNER_LIAISON = "owner_liaison", _("业主联络员")
    SITE_MANAGER = "site_manager", _("项目经理")


class InvestmentBand(models.TextChoices):
    """Size bands used to filter and summarise projects (by total investment)."""

    UNDER_1 = "lt1", _("1亿元以下")
    FROM_1_TO_10 = "1to10", _("1亿–10亿元")
    FROM_10_TO_50 = "10to50", _("10亿–50亿元")
    FROM_50 = "ge50", _("50亿元及以上")


# Bounds in 万元 (lower inclusive, upper exclusive) for each band.
INVESTMENT_BAND_BOUNDS = {
    InvestmentBand.UNDER_1: (None, 10_000),
    InvestmentBand.FROM_1_TO_10: (10_000, 100_000),
    InvestmentBand.FROM_10_TO_50: (100_000, 500_000),
    InvestmentBand.FROM_50: (500_000, None),
}
