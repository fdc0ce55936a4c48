"""Forms for projects and lists; the stage field offers only the moves this user may make."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BaseModelForm, BoundedModelMultipleChoiceField, BulkForm
from core.models import Department, Region
from core.permissions import ADD, CHANGE, region_choices, role_allows
from projects.choices import Stage
from projects.models import FundingSource, InvestmentPlan, ListMembership, Project, ProjectContact, ProjectList
from projects.stages import INITIAL_STAGES, allowed_targets, apply_stage_side_effects, check_transition
from projects.validators import normalise_national_code


class ProjectForm(BaseModelForm):
    """Create or edit a project; a district operator can only place it in their own district."""

    class Meta:
        model = Project
        fields = [
            "name",
            "national_code",
            "owner",
            "region",
            "address",
            "longitude",
            "latitude",
            "industry",
            "total_investment",
            "stage",
            "planned_start",
            "planned_finish",
            "actual_start",
            "actual_finish",
            "responsible_department",
            "construction_content",
        ]
        widgets = {
            "planned_start": forms.DateInput(),
            "planned_finish": forms.DateInput(),
            "actual_start": forms.DateInput(),
            "actual_finish": forms.DateInput(),
            "construction_content": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_stage = self.instance.stage if self.instance.pk else None
        regions = Region.objects.ranked()
        if self.user is not None:
            regions = region_choices(regions, self.user, Project, CHANGE if self.instance.pk else ADD)
        self.fields["region"].queryset = regions
        if self.instance.pk:
            options = [self.instance.stage, *allowed_targets(self.instance, self.user)]
        else:
            options = list(INITIAL_STAGES)
        self.fields["stage"].choices = [(s, Stage(s).label) for s in Stage.values if s in options]

        if role_allows(self.user, ListMembership, CHANGE):
            self.fields["lists"] = BoundedModelMultipleChoiceField(
                queryset=ProjectList.objects.select_related("kind"),
                required=False,
                label=_("所属清单（含产业集群）"),
                initial=list(self.instance.lists.values_list("pk", flat=True)) if self.instance.pk else [],
                widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
            )

    def save(self, commit=True):
        project = super().save(commit=commit)
        if commit and "lists" in self.fields:
            sync_memberships(project, self.cleaned_data.get("lists") or [])
        return project

    def clean_national_code(self):
        # The same folding as the project import, so a code typed with full-width digits or dashes is accepted.
        return normalise_national_code(self.cleaned_data.get("national_code"))

    def clean(self):
        cleaned = super().clean()
        new_stage = cleaned.get("stage")
        if self.original_stage and new_stage:
            try:
                check_transition(self.instance, self.original_stage, new_stage, self.user)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def _post_clean(self):
        # The stage must be on the instance before the model's own checks, which look at where a pause began.
        if self.original_stage and self.cleaned_data.get("stage"):
            self.instance.stage = self.cleaned_data["stage"]
            apply_stage_side_effects(self.instance, self.original_stage)
        super()._post_clean()


class InvestmentPlanForm(BaseModelForm):
    class Meta:
        model = InvestmentPlan
        fields = ["year", "amount"]


PlanFormSet = forms.inlineformset_factory(
    Project, InvestmentPlan, form=InvestmentPlanForm, extra=1, can_delete=True, min_num=0
)


class FundingSourceForm(BaseModelForm):
    class Meta:
        model = FundingSource
        fields = ["kind", "amount"]


class ProjectContactForm(BaseModelForm):
    class Meta:
        model = ProjectContact
        fields = ["role", "name", "organisation", "phone"]


FundingFormSet = forms.inlineformset_factory(Project, FundingSource, form=FundingSourceForm, extra=1, can_delete=True)
ContactFormSet = forms.inlineformset_factory(Project, ProjectContact, form=ProjectContactForm, extra=1, can_delete=True)


class ProjectListForm(BaseModelForm):
    class Meta:
        model = ProjectList
        fields = ["name", "kind", "year", "date", "in_key_library", "description", "sort_order"]
        widgets = {"date": forms.DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind.has_date and not cleaned.get("date"):
            self.add_error("date", _("「%(kind)s」类清单必须填写日期。") % {"kind": kind})
        return cleaned


def sync_memberships(project, wanted) -> None:
    """Make the project's lists equal `wanted`, one row at a time so each join and leave is in the history."""
    wanted_ids = {pl.pk for pl in wanted}
    current = {m.project_list_id: m for m in project.memberships.all()}
    for list_id, membership in current.items():
        if list_id not in wanted_ids:
            membership.delete()
    for list_id in wanted_ids - current.keys():
        ListMembership.objects.create(project=project, project_list_id=list_id)


class ProjectBulkEditForm(BulkForm):
    """What may change on many projects at once; empty fields leave the projects as they are."""

    responsible_department = forms.ModelChoiceField(
        queryset=Department.objects.all(), required=False, label=_("责任部门改为")
    )
    stage = forms.ChoiceField(required=False, label=_("项目阶段改为"))
    reason = forms.CharField(required=False, max_length=200, label=_("修改说明"), help_text=_("记入每个项目的变更历史"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "---------"), *Stage.choices]
        if role_allows(self.user, ListMembership, CHANGE):
            for name, label in (("add_lists", _("加入清单")), ("remove_lists", _("移出清单"))):
                self.fields[name] = BoundedModelMultipleChoiceField(
                    queryset=ProjectList.objects.select_related("kind"),
                    required=False,
                    label=label,
                    widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
                )
