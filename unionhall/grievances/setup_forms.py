"""Forms of the pages that set up the grievance procedure and the district calendar."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionhall.grievances import closures
from unionhall.grievances.models import CalendarDay, DayKind, StartEvent

MAX_STEPS = 20
MAX_UPLOAD = 1024 * 1024  # a district calendar is a few kilobytes
DATE = {"type": "date"}
NUMBER = {"inputmode": "numeric"}


def _date(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


# --- The procedure ---------------------------------------------------------------------------


class StepForm(forms.Form):
    """One step. A step left without a name is dropped, so blank rows may stay blank."""

    name = forms.CharField(label=_("Name of the step"), max_length=100, required=False,
                           help_text=_("For example: Step 1 – immediate supervisor. Leave it "
                                       "empty to drop the row."))
    days = forms.IntegerField(label=_("Time limit (days)"), min_value=1, max_value=999,
                              required=False, widget=forms.NumberInput(attrs=NUMBER))
    kind = forms.ChoiceField(label=_("Kind of days"), required=False,
                             choices=[("", _("Choose…")), *DayKind.choices])
    starts_from = forms.ChoiceField(label=_("Counted from"), required=False,
                                    choices=[("", _("Choose…")), *StartEvent.choices])
    article = forms.CharField(label=_("Contract section"), max_length=50, required=False,
                              help_text=_("Optional, for example 12.3"))

    def clean(self):
        data = super().clean()
        data["name"] = (data.get("name") or "").strip()
        if not data["name"]:
            return data
        if not data.get("days") and "days" not in self.errors:
            self.add_error("days", _("Enter the number of days the contract allows."))
        if not data.get("kind"):
            self.add_error("kind", _("Choose calendar, working or school days."))
        if not data.get("starts_from"):
            self.add_error("starts_from", _("Choose what the time limit runs from."))
        return data


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[forms.formsets.ORDERING_FIELD_NAME].label = _("Position")
        form.fields[forms.formsets.ORDERING_FIELD_NAME].widget.attrs.update(NUMBER)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Remove this step")

    def rules(self) -> list[dict]:
        """The steps to keep, in the order asked for (ties keep the page's order)."""
        return [{key: form.cleaned_data[key] for key in
                 ("name", "days", "kind", "starts_from", "article")}
                for form in self.ordered_forms if form.cleaned_data.get("name")]


StepFormSet = forms.formset_factory(StepForm, formset=BaseStepFormSet, extra=2,
                                    can_order=True, can_delete=True, can_delete_extra=False,
                                    max_num=MAX_STEPS,
                                    validate_max=True)


# --- The district calendar -------------------------------------------------------------------


class SchoolYearForm(forms.Form):
    name = forms.CharField(label=_("Name of the school year"), max_length=20,
                           help_text=_("For example 2026–27. Enter an existing year's name "
                                       "to change its dates."))
    starts = _date(_("First day"))
    ends = _date(_("Last day"))

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The last day comes after the first day."))
        return data


class CalendarDayForm(forms.Form):
    first = _date(_("Day"), help_text=_("Or the first day of a break."))
    last = _date(_("Last day of a break"), required=False,
                 help_text=_("Optional. Every Monday to Friday from the first day to this one "
                             "is set; weekends are skipped."))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices,
                             initial=CalendarDay.Kind.CLOSED)
    label = forms.CharField(label=_("Label"), max_length=100, required=False,
                            help_text=_("For example: Winter break"))

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and last < first:
            self.add_error("last", _("The last day comes on or after the first day."))
        return data


class RemoveDayForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)


def import_error_text(exc: closures.CalendarImportError) -> str:
    """Where in the file and what: "Row 4, column date: '2026-13-01' is not a date"."""
    place = []
    if exc.line is not None:
        place.append(gettext("Row %(n)s") % {"n": exc.line} if exc.unit == "row"
                     else gettext("Line %(n)s") % {"n": exc.line})
    if exc.column:
        place.append(gettext("column %(name)s") % {"name": exc.column})
    if not place:
        return exc.detail
    return gettext("%(place)s: %(detail)s") % {"place": ", ".join(place), "detail": exc.detail}


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label=_("Calendar file (.ics or .csv)"),
        help_text=_("An iCalendar export of the district calendar, or a CSV with a header row: "
                    "date (or start and end), kind (closed or no school) and label."),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,.csv,text/calendar,text/csv"}))
    replace = forms.BooleanField(label=_("Replace the days already there"), required=False,
                                 help_text=_("Otherwise the file's days are added, and change "
                                             "only the days it lists."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(
                _("The file is %(size)s; a calendar file may be at most %(max)s."),
                params={"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD)})
        data = upload.read()
        try:
            found = closures.parse(data, upload.name or "")
        except closures.CalendarImportError as exc:
            raise ValidationError(
                _("Nothing was imported. %(problem)s"),
                params={"problem": import_error_text(exc)}) from None
        if not found:
            raise ValidationError(_("The file lists no days; nothing was imported."))
        self.cleaned_data["closures"] = found
        return upload
