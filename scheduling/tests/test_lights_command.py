"""`gongjian lights` prints the spread of project lights per district and for the city."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_a_city_with_no_projects_prints_zeros():
    out = StringIO()
    call_command("lights", "--as-of", "2024-06-30", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2024-06-30\t红灯")
    assert lines[-1] == "全市\t0 (0%)\t0 (0%)\t0 (0%)\t0 (0%)"
