"""Lists and tags as data: a city adds its own lists (and kinds of list) without a deploy."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel


class ListKind(BaseModel):
    """A kind of project list: provincial major projects, 央地合作, 港产城 categories, clusters, start batches …"""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    is_cluster = models.BooleanField(_("产业集群"), default=False, help_text=_("此类清单可作为项目的所属产业集群"))
    has_date = models.BooleanField(_("带日期"), default=False, help_text=_("如集中开工批次需填写日期"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("清单类别")
        verbose_name_plural = _("清单类别")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class ProjectList(BaseModel):
    """A named list of projects (e.g. 省十五项重大工程, 集中开工 18 March 2024); membership is ListMembership."""

    kind = models.ForeignKey(ListKind, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="lists")
    name = models.CharField(_("名称"), max_length=128, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)
    in_key_library = models.BooleanField(
        _("纳入重点项目库"), default=False, help_text=_("列入此清单的项目属于重点项目库")
    )
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("项目清单")
        verbose_name_plural = _("项目清单")
        ordering = ["kind__sort_order", "sort_order", "name"]

    def __str__(self):
        return self.name


class ListMembership(BaseModel):
    """A project's place on a list; a model of its own so that joining and leaving a list is in the history."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="memberships"
    )
    project_list = models.ForeignKey(
        ProjectList, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="memberships"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_region_field = "project__region"
    scope_department_field = "project__responsible_department"

    class Meta:
        verbose_name = _("清单成员")
        verbose_name_plural = _("清单成员")
        constraints = [
            models.UniqueConstraint(fields=["project", "project_list"], name="unique_project_per_list"),
        ]

    def __str__(self):
        return f"{self.project_list} · {self.project}"
