"""Grievances: the local's procedure (steps and their time limits), its district calendar, and
cases with their steps, extensions and append-only timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import Affiliate


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("Calendar days")
    WORKING = "working", _("Working days")
    SCHOOL = "school", _("School days")


class StartEvent(models.TextChoices):
    INCIDENT = "incident", _("the incident")
    KNOWLEDGE = "knowledge", _("when the grievant learned of it")
    FILING = "filing", _("the filing of the grievance")
    ANSWER = "answer", _("the employer's answer at the previous step")


class StepRule(models.Model):
    """One step of the local's grievance procedure, as its contract writes it: the union must
    file (or appeal to) this step within `days` days of `kind`, counted from `starts_from`."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="step_rules")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("step"), max_length=100)
    days = models.PositiveSmallIntegerField(_("time limit (days)"))
    kind = models.CharField(_("kind of days"), max_length=8, choices=DayKind.choices)
    starts_from = models.CharField(_("counted from"), max_length=10, choices=StartEvent.choices)
    article = models.CharField(_("contract section"), max_length=50, blank=True)

    class Meta:
        ordering = ["local", "position"]
        constraints = [
            models.UniqueConstraint(fields=["local", "position"], name="step_rule_position"),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="step_rule_days"),
            models.CheckConstraint(condition=models.Q(kind__in=DayKind.values),
                                   name="step_rule_kind"),
        ]

    def __str__(self):
        return self.name


class SchoolYear(models.Model):
    """The district calendar of one school year: the days it is closed and the days without
    school. Every other Monday to Friday from `starts` to `ends` is a school day."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="school_years")
    name = models.CharField(_("school year"), max_length=20)
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))

    class Meta:
        ordering = ["local", "starts"]
        constraints = [
            models.UniqueConstraint(fields=["local", "name"], name="school_year_name"),
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")),
                                   name="school_year_order"),
        ]

    def __str__(self):
        return self.name


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        CLOSED = "closed", _("District closed")
        NO_SCHOOL = "no_school", _("No school (staff may work)")

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=9, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "day"], name="calendar_day_once"),
        ]

    def __str__(self):
        return f"{self.day} {self.label}"
