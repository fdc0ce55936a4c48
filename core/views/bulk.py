"""Bulk actions on the rows ticked on a list page: a form, the model's bulk service, all rows or none.

A model's bulk view names its form and a service function (plain parameters, e.g. `projects.bulk`); the view
checks the role may take the action at all (403 otherwise), shows the ticked rows the user may see, and on
`_apply` calls the service, which checks every row, saves in one transaction and raises a ValidationError naming
the rows it refuses. The list page offers the bulk actions a model declares (`bulk_edit`, `bulk_delete`) to users
the policy lets take them, with a checkbox column.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.forms import BulkDeleteForm, BulkForm
from core.permissions import CHANGE, DELETE, VIEW, role_allows

# The most ids one request may carry (a list page shows at most 500 rows).
MAX_IDS = 500


def selected_ids(request) -> list[int]:
    """The ticked rows' ids (`pk`, repeated); anything that is not a row id is ignored."""
    data = request.POST if request.method == "POST" else request.GET
    ids = []
    for value in data.getlist("pk")[:MAX_IDS]:
        if value.isdigit() and len(value) < 12:
            ids.append(int(value))
    return ids


class ObjectBulkActionView(LoginRequiredMixin, View):
    """Show the ticked rows with the action's form; on `_apply`, run `apply` on them, all or nothing."""

    queryset = None
    form_class = BulkForm
    action = CHANGE
    template_name = "core/object_bulk_edit.html"
    title = ""
    done_message = ""  # with %(count)d

    def apply(self, ids: list[int], data: dict) -> int:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not role_allows(request.user, self.queryset.model, self.action):
            raise PermissionDenied(_("您无权对这些对象执行此操作。"))
        return super().dispatch(request, *args, **kwargs)

    def list_url(self) -> str:
        meta = self.queryset.model._meta
        url = reverse(f"{meta.app_label}:{meta.model_name}_list")
        # The list's filters as they were, re-encoded so nothing but a query string can come back.
        back = QueryDict(self.request.POST.get("return_query", "")).urlencode()
        return f"{url}?{back}" if back else url

    def render_page(self, form, ids, status=200):
        rows = self.queryset.restrict(self.request.user, VIEW).filter(pk__in=ids)
        nothing_ticked = _("请先在列表中勾选要操作的行。") if not ids else ""
        context = {
            "nothing_ticked": nothing_ticked,
            "form": form,
            "rows": rows,
            "ids": ids,
            "model_meta": self.queryset.model._meta,
            "title": self.title,
            "list_url": self.list_url(),
            "return_query": self.request.POST.get("return_query", ""),
        }
        return render(self.request, self.template_name, context, status=400 if nothing_ticked else status)

    def get(self, request):
        return self.render_page(self.form_class(user=request.user), selected_ids(request))

    def post(self, request):
        ids = selected_ids(request)
        if "_apply" not in request.POST:
            return self.render_page(self.form_class(user=request.user), ids)
        form = self.form_class(request.POST, user=request.user)
        if ids and form.is_valid():
            try:
                count = self.apply(ids, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, self.done_message % {"count": count})
                return redirect(self.list_url())
        return self.render_page(form, ids, status=400)


class ObjectBulkDeleteView(ObjectBulkActionView):
    """Delete the ticked rows, with a reason where rows depend on them."""

    form_class = BulkDeleteForm
    action = DELETE
    template_name = "core/object_bulk_delete.html"
