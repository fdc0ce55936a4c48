"""API serializers for projects and lists; the stage follows the same transition rules as the web form."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.serializers import RegionChoiceField, SlugRelatedField
from core.models import Department, Region
from projects.libraries import libraries_with_reasons
from projects.models import InvestmentPlan, ListKind, ListMembership, Project, ProjectList
from projects.stages import INITIAL_STAGES, apply_stage_side_effects, check_transition
from projects.validators import normalise_national_code

# Where a list's rows hold their prefetched memberships and plans (projects.api.views.ProjectViewSet).
MEMBERSHIPS = "api_memberships"
PLANS = "api_plans"


class InvestmentPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvestmentPlan
        fields = ["id", "project", "year", "amount"]


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="projects-api:project-detail")
    region = RegionChoiceField(slug_field="code", queryset=Region.objects.ranked())
    region_name = serializers.CharField(source="region.name", read_only=True)
    responsible_department = SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), allow_null=True, required=False
    )
    libraries = serializers.SerializerMethodField()
    lists = serializers.SerializerMethodField()
    plans = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "national_code",
            "name",
            "owner",
            "region",
            "region_name",
            "address",
            "longitude",
            "latitude",
            "industry",
            "construction_content",
            "total_investment",
            "planned_start",
            "planned_finish",
            "actual_start",
            "actual_finish",
            "stage",
            "responsible_department",
            "libraries",
            "lists",
            "plans",
            "created",
            "updated",
        ]

    def get_libraries(self, obj) -> list[dict]:
        memberships = getattr(obj, MEMBERSHIPS, None)
        return [{"library": library, "reason": reason} for library, reason in libraries_with_reasons(obj, memberships)]

    def get_lists(self, obj) -> list[dict]:
        memberships = getattr(obj, MEMBERSHIPS, None)
        if memberships is None:
            memberships = obj.memberships.all()
        return [{"id": m.project_list_id, "name": m.project_list.name} for m in memberships]

    def get_plans(self, obj) -> list[dict]:
        plans = getattr(obj, PLANS, None)
        if plans is None:
            plans = obj.plans.all()
        return [{"year": p.year, "amount": str(p.amount)} for p in plans]

    def validate_national_code(self, value):
        return normalise_national_code(value)

    def validate(self, attrs):
        user = self.context["request"].user
        instance = self.instance
        new_stage = attrs.get("stage")
        if instance is None:
            if new_stage and new_stage not in INITIAL_STAGES:
                raise serializers.ValidationError({"stage": _("新建项目的阶段不能是暂停或终止。")})
            candidate = Project(**attrs)
        else:
            candidate = instance
            old_stage = instance.stage
            for key, value in attrs.items():
                setattr(candidate, key, value)
            if new_stage:
                try:
                    check_transition(candidate, old_stage, new_stage, user)
                except DjangoValidationError as error:
                    raise serializers.ValidationError(error.message_dict) from error
                apply_stage_side_effects(candidate, old_stage)
                attrs["stage_before_pause"] = candidate.stage_before_pause
        try:
            candidate.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


class ListKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListKind
        fields = ["id", "code", "name", "is_cluster", "has_date", "sort_order"]


class ProjectListSerializer(serializers.ModelSerializer):
    kind = SlugRelatedField(slug_field="code", queryset=ListKind.objects.all())

    class Meta:
        model = ProjectList
        fields = ["id", "name", "kind", "year", "date", "in_key_library", "description", "sort_order"]


class ListMembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListMembership
        fields = ["id", "project", "project_list", "note"]
