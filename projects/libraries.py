"""Which library a project is in, and why: derived from its stage and its lists, never stored.

储备项目库 holds projects being prepared (谋划储备, 前期); 建设项目库 holds projects started or continuing
(新开工, 续建); a paused project stays in the library of the stage it was paused in; completed, operating and
terminated projects have left both. 重点项目库 holds the projects on a list marked "纳入重点项目库" (the
province's 十五项重大工程), whatever their stage, as long as they have not been terminated.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from projects.choices import Library, Stage

RESERVE_STAGES = (Stage.PLANNING, Stage.PRELIMINARY)
CONSTRUCTION_STAGES = (Stage.NEW_START, Stage.CONTINUING)
STAGE_LIBRARY = {
    **{s: Library.RESERVE for s in RESERVE_STAGES},
    **{s: Library.CONSTRUCTION for s in CONSTRUCTION_STAGES},
}


def effective_stage(stage: str, stage_before_pause: str = "") -> str:
    """The stage a project counts in: a paused (暂停) project counts in the stage it was paused in.

    `effective_stage_q` is the same rule for the database; a property test holds the two together."""
    return stage_before_pause if stage == Stage.SUSPENDED else stage


def effective_stage_q(stages) -> Q:
    """Projects (live or historical rows) whose effective stage is one of `stages`."""
    return Q(stage__in=stages) | Q(stage=Stage.SUSPENDED, stage_before_pause__in=stages)


def stage_library(stage: str, stage_before_pause: str = "") -> str | None:
    """The stage library (reserve or construction) a project with these stages is in; None once it has left both."""
    return STAGE_LIBRARY.get(effective_stage(stage, stage_before_pause))


def library_q(library: str, memberships=None) -> Q:
    """A filter on projects (live or historical rows alike) selecting one library's members.

    `memberships` is the queryset of list memberships to consult for the key library (the live table by
    default, or a historical snapshot when summarising as of a past date).
    """
    if library == Library.RESERVE:
        return effective_stage_q(RESERVE_STAGES)
    if library == Library.CONSTRUCTION:
        return effective_stage_q(CONSTRUCTION_STAGES)
    if library == Library.KEY:
        if memberships is None:
            from projects.models import ListMembership

            memberships = ListMembership.objects.all()
        key_members = memberships.filter(project_id=OuterRef("id"), project_list__in_key_library=True)
        return Q(Exists(key_members)) & ~Q(stage=Stage.TERMINATED)
    raise ValueError(f"unknown library {library!r}")


def libraries_with_reasons(project, memberships=None) -> list[tuple[str, str]]:
    """The project's libraries with a sentence each saying why, for the detail page (`memberships`: the page's
    own, already fetched with their lists, so each is not fetched again)."""
    found = []
    stage = project.stage
    effective = effective_stage(stage, project.stage_before_pause)
    library = stage_library(stage, project.stage_before_pause)
    if library:
        reason = _("项目阶段为「%(stage)s」。") % {"stage": Stage(effective).label}
        if stage == Stage.SUSPENDED:
            reason = _("项目暂停，仍留在暂停前阶段「%(stage)s」所属的库中。") % {"stage": Stage(effective).label}
        found.append((library, reason))
    if stage != Stage.TERMINATED:
        if memberships is None:
            memberships = project.memberships.all()  # the API prefetches them with their lists
        key_lists = [m.project_list for m in memberships if m.project_list.in_key_library]
        if key_lists:
            names = _("、").join(_("「%(name)s」") % {"name": pl.name} for pl in key_lists)
            found.append((Library.KEY, _("列入%(lists)s，该清单纳入重点项目库。") % {"lists": names}))
    return found


def no_library_reason(project) -> str:
    """Why a project is in no library (completed, operating or terminated)."""
    return _("项目阶段为「%(stage)s」，已不在储备库和建设库中。") % {"stage": Stage(project.stage).label}
