"""Warning lights (红黄绿灯) for projects and districts, each with the reasons behind it in plain sentences.

The computation only: plain parameters (querysets, region ids, a date) in, plain data out. The colours and causes
are `scheduling.choices`; the 预警 filter of the project list is `scheduling.filtersets`; pages are
`scheduling.views.warnings`.

Projects are judged by the rules in `PROJECT_CHECKS`: completion of the annual plan against the share expected by
now (序时进度, from the city's or district's seasonal profile, `scheduling.models.profiles.expected_share`), a
planned start passed without a start, and the latest due month's report still missing after its deadline.
Districts are judged by the city's published rule: cumulative investment growth against the district's target and
against the city's growth. Every function takes the as-of date (`core.clock.today()` by default), so any day can be
judged. Thresholds come from `scheduling.conf` (settings `GONGJIAN_SCHEDULING`).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import BooleanField, ExpressionWrapper, Q, Sum
from django.utils.translation import gettext as _

from core.clock import today
from core.models import Region
from core.money import ZERO, cents, format_money, percent, round_pct
from core.permissions import VIEW, region_ids
from projects.choices import Library
from projects.libraries import RESERVE_STAGES, library_q
from projects.models import InvestmentPlan, Project
from scheduling.calendar import add_months, deadline_for
from scheduling.choices import COUNTED_STATUSES, SEVERITY, Light, ReasonKind, ReportStatus
from scheduling.conf import setting
from scheduling.figures import counted_reports, entry, investment_figures, last_complete_period
from scheduling.models import GrowthTarget, MonthlyReport
from scheduling.models.profiles import Profiles, expected_share_since
from scheduling.services import expected_projects


@dataclass(frozen=True)
class Reason:
    """One finding behind a light: what it is about, the light it calls for, a sentence, and its figures."""

    kind: str
    light: str
    text: str
    figures: dict = field(default_factory=dict)


def worst(reasons) -> str:
    """The light a set of reasons calls for: the most severe one, grey when there is nothing to judge on."""
    lights = [reason.light for reason in reasons]
    return max(lights, key=SEVERITY.__getitem__) if lights else Light.GREY


def _configured_light(name: str) -> Light:
    value = setting(name)
    if value not in Light.values:
        raise ValueError(f"GONGJIAN_SCHEDULING[{name!r}] must be one of {Light.values}, not {value!r}")
    return Light(value)


# ---------------------------------------------------------------------------------------------------------------
# Projects


@dataclass(frozen=True)
class Moment:
    """The day being judged and what follows from it: the months ended this year and the report last due."""

    as_of: dt.date
    months: int  # months of as_of's year that have ended
    report_period: dt.date  # the latest month whose report deadline has passed
    report_deadline: dt.date
    # False when only the lights, causes and figures are wanted (counts, filters, the rows not shown): the
    # sentences are the costly part at province scale, so they are written only for the rows displayed.
    words: bool = True

    @classmethod
    def of(cls, as_of: dt.date, words: bool = True) -> "Moment":
        last = last_complete_period(as_of)
        # Before January has ended, the last month ended is the previous December.
        period = last or dt.date(as_of.year - 1, 12, 1)
        deadline = deadline_for(period)
        if deadline >= as_of:  # still on time: judge the month before, whose deadline is long past
            period = add_months(period, -1)
            deadline = deadline_for(period)
        months = last.month if last else 0
        return cls(as_of=as_of, months=months, report_period=period, report_deadline=deadline, words=words)

    @property
    def year(self) -> int:
        return self.as_of.year


def overdue_start_q(as_of: dt.date) -> Q:
    """Prepared projects whose planned start has passed without a start: the one place this rule is written."""
    return Q(stage__in=RESERVE_STAGES, actual_start__isnull=True, planned_start__lt=as_of)


def subjects_q(as_of: dt.date) -> Q:
    """The projects that get a light: the construction library, and prepared projects past their planned start."""
    return library_q(Library.CONSTRUCTION) | overdue_start_q(as_of)


def check_completion(projects: list, moment: Moment) -> dict:
    """This year's counted investment against the year's plan, compared with the share expected by now (序时进度,
    from the region's seasonal profile, linear time where none is set; for a project started this year, the
    profile's share of the months since its start). A project starting after the as-of date is not judged yet."""
    ids = [project.pk for project in projects]
    plans = dict(
        InvestmentPlan.objects.filter(project_id__in=ids, year=moment.year).values_list("project_id", "amount")
    )
    done = {}
    if moment.months:
        last = dt.date(moment.year, moment.months, 1)
        rows = counted_reports(moment.year, last).filter(project_id__in=ids).values("project_id")
        done = {row["project_id"]: cents(row["ytd"]) for row in rows.annotate(ytd=Sum("month_amount")).order_by()}
    green_ratio, yellow_ratio = setting("PROJECT_GREEN_RATIO"), setting("PROJECT_YELLOW_RATIO")
    profiles = Profiles.load()
    found = {}
    for project in projects:
        plan = plans.get(project.pk)
        if not plan:
            text = (
                _("未录入 %(year)s 年度投资计划，无法判断投资完成进度。") % {"year": moment.year}
                if moment.words
                else ""
            )
            found[project.pk] = [Reason(ReasonKind.NO_PLAN, Light.GREY, text)]
            continue
        if not moment.months:
            text = (
                _("%(year)s 年尚无已结束的月份，暂不判断投资完成进度。") % {"year": moment.year} if moment.words else ""
            )
            found[project.pk] = [Reason(ReasonKind.COMPLETION, Light.GREY, text, {"plan": plan})]
            continue
        if project.actual_start and project.actual_start > moment.as_of:
            values = {"start": project.actual_start.isoformat(), "as_of": moment.as_of.isoformat()}
            text = _("%(start)s 开工，截至 %(as_of)s 尚未开工，暂不判断投资完成进度。") % values if moment.words else ""
            found[project.pk] = [Reason(ReasonKind.COMPLETION, Light.GREY, text, {"plan": plan})]
            continue
        period = dt.date(moment.year, moment.months, 1)
        expected = expected_share_since(project.region, project.actual_start, period, profiles)
        ytd = done.get(project.pk, ZERO)
        found[project.pk] = [completion_reason(ytd, plan, expected, green_ratio, yellow_ratio, words=moment.words)]
    return found


def completion_reason(
    ytd: Decimal, plan: Decimal, expected: Fraction, green_ratio, yellow_ratio, words: bool = True
) -> Reason:
    """Green when ytd/plan ≥ expected share (序时进度, %) × green ratio, yellow when ≥ × yellow ratio, else red.

    Without `words` the sentence is left empty (lights and figures only, for rows that are not shown)."""
    # Cross-multiplied so that "exactly on schedule" is exactly green, whatever the rounding of the shown figures
    # (linear time's 41.666…% included: the profile's shares are compared as stored).
    done, planned = Fraction(ytd) * 100, Fraction(plan) * Fraction(expected)
    if done >= planned * Fraction(green_ratio):
        light = Light.GREEN
    elif done >= planned * Fraction(yellow_ratio):
        light = Light.YELLOW
    else:
        light = Light.RED
    elapsed = Decimal(expected.numerator) / Decimal(expected.denominator)
    figures = {
        "plan": plan,
        "ytd": ytd,
        "completion_pct": percent(ytd, plan),
        "elapsed_pct": round_pct(elapsed),
        "green_line_pct": round_pct(elapsed * green_ratio),
        "yellow_line_pct": round_pct(elapsed * yellow_ratio),
    }
    if not words:
        return Reason(ReasonKind.COMPLETION, light, "", figures)
    values = {**figures, "ytd": format_money(ytd), "plan": format_money(plan)}
    head = (
        _("本年完成投资 %(ytd)s 万元，占年度计划 %(plan)s 万元的 %(completion_pct)s%%，序时进度 %(elapsed_pct)s%%")
        % values
    )
    if light == Light.GREEN:
        tail = _("，达到绿灯线 %(green_line_pct)s%%。") % values
    elif light == Light.YELLOW:
        tail = _("，低于绿灯线 %(green_line_pct)s%%。") % values
    else:
        tail = _("，低于黄灯线 %(yellow_line_pct)s%%。") % values
    return Reason(ReasonKind.COMPLETION, light, head + tail, figures)


def check_start(projects: list, moment: Moment) -> dict:
    """A project being prepared whose planned start date has passed without a start (`overdue_start_q`)."""
    light = _configured_light("NOT_STARTED_LIGHT")
    found = {}
    for project in projects:
        if project.overdue_start:  # annotated by project_lights from overdue_start_q
            planned = project.planned_start
            days = (moment.as_of - planned).days
            values = {"planned": planned.isoformat(), "as_of": moment.as_of.isoformat(), "days": days}
            text = (
                _("计划 %(planned)s 开工，截至 %(as_of)s 仍未开工，已逾期 %(days)s 天。") % values
                if moment.words
                else ""
            )
            found[project.pk] = [Reason(ReasonKind.NOT_STARTED, light, text, {"planned_start": planned, "days": days})]
    return found


def check_report(projects: list, moment: Moment) -> dict:
    """A project that owed a report for the latest due month and has not submitted it by the deadline."""
    period = moment.report_period
    ids = {project.pk for project in projects}
    region_ids = {project.region_id for project in projects}
    owing = set(expected_projects(region_ids, period).filter(pk__in=ids).values_list("pk", flat=True))
    statuses = dict(
        MonthlyReport.objects.filter(project_id__in=owing, period=period).values_list("project_id", "status")
    )
    light = _configured_light("MISSING_REPORT_LIGHT")
    values = {"month": f"{period:%Y-%m}", "deadline": moment.report_deadline.isoformat()}
    found = {}
    for project_id in owing:
        status = statuses.get(project_id)
        if status in COUNTED_STATUSES:
            continue
        if not moment.words:
            text = ""
        elif status == ReportStatus.DRAFT:
            text = _("%(month)s 月报已于 %(deadline)s 截止，已填草稿但未报送。") % values
        elif status == ReportStatus.RETURNED:
            text = _("%(month)s 月报已于 %(deadline)s 截止，被退回后尚未重新报送。") % values
        else:
            text = _("%(month)s 月报已于 %(deadline)s 截止，至今未填报。") % values
        figures = {"period": period, "deadline": moment.report_deadline, "status": status}
        found[project_id] = [Reason(ReasonKind.REPORT_MISSING, light, text, figures)]
    return found


# Each check takes (projects, moment) and returns {project id: [Reason, ...]} using a few aggregate queries for all
# projects at once. A new rule (the overdue problems of a later issue) is one more function of this shape here.
PROJECT_CHECKS = [check_completion, check_start, check_report]


@dataclass
class ProjectLight:
    """A project's light and the reasons for it."""

    project: Project
    light: str
    reasons: list

    @property
    def figures(self) -> dict:
        merged = {}
        for reason in self.reasons:
            merged.update(reason.figures)
        return merged

    def has_kind(self, kind: str) -> bool:
        """Whether a reason of this kind is behind the light (a green finding is not a cause)."""
        return any(reason.kind == kind and reason.light != Light.GREEN for reason in self.reasons)


def project_lights(projects, as_of: dt.date | None = None, words: bool = True) -> list[ProjectLight]:
    """Lights for those of `projects` (a queryset, already restricted to the user) that get one, worst first.

    With `words=False` the reasons carry their light, cause and figures but no sentence; `explain` writes the
    sentences of the few rows a page shows.
    """
    as_of = as_of or today()
    subjects = list(
        projects.filter(subjects_q(as_of))
        .annotate(overdue_start=ExpressionWrapper(overdue_start_q(as_of), output_field=BooleanField()))
        .select_related("region")
        .order_by("region__sort_order", "region__code", "-total_investment", "pk")
    )
    if not subjects:
        return []
    moment = Moment.of(as_of, words)
    reasons = defaultdict(list)
    for check in PROJECT_CHECKS:
        for project_id, found in check(subjects, moment).items():
            reasons[project_id].extend(found)
    lights = [ProjectLight(project, worst(reasons[project.pk]), reasons[project.pk]) for project in subjects]
    # Python's sort is stable: worst first, and within a colour the order above (region, then size).
    lights.sort(key=lambda item: -SEVERITY[item.light])
    return lights


def explain(items: list, as_of: dt.date | None = None) -> list:
    """Give `items` (ProjectLights judged without words) their sentences, in place, by judging them again."""
    if not items:
        return items
    ids = [item.project.pk for item in items]
    explained = {item.project.pk: item for item in project_lights(Project.objects.filter(pk__in=ids), as_of)}
    for item in items:
        item.reasons = explained[item.project.pk].reasons
    return items


def light_counts(projects, as_of: dt.date) -> dict:
    """{region name: Counter of project lights} as of a day, districts in their order, then "全市" for all: how the
    lights are spread. Judged in the database (`scheduling.light_sql`), as the warnings page counts them."""
    from scheduling.light_sql import light_counts_by_region  # built on this module

    by_region, city = light_counts_by_region(projects, as_of)
    ranked = sorted(by_region.items(), key=lambda item: (item[0].sort_order, item[0].code))
    return {**{str(region): counts for region, counts in ranked}, _("全市"): city}


# ---------------------------------------------------------------------------------------------------------------
# Districts


@dataclass
class DistrictLight:
    """A district's light under the published rule, with its figures and the reasons."""

    region: Region
    light: str
    reasons: list
    ytd: Decimal
    previous_ytd: Decimal
    growth_pct: Decimal | None
    target_pct: Decimal | None


def judge_district(growth, target, city_growth, year: int) -> tuple[str, list]:
    """The published rule on one district's cumulative growth (%): (light, reasons).

    Red when growth is below `DISTRICT_RED_BELOW_PCT` (negative); green when at or above both the target and the
    city's growth; yellow when below either; grey when there is no growth to judge or (unless red) no target.
    """
    if growth is None:
        text = _("上年同期没有已报送的投资数据，无法计算同比增速。")
        return Light.GREY, [Reason(ReasonKind.NO_BASE, Light.GREY, text)]
    red_below = setting("DISTRICT_RED_BELOW_PCT")
    values = {"growth": growth, "target": target, "city": city_growth, "line": red_below, "year": year}
    figures = {"growth_pct": growth, "target_pct": target, "city_growth_pct": city_growth}
    if growth < red_below:
        if red_below == 0:
            text = _("累计投资同比增长 %(growth)s%%，为负增长。") % values
        else:
            text = _("累计投资同比增长 %(growth)s%%，低于红灯线 %(line)s%%。") % values
        return Light.RED, [Reason(ReasonKind.GROWTH, Light.RED, text, figures)]
    if target is None:
        text = _("累计投资同比增长 %(growth)s%%，未设定 %(year)s 年投资增速目标，无法判定。") % values
        return Light.GREY, [Reason(ReasonKind.NO_TARGET, Light.GREY, text, figures)]
    clauses = [_("累计投资同比增长 %(growth)s%%") % values]
    below = growth < target
    clauses.append((_("低于目标 %(target)s%%") if below else _("达到目标 %(target)s%%")) % values)
    if city_growth is not None:
        below_city = growth < city_growth
        clauses.append((_("低于全市 %(city)s%%") if below_city else _("不低于全市 %(city)s%%")) % values)
        below = below or below_city
    light = Light.YELLOW if below else Light.GREEN
    return light, [Reason(ReasonKind.GROWTH, light, _("，").join(clauses) + _("。"), figures)]


def visible_district_ids(user) -> list[int]:
    """The districts whose lights a user may see: every one for city-wide roles, their own for a district.

    A district's figures sum all its projects, so a user scoped to a department (who does not see them all)
    sees no district lights.
    """
    ids = region_ids(user, Project, VIEW)
    districts = Region.objects.ranked()
    if ids is not None:
        districts = districts.filter(pk__in=ids)
    return list(districts.values_list("pk", flat=True))


def district_lights(region_ids, as_of: dt.date | None = None) -> dict:
    """{"as_of", "through", "city": figures, "districts": [DistrictLight]} for the given districts.

    The city's growth, the yardstick of the rule, is always the whole city's.
    """
    as_of = as_of or today()
    # The whole city's figures, the same for every user (the districts are chosen below): their reports' reads are
    # kept under the data version (`scheduling.figures._year_reads`), so pages and users read them once per change.
    figures = investment_figures(as_of)
    city_growth = figures["city"]["yoy_pct"]
    targets = dict(
        GrowthTarget.objects.filter(year=as_of.year, region_id__in=region_ids).values_list("region_id", "target_pct")
    )
    districts = []
    for region in Region.objects.filter(pk__in=region_ids).order_by("sort_order", "code"):
        found = figures["regions"].get(region.pk) or entry()
        target = targets.get(region.pk)
        light, reasons = judge_district(found["yoy_pct"], target, city_growth, as_of.year)
        districts.append(
            DistrictLight(region, light, reasons, found["ytd"], found["previous_ytd"], found["yoy_pct"], target)
        )
    return {"as_of": as_of, "through": figures["through"], "city": figures["city"], "districts": districts}
