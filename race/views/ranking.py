"""The race page (a scheme's ranking for a period, by group, with every score explained and a chart), its
download, and publishing with confirmation."""

import tempfile

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from core.exports import xlsx_response
from core.permissions import ADD, CHANGE, VIEW, role_allows
from race.choices import ListName, SchemeStatus
from race.exports import result_to_xlsx
from race.forms import PublishForm, RacePickerForm
from race.models import RacePublication, RaceScheme
from race.periods import Period
from race.services import compute, default_period, default_scheme, latest_publication, publish, revive


def chart_data(result: dict) -> dict:
    """The bar chart's data: per group, the regions in rank order and their totals (strings for JSON)."""
    return {
        "groups": [
            {
                "name": group["name"],
                "regions": [row["region"] for row in group["rows"]],
                "scores": [str(row["score"]) for row in group["rows"]],
            }
            for group in result["groups"]
        ]
    }


def ranking_context(scheme, period, draft: bool, publication=None) -> dict:
    """What the ranking template shows: the result (the publication's, the latest publication's, or a draft)."""
    if publication is not None:
        result = revive(publication.snapshot)
    else:
        publication = None if draft else latest_publication(scheme, period)
        result = revive(publication.snapshot) if publication else compute(scheme, period)
    for group in result["groups"]:
        for row in group["rows"]:
            row["list_badges"] = [(code, ListName(code).label) for code in row["lists"]]
            row["item_list"] = [(item, row["items"][item["code"]]) for item in result["items"]]
    return {
        "result": result,
        "publication": publication,
        "chart": chart_data(result),
    }


def _choose(request):
    """The scheme and period asked for (the default scheme and the last period ended when not given)."""
    form = RacePickerForm(request.GET or None, previews=role_allows(request.user, RaceScheme, CHANGE))
    scheme = None
    if form.is_valid():
        scheme = form.cleaned_data["scheme"]
    scheme = scheme or default_scheme("month") or RaceScheme.objects.exclude(status=SchemeStatus.DRAFT).first()
    text = form.cleaned_data.get("period") if form.is_valid() else None
    error = None
    period = None
    if scheme is not None:
        try:
            period = Period.parse(text) if text else default_period(scheme)
            if period.kind != scheme.period_kind:
                raise ValueError(
                    _("方案“%(scheme)s”用于%(kind)s排名，期次“%(period)s”不符。")
                    % {"scheme": scheme.name, "kind": scheme.get_period_kind_display(), "period": period}
                )
        except ValueError as problem:
            error, period = str(problem), None
    return form, scheme, period, error


def _query(scheme, period, **extra) -> str:
    return urlencode({"scheme": scheme.pk, "period": str(period), **extra})


class RaceView(LoginRequiredMixin, View):
    """The race page: everyone logged in reads the ranking (it is published city-wide)."""

    def get(self, request):
        if not role_allows(request.user, RaceScheme, VIEW):
            raise PermissionDenied(_("您无权查看赛马排名。"))
        form, scheme, period, error = _choose(request)
        if scheme is not None and not error:  # the picker shows what is shown, also when nothing was asked
            form = RacePickerForm(
                initial={"scheme": scheme.pk, "period": str(period)},
                previews=role_allows(request.user, RaceScheme, CHANGE),
            )
        context = {"form": form, "scheme": scheme, "period": period, "error": error}
        if scheme is not None and period is not None:
            # A draft version is previewed: computed now under its rules, nothing published or activated.
            preview = scheme.status == SchemeStatus.DRAFT
            draft = preview or bool(request.GET.get("draft"))
            context.update(ranking_context(scheme, period, draft))
            context.update(
                draft=draft,
                preview=preview,
                previous_url="?" + _query(scheme, period.previous()),
                download_url=reverse("race:download") + "?" + _query(scheme, period, **({"draft": 1} if draft else {})),
                draft_url="?" + _query(scheme, period, draft=1),
                published_url="?" + _query(scheme, period),
                publish_url=reverse("race:publish") + "?" + _query(scheme, period),
                can_publish=role_allows(request.user, RacePublication, ADD) and scheme.status == SchemeStatus.IN_USE,
            )
        template = "race/_ranking.html" if request.htmx else "race/race.html"
        return render(request, template, context, status=400 if error else 200)


def xlsx_download(result: dict):
    handle = tempfile.TemporaryFile()
    result_to_xlsx(result, handle)
    handle.seek(0)
    state = "" if result["published"] else "-draft"
    return xlsx_response(handle, f"race-{result['scheme_code']}-{result['period']}{state}.xlsx")


class DownloadView(LoginRequiredMixin, View):
    """The page's ranking as .xlsx (published unless the draft is asked for), the same workbook as the CLI's."""

    def get(self, request):
        if not role_allows(request.user, RaceScheme, VIEW):
            raise PermissionDenied(_("您无权查看赛马排名。"))
        _form, scheme, period, error = _choose(request)
        if error or scheme is None:
            return render(request, "race/race.html", {"error": error or _("没有可用的赛马方案。")}, status=400)
        context = ranking_context(scheme, period, bool(request.GET.get("draft")))
        return xlsx_download(context["result"])


class PublishView(LoginRequiredMixin, View):
    """Publish the draft after seeing it (GET shows the draft and asks; POST freezes it); a period already
    published is republished only as a correction with its reason."""

    def check(self, request):
        if not role_allows(request.user, RacePublication, ADD):
            raise PermissionDenied(_("只有市级管理员可以发布赛马通报。"))
        form, scheme, period, error = _choose(request)
        if error or scheme is None:
            raise PermissionDenied(error or _("没有可用的赛马方案。"))
        return scheme, period

    def render_page(self, request, scheme, period, form, status=200):
        existing = latest_publication(scheme, period)
        context = {
            "scheme": scheme,
            "period": period,
            "existing": existing,
            "form": form,
            "query": _query(scheme, period),
            **ranking_context(scheme, period, draft=True),
        }
        return render(request, "race/publish.html", context, status=status)

    def get(self, request):
        scheme, period = self.check(request)
        existing = latest_publication(scheme, period)
        return self.render_page(request, scheme, period, PublishForm(initial={"corrects": existing}))

    def post(self, request):
        scheme, period = self.check(request)
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                publication = publish(
                    scheme, period, request.user, corrects=form.cleaned_data["corrects"], note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                from stewardship.views.problems import add_errors

                add_errors(form, error)
            else:
                messages.success(request, _("已发布“%(publication)s”。") % {"publication": publication})
                return redirect(publication.get_absolute_url())
        return self.render_page(request, scheme, period, form, status=400)
