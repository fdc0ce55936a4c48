"""Stewardship API: stewards, teams, the service log, problems (their loop's steps as actions), notices, the
user's notifications and the statistics, every row restricted by the one policy."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.views import RestrictedModelViewSet
from core.clock import today
from core.permissions import CHANGE, VIEW
from stewardship.api import serializers as s
from stewardship.filtersets import (
    NotificationFilterSet,
    ProblemFilterSet,
    ServiceLogFilterSet,
    ServiceTeamFilterSet,
    StewardshipFilterSet,
    SupervisionNoticeFilterSet,
)
from stewardship.forms import StatisticsForm
from stewardship.models import (
    Notification,
    Problem,
    ProblemCategory,
    ServiceLog,
    ServiceTeam,
    Stewardship,
    SupervisionNotice,
)
from stewardship.policy import ESCALATE
from stewardship.statistics import Period, statistics
from stewardship.transitions import escalate, raise_problem, transition


def _as_drf(error: DjangoValidationError) -> ValidationError:
    """A service's refusal as a 400 naming its field."""
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


class StewardshipViewSet(RestrictedModelViewSet):
    queryset = Stewardship.objects.select_related("project", "steward")
    serializer_class = s.StewardshipSerializer
    filterset_class = StewardshipFilterSet


class ServiceTeamViewSet(RestrictedModelViewSet):
    queryset = ServiceTeam.objects.prefetch_related("members")
    serializer_class = s.ServiceTeamSerializer
    filterset_class = ServiceTeamFilterSet


class ServiceLogViewSet(RestrictedModelViewSet):
    queryset = ServiceLog.objects.select_related("project")
    serializer_class = s.ServiceLogSerializer
    filterset_class = ServiceLogFilterSet

    def perform_create(self, serializer):
        serializer.validated_data["recorded_by"] = self.request.user
        super().perform_create(serializer)


class ProblemCategoryViewSet(RestrictedModelViewSet):
    queryset = ProblemCategory.objects.all()
    serializer_class = s.ProblemCategorySerializer


class ProblemViewSet(RestrictedModelViewSet):
    """Problems the caller may see; POST raises one (as the caller), `transition` and `escalate` take a step."""

    queryset = Problem.objects.select_related("project", "department").prefetch_related("events")
    serializer_class = s.ProblemSerializer
    filterset_class = ProblemFilterSet
    permission_actions = {"transition": VIEW, "escalate": ESCALATE}

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.ProblemUpdateSerializer
        return {"transition": s.TransitionSerializer, "escalate": s.EscalationSerializer}.get(
            self.action, s.ProblemSerializer
        )

    def perform_create(self, serializer):
        try:
            serializer.instance = raise_problem(Problem(**serializer.validated_data), self.request.user)
        except DjangoValidationError as error:
            raise _as_drf(error) from error

    @extend_schema(request=s.TransitionSerializer, responses=s.ProblemSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, format=None):
        problem = self.get_object()
        data = self._valid(s.TransitionSerializer, request)
        try:
            transition(problem, data["status"], request.user, on=data.get("on"), reason=data.get("reason", ""))
        except DjangoValidationError as error:
            raise _as_drf(error) from error
        return Response(s.ProblemSerializer(problem, context={"request": request}).data)

    @extend_schema(request=s.EscalationSerializer, responses=s.ProblemSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None, format=None):
        problem = self.get_object()
        data = self._valid(s.EscalationSerializer, request)
        try:
            escalate(problem, data["level"], request.user, reason=data["reason"])
        except DjangoValidationError as error:
            raise _as_drf(error) from error
        return Response(s.ProblemSerializer(problem, context={"request": request}).data)

    def _valid(self, serializer_class, request) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class SupervisionNoticeViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Notices are issued on the problem page; here they are read, and answered by the department (PATCH)."""

    queryset = SupervisionNotice.objects.select_related("problem")
    serializer_class = s.SupervisionNoticeSerializer
    filterset_class = SupervisionNoticeFilterSet

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications; `read` marks one read."""

    queryset = Notification.objects.select_related("problem")
    serializer_class = s.NotificationSerializer
    filterset_class = NotificationFilterSet
    permission_actions = {"read": CHANGE}

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    @extend_schema(request=None, responses=s.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None, format=None):
        note = self.get_object()
        if note.read_at is None:
            note.read_at = timezone.now()
            note.save(update_fields=["read_at", "updated"])
        return Response(s.NotificationSerializer(note).data)


class StatisticsView(APIView):
    """Service and problem figures for a period (start, end) and level, over what the caller may see."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="起始日期 YYYY-MM-DD"),
            OpenApiParameter("end", str, description="截止日期 YYYY-MM-DD，缺省为今天"),
            OpenApiParameter("level", str, enum=["city", "district", "department", "steward"]),
        ],
        responses=s.StatisticsSerializer,
    )
    def get(self, request):
        form = StatisticsForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        period = Period(data.get("start"), data.get("end") or today())
        rows = statistics(period, data.get("level") or "city", request.user)
        answer = {"start": period.start, "end": period.end, "level": data.get("level") or "city", "rows": rows}
        return Response(s.StatisticsSerializer(answer).data)
