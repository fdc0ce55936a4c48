"""Generic views configured by class attributes: list (filter, sort, page, export), detail, edit, delete.

Every view starts from the model's restricted queryset, so a row the user may not see is a 404 everywhere; an
action their role or scope forbids on a row they can see is a 403. Writes are checked inside the transaction:
save, confirm the saved object is still within the user's scope, else roll back.
"""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.data import TableQuerysetData

from core.deletion import DEPENDENCY_ERRORS, delete_with_reason, protected_message, why_not_deletable
from core.exports import table_to_xlsx_response
from core.history import merged_history
from core.money import MONEY_DIGITS, format_money
from core.permissions import ADD, CHANGE, DELETE, DELETE_WITH_REASON, VIEW, role_allows, user_can
from core.views.registration import model_views

# (route suffix, policy action, button label, button style) of the bulk actions a list page may offer.
BULK_ACTIONS = [
    ("_bulk_edit", CHANGE, gettext_lazy("批量修改所选"), "btn-outline-primary"),
    ("_bulk_delete", DELETE, gettext_lazy("批量删除所选"), "btn-outline-danger"),
]


class StableOrderData(TableQuerysetData):
    """A table's rows in a total order: whatever column sorts them, ties are broken by pk.

    Without it two rows with the same value in the sorted column (two audit events of one kind) may come back in
    either order from one query to the next (PostgreSQL does so), and an export would not list the page's rows in
    the page's order, nor pages list each row exactly once.
    """

    def __init__(self, data):
        super().__init__(data.order_by(*(data.query.order_by or data.model._meta.ordering), "pk"))

    def order_by(self, aliases):
        super().order_by(aliases)
        self.data = self.data.order_by(*self.data.query.order_by, "pk")


def _names(model):
    return model._meta.app_label, model._meta.model_name


class ObjectListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """A filtered, sortable, paginated list with an export of the whole filtered set (.xlsx; more in `exports`).

    The page, its count and its export read one queryset (`get_filtered_queryset`): the rows the user may see
    that match every filter. A filter value that cannot be read (a date "2024-13-45", an unknown id) is shown as an
    error beside its field and matches no row, on the page and in the export alike — never a wider set than asked.
    """

    queryset = None
    filterset_class = None
    table_class = None
    template_name = "core/object_list.html"
    paginate_by = 50
    # ?export=<format> → function(table, title) returning the file response.
    exports = {"xlsx": table_to_xlsx_response}

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    def get_filtered_queryset(self):
        """The list's rows: the restricted queryset under the page's filters; none while a filter value is invalid."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_table_data(self):
        return StableOrderData(self.object_list)

    def export_table(self, queryset):
        """The page's table over all filtered rows (no pagination), in the page's sort order."""
        table = self.table_class(StableOrderData(queryset))
        RequestConfig(self.request, paginate=False).configure(table)
        return table

    def paginate_queryset(self, queryset, page_size):
        """The table pages the rows (paginate_by is its page size); a second paginator here would count them twice."""
        return None, None, queryset, False

    def get(self, request, *args, **kwargs):
        self.object_list = self.get_filtered_queryset()
        export = self.exports.get(request.GET.get("export", ""))
        if export is not None:
            return export(self.export_table(self.object_list), str(self.queryset.model._meta.verbose_name_plural))
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def bulk_actions(self) -> list[tuple[str, str, str]]:
        """(label, URL, button style) of the bulk actions the model declares and the policy lets this user take."""
        model = self.queryset.model
        app_label, model_name = _names(model)
        declared = model_views(model)
        actions = []
        for suffix, action, label, style in BULK_ACTIONS:
            if suffix in declared and role_allows(self.request.user, model, action):
                actions.append((label, reverse(f"{app_label}:{model_name}{suffix}"), style))
        return actions

    def get_table_kwargs(self):
        # The checkbox column only where a bulk action is offered; exports never carry it.
        if not self.bulk_actions():
            return {}
        checkbox = tables.CheckBoxColumn(
            accessor="pk",
            attrs={
                "td__input": {"form": "bulk-form"},
                "th__input": {"data-select-all": "bulk-form", "aria-label": _("全选本页")},
            },
        )
        return {"extra_columns": [("pk", checkbox)], "sequence": ("pk", "...")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.queryset.model
        app_label, model_name = _names(model)
        context.update(
            model_meta=model._meta,
            can_add=role_allows(self.request.user, model, ADD),
            add_url=reverse_or_none(f"{app_label}:{model_name}_add"),
            export_query=query_with(self.request, export="xlsx"),
            bulk_actions=self.bulk_actions(),
            return_query=query_with(self.request),
        )
        return context


class ObjectView(LoginRequiredMixin, View):
    """One object's page, with its change history (and that of its child rows listed in `related_history`)."""

    queryset = None
    template_name = "core/object_detail.html"
    related_history: list[tuple] = []

    def get_object(self):
        return get_object_or_404(self.queryset.restrict(self.request.user, VIEW), pk=self.kwargs["pk"])

    def get_extra_context(self, obj) -> dict:
        return {}

    def get(self, request, pk):
        obj = self.get_object()
        app_label, model_name = _names(type(obj))
        context = {
            "object": obj,
            "model_meta": obj._meta,
            "can_change": user_can(request.user, obj, CHANGE),
            "can_delete": user_can(request.user, obj, DELETE),
            "edit_url": reverse_or_none(f"{app_label}:{model_name}_edit", obj.pk),
            "delete_url": reverse_or_none(f"{app_label}:{model_name}_delete", obj.pk),
            "list_url": reverse_or_none(f"{app_label}:{model_name}_list"),
            "history": merged_history(obj, self.related_history, request.user),
            "fields": field_values(obj),
        }
        context.update(self.get_extra_context(obj))
        return render(request, self.template_name, context)


class ObjectEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit (pk) an object through `form_class`, in one transaction, within the user's scope."""

    queryset = None
    form_class = None
    template_name = "core/object_edit.html"
    inline_formsets: list[tuple[str, type]] = []  # (prefix, inline formset class) edited with the object

    def get_object(self):
        user = self.request.user
        model = self.queryset.model
        if "pk" in self.kwargs:
            obj = get_object_or_404(self.queryset.restrict(user, VIEW), pk=self.kwargs["pk"])
            if not user_can(user, obj, CHANGE):
                raise PermissionDenied(_("您无权修改此对象。"))
            return obj
        if not role_allows(user, model, ADD):
            raise PermissionDenied(_("您无权新增此类对象。"))
        return model()

    def render_form(self, form, formsets, obj, status=200):
        context = {
            "form": form,
            "formsets": formsets,
            "object": obj,
            "model_meta": obj._meta,
            "is_new": obj.pk is None,
        }
        return render(self.request, self.template_name, context, status=status)

    def make_formsets(self, obj, data=None):
        formsets = []
        for prefix, formset_class in self.inline_formsets:
            if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
                continue  # a post without this section leaves those rows as they are
            formset = formset_class(data, instance=obj, prefix=prefix)
            formset.verbose_name = formset.model._meta.verbose_name_plural
            formsets.append(formset)
        return formsets

    def get(self, request, pk=None):
        obj = self.get_object()
        form = self.form_class(instance=obj, user=request.user)
        return self.render_form(form, self.make_formsets(obj), obj)

    def post(self, request, pk=None):
        obj = self.get_object()
        is_new = obj.pk is None
        form = self.form_class(request.POST, request.FILES, instance=obj, user=request.user)
        formsets = self.make_formsets(obj, request.POST)
        if form.is_valid() and all(formset.is_valid() for formset in formsets):
            with transaction.atomic():
                saved = form.save()
                for formset in formsets:
                    formset.instance = saved
                    formset.save()
                action = ADD if is_new else CHANGE
                if not self.queryset.model.objects.restrict(request.user, action).filter(pk=saved.pk).exists():
                    transaction.set_rollback(True)
                    form.add_error(None, _("保存后的数据超出了您的管辖范围（地区或部门），未保存。"))
                    return self.render_form(form, formsets, obj, status=403)
            messages.success(request, _("已保存「%(obj)s」。") % {"obj": saved})
            return redirect(saved.get_absolute_url())
        return self.render_form(form, formsets, obj, status=400)


class ObjectDeleteView(LoginRequiredMixin, View):
    """Confirm, then delete an object the user may delete.

    A row others depend on through PROTECT keys is not deleted: the page says what depends on it (status 409). Where
    `allow_delete_with_reason` is set, the city administrator may then delete it and those rows with a reason
    (`core.deletion.delete_with_reason`), posted as `reason`.
    """

    queryset = None
    template_name = "core/object_delete.html"
    allow_delete_with_reason = False

    def get_object(self):
        obj = get_object_or_404(self.queryset.restrict(self.request.user, VIEW), pk=self.kwargs["pk"])
        if not user_can(self.request.user, obj, DELETE):
            raise PermissionDenied(_("您无权删除此对象。"))
        return obj

    def render_page(self, obj, refused: str = "", reason_error: str = "", status: int = 200):
        app_label, model_name = _names(type(obj))
        context = {
            "object": obj,
            "model_meta": obj._meta,
            "refused": refused,
            "reason_error": reason_error,
            "can_delete_with_reason": bool(refused)
            and self.allow_delete_with_reason
            and role_allows(self.request.user, type(obj), DELETE_WITH_REASON),
            "edit_url": reverse_or_none(f"{app_label}:{model_name}_edit", obj.pk),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        obj = self.get_object()
        return self.render_page(obj, refused=why_not_deletable(obj))

    def post(self, request, pk):
        obj = self.get_object()
        app_label, model_name = _names(type(obj))
        name = str(obj)
        if "reason" in request.POST and self.allow_delete_with_reason:
            try:
                count = delete_with_reason(obj, request.user, request.POST["reason"], request=request)
            except ValidationError as error:
                refused = _("「%(obj)s」仍有其他数据依赖它，需填写理由才能删除。") % {"obj": obj}
                return self.render_page(obj, refused=refused, reason_error=" ".join(error.messages), status=400)
            except DEPENDENCY_ERRORS as error:
                return self.render_page(obj, refused=protected_message(obj, error), status=409)
            done = _("已删除「%(obj)s」及依赖它的 %(count)d 条数据，理由已记入变更历史。")
            messages.success(request, done % {"obj": name, "count": count})
            return redirect(reverse(f"{app_label}:{model_name}_list"))
        try:
            with transaction.atomic():
                obj.delete()
        except DEPENDENCY_ERRORS as error:
            return self.render_page(obj, refused=protected_message(obj, error), status=409)
        messages.success(request, _("已删除「%(obj)s」。") % {"obj": name})
        return redirect(reverse(f"{app_label}:{model_name}_list"))


def reverse_or_none(name, *args):
    """The URL of a route that may not exist for every model (not every model has an add or edit page)."""
    from django.urls import NoReverseMatch

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def query_with(request, **params):
    """The current query string with `params` set: an export link keeps exactly the page's filters."""
    query = request.GET.copy()
    for key, value in params.items():
        query[key] = value
    query.pop("page", None)
    return query.urlencode()


def field_values(obj):
    """(label, shown value) for the object's concrete, editable fields, for the generic detail page."""
    rows = []
    for model_field in obj._meta.fields:
        if model_field.auto_created or model_field.name in {"created", "updated"}:
            continue
        display = getattr(obj, f"get_{model_field.name}_display", None)
        value = display() if display else getattr(obj, model_field.name)
        rows.append((model_field.verbose_name, shown_value(model_field, value)))
    return rows


def shown_value(model_field, value):
    """A field's value as people read it: money with thousands separators, yes/no in words, nothing for None."""
    if value is None:
        return ""
    if isinstance(model_field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(model_field, models.DecimalField) and model_field.decimal_places == MONEY_DIGITS["decimal_places"]:
        return format_money(value)
    return value


def register_standard_views(model, *, queryset, table, filterset, form) -> None:
    """The four pages of a plain reference model (list, detail, add/edit, delete), declared in one call.

    A model whose pages need more than the generic classes (panels, bulk actions, custom context) declares its
    own view classes with `register_model_view` instead.
    """
    from core.views.registration import register_model_view

    name = model.__name__
    module = model.__module__

    def make(base, suffix, **attrs):
        return type(f"{name}{suffix}", (base,), {"__module__": module, "queryset": queryset, **attrs})

    register_model_view(model, "list", detail=False)(
        make(ObjectListView, "ListView", table_class=table, filterset_class=filterset)
    )
    register_model_view(model)(make(ObjectView, "View"))
    edit = make(ObjectEditView, "EditView", form_class=form)
    register_model_view(model, "add", detail=False)(edit)
    register_model_view(model, "edit")(edit)
    register_model_view(model, "delete")(make(ObjectDeleteView, "DeleteView"))
