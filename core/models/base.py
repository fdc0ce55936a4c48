"""The base model every domain model extends: timestamps, change history and row restriction."""

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be cut down to the rows a user may see or act on.

    UI lists, detail pages, the API, exports and search all start from `restrict(user, action)`, so a row a
    user may not see is invisible everywhere at once.
    """

    def restrict(self, user, action: str = "view"):
        from core.permissions import scope_q

        q = scope_q(user, self.model, action)
        if q is None:
            return self.none()
        return self.filter(q)


class BaseModel(models.Model):
    """Created/updated timestamps, full change history and the restricted manager, for every domain model.

    Subclasses say how a row belongs to a region or a department through `scope_region_field` and
    `scope_department_field` (ORM paths); a model with neither is city-wide reference data.
    """

    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(inherit=True)
    objects = RestrictedQuerySet.as_manager()

    scope_region_field: str | None = None
    scope_department_field: str | None = None

    class Meta:
        abstract = True

    def get_absolute_url(self):
        try:
            return reverse(f"{self._meta.app_label}:{self._meta.model_name}", args=[self.pk])
        except NoReverseMatch:
            return ""
