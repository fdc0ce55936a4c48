"""Test helpers of the project libraries: a project factory and two projects in different districts.

Imported by the root conftest (fixtures) and by the tests of projects and of the apps above it.
"""

import datetime as dt
from decimal import Decimal

import factory
import pytest

from core.models import Department, Region
from projects.models import Project


class ProjectFactory(factory.django.DjangoModelFactory):
    """A valid project in 鲅鱼圈区 under 自然资源局 unless told otherwise."""

    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"测试项目{n:04d}")
    owner = "营口测试建设有限公司"
    region = factory.LazyFunction(lambda: Region.objects.get(code="210804"))
    responsible_department = factory.LazyFunction(lambda: Department.objects.get(code="zrzyj"))
    total_investment = Decimal("12345.67")
    stage = "preliminary"
    planned_start = dt.date(2024, 9, 1)


def make_project(**kwargs):
    """Create a project with sensible defaults; region and department may be given by code."""
    if isinstance(kwargs.get("region"), str):
        kwargs["region"] = Region.objects.get(code=kwargs["region"])
    if isinstance(kwargs.get("responsible_department"), str):
        kwargs["responsible_department"] = Department.objects.get(code=kwargs["responsible_department"])
    return ProjectFactory(**kwargs)


@pytest.fixture
def two_projects(db):
    """One project in 鲅鱼圈区 (自然资源局) and one in 盖州市 (工信局): inside and outside most scopes."""
    return {
        "byq": make_project(name="鲅鱼圈港区测试码头项目", region="210804", responsible_department="zrzyj"),
        "gz": make_project(name="盖州市测试镁材料项目", region="210881", responsible_department="gxj"),
    }


__all__ = ["ProjectFactory", "make_project", "two_projects"]
