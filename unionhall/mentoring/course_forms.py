"""Forms of the course's pages. They parse what was typed; the actions decide."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.mentoring.actions.course import MAX_NOTE, MAX_TEXT, zone_choices
from unionhall.mentoring.models import TeamApplication, TeamMember

DATE = {"type": "date"}
TIME = {"type": "time"}


def _date(label, help_text=""):
    return forms.DateField(label=label, help_text=help_text,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _time(label, initial, help_text=""):
    return forms.TimeField(label=label, initial=initial, help_text=help_text,
                           widget=forms.TimeInput(attrs=TIME, format="%H:%M"))


class OfferingForm(forms.Form):
    """The window's moments are entered as a day and a time in the chosen time zone."""

    affiliate = forms.ModelChoiceField(label=_("Association running it"), queryset=None,
                                       empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_(
        "For example: “ESPs building peer mentoring, fall cohort”."))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What the course is, who it is for, what teams will do. Markdown: "
                    "**bold**, lists with -, links."))
    contact_email = forms.EmailField(label=_("Contact address"),
                                     help_text=_("Where teams write with questions."))
    opens_on = _date(_("Applications open on"))
    opens_time = _time(_("at"), dt.time(9, 0))
    deadline_on = _date(_("Deadline"))
    deadline_time = _time(_("at"), dt.time(10, 0))
    time_zone = forms.ChoiceField(
        label=_("Time zone of these times"),
        help_text=_("The deadline is announced in this zone; each local also sees it in its "
                    "own."))
    notify_on = _date(_("Teams are told by"),
                      help_text=_("Decisions are emailed that morning from 9:00."))
    starts_on = _date(_("The cohort starts"), help_text=_("Module 1 is released that day."))
    module_count = forms.IntegerField(label=_("Modules"), min_value=1, max_value=12, initial=5)
    weeks_between_modules = forms.IntegerField(label=_("Weeks between modules"), min_value=1,
                                               max_value=8, initial=2)
    asks_state_contact = forms.BooleanField(
        label=_("Teams name a state staff contact"), required=False, initial=True)
    min_team_size = forms.IntegerField(label=_("Smallest team"), min_value=1, max_value=12,
                                       initial=2)
    max_team_size = forms.IntegerField(label=_("Largest team"), min_value=1, max_value=12,
                                       initial=6)
    facilitators = forms.CharField(
        label=_("Facilitators"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The email of each facilitator's Unionhall account, one per line. They "
                    "score applications and follow the teams' work."))

    def __init__(self, *args, associations=None, association=None, **kwargs):
        super().__init__(*args, **kwargs)
        if associations is None:
            del self.fields["affiliate"]
        else:
            self.fields["affiliate"].queryset = associations
        zones = zone_choices(association)
        if associations is not None:
            for other in associations:
                if other.time_zone not in dict(zones):
                    zones.insert(0, (other.time_zone, other.time_zone))
        self.fields["time_zone"].choices = zones

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if zone:
            tz = ZoneInfo(zone)
            for day, time, key in (("opens_on", "opens_time", "opens_at"),
                                   ("deadline_on", "deadline_time", "deadline")):
                if data.get(day) and data.get(time):
                    data[key] = dt.datetime.combine(data[day], data[time], tzinfo=tz)
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        keys = ("title", "description", "contact_email", "opens_at", "deadline", "time_zone",
                "notify_on", "starts_on", "module_count", "weeks_between_modules",
                "asks_state_contact", "min_team_size", "max_team_size")
        return {k: data.get(k) for k in keys}

    @staticmethod
    def initial_from(offering) -> dict:
        tz = ZoneInfo(offering.time_zone)
        opens, deadline = offering.opens_at.astimezone(tz), offering.deadline.astimezone(tz)
        return {
            "title": offering.title, "description": offering.description,
            "contact_email": offering.contact_email, "opens_on": opens.date(),
            "opens_time": opens.time(), "deadline_on": deadline.date(),
            "deadline_time": deadline.time(), "time_zone": offering.time_zone,
            "notify_on": offering.notify_on, "starts_on": offering.starts_on,
            "module_count": offering.module_count,
            "weeks_between_modules": offering.weeks_between_modules,
            "asks_state_contact": offering.asks_state_contact,
            "min_team_size": offering.min_team_size, "max_team_size": offering.max_team_size,
            "facilitators": "\n".join(u.email for u in offering.facilitators.all()),
        }


# --- applying --------------------------------------------------------------------------------

_PICKED = re.compile(r"\(#(\d+)\)\s*$")


def person_label(person) -> str:
    """How a person reads in the team list: "Dana Okafor — Bus Driver, Alder (#812)"."""
    where = ", ".join(x for x in (
        person.job_class.title if person.job_class_id else "",
        person.worksite.name if person.worksite_id else "") if x)
    return f"{person.display_name}{' — ' + where if where else ''} (#{person.pk})"


class TeamMemberForm(forms.Form):
    person = forms.CharField(label=_("Name"), required=False, max_length=300, help_text=_(
        "Start typing a name and choose from your local's people. They need no account."))
    role = forms.ChoiceField(label=_("Role on the team"), choices=TeamMember.Role.choices,
                             initial=TeamMember.Role.MEMBER)
    job_title = forms.CharField(label=_("Job"), required=False, max_length=120,
                                help_text=_("Leave empty for their job on record."))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people or {}
        self.fields["person"].widget.attrs.update({"list": "local-people",
                                                   "autocomplete": "off"})

    def clean_person(self):
        text = (self.cleaned_data.get("person") or "").strip()
        if not text:
            return None
        picked = _PICKED.search(text)
        if picked and int(picked.group(1)) in self.people:
            return int(picked.group(1))
        by_name = [pk for pk, name in self.people.items()
                   if name.casefold() == text.casefold()]
        if len(by_name) == 1:
            return by_name[0]
        raise forms.ValidationError(_("Choose someone from your local's list."))


class BaseTeamFormSet(forms.BaseFormSet):
    def __init__(self, *args, people=None, **kwargs):
        self.people = people or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "people": self.people}

    def members(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms
                if f.cleaned_data and f.cleaned_data.get("person")]


def team_formset(offering, data=None, initial=None, people=None):
    initial = initial or []
    extra = max(offering.max_team_size - len(initial), 0)
    cls = forms.formset_factory(TeamMemberForm, formset=BaseTeamFormSet, extra=extra,
                                max_num=offering.max_team_size, validate_max=True)
    return cls(data, initial=initial, prefix="team", people=people)


class ApplicationForm(forms.Form):
    why = forms.CharField(
        label=_("Why your local applies"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What would a mentoring program change for your ESPs? What values will "
                    "you lead with?"))
    situation = forms.CharField(
        label=_("Your local's situation"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Size, job families, turnover, what support new ESPs get today, how you "
                    "work with the district."))
    state_contact_name = forms.CharField(label=_("State staff contact"), max_length=200)
    state_contact_email = forms.EmailField(label=_("State staff contact's email"))

    def __init__(self, *args, offering, **kwargs):
        super().__init__(*args, **kwargs)
        if not offering.asks_state_contact:
            del self.fields["state_contact_name"]
            del self.fields["state_contact_email"]


# --- reviewing -------------------------------------------------------------------------------

SCORES = (("1", _("1 (weak)")), ("2", "2"), ("3", "3"), ("4", "4"), ("5", _("5 (strong)")))


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Your score"), choices=SCORES, coerce=int,
                                   widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note for the other reviewers"), required=False,
                           max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=(
        (TeamApplication.Status.SELECTED, TeamApplication.Status.SELECTED.label),
        (TeamApplication.Status.WAITLISTED, TeamApplication.Status.WAITLISTED.label),
        (TeamApplication.Status.DECLINED, TeamApplication.Status.DECLINED.label),
        (TeamApplication.Status.SUBMITTED, _("Undecided")),
    ))


# --- the interest list -----------------------------------------------------------------------


class InterestForm(forms.Form):
    affiliate = forms.ModelChoiceField(label=_("Tell me about the course of"), queryset=None,
                                       empty_label=None)
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"))
    local = forms.ModelChoiceField(label=_("Your local"), queryset=None, required=False,
                                   empty_label=_("(none, or not listed)"))
    note = forms.CharField(
        label=_("Anything we should know"), required=False, max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: when your local could be ready."))

    def __init__(self, *args, associations, locals_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affiliate"].queryset = associations
        self.fields["local"].queryset = locals_
