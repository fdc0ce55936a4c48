"""Who may do what, on which rows: the one place where permissions are decided.

A role gives a set of actions; a scope (the whole city, one region's subtree, one department) gives the rows.
`scope_q` turns both into a filter, used by the restricted queryset; the `rules` permissions registered here
ask the same filter about one object, so the UI, the API, exports and search cannot disagree.
"""

import rules
from django.apps import apps
from django.db.models import Q

from core.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)

# Which actions each role may take on scoped data (projects and what hangs from them).
ROLE_ACTIONS = {
    Role.CITY_ADMIN: {VIEW, ADD, CHANGE, DELETE},
    Role.CITY_LEADER: {VIEW},
    Role.OBSERVER: {VIEW},
    Role.DISTRICT_OPERATOR: {VIEW, ADD, CHANGE},
    Role.DEPARTMENT_USER: {VIEW, CHANGE},
}
CITY_WIDE_ROLES = {Role.CITY_ADMIN, Role.CITY_LEADER, Role.OBSERVER}


def is_city_admin(user) -> bool:
    """The city's 发改委 administrators (and Django superusers) run the system."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.CITY_ADMIN))


def covers_region(user, region) -> bool:
    """Whether the region lies within what the user answers for: anywhere for city admins, else their subtree."""
    return is_city_admin(user) or bool(user.region_id and region.pk in user.region_scope_ids)


def is_scoped(model) -> bool:
    """A model whose rows belong to a region or a department (as opposed to city-wide reference data)."""
    return bool(getattr(model, "scope_region_field", None) or getattr(model, "scope_department_field", None))


def role_allows(user, model, action: str) -> bool:
    """May this user take this action on this kind of object at all (before looking at rows)?"""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_city_admin(user):
        return True
    if not is_scoped(model):
        # Reference data (regions, departments, lists, users) is read by everyone, kept by the city.
        return action == VIEW
    return action in ROLE_ACTIONS.get(user.role, set())


def scope_q(user, model, action: str = VIEW) -> Q | None:
    """The filter selecting the rows of `model` this user may `action`; None when they may touch none."""
    if not role_allows(user, model, action):
        return None
    if is_city_admin(user) or not is_scoped(model) or user.role in CITY_WIDE_ROLES:
        return Q()
    region_field = getattr(model, "scope_region_field", None)
    department_field = getattr(model, "scope_department_field", None)
    if user.role == Role.DISTRICT_OPERATOR and region_field and user.region_id:
        return Q(**{f"{region_field}__in": user.region_scope_ids})
    if user.role == Role.DEPARTMENT_USER and department_field and user.department_id:
        return Q(**{department_field: user.department_id})
    return None


def user_can(user, obj_or_model, action: str) -> bool:
    """Whether the user may take `action` on this object (or, given a class, on some object of it)."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    if isinstance(obj_or_model, type) or obj_or_model.pk is None:
        return role_allows(user, model, action)
    q = scope_q(user, model, action)
    if q is None:
        return False
    return model._default_manager.filter(q, pk=obj_or_model.pk).exists()


def _permission_predicate(action: str):
    @rules.predicate(name=f"may_{action}")
    def predicate(user, obj=None):
        return user_can(user, obj, action) if obj is not None else False

    return predicate


def register_model_permissions() -> None:
    """Register `<app>.<action>_<model>` with `rules` for every model of our apps, all backed by scope_q."""
    from core.models import BaseModel, User

    for model in apps.get_models():
        if not (issubclass(model, BaseModel) or model is User):
            continue
        for action in ACTIONS:
            name = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
            rules.set_perm(name, _model_level(model, action) | _permission_predicate(action))


def _model_level(model, action):
    @rules.predicate(name=f"role_may_{action}_{model._meta.model_name}")
    def predicate(user, obj=None):
        return obj is None and role_allows(user, model, action)

    return predicate
