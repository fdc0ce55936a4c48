"""The base model every domain model extends: timestamps, change history and row restriction."""

from django.db import models
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.object_urls import object_url


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be cut down to the rows a user may see or act on.

    UI lists, detail pages, the API, exports and search all start from `restrict(user, action)`, so a row a
    user may not see is invisible everywhere at once.
    """

    def restrict(self, user, action: str = "view"):
        from core.permissions import restrict

        return restrict(self, user, action)


class History(HistoricalRecords):
    """simple-history's change records, with history tables indexed only on what history is looked up by.

    A history table gets a row on every save and is read by object (id), by date (as-of figures) and, for child
    rows such as plans, memberships or photos, by the key of the project, list or report they belong to. The
    indexes simple-history also puts on copied values (name, code, stage …) and on keys to the organisation
    (region, department, a reviewing user) serve no query but are kept up on every save (several tenths of a
    second on a 100,000-row import), so they are left off.
    """

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            looked_up = name == model._meta.pk.attname or (
                field.is_relation and _app_label(field.remote_field.model, model) != "core"
            )
            if field.db_index and not looked_up:
                field.db_index = False
        return fields

    def get_meta_options(self, model):
        """An (object id, date) index: an object's page reads its history newest first, an as-of figure each
        object's latest record before a date; with the id alone the database sorts every record of the object."""
        options = super().get_meta_options(model)
        by_object = models.Index(fields=(model._meta.pk.attname, "history_date"))
        options["indexes"] = (*options.get("indexes", ()), by_object)
        return options


def _app_label(target, model) -> str:
    """The app of a foreign key's target, which may still be a lazy "app.Model" or "Model" string here."""
    if isinstance(target, str):
        return target.partition(".")[0] if "." in target else model._meta.app_label
    return target._meta.app_label


class BaseModel(models.Model):
    """Created/updated timestamps, full change history and the restricted manager, for every domain model.

    Subclasses say how a row belongs to a region, a department or a user through `scope_region_field`,
    `scope_department_field` and `scope_owner_field` (ORM paths); a model with none is city-wide reference data.
    What each role may do within those scopes is the model's line in the policy (core.permissions).
    """

    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    history = History(inherit=True)
    objects = RestrictedQuerySet.as_manager()

    scope_region_field: str | None = None
    scope_department_field: str | None = None
    scope_owner_field: str | None = None  # the user a row belongs to, for policy lines scoped to OWN rows

    class Meta:
        abstract = True

    def get_absolute_url(self):
        """The object's page, from its pattern reversed once (core.object_urls): a list links every row."""
        try:
            return object_url(f"{self._meta.app_label}:{self._meta.model_name}", self.pk)
        except NoReverseMatch:
            return ""
