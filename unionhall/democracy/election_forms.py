from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.democracy.models import Contest, DemocracyRules, Election

LOCAL_DATETIME = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _when(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateTimeInput(attrs=LOCAL_DATETIME, format=DATETIME_FORMAT))


class ElectionForm(forms.Form):
    """Times are entered and shown in the local's time zone (the view activates it)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[
        (Election.Kind.OFFICERS, Election.Kind.OFFICERS.label),
        (Election.Kind.RATIFICATION, Election.Kind.RATIFICATION.label)])
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    nominations_open = _when(_("Nominations open"), required=False,
                             help_text=_("Leave both nomination times empty if there are no "
                                         "nominations (a ratification, or candidates you add)."))
    nominations_close = _when(_("Nominations close"), required=False)
    opens_at = _when(_("Voting opens"))
    closes_at = _when(_("Voting closes"))
    cutoff = forms.DateField(
        label=_("Cut-off date"), required=False,
        help_text=_("Members in good standing on this date may vote. Empty: the local's rule "
                    "(a number of days before voting opens)."),
        widget=forms.DateInput(attrs={"type": "date"}))
    paper_ballots = forms.BooleanField(label=_("Paper ballots are also accepted"),
                                       required=False)


class ContestForm(forms.Form):
    title = forms.CharField(label=_("Office or question"), max_length=200)
    description = forms.CharField(label=_("Text shown on the ballot"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.ChoiceField(label=_("Voting method"), choices=Contest.Method.choices)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=50, initial=1)
    term = forms.CharField(label=_("Term"), max_length=100, required=False,
                           help_text=_("For example: two years, from July 1"))
    threshold = forms.ChoiceField(label=_("A question passes with"),
                                  choices=Contest.Threshold.choices)


class CandidateForm(forms.Form):
    contest = forms.TypedChoiceField(label=_("Office"), coerce=int)
    employee_id = forms.CharField(
        label=_("Employee ID"), max_length=40, required=False,
        help_text=_("Of a member of the local: their eligibility is checked against the rules."))
    name = forms.CharField(label=_("Name on the ballot"), max_length=200, required=False)
    statement = forms.CharField(label=_("Candidate statement"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, contests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].choices = [(c.pk, c.title) for c in contests
                                          if not c.is_question]


class NominationForm(forms.Form):
    contest = forms.TypedChoiceField(label=_("Office"), coerce=int)
    who = forms.ChoiceField(label=_("Who"), widget=forms.RadioSelect, initial="me", choices=[
        ("me", _("Myself")), ("coworker", _("A coworker"))])
    first_name = forms.CharField(label=_("Coworker's first name"), max_length=100,
                                 required=False)
    last_name = forms.CharField(label=_("Coworker's last name"), max_length=100,
                                required=False)

    def __init__(self, *args, contests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contest"].choices = [(c.pk, c.title) for c in contests
                                          if not c.is_question]

    def clean(self):
        data = super().clean()
        if data.get("who") == "coworker" and not (data.get("first_name")
                                                  and data.get("last_name")):
            raise forms.ValidationError(_("Give your coworker's first and last name."))
        return data


class AnswerForm(forms.Form):
    statement = forms.CharField(
        label=_("Your candidate statement"), required=False, max_length=4000,
        help_text=_("Shown to every voter under your name. Plain text."),
        widget=forms.Textarea(attrs={"rows": 6}))


class RulesForm(forms.ModelForm):
    class Meta:
        model = DemocracyRules
        fields = ["cutoff_days", "candidate_months", "quorum_kind", "quorum_number",
                  "quorum_percent"]
        widgets = {"quorum_kind": forms.RadioSelect}


class EnvelopeForm(forms.Form):
    q = forms.CharField(label=_("Name or employee ID on the envelope"), max_length=100)
