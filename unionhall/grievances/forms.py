"""Forms of the case pages. They parse; the actions decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import JobFamily, Worksite
from unionhall.grievances import queries
from unionhall.grievances.models import Grievance

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("A few words: “Denied overtime, night custodians”."))
    grievant_kind = forms.ChoiceField(label=_("Who grieves"), choices=Grievance.GrievantKind,
                                      widget=forms.RadioSelect,
                                      initial=Grievance.GrievantKind.PERSON)
    grievants = forms.CharField(
        label=_("Grievants"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: employee id or full name. Leave empty for a class "
                    "grievance."))
    group_name = forms.CharField(label=_("Name of the group"), required=False, max_length=200,
                                 help_text=_("For a group: e.g. “All bus drivers on route "
                                             "12”."))
    worksite = forms.ModelChoiceField(label=_("Worksite"), queryset=Worksite.objects.none(),
                                      required=False,
                                      empty_label=_("The grievant's worksite"))
    job_family = forms.ModelChoiceField(label=_("Job family"), queryset=JobFamily.objects.all(),
                                        required=False,
                                        empty_label=_("The grievant's job family"))
    articles = forms.CharField(label=_("Contract sections violated"), required=False,
                               max_length=500,
                               help_text=_("Separated by commas, e.g. “12.3, 14.1”."))
    what_happened = forms.CharField(label=_("What happened"), widget=forms.Textarea)
    remedy_sought = forms.CharField(label=_("Remedy sought"),
                                    widget=forms.Textarea(attrs={"rows": 3}))
    incident_on = forms.DateField(label=_("Date of the incident"), widget=DATE)
    learned_on = forms.DateField(label=_("Date the grievant learned of it"), required=False,
                                 widget=DATE,
                                 help_text=_("If later than the incident."))
    filed_on = forms.DateField(label=_("Filed at the first step on"), required=False,
                               widget=DATE, help_text=_("Leave empty if not filed yet."))

    def __init__(self, *args, local, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.local = local
        self.fields["worksite"].queryset = Worksite.objects.filter(local=local).order_by("name")
        if not new:
            del self.fields["filed_on"]

    def clean_articles(self):
        return [a.strip() for a in self.cleaned_data["articles"].split(",") if a.strip()]

    def clean(self):
        data = super().clean()
        lines = data.get("grievants", "").splitlines()
        people, problems = queries.find_people(self.local, lines)
        if problems:
            self.add_error("grievants", _("Not found, or more than one person has that name "
                                          "(use the employee id): %(names)s")
                           % {"names": ", ".join(problems)})
        data["grievants"] = people
        return data


class StewardsForm(forms.Form):
    stewards = forms.ModelMultipleChoiceField(label=_("Stewards"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, local, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stewards"].queryset = queries.steward_choices(local)
        self.fields["stewards"].label_from_instance = lambda u: u.get_full_name() or u.email


class FilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)
    answer = forms.CharField(label=_("The answer, in short"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    new_due = forms.DateField(label=_("New due date"), widget=DATE)
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE)
    agreed_with = forms.CharField(label=_("Agreed with (for the employer)"), max_length=200)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=10000)
    shared = forms.BooleanField(label=_("Share with the grievant"), required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("PDF, image, Word or OpenDocument, or plain text."))
    description = forms.CharField(label=_("Description"), required=False, max_length=200)
    shared = forms.BooleanField(label=_("Share with the grievant"), required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Grievance.Outcome)
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    remedy_obtained = forms.CharField(label=_("Remedy obtained"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *Grievance.Status.choices])
    q = forms.CharField(label=_("Number or title"), required=False, max_length=100)
