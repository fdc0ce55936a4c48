"""Stewardship demo as of 2024-06-30, reproducing the seed: 33 major projects (2,055亿元) stewarded by 31 city
leaders (two lead two projects); city stewards' site visits 49 and phone surveys 44; city service teams' site
visits 37; county-level teams' site visits 152; 38 problems solved; plus open, returned and overdue problems.

The 33 projects are chosen from the demo projects (step 20) by a deterministic search for 33 of the larger
unfinished ones whose total investment is 2,055.00亿元 to the cent of an 亿; every row is drawn from a seeded
random generator, so the demo is the same on every machine.
"""

import bisect
import datetime as dt
import random
from decimal import Decimal

from core.choices import Role
from core.demo import DEMO_PASSWORD
from core.models import Department, User
from core.money import WAN_PER_YI
from projects.choices import FINISHED_STAGES, Stage
from projects.models import Project
from stewardship.choices import (
    EventKind,
    ProblemStatus,
    ServiceKind,
    ServiceLevel,
    TeamLevel,
    TeamRole,
)
from stewardship.models import (
    Problem,
    ProblemCategory,
    ProblemEvent,
    ServiceLog,
    ServiceTeam,
    Stewardship,
    SupervisionNotice,
    TeamMember,
)
from stewardship.overdue import ensure_default_rules, run_overdue

SEED = 20240630
AS_OF = dt.date(2024, 6, 30)
START = dt.date(2024, 2, 20)  # the stewards were appointed after the Spring Festival
PROJECTS, TARGET_YI = 33, Decimal("2055")
# The seed's service counts: (kind, level) → count.
SERVICE_COUNTS = {
    (ServiceKind.VISIT, ServiceLevel.STEWARD): 49,
    (ServiceKind.PHONE, ServiceLevel.STEWARD): 44,
    (ServiceKind.VISIT, ServiceLevel.CITY_TEAM): 37,
    (ServiceKind.VISIT, ServiceLevel.COUNTY_TEAM): 152,
    (ServiceKind.MEETING, ServiceLevel.CITY_TEAM): 14,  # not in the seed; coordination meetings happen
}
SOLVED_VERIFIED, SOLVED_WAITING = 31, 7  # 38 solved; 7 of them wait for the raiser's verification
OPEN_COUNTS = {ProblemStatus.OPEN: 9, ProblemStatus.IN_PROGRESS: 8, ProblemStatus.RETURNED: 3}

# The stewards besides leader_zhang: username, surname, given name (副市级以上领导).
STEWARDS = [
    ("leader_wang", "王", "立军"),
    ("leader_li", "李", "国栋"),
    ("leader_zhao", "赵", "春雷"),
    ("leader_liu", "刘", "志强"),
    ("leader_chen", "陈", "建华"),
    ("leader_yang", "杨", "光明"),
    ("leader_huang", "黄", "海涛"),
    ("leader_zhou", "周", "文斌"),
    ("leader_wu", "吴", "德胜"),
    ("leader_xu", "徐", "长青"),
    ("leader_sun", "孙", "卫东"),
    ("leader_ma", "马", "骏"),
    ("leader_zhu", "朱", "红梅"),
    ("leader_hu", "胡", "振宇"),
    ("leader_guo", "郭", "庆丰"),
    ("leader_he", "何", "晓东"),
    ("leader_lin", "林", "海波"),
    ("leader_gao", "高", "远"),
    ("leader_luo", "罗", "承志"),
    ("leader_zheng", "郑", "国华"),
    ("leader_liang", "梁", "秀英"),
    ("leader_xie", "谢", "永刚"),
    ("leader_song", "宋", "明辉"),
    ("leader_tang", "唐", "立新"),
    ("leader_han", "韩", "守义"),
    ("leader_feng", "冯", "建平"),
    ("leader_deng", "邓", "晓光"),
    ("leader_cao", "曹", "文静"),
    ("leader_peng", "彭", "德利"),
    ("leader_zeng", "曾", "宪章"),
]
# Category → the department problems of that kind usually go to.
CATEGORIES = [
    ("用地", "zrzyj"),
    ("资金", "czj"),
    ("审批", "ysj"),
    ("环评", "sthjj"),
    ("水电气暖", "zjj"),
    ("施工环境", "jtysj"),
    ("其他", "fgw"),
]
PROBLEM_TEXTS = {
    "用地": ["建设用地指标不足，需调剂", "用地预审尚未批复", "征地拆迁进度滞后", "林地占用手续未办结"],
    "资金": ["专项债券资金未到位", "银行贷款审批缓慢", "配套资金缺口较大", "中央预算内资金申报需指导"],
    "审批": ["施工许可办理周期长", "规划许可证待核发", "能评审批排队", "消防设计审查意见待出具"],
    "环评": ["环评批复待出具", "排污许可证待办理", "海域使用环评需补充论证"],
    "水电气暖": ["施工用电增容未落实", "供水管网接入待协调", "天然气接入方案未确定", "供热管线迁改"],
    "施工环境": ["周边群众阻工", "施工道路需临时占用", "渣土外运许可待办", "夜间施工许可待批"],
    "其他": ["项目入统需指导", "招商协议条款需协调"],
}
PLACES = ["项目现场", "项目指挥部", "建设单位会议室", "区政府会议室", "市政府第三会议室"]


def _day(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def choose_projects(candidates: list[tuple[int, Decimal]], count: int, target: Decimal, rng) -> list[int]:
    """Ids of `count` candidates whose amounts sum to `target` within half a cent of an 亿 (50万元).

    Local search: from a random start, take the single swap that brings the sum closest, then (if still off) the
    best pair of swaps found through a sorted list of single-swap changes.
    """
    tolerance = WAN_PER_YI / 200
    amounts = dict(candidates)
    ids = [pk for pk, _amount in candidates]
    chosen = set(rng.sample(ids, count))
    for _round in range(200):
        diff = target - sum(amounts[pk] for pk in chosen)
        if abs(diff) < tolerance:
            return sorted(chosen)
        outside = [pk for pk in ids if pk not in chosen]
        swaps = sorted((amounts[new] - amounts[old], old, new) for old in chosen for new in outside)
        best = min(swaps, key=lambda swap: abs(diff - swap[0]))
        if abs(diff - best[0]) < abs(diff):
            chosen = (chosen - {best[1]}) | {best[2]}
            continue
        deltas = [swap[0] for swap in swaps]
        for first in swaps:  # two disjoint swaps whose changes add up to the difference
            at = bisect.bisect_left(deltas, diff - first[0])
            for second in swaps[max(0, at - 3) : at + 3]:
                if {first[1], first[2]} & {second[1], second[2]}:
                    continue
                if abs(diff - first[0] - second[0]) < tolerance:
                    return sorted((chosen - {first[1], second[1]}) | {first[2], second[2]})
        chosen = set(rng.sample(ids, count))  # stuck: start again elsewhere
    raise RuntimeError("no set of demo projects adds up to the seed's total")


def load_stewards() -> list[User]:
    """leader_zhang and the 30 other stewards, city-leader accounts with the demo password."""
    stewards = [User.objects.get(username="leader_zhang")]
    for username, surname, given in STEWARDS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"last_name": surname, "first_name": given, "role": Role.CITY_LEADER}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        stewards.append(user)
    return stewards


def load_stewardship() -> None:
    """Stewards, teams, service log, problems (with their records and notices) and today's overdue lights."""
    if Stewardship.objects.exists():
        return
    rng = random.Random(SEED)
    stewards = load_stewards()
    departments = {d.code: d for d in Department.objects.all()}
    categories = {}
    for order, (name, _code) in enumerate(CATEGORIES, start=1):
        categories[name], _ = ProblemCategory.objects.get_or_create(name=name, defaults={"sort_order": order})
    ensure_default_rules()

    candidates = list(
        Project.objects.exclude(stage__in=[*FINISHED_STAGES, Stage.TERMINATED, Stage.SUSPENDED])
        .order_by("-total_investment", "pk")
        .values_list("pk", "total_investment")[:120]
    )
    ids = choose_projects(candidates, PROJECTS, TARGET_YI * WAN_PER_YI, rng)
    projects = list(Project.objects.filter(pk__in=ids).select_related("region", "responsible_department"))
    rng.shuffle(projects)
    # 31 stewards for 33 projects: leader_zhang and leader_wang steward two each.
    assignment = [*stewards, stewards[0], stewards[1]]
    for project, steward in zip(projects, assignment, strict=True):
        Stewardship.objects.create(project=project, steward=steward, start=_day(rng, START, START + dt.timedelta(9)))
        _teams(project, steward, departments, rng)
    _service_log(projects, assignment, rng)
    _problems(projects, assignment, categories, departments, rng)
    run_overdue(AS_OF)


def _teams(project, steward, departments, rng) -> None:
    city = ServiceTeam.objects.create(
        project=project, level=TeamLevel.CITY, name=f"{project.name}市级帮办团队", start=START
    )
    department = project.responsible_department
    members = [
        (TeamRole.RESPONSIBLE_LEADER, steward.display_name, "营口市人民政府", None, steward),
        (TeamRole.LEAD_UNIT, str(department), f"营口市{department.name}", department, None),
        (TeamRole.ONSITE_CADRE, f"驻场干部{rng.randrange(100):02d}", f"营口市{department.name}", department, None),
        (TeamRole.OWNER_LIAISON, f"业主联络人{rng.randrange(100):02d}", project.owner, None, None),
        (TeamRole.SITE_MANAGER, f"现场负责人{rng.randrange(100):02d}", project.owner, None, None),
        (TeamRole.COMPANY_CONTACT, f"企业联络员{rng.randrange(100):02d}", project.owner, None, None),
    ]
    for code in rng.sample(["zrzyj", "zjj", "sthjj", "ysj", "czj", "jtysj"], 3):  # the "N" of 1+1+N
        members.append(
            (
                TeamRole.DEPARTMENT_CONTACT,
                f"联络员{rng.randrange(100):02d}",
                departments[code].name,
                departments[code],
                None,
            )
        )
    for role, name, unit, dept, user in members:
        TeamMember.objects.create(team=city, role=role, name=name, unit=unit, department=dept, user=user, start=START)
    county = ServiceTeam.objects.create(
        project=project, level=TeamLevel.COUNTY, name=f"{project.region}帮办团队", start=START
    )
    TeamMember.objects.create(
        team=county,
        role=TeamRole.RESPONSIBLE_LEADER,
        name=f"{project.region}分管副区长",
        unit=f"{project.region}人民政府",
        start=START,
    )


def _service_log(projects, assignment, rng) -> None:
    admin = User.objects.filter(username="city_admin").first()
    logs = []
    for (kind, level), count in SERVICE_COUNTS.items():
        for _n in range(count):
            index = rng.randrange(len(projects))
            project, steward = projects[index], assignment[index]
            who = {
                ServiceLevel.STEWARD: f"{steward.display_name}及市级帮办团队",
                ServiceLevel.CITY_TEAM: "市级帮办团队",
                ServiceLevel.COUNTY_TEAM: f"{project.region}帮办团队",
            }[level]
            recorder = steward if level == ServiceLevel.STEWARD else admin
            logs.append(
                ServiceLog(
                    project=project,
                    kind=kind,
                    level=level,
                    date=_day(rng, START + dt.timedelta(10), AS_OF),
                    recorded_by=recorder,
                    participants=who,
                    place="" if kind == ServiceKind.PHONE else rng.choice(PLACES),
                    notes=f"了解{project.name}建设进展，协调推进前期手续和要素保障。",
                )
            )
    for log in logs:  # one by one, so each has its history row
        log.save()


def _problems(projects, assignment, categories, departments, rng) -> None:
    raisers = {"byq_clerk": User.objects.filter(username="byq_clerk").first()}
    plan = (
        [ProblemStatus.VERIFIED] * SOLVED_VERIFIED
        + [ProblemStatus.SOLVED] * SOLVED_WAITING
        + [status for status, count in OPEN_COUNTS.items() for _n in range(count)]
    )
    for number, status in enumerate(plan, start=1):
        index = rng.randrange(len(projects))
        project, raiser = projects[index], assignment[index]
        if project.region.code == "210804" and raisers["byq_clerk"] and number % 3 == 0:
            raiser = raisers["byq_clerk"]  # the district raises problems on its projects too
        category_name = rng.choice(list(PROBLEM_TEXTS))
        code = dict(CATEGORIES)[category_name]
        if number % 5 == 0 or (status in OPEN_COUNTS and number % 4 == 0):
            code = "zrzyj"  # 自然资源局 (zrzy_user) has enough problems to work on in the demo
            category_name = "用地"
        first = AS_OF - dt.timedelta(50) if status in OPEN_COUNTS else START + dt.timedelta(12)
        raised = _day(rng, first, AS_OF - dt.timedelta(3 if status in OPEN_COUNTS else 40))
        deadline = raised + dt.timedelta(days=rng.choice([15, 20, 30, 45]))
        problem = Problem(
            project=project,
            category=categories[category_name],
            title=rng.choice(PROBLEM_TEXTS[category_name]),
            description=f"{project.name}：{category_name}方面的问题，影响项目推进。",
            department=departments[code],
            raised_by=raiser,
            raised_on=raised,
            deadline=deadline,
            status=status,
        )
        events = [(EventKind.RAISED, "", ProblemStatus.OPEN, raised, raiser, "")]

        def step(before, after, on, by=None, reason="", events=events):
            events.append((EventKind.TRANSITION, before, after, on, by, reason))

        if status != ProblemStatus.OPEN:
            problem.measures = "责任部门已制定解决方案，明确专人跟进，限时办结。"
            step(ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, raised + dt.timedelta(2))
        if status in (ProblemStatus.SOLVED, ProblemStatus.VERIFIED, ProblemStatus.RETURNED):
            solved = min(AS_OF - dt.timedelta(3), raised + dt.timedelta(days=rng.randrange(5, 40)))
            problem.solved_on = solved
            step(ProblemStatus.IN_PROGRESS, ProblemStatus.SOLVED, solved)
            if status == ProblemStatus.VERIFIED:
                problem.verified_on = solved + dt.timedelta(2)
                step(ProblemStatus.SOLVED, ProblemStatus.VERIFIED, problem.verified_on, raiser)
            elif status == ProblemStatus.RETURNED:
                problem.solved_on = None
                problem.return_reason = "现场核实问题仍未彻底解决，请继续协调。"
                step(
                    ProblemStatus.SOLVED,
                    ProblemStatus.RETURNED,
                    solved + dt.timedelta(2),
                    raiser,
                    problem.return_reason,
                )
        problem.save()
        for kind, before, after, on, by, reason in events:
            ProblemEvent.objects.create(
                problem=problem, kind=kind, from_status=before, to_status=after, on=on, by=by, reason=reason
            )
        if status in OPEN_COUNTS and deadline < AS_OF and number % 2 == 0:
            SupervisionNotice.objects.create(
                problem=problem,
                number=f"YK-DB-2024-{number:03d}",
                issued_by=User.objects.get(username="city_admin"),
                issued_on=deadline + dt.timedelta(1),
                deadline=deadline + dt.timedelta(8),
                requirement="请于时限内报送整改方案，明确完成时间。",
            )
            ProblemEvent.objects.create(
                problem=problem, kind=EventKind.NOTICE, on=deadline + dt.timedelta(1), reason=f"YK-DB-2024-{number:03d}"
            )
