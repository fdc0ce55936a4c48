"""Changing many projects at once: responsible department, lists, stage — or deleting them with a reason.

The pages, and anything else that edits in bulk, call these functions with plain parameters. Every row is checked
as if it were edited alone (the policy for the row, the stage machine, the model's own checks, still within the
user's scope afterwards), each save is one entry in that project's history carrying the reason, and the batch is
one transaction: one refused row refuses the whole batch, with a message naming every refused row.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.deletion import DEPENDENCY_ERRORS, MIN_REASON_LENGTH, delete_with_reason, protected_dependents
from core.permissions import CHANGE, DELETE, DELETE_WITH_REASON, VIEW, role_allows, user_can
from projects.choices import Stage
from projects.models import ListMembership, Project
from projects.stages import apply_stage_side_effects, check_transition

# At most this many rows in one batch: a page of the list at its largest.
MAX_BATCH = 500


def _selected(user, ids) -> list[Project]:
    """The selected projects the user may see, in list order; refuse the batch if any id is not among them."""
    ids = {int(pk) for pk in ids}
    if not ids:
        raise ValidationError(_("请先勾选要修改的项目。"))
    if len(ids) > MAX_BATCH:
        raise ValidationError(_("一次最多修改 %(n)d 个项目，请缩小筛选范围。") % {"n": MAX_BATCH})
    projects = list(Project.objects.restrict(user, VIEW).filter(pk__in=ids).select_related("responsible_department"))
    missing = len(ids) - len(projects)
    if missing:
        # Not named: a row outside the user's scope does not exist for them.
        raise ValidationError(
            _("所选项目中有 %(count)d 个不存在或不在您的管辖范围内，未做任何修改。") % {"count": missing}
        )
    return projects


def _messages(error: ValidationError) -> str:
    return "；".join(error.messages)


def _row_error(project, text) -> str:
    return _("「%(project)s」：%(reason)s") % {"project": project, "reason": text}


def bulk_edit_projects(
    user,
    ids,
    *,
    responsible_department=None,
    stage: str = "",
    add_lists=(),
    remove_lists=(),
    reason: str = "",
) -> int:
    """Apply the given changes to every selected project, or to none; returns how many projects were changed.

    `responsible_department` None and `stage` "" leave those as they are. Raises ValidationError (the rows named)
    when any row may not be changed so.
    """
    projects = _selected(user, ids)
    if not (responsible_department or stage or add_lists or remove_lists):
        raise ValidationError(_("没有要修改的内容：请至少选择一项修改。"))
    if (add_lists or remove_lists) and not role_allows(user, ListMembership, CHANGE):
        raise ValidationError(_("调整项目所属清单须由市发改委管理员操作，未做任何修改。"))
    if stage and stage not in Stage.values:
        raise ValidationError(_("项目阶段「%(stage)s」不存在。") % {"stage": stage})
    note = (reason or "").strip() or _("批量修改")
    errors = []
    with transaction.atomic():
        for project in projects:
            if not user_can(user, project, CHANGE):
                errors.append(_row_error(project, _("您无权修改此项目")))
                continue
            old_stage = project.stage
            if stage and stage != old_stage:
                try:
                    check_transition(project, old_stage, stage, user)
                except ValidationError as error:
                    errors.append(_row_error(project, _messages(error)))
                    continue
                project.stage = stage
                apply_stage_side_effects(project, old_stage)
            if responsible_department is not None:
                project.responsible_department = responsible_department
            try:
                project.full_clean()
            except ValidationError as error:
                errors.append(_row_error(project, _messages(error)))
                continue
            project._change_reason = note
            project.save()
            _change_lists(project, add_lists, remove_lists, note)
        if not errors:
            still = set(
                Project.objects.restrict(user, CHANGE)
                .filter(pk__in=[p.pk for p in projects])
                .values_list("pk", flat=True)
            )
            errors = [
                _row_error(project, _("修改后将超出您的管辖范围（地区或部门）"))
                for project in projects
                if project.pk not in still
            ]
        if errors:  # leaving the transaction with the error undoes the rows already saved
            raise ValidationError([_("以下项目不能这样修改，未做任何修改：")] + errors)
    return len(projects)


def _change_lists(project, add_lists, remove_lists, note) -> None:
    """Join and leave lists one membership at a time, so each is in the history with the batch's reason."""
    current = {m.project_list_id: m for m in project.memberships.all()}
    for project_list in remove_lists:
        membership = current.get(project_list.pk)
        if membership is not None:
            membership._change_reason = note
            membership.delete()
    for project_list in add_lists:
        if project_list.pk not in current:
            membership = ListMembership(project=project, project_list=project_list)
            membership._change_reason = note
            membership.save()


def bulk_delete_projects(user, ids, reason: str = "", request=None) -> int:
    """Delete every selected project, or none; those with monthly reports (or other dependants) only by the city
    administrator with a reason, as on a project's own delete page. Returns how many projects were deleted."""
    projects = _selected(user, ids)
    refused = [_row_error(p, _("您无权删除此项目")) for p in projects if not user_can(user, p, DELETE)]
    if refused:
        raise ValidationError([_("以下项目不能删除，未做任何删除：")] + refused)
    reason = (reason or "").strip()
    with transaction.atomic():
        for project in projects:
            if protected_dependents(project):
                if not role_allows(user, Project, DELETE_WITH_REASON):
                    raise PermissionDenied(_("只有市级管理员可以填写理由后删除。"))
                if len(reason) < MIN_REASON_LENGTH:
                    raise ValidationError(
                        _("「%(project)s」已有其他数据依赖它，请填写删除理由（至少 %(n)d 个字）。")
                        % {"project": project, "n": MIN_REASON_LENGTH}
                    )
                delete_with_reason(project, user, reason, request=request)
                continue
            project._change_reason = reason or _("批量删除")
            try:
                project.delete()
            except DEPENDENCY_ERRORS as error:
                raise ValidationError(_row_error(project, str(error))) from error
    return len(projects)
