"""Views of the base layer: the home page and the reference-data pages (regions, departments)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.views import View

from core import registry
from core.filtersets import DepartmentFilterSet, RegionFilterSet
from core.forms import BaseModelForm
from core.models import Department, Region
from core.tables import DepartmentTable, RegionTable
from core.views.generic import register_standard_views
from core.views.plugins import home_widgets


class HomeView(LoginRequiredMixin, View):
    """The landing page: a page an app registered for this user (core.registry.register_home_page, e.g. the
    leaders' dashboard), else the widgets apps registered (register_home_widget), in order; with none registered,
    the first page of the menu."""

    def get(self, request):
        page = registry.home_page_for(request.user)
        if page is not None:
            return page.view(request)
        widgets = home_widgets(request)
        if not widgets:
            menu = registry.visible_menu(request.user)
            return redirect(menu[0].url_name) if menu else render(request, "core/home.html", {"widgets": []})
        return render(request, "core/home.html", {"widgets": widgets})


class RegionForm(BaseModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "short_name", "kind", "parent", "sort_order"]


class DepartmentForm(BaseModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "short_name", "aliases", "sort_order"]


register_standard_views(
    Region,
    queryset=Region.objects.select_related("parent"),
    table=RegionTable,
    filterset=RegionFilterSet,
    form=RegionForm,
)


register_standard_views(
    Department,
    queryset=Department.objects.all(),
    table=DepartmentTable,
    filterset=DepartmentFilterSet,
    form=DepartmentForm,
)
