"""What apps registered for pages core draws (core.registry): home widgets, project panels and project tabs.

Each is rendered here from the app's template and context function, so the page that shows them (core's home,
projects' project page) names no app above it.
"""

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from core import registry


def home_widgets(request) -> list[dict]:
    """[{"name", "html"}] of the home page's widgets, in order; a widget whose context is falsy is left out."""
    rendered = []
    for widget in registry.home_widgets():
        context = widget.context(request) if widget.context else {}
        if context is None or (widget.context and not context):
            continue
        rendered.append({"name": widget.name, "html": render_to_string(widget.template, context, request)})
    return rendered


def project_panels(request, project) -> list[dict]:
    """[{"name", "title", "html"}] of the cards other apps show on a project's page, in order."""
    rendered = []
    for panel in registry.project_panels():
        context = panel.context(request, project) if panel.context else {"object": project}
        if not context:
            continue
        html = render_to_string(panel.template, {"object": project, **context}, request)
        rendered.append({"name": panel.name, "title": panel.title, "html": html})
    return rendered


def project_tabs(request, project) -> list[dict]:
    """[{"name", "title", "url"}]: links to other apps' pages about the project, for users who may view them.

    A route taking `pk` gets the project's; any other gets it as `?project=<pk>` (a list filtered to the project).
    """
    tabs = []
    for tab in registry.visible_project_tabs(request.user):
        try:
            url = reverse(tab.url_name, kwargs={"pk": project.pk})
        except NoReverseMatch:
            url = f"{reverse(tab.url_name)}?project={project.pk}"
        tabs.append({"name": tab.name, "title": tab.title, "url": url})
    return tabs
