"""Lights judged without sentences (counts, filters, rows not shown) agree with the full judgement, project by
project, on generated data; the warnings page and API write sentences only for the rows they show."""

import datetime as dt
import random
from collections import Counter
from decimal import Decimal as D

import pytest
from django.urls import reverse

from core.testing import user_for
from projects.models import InvestmentPlan, Project
from projects.testing import make_project
from scheduling import light_sql
from scheduling.choices import ReportStatus
from scheduling.lights import explain, light_counts, project_lights
from scheduling.models import MonthlyReport

AS_OF = dt.date(2024, 7, 15)
STAGES = ["planning", "preliminary", "new_start", "continuing", "completed"]
REGIONS = ["210804", "210881"]
STATUSES = [ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.DRAFT, ReportStatus.RETURNED, None]


def generated_city(seed: int, size: int = 36) -> list[Project]:
    """`size` projects of random stage, region, starts, plan and June/May reports (seeded, so reproducible)."""
    rng = random.Random(seed)
    projects = []
    for index in range(size):
        stage = rng.choice(STAGES)
        started = rng.choice([None, dt.date(2023, 3, 1), dt.date(2024, rng.randint(1, 9), 1)])
        project = make_project(
            name=f"生成项目{seed}-{index}",
            region=rng.choice(REGIONS),
            stage=stage,
            actual_start=started if stage not in ("planning", "preliminary") else None,
            planned_start=rng.choice([None, dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))]),
        )
        if rng.random() < 0.8:
            InvestmentPlan.objects.create(project=project, year=2024, amount=D(rng.randint(1, 50) * 100))
        for month in (5, 6):
            status = rng.choice(STATUSES)
            if status is not None:
                amount = D(rng.randint(0, 400))
                MonthlyReport.objects.create(
                    project=project,
                    period=dt.date(2024, month, 1),
                    month_amount=amount,
                    ytd_amount=amount,
                    total_amount=amount,
                    status=status,
                )
        projects.append(project)
    return projects


def judged(item) -> tuple:
    """What a light says apart from its sentences: colour, and each reason's cause, light and figures."""
    return item.light, [(reason.kind, reason.light, reason.figures) for reason in item.reasons]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lights_without_words_agree_with_the_full_judgement_project_by_project(db, seed):
    projects = generated_city(seed)
    everyone = Project.objects.filter(pk__in=[project.pk for project in projects])
    full = project_lights(everyone, AS_OF)
    bare = project_lights(everyone, AS_OF, words=False)
    assert full, "the generated city has subjects"
    assert [item.project.pk for item in bare] == [item.project.pk for item in full]  # same order, worst first
    assert [judged(item) for item in bare] == [judged(item) for item in full]
    assert all(reason.text == "" for item in bare for reason in item.reasons)
    assert all(reason.text for item in full for reason in item.reasons)
    # The batch judges each project as it would be judged alone (the per-project rule).
    for item in full:
        [alone] = project_lights(Project.objects.filter(pk=item.project.pk), AS_OF)
        assert judged(alone) == judged(item) and [r.text for r in alone.reasons] == [r.text for r in item.reasons]
    # explain() gives the rows shown exactly the full sentences.
    shown = explain(bare[:5], AS_OF)
    assert [[r.text for r in item.reasons] for item in shown] == [[r.text for r in item.reasons] for item in full[:5]]
    counts = light_counts(everyone, AS_OF)
    assert counts["全市"] == Counter(item.light for item in full)


def test_the_warnings_page_writes_sentences_for_the_rows_shown_only(client, db, monkeypatch):
    generated_city(7, size=120)
    full = project_lights(Project.objects.all(), AS_OF)
    assert len(full) > 50, "more subjects than one page"
    written = []

    def spy(projects, as_of=None, words=True):
        written.append((projects.count(), words))
        return project_lights(projects, as_of, words)

    monkeypatch.setattr(light_sql, "project_lights", spy)
    client.force_login(user_for("admin"))
    response = client.get(reverse("scheduling:warnings"), {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    assert written == [(50, True)]  # the page's rows only, judged with their sentences
    html = response.content.decode()
    first = full[0].reasons[0].text
    assert first in html
    counts = Counter(item.light for item in full)
    assert {light: count for light, _badge, count in response.context["counts"]} == {
        light: counts.get(light, 0) for light, _badge, _count in response.context["counts"]
    }


def test_the_api_writes_sentences_for_its_page(client, db):
    generated_city(8)
    full = {item.project.pk: item for item in project_lights(Project.objects.all(), AS_OF)}
    client.force_login(user_for("admin"))
    response = client.get(reverse("scheduling-api:warnings-projects"), {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows
    for row in rows:
        expected = [reason.text for reason in full[row["project"]].reasons]
        assert [reason["text"] for reason in row["reasons"]] == expected
