"""Project stewards (项目管家): stewards and service teams, the service log, problems and their closed loop."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StewardshipConfig(AppConfig):
    name = "stewardship"
    verbose_name = _("项目管家")

    def ready(self):
        from core.permissions import declare
        from stewardship.policy import POLICY

        declare(POLICY)
        from stewardship import registrations

        registrations.register_all()
