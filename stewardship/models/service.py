"""The service log: site visits, phone surveys and coordination meetings, with their photos."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import random_name
from core.models import BaseModel
from stewardship.choices import ServiceKind, ServiceLevel
from stewardship.models.teams import STEWARD_PATH


class ServiceLog(BaseModel):
    """One act of service on a project (a visit, a phone survey, a meeting): the seed counts these by level."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="service_logs"
    )
    kind = models.CharField(_("方式"), max_length=16, choices=ServiceKind.choices, default=ServiceKind.VISIT)
    level = models.CharField(_("服务层级"), max_length=16, choices=ServiceLevel.choices, default=ServiceLevel.STEWARD)
    date = models.DateField(_("日期"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    participants = models.CharField(_("参加人员"), max_length=300)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    notes = models.TextField(_("情况记录"), blank=True)

    scope_region_field = "project__region"
    scope_department_field = "project__responsible_department"
    scope_owner_field = f"project__{STEWARD_PATH}"

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} · {self.project}"


def service_photo_path(photo, filename):
    """Photos are stored by month and project under a random name; only a view that asks the policy serves them."""
    checked = getattr(getattr(photo.image, "file", None), "image", None)
    if checked is not None and checked.format:
        filename = f"photo.{checked.format.lower()}"
    return f"service/{photo.log.date:%Y-%m}/{photo.log.project_id}/{random_name(filename)}"


class ServicePhoto(BaseModel):
    """A photo taken during a visit (checked for type and size like a monthly report's photos)."""

    log = models.ForeignKey(ServiceLog, verbose_name=_("服务记录"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=service_photo_path)
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    scope_region_field = "log__project__region"
    scope_department_field = "log__project__responsible_department"
    scope_owner_field = f"log__project__{STEWARD_PATH}"

    class Meta:
        verbose_name = _("服务照片")
        verbose_name_plural = _("服务照片")
        ordering = ["log", "pk"]

    def __str__(self):
        return self.caption or self.image.name

    def get_file_url(self) -> str:
        return reverse("stewardship:servicephoto_file", args=[self.pk])
