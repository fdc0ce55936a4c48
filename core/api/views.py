"""Base API viewset: restricted queryset for reading, and writes checked against the scope inside the transaction."""

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied

from core.api.permissions import request_action
from core.api.serializers import DepartmentSerializer, RegionSerializer, UserSerializer
from core.deletion import DEPENDENCY_ERRORS, protected_message
from core.models import Department, Region, User
from core.permissions import ADD, CHANGE, CITY_WIDE_ROLES, VIEW, is_city_admin


class Conflict(APIException):
    """409: the request is valid but the data's state forbids it (e.g. deleting a row others depend on)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RestrictedModelViewSet(viewsets.ModelViewSet):
    """A model viewset whose rows are those the user may see; a row outside the scope is a 404."""

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    def _confirm_in_scope(self, instance, action):
        if not type(instance).objects.restrict(self.request.user, action).filter(pk=instance.pk).exists():
            raise PermissionDenied(_("保存后的数据超出了您的管辖范围（地区或部门），未保存。"))

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            self._confirm_in_scope(instance, ADD)

    def perform_update(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            self._confirm_in_scope(instance, CHANGE)

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except DEPENDENCY_ERRORS as error:
            raise Conflict(protected_message(instance, error)) from error

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["action"] = request_action(self.request, self)
        return context


class RegionViewSet(RestrictedModelViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_fields = ["kind", "code", "parent"]


class DepartmentViewSet(RestrictedModelViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_fields = ["code"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Users, read-only here; a district operator sees only themselves, the city sees everyone."""

    queryset = User.objects.select_related("region", "department").order_by("username")
    serializer_class = UserSerializer
    filterset_fields = ["role"]

    def get_queryset(self):
        user = self.request.user
        if is_city_admin(user) or user.role in CITY_WIDE_ROLES:
            return self.queryset
        return self.queryset.filter(pk=user.pk)
