"""The warnings page (红黄绿灯): district lights under the published rule, then project lights with filters and an
Excel export; and the pages where the city sets each district's investment growth target and the seasonal
profiles (序时进度曲线) the project lights are judged by."""

import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tables2 import RequestConfig
from django_tables2.data import TableListData

from core.clock import today
from core.exports import table_to_xlsx_response
from core.forms import BaseModelForm
from core.permissions import ADD, role_allows
from core.tables import BaseTable, MoneyColumn
from core.views.generic import register_standard_views
from scheduling.choices import Light
from scheduling.filtersets import (
    GrowthTargetFilterSet,
    SeasonalProfileFilterSet,
    WarningFilterForm,
    filtered_project_lights,
)
from scheduling.lights import district_lights, visible_district_ids
from scheduling.models import GrowthTarget, SeasonalProfile
from scheduling.models.profiles import MONTHS, month_field

# Bootstrap badge classes of each light, for the page and the table.
LIGHT_BADGES = {
    Light.RED: "text-bg-danger",
    Light.YELLOW: "text-bg-warning",
    Light.GREEN: "text-bg-success",
    Light.GREY: "text-bg-secondary",
}


def light_badge(light: str):
    return format_html('<span class="badge {}">{}</span>', LIGHT_BADGES[light], Light(light).label)


class LightColumn(tables.Column):
    """The light as a coloured badge; its name in exports."""

    def render(self, value):
        return light_badge(value)

    def value(self, value):
        return str(Light(value).label)


class ReasonsColumn(tables.Column):
    """The sentences behind a light, warnings first; joined with "；" in exports."""

    def render(self, value):
        return format_html_join("", '<div class="small">{} {}</div>', ((light_badge(r.light), r.text) for r in value))

    def value(self, value):
        return "；".join(reason.text for reason in value)


RIGHT_ALIGNED = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}
NO_WRAP = {"td": {"class": "text-nowrap"}}


class ProjectLightTable(BaseTable):
    light = LightColumn(verbose_name=gettext_lazy("预警"))
    name = tables.Column(
        accessor="project__name",
        verbose_name=gettext_lazy("项目名称"),
        linkify=lambda record: record.project.get_absolute_url(),
    )
    region = tables.Column(accessor="project__region", verbose_name=gettext_lazy("所属地区"), attrs=NO_WRAP)
    stage = tables.Column(accessor="project__get_stage_display", verbose_name=gettext_lazy("项目阶段"), attrs=NO_WRAP)
    plan = MoneyColumn(accessor="figures__plan", verbose_name=gettext_lazy("年度计划（万元）"))
    ytd = MoneyColumn(accessor="figures__ytd", verbose_name=gettext_lazy("本年完成（万元）"))
    completion_pct = tables.Column(
        accessor="figures__completion_pct", verbose_name=gettext_lazy("完成率（%）"), attrs=RIGHT_ALIGNED
    )
    elapsed_pct = tables.Column(
        accessor="figures__elapsed_pct", verbose_name=gettext_lazy("序时进度（%）"), attrs=RIGHT_ALIGNED
    )
    reasons = ReasonsColumn(verbose_name=gettext_lazy("原因"))

    # A phone keeps the light, the name and the completion against 序时; the reasons need a wider screen.
    show_from = {"region": "md", "stage": "xl", "plan": "lg", "ytd": "lg", "reasons": "md"}
    text_columns = ("name", "reasons")

    class Meta(BaseTable.Meta):
        orderable = False  # listed worst first; the lights are computed, not columns to sort in the database
        attrs = {**BaseTable.Meta.attrs, "data-testid": "project-lights"}


class WarningsView(LoginRequiredMixin, View):
    """District lights and the project lights the user may see, as of a day (today by default)."""

    def get(self, request):
        form = WarningFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        as_of = filters.get("as_of") or today()
        if form.is_bound and not form.is_valid():
            # A filter value that cannot be read lists no project, on the page and in the export, as on every list.
            counts, lights = {}, []
        else:
            counts, lights = filtered_project_lights(request.user, {**filters, "as_of": as_of})
        # `lights` is judged in the database; the table's page (or the export, batch by batch) gets its sentences
        # when sliced (`scheduling.light_sql.LightRows`). Handed over as list data so it is not copied to a list.
        table = ProjectLightTable(TableListData(lights))
        if request.GET.get("export") == "xlsx":
            RequestConfig(request, paginate=False).configure(table)
            return table_to_xlsx_response(table, _("项目预警"))
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        districts = district_lights(visible_district_ids(request.user), as_of)
        query = request.GET.copy()
        query.pop("page", None)
        base_query = query.copy()
        base_query.pop("light", None)
        context = {
            "form": form,
            "as_of": as_of,
            "districts": [(item, light_badge(item.light)) for item in districts["districts"]],
            "city": districts["city"],
            "through": districts["through"],
            "counts": [(light, light_badge(light), counts.get(light, 0)) for light in Light.values],
            "light_query": base_query.urlencode(),
            "export_query": f"{query.urlencode()}&export=xlsx" if query else "export=xlsx",
            "table": table,
            "can_set_targets": role_allows(request.user, GrowthTarget, ADD),
        }
        return render(request, "scheduling/warnings.html", context)


class GrowthTargetForm(BaseModelForm):
    class Meta:
        model = GrowthTarget
        fields = ["region", "year", "target_pct", "note"]


class GrowthTargetTable(BaseTable):
    target = tables.Column(
        accessor="pk",
        verbose_name=gettext_lazy("目标"),
        linkify=lambda record: record.get_absolute_url(),
        orderable=False,
    )
    region = tables.Column(order_by=("region__sort_order", "region__code"))

    show_from = {"note": "md", "updated": "lg"}
    text_columns = ("note",)

    def render_target(self, record):
        return str(record)

    class Meta(BaseTable.Meta):
        model = GrowthTarget
        fields = ("target", "year", "region", "target_pct", "note", "updated")


GROWTH_TARGETS = GrowthTarget.objects.select_related("region")


class SeasonalProfileForm(BaseModelForm):
    class Meta:
        model = SeasonalProfile
        fields = ["region", "name", *(month_field(month) for month in MONTHS), "note"]


class SeasonalProfileTable(BaseTable):
    profile = tables.Column(
        accessor="pk",
        verbose_name=gettext_lazy("序时进度曲线"),
        linkify=lambda record: record.get_absolute_url(),
        orderable=False,
    )
    region = tables.Column(order_by=("region__sort_order", "region__code"))

    # Twelve monthly shares do not fit a phone: it lists the profiles, a tablet shows the curve.
    show_from = {**{month_field(month): "lg" for month in MONTHS}, "updated": "xxl"}

    def render_profile(self, record):
        return str(record)

    class Meta(BaseTable.Meta):
        model = SeasonalProfile
        fields = ("profile", "region", "name", *(month_field(month) for month in MONTHS), "updated")


SEASONAL_PROFILES = SeasonalProfile.objects.select_related("region")


register_standard_views(
    SeasonalProfile,
    queryset=SEASONAL_PROFILES,
    table=SeasonalProfileTable,
    filterset=SeasonalProfileFilterSet,
    form=SeasonalProfileForm,
)


register_standard_views(
    GrowthTarget,
    queryset=GROWTH_TARGETS,
    table=GrowthTargetTable,
    filterset=GrowthTargetFilterSet,
    form=GrowthTargetForm,
)
