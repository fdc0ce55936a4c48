"""Serializers of the race API: schemes with their groups, items and publications (the frozen snapshot)."""

from rest_framework import serializers

from race.models import RaceGroup, RaceItem, RacePublication, RaceScheme


class RaceGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = RaceGroup
        fields = ["id", "name", "sort_order", "regions"]


class RaceSchemeSerializer(serializers.ModelSerializer):
    groups = RaceGroupSerializer(many=True, read_only=True)

    class Meta:
        model = RaceScheme
        fields = [
            "id",
            "code",
            "name",
            "version",
            "period_kind",
            "status",
            "is_default",
            "supersedes",
            "notes",
            "base_score",
            "target_rule",
            "red_top_n",
            "black_bottom_n",
            "summons_bottom_n",
            "improved_top_n",
            "groups",
        ]
        read_only_fields = ["version", "status", "supersedes"]

    def validate(self, attrs):
        if self.instance is not None and not self.instance.is_editable:
            from race.models.schemes import not_editable_message

            raise serializers.ValidationError(not_editable_message(self.instance))
        return attrs


class RaceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RaceItem
        fields = [
            "id",
            "scheme",
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
            "sort_order",
        ]

    def validate(self, attrs):
        from race.models.schemes import not_editable_message
        from race.scoring import validate_params

        scheme = attrs.get("scheme") or getattr(self.instance, "scheme", None)
        if scheme is not None and not scheme.is_editable:
            raise serializers.ValidationError(not_editable_message(scheme))
        method = attrs.get("method", getattr(self.instance, "method", None))
        measure = attrs.get("measure", getattr(self.instance, "measure", None))
        params = attrs.get("params", getattr(self.instance, "params", {}))
        problems = validate_params(method, params, measure)
        if problems:
            raise serializers.ValidationError({"params": problems})
        return attrs


class RacePublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RacePublication
        fields = ["id", "scheme", "period", "number", "published_at", "published_by", "corrects", "note", "snapshot"]
        read_only_fields = fields
