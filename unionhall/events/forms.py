"""Forms of the event pages. Times are entered in the local's time zone (the views activate it
with `in_local_time`). The actions check everything again; these only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import JobFamily, Role, Worksite
from unionhall.events.actions import EVENT_ROLES, MAX_CAPACITY
from unionhall.events.links import CHECK_IN_LENGTH, DOOR_CODE_LENGTH
from unionhall.events.models import RSVP, Event

LOCAL_DATETIME = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
CODE_ATTRS = {"autocomplete": "off", "autocorrect": "off", "autocapitalize": "characters",
              "spellcheck": "false", "class": "code-input", "enterkeyhint": "go"}


def _when(label):
    return forms.DateTimeField(
        label=label, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs=LOCAL_DATETIME, format=DATETIME_FORMAT))


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What it is, who should come, what to bring. Markdown: **bold**, lists with "
                    "“-”, links."))
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False,
                            help_text=_("For example: Birch Middle School library, room 12"))
    video_url = forms.URLField(label=_("Video link"), required=False, max_length=500,
                               assume_scheme="https",
                               help_text=_("For people who join from home."))
    audience = forms.ChoiceField(label=_("Who is invited"), choices=Event.Audience.choices,
                                 widget=forms.RadioSelect, initial=Event.Audience.EVERYONE)
    worksites = forms.ModelMultipleChoiceField(
        label=_("Worksites"), required=False, queryset=Worksite.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When you invite people at some worksites."))
    job_families = forms.ModelMultipleChoiceField(
        label=_("Job families"), required=False, queryset=JobFamily.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When you invite people in some job families."))
    roles = forms.MultipleChoiceField(
        label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(r.value, r.label) for r in Role if r.value in EVENT_ROLES],
        help_text=_("When you invite people who hold a role in the local."))
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, max_value=MAX_CAPACITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Leave empty for no limit. Past it, a “yes” joins the wait list, which "
                    "moves up by itself when someone can no longer come."))

    def __init__(self, *args, local, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worksites"].queryset = Worksite.objects.filter(local=local).order_by("name")

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        needs = {Event.Audience.WORKSITES: ("worksites", _("Choose at least one worksite.")),
                 Event.Audience.JOB_FAMILIES: ("job_families",
                                               _("Choose at least one job family.")),
                 Event.Audience.ROLES: ("roles", _("Choose at least one role."))}
        if audience in needs:
            name, message = needs[audience]
            if not data.get(name):
                self.add_error(name, message)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if not data.get("place") and not data.get("video_url") and "video_url" not in self.errors:
            self.add_error("place", _("Say where the event is: a place, a video link, or both."))
        return data


class RSVPForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), choices=RSVP.Answer.choices,
                               widget=forms.RadioSelect)


class DoorCodeForm(forms.Form):
    """The code shown in the room, typed by a member on their phone."""

    code = forms.CharField(
        label=_("Code shown in the room"), max_length=20,
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric",
                                      "size": DOOR_CODE_LENGTH + 2}))


class PersonalCodeForm(forms.Form):
    """The code on a member's phone, typed by the steward at the door."""

    code = forms.CharField(
        label=_("Code on the member's phone"), max_length=20,
        widget=forms.TextInput(attrs={**CODE_ATTRS, "size": CHECK_IN_LENGTH + 3}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or employee ID"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
