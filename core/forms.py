"""Base form: Bootstrap styling and the requesting user, for every model form."""

from django import forms

from core.permissions import restrict_choices


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
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"


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
