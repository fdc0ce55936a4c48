"""The project and what hangs directly from it: annual plans, funding sources, contacts."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.money import MONEY_DIGITS, format_money, to_yi
from projects.choices import FINISHED_STAGES, STARTED_STAGES, ContactRole, FundingKind, Industry, Stage
from projects.libraries import effective_stage
from projects.validators import normalise_national_code, validate_national_code

MONEY = MONEY_DIGITS
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Project(BaseModel):
    """An investment project tracked by the city, from its first idea to production."""

    national_code = models.CharField(
        _("项目代码"),
        max_length=24,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_national_code],
        help_text=_("全国投资项目在线审批监管平台赋予的 24 位代码；储备项目可暂缺"),
    )
    # A source's own id (NYC's PID, a city's 项目编号), as "source:id": an import matches on it before anything else.
    external_key = models.CharField(
        _("外部编号"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("导入来源自己的项目编号（来源:编号），再次导入时据此识别同一项目"),
    )
    name = models.CharField(_("项目名称"), max_length=200, db_index=True)
    owner = models.CharField(_("建设单位"), max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("所属地区"), on_delete=models.PROTECT, related_name="projects"
    )
    address = models.CharField(_("建设地点"), max_length=200, blank=True)
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    industry = models.CharField(_("所属行业"), max_length=24, choices=Industry.choices, default=Industry.OTHER)
    construction_content = models.TextField(_("建设内容"), blank=True)
    total_investment = models.DecimalField(_("总投资（万元）"), validators=NON_NEGATIVE, **MONEY)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    planned_finish = models.DateField(_("计划竣工日期"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True)
    actual_finish = models.DateField(_("实际竣工日期"), null=True, blank=True)
    stage = models.CharField(_("项目阶段"), max_length=16, choices=Stage.choices, default=Stage.PLANNING, db_index=True)
    stage_before_pause = models.CharField(
        _("暂停前阶段"), max_length=16, choices=Stage.choices, blank=True, editable=False
    )
    responsible_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    # Lists (including industry clusters) are joined through ListMembership rows, saved one by one for history.
    lists = models.ManyToManyField(
        "projects.ProjectList", through="projects.ListMembership", verbose_name=_("所属清单"), blank=True
    )

    scope_region_field = "region"
    # Shown when a delete is refused because monthly reports (or other rows) depend on the project.
    delete_refused_advice = _(
        "已有月度调度的项目应将阶段改为「终止」而不是删除；确需删除的，由市级管理员填写理由后删除。"
    )
    scope_department_field = "responsible_department"

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-total_investment", "pk"]
        # The list's default order, for the city, (first column region) for a district's list and (first column the
        # department) for a department user's list.
        indexes = [
            models.Index(fields=["-total_investment", "id"], name="project_default_order"),
            models.Index(fields=["region", "-total_investment", "id"], name="project_region_order"),
            models.Index(fields=["responsible_department", "-total_investment", "id"], name="project_department_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(total_investment__gte=0), name="project_investment_non_negative"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.national_code = normalise_national_code(self.national_code)
        errors = {}
        if self.planned_start and self.planned_finish and self.planned_finish < self.planned_start:
            errors["planned_finish"] = _("计划竣工日期不能早于计划开工日期。")
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            errors["actual_finish"] = _("实际竣工日期不能早于实际开工日期。")
        effective = self.effective_stage
        if effective in STARTED_STAGES and not self.actual_start:
            errors["actual_start"] = _("项目阶段为「%(stage)s」时必须填写实际开工日期。") % {
                "stage": Stage(effective).label
            }
        if self.stage in FINISHED_STAGES and not self.actual_finish:
            errors["actual_finish"] = _("项目阶段为「%(stage)s」时必须填写实际竣工日期。") % {
                "stage": Stage(self.stage).label
            }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.national_code = normalise_national_code(self.national_code)
        super().save(*args, **kwargs)

    @property
    def effective_stage(self) -> str:
        """The stage the project counts in (a paused project: the stage it was paused in)."""
        return effective_stage(self.stage, self.stage_before_pause)

    @property
    def total_investment_yi(self) -> Decimal:
        return to_yi(self.total_investment)


class ProjectChild(BaseModel):
    """Rows that belong to one project and are seen and edited with it."""

    scope_region_field = "project__region"
    scope_department_field = "project__responsible_department"

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return self.project.get_absolute_url()


class InvestmentPlan(ProjectChild):
    """How much of a project's investment is planned for one year (年度投资计划)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    amount = models.DecimalField(_("计划投资（万元）"), validators=NON_NEGATIVE, **MONEY)

    class Meta:
        verbose_name = _("年度投资计划")
        verbose_name_plural = _("年度投资计划")
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="one_plan_per_project_year")]
        # A year's plans of every project (the warnings, the plan section of the overview) read by year.
        indexes = [models.Index(fields=["year", "project"], name="plan_year_project")]

    def __str__(self):
        return f"{self.project} {self.year}"


class FundingSource(ProjectChild):
    """One source of a project's money and its amount (资金来源)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="funding")
    kind = models.CharField(_("资金来源"), max_length=24, choices=FundingKind.choices)
    amount = models.DecimalField(_("金额（万元）"), validators=NON_NEGATIVE, **MONEY)

    class Meta:
        verbose_name = _("资金来源")
        verbose_name_plural = _("资金来源")
        ordering = ["project", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()} {format_money(self.amount)}"


class ProjectContact(ProjectChild):
    """A person to call about the project, in one of the roles the city names."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("角色"), max_length=24, choices=ContactRole.choices)
    name = models.CharField(_("姓名"), max_length=64)
    organisation = models.CharField(_("单位"), max_length=128, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["project", "role"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"
