from scheduling.models.calendar import Holiday
from scheduling.models.profiles import SeasonalProfile
from scheduling.models.reports import DistrictReview, MonthlyReport, PendingRecalculation, ReportPhoto
from scheduling.models.targets import GrowthTarget

__all__ = [
    "Holiday",
    "MonthlyReport",
    "ReportPhoto",
    "DistrictReview",
    "PendingRecalculation",
    "GrowthTarget",
    "SeasonalProfile",
]
