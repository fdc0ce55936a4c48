"""The month pages: a clerk fills and submits the month in the browser (htmx rows), the city reviews it."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from projects.testing import make_project
from scheduling.choices import ReportStatus
from scheduling.models import Holiday, MonthlyReport

pytestmark = pytest.mark.django_db
MONTH = "2024-05"


@pytest.fixture
def projects():
    return [
        make_project(stage="continuing", actual_start=dt.date(2023, 3, 1), region="210804", total_investment=D("900")),
        make_project(stage="new_start", actual_start=dt.date(2024, 2, 1), region="210804", total_investment=D("500")),
    ]


def month_url(name="scheduling:month", code="210804", *extra):
    return reverse(name, args=[code, MONTH, *extra])


def row_post(client, project, **figures):
    data = {"month_amount": "10", "site_status": "working", "progress": "主体施工", **figures}
    return client.post(month_url("scheduling:month_row", "210804", project.pk), data, HTTP_HX_REQUEST="true")


def test_clerk_fills_and_submits_the_month(login, projects):
    clerk = login("byq")
    page = clerk.get(month_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert projects[0].name in body and 'data-testid="missing-count">未填报 2' in body
    saved = row_post(clerk, projects[0], month_amount="123.45")
    assert saved.status_code == 200 and "已保存（第 1 版）" in saved.content.decode()
    refused = row_post(clerk, projects[1], month_amount="-5")
    assert "本月完成投资不能为负数" in refused.content.decode() and "is-invalid" in refused.content.decode()
    assert not MonthlyReport.objects.filter(project=projects[1]).exists()
    response = clerk.post(month_url("scheduling:month_submit"), follow=True)
    assert "已报送 1 个项目的调度表" in response.content.decode()
    assert "仍有 1 个项目未填报" in response.content.decode()
    assert MonthlyReport.objects.get(project=projects[0]).status == ReportStatus.SUBMITTED


def test_stale_row_gets_a_conflict_message(login, projects):
    clerk = login("byq")
    row_post(clerk, projects[0], month_amount="10")
    row_post(clerk, projects[0], month_amount="20", version="1")
    stale = row_post(clerk, projects[0], month_amount="30", version="1")
    text = stale.content.decode()
    assert "已被他人修改" in text and "您填写的本月完成投资为 30" in text
    assert MonthlyReport.objects.get(project=projects[0]).month_amount == D("20")


def test_city_reviews_a_district_month(login, projects):
    clerk = login("byq")
    row_post(clerk, projects[0])
    clerk.post(month_url("scheduling:month_submit"))
    admin = login("admin")
    index = admin.get(reverse("scheduling:index"), {"period": MONTH}).content.decode()
    assert "鲅鱼圈区" in index
    returned = admin.post(month_url("scheduling:month_review"), {"decision": "returned", "comment": ""}, follow=True)
    assert "退回时必须填写审核意见" in returned.content.decode()
    admin.post(month_url("scheduling:month_review"), {"decision": "approved", "comment": "数据已核实"})
    report = MonthlyReport.objects.get(project=projects[0])
    assert report.status == ReportStatus.APPROVED
    detail = admin.get(report.get_absolute_url())
    assert detail.status_code == 200 and 'data-testid="revision-form"' in detail.content.decode()
    refused = admin.post(
        reverse("scheduling:monthlyreport_revise", args=[report.pk]),
        {"month_amount": "11", "site_status": "working", "revision_reason": "", "version": report.version},
    )
    assert refused.status_code == 400
    revision = {"month_amount": "11", "site_status": "working", "revision_reason": "统计局核定"}
    revision["version"] = report.version
    admin.post(reverse("scheduling:monthlyreport_revise", args=[report.pk]), revision)
    report.refresh_from_db()
    assert report.status == ReportStatus.REVISED and report.month_amount == D("11")
    assert "统计局核定" in admin.get(report.get_absolute_url()).content.decode()


def test_scopes_of_the_month_pages(login, projects):
    assert login("gz").get(month_url()).status_code == 404
    gz_clerk = login("gz")
    assert row_post(gz_clerk, projects[0]).status_code == 404
    leader = login("leader")
    assert leader.get(month_url()).status_code == 200
    assert row_post(leader, projects[0]).status_code == 403
    assert leader.post(month_url("scheduling:month_review"), {"decision": "approved"}).status_code == 403
    assert not MonthlyReport.objects.exists()
    clerk = login("byq")
    assert clerk.get(reverse("scheduling:index")).status_code == 302  # a clerk goes straight to their district


def _image(kind="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, kind)
    return buffer.getvalue()


def test_photos_are_checked_for_type_and_size(login, projects, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.GONGJIAN_SCHEDULING = {"PHOTO_MAX_BYTES": 2000}
    clerk = login("byq")
    row_post(clerk, projects[0])
    report = MonthlyReport.objects.get(project=projects[0])
    url = reverse("scheduling:monthlyreport_photo", args=[report.pk])
    clerk.post(url, {"image": SimpleUploadedFile("site.png", _image(), "image/png"), "caption": "主体封顶"})
    assert report.photos.count() == 1 and report.photos.get().size > 0
    fake = clerk.post(url, {"image": SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")}, follow=True)
    assert report.photos.count() == 1 and "图片" in fake.content.decode()
    big = _image("BMP", (200, 200))
    clerk.post(url, {"image": SimpleUploadedFile("big.bmp", big, "image/bmp")}, follow=True)
    assert report.photos.count() == 1


def test_photos_over_the_shared_upload_limit_are_refused(login, projects, settings, tmp_path):
    """The limit every upload form applies (core.uploads) holds for photos too, below their own PHOTO_MAX_BYTES."""
    settings.MEDIA_ROOT = tmp_path
    settings.GONGJIAN_MAX_UPLOAD_MB = 0.001  # about 1 KB
    clerk = login("byq")
    row_post(clerk, projects[0])
    report = MonthlyReport.objects.get(project=projects[0])
    buffer = io.BytesIO()
    Image.effect_noise((80, 80), 64).convert("RGB").save(buffer, "PNG")
    assert len(buffer.getvalue()) > 1100
    upload = SimpleUploadedFile("site.png", buffer.getvalue(), "image/png")
    page = clerk.post(reverse("scheduling:monthlyreport_photo", args=[report.pk]), {"image": upload}, follow=True)
    assert "超过上传上限" in page.content.decode() and report.photos.count() == 0


def test_holiday_calendar_is_kept_by_the_city(login):
    admin = login("admin")
    response = admin.post(reverse("scheduling:holiday_add"), {"date": "2024-10-01", "name": "国庆节"})
    assert response.status_code == 302 and Holiday.objects.filter(name="国庆节").exists()
    assert login("byq").get(reverse("scheduling:holiday_add")).status_code == 403
    assert login("byq").get(reverse("scheduling:holiday_list")).status_code == 200
