"""Monthly scheduling's lines in the permission policy (core.permissions): action → {role: scope} per model."""

from core.permissions import CITY_KEPT_PROJECT_DATA, CITY_ONLY, PROJECT_DATA, REFERENCE_DATA

# Approving or returning a submitted month, and revising a locked report, are the city's (scheduling.services).
REVIEW, REVISE = "review", "revise"

POLICY = {
    "scheduling.MonthlyReport": {**PROJECT_DATA, REVIEW: CITY_ONLY, REVISE: CITY_ONLY},
    "scheduling.ReportPhoto": PROJECT_DATA,
    # Recalculations a change leaves pending, and a district month's review record, are written by the services
    # (saving a report, reviewing a month); users read them within their scope.
    "scheduling.PendingRecalculation": CITY_KEPT_PROJECT_DATA,
    "scheduling.DistrictReview": CITY_KEPT_PROJECT_DATA,
    "scheduling.Holiday": REFERENCE_DATA,
    "scheduling.GrowthTarget": REFERENCE_DATA,
}
