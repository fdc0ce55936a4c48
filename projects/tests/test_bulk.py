"""Bulk edit and bulk delete of projects: every row checked as if edited alone, all rows or none, in the history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Department
from core.testing import user_for
from projects.bulk import bulk_delete_projects, bulk_edit_projects
from projects.models import ListKind, ListMembership, Project, ProjectList
from projects.testing import make_project
from scheduling.models import MonthlyReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def byq_projects():
    """Two 鲅鱼圈区 projects under 自然资源局 and one 盖州市 project, for batches inside and across scopes."""
    return [
        make_project(name="鲅鱼圈批量甲项目", region="210804", responsible_department="zrzyj"),
        make_project(name="鲅鱼圈批量乙项目", region="210804", responsible_department="zrzyj"),
        make_project(name="盖州批量丙项目", region="210881", responsible_department="gxj"),
    ]


def departments(projects):
    return [Project.objects.get(pk=p.pk).responsible_department.code for p in projects]


def test_the_city_changes_the_department_of_many_projects_in_their_histories(byq_projects):
    gxj = Department.objects.get(code="gxj")
    count = bulk_edit_projects(
        user_for("admin"), [p.pk for p in byq_projects[:2]], responsible_department=gxj, reason="机构调整"
    )
    assert count == 2 and departments(byq_projects) == ["gxj", "gxj", "gxj"]
    for project in byq_projects[:2]:
        latest = project.history.latest()
        assert latest.history_type == "~" and latest.history_change_reason == "机构调整"
        assert latest.responsible_department_id == gxj.pk


def test_a_row_outside_the_scope_refuses_the_whole_batch_without_naming_it(byq_projects):
    gxj = Department.objects.get(code="gxj")
    with pytest.raises(ValidationError) as refused:
        bulk_edit_projects(user_for("byq"), [p.pk for p in byq_projects], responsible_department=gxj)
    assert "1 个不存在或不在您的管辖范围内" in " ".join(refused.value.messages)
    assert "盖州批量丙项目" not in " ".join(refused.value.messages)
    assert departments(byq_projects) == ["zrzyj", "zrzyj", "gxj"]


def test_a_change_that_takes_rows_out_of_the_users_scope_is_refused_naming_them(byq_projects):
    """The 自然资源局 user may edit its projects, but handing them to 工信局 would put them beyond its reach."""
    with pytest.raises(ValidationError) as refused:
        bulk_edit_projects(
            user_for("zrzy"),
            [p.pk for p in byq_projects[:2]],
            responsible_department=Department.objects.get(code="gxj"),
        )
    text = " ".join(refused.value.messages)
    assert "「鲅鱼圈批量甲项目」：修改后将超出您的管辖范围" in text and "鲅鱼圈批量乙项目" in text
    assert departments(byq_projects[:2]) == ["zrzyj", "zrzyj"]
    assert not byq_projects[0].history.filter(history_type="~").exists()


def test_a_stage_move_is_checked_per_row_and_one_bad_row_stops_all(byq_projects):
    started = byq_projects[0]
    started.actual_start = dt.date(2024, 3, 1)
    started.save()
    with pytest.raises(ValidationError) as refused:
        bulk_edit_projects(user_for("byq"), [p.pk for p in byq_projects[:2]], stage="new_start")
    text = " ".join(refused.value.messages)
    assert "「鲅鱼圈批量乙项目」：" in text and "实际开工日期" in text and "鲅鱼圈批量甲项目" not in text
    assert [Project.objects.get(pk=p.pk).stage for p in byq_projects[:2]] == ["preliminary", "preliminary"]
    # Without the row that lacks its start date the move is made.
    assert bulk_edit_projects(user_for("byq"), [started.pk], stage="new_start") == 1
    assert Project.objects.get(pk=started.pk).stage == "new_start"


def test_pausing_is_the_citys_decision_in_bulk_too(byq_projects):
    with pytest.raises(ValidationError) as refused:
        bulk_edit_projects(user_for("byq"), [byq_projects[0].pk], stage="suspended")
    assert "须由市发改委管理员操作" in " ".join(refused.value.messages)
    bulk_edit_projects(user_for("admin"), [byq_projects[0].pk], stage="suspended")
    paused = Project.objects.get(pk=byq_projects[0].pk)
    assert (paused.stage, paused.stage_before_pause) == ("suspended", "preliminary")


def test_lists_are_joined_and_left_one_membership_at_a_time_by_the_city(byq_projects):
    kind = ListKind.objects.create(code="bulk", name="批量测试类别")
    key, other = (ProjectList.objects.create(kind=kind, name=name) for name in ("批量重点清单", "批量旧清单"))
    ListMembership.objects.create(project=byq_projects[0], project_list=other)
    ids = [p.pk for p in byq_projects[:2]]
    with pytest.raises(ValidationError):
        bulk_edit_projects(user_for("byq"), ids, add_lists=[key])
    assert not ListMembership.objects.filter(project_list=key).exists()
    bulk_edit_projects(user_for("admin"), ids, add_lists=[key], remove_lists=[other], reason="二季度调整")
    assert set(ListMembership.objects.filter(project_list=key).values_list("project", flat=True)) == set(ids)
    assert not ListMembership.objects.filter(project_list=other).exists()
    left = ListMembership.history.filter(project_list_id=other.pk, history_type="-").get()
    assert left.history_change_reason == "二季度调整"


def test_bulk_delete_asks_a_reason_where_reports_depend_and_deletes_all_or_none(byq_projects):
    reported, plain = byq_projects[:2]
    MonthlyReport.objects.create(
        project=reported,
        period=dt.date(2024, 5, 1),
        month_amount=Decimal("1"),
        ytd_amount=Decimal("1"),
        total_amount=Decimal("1"),
    )
    with pytest.raises(ValidationError) as refused:
        bulk_delete_projects(user_for("admin"), [plain.pk, reported.pk])
    assert "「鲅鱼圈批量甲项目」已有其他数据依赖它" in " ".join(refused.value.messages)
    assert Project.objects.filter(pk__in=[plain.pk, reported.pk]).count() == 2
    with pytest.raises(ValidationError) as refused:
        bulk_delete_projects(user_for("byq"), [plain.pk])
    assert "「鲅鱼圈批量乙项目」：您无权删除此项目" in " ".join(refused.value.messages)
    assert bulk_delete_projects(user_for("admin"), [plain.pk, reported.pk], "项目合并，重复录入") == 2
    assert not Project.objects.filter(pk__in=[plain.pk, reported.pk]).exists()
    assert not MonthlyReport.objects.filter(project_id=reported.pk).exists()


def test_the_list_page_ticks_rows_and_the_bulk_page_applies_to_them(client, byq_projects):
    client.force_login(user_for("byq"))
    page = client.get(reverse("projects:project_list"), {"region": byq_projects[0].region_id})
    body = page.content.decode()
    assert 'data-testid="bulk-actions"' in body and f'name="pk" value="{byq_projects[0].pk}"' in body
    assert reverse("projects:project_bulk_edit") in body and reverse("projects:project_bulk_delete") not in body
    ids = [byq_projects[0].pk, byq_projects[1].pk]
    url = reverse("projects:project_bulk_edit")
    confirm = client.post(url, {"pk": ids, "return_query": "q=鲅鱼圈"})
    assert confirm.status_code == 200 and "鲅鱼圈批量乙项目" in confirm.content.decode()
    gxj = Department.objects.get(code="gxj")
    done = client.post(url, {"pk": ids, "_apply": "1", "responsible_department": gxj.pk, "return_query": "q=鲅鱼圈"})
    assert done.status_code == 302 and done["Location"].endswith("?q=%E9%B2%85%E9%B1%BC%E5%9C%88")
    assert departments(byq_projects[:2]) == ["gxj", "gxj"]
    refused = client.post(url, {"pk": [*ids, byq_projects[2].pk], "_apply": "1", "stage": "new_start"})
    assert refused.status_code == 400 and "不在您的管辖范围内" in refused.content.decode()
    assert "盖州批量丙项目" not in refused.content.decode()


def test_readers_get_no_checkboxes_and_no_bulk_page(client, byq_projects):
    client.force_login(user_for("leader"))
    body = client.get(reverse("projects:project_list")).content.decode()
    assert 'data-testid="bulk-actions"' not in body and 'name="pk"' not in body
    assert client.post(reverse("projects:project_bulk_edit"), {"pk": [byq_projects[0].pk]}).status_code == 403
