"""The effective stage of a paused project, stated once (projects.libraries): its Python and database forms agree
on every combination of stages, and every caller (the libraries, the model's check, the reasons) follows it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from projects.choices import Library, Stage
from projects.libraries import (
    CONSTRUCTION_STAGES,
    RESERVE_STAGES,
    effective_stage,
    effective_stage_q,
    libraries_with_reasons,
    library_q,
    stage_library,
)
from projects.models import Project
from projects.testing import make_project

stages = st.sampled_from(Stage.values)
before = st.sampled_from(["", *Stage.values])


@given(stages, before)
def test_a_paused_project_counts_in_the_stage_it_was_paused_in(stage, stage_before_pause):
    effective = effective_stage(stage, stage_before_pause)
    assert effective == (stage_before_pause if stage == Stage.SUSPENDED else stage)
    expected = {
        **dict.fromkeys(RESERVE_STAGES, Library.RESERVE),
        **dict.fromkeys(CONSTRUCTION_STAGES, Library.CONSTRUCTION),
    }
    assert stage_library(stage, stage_before_pause) == expected.get(effective)


@pytest.mark.django_db
@settings(max_examples=80, deadline=None)
@given(stage=stages, stage_before_pause=before, wanted=st.sampled_from([RESERVE_STAGES, CONSTRUCTION_STAGES]))
def test_the_database_form_agrees(stage, stage_before_pause, wanted):
    project = Project.objects.filter(name="规则探针").first() or make_project(name="规则探针")
    Project.objects.filter(pk=project.pk).update(stage=stage, stage_before_pause=stage_before_pause)
    project.refresh_from_db()
    in_database = Project.objects.filter(effective_stage_q(wanted), pk=project.pk).exists()
    assert in_database == (effective_stage(stage, stage_before_pause) in wanted)
    assert project.effective_stage == effective_stage(stage, stage_before_pause)
    for library in (Library.RESERVE, Library.CONSTRUCTION):
        member = Project.objects.filter(library_q(library), pk=project.pk).exists()
        assert member == (stage_library(stage, stage_before_pause) == library)


@pytest.mark.django_db
def test_a_paused_construction_project_keeps_its_library_and_its_start_date_rule():
    project = make_project(stage=Stage.SUSPENDED, stage_before_pause=Stage.CONTINUING, actual_start=dt.date(2023, 3, 1))
    assert [library for library, _reason in libraries_with_reasons(project)] == [Library.CONSTRUCTION]
    project.actual_start = None
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert "actual_start" in refused.value.message_dict
