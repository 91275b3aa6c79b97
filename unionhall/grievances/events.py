"""The timeline's events, told in the reader's language: an entry stores a code and its
details, so a grievant reading in Spanish sees a step filed by an English-speaking steward
in Spanish."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EVENTS = {
    "opened": _("Case opened."),
    "updated": _("Details changed: %(fields)s."),
    "stewards": _("Stewards: %(names)s."),
    "filed": _("%(step)s filed on %(day)s."),
    "answered": _("Employer's answer at %(step)s on %(day)s."),
    "extended": _("%(step)s extended to %(day)s, agreed with %(who)s on %(agreed)s."),
    "document": _("File added: %(name)s."),
    "closed": _("Closed: %(outcome)s."),
    "reopened": _("Reopened (was: %(outcome)s)."),
}
DATES = ("day", "agreed")


def describe(entry) -> str:
    """The text of a timeline entry: a note as written, an event in the active language."""
    if entry.kind == "note":
        return entry.text
    from unionhall.grievances.models import Grievance

    params = dict(entry.params)
    for key in DATES:
        if key in params:
            params[key] = date_format(dt.date.fromisoformat(params[key]), "DATE_FORMAT")
    if "outcome" in params:
        params["outcome"] = dict(Grievance.Outcome.choices).get(params["outcome"],
                                                               params["outcome"] or "—")
    if "fields" in params:
        params["fields"] = ", ".join(
            str(Grievance._meta.get_field(f).verbose_name) if f != "grievants"
            else str(_("grievants")) for f in params["fields"].split(",") if f)
    template = EVENTS.get(entry.text)
    return str(template) % params if template is not None else entry.text


def rule_text(rule) -> str:
    """"10 working days from the employer's answer at the previous step"."""
    from django.utils.translation import ngettext

    from unionhall.grievances.models import StartEvent

    limit = {
        "calendar": ngettext("%(n)s calendar day", "%(n)s calendar days", rule.days),
        "working": ngettext("%(n)s working day", "%(n)s working days", rule.days),
        "school": ngettext("%(n)s school day", "%(n)s school days", rule.days),
    }[rule.kind] % {"n": rule.days}
    return str(_("%(limit)s from %(event)s")) % {
        "limit": limit, "event": dict(StartEvent.choices)[rule.starts_from]}


def breaks(due, labels) -> list[tuple]:
    """The closures and days without school a due date was counted over, with their names:
    [(first, last, "Winter break"), …]."""
    out = []
    for first, last in [*due.closed, *due.no_school]:
        names = []
        day = first
        while day <= last:
            if labels.get(day) and labels[day] not in names:
                names.append(labels[day])
            day += dt.timedelta(days=1)
        out.append((first, last, ", ".join(names)))
    return sorted(out)
