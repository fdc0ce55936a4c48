"""Model rules: the national code, dates and stages, stage transitions and who may make them, libraries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.testing import user_for
from projects.choices import Library, Stage
from projects.libraries import libraries_with_reasons, library_q
from projects.models import ListKind, ListMembership, Project, ProjectList
from projects.stages import allowed_targets, check_transition
from projects.testing import make_project
from projects.validators import normalise_national_code, validate_national_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code",
    ["2024-210804-44-01-123456", "2019-210800-07-02-000001", "２０２４－２１０８８１－８９－０３－６５４３２１"],
)
def test_valid_national_codes(code):
    validate_national_code(normalise_national_code(code))


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("2024-210804-44-01-12345", "format"),
        ("2024210804-44-01-123456", "format"),
        ("2024-21080A-44-01-123456", "format"),
        ("1999-210804-44-01-123456", "year"),
        ("2024-110101-44-01-123456", "division"),  # a real code, but not a region of ours
    ],
)
def test_invalid_national_codes_say_why(code, reason):
    with pytest.raises(ValidationError) as error:
        validate_national_code(code)
    assert error.value.code == reason
    assert code[5:11] in str(error.value.messages) or reason != "division"


@given(st.text(max_size=30))
def test_national_code_validation_never_crashes(text):
    """Whatever is typed, the answer is valid or a ValidationError with a message, never an exception."""
    try:
        validate_national_code(normalise_national_code(text) or "")
    except ValidationError as error:
        assert error.messages


def test_national_code_is_unique_when_present_and_optional_otherwise():
    make_project(national_code=None)
    make_project(national_code="")  # stored as NULL: many reserve projects may lack a code
    assert Project.objects.filter(national_code__isnull=True).count() == 2
    make_project(national_code="2024-210804-44-01-123456")
    duplicate = Project(
        national_code="2024-210804-44-01-123456", name="重复", owner="x", region_id=1, total_investment=1
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "national_code" in error.value.message_dict


def test_started_stages_need_an_actual_start_date():
    project = make_project(stage=Stage.NEW_START, actual_start=dt.date(2024, 3, 18))
    project.actual_start = None
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "实际开工日期" in error.value.message_dict["actual_start"][0]


def test_finish_cannot_precede_start():
    project = make_project()
    project.planned_finish = project.planned_start - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "planned_finish" in error.value.message_dict


def test_negative_investment_is_refused():
    project = make_project()
    project.total_investment = Decimal("-1")
    with pytest.raises(ValidationError):
        project.full_clean()


# (from, to, who) → allowed?  Written out as the rule book says, independently of projects.stages.
TRANSITIONS = [
    (Stage.PLANNING, Stage.PRELIMINARY, "byq", True),
    (Stage.PRELIMINARY, Stage.NEW_START, "byq", True),
    (Stage.NEW_START, Stage.CONTINUING, "zrzy", True),
    (Stage.CONTINUING, Stage.COMPLETED, "byq", True),
    (Stage.COMPLETED, Stage.OPERATING, "byq", True),
    (Stage.PRELIMINARY, Stage.PLANNING, "byq", False),  # stepping back is the city's call
    (Stage.PRELIMINARY, Stage.PLANNING, "admin", True),
    (Stage.CONTINUING, Stage.SUSPENDED, "byq", False),
    (Stage.CONTINUING, Stage.SUSPENDED, "admin", True),
    (Stage.CONTINUING, Stage.TERMINATED, "admin", True),
    (Stage.PLANNING, Stage.CONTINUING, "admin", False),  # no skipping
    (Stage.OPERATING, Stage.CONTINUING, "admin", False),
    (Stage.TERMINATED, Stage.PLANNING, "admin", False),
]


@pytest.mark.parametrize(("old", "new", "role", "allowed"), TRANSITIONS)
def test_stage_transitions(old, new, role, allowed):
    project = make_project(stage=old)
    if allowed:
        check_transition(project, old, new, user_for(role))
    else:
        with pytest.raises(ValidationError) as error:
            check_transition(project, old, new, user_for(role))
        assert "stage" in error.value.message_dict


def test_offered_stages_depend_on_the_user():
    project = make_project(stage=Stage.CONTINUING, actual_start=dt.date(2023, 4, 1))
    assert allowed_targets(project, user_for("byq")) == [Stage.COMPLETED]
    assert allowed_targets(project, user_for("admin")) == [Stage.COMPLETED, Stage.SUSPENDED, Stage.TERMINATED]
    assert allowed_targets(project, user_for("gz")) == []  # not theirs
    assert allowed_targets(project, user_for("leader")) == []  # read-only


def _libraries(project):
    return {lib for lib in Library.values if Project.objects.filter(library_q(lib), pk=project.pk).exists()}


@pytest.mark.parametrize(
    ("stage", "before_pause", "expected"),
    [
        (Stage.PLANNING, "", {Library.RESERVE}),
        (Stage.PRELIMINARY, "", {Library.RESERVE}),
        (Stage.NEW_START, "", {Library.CONSTRUCTION}),
        (Stage.CONTINUING, "", {Library.CONSTRUCTION}),
        (Stage.COMPLETED, "", set()),
        (Stage.OPERATING, "", set()),
        (Stage.TERMINATED, "", set()),
        (Stage.SUSPENDED, Stage.CONTINUING, {Library.CONSTRUCTION}),
        (Stage.SUSPENDED, Stage.PRELIMINARY, {Library.RESERVE}),
    ],
)
def test_library_follows_stage(stage, before_pause, expected):
    project = make_project(stage=stage, stage_before_pause=before_pause, actual_start=dt.date(2023, 1, 1))
    assert _libraries(project) == expected
    assert {lib for lib, _reason in libraries_with_reasons(project)} == expected


def test_key_library_follows_list_membership_and_says_why():
    kind = ListKind.objects.create(code="provincial", name="省重大工程")
    key_list = ProjectList.objects.create(kind=kind, name="省十五项重大工程", in_key_library=True)
    other = ProjectList.objects.create(kind=kind, name="普通清单")
    project = make_project(stage=Stage.CONTINUING, actual_start=dt.date(2023, 1, 1))
    ListMembership.objects.create(project=project, project_list=other)
    assert _libraries(project) == {Library.CONSTRUCTION}
    ListMembership.objects.create(project=project, project_list=key_list)
    assert _libraries(project) == {Library.CONSTRUCTION, Library.KEY}
    reasons = dict(libraries_with_reasons(project))
    assert "省十五项重大工程" in reasons[Library.KEY]
    assert "续建" in reasons[Library.CONSTRUCTION]
    project.stage = Stage.TERMINATED
    project.save()
    assert _libraries(project) == set()


def test_every_change_is_recorded_with_who_and_what():
    project = make_project(owner="旧业主")
    project._change_reason = "更正业主"
    project.owner = "新业主"
    project.save()
    latest, first = project.history.all()[:2]
    assert latest.history_type == "~" and first.history_type == "+"
    delta = latest.diff_against(first)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("owner", "旧业主", "新业主")]
