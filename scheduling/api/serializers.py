"""API serializers for monthly reports (read-only here: writes go through `scheduling.services`), growth targets and
warning lights."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import RegionChoiceField
from core.models import Region
from core.money import MONEY_DIGITS, PERCENT_DIGITS
from scheduling.choices import Light, ReasonKind
from scheduling.models import GrowthTarget, MonthlyReport

MONEY = MONEY_DIGITS
PERCENT = {**PERCENT_DIGITS, "allow_null": True}


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2024-05"})
class PeriodField(serializers.DateField):
    """A month as the API shows it, YYYY-MM (stored as the month's first day); the schema says so."""

    def to_representation(self, value):
        # Zero-padded whatever the year (strftime's %Y is not, for years below 1000).
        return None if value is None else f"{value.year:04d}-{value.month:02d}"


class MonthlyReportSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.CharField(source="project.region.code", read_only=True)
    period = PeriodField(read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "project",
            "project_name",
            "region",
            "period",
            "month_amount",
            "ytd_amount",
            "total_amount",
            "site_status",
            "progress",
            "overrun_explanation",
            "status",
            "submitted_at",
            "is_late",
            "reviewed_at",
            "review_comment",
            "revision_reason",
            "version",
            "updated",
        ]
        read_only_fields = fields


class GrowthTargetSerializer(serializers.ModelSerializer):
    region = RegionChoiceField(slug_field="code", queryset=Region.objects.ranked())
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = GrowthTarget
        fields = ["id", "region", "region_name", "year", "target_pct", "note", "updated"]


class ReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReasonKind.choices)
    light = serializers.ChoiceField(choices=Light.choices)
    text = serializers.CharField()


class ProjectLightSerializer(serializers.Serializer):
    """A project's light with its reasons and, when it has a plan for the year, its completion figures."""

    project = serializers.IntegerField(source="project.pk")
    name = serializers.CharField(source="project.name")
    region = serializers.CharField(source="project.region.code")
    region_name = serializers.CharField(source="project.region.name")
    stage = serializers.CharField(source="project.stage")
    light = serializers.ChoiceField(choices=Light.choices)
    plan = serializers.DecimalField(source="figures.plan", allow_null=True, **MONEY)
    ytd = serializers.DecimalField(source="figures.ytd", allow_null=True, **MONEY)
    completion_pct = serializers.DecimalField(source="figures.completion_pct", **PERCENT)
    elapsed_pct = serializers.DecimalField(source="figures.elapsed_pct", **PERCENT)
    reasons = ReasonSerializer(many=True)


class DistrictLightSerializer(serializers.Serializer):
    """A district's light under the published rule: its growth against its target and the city's growth."""

    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    light = serializers.ChoiceField(choices=Light.choices)
    ytd = serializers.DecimalField(**MONEY)
    previous_ytd = serializers.DecimalField(**MONEY)
    growth_pct = serializers.DecimalField(**PERCENT)
    target_pct = serializers.DecimalField(**PERCENT)
    reasons = ReasonSerializer(many=True)


class CityFiguresSerializer(serializers.Serializer):
    ytd = serializers.DecimalField(**MONEY)
    previous_ytd = serializers.DecimalField(**MONEY)
    growth_pct = serializers.DecimalField(source="yoy_pct", **PERCENT)


class DistrictLightsSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    through = PeriodField(allow_null=True)
    city = CityFiguresSerializer()
    results = DistrictLightSerializer(many=True, source="districts")
