"""Project libraries: projects, their stages, plans, lists and tags."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("项目库")

    def ready(self):
        from core.permissions import declare
        from projects.policy import POLICY

        declare(POLICY)
        from core.demo import register_step
        from projects.demo import load_projects

        register_step(20, "projects", load_projects)
        from core.tasks import DAILY, register_scheduled
        from projects.importing.jobs import cleanup_import_files

        register_scheduled("projects.import_cleanup", DAILY, cleanup_import_files)
