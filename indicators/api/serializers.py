"""Serializers of the indicators API. A value's status changes only through entry and review (read-only here);
a department writes only the indicators it enters, and never a computed one."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from indicators.entry import clean_row, enterable
from indicators.models import Indicator, IndicatorCategory, IndicatorValue, ProvinceRank
from scheduling.choices import EDITABLE_STATUSES


class IndicatorCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorCategory
        fields = ["id", "code", "name", "lead", "sort_order"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
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

    def validate(self, attrs):
        current = (
            {}
            if self.instance is None
            else {f.name: getattr(self.instance, f.name) for f in Indicator._meta.concrete_fields}
        )
        Indicator(**{**current, **attrs}).clean()
        return attrs


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "period",
            "region",
            "value",
            "qualifier",
            "reported_growth",
            "note",
            "status",
            "entered_by",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "created",
            "updated",
        ]
        read_only_fields = ["status", "entered_by", "reviewed_by", "reviewed_at", "review_comment"]

    def validate(self, attrs):
        request = self.context.get("request")
        indicator = attrs.get("indicator") or getattr(self.instance, "indicator", None)
        if request is not None and not enterable(request.user).filter(pk=indicator.pk).exists():
            raise serializers.ValidationError({"indicator": _("您不能填报「%(name)s」。") % {"name": indicator.name}})
        if self.instance is not None and self.instance.status not in EDITABLE_STATUSES:
            raise serializers.ValidationError(
                {
                    "status": _("该数值%(status)s，不能修改；如需修改请市里退回。")
                    % {"status": self.instance.get_status_display()}
                }
            )
        period = attrs.get("period") or self.instance.period
        attrs["period"] = period.replace(day=1)
        current = {} if self.instance is None else {f: getattr(self.instance, f) for f in ("value", "reported_growth")}
        _cleaned, errors = clean_row(indicator, attrs["period"], {**current, **attrs})
        if errors:
            raise serializers.ValidationError(errors)
        instance = IndicatorValue(**{**current, **attrs})
        instance.clean()
        if request is not None:
            attrs["entered_by"] = request.user
        return attrs


class ProvinceRankSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProvinceRank
        fields = ["id", "indicator", "period", "measure", "rank", "of_total", "source"]
