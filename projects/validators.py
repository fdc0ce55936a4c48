"""Validation of the national investment project code (全国投资项目代码, GB/T 40058-2021)."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NATIONAL_CODE_RE = re.compile(
    r"^(?P<year>\d{4})-(?P<division>\d{6})-(?P<dept>\d{2})-(?P<kind>\d{2})-(?P<serial>\d{6})$"
)
FULL_WIDTH = str.maketrans("０１２３４５６７８９－—", "0123456789--")


def normalise_national_code(value: str | None) -> str | None:
    """Trim, fold full-width digits and dashes, and treat empty as absent (reserve projects may lack a code)."""
    if value is None:
        return None
    value = value.strip()
    if not value.isascii():  # folding is only needed for full-width text, and imports call this for every row
        value = value.translate(FULL_WIDTH)
    return value.upper() or None


def validate_national_code(value: str) -> None:
    """Check the 24-character layout YYYY-AAAAAA-NN-NN-NNNNNN, a plausible year and a known division code."""
    from core.models import Region

    match = NATIONAL_CODE_RE.match(value or "")
    if not match:
        raise ValidationError(
            _(
                "项目代码「%(value)s」格式不正确，应为 24 位：年份-6位区划代码-2位-2位-6位流水号，"
                "如 2024-210804-44-01-123456。"
            ),
            code="format",
            params={"value": value},
        )
    year = int(match["year"])
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError(
            _("项目代码中的年份 %(year)s 不在 2000 年至明年之间。"), code="year", params={"year": year}
        )
    if not Region.objects.filter(code=match["division"]).exists():
        raise ValidationError(
            _("项目代码中的区划代码 %(division)s 不是已登记的行政区域。"),
            code="division",
            params={"division": match["division"]},
        )
