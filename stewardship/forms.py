"""Forms of stewardship: stewards, teams, the service log (and the quick visit form for phones), problems and
the steps of their loop. Choices are cut to what the user may touch; the rules live in models and services."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import inlineformset_factory
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.clock import today
from core.forms import BaseModelForm, BootstrapMixin, autocomplete_when_many
from core.models import Department, User
from core.permissions import ADD, scope_q
from projects.models import Project
from stewardship.choices import EscalationLevel, ProblemStatus
from stewardship.models import (
    OverdueRule,
    Problem,
    ProblemCategory,
    ServiceLog,
    ServiceTeam,
    Stewardship,
    SupervisionNotice,
    TeamMember,
)

DATE = forms.DateInput()


def _search_projects(form):
    """The project field searches the API when the user may pick among many projects (a district's thousands)."""
    autocomplete_when_many(form.fields["project"], reverse_lazy("projects-api:project-list"), _("搜索项目"))


def _strip_project(q):
    """A row filter on a project-bound model (`project__region__in=…`) turned into the same filter on projects."""
    result = Q()
    result.connector, result.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            result.children.append(_strip_project(child))
        else:
            key, value = child
            result.children.append((key.removeprefix("project__"), value))
    return result


def project_choices(user, model, action=ADD):
    """The projects on which the user may `action` rows of a project-bound `model` (a log, a problem)."""
    q = scope_q(user, model, action)
    if q is None:
        return Project.objects.none()
    return Project.objects.filter(_strip_project(q)).distinct().order_by("name")


def check_photo(upload):
    """A service photo is checked exactly as a monthly report's photo is (type, size; scheduling.forms)."""
    from scheduling.forms import PhotoForm

    form = PhotoForm(data={}, files={"image": upload})
    if not form.is_valid() and "image" in form.errors:
        raise ValidationError(form.errors["image"])
    upload.seek(0)
    return upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once, each checked like a monthly report's photo."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [check_photo(super(PhotosField, self).clean(upload, initial)) for upload in uploads]


class StewardshipForm(BaseModelForm):
    """Appoint a city leader as a project's steward."""

    class Meta:
        model = Stewardship
        fields = ["project", "steward", "start", "end", "note"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["steward"].queryset = User.objects.filter(role=Role.CITY_LEADER, is_active=True)
        _search_projects(self)


class ServiceTeamForm(BaseModelForm):
    class Meta:
        model = ServiceTeam
        fields = ["project", "level", "name", "start", "end"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _search_projects(self)


TeamMemberFormSet = inlineformset_factory(
    ServiceTeam,
    TeamMember,
    fields=["role", "name", "unit", "department", "phone", "start", "end"],
    extra=2,
    widgets={"start": DATE, "end": DATE},
)


class ServiceLogForm(BaseModelForm):
    """A service log entry (the full form)."""

    class Meta:
        model = ServiceLog
        fields = ["project", "kind", "level", "date", "participants", "place", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["project"].queryset = project_choices(self.user, ServiceLog)
        _search_projects(self)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > today():
            raise ValidationError(_("日期（%(date)s）不能晚于今天。") % {"date": date})
        return date


class QuickVisitForm(ServiceLogForm):
    """Log a visit in under a minute on a phone: the log, photos, and optionally a problem raised on the spot."""

    photos = PhotosField(label=_("现场照片"), required=False)
    problem_title = forms.CharField(label=_("现场发现的问题"), required=False, max_length=200)
    problem_category = forms.ModelChoiceField(
        ProblemCategory.objects.filter(active=True), label=_("问题类别"), required=False
    )
    problem_department = forms.ModelChoiceField(Department.objects.all(), label=_("责任部门"), required=False)
    problem_deadline = forms.DateField(label=_("办结时限"), required=False, widget=DATE)

    class Meta(ServiceLogForm.Meta):
        fields = ["project", "kind", "level", "date", "participants", "place", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", today())
        self._style_widgets()

    def clean(self):
        data = super().clean()
        if data.get("problem_title"):
            for name in ("problem_category", "problem_department", "problem_deadline"):
                if not data.get(name):
                    self.add_error(name, _("填写了现场问题时，此项必填。"))
            deadline, date = data.get("problem_deadline"), data.get("date")
            if deadline and date and deadline < date:
                self.add_error(
                    "problem_deadline",
                    _("办结时限（%(deadline)s）不能早于提出日期（%(date)s）。") % {"deadline": deadline, "date": date},
                )
        return data


class ProblemForm(BaseModelForm):
    """Raise a problem (project, category, department, deadline …)."""

    class Meta:
        model = Problem
        fields = ["project", "category", "title", "description", "department", "raised_on", "deadline", "measures"]
        widgets = {
            "raised_on": DATE,
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProblemCategory.objects.filter(active=True)
        if self.user is not None:  # a steward picks among their projects, a district among its own
            self.fields["project"].queryset = project_choices(self.user, Problem)
        _search_projects(self)
        self.initial.setdefault("raised_on", today())


class ProblemEditForm(BaseModelForm):
    """What the department and those serving the project keep up to date: measures, progress, deadline."""

    class Meta:
        model = Problem
        fields = ["category", "title", "description", "department", "deadline", "measures", "progress"]
        widgets = {
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 3}),
        }


class TransitionForm(BootstrapMixin, forms.Form):
    """One step of the loop: the new status, the date and (for a return) the reason."""

    status = forms.ChoiceField(label=_("新状态"), choices=ProblemStatus.choices)
    on = forms.DateField(label=_("日期"), required=False, widget=DATE)
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class EscalationForm(BootstrapMixin, forms.Form):
    level = forms.TypedChoiceField(label=_("升级到"), choices=EscalationLevel.choices, coerce=int)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class NoticeForm(BaseModelForm):
    """Issue a supervision notice (督办单) on a problem."""

    class Meta:
        model = SupervisionNotice
        fields = ["number", "issued_on", "deadline", "requirement"]
        widgets = {"issued_on": DATE, "deadline": DATE, "requirement": forms.Textarea(attrs={"rows": 2})}


class NoticeAnswerForm(BaseModelForm):
    class Meta:
        model = SupervisionNotice
        fields = ["answered_on", "answer"]
        widgets = {"answered_on": DATE}


class ProblemCategoryForm(BaseModelForm):
    class Meta:
        model = ProblemCategory
        fields = ["name", "sort_order", "active"]


class OverdueRuleForm(BaseModelForm):
    class Meta:
        model = OverdueRule
        fields = list(OverdueRule.EDITABLE)


class StatisticsForm(BootstrapMixin, forms.Form):
    """The statistics page's (and API's) parameters: period and level."""

    start = forms.DateField(label=_("起始日期"), required=False, widget=DATE)
    end = forms.DateField(label=_("截止日期"), required=False, widget=DATE)
    level = forms.ChoiceField(
        label=_("统计层级"),
        required=False,
        choices=[
            ("city", _("全市")),
            ("district", _("县区")),
            ("department", _("责任部门")),
            ("steward", _("项目管家")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data
