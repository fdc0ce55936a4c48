"""A project's city-level steward (项目管家) and its service teams with named roles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Lookup
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.clock import today
from core.models import BaseModel
from stewardship.choices import TeamLevel, TeamRole


class CurrentSteward(Lookup):
    """`stewardships__steward__current=user_pk`: the user stewards the project today (core.clock.today()), the same
    rule as `stewardship.statistics.active_stewardships` (started, not yet ended). A lookup rather than a plain path
    so the policy's OWN scope, which filters `{scope_owner_field: user.pk}`, drops appointments that have ended; the
    dates are checked on the same joined row as the steward."""

    lookup_name = "current"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        table = compiler.quote_name_unless_alias(self.lhs.alias)
        start, end = (f"{table}.{connection.ops.quote_name(column)}" for column in ("start", "end"))
        on = today()
        sql = f"({lhs} = {rhs} AND {start} <= %s AND ({end} IS NULL OR {end} >= %s))"
        return sql, (*lhs_params, *rhs_params, on, on)


# The ORM path from a project-bound row to the project's current stewards: a steward's "own" rows (core.permissions
# OWN); an ended appointment no longer counts (CurrentSteward, registered on Stewardship.steward below).
STEWARD_PATH = "stewardships__steward__current"


class Stewardship(BaseModel):
    """One leader stewarding one project from `start` (to `end`); a leader may steward several projects."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="stewardships"
    )
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("项目管家"), on_delete=models.PROTECT, related_name="stewardships"
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_region_field = "project__region"
    scope_department_field = "project__responsible_department"
    scope_owner_field = "steward"

    class Meta:
        verbose_name = _("项目管家")
        verbose_name_plural = _("项目管家")
        ordering = ["project__name", "start"]
        # One row per leader and project (re-appointment extends it), so the steward's scope path never duplicates.
        constraints = [models.UniqueConstraint(fields=["project", "steward"], name="stewardship_once_per_leader")]

    def __str__(self):
        return f"{self.project} · {self.steward}"

    def clean(self):
        super().clean()
        from core.models import User

        if self.steward_id and not User.objects.filter(pk=self.steward_id, role=Role.CITY_LEADER).exists():
            raise ValidationError({"steward": _("项目管家须为市级领导账号。")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("结束日期不能早于开始日期。")})


Stewardship._meta.get_field("steward").register_lookup(CurrentSteward)


class ServiceTeam(BaseModel):
    """A project's service team: the city's (市级帮办团队) or a district's (县区帮办团队)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="service_teams"
    )
    level = models.CharField(_("层级"), max_length=16, choices=TeamLevel.choices, default=TeamLevel.CITY)
    name = models.CharField(_("团队名称"), max_length=100)
    start = models.DateField(_("组建日期"))
    end = models.DateField(_("解散日期"), null=True, blank=True)

    scope_region_field = "project__region"
    scope_department_field = "project__responsible_department"
    scope_owner_field = f"project__{STEWARD_PATH}"

    class Meta:
        verbose_name = _("帮办团队")
        verbose_name_plural = _("帮办团队")
        ordering = ["project__name", "level", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("解散日期不能早于组建日期。")})


class TeamMember(BaseModel):
    """A person in a named role of a service team (责任领导, 牵头单位, 驻场干部 …, or one of "1+1+N")."""

    team = models.ForeignKey(ServiceTeam, verbose_name=_("帮办团队"), on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("角色"), max_length=24, choices=TeamRole.choices)
    name = models.CharField(_("姓名"), max_length=64)
    unit = models.CharField(_("单位"), max_length=100, blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    start = models.DateField(_("开始日期"), null=True, blank=True)
    end = models.DateField(_("结束日期"), null=True, blank=True)

    scope_region_field = "team__project__region"
    scope_department_field = "team__project__responsible_department"
    scope_owner_field = f"team__project__{STEWARD_PATH}"

    class Meta:
        verbose_name = _("团队成员")
        verbose_name_plural = _("团队成员")
        ordering = ["team", "role", "name"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"
