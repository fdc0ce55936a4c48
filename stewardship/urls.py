"""Stewardship pages: the problem board and a problem's steps, stewards, teams, the service log, statistics."""

from django.urls import include, path

from core.views.registration import get_model_urls

# problems and objects declare their models' pages (register_model_view) on import; the routes below derive from them.
from stewardship.views import objects, problems, service  # noqa: F401

app_name = "stewardship"

urlpatterns = [
    path("mine/", service.MyProjectsView.as_view(), name="my_projects"),
    path("visit/", service.QuickVisitView.as_view(), name="quick_visit"),
    path("statistics/", service.StatisticsView.as_view(), name="statistics"),
    path("notifications/", service.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", service.NotificationReadView.as_view(), name="notifications_read"),
    path("notifications/<int:pk>/read/", service.NotificationReadView.as_view(), name="notification_read"),
    # A department's own problems: the board cut to them, not a page of one problem.
    path("problems/ours/", problems.OurProblemsView.as_view(), name="our_problems"),
    path("problems/", include(get_model_urls("stewardship", "problem"))),
    path("photos/", include(get_model_urls("stewardship", "servicephoto"))),
    path("stewards/", include(get_model_urls("stewardship", "stewardship"))),
    path("teams/", include(get_model_urls("stewardship", "serviceteam"))),
    path("log/", include(get_model_urls("stewardship", "servicelog"))),
    path("notices/", include(get_model_urls("stewardship", "supervisionnotice"))),
    path("categories/", include(get_model_urls("stewardship", "problemcategory"))),
    path("rules/", include(get_model_urls("stewardship", "overduerule"))),
]
