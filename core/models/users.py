"""Users with a role and a scope (one region or one department)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.models.base import History


class User(AbstractUser):
    """A person using the system; what they may do follows from `role`, where from `region` / `department`."""

    role = models.CharField(_("角色"), max_length=24, choices=Role.choices, default=Role.OBSERVER)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("所属地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("电话"), max_length=32, blank=True)

    history = History(excluded_fields=["password", "last_login"])

    scope_owner_field = "pk"  # a user's "own object" is their own account

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username

    def clean(self):
        super().clean()
        if self.role == Role.DISTRICT_OPERATOR and not self.region_id:
            raise ValidationError({"region": _("县区填报员必须指定所属地区。")})
        if self.role == Role.DEPARTMENT_USER and not self.department_id:
            raise ValidationError({"department": _("部门用户必须指定所属部门。")})

    @cached_property
    def region_scope_ids(self) -> list[int]:
        """The regions a district operator answers for: their own and the townships below it."""
        return self.region.subtree_ids() if self.region_id else []
