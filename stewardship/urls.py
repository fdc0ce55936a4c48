"""Stewardship pages: the problem board and a problem's steps, stewards, teams, the service log, statistics."""

from django.urls import path

from core.urls import object_urls
from stewardship.views import objects, problems, service

app_name = "stewardship"

urlpatterns = [
    path("mine/", service.MyProjectsView.as_view(), name="my_projects"),
    path("visit/", service.QuickVisitView.as_view(), name="quick_visit"),
    path("statistics/", service.StatisticsView.as_view(), name="statistics"),
    path("notifications/", service.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", service.NotificationReadView.as_view(), name="notifications_read"),
    path("notifications/<int:pk>/read/", service.NotificationReadView.as_view(), name="notification_read"),
    path("problems/", problems.ProblemListView.as_view(), name="problem_list"),
    path("problems/ours/", problems.OurProblemsView.as_view(), name="our_problems"),
    path("problems/add/", problems.ProblemCreateView.as_view(), name="problem_add"),
    path("problems/<int:pk>/", problems.ProblemView.as_view(), name="problem"),
    path("problems/<int:pk>/edit/", problems.ProblemEditView.as_view(), name="problem_edit"),
    path("problems/<int:pk>/delete/", problems.ProblemDeleteView.as_view(), name="problem_delete"),
    path("problems/<int:pk>/transition/", problems.ProblemTransitionView.as_view(), name="problem_transition"),
    path("problems/<int:pk>/escalate/", problems.ProblemEscalateView.as_view(), name="problem_escalate"),
    path("problems/<int:pk>/notice/", problems.ProblemNoticeView.as_view(), name="problem_notice"),
    path("photos/<int:pk>/image/", objects.ServicePhotoFileView.as_view(), name="servicephoto_file"),
    *object_urls("stewardship", *objects.STEWARDSHIP_VIEWS, "stewards/"),
    *object_urls("serviceteam", *objects.TEAM_VIEWS, "teams/"),
    *object_urls("servicelog", *objects.LOG_VIEWS, "log/"),
    # Notices are issued on a problem's page (problem_notice); here they are listed, read and answered.
    path("notices/", objects.NOTICE_VIEWS[0].as_view(), name="supervisionnotice_list"),
    path("notices/<int:pk>/", objects.NOTICE_VIEWS[1].as_view(), name="supervisionnotice"),
    path("notices/<int:pk>/edit/", objects.NOTICE_VIEWS[2].as_view(), name="supervisionnotice_edit"),
    *object_urls("problemcategory", *objects.CATEGORY_VIEWS, "categories/"),
    *object_urls("overduerule", *objects.RULE_VIEWS, "rules/"),
]
