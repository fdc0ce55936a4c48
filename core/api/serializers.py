"""Serializers of the base layer."""

from rest_framework import serializers

from core.models import Department, Region, User
from core.permissions import ADD, CHANGE, region_choices


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's slug relation, refusing a NUL character as a 400 before the lookup (PostgreSQL would fail on it)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class RegionChoiceField(SlugRelatedField):
    """A row's region, by code, among the regions the requesting user may put such a row in (core.permissions.
    region_choices, as the web forms do): a district operator's choices, the browsable API's drop-down and the
    schema's examples are their district, not every region of the city."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        parent = self.parent
        model = getattr(getattr(parent, "Meta", None), "model", None)
        if user is None or model is None:
            return queryset
        return region_choices(queryset, user, model, CHANGE if getattr(parent, "instance", None) else ADD)

    def to_internal_value(self, data):
        # Read among every region: a region that exists but lies outside the user's scope is then refused by the
        # policy (403, saying why), not reported as a region that does not exist.
        try:
            return Region.objects.get(**{self.slug_field: data})
        except Region.DoesNotExist:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))
        except (TypeError, ValueError):
            self.fail("invalid")


class RegionSerializer(serializers.ModelSerializer):
    parent = SlugRelatedField(slug_field="code", queryset=Region.objects.all(), allow_null=True)

    class Meta:
        model = Region
        fields = ["id", "url", "code", "name", "short_name", "kind", "parent", "sort_order", "created", "updated"]
        extra_kwargs = {"url": {"view_name": "core-api:region-detail"}}


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "url", "code", "name", "short_name", "aliases", "sort_order", "created", "updated"]
        extra_kwargs = {"url": {"view_name": "core-api:department-detail"}}


class UserSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "region", "department"]
