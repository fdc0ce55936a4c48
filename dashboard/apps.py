"""The command dashboard (一张图): the city's or a district's month on one screen and on a map.

It has no models and no policy lines of its own: it shows other apps' figures and rows, each cut by their own
policy lines (projects, monthly reports, problems, the service log), through `dashboard.services`.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("指挥调度一张图")

    def ready(self):
        from dashboard import registrations

        registrations.register_all()
