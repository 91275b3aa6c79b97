"""Forms of the session pages. They parse what was typed; the actions decide."""

import re
from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhall.bargaining import session_queries
from unionhall.bargaining.actions.sessions import MAX_BYTES
from unionhall.bargaining.models import Side

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TRANSCRIPT_FILE_TYPES = (".txt", ".vtt", ".srt")
FORMAT_CHOICES = [
    ("auto", _("Find out from the text")),
    ("plain", _("Typed text (a time, the speaker's name, what was said)")),
    ("vtt", _("WebVTT captions (.vtt)")),
    ("srt", _("SRT subtitles (.srt)")),
]
_LENGTH = re.compile(r"(?:(\d+):)?(\d{1,3}):([0-5]\d)")


def seconds_to_length(seconds) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Start time"), required=False, widget=TIME)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Optional, e.g. “Session 4: staffing and training”."))
    place = forms.CharField(label=_("Place"), max_length=200, required=False,
                            help_text=_("Where the session was held, e.g. “District office, "
                                        "board room”."))
    remote = forms.BooleanField(label=_("Held remotely (video call)"), required=False)
    video_url = forms.URLField(label=_("Video link"), max_length=500, required=False,
                               assume_scheme="https",
                               help_text=_("The recording, e.g. a YouTube link. Each line of "
                                           "the transcript will link to its moment."))
    video_length = forms.CharField(
        label=_("Length of the video"), required=False, max_length=12,
        help_text=_("As H:MM:SS or MM:SS, e.g. 2:14:30. Optional: when given, a transcript "
                    "time later than the video is reported."))
    agenda = forms.CharField(label=_("Agenda"), required=False,
                             widget=forms.Textarea(attrs={"rows": 5}))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("The team's notes. Members see them only if the "
                                        "box below is ticked and the session is published."))
    notes_published = forms.BooleanField(label=_("Publish the notes to members"),
                                         required=False)

    def clean_video_length(self):
        text = self.cleaned_data["video_length"].strip()
        if not text:
            return None
        m = _LENGTH.fullmatch(text)
        if not m:
            raise forms.ValidationError(_("Write the length as H:MM:SS or MM:SS, e.g. "
                                          "1:32:05."))
        hours, minutes, seconds = (int(g or 0) for g in m.groups())
        total = hours * 3600 + minutes * 60 + seconds
        if total <= 0:
            raise forms.ValidationError(_("The length must be more than zero."))
        return total

    def action_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["video_seconds"] = data.pop("video_length")
        return data

    @staticmethod
    def initial_for(session) -> dict:
        initial = {f: getattr(session, f) for f in (
            "held_on", "starts_at", "title", "place", "remote", "video_url", "agenda", "notes",
            "notes_published")}
        initial["video_length"] = seconds_to_length(session.video_seconds)
        return initial


class PublishForm(forms.Form):
    published = forms.TypedChoiceField(
        choices=[("1", _("Publish")), ("0", _("Unpublish"))], coerce=lambda v: v == "1")


class AttendeeForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices, initial=Side.UNION)
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role or title"), max_length=200, required=False)
    employee_id = forms.CharField(
        label=_("Employee id"), max_length=40, required=False,
        help_text=_("Optional, for someone in the bargaining unit: links them to the "
                    "roster."))
    # The person the attendee is linked to already (not shown: an employee id is private).
    linked = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unlink = forms.BooleanField(label=_("Remove the link to the roster"), required=False)

    def __init__(self, *args, local, people: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.local = local
        self.people = people
        self.person_shown = people.get(self.initial.get("linked"))

    def clean(self):
        data = super().clean()
        employee_id = (data.get("employee_id") or "").strip()
        data["person"] = None
        if employee_id:
            person = session_queries.person_by_employee_id(self.local, employee_id)
            if person is None:
                self.add_error("employee_id", _("No one in this local's bargaining unit has "
                                                "that employee id."))
            data["person"] = person
        elif data.get("linked") and not data.get("unlink"):
            # Only a link the session already had: a made-up number links nobody.
            data["person"] = self.people.get(data["linked"])
        return data


class BaseAttendeeFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple]:
        """(side, name, role, person_id) for the rows kept: not deleted, with a name."""
        out = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("name"):
                continue
            person = data.get("person")
            out.append((data["side"], data["name"], data.get("role", ""),
                        person.pk if person else None))
        return out


AttendeeFormSet = forms.formset_factory(AttendeeForm, formset=BaseAttendeeFormSet, extra=4,
                                        can_delete=True, max_num=200, validate_max=True)


class TranscriptForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the transcript"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}))
    file = forms.FileField(
        label=_("Or upload a file"), required=False,
        help_text=_("A .txt, .vtt or .srt file in UTF-8, up to 5 MB. For a long transcript, "
                    "upload the file rather than pasting it."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(TRANSCRIPT_FILE_TYPES)}))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if PurePath(upload.name).suffix.lower() not in TRANSCRIPT_FILE_TYPES:
            raise forms.ValidationError(_("Upload a .txt, .vtt or .srt file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text: save it as UTF-8 "
                                          "(“Unicode”) and upload it again.")) from None

    def clean(self):
        data = super().clean()
        if data.get("file"):
            data["text"] = data["file"]
        elif not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Paste the transcript or choose a file."))
        return data


class SpeakersForm(forms.Form):
    """One choice of attendee per speaker label, keyed by the label's place in the list; a
    hidden copy of each label catches a transcript re-imported meanwhile."""

    def __init__(self, *args, labels, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels
        choices = [("", _("— nobody on the list —"))] + [
            (str(a.pk), f"{a.name} ({a.get_side_display()})") for a in attendees]
        self.attendees = {str(a.pk): a for a in attendees}
        for i, entry in enumerate(labels):
            self.fields[f"who_{i}"] = forms.ChoiceField(
                label=entry["label"], choices=choices, required=False,
                initial=str(entry["attendee_id"] or ""))
            self.fields[f"label_{i}"] = forms.CharField(widget=forms.HiddenInput,
                                                        initial=entry["label"], strip=False)
            self.fields[f"who_{i}"].count = entry["count"]

    def rows(self):
        """(label entry, its choice field) for the template."""
        return [(entry, self[f"who_{i}"], self[f"label_{i}"])
                for i, entry in enumerate(self.labels)]

    def clean(self):
        data = super().clean()
        for i, entry in enumerate(self.labels):
            if data.get(f"label_{i}") != entry["label"]:
                raise forms.ValidationError(_("The transcript changed since this page was "
                                              "opened: look at the speakers again."))
        return data

    def mapping(self) -> dict:
        """{label: attendee or None} for the labels whose choice was changed."""
        return {entry["label"]: self.attendees.get(self.cleaned_data[f"who_{i}"])
                for i, entry in enumerate(self.labels) if f"who_{i}" in self.changed_data}
