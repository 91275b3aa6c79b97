"""Grievances: the local's procedure (steps and their time limits), its district calendar, and
cases with their steps, extensions and append-only timeline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class Grievance(models.Model):
    """A case: who grieves, what happened, which sections of the contract it says were violated,
    and where it stands. Seen only by the grievants, its stewards, the grievance chair and the
    officers (see queries.cases_for)."""

    class GrievantKind(models.TextChoices):
        PERSON = "person", _("One person")
        GROUP = "group", _("A group of workers")
        UNION = "union", _("The union (class grievance)")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("grievance", "Open")
        CLOSED = "closed", pgettext_lazy("grievance", "Closed")

    class Outcome(models.TextChoices):
        SETTLED = "settled", _("Settled")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DENIED = "denied", _("Denied")
        WON = "won_arbitration", _("Won at arbitration")
        LOST = "lost_arbitration", _("Lost at arbitration")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="grievances")
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("case title"), max_length=200)
    grievant_kind = models.CharField(_("grievant"), max_length=6, choices=GrievantKind.choices)
    grievants = models.ManyToManyField("members.Person", blank=True, related_name="grievances")
    group_name = models.CharField(_("group"), max_length=200, blank=True)
    worksite = models.ForeignKey("core.Worksite", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="grievances")
    job_family = models.ForeignKey("core.JobFamily", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="grievances")
    # Contract citations as written ("12.3", "Article 7"); linked to the text when loaded.
    articles = models.JSONField(_("contract sections"), default=list, blank=True)
    what_happened = models.TextField(_("what happened"))
    remedy_sought = models.TextField(_("remedy sought"))
    stewards = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                      related_name="grievance_cases")
    incident_on = models.DateField(_("date of the incident"))
    learned_on = models.DateField(_("date the grievant learned of it"), null=True, blank=True)
    filed_on = models.DateField(_("date filed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices,
                              default=Status.OPEN)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices,
                               blank=True)
    remedy_obtained = models.TextField(_("remedy obtained"), blank=True)
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["local", "number"], name="grievance_number"),
            models.CheckConstraint(
                condition=(models.Q(status="open", outcome="", closed_on__isnull=True)
                           | models.Q(status="closed", closed_on__isnull=False)
                           & ~models.Q(outcome="")),
                name="grievance_closed_has_outcome"),
            models.CheckConstraint(
                condition=models.Q(learned_on__isnull=True)
                | models.Q(learned_on__gte=models.F("incident_on")),
                name="grievance_learned_after_incident"),
        ]

    def __str__(self):
        # Audit entries carry this; the number alone names the case without naming anyone.
        return self.number


class CaseStep(models.Model):
    """What happened at one step of a case: when the union filed (or appealed) and when the
    employer answered."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    filed_on = models.DateField(_("filed or appealed on"), null=True, blank=True)
    answered_on = models.DateField(_("employer answered on"), null=True, blank=True)
    answer = models.TextField(_("the employer's answer"), blank=True)

    class Meta:
        ordering = ["grievance", "position"]
        constraints = [
            models.UniqueConstraint(fields=["grievance", "position"], name="case_step_once"),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(filed_on__isnull=False, answered_on__gte=models.F("filed_on")),
                name="case_step_answer_after_filing"),
        ]

    def __str__(self):
        return f"{self.grievance_id} step {self.position}"


class Extension(models.Model):
    """A new due date for one step, agreed by both sides. The latest one counts."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE,
                                  related_name="extensions")
    position = models.PositiveSmallIntegerField()
    new_due = models.DateField(_("new due date"))
    agreed_on = models.DateField(_("agreed on"))
    agreed_with = models.CharField(_("agreed with"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grievance", "position", "id"]

    def __str__(self):
        return f"step {self.position} to {self.new_due}"


class AppendOnly(models.Model):
    """Written once: a timeline is evidence, so nothing in it is edited or deleted (except
    with the whole case)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("This record cannot be changed.")
        super().save(*args, **kwargs)


class TimelineEntry(AppendOnly):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        EVENT = "event", _("Event")

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    author_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    # A note's text; an event's code, shown in the reader's language with `params` (events.py).
    text = models.TextField()
    params = models.JSONField(default=dict, blank=True)
    # Notes are for the stewards and the chair unless shared; events are always shared.
    shared = models.BooleanField(_("shared with the grievant"), default=False)

    class Meta:
        ordering = ["grievance", "at", "id"]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d}"


class Document(AppendOnly):
    """A file attached to a case. The bytes live in GRIEVANCE_FILES_ROOT (outside the web
    root) under a random name; only the case's page serves them."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=80, unique=True)
    shared = models.BooleanField(_("shared with the grievant"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grievance", "uploaded_at", "id"]

    def __str__(self):
        return self.name


class Reminder(models.Model):
    """One reminder of one step's due date: three working days before, one, or on the day.
    The row is written with its task in one transaction, and only once (the constraint), so a
    reminder is neither lost nor sent twice; a new due date (an extension) gets its own."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="reminders")
    position = models.PositiveSmallIntegerField()
    days_before = models.PositiveSmallIntegerField()  # 3, 1 or 0 working days
    due_on = models.DateField()
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A reminder whose day passed while a later one was due is recorded, not sent.
    skipped = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grievance", "position", "days_before", "due_on"],
                                    name="reminder_once"),
        ]

    def __str__(self):
        return f"step {self.position}, {self.days_before} days before {self.due_on}"


class CalendarFeed(models.Model):
    """A steward's private iCalendar address for their deadlines; revoking deletes it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="grievance_feeds")
    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "local"], name="calendar_feed_one"),
        ]

    def __str__(self):
        return f"feed of user {self.user_id}"
