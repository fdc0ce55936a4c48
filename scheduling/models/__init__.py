from scheduling.models.calendar import Holiday
from scheduling.models.reports import DistrictReview, MonthlyReport, ReportPhoto

__all__ = ["Holiday", "MonthlyReport", "ReportPhoto", "DistrictReview"]
