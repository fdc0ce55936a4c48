"""Problems (难题) raised on projects, their record of transitions and escalations, supervision notices (督办单),
the city's problem categories and its overdue rules. Status changes go through `stewardship.transitions` only."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from stewardship.choices import EscalationLevel, EventKind, Light, ProblemStatus
from stewardship.models.teams import STEWARD_PATH


class ProblemCategory(BaseModel):
    """A kind of problem (用地, 资金, 审批 …): a list the city edits."""

    name = models.CharField(_("名称"), max_length=32, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Problem(BaseModel):
    """A problem holding a project back, assigned to one department, followed until the raiser verifies it."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="problems"
    )
    category = models.ForeignKey(
        ProblemCategory, verbose_name=_("问题类别"), on_delete=models.PROTECT, related_name="problems"
    )
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("问题描述"), blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="problems"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="raised_problems",
    )
    raised_on = models.DateField(_("提出日期"), db_index=True)
    deadline = models.DateField(_("办结时限"))
    measures = models.TextField(_("解决措施"), blank=True)
    progress = models.TextField(_("办理进展"), blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    solved_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    verified_on = models.DateField(_("销号日期"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    level = models.PositiveSmallIntegerField(
        _("协调层级"), choices=EscalationLevel.choices, default=EscalationLevel.ON_SITE
    )
    light = models.CharField(_("超期预警"), max_length=8, choices=Light.choices, default=Light.NONE, blank=True)
    # How many deadlines this problem has missed (a new deadline missed again counts again): rules read it.
    overdue_count = models.PositiveSmallIntegerField(_("超期次数"), default=0)
    overdue_deadline = models.DateField(_("最近一次超期的时限"), null=True, blank=True)
    service_log = models.ForeignKey(
        "stewardship.ServiceLog",
        verbose_name=_("提出时的服务记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )

    scope_region_field = "project__region"
    scope_department_field = "department"
    scope_owner_field = f"project__{STEWARD_PATH}"

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="problem_status_deadline")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.raised_on and self.deadline and self.deadline < self.raised_on:
            raise ValidationError({"deadline": self.deadline_error()})

    def deadline_error(self) -> str:
        """The refusal of a deadline before the raise date, in the same words on every path."""
        return _("办结时限（%(deadline)s）不能早于提出日期（%(raised)s）。") % {
            "deadline": self.deadline,
            "raised": self.raised_on,
        }

    def days_overdue(self, as_of) -> int:
        """Whole days past the deadline on `as_of` for a problem still waiting for its department, else 0."""
        from stewardship.choices import UNSOLVED

        if self.status not in UNSOLVED or self.deadline >= as_of:
            return 0
        return (as_of - self.deadline).days


class ProblemEvent(BaseModel):
    """A line of a problem's record: raised, a transition, an escalation (who, when, why), a notice, a light."""

    problem = models.ForeignKey(Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("类型"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(_("原状态"), max_length=16, choices=ProblemStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=ProblemStatus.choices, blank=True)
    from_level = models.PositiveSmallIntegerField(_("原层级"), choices=EscalationLevel.choices, null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(_("新层级"), choices=EscalationLevel.choices, null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on = models.DateField(_("日期"))
    reason = models.TextField(_("说明"), blank=True)

    scope_region_field = "problem__project__region"
    scope_department_field = "problem__department"
    scope_owner_field = f"problem__project__{STEWARD_PATH}"

    class Meta:
        verbose_name = _("问题记录")
        verbose_name_plural = _("问题记录")
        ordering = ["problem", "on", "pk"]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()} · {self.problem}"


class SupervisionNotice(BaseModel):
    """A supervision notice (督办单) on a problem: what the department must do, by its own deadline."""

    problem = models.ForeignKey(Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="notices")
    number = models.CharField(_("督办单编号"), max_length=32, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(_("签发日期"))
    deadline = models.DateField(_("整改方案报送时限"))
    requirement = models.TextField(_("督办要求"))
    answered_on = models.DateField(_("回复日期"), null=True, blank=True)
    answer = models.TextField(_("回复"), blank=True)

    scope_region_field = "problem__project__region"
    scope_department_field = "problem__department"
    scope_owner_field = f"problem__project__{STEWARD_PATH}"

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.number

    def clean(self):
        super().clean()
        if self.issued_on and self.deadline and self.deadline < self.issued_on:
            raise ValidationError({"deadline": _("督办时限不能早于签发日期。")})


class OverdueRule(BaseModel):
    """The city's rule for an overdue light: at least `min_days` past the deadline, or `min_repeats` deadlines missed.

    The most severe matching rule sets the light, escalates the problem to `escalate_to` (never down) and says who
    is told; the city edits these rows, not code (e.g. yellow → the project's lead, two yellows → red).
    """

    light = models.CharField(_("预警颜色"), max_length=8, choices=Light.choices[1:])
    min_days = models.PositiveSmallIntegerField(_("超期天数不少于"), default=1)
    min_repeats = models.PositiveSmallIntegerField(
        _("或超期次数不少于"), null=True, blank=True, help_text=_("留空表示只看天数")
    )
    escalate_to = models.PositiveSmallIntegerField(_("升级到"), choices=EscalationLevel.choices, null=True, blank=True)
    notify_department = models.BooleanField(_("通知责任部门"), default=True)
    notify_steward = models.BooleanField(_("通知项目管家"), default=False)
    notify_raiser = models.BooleanField(_("通知提出人"), default=False)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("超期预警规则")
        verbose_name_plural = _("超期预警规则")
        ordering = ["light", "min_days"]

    def __str__(self):
        return f"{self.get_light_display()} ≥ {self.min_days}"

    # What the city edits of a rule (its form) and reads of it (its list and export).
    EDITABLE = (
        "light",
        "min_days",
        "min_repeats",
        "escalate_to",
        "notify_department",
        "notify_steward",
        "notify_raiser",
        "active",
    )

    def matches(self, days: int, repeats: int) -> bool:
        """Whether a problem `days` past its deadline, with `repeats` deadlines missed, falls under this rule."""
        return days >= max(self.min_days, 1) or (
            days > 0 and self.min_repeats is not None and repeats >= self.min_repeats
        )
