"""Standard page and API tests for the scheduling models the other modules do not cover, declared as data."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.testing import StandardAPITests, StandardViewTests
from projects.testing import make_project
from scheduling.models import Holiday, MonthlyReport, ReportPhoto


def _report():
    project = make_project(name="营口测试调度项目", stage="continuing", actual_start=dt.date(2023, 3, 1))
    return MonthlyReport.objects.create(
        project=project,
        period=dt.date(2024, 5, 1),
        month_amount=Decimal("10.01"),
        ytd_amount=Decimal("20.02"),
        total_amount=Decimal("30.03"),
        progress="测试形象进度",
        status="submitted",
    )


class TestMonthlyReportViews(StandardViewTests):
    """Reports are written on the month pages; their list and page are scoped like their project."""

    model = MonthlyReport
    outsider = "gz"

    def make(self):
        return _report()


class TestMonthlyReportAPI(StandardAPITests):
    model = MonthlyReport
    read_only = True
    outsider = "gz"

    def make(self):
        return _report()


class TestReportPhotoViews(StandardViewTests):
    """A site photo's file is served only to those who may see its report."""

    model = ReportPhoto
    outsider = "gz"

    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    def make(self):
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
        image = SimpleUploadedFile("site.png", buffer.getvalue(), "image/png")
        return ReportPhoto.objects.create(report=_report(), image=image, caption="测试照片")


class TestHolidayViews(StandardViewTests):
    model = Holiday

    def make(self):
        return Holiday.objects.create(date=dt.date(2024, 10, 1), name="国庆节")

    def form_data(self):
        return {"date": "2024-10-07", "name": "国庆节调休", "is_workday": "on"}
