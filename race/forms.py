"""Forms of the race: a scheme with its groups and items (edited while a draft), the race page's picker, and the
publish / correct confirmation."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.choices import RANKED_REGION_KINDS
from core.forms import BaseModelForm, BootstrapMixin
from core.models import Region
from race.models import RaceGroup, RaceItem, RacePublication, RaceScheme


class RaceSchemeForm(BaseModelForm):
    class Meta:
        model = RaceScheme
        fields = [
            "code",
            "name",
            "period_kind",
            "is_default",
            "base_score",
            "target_rule",
            "red_top_n",
            "black_bottom_n",
            "summons_bottom_n",
            "improved_top_n",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean_code(self):
        code = self.cleaned_data["code"]
        others = RaceScheme.objects.filter(code=code).exclude(pk=self.instance.pk)
        if self.instance.pk is None and others.exists():
            raise ValidationError(_("方案代码“%(code)s”已存在；修改已有方案请在其页面上生成新版本。") % {"code": code})
        return code


class ParamsField(forms.JSONField):
    """Scoring parameters typed as JSON; a typing error is named in Chinese rather than Django's English."""

    default_error_messages = {"invalid": _('计分参数不是有效的 JSON，如 {"target": 100}。')}

    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False)


class RaceItemForm(BaseModelForm):
    params = ParamsField(label=_("计分参数"), required=False, widget=forms.TextInput)

    class Meta:
        model = RaceItem
        fields = [
            "sort_order",
            "code",
            "label",
            "measure",
            "weight",
            "method",
            "params",
            "direction",
            "tie_rule",
            "cap_min",
            "cap_max",
        ]

    def clean_params(self):
        return self.cleaned_data.get("params") or {}


class RaceGroupForm(BaseModelForm):
    class Meta:
        model = RaceGroup
        fields = ["sort_order", "name", "regions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.filter(kind__in=RANKED_REGION_KINDS).order_by(
            "sort_order", "code"
        )
        self.fields["regions"].widget.attrs["size"] = 6


class GroupFormSet(BaseInlineFormSet):
    """A region is ranked in one group of a scheme only."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            for region in form.cleaned_data.get("regions", []):
                if region.pk in seen:
                    raise ValidationError(
                        _("地区“%(region)s”同时在分组“%(a)s”和“%(b)s”中，每个地区只能在一个分组排名。")
                        % {"region": region, "a": seen[region.pk], "b": form.cleaned_data.get("name")}
                    )
                seen[region.pk] = form.cleaned_data.get("name")


RaceItemFormSet = inlineformset_factory(RaceScheme, RaceItem, form=RaceItemForm, extra=1)
RaceGroupFormSet = inlineformset_factory(RaceScheme, RaceGroup, form=RaceGroupForm, formset=GroupFormSet, extra=1)


class RacePickerForm(BootstrapMixin, forms.Form):
    """The race page's choice: which scheme (any version) and which period ("2024-05", "2024-Q2", "2024")."""

    scheme = forms.ModelChoiceField(RaceScheme.objects.none(), label=_("方案"), required=False)
    period = forms.CharField(label=_("期次"), max_length=8, required=False, help_text=_("如 2024-05、2024-Q2、2024"))
    draft = forms.BooleanField(label=_("实时草稿"), required=False)

    def __init__(self, *args, previews: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Draft versions are offered to those who edit schemes: a draft is previewed, never published.
        schemes = RaceScheme.objects.all() if previews else RaceScheme.objects.exclude(status="draft")
        self.fields["scheme"].queryset = schemes.order_by("code", "-version")
        self._style_widgets()


class PublishForm(BootstrapMixin, forms.Form):
    """Publishing (or correcting) after the user has seen the draft: the reason is required for a correction."""

    note = forms.CharField(label=_("说明（更正时必填原因）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    corrects = forms.ModelChoiceField(RacePublication.objects.all(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
