"""Serializers of the stewardship API. Problems are written through stewardship.transitions, never directly."""

from rest_framework import serializers

from stewardship.choices import EscalationLevel, ProblemStatus
from stewardship.models import (
    Notification,
    Problem,
    ProblemCategory,
    ProblemEvent,
    ServiceLog,
    ServiceTeam,
    Stewardship,
    SupervisionNotice,
    TeamMember,
)


class StewardshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stewardship
        fields = ["id", "project", "steward", "start", "end", "note", "created", "updated"]

    def validate(self, attrs):
        instance = Stewardship(
            **{
                **(
                    {}
                    if self.instance is None
                    else {f.name: getattr(self.instance, f.name) for f in Stewardship._meta.concrete_fields}
                ),
                **attrs,
            }
        )
        instance.clean()
        return attrs


class TeamMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "role", "name", "unit", "department", "phone", "start", "end"]


class ServiceTeamSerializer(serializers.ModelSerializer):
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceTeam
        fields = ["id", "project", "level", "name", "start", "end", "members"]


class ServiceLogSerializer(serializers.ModelSerializer):
    recorded_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ServiceLog
        fields = [
            "id",
            "project",
            "kind",
            "level",
            "date",
            "recorded_by",
            "participants",
            "place",
            "notes",
            "created",
            "updated",
        ]


class ProblemCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemCategory
        fields = ["id", "name", "sort_order", "active"]


class ProblemEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemEvent
        fields = ["kind", "from_status", "to_status", "from_level", "to_level", "by", "on", "reason"]


class ProblemSerializer(serializers.ModelSerializer):
    """A problem with its record; status, level, light and dates are read-only (the loop's steps change them)."""

    events = ProblemEventSerializer(many=True, read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "project",
            "category",
            "title",
            "description",
            "department",
            "raised_by",
            "raised_on",
            "deadline",
            "measures",
            "progress",
            "status",
            "solved_on",
            "verified_on",
            "return_reason",
            "level",
            "light",
            "overdue_count",
            "service_log",
            "events",
            "created",
            "updated",
        ]
        read_only_fields = [
            "raised_by",
            "status",
            "solved_on",
            "verified_on",
            "return_reason",
            "level",
            "light",
            "overdue_count",
            "events",
        ]


class ProblemUpdateSerializer(ProblemSerializer):
    """Edits keep the project and raise date: a problem does not move to another project."""

    class Meta(ProblemSerializer.Meta):
        read_only_fields = [*ProblemSerializer.Meta.read_only_fields, "project", "raised_on", "service_log"]

    def validate(self, attrs):
        deadline = attrs.get("deadline")
        if deadline and self.instance and deadline < self.instance.raised_on:
            raise serializers.ValidationError(
                {"deadline": Problem(raised_on=self.instance.raised_on, deadline=deadline).deadline_error()}
            )
        return attrs


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProblemStatus.choices)
    on = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class EscalationSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=EscalationLevel.choices)
    reason = serializers.CharField()


class SupervisionNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupervisionNotice
        fields = [
            "id",
            "problem",
            "number",
            "issued_by",
            "issued_on",
            "deadline",
            "requirement",
            "answered_on",
            "answer",
        ]
        read_only_fields = ["problem", "number", "issued_by", "issued_on", "deadline", "requirement"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "problem", "title", "body", "read_at", "emailed", "created"]
        read_only_fields = fields


class StatisticsRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    visits = serializers.IntegerField()
    phone_surveys = serializers.IntegerField()
    meetings = serializers.IntegerField()
    steward_site_visits = serializers.IntegerField()
    steward_phone_surveys = serializers.IntegerField()
    city_team_site_visits = serializers.IntegerField()
    county_team_site_visits = serializers.IntegerField()
    raised = serializers.IntegerField()
    solved = serializers.IntegerField()
    verified = serializers.IntegerField()
    overdue = serializers.IntegerField()
    avg_days_to_solve = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    p90_days_to_solve = serializers.DecimalField(max_digits=8, decimal_places=0, allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    """The statistics answer: the period and level asked for, and one row per group."""

    start = serializers.DateField(allow_null=True)
    end = serializers.DateField()
    level = serializers.ChoiceField(choices=["city", "district", "department", "steward"])
    rows = StatisticsRowSerializer(many=True)
