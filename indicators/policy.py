"""Indicators' lines in the permission policy (core.permissions).

The catalogue is reference data kept by the city. A department enters and corrects the values of its own
indicators (the value's department scope is its indicator's owner) until the city locks them; the city's 发改委
reviews (REVIEW) and keeps everything; leaders and observers read; a district reads its own region's values.
Province ranks are facts the city enters with their source.
"""

from core.choices import Role
from core.permissions import ADD, CHANGE, CITY, CITY_ONLY, DELETE, DEPARTMENT, REFERENCE_DATA, SCOPED_READ, VIEW

REVIEW = "review"  # approving, returning or reopening a department's values: the city's alone

DEPARTMENT_WRITERS = {Role.CITY_ADMIN: CITY, Role.DEPARTMENT_USER: DEPARTMENT}

POLICY = {
    "indicators.IndicatorCategory": REFERENCE_DATA,
    "indicators.Indicator": REFERENCE_DATA,
    "indicators.IndicatorValue": {
        VIEW: SCOPED_READ,
        ADD: DEPARTMENT_WRITERS,
        CHANGE: DEPARTMENT_WRITERS,
        DELETE: CITY_ONLY,
        REVIEW: CITY_ONLY,
    },
    "indicators.ProvinceRank": {
        VIEW: SCOPED_READ,
        ADD: CITY_ONLY,
        CHANGE: CITY_ONLY,
        DELETE: CITY_ONLY,
    },
}
