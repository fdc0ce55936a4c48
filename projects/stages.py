"""The stage machine: which stage may follow which, and who may move a project along.

Forward steps (谋划储备 → 前期 → 新开工 → 续建 → 竣工 → 投产) may be taken by anyone who may edit the project;
stepping back, pausing, resuming and terminating are the city administrator's decisions.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.permissions import role_allows, user_can
from projects.choices import Stage
from projects.policy import STEER

EDITOR, CITY_ADMIN = "editor", "city_admin"
RESUME = "resume"  # leaving 暂停 goes back to the stage the project was paused in

TRANSITIONS: dict[str, dict[str, str]] = {
    Stage.PLANNING: {Stage.PRELIMINARY: EDITOR, Stage.TERMINATED: CITY_ADMIN},
    Stage.PRELIMINARY: {
        Stage.NEW_START: EDITOR,
        Stage.PLANNING: CITY_ADMIN,
        Stage.SUSPENDED: CITY_ADMIN,
        Stage.TERMINATED: CITY_ADMIN,
    },
    Stage.NEW_START: {
        Stage.CONTINUING: EDITOR,
        Stage.COMPLETED: EDITOR,
        Stage.SUSPENDED: CITY_ADMIN,
        Stage.TERMINATED: CITY_ADMIN,
    },
    Stage.CONTINUING: {Stage.COMPLETED: EDITOR, Stage.SUSPENDED: CITY_ADMIN, Stage.TERMINATED: CITY_ADMIN},
    Stage.COMPLETED: {Stage.OPERATING: EDITOR},
    Stage.OPERATING: {},
    Stage.SUSPENDED: {RESUME: CITY_ADMIN, Stage.TERMINATED: CITY_ADMIN},
    Stage.TERMINATED: {},
}

# Stages a project may be created in (a paused or terminated project is never new).
INITIAL_STAGES = [Stage.PLANNING, Stage.PRELIMINARY, Stage.NEW_START, Stage.CONTINUING, Stage.COMPLETED]


def _may_steer(user) -> bool:
    """Whether the policy lets the user take the city's stage decisions (pause, resume, terminate, step back)."""
    from projects.models import Project

    return role_allows(user, Project, STEER)


def _resolve(project, target: str) -> str:
    return project.stage_before_pause if target == RESUME else target


def allowed_targets(project, user) -> list[str]:
    """The stages this user may move this project to now, in the order of the stage list."""
    if project.pk and not user_can(user, project, "change"):
        return []
    targets = []
    for target, who in TRANSITIONS.get(project.stage, {}).items():
        if who == CITY_ADMIN and not _may_steer(user):
            continue
        resolved = _resolve(project, target)
        if resolved:
            targets.append(resolved)
    order = list(Stage.values)
    return sorted(set(targets), key=order.index)


def check_transition(project, old_stage: str, new_stage: str, user) -> None:
    """Raise a ValidationError naming the stages when the move is not allowed, or not allowed to this user."""
    if old_stage == new_stage:
        return
    rules = TRANSITIONS.get(old_stage, {})
    for target, who in rules.items():
        if _resolve(project, target) == new_stage:
            if who == CITY_ADMIN and not _may_steer(user):
                raise ValidationError(
                    {
                        "stage": ValidationError(
                            _("从「%(old)s」改为「%(new)s」须由市发改委管理员操作。"),
                            params={"old": Stage(old_stage).label, "new": Stage(new_stage).label},
                        )
                    }
                )
            return
    raise ValidationError(
        {
            "stage": ValidationError(
                _("项目阶段不能从「%(old)s」直接改为「%(new)s」。"),
                params={"old": Stage(old_stage).label, "new": Stage(new_stage).label},
            )
        }
    )


def apply_stage_side_effects(project, old_stage: str) -> None:
    """Remember where a paused project was, so that resuming returns it there."""
    if project.stage == Stage.SUSPENDED and old_stage != Stage.SUSPENDED:
        project.stage_before_pause = old_stage
    elif project.stage != Stage.SUSPENDED:
        project.stage_before_pause = ""
