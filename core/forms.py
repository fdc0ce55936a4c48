"""Base form: Bootstrap styling and the requesting user, for every model form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

from core.permissions import restrict_choices
from core.table_rows import show_value

# The years any year-valued field in the system accepts (plans, targets, periods); a value outside them is refused.
MIN_YEAR, MAX_YEAR = 2000, 2100


class YearField(forms.IntegerField):
    """A year: a whole number within the years the data can hold (year 0 would crash a date lookup)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


BOOLEAN_WORDS = {
    **dict.fromkeys(("true", "1", "2", "yes", "on"), True),
    **dict.fromkeys(("false", "0", "3", "no", "off"), False),
    **dict.fromkeys(("", "unknown", "none", "null"), None),
}


class StrictBooleanWidget(forms.NullBooleanSelect):
    """Yes / no / either, as Django's and DRF's widgets read it, but a value that is none of these is passed on
    (not read as "either") so the field can refuse it."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if value is None or isinstance(value, bool):
            return value
        return BOOLEAN_WORDS.get(str(value).strip().lower(), value)


class StrictNullBooleanField(forms.NullBooleanField):
    """A yes/no filter that refuses "maybe" instead of silently showing every row."""

    widget = StrictBooleanWidget

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() not in BOOLEAN_WORDS:
            raise ValidationError(
                _("「%(value)s」不是有效的是/否值，请用 true 或 false。"), code="invalid", params={"value": value[:20]}
            )
        return super().to_python(value)


def check_ids_in_range(field, values) -> None:
    """Refuse, as the field's invalid choice, ids beyond the database's integer range, before the database is asked:
    SQLite raises OverflowError on such an `IN` list (single-row lookups are already guarded by Django)."""
    meta = field.queryset.model._meta
    model_field = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    low, high = connections[field.queryset.db].ops.integer_field_range(model_field.get_internal_type())
    if low is None and high is None:
        return
    for item in values or ():
        try:
            number = int(str(item))
        except ValueError:
            continue  # not a number at all: the field itself reports it as an invalid choice
        if not low <= number <= high:
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice", params={"value": item})


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows whose ids are checked against the database's integer range first."""

    def _check_values(self, value):
        check_ids_in_range(self, value)
        return super()._check_values(value)


class BoundedDateField(forms.DateField):
    """A day to compute figures at ("as of"): a date within MIN_YEAR..MAX_YEAR, so periods derived from it read
    as YYYY-MM and the calendar arithmetic behind them cannot leave the representable range."""

    def validate(self, value):
        super().validate(value)
        if value and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("日期须在 %(low)d 年至 %(high)d 年之间。"),
                code="out_of_range",
                params={"low": MIN_YEAR, "high": MAX_YEAR},
            )


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attribute_value(value) -> str:
    """`{{ value|stringformat:'s' }}` in Django's attrs.html, autoescaped."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs_html(attrs) -> str:
    """Django's django/forms/widgets/attrs.html in Python."""
    return "".join(
        f" {conditional_escape(str(name))}" + ("" if value is True else f'="{_attribute_value(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class PythonRenderedSelect:
    """A drop-down written in Python, character for character what Django's select.html and select_option.html
    write: the templates cost a template include per option (a third of a list page's filter panel, most of a
    form with long drop-downs). A widget with its own templates is rendered by them."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name != SELECT_TEMPLATE:
            return super()._render(template_name, context, renderer)
        parts = [f'<select name="{show_value(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{show_value(group_name)}">')
            for option in group_choices:
                if option["template_name"] != OPTION_TEMPLATE:
                    return super()._render(template_name, context, renderer)
                parts.append(
                    f'\n  <option value="{_attribute_value(option["value"])}"{_attrs_html(option["attrs"])}>'
                    f"{show_value(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


_python_classes: dict = {}


def _python_rendered(widget_class):
    """The widget class with PythonRenderedSelect mixed in (one per class, made once)."""
    if widget_class not in _python_classes:
        _python_classes[widget_class] = type(widget_class.__name__, (PythonRenderedSelect, widget_class), {})
    return _python_classes[widget_class]


class BootstrapMixin:
    """Give every widget Bootstrap's classes so templates can render fields uniformly."""

    def _style_widgets(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.Select) and not isinstance(widget, PythonRenderedSelect):
                widget.__class__ = _python_rendered(type(widget))
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"


# A choice of more rows than this becomes a search box (AutocompleteSelect): a select of a district's thousands of
# projects weighs megabytes and cannot be scrolled; a steward's handful stays a plain drop-down.
AUTOCOMPLETE_OVER = 200


def autocomplete_when_many(field, url, placeholder=None) -> bool:
    """A model choice field whose (already policy-scoped) choices are many searches the API instead of listing
    them all; the field still validates the id against its queryset. One bounded count decides."""
    if field.queryset[: AUTOCOMPLETE_OVER + 1].count() <= AUTOCOMPLETE_OVER:
        return False
    attrs = dict(field.widget.attrs)
    if placeholder:
        attrs["data-autocomplete-placeholder"] = placeholder
    field.widget = AutocompleteSelect(url, attrs=attrs)
    field.widget.choices = field.choices
    return True


class BaseModelForm(BootstrapMixin, forms.ModelForm):
    """A model form that knows who is editing, so choices and checks can depend on the user's scope."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._style_widgets()
        # Choices of scoped rows (projects, reports) are only those the user may see, as the policy says.
        for field in self.fields.values():
            if user is not None and isinstance(field, forms.ModelChoiceField):
                field.queryset = restrict_choices(field.queryset, user)


class BaseFilterForm(BootstrapMixin, forms.Form):
    """Form class for filtersets, styled like every other form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-control-sm" if "form-control" in field.widget.attrs["class"] else ""


class BulkForm(BootstrapMixin, forms.Form):
    """A bulk action's form (core.views.bulk): knows who acts, so choices can follow the policy."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self._style_widgets()


class BulkDeleteForm(BulkForm):
    """The reason a bulk delete asks for (required by the service only where rows depend on those deleted)."""

    reason = forms.CharField(
        label=_("删除理由"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("已有月度调度等依赖数据的，须由市级管理员填写理由（至少 5 个字）后删除。"),
    )


class AutocompleteSelect(forms.Select):
    """A drop-down of rows that may number thousands (a city's projects): it holds only the chosen row, and the
    search box gongjian.js puts before it fills it from `url` (an API list with `?search=`, so scoped by the
    policy like every API answer). The field still validates the id against its (policy-scoped) queryset."""

    def __init__(self, url, attrs=None):
        super().__init__(attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-autocomplete"] = str(self.url)
        return context

    def optgroups(self, name, value, attrs=None):
        queryset = getattr(self.choices, "queryset", None)
        options = [("", "---------")]
        chosen = [v for v in value if str(v).isdigit()]
        if chosen and queryset is not None:
            low, high = connections[queryset.db].ops.integer_field_range(queryset.model._meta.pk.get_internal_type())
            chosen = [v for v in chosen if high is None or int(v) <= high]  # a huge id is the field's error to show
            options += [(row.pk, str(row)) for row in queryset.filter(pk__in=chosen)]
        return [
            (None, [self.create_option(name, key, label, str(key) in value, index, attrs=attrs)], index)
            for index, (key, label) in enumerate(options)
        ]
