"""The filter panel of a list (`{% filter_panel filterset %}`) and how many of its filters are set."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.cache import cached

register = template.Library()

# Address parameters of the table, not of the filter form: they do not change the panel (unless a field is named so).
TABLE_PARAMETERS = frozenset({"page", "sort", "per_page", "export"})


@register.filter
def active_count(form) -> int:
    """How many fields of a bound filter form have a value in the address (a folded panel would hide them)."""
    if form is None or not form.is_bound:
        return 0
    getlist = getattr(form.data, "getlist", lambda name: [form.data.get(name)])
    return sum(1 for name in form.fields if any(str(value).strip() for value in getlist(name) if value is not None))


def render_panel(form) -> str:
    """`core/_filter_panel.html` written in Python, character for character: its template loops (a node per
    field, label and error) cost more than the drop-downs themselves (core/tests/test_filter_panel.py compares)."""
    errors = bool(form.errors)
    active = active_count(form)
    badge = f' <span class="badge text-bg-primary" data-testid="active-filters">{active}</span>' if active else ""
    parts = [
        '\n<button class="btn btn-sm btn-outline-secondary d-xl-none mb-2" type="button" data-bs-toggle="collapse" '
        'data-bs-target="#filters" aria-controls="filters" '
        f'aria-expanded="{"true" if errors else "false"}" data-testid="filter-toggle"><i class="bi bi-funnel"></i> '
        f"{conditional_escape(gettext('筛选条件'))}{badge}</button>\n"
        f'<div class="collapse d-xl-block{" show" if errors else ""}" id="filters">\n'
        '  <form method="get" class="card card-body" data-testid="filter-form">\n'
        '    <div class="row row-cols-1 row-cols-sm-2 row-cols-lg-4 row-cols-xl-1 g-2 mb-2">\n      '
    ]
    for field in form:
        field_errors = "".join(
            f'<div class="invalid-feedback d-block">{conditional_escape(error)}</div>' for error in field.errors
        )
        parts.append(
            '\n      <div class="col">\n'
            f'        <label class="form-label small mb-0" for="{conditional_escape(field.id_for_label)}">'
            f"{conditional_escape(field.label)}</label>\n"
            f"        {conditional_escape(field)}\n"
            f"        {field_errors}\n"
            "      </div>\n      "
        )
    parts.append(
        "\n    </div>\n"
        '    <div class="d-flex gap-2"><button class="btn btn-sm btn-primary" type="submit">'
        f"{conditional_escape(gettext('筛选'))}</button>\n"
        f'    <a class="btn btn-sm btn-outline-secondary" href="?">{conditional_escape(gettext("清除"))}</a></div>\n'
        "  </form>\n</div>\n"
    )
    return "".join(parts)


def _address_values(form) -> tuple:
    """The address's values that can change the panel: all but the table's own parameters, sorted."""
    if not form.is_bound:
        return ()
    data = form.data
    getlist = getattr(data, "getlist", lambda name: [data.get(name)])
    kept = (name for name in data if name not in TABLE_PARAMETERS or name in form.fields)
    return tuple(sorted((str(name), tuple(str(value) for value in getlist(name))) for name in kept))


@register.simple_tag(takes_context=True)
def filter_panel(context, filterset):
    """The filterset's panel, kept in `core.cache` when what it shows depends only on the address, the user's scope,
    the language and the data (`BaseFilterSet.panel_cacheable`): then a request neither loops over the fields nor
    draws the drop-downs again."""
    form = filterset.form
    request = context.get("request")
    if request is None or not getattr(filterset, "panel_cacheable", lambda: False)():
        return mark_safe(render_panel(form))
    cls = type(filterset)
    parts = (f"{cls.__module__}.{cls.__qualname__}", form.is_bound, _address_values(form))
    return mark_safe(cached("filter-panel", parts, lambda: render_panel(form), user=request.user))
