"""Monthly scheduling's lines in the permission policy (core.permissions): action → {role: scope} per model."""

from core.choices import Role
from core.permissions import ADD, CHANGE, CITY, CITY_KEPT_PROJECT_DATA, CITY_ONLY, PROJECT_DATA, REFERENCE_DATA, REGION

# Approving or returning a submitted month, and revising a locked report, are the city's (scheduling.services).
REVIEW, REVISE = "review", "revise"

# Districts fill in, correct and submit their months; departments read their projects' reports, never write them.
DISTRICT_REPORTS = {Role.CITY_ADMIN: CITY, Role.DISTRICT_OPERATOR: REGION}

POLICY = {
    "scheduling.MonthlyReport": {
        **PROJECT_DATA,
        ADD: DISTRICT_REPORTS,
        CHANGE: DISTRICT_REPORTS,
        REVIEW: CITY_ONLY,
        REVISE: CITY_ONLY,
    },
    "scheduling.ReportPhoto": PROJECT_DATA,
    # Recalculations a change leaves pending, and a district month's review record, are written by the services
    # (saving a report, reviewing a month); users read them within their scope.
    "scheduling.PendingRecalculation": CITY_KEPT_PROJECT_DATA,
    "scheduling.DistrictReview": CITY_KEPT_PROJECT_DATA,
    "scheduling.Holiday": REFERENCE_DATA,
    "scheduling.GrowthTarget": REFERENCE_DATA,
    # 序时进度 curves: everyone reads them (lights depend on them), the city sets them.
    "scheduling.SeasonalProfile": REFERENCE_DATA,
}
