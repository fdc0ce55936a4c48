"""Forms of the monthly scheduling pages: the month's rows, review, revision, photos, holidays; the Excel upload."""

from scheduling.forms.excel import MonthUploadForm
from scheduling.forms.reports import HolidayForm, PhotoForm, ReportFiguresForm, ReviewForm, RevisionForm

__all__ = ["MonthUploadForm", "HolidayForm", "PhotoForm", "ReportFiguresForm", "ReviewForm", "RevisionForm"]
