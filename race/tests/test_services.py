"""The race's service: the contract's shape, ranks and lists (绵阳 rules), rank changes against the publication
before, publishing that freezes, corrections, and schemes that are never edited in place."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from race.choices import Direction, SchemeStatus
from race.models import RaceItem, RacePublication, RaceScheme
from race.services import activate, compute, default_scheme, new_version, publish, result_for
from race.testing import default_item, make_scheme
from race.tests.helpers import add_reports, region_with

pytestmark = pytest.mark.django_db
THREE = ("210804", "210881", "210882")  # 鲅鱼圈区, 盖州市, 大石桥市


@pytest.fixture
def city():
    """Plan completion to May (linear 序时 41.7%): 鲅鱼圈区 60% (met), 盖州市 30% (missed), 大石桥市 45% (met);
    in April 盖州市 led."""
    projects = {
        "210804": region_with("210804", 1000, {4: 100, 5: 500}),
        "210881": region_with("210881", 1000, {4: 290, 5: 10}),
        "210882": region_with("210882", 1000, {4: 200, 5: 250}),
    }
    return projects


def rows_by_code(result):
    return {row["region_code"]: row for row in result["rows"]}


def test_the_result_has_the_contract_shape(city):
    scheme = make_scheme(regions=THREE)
    result = compute(scheme, "2024-05")
    assert {
        "period",
        "period_kind",
        "scheme",
        "scheme_code",
        "scheme_version",
        "published",
        "publication_id",
        "published_at",
        "items",
        "groups",
        "rows",
        "summons",
    } <= set(result)
    assert (result["period"], result["period_kind"], result["published"]) == ("2024-05", "month", False)
    assert result["items"][0] == {
        "code": "plan",
        "label": "年度计划完成率",
        "weight": Decimal("100.00"),
        "method": "linear",
        "measure": "plan_completion",
    }
    row = result["rows"][0]
    assert {
        "region_id",
        "region_code",
        "region",
        "group",
        "score",
        "rank",
        "rank_change",
        "light",
        "items",
        "lists",
    } <= set(row)
    assert isinstance(row["score"], Decimal) and isinstance(row["items"]["plan"]["raw"], Decimal)
    assert row["items"]["plan"]["explain"].startswith("年度计划完成率60%")


def test_ranks_lists_and_lights_follow_the_rules(city):
    scheme = make_scheme(regions=THREE, red_top_n=1, black_bottom_n=2, summons_bottom_n=1)
    rows = rows_by_code(compute(scheme, "2024-05"))
    assert [(code, rows[code]["rank"], rows[code]["score"]) for code in THREE] == [
        ("210804", 1, Decimal("60.00")),
        ("210881", 3, Decimal("30.00")),
        ("210882", 2, Decimal("45.00")),
    ]
    assert rows["210804"]["lists"][0] == "red" and rows["210804"]["light"] == "green"
    # 大石桥市 met its target: second of three, inside the bottom two, yet never black-listed.
    assert rows["210882"]["lists"] == [] and rows["210882"]["light"] == "green"
    assert set(rows["210881"]["lists"]) >= {"black", "summons"} and rows["210881"]["light"] == "red"
    assert compute(scheme, "2024-05")["summons"] == ["盖州市"]


def test_a_unit_that_met_its_target_is_never_summoned_even_when_last(city):
    item = default_item(direction=Direction.LOWER)  # the best completion now ranks last
    scheme = make_scheme(regions=THREE, items=[item], red_top_n=1, black_bottom_n=3, summons_bottom_n=3)
    rows = rows_by_code(compute(scheme, "2024-05"))
    assert rows["210804"]["rank"] == 3 and rows["210804"]["lists"] == []
    assert compute(scheme, "2024-05")["summons"] == ["盖州市"]


def test_rank_change_is_against_the_previous_publication(city):
    scheme = make_scheme(regions=THREE, improved_top_n=1)
    april = publish(scheme, "2024-04")
    assert [row["region_code"] for row in april.snapshot["rows"]] == ["210881", "210882", "210804"]
    rows = rows_by_code(compute(scheme, "2024-05"))
    assert {code: rows[code]["rank_change"] for code in THREE} == {"210804": 2, "210881": -2, "210882": 0}
    assert "improved" in rows["210804"]["lists"]


def test_without_a_publication_the_rank_change_is_against_the_recomputed_month_read_with_this_one(city):
    scheme = make_scheme(regions=THREE, improved_top_n=1)
    april = {row["region_code"]: row["rank"] for row in compute(scheme, "2024-04")["rows"]}
    with CaptureQueriesContext(connection) as queries:
        may = rows_by_code(compute(scheme, "2024-05"))  # April ranked again, its reports read in May's statements
    sums = [q["sql"] for q in queries if 'SUM("scheduling_monthlyreport"."month_amount")' in q["sql"]]
    plans = [q["sql"] for q in queries if 'SUM("projects_investmentplan"."amount")' in q["sql"]]
    assert len(sums) == 2 and len(plans) == 1  # this year's and last year's months for both; the year's plans once
    assert april == {"210881": 1, "210882": 2, "210804": 3}
    assert {code: may[code]["rank_change"] for code in THREE} == {c: april[c] - may[c]["rank"] for c in THREE}
    assert {code: may[code]["rank_change"] for code in THREE} == {"210804": 2, "210881": -2, "210882": 0}


def test_publishing_freezes_the_result_against_later_data_and_scheme_changes(city):
    scheme = make_scheme(regions=THREE)
    publication = publish(scheme, "2024-05")
    frozen = result_for(scheme, "2024-05")
    assert frozen["published"] and frozen["publication_id"] == publication.pk
    assert publication.inputs["regions"][str(city["210804"].region_id)]["ytd"] == "600.00"
    # The data change: 盖州市 reports a large May correction in another project.
    region_with("210881", 0, {5: 900}, name="盖州市补报项目")
    # The scheme changes: a new version with another weight, put in use.
    draft = new_version(scheme)
    RaceItem.objects.filter(scheme=draft).update(weight=Decimal("50"))
    activate(draft)
    assert result_for(scheme, "2024-05") == frozen
    assert result_for(draft, "2024-05") == frozen  # the code's latest publication, not a recomputation
    live = compute(draft, "2024-05")
    assert rows_by_code(live)["210881"]["score"] != rows_by_code(frozen)["210881"]["score"]
    publication.refresh_from_db()
    assert publication.scheme_id == scheme.pk and publication.snapshot["scheme_version"] == 1


def test_a_correction_is_a_new_publication_with_its_reason(city):
    scheme = make_scheme(regions=THREE)
    first = publish(scheme, "2024-05")
    with pytest.raises(ValidationError, match="已发布第1期"):
        publish(scheme, "2024-05")
    with pytest.raises(ValidationError, match="更正原因"):
        publish(scheme, "2024-05", corrects=first)
    add_reports(city["210881"], {6: 5})  # unrelated to May: the correction recomputes May all the same
    second = publish(scheme, "2024-05", corrects=first, note="盖州市数据修订")
    assert (second.number, second.corrects_id) == (2, first.pk)
    assert result_for(scheme, "2024-05")["publication_id"] == second.pk
    assert RacePublication.objects.get(pk=first.pk).snapshot == first.snapshot


def test_a_scheme_in_use_is_never_edited_in_place(city):
    scheme = make_scheme(regions=THREE)
    scheme.name = "改名"
    with pytest.raises(ValidationError, match="不能直接修改"):
        scheme.save()
    item = scheme.items.get()
    item.weight = Decimal("10")
    with pytest.raises(ValidationError, match="不能直接修改"):
        item.save()
    with pytest.raises(ValidationError, match="不能直接修改"):
        item.delete()
    draft = new_version(RaceScheme.objects.get(pk=scheme.pk))
    assert (draft.version, draft.status, draft.supersedes_id) == (2, SchemeStatus.DRAFT, scheme.pk)
    assert [g.regions.count() for g in draft.groups.all()] == [3] and draft.items.count() == 1
    with pytest.raises(ValidationError, match="不在使用中"):
        publish(draft, "2024-05")
    activate(draft)
    scheme.refresh_from_db()
    assert (scheme.status, RaceScheme.objects.get(pk=draft.pk).status) == (SchemeStatus.RETIRED, SchemeStatus.IN_USE)


def test_the_default_scheme_and_period_kinds(city):
    assert default_scheme("month") is None
    scheme = make_scheme(regions=THREE, is_default=True)
    make_scheme(code="other", regions=THREE)
    assert default_scheme("month") == scheme and default_scheme("quarter") is None
    with pytest.raises(ValueError, match="不符"):
        compute(scheme, "2024-Q2")


def test_a_quarter_scheme_reads_the_cumulative_to_the_quarters_end(city):
    scheme = make_scheme(code="quarterly", regions=THREE, period_kind="quarter")
    add_reports(city["210804"], {6: 100})
    rows = rows_by_code(compute(scheme, "2024-Q2"))
    assert rows["210804"]["items"]["plan"]["raw"] == Decimal("70.00")
    assert compute(scheme, "2024-Q2")["cumulative_label"] == "1—6月"


def test_publish_time_is_kept(city):
    scheme = make_scheme(regions=THREE)
    at = dt.datetime(2024, 6, 5, 9, 0, tzinfo=dt.UTC)
    assert publish(scheme, "2024-05", at=at).published_at == at


def test_the_kept_ranking_follows_committed_writes(city, monkeypatch):
    """compute() is kept under the data version: asked again it is not recomputed, a committed report or scheme
    change is in the next answer, and each period and scheme is its own value."""
    from core.testing import commit_data_version
    from race import services

    computed = []
    real = services._compute

    def counting(*args, **kwargs):
        if kwargs.get("with_changes", True):  # not the previous month it recomputes for the rank changes
            computed.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_compute", counting)
    scheme = make_scheme(regions=THREE)
    commit_data_version()
    first = compute(scheme, "2024-05")
    assert compute(scheme, "2024-05") == first and len(computed) == 1
    compute(scheme, "2024-04")
    assert len(computed) == 2
    # 盖州市 reports a large May: after the commit it leads, from a fresh computation.
    region_with("210881", 0, {5: 5000}, name="盖州市追加项目")
    commit_data_version()
    after = compute(scheme, "2024-05")
    assert len(computed) == 3
    assert rows_by_code(after)["210881"]["rank"] == 1 != rows_by_code(first)["210881"]["rank"]
    # Within the writing transaction (nothing committed yet) the ranking is computed afresh and not kept.
    region_with("210804", 0, {5: 90000}, name="鲅鱼圈区追加项目")
    assert rows_by_code(compute(scheme, "2024-05"))["210804"]["rank"] == 1
    assert len(computed) == 4
