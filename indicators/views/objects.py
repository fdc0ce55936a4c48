"""The standard pages (list, detail, edit, delete) of the indicators' models, declared with register_model_view;
the value list is the indicators' table view, with its .xlsx export."""

from core.views.generic import ObjectDeleteView, ObjectEditView, ObjectListView, ObjectView, register_standard_views
from core.views.registration import register_model_view
from indicators import filtersets, forms, tables
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank

VALUES = IndicatorValue.objects.select_related("indicator__category", "indicator__owner", "region", "entered_by")
RANKS = ProvinceRank.objects.select_related("indicator")

register_standard_views(
    IndicatorCategory,
    queryset=IndicatorCategory.objects.all(),
    table=tables.IndicatorCategoryTable,
    filterset=filtersets.IndicatorCategoryFilterSet,
    form=forms.IndicatorCategoryForm,
)
register_standard_views(
    Indicator,
    queryset=Indicator.objects.select_related("category", "owner"),
    table=tables.IndicatorTable,
    filterset=filtersets.IndicatorFilterSet,
    form=forms.IndicatorForm,
)
register_standard_views(
    ProvinceRank,
    queryset=RANKS,
    table=tables.ProvinceRankTable,
    filterset=filtersets.ProvinceRankFilterSet,
    form=forms.ProvinceRankForm,
)


@register_model_view(IndicatorValue, "list", detail=False)
class IndicatorValueListView(ObjectListView):
    queryset = VALUES
    table_class = tables.IndicatorValueTable
    filterset_class = filtersets.IndicatorValueFilterSet


@register_model_view(IndicatorValue)
class IndicatorValueView(ObjectView):
    queryset = VALUES


@register_model_view(IndicatorValue, "add", detail=False)
@register_model_view(IndicatorValue, "edit")
class IndicatorValueEditView(ObjectEditView):
    queryset = VALUES
    form_class = forms.IndicatorValueForm


@register_model_view(IndicatorValue, "delete")
class IndicatorValueDeleteView(ObjectDeleteView):
    queryset = VALUES
