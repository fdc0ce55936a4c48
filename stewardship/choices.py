"""Choices of stewardship: team roles, service kinds and levels, problem status, escalation levels, lights."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamLevel(models.TextChoices):
    """Whose team: the city's service team (市级帮办团队) or a district's (县区帮办团队)."""

    CITY = "city", _("市级帮办团队")
    COUNTY = "county", _("县区帮办团队")


class TeamRole(models.TextChoices):
    """The named roles of a service team; "1+1+N" is one company contact and N department contacts."""

    RESPONSIBLE_LEADER = "responsible_leader", _("责任领导")
    LEAD_UNIT = "lead_unit", _("牵头单位")
    ONSITE_CADRE = "onsite_cadre", _("驻场干部")
    OWNER_LIAISON = "owner_liaison", _("业主联络人")
    SITE_MANAGER = "site_manager", _("现场负责人")
    COMPANY_CONTACT = "company_contact", _("企业联络员（1+1+N 之“1”）")
    DEPARTMENT_CONTACT = "department_contact", _("部门联络员（1+1+N 之“N”）")


class ServiceKind(models.TextChoices):
    """What kind of service a log entry records."""

    VISIT = "visit", _("现场调研")
    PHONE = "phone", _("电话调研")
    MEETING = "meeting", _("协调会议")


class ServiceLevel(models.TextChoices):
    """Who served: the city steward in person, the city service team, or a district team (the seed counts each)."""

    STEWARD = "steward", _("市级项目管家")
    CITY_TEAM = "city_team", _("市级帮办团队")
    COUNTY_TEAM = "county_team", _("县区帮办团队")


class ProblemStatus(models.TextChoices):
    """The closed loop of a problem: open → in progress → solved → verified, or returned to be worked again."""

    OPEN = "open", _("待办")
    IN_PROGRESS = "in_progress", _("办理中")
    SOLVED = "solved", _("已办结")
    VERIFIED = "verified", _("已销号")
    RETURNED = "returned", _("已退回")


# Statuses in which a problem still waits for the responsible department.
UNSOLVED = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, ProblemStatus.RETURNED)
# Statuses counted as solved (a verified problem was solved first).
SOLVED = (ProblemStatus.SOLVED, ProblemStatus.VERIFIED)


class EscalationLevel(models.IntegerChoices):
    """Where a problem is being handled; escalation moves it up (on-site → district → steward → meeting → province)."""

    ON_SITE = 1, _("现场解决")
    DISTRICT = 2, _("县区协调")
    STEWARD = 3, _("市级管家")
    CITY_MEETING = 4, _("市政府专题会议")
    PROVINCE = 5, _("提请省级协调")


class Light(models.TextChoices):
    """A problem's overdue light, set by the city's overdue rules."""

    NONE = "", _("未超期")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class EventKind(models.TextChoices):
    """What a problem's record line says happened."""

    RAISED = "raised", _("提出")
    TRANSITION = "transition", _("状态变更")
    ESCALATION = "escalation", _("升级")
    NOTICE = "notice", _("督办单")
    OVERDUE = "overdue", _("超期预警")
