"""Golden tests: on the demo data, May 2024's ranking under both demo schemes equals an independent computation
from the raw rows (monthly reports, plans, projects, problems, the seasonal profile) in plain Python, written here
from the schemes' published rules without calling any race code."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from core.models import Region
from projects.models import InvestmentPlan, Project
from race.models import RaceScheme
from race.services import compute, result_for
from scheduling.models import MonthlyReport, SeasonalProfile
from stewardship.models import Problem

pytestmark = pytest.mark.django_db
D = Decimal
COUNTED = {"submitted", "approved", "revised"}
CONSTRUCTION = {"new_start", "continuing"}
GROUPS = {"县（市）区": {"district", "county_city", "county"}, "功能区": {"zone"}}


def half_up(value, places=2) -> Decimal:
    return D(value).quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def pct(numerator, denominator, places=2):
    return None if not denominator else half_up(D(numerator) * 100 / D(denominator), places)


def raw_values(month: int) -> dict:
    """Every region's raw figures for Jan–`month` 2024, from the stored rows in plain Python."""
    end = dt.date(2024, month, 28)
    while (end + dt.timedelta(days=1)).month == month:
        end += dt.timedelta(days=1)
    start = dt.date(2024, 1, 1)
    projects = {p["id"]: p for p in Project.objects.values()}
    regions = {r.pk: r for r in Region.objects.all()}
    city = next(r for r in regions.values() if r.kind == "city")
    profile = SeasonalProfile.objects.filter(region=city).first()
    expected = half_up(getattr(profile, f"m{month:02d}"), 1) if profile else half_up(D(month * 100) / 12, 1)
    figures = {
        rid: {"ytd": D(0), "prev": D(0), "plan": D(0), "started": set(), "continuing": set(), "reports": 0}
        for rid in regions
    }
    for f in figures.values():
        f.update(late=0, new=0, not_started=0, due=0, on_time=0, bands=[0, 0, 0, 0])
    for r in MonthlyReport.objects.values("project_id", "period", "month_amount", "status", "site_status", "is_late"):
        if r["status"] not in COUNTED or r["period"].month > month:
            continue
        project = projects[r["project_id"]]
        f = figures[project["region_id"]]
        if r["period"].year == 2024:
            f["ytd"] += r["month_amount"]
            f["reports"] += 1
            f["late"] += r["is_late"]
            if r["site_status"] in ("working", "finished"):
                f["started"].add(project["id"])
                if project["actual_start"] and project["actual_start"] < start:
                    f["continuing"].add(project["id"])
        elif r["period"].year == 2023:
            f["prev"] += r["month_amount"]
    for plan in InvestmentPlan.objects.filter(year=2024).values("project_id", "amount"):
        project = projects[plan["project_id"]]
        stage = project["stage_before_pause"] if project["stage"] == "suspended" else project["stage"]
        if stage in CONSTRUCTION:
            f = figures[project["region_id"]]
            f["plan"] += plan["amount"]
            amount = plan["amount"]
            f["bands"][0 if amount >= 100000 else 1 if amount >= 50000 else 2 if amount >= 10000 else 3] += 1
    for project in projects.values():
        f = figures[project["region_id"]]
        if project["actual_start"] and start <= project["actual_start"] <= end:
            f["new"] += 1
        planned = project["planned_start"]
        if planned and start <= planned <= end and not (project["actual_start"] and project["actual_start"] <= end):
            f["not_started"] += 1
    for problem in Problem.objects.values("project_id", "deadline", "solved_on"):
        if start <= problem["deadline"] <= end:
            f = figures[projects[problem["project_id"]]["region_id"]]
            f["due"] += 1
            f["on_time"] += bool(problem["solved_on"] and problem["solved_on"] <= problem["deadline"])
    for f in figures.values():
        f["completion"] = pct(f["ytd"], f["plan"])
        f["ratio"] = None if f["completion"] is None else pct(f["completion"], expected)
        f["growth"] = pct(f["ytd"] - f["prev"], f["prev"])
    return {"figures": figures, "regions": regions}


def ranks(totals: dict) -> dict:
    return {rid: 1 + sum(1 for other in totals.values() if other > total) for rid, total in totals.items()}


def cap(value, low=None, high=None):
    value = max(value, D(low)) if low is not None else value
    return min(value, D(high)) if high is not None else value


def hundred_point(figures: dict, members: list) -> dict:
    """营口 100-point scheme, written from its rules."""
    growth = {rid: figures[rid]["growth"] for rid in members}
    known = [g for g in growth.values() if g is not None]
    totals = {}
    for rid in members:
        f = figures[rid]
        ratio = f["ratio"]
        if ratio is None:
            plan_points = D(30)
        elif ratio >= 100:
            plan_points = 40 + half_up((min(ratio, D(130)) - 100) * D("0.2"))
        else:
            plan_points = 40 + half_up((ratio - 100) * D("0.1"))
        plan_points = cap(plan_points, 30, 50)
        growth_rank = 1 + sum(1 for g in known if g > growth[rid]) if growth[rid] is not None else None
        growth_points = D(0) if growth_rank is None else max(D(0), 25 - D(3) * (growth_rank - 1))
        starts = 20 + min(f["new"], 10)
        not_started = max(D(-15), -3 * D(f["not_started"]))
        due_pct = pct(f["on_time"], f["due"])
        problems = D(10) if due_pct is None else cap(half_up(10 * due_pct / 100), None, 10)
        report_pct = pct(f["reports"] - f["late"], f["reports"])
        reports = D(0) if report_pct is None else cap(half_up(5 * report_pct / 100), None, 5)
        totals[rid] = plan_points + growth_points + starts + not_started + problems + reports
    return totals


def per_project(figures: dict, members: list) -> dict:
    """延安-style: +5 a new start, +2 a continuing project, plan-size bands 20/10/6/3, progress = 60 × done ÷ plan."""
    totals = {}
    for rid in members:
        f = figures[rid]
        bands = sum(count * points for count, points in zip(f["bands"], (20, 10, 6, 3), strict=True))
        progress = D(0) if f["completion"] is None else half_up(60 * f["completion"] / 100)
        totals[rid] = 5 * f["new"] + 2 * len(f["continuing"]) + bands + progress
    return totals


def independent(score, month: int) -> dict:
    """{region name: (group, score, rank, met target)} for Jan–`month` 2024."""
    data = raw_values(month)
    answer = {}
    for group, kinds in GROUPS.items():
        members = [rid for rid, region in data["regions"].items() if region.kind in kinds]
        totals = score(data["figures"], members)
        for rid, rank in ranks(totals).items():
            met = data["figures"][rid]["ratio"] is not None and data["figures"][rid]["ratio"] >= 100
            answer[data["regions"][rid].name] = (group, half_up(totals[rid]), rank, met)
    return answer


@pytest.mark.parametrize("code,score", [("yingkou-100", hundred_point), ("per-project", per_project)])
def test_may_2024_equals_the_independent_computation(demo_data, code, score):
    scheme = RaceScheme.objects.get(code=code, status="in_use")
    result = compute(scheme, "2024-05")
    expected = independent(score, 5)
    assert {row["region"]: (row["group"], row["score"], row["rank"]) for row in result["rows"]} == {
        name: value[:3] for name, value in expected.items()
    }
    april = independent(score, 4)
    for row in result["rows"]:
        assert row["rank_change"] == april[row["region"]][2] - row["rank"]
        group_size = sum(1 for value in expected.values() if value[0] == row["group"])
        met = expected[row["region"]][3]
        assert ("red" in row["lists"]) == (met and row["rank"] <= scheme.red_top_n)
        assert ("black" in row["lists"]) == (not met and row["rank"] > group_size - scheme.black_bottom_n)
        assert ("summons" in row["lists"]) == (not met and row["rank"] > group_size - scheme.summons_bottom_n)
    assert result["summons"] == [row["region"] for row in result["rows"] if "summons" in row["lists"]]
    print(code, [(row["group"], row["rank"], row["region"], str(row["score"])) for row in result["rows"]])


def test_april_is_published_in_the_demo_and_may_is_a_draft(demo_data):
    scheme = RaceScheme.objects.get(code="yingkou-100", status="in_use")
    assert result_for(scheme, "2024-04")["published"] is True
    may = result_for(scheme, "2024-05")
    assert may["published"] is False and any(row["rank_change"] for row in may["rows"])
    assert {group["name"] for group in may["groups"]} == {"县（市）区", "功能区"}
    assert len(may["groups"][0]["rows"]) == 6 and len(may["groups"][1]["rows"]) == 4
