"""Choices of the base layer, labelled in Chinese first."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    """What kind of administrative unit a region is; districts, county-level cities and zones are ranked."""

    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    DISTRICT = "district", _("市辖区")
    COUNTY_CITY = "county_city", _("县级市")
    COUNTY = "county", _("县")
    ZONE = "zone", _("功能区")
    TOWNSHIP = "township", _("乡镇街道")


RANKED_REGION_KINDS = (RegionKind.DISTRICT, RegionKind.COUNTY_CITY, RegionKind.COUNTY, RegionKind.ZONE)


class Role(models.TextChoices):
    """A user's role decides which actions they may take; their region or department decides on which rows."""

    CITY_ADMIN = "city_admin", _("市发改委管理员")
    CITY_LEADER = "city_leader", _("市级领导")
    DISTRICT_OPERATOR = "district_operator", _("县区填报员")
    DEPARTMENT_USER = "department_user", _("部门用户")
    OBSERVER = "observer", _("只读观察员")
