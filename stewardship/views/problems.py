"""The problem pages: the city's board (filters, .xlsx), a department's "our problems", raising a problem, its
page with the steps its user may take (transition, escalation, supervision notice) and its whole record."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.clock import today
from core.history import merged_history
from core.permissions import ADD, VIEW, role_allows, user_can
from core.views.generic import ObjectDeleteView, ObjectEditView, ObjectListView, field_values
from core.views.registration import register_model_view
from stewardship import forms
from stewardship.choices import EventKind, ProblemStatus
from stewardship.filtersets import ProblemFilterSet
from stewardship.models import Problem, ProblemEvent, SupervisionNotice
from stewardship.policy import ESCALATE, SUPERVISE
from stewardship.tables import ProblemTable
from stewardship.transitions import escalate, raise_problem, record, steps_for, transition

PROBLEMS = Problem.objects.select_related("project__region", "category", "department", "raised_by")


@register_model_view(Problem, "list", detail=False)
class ProblemListView(ObjectListView):
    """The city's problem board: every problem the user may see, filtered, sorted and exported."""

    queryset = PROBLEMS
    filterset_class = ProblemFilterSet
    table_class = ProblemTable


class OurProblemsView(ProblemListView):
    """A department's problems: those assigned to the user's own department (the board, cut to it)."""

    template_name = "stewardship/our_problems.html"

    def get_queryset(self):
        return super().get_queryset().filter(department_id=self.request.user.department_id)


def problem_context(request, problem, **extra) -> dict:
    """What the problem page shows: fields, record, notices, and the forms of the steps this user may take."""
    user = request.user
    steps = steps_for(problem, user)
    context = {
        "object": problem,
        "model_meta": problem._meta,
        "fields": field_values(problem),
        "events": problem.events.select_related("by"),
        "notices": problem.notices.all(),
        "steps": [(status, ProblemStatus(status).label) for status in steps],
        "transition_form": forms.TransitionForm(initial={"on": today()}) if steps else None,
        "escalation_form": forms.EscalationForm() if user_can(user, problem, ESCALATE) else None,
        "notice_form": forms.NoticeForm(initial={"issued_on": today()}) if user_can(user, problem, SUPERVISE) else None,
        "can_change": user_can(user, problem, "change"),
        "history": merged_history(problem, [(ProblemEvent, "problem")], user),
    }
    context.update(extra)
    return context


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal put on the form: on the field it names when the form has it, else above the form."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, texts in by_field.items():
        label = form.fields[field].label if field in form.fields else None
        for text in texts:
            if field in form.fields:
                form.add_error(field, text)
            else:
                form.add_error(None, f"{label}：{text}" if label else text)


def _problem(request, pk) -> Problem:
    return get_object_or_404(PROBLEMS.restrict(request.user, VIEW), pk=pk)


@register_model_view(Problem)
class ProblemView(LoginRequiredMixin, View):
    """The problem's page: its fields, record and notices, with the forms of the steps this user may take."""

    def get(self, request, pk):
        problem = _problem(request, pk)
        return render(request, "stewardship/problem_detail.html", problem_context(request, problem))


def _refused(request, problem, error: ValidationError | None, form_name: str, form):
    """The problem page again, with the refusal (naming its field) on the form; status 400, nothing saved."""
    if error is not None:
        add_errors(form, error)
    problem.refresh_from_db()
    return render(
        request, "stewardship/problem_detail.html", problem_context(request, problem, **{form_name: form}), status=400
    )


@register_model_view(Problem, "transition")
class ProblemTransitionView(LoginRequiredMixin, View):
    """POST: take one step of the loop (start, solve, verify, return) through stewardship.transitions."""

    def post(self, request, pk):
        problem = _problem(request, pk)
        if not steps_for(problem, request.user):
            raise PermissionDenied(_("您无权处理此问题。"))
        form = forms.TransitionForm(request.POST)
        if not form.is_valid():
            return _refused(request, problem, None, "transition_form", form)
        data = form.cleaned_data
        try:
            transition(problem, data["status"], request.user, on=data.get("on"), reason=data.get("reason", ""))
        except ValidationError as error:
            return _refused(request, problem, error, "transition_form", form)
        messages.success(request, _("问题已改为「%(status)s」。") % {"status": problem.get_status_display()})
        return redirect(problem.get_absolute_url())


@register_model_view(Problem, "escalate")
class ProblemEscalateView(LoginRequiredMixin, View):
    """POST: escalate the problem one or more levels, saying why."""

    def post(self, request, pk):
        problem = _problem(request, pk)
        if not user_can(request.user, problem, ESCALATE):
            raise PermissionDenied(_("您无权升级此问题。"))
        form = forms.EscalationForm(request.POST)
        if not form.is_valid():
            return _refused(request, problem, None, "escalation_form", form)
        try:
            escalate(problem, form.cleaned_data["level"], request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            return _refused(request, problem, error, "escalation_form", form)
        messages.success(request, _("问题已升级至「%(level)s」。") % {"level": problem.get_level_display()})
        return redirect(problem.get_absolute_url())


@register_model_view(Problem, "notice")
class ProblemNoticeView(LoginRequiredMixin, View):
    """POST: the city issues a supervision notice (督办单) on the problem."""

    def post(self, request, pk):
        problem = _problem(request, pk)
        if not user_can(request.user, problem, SUPERVISE):
            raise PermissionDenied(_("您无权签发督办单。"))
        notice = SupervisionNotice(problem=problem, issued_by=request.user)
        form = forms.NoticeForm(request.POST, instance=notice, user=request.user)
        if not form.is_valid():
            problem_page = problem_context(request, problem, notice_form=form)
            return render(request, "stewardship/problem_detail.html", problem_page, status=400)
        with transaction.atomic():
            form.save()
            record(problem, EventKind.NOTICE, request.user, notice.issued_on, notice.number)
        messages.success(request, _("已签发督办单 %(number)s。") % {"number": notice.number})
        return redirect(problem.get_absolute_url())


@register_model_view(Problem, "add", detail=False)
class ProblemCreateView(LoginRequiredMixin, View):
    """Raise a problem on a project within the user's reach (the service, through raise_problem)."""

    title = gettext_lazy("提出问题")

    def _check(self, request):
        if not role_allows(request.user, Problem, ADD):
            raise PermissionDenied(_("您无权提出问题。"))

    def _page(self, request, form, status=200):
        return render(
            request,
            "core/object_edit.html",
            {
                "form": form,
                "formsets": [],
                "object": Problem(),
                "model_meta": Problem._meta,
                "is_new": True,
            },
            status=status,
        )

    def get(self, request):
        self._check(request)
        initial = {"project": request.GET.get("project")} if request.GET.get("project", "").isdigit() else {}
        return self._page(request, forms.ProblemForm(initial=initial, user=request.user))

    def post(self, request):
        self._check(request)
        form = forms.ProblemForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                problem = raise_problem(form.save(commit=False), request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已提出问题「%(title)s」。") % {"title": problem.title})
                return redirect(problem.get_absolute_url())
        return self._page(request, form, status=400)


@register_model_view(Problem, "edit")
class ProblemEditView(ObjectEditView):
    queryset = PROBLEMS
    form_class = forms.ProblemEditForm

    def get_object(self):
        if "pk" not in self.kwargs:  # problems are raised through ProblemCreateView, which records who raised them
            raise PermissionDenied
        return super().get_object()


@register_model_view(Problem, "delete")
class ProblemDeleteView(ObjectDeleteView):
    queryset = PROBLEMS
