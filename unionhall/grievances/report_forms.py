from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.grievances.models import Grievance


class ReportFilterForm(forms.Form):
    """Which cases the report counts. The dates are the filing at step 1."""

    filed_from = forms.DateField(label=_("Filed from"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    filed_to = forms.DateField(label=_("Filed to"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any"))] + Grievance.Status.choices)
    worksite = forms.ModelChoiceField(label=_("Worksite"), required=False, queryset=None,
                                      empty_label=_("Any"))

    def __init__(self, *args, local, **kwargs):
        super().__init__(*args, **kwargs)
        from unionhall.core.models import Worksite

        # Only this local's worksites: another local's id is not a valid choice.
        self.fields["worksite"].queryset = Worksite.objects.filter(local=local).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("filed_from") and data.get("filed_to") and \
                data["filed_from"] > data["filed_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> dict:
        """The valid filters, for report_queries.report_cases; none if the form is invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
