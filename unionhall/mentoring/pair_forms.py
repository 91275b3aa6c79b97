"""Forms of the pair pages. They only parse; the actions check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.mentoring.actions.pairs import (
    MAX_CHECK_IN,
    MAX_COMMENTS,
    MAX_GOAL,
    MAX_MINUTES,
    MAX_NOTE,
    MAX_TOPICS,
    MIN_MINUTES,
)
from unionhall.mentoring.models import Goal, PairMeeting, Standard


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Day you met"),
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=MIN_MINUTES, max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
        help_text=_("For example 45 for three quarters of an hour."))
    how = forms.ChoiceField(label=_("How you met"), choices=PairMeeting.How.choices,
                            widget=forms.RadioSelect, initial=PairMeeting.How.IN_PERSON)
    topics = forms.CharField(label=_("What you talked about"), required=False,
                             max_length=MAX_TOPICS,
                             help_text=_("A few words; both of you and the coordinator see "
                                         "this. Keep private thoughts for a reflection note."))


class GoalForm(forms.Form):
    standard = forms.ChoiceField(label=_("Standard"), choices=Standard.choices,
                                 help_text=_("Of the ESP Professional Growth Continuum."))
    text = forms.CharField(label=_("Goal"), max_length=MAX_GOAL,
                           help_text=_("What the mentee wants to be able to do, for example: "
                                       "“Write incident reports the office accepts the first "
                                       "time.”"))

    def __init__(self, *args, first=(), **kwargs):
        super().__init__(*args, **kwargs)
        if first:
            # The mentee's own goal standards first.
            chosen = [c for c in Standard.choices if c[0] in first]
            rest = [c for c in Standard.choices if c[0] not in first]
            self.fields["standard"].choices = chosen + rest


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Where it stands"), choices=Goal.Status.choices)


class CheckInForm(forms.Form):
    note = forms.CharField(label=_("How it is going"), max_length=MAX_CHECK_IN,
                           widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Your reflection"), max_length=MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Only the two of you read these: not the coordinator, "
                                       "not the officers."))


RATING = [(str(n), str(n)) for n in range(1, 6)]


def _rating(label):
    return forms.TypedChoiceField(label=label, choices=RATING, coerce=int,
                                  widget=forms.RadioSelect,
                                  help_text=_("1: not at all, 5: very much."))


class ExitSurveyForm(forms.Form):
    overall = _rating(_("How worthwhile was the program for you?"))
    goals_progress = _rating(_("How much progress was made on the goals?"))
    support = _rating(_("How supported did you feel?"))
    would_again = forms.TypedChoiceField(
        label=_("Would you take part again?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes")
    comments = forms.CharField(
        label=_("Anything else?"), required=False, max_length=MAX_COMMENTS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the coordinator without your name, among everyone's comments, "
                    "once at least five people have answered."))
