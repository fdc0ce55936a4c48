"""Site photos are stored under random names and reach the browser only through a view that asks the policy."""

import datetime as dt
import io
import re
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from projects.testing import make_project
from scheduling.models import MonthlyReport, ReportPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project(stage="continuing", actual_start=dt.date(2023, 3, 1), region="210804")
    return MonthlyReport.objects.create(
        project=project, period=dt.date(2024, 5, 1), month_amount=D("10"), ytd_amount=D("10"), total_amount=D("10")
    )


def png_bytes(colour="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_uploaded_photo_gets_a_random_name_and_is_served_to_those_who_may_see_it(login, report, client):
    content = png_bytes()
    upload = SimpleUploadedFile("工地 现场.png", content, "image/png")
    login("byq").post(reverse("scheduling:monthlyreport_photo", args=[report.pk]), {"image": upload})
    photo = report.photos.get()
    assert re.fullmatch(rf"reports/2024-05/{report.project_id}/[0-9a-f]{{32}}\.png", photo.image.name)

    page = login("byq").get(report.get_absolute_url()).content.decode()
    assert photo.get_file_url() in page and "/media/" not in page

    for role in ("byq", "leader", "admin"):
        response = login(role).get(photo.get_file_url())
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline;")
    # A real PNG sent under another extension is stored, and served, as what it is.
    disguised = SimpleUploadedFile("site.jpg", png_bytes("blue"), "image/jpeg")
    login("byq").post(reverse("scheduling:monthlyreport_photo", args=[report.pk]), {"image": disguised})
    second = report.photos.exclude(pk=photo.pk).get()
    assert second.image.name.endswith(".png")
    assert login("byq").get(second.get_file_url())["Content-Type"] == "image/png"

    # Each download is in the audit log, naming the photo and its file.
    from core.models.audit import AuditAction, AuditEvent

    event = AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, username="city_admin").latest("pk")
    assert event.object_id == str(photo.pk) and event.detail["file"] == photo.image.name.rsplit("/", 1)[-1]

    # Another district's clerk and a department the project is not under cannot tell the photo exists.
    assert login("gz").get(photo.get_file_url()).status_code == 404
    client.logout()
    assert client.get(photo.get_file_url()).status_code == 302


def test_no_file_is_served_from_media_url_in_any_mode(login, report, settings):
    settings.DEBUG = True
    default_storage.save("reports/2024-05/1/old.png", ContentFile(png_bytes()))
    assert login("admin").get("/media/reports/2024-05/1/old.png").status_code == 404


def test_photos_stored_under_their_old_names_are_still_served(login, report):
    name = default_storage.save(f"reports/2024-05/{report.project_id}/现场照片.JPG", ContentFile(b"\xff\xd8jpeg"))
    photo = ReportPhoto.objects.create(report=report, image=name, size=6)
    response = login("byq").get(photo.get_file_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == b"\xff\xd8jpeg"
    default_storage.delete(name)
    assert login("byq").get(photo.get_file_url()).status_code == 404


def test_a_file_that_is_not_a_photo_type_is_only_ever_downloaded(login, report):
    name = default_storage.save("reports/2024-05/old/site.svg", ContentFile(b"<svg><script>alert(1)</script></svg>"))
    report.project.name = 'a"b\r\nX-Evil: 1'
    report.project.save()
    photo = ReportPhoto.objects.create(report=report, image=name)
    response = login("admin").get(photo.get_file_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "X-Evil" not in response.headers and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="a_b_X-Evil_1_2024-05-{photo.pk}.svg"'
