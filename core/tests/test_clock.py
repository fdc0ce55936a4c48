"""The application's "today": the real date by default, the demo's own date when `GONGJIAN_TODAY` is set."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core.clock import fixed_today, today


def test_today_is_the_local_date_when_unset(settings):
    settings.GONGJIAN_TODAY = ""
    assert fixed_today() is None and today() == timezone.localdate()


def test_today_is_the_configured_date(settings):
    settings.GONGJIAN_TODAY = "2024-06-30"
    assert fixed_today() == today() == dt.date(2024, 6, 30)


def test_a_malformed_date_stops_with_the_setting_named(settings):
    settings.GONGJIAN_TODAY = "2024/06/30"
    with pytest.raises(ImproperlyConfigured, match="GONGJIAN_TODAY"):
        today()


@pytest.mark.django_db
def test_pages_open_as_of_the_demo_date_and_say_so(settings, login):
    settings.GONGJIAN_TODAY = "2024-06-30"
    client = login("admin")
    warnings = client.get("/scheduling/warnings/")
    assert warnings.context["as_of"] == dt.date(2024, 6, 30)
    assert "演示数据日期：2024-06-30" in warnings.content.decode()
    index = client.get("/scheduling/")
    assert "2024-05" in index.content.decode()  # the month index opens on the last month ended


@pytest.mark.django_db
def test_no_demo_date_in_the_header_when_unset(settings, login):
    settings.GONGJIAN_TODAY = ""
    page = login("admin").get("/scheduling/warnings/")
    assert page.context["as_of"] == timezone.localdate()
    assert "演示数据日期" not in page.content.decode()
