"""Forms of the course pages. They parse; the actions check and save."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.mentoring.models import Activity, WebinarAttendance

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Markdown: **bold**, *italic*, lists, links."))
    releases_on = forms.DateField(label=_("Opens on"), widget=DATE,
                                  help_text=_("Teams see the activities from this day, in the "
                                              "course's time zone, and are emailed that day."))


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    instructions = forms.CharField(label=_("Instructions"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 8}),
                                   help_text=_("Markdown: **bold**, *italic*, lists, links."))
    position = forms.IntegerField(label=_("Order in the module"), required=False, min_value=0,
                                  max_value=999,
                                  help_text=_("Lower numbers come first; empty: last."))
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    starts_at = forms.DateTimeField(label=_("Webinar starts"), required=False, widget=DATETIME,
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    minutes = forms.IntegerField(label=_("Length in minutes"), required=False, min_value=5,
                                 max_value=480)
    join_url = forms.URLField(label=_("Link to join"), required=False, max_length=500,
                              assume_scheme="https")
    recording_url = forms.URLField(label=_("Recording"), required=False, max_length=500,
                                   assume_scheme="https",
                                   help_text=_("Add the link once the recording is ready."))

    def __init__(self, *args, zone_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if zone_name:
            self.fields["starts_at"].help_text = _(
                "In the course's time zone (%(zone)s).") % {"zone": zone_name}


class SelfStudyForm(forms.Form):
    reflection = forms.CharField(
        label=_("Your reflection (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines on what you take from it. Your facilitators read it."))


class TeamWorkForm(forms.Form):
    text = forms.CharField(label=_("Write or change the text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Anyone on your team can edit this text; the last one "
                                       "saved is kept. Markdown works."))
    # When the text the writer started from was saved (exactly: ISO 8601 with microseconds).
    seen = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def clean_seen(self):
        try:
            value = dt.datetime.fromisoformat(self.cleaned_data["seen"])
        except (TypeError, ValueError):
            return None
        return value if value.tzinfo is not None else None


class FileForm(forms.Form):
    file = forms.FileField(label=_("Add a file"),
                           help_text=_("PDF, image, Word or OpenDocument, or plain text."))


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 8}),
                               help_text=_("Markdown. The team is emailed when you save it."))


ATTENDANCE_CHOICES = [("", _("Not marked")), *WebinarAttendance.Status.choices]


class AttendanceForm(forms.Form):
    """One select per member of every selected team, named p<person id>."""

    def __init__(self, *args, teams=(), marks=None, **kwargs):
        super().__init__(*args, **kwargs)
        marks = marks or {}
        self.groups = []
        for team in teams:
            names = []
            for member in team.team_members.all():
                name = f"p{member.person_id}"
                self.fields[name] = forms.ChoiceField(
                    label=member.person.display_name, choices=ATTENDANCE_CHOICES,
                    required=False, initial=marks.get(member.person_id, ""))
                names.append(name)
            self.groups.append((team, names))

    def grouped(self):
        return [(team, [self[name] for name in names]) for team, names in self.groups]

    def marks(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}
