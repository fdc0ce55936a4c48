"""Development indicators (攻坚突破): the catalogue, departments' values, growth, lights and the report's data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("攻坚突破")

    def ready(self):
        from core.permissions import declare
        from indicators.policy import POLICY

        declare(POLICY)
        from indicators import registrations

        registrations.register_all()
