"""Forms of the meeting pages. Times are entered in the local's time zone (the views
activate it with `in_local_time`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.democracy.actions.meetings import CODE_LENGTH
from unionhall.democracy.models import Contest, Meeting

LOCAL_DATETIME = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _when(label, required=True):
    return forms.DateTimeField(
        label=label, required=required,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs=LOCAL_DATETIME, format=DATETIME_FORMAT))


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False,
                            help_text=_("For example: Birch Middle School library, room 12"))
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https",
                               help_text=_("For members who join from home."))


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class SignInForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown in the room"), max_length=20,
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "autocorrect": "off",
            "autocapitalize": "off", "spellcheck": "false", "class": "code-input",
            "size": CODE_LENGTH + 2, "enterkeyhint": "go"}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or employee ID"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))


def _people_choices(people, empty):
    return [("", empty)] + [(p.pk, f"{p.legal_last_name}, {p.first_name}") for p in people]


class _PresentChoiceForm(forms.Form):
    """A form with fields naming someone present at the meeting."""

    person_fields: tuple[str, ...] = ()

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.present = {p.pk: p for p in present}
        for name in self.person_fields:
            self.fields[name].choices = _people_choices(self.present.values(),
                                                        _("Choose a member present"))

    def _person(self, name):
        pk = self.cleaned_data.get(name)
        return self.present.get(pk) if pk else None


class MoveMotionForm(_PresentChoiceForm):
    person_fields = ("moved_by",)

    text = forms.CharField(label=_("Motion"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    moved_by = forms.TypedChoiceField(label=_("Moved by"), coerce=int, empty_value=None)
    agenda_item = forms.TypedChoiceField(label=_("Agenda item"), coerce=int, empty_value=None,
                                         required=False)
    threshold = forms.ChoiceField(label=_("Passes with"), choices=Contest.Threshold.choices)

    def __init__(self, *args, agenda=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda = {i.pk: i for i in agenda}
        self.fields["agenda_item"].choices = [("", _("None"))] + [
            (i.pk, f"{n}. {i.title}") for n, i in enumerate(self.agenda.values(), start=1)]

    def clean_moved_by(self):
        return self._person("moved_by")

    def clean_agenda_item(self):
        pk = self.cleaned_data.get("agenda_item")
        return self.agenda.get(pk) if pk else None


class SecondForm(_PresentChoiceForm):
    person_fields = ("seconded_by",)

    seconded_by = forms.TypedChoiceField(label=_("Seconded by"), coerce=int, empty_value=None)

    def clean_seconded_by(self):
        return self._person("seconded_by")


class AmendForm(_PresentChoiceForm):
    person_fields = ("moved_by",)

    text = forms.CharField(label=_("The motion as amended"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    moved_by = forms.TypedChoiceField(label=_("Amendment moved by"), coerce=int,
                                      empty_value=None)

    def clean_moved_by(self):
        return self._person("moved_by")


class HandVoteForm(forms.Form):
    yes = forms.IntegerField(label=_("Yes"), min_value=0, max_value=100000,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    no = forms.IntegerField(label=_("No"), min_value=0, max_value=100000,
                            widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    abstain = forms.IntegerField(label=_("Abstain"), min_value=0, max_value=100000, initial=0,
                                 required=False,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class SecretVoteForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes the vote stays open"), min_value=1,
                                 max_value=240, initial=10,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), required=False, max_length=100000,
                           widget=forms.Textarea(attrs={"rows": 18}))


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.TypedChoiceField(label=_("Approved at the meeting of"), coerce=int,
                                        empty_value=None)

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {m.pk: m for m in meetings}
        self.fields["at_meeting"].choices = [("", _("Choose a meeting"))] + [
            (m.pk, m.label) for m in self.meetings.values()]

    def clean_at_meeting(self):
        pk = self.cleaned_data.get("at_meeting")
        return self.meetings.get(pk) if pk else None
