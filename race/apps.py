"""The horse race (赛马机制): versioned scoring schemes, rankings of the regions per period, publications."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RaceConfig(AppConfig):
    name = "race"
    verbose_name = _("赛马")

    def ready(self):
        from core.permissions import declare
        from race.policy import POLICY

        declare(POLICY)
        from race import registrations

        registrations.register_all()
