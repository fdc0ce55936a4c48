"""The Excel round trip's upload form."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import BootstrapMixin
from core.importing.modes import DEFAULT_MODE, ImportMode
from core.uploads import upload_limit_text, validate_upload_size
from scheduling.excel.columns import UPLOAD_SUFFIXES

# ---------------------------------------------------------------------------------------------------------------
# Excel round trip (scheduling/views/excel.py)
# ---------------------------------------------------------------------------------------------------------------


class MonthUploadForm(BootstrapMixin, forms.Form):
    """A district's filled template and what to do with the valid rows when some rows are wrong."""

    file = forms.FileField(label=gettext_lazy("填好的调度表"))
    mode = forms.ChoiceField(
        label=gettext_lazy("导入方式"),
        choices=ImportMode.choices,
        initial=DEFAULT_MODE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
        self.fields["file"].widget.attrs["accept"] = ",".join(sorted(UPLOAD_SUFFIXES))
        self.fields["file"].help_text = _(
            "Excel、WPS 或 LibreOffice 保存的 .xlsx、.xls 或 .ods 文件，不超过 %(limit)s。"
        ) % {"limit": upload_limit_text()}
        self.fields["mode"].widget.attrs["class"] = "form-check-input"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                _("不支持「%(suffix)s」文件，请上传 .xlsx、.xls 或 .ods 文件。") % {"suffix": suffix or _("无扩展名")}
            )
        validate_upload_size(upload)
        return upload
