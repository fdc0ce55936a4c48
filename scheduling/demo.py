"""Demo monthly reports (January 2023 to June 2024) whose city totals reproduce the seed's investment figures.

The seed: January–May 2024, 591 projects started or resumed (开复工) with 203.1亿元 completed, +7.5% on
January–May 2023; first-quarter 2024 investment +15.9% on the first quarter of 2023. A project reports for the
months it was in the construction library by its own dates (started by month end, not finished before the
month). Amounts follow its size, its life span, its 2024 plan and the season; then the first quarter and April–May
of both years are filled, under each project's limits, so the city totals meet the seed to the 万元. The started
count comes out of the site statuses: the continuing projects the demo has beyond the seed's 591 had not resumed
work by the end of May 2024.
"""

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from core.choices import Role
from core.models import User
from core.money import CENT
from projects.demo import REASON, TZ
from projects.models import InvestmentPlan, Project
from scheduling.calendar import add_months, deadline_for, month_end
from scheduling.choices import ReportStatus, ReviewDecision, SiteStatus
from scheduling.conf import setting
from scheduling.figures import growth_pct
from scheduling.models import DistrictReview, MonthlyReport

SEED = 20240531
FIRST_PERIOD = dt.date(2023, 1, 1)
LAST_PERIOD = dt.date(2024, 6, 1)  # June 2024 is submitted and awaits the city's review; earlier months are approved
SEED_STARTED = 591  # projects started or resumed, January–May 2024
SEED_YTD = Decimal("2031000")  # 203.1亿元 completed January–May 2024, in 万元
SEED_YOY = Decimal("7.5")  # growth on January–May 2023, %
SEED_Q1_YOY = Decimal("15.9")  # first quarter 2024 on the first quarter of 2023, %

# Share of a year's works done in each month in Liaoning: little while the ground is frozen and around the Spring
# Festival, most from April to October.
SEASON = {1: 0.03, 2: 0.03, 3: 0.07, 4: 0.10, 5: 0.11, 6: 0.11, 7: 0.10, 8: 0.10, 9: 0.10, 10: 0.10, 11: 0.08, 12: 0.07}
# The month a continuing project resumes after the winter, as weights: most resume in March and April; in 2024
# the city pushed for an early start (the seed's first quarter grew faster than January–May), so more resumed early.
RESUME_WEIGHTS = {2023: {1: 14, 2: 9, 3: 34, 4: 30, 5: 13}, 2024: {1: 20, 2: 12, 3: 38, 4: 22, 5: 8}}
# Projects beyond the seed's count that stay idle through May 2024: this share resumes in June, the rest stay stopped.
RESUME_IN_JUNE = 0.6
# How much a district's growth varies around the city's (log-normal sigma).
REGION_SPREAD = 0.12
# How far a region's 2023 months may be stretched (or shrunk) towards the city's growth.
REGION_STRETCH = 12.0
# How fast the months after May return from the scaled spring pace to the project's own (per month).
FADE = 0.5
# The most of its total investment a project does in one month, in January–May and in one calendar year; the most
# of its 2024 plan done by the end of June (generous: a north-eastern year expects 45% by then, and the seed's
# January–May falls on the projects that were working).
MONTH_SHARE = 0.08
SPRING_SHARE = 0.25
YEAR_SHARE = 0.45
SPRING_PLAN_SHARE = 0.9
# The start month's amount against the season's share of the plan (mobilisation and advance payments).
START_MONTH_SHARE = 1.2
# Never let the cumulative since start reach the total investment (a report above it needs an explanation).
CEILING = 0.97

PHASES = [  # (share of total investment done, image progress)
    (0.15, "场地平整及桩基施工"),
    (0.45, "主体结构施工"),
    (0.70, "主体结构封顶，设备采购"),
    (0.88, "设备安装调试"),
    (1.01, "收尾工程及竣工验收准备"),
]
IDLE_REASONS = ["资金未到位", "施工许可手续办理中", "设计变更待批复", "征地拆迁未完成"]


@dataclass
class Cell:
    """One project-month while it is drawn: site status and amount (万元, a float until rounded)."""

    period: dt.date
    status: str = SiteStatus.WORKING
    amount: float = 0.0
    cap: float = 0.0  # the most this month may take while January–May is fitted to the seed
    money: Decimal = Decimal("0")


@dataclass
class Draft:
    """One project's reporting months, its 2024 plan and its cumulative before 2023 while they are drawn."""

    project: Project
    plan_2024: float | None
    life_weight: float  # the season weights of all the months from start to finish
    cells: list[Cell] = field(default_factory=list)
    opening: Decimal = Decimal("0")
    resume_2024: int = 1  # the month works (re)started in 2024

    @property
    def before(self) -> float:
        """What the life span says was done before 2023 (万元)."""
        start = self.project.actual_start
        if start >= FIRST_PERIOD:
            return 0.0
        return 0.95 * self.total * _season_weight(start, add_months(FIRST_PERIOD, -1)) / self.life_weight

    @property
    def ceiling(self) -> float:
        """The most its reports may add up to: under the total investment, leaving room for half of `before`."""
        return CEILING * self.total - 0.5 * self.before

    @property
    def total(self) -> float:
        return float(self.project.total_investment)


def months_between(first: dt.date, last: dt.date):
    """The first days of the months from `first`'s month to `last`'s month, inclusive."""
    period = first.replace(day=1)
    while period <= last:
        yield period
        period = add_months(period, 1)


def reporting_months(project: Project) -> list[dt.date]:
    """The demo months in which the project was in the construction library by its own dates."""
    if project.actual_start is None:
        return []
    return [
        period
        for period in months_between(FIRST_PERIOD, LAST_PERIOD)
        if project.actual_start <= month_end(period)
        and (project.actual_finish is None or project.actual_finish >= period)
    ]


def _life_end(project: Project) -> dt.date:
    """When the works end: the actual finish, else the planned finish but not before the end of 2024 (delays)."""
    return project.actual_finish or max(project.planned_finish or dt.date(2024, 12, 1), dt.date(2024, 12, 1))


def _season_weight(first: dt.date, last: dt.date) -> float:
    return sum(SEASON[period.month] for period in months_between(first, last))


def _window(period: dt.date) -> tuple[int, str]:
    """The window a month's amount is fitted in: the first quarter, April–May, June, or the rest of the year."""
    parts = {1: "q1", 2: "q1", 3: "q1", 4: "apr-may", 5: "apr-may", 6: "june"}
    return period.year, parts.get(period.month, "rest")


def fill(cells: list[Cell], target: float) -> float:
    """Scale the cells by one factor, none above its cap, so that they add up to `target`; return the factor."""
    if sum(cell.cap for cell in cells) < target:
        raise ValueError(f"the demo projects cannot carry {target:.0f}万元 in one window under their limits")
    low, high = 0.0, max(cell.cap / cell.amount for cell in cells)
    for _step in range(60):  # bisection: the filled total grows with the factor
        middle = (low + high) / 2
        if sum(min(cell.amount * middle, cell.cap) for cell in cells) < target:
            low = middle
        else:
            high = middle
    for cell in cells:
        cell.amount = min(cell.amount * high, cell.cap)
    return high


class Drawer:
    """Draws every project's months from one seeded generator, then fits them to the seed's totals."""

    def __init__(self, projects, plans: dict[int, Decimal]):
        self.rng = random.Random(SEED)
        self.drafts = []
        for project in projects:
            months = reporting_months(project)
            if not months:
                continue
            plan = plans.get(project.pk)
            weight = _season_weight(project.actual_start, _life_end(project))
            draft = Draft(project, float(plan) if plan else None, weight, [Cell(period) for period in months])
            self.drafts.append(draft)

    def draw(self) -> list[Draft]:
        idle = self._idle_through_may_2024()
        for draft in self.drafts:
            self._statuses(draft, idle=draft.project.pk in idle)
            self._amounts(draft)
        self._fit_to_seed()
        for draft in self.drafts:
            self._opening(draft)
        return self.drafts

    def _idle_through_may_2024(self) -> set[int]:
        """Continuing projects that had not resumed by the end of May 2024, leaving exactly the seed's count.

        Every project reporting in January–May 2024 works at least once unless chosen here; smaller projects are
        likelier to be idle (weighted sampling without replacement, keyed u^(1/weight)).
        """
        period_may = dt.date(2024, 5, 1)
        reporting = [d for d in self.drafts if any(dt.date(2024, 1, 1) <= c.period <= period_may for c in d.cells)]
        candidates = [
            d for d in reporting if d.project.actual_start < dt.date(2024, 1, 1) and d.project.actual_finish is None
        ]
        idle_count = len(reporting) - SEED_STARTED
        if not 0 <= idle_count <= len(candidates):
            raise ValueError(f"{len(reporting)} projects report in Jan–May 2024; cannot leave {SEED_STARTED} started")
        keys = {d.project.pk: self.rng.random() ** math.sqrt(d.total) for d in candidates}
        return set(sorted(keys, key=keys.get, reverse=True)[:idle_count])

    def _statuses(self, draft: Draft, idle: bool) -> None:
        """Site status per month: idle over the winter until the project resumes, then working, finished last."""
        rng, project = self.rng, draft.project
        for year in sorted({cell.period.year for cell in draft.cells}):
            cells = [cell for cell in draft.cells if cell.period.year == year]
            if project.actual_start.year == year:
                resume = project.actual_start.month
            elif idle and year == 2024:
                resume = 6 if rng.random() < RESUME_IN_JUNE else 13
            else:
                weights = RESUME_WEIGHTS[year]
                resume = rng.choices(list(weights), weights=list(weights.values()))[0]
            finish = project.actual_finish.month if project.actual_finish and project.actual_finish.year == year else 13
            resume = min(resume, finish)
            if year == 2024:
                draft.resume_2024 = resume
            for cell in cells:
                month = cell.period.month
                if month == finish:
                    cell.status = SiteStatus.FINISHED
                elif month < resume:
                    cell.status = SiteStatus.STOPPED if resume == 13 else SiteStatus.NOT_STARTED
                elif month > resume and rng.random() < (0.2 if month == 12 else 0.04):
                    cell.status = SiteStatus.STOPPED  # winter stop in December, or a stop for a problem
                else:
                    cell.status = SiteStatus.WORKING

    def _amounts(self, draft: Draft) -> None:
        """Amounts of the working months: the 2024 plan (or the life span) shared by season, with noise."""
        rng, project = self.rng, draft.project
        start = project.actual_start
        # A project that (re)starts late in 2024 still aims at its annual plan: the months it works carry it.
        resumed = dt.date(2024, min(draft.resume_2024, 12), 1)
        plan_weight = _season_weight(max(start, resumed, dt.date(2024, 1, 1)), dt.date(2024, 12, 1))
        for cell in draft.cells:
            if cell.status not in (SiteStatus.WORKING, SiteStatus.FINISHED):
                continue
            if cell.period.year == 2024 and draft.plan_2024:
                base = draft.plan_2024 * SEASON[cell.period.month] / plan_weight
            else:
                base = 0.95 * draft.total * SEASON[cell.period.month] / draft.life_weight
            # The month a project starts carries more than the season's share (ground-breaking brings site preparation
            # and advance payments on equipment), however late in the month; the month it finishes, half.
            if cell.period == start.replace(day=1):
                base *= START_MONTH_SHARE
            if cell.status == SiteStatus.FINISHED:
                base *= 0.5
            cell.amount = base * rng.lognormvariate(0, 0.35)

    def _targets(self, raw: dict) -> dict:
        """The window totals (万元) that give the seed's figures, splitting Q1 vs April–May as the data lean."""
        jan_may_24 = SEED_YTD
        jan_may_23 = (SEED_YTD * 100 / (100 + SEED_YOY)).quantize(Decimal("1"))
        share_23 = raw[2023, "q1"] / (raw[2023, "q1"] + raw[2023, "apr-may"])
        share_24 = raw[2024, "q1"] / (raw[2024, "q1"] + raw[2024, "apr-may"])
        # The seed's two growth rates fix the ratio of the years' Q1 shares; meet it halfway from both years.
        needed = float((100 + SEED_Q1_YOY) / (100 + SEED_YOY)) * share_23 / share_24
        q1_24 = (jan_may_24 * Decimal(share_24 * math.sqrt(needed))).quantize(Decimal("1"))
        q1_23 = (q1_24 * 100 / (100 + SEED_Q1_YOY)).quantize(Decimal("1"))
        if growth_pct(jan_may_24, jan_may_23) != SEED_YOY or growth_pct(q1_24, q1_23) != SEED_Q1_YOY:
            raise ValueError("the window totals do not give the seed's growth rates")
        return {
            (2023, "q1"): q1_23,
            (2023, "apr-may"): jan_may_23 - q1_23,
            (2024, "q1"): q1_24,
            (2024, "apr-may"): jan_may_24 - q1_24,
        }

    def _fit_to_seed(self) -> None:
        """Fill January–May of both years to the seed's totals under each project's limits, then the other months
        at the project's own pace in the room left, and round to the 分 with the windows' totals exact."""
        cells = [(draft, cell) for draft in self.drafts for cell in draft.cells if cell.amount > 0]
        windows: dict[tuple, list[Cell]] = {}
        for _draft, cell in cells:
            windows.setdefault(_window(cell.period), []).append(cell)
        targets = self._targets({key: sum(c.amount for c in found) for key, found in windows.items()})
        self._lean_regions(cells)
        for draft in self.drafts:
            self._spring_caps(draft)
        factors = {key: fill(windows[key], float(targets[key])) for key in targets if key[0] == 2023}
        for draft in self.drafts:
            self._later_months(draft, factors[2023, "apr-may"])
        self._follow_2023(cells)
        # June 2024 keeps the projects' own pace (their plans by the season; the projects that start in June carry
        # theirs from the start), but grows on June 2023 at least as January–May did: the seed says nothing of June.
        june_2023 = sum(cell.amount for cell in windows[2023, "june"]) * float(1 + SEED_YOY / 100)
        targets[2024, "june"] = Decimal(max(sum(c.amount for c in windows[2024, "june"]), june_2023)).quantize(
            Decimal(1)
        )
        for key in targets:
            if key[0] == 2024:
                fill(windows[key], float(targets[key]))
        for key, target in targets.items():
            for cell in windows[key]:
                cell.money = Decimal(cell.amount).quantize(CENT)
            largest = max(windows[key], key=lambda c: c.money)
            largest.money += target - sum(c.money for c in windows[key])

    def _lean_regions(self, cells) -> None:
        """Lean each region's January–May 2023 towards what its 2024 figures imply, so district growth looks real.

        The demo's projects started unevenly across regions (a zone may hold mostly 2024 starts), so one city-wide
        scale would give districts growth from -50% to +700%; the lean is bounded and has some spread.
        """
        sums: dict[tuple, float] = {}
        for draft, cell in cells:
            if cell.period.month <= 5:
                key = draft.project.region_id, cell.period.year
                sums[key] = sums.get(key, 0.0) + cell.amount
        regions = sorted({region for region, _year in sums})
        city = sum(sums.get((r, 2024), 0.0) for r in regions) / sum(sums.get((r, 2023), 0.0) for r in regions)
        lean = {}
        for region in regions:
            if sums.get((region, 2023)) and sums.get((region, 2024)):
                need = sums[region, 2024] / sums[region, 2023] / city
                lean[region] = min(max(need, 1 / REGION_STRETCH), REGION_STRETCH) * self.rng.lognormvariate(0, 0.08)
        for draft, cell in cells:  # half the way: 2023 has little room under the projects' limits
            if cell.period.year == 2023 and cell.period.month <= 5:
                cell.amount *= math.sqrt(lean.get(draft.project.region_id, 1.0))

    def _follow_2023(self, cells) -> None:
        """Share each 2024 window among the regions like the region's 2023 window, with some spread, so each
        district's growth stays near the city's (2024 amounts have room below the plans to move)."""
        sums: dict[tuple, float] = {}
        for draft, cell in cells:
            if cell.period.month <= 5:
                key = draft.project.region_id, _window(cell.period)
                sums[key] = sums.get(key, 0.0) + cell.amount
        spread = {}
        for region, (year, part) in sorted(sums):
            if year == 2024 and sums.get((region, (2023, part))):
                spread[region, part] = sums[region, (2023, part)] / sums[region, (2024, part)]
                spread[region, part] *= self.rng.lognormvariate(0, REGION_SPREAD)
        for draft, cell in cells:
            if cell.period.year == 2024 and cell.period.month <= 5:
                cell.amount *= spread.get((draft.project.region_id, _window(cell.period)[1]), 1.0)

    def _spring_caps(self, draft: Draft) -> None:
        """The most each January–May month may take: a share of the project per month and per spring (in 2024 a
        share of its plan), all under its lifetime ceiling."""
        plan_2024 = SPRING_PLAN_SHARE * draft.plan_2024 if draft.plan_2024 else SPRING_SHARE * draft.total
        spring = [c for c in draft.cells if c.amount > 0 and (c.period.month <= 5 or c.period.year == 2024)]
        for cell in spring:
            cell.cap = MONTH_SHARE * draft.total
        for group, limit in (
            ([c for c in spring if c.period.year == 2023], SPRING_SHARE * draft.total),
            ([c for c in spring if c.period.year == 2024], plan_2024),
            (spring, draft.ceiling),
        ):
            weight = sum(c.amount for c in group)
            for cell in group:
                cell.cap = min(cell.cap, limit * cell.amount / weight)

    def _later_months(self, draft: Draft, factor: float) -> None:
        """June to December 2023 ease from the spring's pace back to the project's own, in the room left."""
        # January–May 2023 is filled; 2024 is not yet, so count the most it may take
        done = sum(
            c.amount if c.period.year == 2023 else c.cap
            for c in draft.cells
            if c.period.month <= 5 or c.period.year == 2024
        )
        for cell in draft.cells:
            if cell.period.year != 2023 or cell.period.month <= 5 or not cell.amount:
                continue
            year_done = sum(c.amount for c in draft.cells if c.period.year == cell.period.year and c is not cell)
            year_room = YEAR_SHARE * draft.total
            cell.amount = min(
                cell.amount * (1 + (factor - 1) * FADE ** (cell.period.month - 5)),
                MONTH_SHARE * draft.total,
                max(0.0, year_room - year_done),
                max(0.0, draft.ceiling - done),
            )
            cell.money = Decimal(cell.amount).quantize(CENT)
            done += cell.amount

    def _opening(self, draft: Draft) -> None:
        """The cumulative before 2023 for projects started earlier: what their life span says, under the ceiling;
        a project that finished in the period closes near its total investment."""
        if not draft.before:
            return
        reported = sum(cell.money for cell in draft.cells)
        room = Decimal(CEILING * draft.total) - reported
        opening = Decimal(draft.before * self.rng.uniform(0.85, 1.1))
        if draft.project.actual_finish:
            opening = max(opening, Decimal(self.rng.uniform(0.9, CEILING) * draft.total) - reported)
        draft.opening = max(Decimal("0"), min(opening, room)).quantize(Decimal("1"))


DEMO_GROWTH_TARGET_PCT = Decimal("7.0")  # a plausible city-wide yearly target, the same for every district


def load_growth_targets() -> None:
    """The 2024 investment growth target of each ranked region, so district warnings have a yardstick."""
    from core.models import Region
    from scheduling.models import GrowthTarget

    for region in Region.objects.ranked():
        GrowthTarget.objects.get_or_create(
            region=region, year=2024, defaults={"target_pct": DEMO_GROWTH_TARGET_PCT, "note": "演示数据"}
        )


def seasonal_shares() -> list[Decimal]:
    """Liaoning's 序时进度 (cumulative % of the year by each month's end), from the same season the demo draws."""
    shares, running = [], Decimal("0")
    for month in range(1, 13):
        running += Decimal(str(SEASON[month])) * 100
        shares.append(running)
    return shares


def load_seasonal_profile() -> None:
    """The city's seasonal profile, so that warnings expect little in winter as Liaoning's construction does."""
    from core.choices import RegionKind
    from core.models import Region
    from scheduling.models import SeasonalProfile
    from scheduling.models.profiles import month_field

    city = Region.objects.filter(kind=RegionKind.CITY).order_by("sort_order", "code").first()
    if city is None or SeasonalProfile.objects.filter(region=city).exists():
        return
    shares = {month_field(month): share for month, share in enumerate(seasonal_shares(), start=1)}
    profile = SeasonalProfile(region=city, name="辽宁季节性进度", note="演示数据：按辽宁施工季节（冬季停工）", **shares)
    profile.full_clean()
    profile.save()


def load_monthly_reports() -> None:
    """Write the demo's monthly reports with their dated history and the city's reviews (idempotent)."""
    load_growth_targets()
    load_seasonal_profile()
    if MonthlyReport.objects.exists():
        return
    plans = dict(InvestmentPlan.objects.filter(year=2024).values_list("project_id", "amount"))
    drafts = Drawer(Project.objects.exclude(actual_start=None).order_by("pk"), plans).draw()
    with transaction.atomic():
        Writer(drafts).write()


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


@dataclass
class Timing:
    """When a district submitted one month's reports, and when the city approved them."""

    submitted: dt.datetime
    reviewed: dt.datetime | None
    late: bool


class Writer:
    """Turns drawn months into reports, their three-step history (draft, submitted, approved) and reviews."""

    def __init__(self, drafts: list[Draft]):
        self.drafts = drafts
        self.rng = random.Random(SEED + 1)
        self.admin = User.objects.filter(role=Role.CITY_ADMIN).order_by("pk").first()
        operators = User.objects.filter(role=Role.DISTRICT_OPERATOR).exclude(region=None).order_by("pk")
        self.operators = {}
        for user in operators:
            self.operators.setdefault(user.region_id, user)
        self.days: dict[tuple[dt.date, int], dt.date] = {}

    def _working_day(self, period: dt.date, count: int) -> dt.date:
        """The `count`-th working day after the month's end, on the city's holiday calendar."""
        if (period, count) not in self.days:
            self.days[period, count] = deadline_for(period, count)
        return self.days[period, count]

    def timing(self, period: dt.date) -> Timing:
        """Submission in the first working days after month end (now and then late), review a few days later."""
        rng = self.rng
        deadline = setting("DEADLINE_WORKING_DAYS")
        late = rng.random() < 0.06
        submitted = deadline + rng.randint(1, 2) if late else rng.randint(min(2, deadline), deadline)
        reviewed = None
        if period < LAST_PERIOD:
            reviewed = _at(self._working_day(period, submitted + rng.randint(1, 3)), 15, rng.randrange(60))
        return Timing(
            submitted=_at(self._working_day(period, submitted), 16, rng.randrange(60)),
            reviewed=reviewed,
            late=late,
        )

    def write(self) -> None:
        region_of = {draft.project.pk: draft.project.region_id for draft in self.drafts}
        months = sorted({(cell.period, region_of[d.project.pk]) for d in self.drafts for cell in d.cells})
        timings = {key: self.timing(key[0]) for key in months}
        reports = []
        for draft in self.drafts:
            reports += self._reports(draft, timings)
        MonthlyReport.objects.bulk_create(reports, batch_size=1000)
        self._history(reports, timings)
        self._stamp(reports, timings)
        self._reviews(reports, timings)

    def _reports(self, draft: Draft, timings: dict) -> list[MonthlyReport]:
        """One project's reports, the year's cumulative and the cumulative since start carried month to month."""
        project = draft.project
        total, ytd, reports = draft.opening, Decimal("0"), []
        for cell in draft.cells:
            ytd = Decimal("0") if cell.period.month == 1 else ytd
            ytd += cell.money
            total += cell.money
            timing = timings[cell.period, project.region_id]
            approved = timing.reviewed is not None
            reports.append(
                MonthlyReport(
                    project=project,
                    period=cell.period,
                    month_amount=cell.money,
                    ytd_amount=ytd,
                    total_amount=total,
                    site_status=cell.status,
                    progress=self._progress(cell, total / project.total_investment),
                    status=ReportStatus.APPROVED if approved else ReportStatus.SUBMITTED,
                    submitted_at=timing.submitted,
                    submitted_by=self.operators.get(project.region_id),
                    is_late=timing.late,
                    reviewed_at=timing.reviewed,
                    reviewed_by=self.admin if approved else None,
                    version=2 if approved else 1,
                )
            )
        return reports

    def _progress(self, cell: Cell, done: Decimal) -> str:
        """The image progress (形象进度) a site would report for the month."""
        if cell.status == SiteStatus.FINISHED:
            return "项目完工，组织竣工验收"
        if cell.status == SiteStatus.NOT_STARTED:
            if cell.period.month <= 3:
                return "冬歇期，待气温回升后复工"
            return f"尚未复工：{self.rng.choice(IDLE_REASONS)}"
        if cell.status == SiteStatus.STOPPED:
            return "冬季停工" if cell.period.month == 12 else f"停工：{self.rng.choice(IDLE_REASONS)}"
        return next(text for share, text in PHASES if done < Decimal(share))

    def _history(self, reports: list[MonthlyReport], timings: dict) -> None:
        """Each report's versions: entered and submitted by the district in one sitting, then approved by the city."""
        historical = MonthlyReport.history.model
        names = [f.attname for f in historical.tracked_fields]
        rows = []
        for report in reports:
            timing = timings[report.period, report.project.region_id]
            values = {name: getattr(report, name) for name in names}
            submitted = {
                **values,
                "status": ReportStatus.SUBMITTED,
                "version": 1,
                "reviewed_at": None,
                "reviewed_by_id": None,
                "created": timing.submitted,
                "updated": timing.submitted,
            }
            steps = [("+", timing.submitted, report.submitted_by, submitted)]
            if timing.reviewed:
                approved = {**values, "created": timing.submitted, "updated": timing.reviewed}
                steps.append(("~", timing.reviewed, self.admin, approved))
            for kind, when, user, row in steps:
                rows.append(
                    historical(
                        history_date=when, history_type=kind, history_user=user, history_change_reason=REASON, **row
                    )
                )
        historical.objects.bulk_create(rows, batch_size=1000)

    def _stamp(self, reports: list[MonthlyReport], timings: dict) -> None:
        """Set created/updated to when the district submitted and the city last touched each month's reports
        (bulk_create stamps them with the time of loading)."""
        groups: dict[tuple, list[int]] = {}
        for report in reports:
            groups.setdefault((report.period, report.project.region_id), []).append(report.pk)
        for key, ids in groups.items():
            timing = timings[key]
            MonthlyReport.objects.filter(pk__in=ids).update(
                created=timing.submitted, updated=timing.reviewed or timing.submitted
            )

    def _reviews(self, reports: list[MonthlyReport], timings: dict) -> None:
        """The city's approval of each district's month (June 2024 still awaits review)."""
        counts = Counter((report.period, report.project.region_id) for report in reports)
        reviews = []
        for (period, region_id), count in sorted(counts.items()):
            timing = timings[period, region_id]
            if timing.reviewed is None:
                continue
            review = DistrictReview(
                region_id=region_id,
                period=period,
                decision=ReviewDecision.APPROVED,
                reviewer=self.admin,
                report_count=count,
            )
            review._history_date, review._history_user = timing.reviewed, self.admin
            reviews.append(review)
        DistrictReview.objects.bulk_create(reviews)
        DistrictReview.history.bulk_history_create(reviews, default_change_reason=REASON)
        for review in reviews:
            moment = review._history_date
            DistrictReview.objects.filter(pk=review.pk).update(created=moment, updated=moment)
