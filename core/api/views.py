"""Base API viewset: restricted queryset for reading, and writes checked against the scope inside the transaction."""

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied

from core.api.permissions import request_action
from core.api.serializers import DepartmentSerializer, RegionSerializer, UserSerializer
from core.deletion import DEPENDENCY_ERRORS, protected_message
from core.models import Department, Region, User
from core.permissions import ADD, CHANGE, VIEW, restrict, restrict_choices


def scope_related_choices(serializer, user):
    """Cut every relation of a serializer (nested and many-valued ones too) to the rows the user may see.

    The choices are what the browsable API's forms list and what a write may name: a project in another
    district is neither offered nor accepted (as "does not exist").
    """
    if isinstance(serializer, serializers.ListSerializer):
        scope_related_choices(serializer.child, user)
        return serializer
    for field in serializer.fields.values():
        relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
        if isinstance(relation, serializers.RelatedField) and relation.queryset is not None:
            relation.queryset = restrict_choices(relation.queryset, user)
        elif isinstance(field, serializers.BaseSerializer):
            scope_related_choices(field, user)
    return serializer


class Conflict(APIException):
    """409: the request is valid but the data's state forbids it (e.g. deleting a row others depend on)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RestrictedModelViewSet(viewsets.ModelViewSet):
    """A model viewset whose rows are those the user may see; a row outside the scope is a 404."""

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    def get_serializer(self, *args, **kwargs):
        return scope_related_choices(super().get_serializer(*args, **kwargs), self.request.user)

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
        return restrict(self.queryset, self.request.user, VIEW)
