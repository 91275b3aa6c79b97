"""Forms of the local's mentoring program: the program, a cycle, enrolment, the matching
criteria, a change by hand, and finding a person. The actions check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import JobFamily, Worksite
from unionhall.mentoring import scoring
from unionhall.mentoring.actions.program import (
    MAX_ABOUT,
    MAX_CAPACITY,
    MAX_PAID_HOURS,
    MAX_ROLE_TITLE,
    MAX_YEARS,
)
from unionhall.mentoring.models import SPOKEN_LANGUAGES, Availability, Enrollment, Shift, Standard


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _placeholders() -> str:
    try:
        from unionhall.mentoring.actions.pairs import PLACEHOLDERS
    except ImportError:  # pragma: no cover - the pair part is not there
        return ""
    return " ".join("{" + p + "}" for p in PLACEHOLDERS)


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("What the program is (Markdown)"), required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown to everyone in the local on the program's page."))
    paid_hours_cap = forms.IntegerField(
        label=_("Paid hours per mentor and cycle"), required=False, min_value=0,
        max_value=MAX_PAID_HOURS,
        help_text=_("What the contract pays a mentor for; leave empty if it sets no cap."))
    thank_you_letter = forms.CharField(
        label=_("Thank-you letter to mentors"), required=False,
        widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        words = _placeholders()
        if words:
            self.fields["thank_you_letter"].help_text = _(
                "Sent at the end of a term. Leave empty for the usual letter. These words are "
                "filled in for each mentor: %(words)s") % {"words": words}


class CycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200,
                           help_text=_("For example “2026–27” or “Spring 2027”."))
    registration_opens_on = forms.DateField(label=_("Registration opens"), widget=DateInput())
    registration_closes_on = forms.DateField(label=_("Registration closes"),
                                             widget=DateInput())
    starts_on = forms.DateField(label=_("Pairs start"), widget=DateInput())
    ends_on = forms.DateField(label=_("Term ends"), widget=DateInput())


class FamilyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class EnrollmentForm(forms.Form):
    """Signing up (or a coordinator entering a paper form). Goals are asked of a mentee,
    strengths and the number of mentees of a mentor."""

    role = forms.ChoiceField(label=_("I want to be"), choices=Enrollment.Role.choices,
                             widget=forms.RadioSelect)
    job_family = FamilyChoice(label=_("Job family"), queryset=JobFamily.objects.all(),
                              required=False, empty_label=_("Not sure"))
    worksite = forms.ModelChoiceField(label=_("Worksite"), queryset=Worksite.objects.none(),
                                      required=False, empty_label=_("None or several"))
    shift = forms.ChoiceField(label=_("Shift"), choices=Shift.choices)
    years_of_service = forms.IntegerField(label=_("Years of service"), min_value=0,
                                          max_value=MAX_YEARS)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=SPOKEN_LANGUAGES, required=False,
        widget=forms.CheckboxSelectMultiple)
    availability = forms.MultipleChoiceField(
        label=_("When you could meet"), choices=Availability.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    goals = forms.MultipleChoiceField(
        label=_("Mentees: what you want to grow in"), choices=Standard.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The standards of the ESP Professional Growth Continuum."))
    strengths = forms.MultipleChoiceField(
        label=_("Mentors: what you are strong in"), choices=Standard.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The standards of the ESP Professional Growth Continuum."))
    capacity = forms.TypedChoiceField(
        label=_("Mentors: how many mentees you can take"), coerce=int,
        choices=[(n, str(n)) for n in range(1, MAX_CAPACITY + 1)], initial=1, required=False)
    about = forms.CharField(label=_("In your own words"), required=False,
                            max_length=MAX_ABOUT, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("What you hope for, or what you can offer."))

    def __init__(self, *args, local, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worksite"].queryset = Worksite.objects.filter(local=local).order_by("name")

    @staticmethod
    def initial_from(values: dict) -> dict:
        """The form's initial values from an enrolment or the defaults for a person."""
        initial = dict(values)
        standards = initial.pop("standards", [])
        if initial.get("role") == Enrollment.Role.MENTOR:
            initial["strengths"] = standards
        else:
            initial["goals"] = standards
        return initial

    def values(self) -> dict:
        """What save_enrollment takes."""
        data = dict(self.cleaned_data)
        goals, strengths = data.pop("goals"), data.pop("strengths")
        mentor = data["role"] == Enrollment.Role.MENTOR
        data["standards"] = strengths if mentor else goals
        data["capacity"] = (data.get("capacity") or 1) if mentor else 1
        return data


def enrollment_values(enrollment: Enrollment) -> dict:
    return {"role": enrollment.role, "job_family": enrollment.job_family_id,
            "worksite": enrollment.worksite_id, "shift": enrollment.shift,
            "years_of_service": enrollment.years_of_service,
            "languages": list(enrollment.languages or ()),
            "availability": list(enrollment.availability or ()),
            "standards": list(enrollment.standards or ()), "about": enrollment.about,
            "capacity": enrollment.capacity}


WANT_CHOICES = [("same", _("Same worksite")), ("different", _("Different worksite")),
                ("any", _("Doesn't matter"))]
CRITERION_LABELS = {
    "job_family": (_("Same job family"),
                   _("Hard rule: only pairs in the same job family")),
    "worksite": (_("Worksite"), _("Hard rule: only pairs that fit the worksite choice")),
    "language": (_("A language in common"),
                 _("Hard rule: only pairs who share a language")),
    "goals": (_("Mentee's goals among the mentor's strengths (points for each)"),
              _("Hard rule: at least one goal covered")),
    "availability": (_("Free at the same times"),
                     _("Hard rule: only pairs with a time in common")),
    "seniority": (_("Mentor has more years of service"),
                  _("Hard rule: the mentor always has more years of service")),
}


class CriteriaForm(forms.Form):
    """A weight (0–10) and a hard-rule box for each criterion; the worksite's choice."""

    worksite_want = forms.ChoiceField(label=_("Pair people at"), choices=WANT_CHOICES,
                                      widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in scoring.CRITERIA:
            label, hard = CRITERION_LABELS[name]
            self.fields[f"{name}_weight"] = forms.IntegerField(
                label=_("Weight (0–10)"), min_value=0, max_value=scoring.MAX_WEIGHT)
            self.fields[f"{name}_required"] = forms.BooleanField(label=hard, required=False)

    def groups(self):
        """(legend, weight field, hard-rule field) for each criterion, in order."""
        return [(CRITERION_LABELS[name][0], self[f"{name}_weight"], self[f"{name}_required"],
                 name) for name in scoring.CRITERIA]

    @staticmethod
    def initial_from(criteria: dict) -> dict:
        c = scoring.validate(criteria)
        initial = {"worksite_want": c["worksite"]["want"]}
        for name in scoring.CRITERIA:
            initial[f"{name}_weight"] = c[name]["weight"]
            initial[f"{name}_required"] = c[name]["required"]
        return initial

    def criteria(self) -> dict:
        data = self.cleaned_data
        out = {name: {"weight": data[f"{name}_weight"], "required": data[f"{name}_required"]}
               for name in scoring.CRITERIA}
        out["worksite"]["want"] = data["worksite_want"]
        return out


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or employee id"), required=False, max_length=100)


class CommitteeAddForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    role_title = forms.CharField(label=_("Role on the committee"), required=False,
                                 max_length=MAX_ROLE_TITLE)
