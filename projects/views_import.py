"""Web pages of the project import: upload → map columns → preview (a dry run) → import, with live progress.

Only the city administrator and district operators may import (the roles that may add projects); a district
operator's rows must lie in their region, which the importer itself checks row by row.
"""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.audit import import_outcome, record
from core.exports import csv_response, rows_to_csv, rows_to_xlsx, xlsx_response
from core.importing.cells import parse_text
from core.importing.mapping import Mapping, MappingError, load_mapping
from core.importing.modes import ImportMode, mode_of
from core.importing.reader import SUFFIXES, TableError, read_table
from core.importing.rows import resolve_columns
from core.models import AuditAction, Department, Region
from core.permissions import ADD, role_allows
from core.uploads import upload_limit_text, validate_upload_size
from projects.choices import Industry, Stage
from projects.importing.fields import project_fields
from projects.importing.jobs import COMMIT, PREVIEW, ImportJob
from projects.policy import IMPORT_JOB

EXAMPLE_ROWS = 3
UNIT_CHOICES = [
    ("", gettext_lazy("按表头或单元格（默认万元）")),
    ("元", "元"),
    ("万元", "万元"),
    ("亿元", "亿元"),
]
QUESTION_LABELS = {
    "large_change": gettext_lazy("金额大幅变化：我已逐行核对旧值与新值（尤其是万元/元/亿元单位），确认写入"),
    "near_duplicate": gettext_lazy("疑似重复：我已核对，这些行确是新项目，确认新建"),
    "region_move": gettext_lazy("改属其他县区：我已核对，确认把这些项目移到文件中的县区"),
}


class ImportPermissionMixin(LoginRequiredMixin):
    """The import is for those who may add projects; a job is seen only by whoever uploaded it."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not role_allows(request.user, IMPORT_JOB, ADD):
            raise PermissionDenied(_("只有市发改委管理员和县区填报员可以导入项目。"))
        return super().dispatch(request, *args, **kwargs)

    def get_job(self) -> ImportJob:
        job = ImportJob.load(self.kwargs["job"], self.request.user)
        if job is None:
            raise Http404(_("找不到该导入任务。"))
        return job


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("项目清单文件"),
        help_text=", ".join(SUFFIXES),
        validators=[validate_upload_size],
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ",".join(SUFFIXES)}),
    )
    sheet = forms.CharField(
        label=gettext_lazy("工作表"),
        required=False,
        help_text=gettext_lazy("不填则读取第一个工作表"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    mapping = forms.FileField(
        label=gettext_lazy("映射文件（可选）"),
        required=False,
        help_text=gettext_lazy("TOML 格式，见文档「项目导入」；不上传则在下一步选择各列对应的字段"),
        validators=[validate_upload_size],
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".toml"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s，不超过 %(limit)s") % {
            "types": ", ".join(SUFFIXES),
            "limit": upload_limit_text(),
        }

    def clean_mapping(self):
        uploaded = self.cleaned_data.get("mapping")
        if not uploaded:
            return ""
        try:
            text = uploaded.read().decode("utf-8")
            load_mapping(text, project_fields())
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("映射文件应为 UTF-8 编码的文本。")) from error
        except MappingError as error:
            raise forms.ValidationError(error.message) from error
        return text


class UploadView(ImportPermissionMixin, View):
    """Step 1: upload the file (and optionally a mapping)."""

    def get(self, request):
        return render(request, "projects/import_upload.html", {"form": UploadForm()})

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            job = ImportJob.create(request.user, data["file"], sheet=data["sheet"], mapping_text=data["mapping"])
            try:
                _table_with_examples(job)
            except (TableError, MappingError) as error:
                form.add_error("file", error.message)
            else:
                return redirect("projects:import_columns", job=job.id)
        return render(request, "projects/import_upload.html", {"form": form}, status=400)


def _table_with_examples(job: ImportJob):
    """The file's headers and its first rows (to show under each header)."""
    mapping = job.mapping()
    table = read_table(job.upload, sheet=job.sheet, header_rows=mapping.header_rows, skip_rows=mapping.skip_rows)
    examples = []
    for _number, cells in table.rows:
        examples.append(cells)
        if len(examples) == EXAMPLE_ROWS:
            break
    return table.headers, examples


class ColumnsView(ImportPermissionMixin, View):
    """Step 2: say which field each column holds (preselected from the headers) and choose the mode."""

    def context(self, job, headers, examples, chosen, errors=()):
        fields = project_fields()
        rows = []
        for index, header in enumerate(headers):
            rows.append(
                {
                    "index": index,
                    "header": header,
                    "examples": [parse_text(cells[index]) for cells in examples if cells[index] not in (None, "")],
                    "chosen": chosen.get(index, ""),
                }
            )
        return {
            "job": job,
            "columns": rows,
            "fields": [(name, field.label, field.required) for name, field in fields.items()],
            "units": UNIT_CHOICES,
            "modes": ImportMode.choices,
            "mode": mode_of(job.valid_rows_only),
            "unit": job.meta.get("unit", ""),
            "uploaded_mapping": job.meta["mapping"] if job.meta.get("mapping_uploaded") else "",
            "errors": errors,
        }

    def get(self, request, job):
        job = self.get_job()
        headers, examples = _table_with_examples(job)
        errors = []
        try:
            guessed = resolve_columns(headers, project_fields(), job.mapping(), check_required=False)
        except MappingError as error:  # an uploaded mapping naming columns this file does not have
            guessed, errors = {}, [error.message]
        chosen = {column.index: name for name, column in guessed.items() if column.index is not None}
        context = self.context(job, headers, examples, chosen, errors)
        return render(request, "projects/import_columns.html", context)

    def post(self, request, job):
        job = self.get_job()
        # Anything but the valid-rows choice is the default, all or nothing (the safe reading of a tampered form).
        job.meta["valid_rows_only"] = request.POST.get("mode") == ImportMode.VALID_ROWS
        if job.meta.get("mapping_uploaded"):
            job.save()
            job.start(PREVIEW)
            return redirect("projects:import_progress", job=job.id)
        headers, examples = _table_with_examples(job)
        fields = project_fields()
        chosen, errors, columns = {}, [], {}
        for index, header in enumerate(headers):
            name = request.POST.get(f"column-{index}", "")
            if name not in fields:
                continue
            chosen[index] = name
            if name in columns:
                errors.append(_("「%(field)s」被选给了两列，每个字段只能对应一列。") % {"field": fields[name].label})
            columns[name] = [header]
        for name, field in fields.items():
            if field.required and name not in columns:
                errors.append(_("请选择「%(field)s」所在的列。") % {"field": field.label})
        unit = request.POST.get("unit", "")
        if errors:
            context = self.context(job, headers, examples, chosen, errors)
            return render(request, "projects/import_columns.html", context, status=400)
        mapping = Mapping(
            sheet=job.sheet,
            columns=columns,
            units={"total_investment": unit} if unit and "total_investment" in columns else {},
            description=_("网页导入：%(file)s") % {"file": job.filename},
        )
        job.meta.update(mapping=mapping.to_toml(), unit=unit)
        job.save()
        job.start(PREVIEW)
        return redirect("projects:import_progress", job=job.id)


class ProgressView(ImportPermissionMixin, View):
    """While the check or the import runs: a progress bar polled every second."""

    def get(self, request, job):
        job = self.get_job()
        progress = job.progress()
        if progress.get("finished"):
            return redirect(_next_page(job, progress))
        return render(request, "projects/import_progress.html", {"job": job, "progress": progress})


class StatusView(ImportPermissionMixin, View):
    """The progress bar itself (htmx); once the work is done it sends the browser on to the outcome."""

    def get(self, request, job):
        job = self.get_job()
        progress = job.progress()
        if progress.get("finished"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = _next_page(job, progress)
            return response
        return render(request, "projects/_import_status.html", {"job": job, "progress": progress})


def _next_page(job: ImportJob, progress: dict) -> str:
    name = "projects:import_result" if progress.get("task") == COMMIT else "projects:import_preview"
    return reverse(name, kwargs={"job": job.id})


def _outcome_context(job: ImportJob, task: str) -> dict:
    outcome = job.read(task)
    if outcome is None:
        raise Http404(_("该步骤尚未完成。"))
    regions = dict(Region.objects.values_list("pk", "name"))
    departments = dict(Department.objects.values_list("pk", "name"))
    stages, industries = dict(Stage.choices), dict(Industry.choices)
    sample = [
        {
            **row,
            "region": regions.get(row.get("region_id"), ""),
            "department": departments.get(row.get("responsible_department_id"), ""),
            "stage": stages.get(row.get("stage"), ""),
            "industry": industries.get(row.get("industry"), ""),
        }
        for row in outcome.get("sample", [])
    ]
    result = job.result(task)
    questions = []
    if result is not None:
        for kind in result.question_kinds():
            rows = [item for item in [*result.flags, *result.errors] if item.kind == kind]
            questions.append({"kind": kind, "label": QUESTION_LABELS[kind], "rows": rows})
    return {
        "job": job,
        "failure": outcome.get("failure"),
        "result": result,
        "sample": sample,
        "questions": questions,
        "mode": mode_of(job.valid_rows_only).label,
    }


class PreviewView(ImportPermissionMixin, View):
    """Step 3: what the import would do (counts, first rows, old → new, every rejected row); confirm to import.

    Rows the import cannot decide on its own (a figure changing tenfold, a probable duplicate, a move to another
    district) are listed with a box to tick per kind; in all-or-nothing mode every kind must be ticked, with only
    valid rows the unticked ones are left out and listed as rejected.
    """

    def get(self, request, job):
        job = self.get_job()
        return render(request, "projects/import_preview.html", _outcome_context(job, PREVIEW))

    def post(self, request, job):
        job = self.get_job()
        preview = job.result(PREVIEW)
        asked = preview.question_kinds() if preview else []
        ticked = [kind for kind in asked if request.POST.get(f"confirm-{kind}")]
        if not job.valid_rows_only and set(ticked) != set(asked):
            context = _outcome_context(job, PREVIEW)
            context["confirm_error"] = _("请逐项核对下列需要确认的行并勾选确认；否则请修改文件后重新上传。")
            return render(request, "projects/import_preview.html", context, status=400)
        job.meta["confirm"] = ticked
        job.save()
        job.start(COMMIT)
        preview = _preview_counts(job)
        record(request, AuditAction.IMPORT, kind="projects", job=job.id, file=job.filename, preview=preview)
        return redirect("projects:import_progress", job=job.id)


def _preview_counts(job: ImportJob) -> dict:
    """The checked counts the user confirmed (the import itself runs on in the background)."""
    preview = job.result(PREVIEW)
    return import_outcome(preview) if preview else {}


class ResultView(ImportPermissionMixin, View):
    """Step 4: what was written."""

    def get(self, request, job):
        job = self.get_job()
        return render(request, "projects/import_result.html", _outcome_context(job, COMMIT))


class MappingDownloadView(ImportPermissionMixin, View):
    """The mapping chosen on the page, as a TOML file for `gongjian import projects --mapping`."""

    def get(self, request, job):
        job = self.get_job()
        response = HttpResponse(job.meta.get("mapping", ""), content_type="application/toml; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mapping.toml"'
        return response


class ErrorsDownloadView(ImportPermissionMixin, View):
    """The rejected rows of a preview or an import (row, column, reason) as .xlsx or .csv, to fix the file by."""

    def get(self, request, job, task, suffix):
        job = self.get_job()
        if task not in (PREVIEW, COMMIT) or suffix not in ("xlsx", "csv"):
            raise Http404(_("没有这种下载。"))
        result = job.result(task)
        if result is None:
            raise Http404(_("该步骤尚未完成。"))
        header = [_("行号"), _("列"), _("原因")]
        rows = [(error.row, error.column, error.reason) for error in result.errors]
        stem = _("导入错误-%(file)s") % {"file": job.filename.rsplit(".", 1)[0]}
        if suffix == "csv":
            return csv_response(rows_to_csv(header, rows), f"{stem}.csv")
        return xlsx_response(rows_to_xlsx(_("被拒绝的行"), header, rows), f"{stem}.xlsx")
