"""Who may do what, on which rows: the one place where permissions are decided.

The policy is data. Every model has a table, action → {role: scope}: a role missing from an action's line may not
take it at all (403); a role on it may take it on the rows its scope selects (others are 404 to it). Scopes are
the whole city, the user's region subtree, the user's department, or the user's own objects. `CITY_ONLY` is the
explicit marker for actions only the city's 发改委 administrators take.

The tables of the base layer are below; each app declares its models' tables in its `policy.py` (read in its
`AppConfig.ready`), so a new app adds lines, not code. A model nobody declared is refused to everyone but the city
administrators, and `core/tests/test_policy.py` fails until it is declared.

`scope_q` turns a table line into a filter, used by the restricted queryset; the `rules` permissions registered
here ask the same filter about one object, so pages, forms, filter choices, the API, history, files, imports and
exports cannot disagree.
"""

from types import MappingProxyType

import rules
from django.apps import apps
from django.db.models import Q

from core.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)
# Deleting a row others depend on (a project with monthly reports), with a recorded reason (core.deletion). No
# table names it, so it falls to the default for an action a model does not list: the city's administrators only.
DELETE_WITH_REASON = "delete_with_reason"

# Scopes: which rows of a model a role's line reaches.
CITY = "city"  # every row
REGION = "region"  # rows in the user's region or the townships below it (model's `scope_region_field`)
DEPARTMENT = "department"  # rows the user's department answers for (model's `scope_department_field`)
OWN = "own"  # the user's own rows (model's `scope_owner_field`)
# Rows the model marks as published (`scope_published_field` equal to `scope_published_value`), e.g. an issued
# document a district reads while the city's drafts stay hidden from it.
PUBLISHED = "published"
SCOPES = (CITY, REGION, DEPARTMENT, OWN, PUBLISHED)

# The explicit "city only" marker: only the city's administrators (and superusers) take such an action.
CITY_ONLY = MappingProxyType({Role.CITY_ADMIN: CITY})

EVERYONE = MappingProxyType({role: CITY for role in Role.values})
# Project-like data: the city reads everything, a district its subtree, a department what it answers for.
SCOPED_READ = MappingProxyType(
    {
        Role.CITY_ADMIN: CITY,
        Role.CITY_LEADER: CITY,
        Role.OBSERVER: CITY,
        Role.DISTRICT_OPERATOR: REGION,
        Role.DEPARTMENT_USER: DEPARTMENT,
    }
)

# The standard tables. An app composes its own from these: {**PROJECT_DATA, "review": CITY_ONLY}.
PROJECT_DATA = MappingProxyType(
    {
        VIEW: SCOPED_READ,
        ADD: {Role.CITY_ADMIN: CITY, Role.DISTRICT_OPERATOR: REGION},
        CHANGE: {Role.CITY_ADMIN: CITY, Role.DISTRICT_OPERATOR: REGION, Role.DEPARTMENT_USER: DEPARTMENT},
        DELETE: CITY_ONLY,
    }
)
# Project-like rows read within the scope but written by the city alone (e.g. a project's place on a list).
CITY_KEPT_PROJECT_DATA = MappingProxyType({VIEW: SCOPED_READ, ADD: CITY_ONLY, CHANGE: CITY_ONLY, DELETE: CITY_ONLY})
# Reference data (regions, departments, lists, holidays, targets): read by every signed-in user, kept by the city.
REFERENCE_DATA = MappingProxyType({VIEW: EVERYONE, ADD: CITY_ONLY, CHANGE: CITY_ONLY, DELETE: CITY_ONLY})
# The city's own records (audit log, login lockouts): nobody else even reads them.
CITY_ONLY_DATA = MappingProxyType({VIEW: CITY_ONLY, ADD: CITY_ONLY, CHANGE: CITY_ONLY, DELETE: CITY_ONLY})

# The admin site, not a model: its door (core.admin_site) asks this line.
ADMIN_SITE = "core.AdminSite"

_POLICY: dict[str, dict] = {}


def declare(tables: dict) -> None:
    """Register {"app_label.Model": table} lines; called from each app's `AppConfig.ready` with its `policy.POLICY`."""
    for label, table in tables.items():
        unknown = set().union(*(line.keys() for line in table.values())) - set(Role.values)
        bad_scopes = {scope for line in table.values() for scope in line.values()} - set(SCOPES)
        if unknown or bad_scopes:
            raise ValueError(f"policy for {label}: unknown roles {unknown or ''} / scopes {bad_scopes or ''}")
        _POLICY[label.lower()] = table


def _label(model) -> str:
    # Things that are not rows (an import job's folder) are named by a label of the same form, "app.Thing".
    return model.lower() if isinstance(model, str) else model._meta.label_lower


def is_declared(model) -> bool:
    """Whether the model has a line in the policy (tests fail for models that do not)."""
    return _label(model) in _POLICY


def policy_for(model) -> dict:
    """The model's table; an undeclared model is the city's alone."""
    return _POLICY.get(_label(model), CITY_ONLY_DATA)


def is_city_leader(user) -> bool:
    """Whether the user is one of the city's leaders (who land on the command dashboard)."""
    return _role(user) == Role.CITY_LEADER


def own_district_id(user) -> int | None:
    """A district operator's own district (whose pages stand in for the city's), else None."""
    return user.region_id if _role(user) == Role.DISTRICT_OPERATOR and user.region_id else None


def _role(user) -> str | None:
    if not user or not user.is_authenticated or not user.is_active:
        return None
    return Role.CITY_ADMIN if user.is_superuser else user.role


def allowed_scope(user, model, action: str) -> str | None:
    """The scope within which the user may take `action` on `model` (CITY, REGION, …), or None when they may not."""
    role = _role(user)
    if role is None:
        return None
    return policy_for(model).get(action, CITY_ONLY).get(role)


def view_reach(user, ignoring: tuple[str, ...] = ()) -> list[str]:
    """What the user sees of every declared model, as comparable words ("label:scope and whose"): two users with
    the same words see the same rows (core.cache shares values between them). `ignoring` leaves models out."""
    skipped = {label.lower() for label in ignoring}
    parts = []
    for label in sorted(set(_POLICY) - skipped):
        scope = allowed_scope(user, label, VIEW)
        if scope == REGION:
            parts.append(f"{label}:r{user.region_id}")
        elif scope == DEPARTMENT:
            parts.append(f"{label}:d{user.department_id}")
        elif scope in (CITY, PUBLISHED, None):
            parts.append(f"{label}:{scope}")
        else:  # their own rows, or a scope not known here: shared with nobody
            parts.append(f"{label}:u{user.pk}")
    return parts


def policy_identity(user) -> tuple:
    """Everything the policy reads of a user (`allowed_scope`, `view_reach`): two users with the same identity are
    decided alike everywhere, so what is computed from the policy for one may be kept for the other."""
    return (user.pk, user.is_active, user.is_superuser, user.role, user.region_id, user.department_id)


def role_allows(user, model, action: str) -> bool:
    """May this user take this action on this kind of object at all (before looking at rows)?"""
    return allowed_scope(user, model, action) is not None


def scope_q(user, model, action: str = VIEW) -> Q | None:
    """The filter selecting the rows of `model` this user may `action`; None when they may touch none."""
    scope = allowed_scope(user, model, action)
    if scope == CITY:
        return Q()
    if scope == REGION:
        field = getattr(model, "scope_region_field", None)
        if field and user.region_id:
            return Q(**{f"{field}__in": user.region_scope_ids})
    elif scope == DEPARTMENT:
        field = getattr(model, "scope_department_field", None)
        if field and user.department_id:
            return Q(**{field: user.department_id})
    elif scope == OWN:
        field = getattr(model, "scope_owner_field", None)
        if field:
            return Q(**{field: user.pk})
    elif scope == PUBLISHED:
        field = getattr(model, "scope_published_field", None)
        if field:
            return Q(**{field: model.scope_published_value})
    return None


def region_ids(user, model, action: str = VIEW) -> list[int] | None:
    """The regions in which the user may `action` rows of `model`: None for all of them, else a list (maybe empty).

    For pages addressed by region (a district's month, its spreadsheet, region choices in a form) rather than by
    row; a department-scoped user reaches no whole region.
    """
    scope = allowed_scope(user, model, action)
    if scope == CITY:
        return None
    if scope == REGION and user.region_id:
        return list(user.region_scope_ids)
    return []


def region_choices(regions, user, model, action: str):
    """The regions a user may pick for a row of `model` they `action` (a form's or a serializer's region field).

    A region-scoped user picks within their subtree; a department-scoped one anywhere (their rows are bound by
    department, checked on save); a user who may not take the action, none.
    """
    scope = allowed_scope(user, model, action)
    if scope is None:
        return regions.none()
    if scope == REGION:
        return regions.filter(pk__in=user.region_scope_ids if user.region_id else [])
    return regions


def covers_region(user, model, action: str, region) -> bool:
    """Whether the user may `action` rows of `model` anywhere in this region (city scope, or their subtree)."""
    ids = region_ids(user, model, action)
    return ids is None or region.pk in ids


def reaches_region(user, model, action: str, region) -> bool:
    """Whether a page about one region (a district's month) may open for the user, showing only rows they may
    `action`: city and department scopes reach every region, a region scope its subtree and the regions above it."""
    scope = allowed_scope(user, model, action)
    if scope in (CITY, DEPARTMENT):
        return True
    if scope == REGION and user.region_id:
        return region.pk in user.region_scope_ids or user.region_id in region.subtree_ids()
    return False


def reaches_owned(user, resource: str, action: str, owner_id) -> bool:
    """For what belongs to one user but is not a row (an import job): may this user `action` the one owned by
    `owner_id`? City scope reaches everyone's, OWN only the user's own."""
    scope = allowed_scope(user, resource, action)
    return scope == CITY or (scope == OWN and user.pk is not None and owner_id == user.pk)


def user_can(user, obj_or_model, action: str) -> bool:
    """Whether the user may take `action` on this object (or, given a class, on some object of it)."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    if isinstance(obj_or_model, type) or obj_or_model.pk is None:
        return role_allows(user, model, action)
    q = scope_q(user, model, action)
    if q is None:
        return False
    return model._default_manager.filter(q, pk=obj_or_model.pk).exists()


def restrict(queryset, user, action: str = VIEW, model=None):
    """Any queryset (restricted manager or not) cut down to the rows the user may `action`; for a queryset of
    history records, `model` names the model they record (the scope paths are the same on both)."""
    q = scope_q(user, model or queryset.model, action)
    return queryset.none() if q is None else queryset.filter(q)


def restrict_choices(queryset, user, action: str = VIEW):
    """A choice list (form field, filter, serializer relation) cut down to what the user may see of a scoped model.

    Reference data (regions, departments, lists) is offered in full: everyone reads it.
    """
    if user is None or not is_scoped(queryset.model):
        return queryset
    return restrict(queryset, user, action)


def is_scoped(model) -> bool:
    """A model whose rows belong to a region, a department or a user (as opposed to city-wide reference data)."""
    return any(getattr(model, f"scope_{kind}_field", None) for kind in ("region", "department", "owner"))


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


# The base layer's own models. The user list is the one "own objects" line: others see only themselves.
POLICY = {
    "core.Region": REFERENCE_DATA,
    "core.Department": REFERENCE_DATA,
    "core.User": {
        VIEW: {
            **{role: CITY for role in (Role.CITY_ADMIN, Role.CITY_LEADER, Role.OBSERVER)},
            Role.DISTRICT_OPERATOR: OWN,
            Role.DEPARTMENT_USER: OWN,
        },
        ADD: CITY_ONLY,
        CHANGE: CITY_ONLY,
        DELETE: CITY_ONLY,
    },
    "core.AuditEvent": CITY_ONLY_DATA,
    "core.DataVersion": CITY_ONLY_DATA,
    "axes.AccessAttempt": CITY_ONLY_DATA,
    ADMIN_SITE: CITY_ONLY_DATA,
}
declare(POLICY)
