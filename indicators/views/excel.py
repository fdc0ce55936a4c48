"""The department's Excel round trip: download the period's template, upload it filled (all or nothing, or the
valid rows; a dry run first if wished), see each rejected row with its column and reason."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.exports import XLSX_TYPE
from core.forms import BootstrapMixin
from core.importing import ImportFailed
from core.importing.modes import DEFAULT_MODE, ImportMode
from core.permissions import ADD, role_allows
from core.uploads import validate_upload_size
from indicators.excel import import_values, template_bytes
from indicators.models import IndicatorValue
from indicators.views.pages import chosen_period


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("填好的模板"), validators=[validate_upload_size])
    mode = forms.ChoiceField(label=gettext_lazy("导入方式"), choices=ImportMode.choices, initial=DEFAULT_MODE)
    dry_run = forms.BooleanField(label=gettext_lazy("试运行（只检查，不写入）"), required=False)


def _check(request):
    if not role_allows(request.user, IndicatorValue, ADD):
        raise PermissionDenied(_("您无权填报指标数值。"))


class TemplateView(LoginRequiredMixin, View):
    """The .xlsx template of the user's indicators for the chosen period."""

    def get(self, request):
        _check(request)
        period, _form = chosen_period(request)
        response = HttpResponse(template_bytes(request.user, period), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="indicators-{period:%Y-%m}.xlsx"'
        return response


class UploadView(LoginRequiredMixin, View):
    """Upload a filled template; the result lists what was written and every rejected row."""

    def get(self, request):
        _check(request)
        return render(request, "indicators/upload.html", {"form": UploadForm()})

    def post(self, request):
        _check(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "indicators/upload.html", {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        try:
            result = import_values(
                request.user,
                upload,
                filename=upload.name,
                mode=form.cleaned_data["mode"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportFailed as error:
            form.add_error("file", error.message)
            return render(request, "indicators/upload.html", {"form": form}, status=400)
        status = 400 if result.errors else 200
        return render(request, "indicators/upload.html", {"form": form, "result": result}, status=status)
