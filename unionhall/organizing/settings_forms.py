"""The forms of the local's organizing settings page. The actions check the values again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.organizing.actions import (
    ISSUE_MAX,
    ISSUES_MAX,
    REP_RATIO,
    SCALE_LABEL_MAX,
    SCALE_LEVELS,
)
from unionhall.organizing.queries import stored_issue, stored_scale_label

UNUSED_COLOR = "#4a5560"


class ScaleForm(forms.Form):
    """One row per possible level; the filled rows, from the top, are the scale."""

    def __init__(self, *args, scale=(), **kwargs):
        initial = {}
        for level in scale:
            initial[f"label_{level['value']}"] = str(level["label"])
            initial[f"color_{level['value']}"] = level["color"]
        super().__init__(*args, initial=initial, **kwargs)
        for n in range(1, SCALE_LEVELS[1] + 1):
            self.fields[f"label_{n}"] = forms.CharField(
                label=_("Label of level %(n)d") % {"n": n}, required=False,
                max_length=SCALE_LABEL_MAX)
            self.fields[f"color_{n}"] = forms.CharField(
                label=_("Colour of level %(n)d") % {"n": n}, required=False,
                initial=UNUSED_COLOR, widget=forms.TextInput(attrs={"type": "color"}))

    def rows(self):
        """(value, label field, colour field) for the template."""
        return [(n, self[f"label_{n}"], self[f"color_{n}"])
                for n in range(1, SCALE_LEVELS[1] + 1)]

    def clean(self):
        data = super().clean()
        filled = [n for n in range(1, SCALE_LEVELS[1] + 1) if data.get(f"label_{n}", "").strip()]
        gap = next((n for n in range(1, len(filled) + 1) if n not in filled), None)
        if gap is not None:
            raise forms.ValidationError(
                _("Fill the levels from the top: level %(n)d is empty but a later one is not.")
                % {"n": gap})
        data["levels"] = [
            {"value": n, "label": stored_scale_label(data[f"label_{n}"].strip()),
             "color": data.get(f"color_{n}") or ""} for n in filled]
        return data


class IssuesForm(forms.Form):
    issues = forms.CharField(label=_("Issues people raise"), required=False,
                             widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].help_text = _(
            "One per line: at most %(count)d issues of at most %(max)d characters each."
        ) % {"count": ISSUES_MAX, "max": ISSUE_MAX}

    def clean_issues(self):
        lines = (line.strip() for line in self.cleaned_data["issues"].splitlines())
        return [stored_issue(line) for line in lines if line]


class NumbersForm(forms.Form):
    density_goal = forms.IntegerField(label=_("Density goal (%)"), min_value=0, max_value=100)
    rep_ratio = forms.IntegerField(
        label=_("People per building rep, at most"), min_value=REP_RATIO[0],
        max_value=REP_RATIO[1],
        help_text=_("The coverage page flags worksites and reps with more people per rep."))


class StateAccessForm(forms.Form):
    state_sees_organizing = forms.BooleanField(
        label=_("State staff see assessments and conversation notes"), required=False,
        help_text=_("Otherwise they see only counts."))
