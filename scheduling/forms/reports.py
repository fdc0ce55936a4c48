"""Forms of the month pages: one report row, the city's review, a revision, a site photo, a holiday."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.forms import BaseModelForm, BootstrapMixin
from core.importing.cells import CellError, parse_decimal
from core.money import format_money
from core.uploads import validate_upload_size
from scheduling.choices import ReviewDecision, SiteStatus
from scheduling.conf import setting
from scheduling.models import Holiday, ReportPhoto

MONEY_FIGURES = ("month_amount", "ytd_amount", "total_amount")


class MoneyField(forms.CharField):
    """An amount in 万元 read by the Excel template's cell parser, so the web row accepts exactly what a sheet does.

    "1,200", "１２００", "1200万元" and "0.12亿元" are all 1,200.00 万元; the parser's message explains a refusal.
    """

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return parse_decimal(text)
        except CellError as error:
            raise ValidationError(error.reason, code="invalid") from None


class ReportFiguresForm(BootstrapMixin, forms.Form):
    """The figures a clerk enters for one project's month; the rules themselves live in scheduling.rules."""

    month_amount = MoneyField(label=_("本月完成投资（万元）"), required=False)
    ytd_amount = MoneyField(label=_("本年累计完成投资（万元）"), required=False, help_text=_("留空自动计算"))
    total_amount = MoneyField(label=_("累计完成投资（万元）"), required=False, help_text=_("留空自动计算"))
    site_status = forms.ChoiceField(label=_("施工状态"), choices=SiteStatus.choices, initial=SiteStatus.WORKING)
    progress = forms.CharField(label=_("形象进度"), required=False, max_length=2000)
    overrun_explanation = forms.CharField(label=_("超概算说明"), required=False, max_length=2000)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    @classmethod
    def initial_for(cls, report, figures: dict | None = None) -> dict:
        """The row as saved (amounts written as money, read back by the same parser); `figures` overrides some."""
        if report is None:
            return {"site_status": SiteStatus.WORKING, "version": 0}
        initial = {name: getattr(report, name) for name in cls.base_fields}
        initial.update(figures or {})
        for name in MONEY_FIGURES:
            initial[name] = format_money(initial[name])
        return initial


class RevisionForm(ReportFiguresForm):
    """A city admin's change to an approved report: the same figures plus the reason, kept in the history."""

    revision_reason = forms.CharField(label=_("修订原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(BootstrapMixin, forms.Form):
    """The city's decision on a district's month."""

    decision = forms.ChoiceField(label=_("审核结论"), choices=ReviewDecision.choices)
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)  # one report's review only

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class PhotoForm(BaseModelForm):
    """A site photo: only real JPEG/PNG/WebP images under the configured size are accepted."""

    class Meta:
        model = ReportPhoto
        fields = ["image", "caption"]

    def clean_image(self):
        upload = self.cleaned_data["image"]
        validate_upload_size(upload)  # the limit of every upload; photos may have a smaller one of their own
        limit = setting("PHOTO_MAX_BYTES")
        if upload.size > limit:
            raise ValidationError(
                _("照片「%(name)s」大小为 %(size).1f MB，超过上限 %(limit).0f MB。"),
                params={"name": upload.name, "size": upload.size / 2**20, "limit": limit / 2**20},
            )
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError(_("文件「%(name)s」不是可识别的图片。"), params={"name": upload.name}) from error
        finally:
            upload.seek(0)
        if kind not in setting("PHOTO_FORMATS"):
            raise ValidationError(
                _("照片格式 %(kind)s 不受支持，请上传 %(allowed)s。"),
                params={"kind": kind, "allowed": "、".join(setting("PHOTO_FORMATS"))},
            )
        return upload


class HolidayForm(BaseModelForm):
    """A day of the city's holiday calendar."""

    class Meta:
        model = Holiday
        fields = ["date", "name", "is_workday"]
