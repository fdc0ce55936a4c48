"""Forms of the indicators: the catalogue (the city's), one value, a province rank, a department's entry sheet
for a period, and the city's review. Rules live in the models and `indicators.entry`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BaseModelForm, BootstrapMixin
from indicators.choices import Qualifier
from indicators.entry import enterable
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank
from indicators.sources import source_choices
from scheduling.choices import LOCKED_STATUSES, ReportStatus, ReviewDecision

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class IndicatorCategoryForm(BaseModelForm):
    class Meta:
        model = IndicatorCategory
        fields = ["code", "name", "lead", "sort_order"]


class IndicatorForm(BaseModelForm):
    computed_by = forms.ChoiceField(label=_("计算口径"), choices=source_choices, required=False)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "category",
            "unit",
            "owner",
            "frequency",
            "accumulation",
            "direction",
            "precision",
            "growth_precision",
            "annual_target",
            "seasonal_profile",
            "level",
            "source",
            "computed_by",
            "jump_limit",
            "publish_growth",
            "headline",
            "sort_order",
            "note",
        ]


class IndicatorValueForm(BaseModelForm):
    """One value; the indicator is one the user's department owns and enters (computed ones are never typed)."""

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period", "region", "value", "qualifier", "reported_growth", "note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None:
            self.fields["indicator"].queryset = enterable(user)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status in (ReportStatus.SUBMITTED, *LOCKED_STATUSES):
            raise forms.ValidationError(
                _("该数值%(status)s，不能修改；如需修改请市里退回。") % {"status": self.instance.get_status_display()}
            )
        return cleaned

    def save(self, commit=True):
        if self.user is not None:
            self.instance.entered_by = self.user
        return super().save(commit)


class ProvinceRankForm(BaseModelForm):
    class Meta:
        model = ProvinceRank
        fields = ["indicator", "period", "measure", "rank", "of_total", "source"]


class PeriodForm(BootstrapMixin, forms.Form):
    """The month a page shows (前 N 个月 to it)."""

    period = forms.DateField(label=_("期间"), required=False, input_formats=["%Y-%m", "%Y-%m-%d"], widget=MONTH)


class EntryRowForm(BootstrapMixin, forms.Form):
    """One indicator's line on the department's entry sheet."""

    value = forms.DecimalField(label=_("数值"), required=False, max_digits=20, decimal_places=4)
    qualifier = forms.ChoiceField(label=_("约数"), choices=Qualifier.choices, required=False)
    reported_growth = forms.DecimalField(label=_("公布同比（%）"), required=False, max_digits=9, decimal_places=2)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class ReviewForm(BootstrapMixin, forms.Form):
    """The city's decision on a department's values of a period."""

    department = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("审核结论"), choices=ReviewDecision.choices)
    comment = forms.CharField(label=_("审核意见"), required=False, max_length=200)
