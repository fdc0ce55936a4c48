"""Official documents (公文): circulars, summaries, assessments and work reports as Word, PDF and HTML."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("公文")

    def ready(self):
        from core.permissions import declare
        from documents.policy import POLICY

        declare(POLICY)
        from documents import registrations

        registrations.register_all()
