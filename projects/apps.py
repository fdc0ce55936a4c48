"""Project libraries: projects, their stages, plans, lists and tags."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("项目库")

    def ready(self):
        from core import registry
        from core.permissions import declare
        from core.tasks import DAILY
        from projects.policy import POLICY

        # Views, demo loaders and jobs are imported when first used (registry.lazy): commands start without them.
        libraries_widget = registry.lazy("projects.views.libraries_widget")
        load_projects = registry.lazy("projects.demo.load_projects")
        cleanup_import_files = registry.lazy("projects.importing.jobs.cleanup_import_files")

        declare(POLICY)
        registry.register_urls("projects", "projects.urls")
        registry.register_api("projects", "projects.api.urls", "projects-api")
        registry.register_menu_item(_("项目库总览"), "projects:overview", group=_("项目库"), order=10)
        registry.register_menu_item(_("项目"), "projects:project_list", group=_("项目库"), order=20)
        registry.register_menu_item(_("项目清单"), "projects:projectlist_list", group=_("项目库"), order=30)
        registry.register_menu_item(_("项目导入"), "projects:import", group=_("项目库"), order=40)
        registry.register_home_widget("libraries", "projects/_home_libraries.html", context=libraries_widget, order=50)
        registry.register_import_kind("projects", "projects.importing.import_projects", _("项目清单"))
        registry.register_demo_step(20, "projects", load_projects)
        registry.register_scheduled("projects.import_cleanup", DAILY, cleanup_import_files)
