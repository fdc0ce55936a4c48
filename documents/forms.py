"""Forms of documents: drafting one for a period, issuing bodies, and a city's Word template (checked by rendering
it before it is saved)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import BaseModelForm, BootstrapMixin
from documents.choices import DocumentKind
from documents.kinds import parse_period
from documents.models import DocumentTemplate, IssuingBody, SentenceTemplate


class DraftForm(BootstrapMixin, forms.Form):
    """Which document for which period: the period must be of the kind's length (a circular is monthly …)."""

    kind = forms.ChoiceField(label=_("公文类别"), choices=DocumentKind.choices)
    period = forms.CharField(label=_("期次"), max_length=10, help_text=_("月度 2024-05，季度 2024-Q2，年度 2024"))
    issuing_body = forms.ModelChoiceField(label=_("发文机关"), queryset=IssuingBody.objects.all(), required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("period"):
            try:
                data["period"] = str(parse_period(data["kind"], data["period"]))
            except ValueError as error:
                self.add_error("period", str(error))
        return data


class IssuingBodyForm(BaseModelForm):
    class Meta:
        model = IssuingBody
        fields = ("name", "mark", "number_prefix", "signature", "printer", "copies_to", "addressee", "is_default")


class DocumentTemplateForm(BaseModelForm):
    """Upload a Word template for a kind; it must render a sample document, else the reason is shown."""

    class Meta:
        model = DocumentTemplate
        fields = ("kind", "name", "file", "is_active")

    def clean_file(self):
        from documents.services import check_template

        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read"):
            try:
                check_template(upload)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return upload


class SentenceTemplateForm(BaseModelForm):
    """The city's wording of a sentence; its placeholders are checked by the model (unknown ones are named)."""

    key = forms.ChoiceField(label=_("句式"), choices=())

    class Meta:
        model = SentenceTemplate
        fields = ("kind", "key", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        from documents.phrasing import key_choices

        super().__init__(*args, **kwargs)
        self.fields["key"].choices = key_choices()
        if self.instance.pk and self.instance.placeholders:
            self.fields["text"].help_text = _("可用占位符：%(allowed)s") % {"allowed": self.instance.placeholders}
