"""Events: who is invited, RSVPs with a wait list, check-in at the door, private calendar
feeds. Everything about a worker points at their Person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import Affiliate, JobFamily, Worksite


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone in the bargaining unit")
        MEMBERS = "members", _("Members")
        WORKSITES = "worksites", _("People at some worksites")
        JOB_FAMILIES = "job_families", _("People in some job families")
        ROLES = "roles", _("People with a role (reps, stewards, officers…)")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (Markdown)"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    audience = models.CharField(_("who is invited"), max_length=12, choices=Audience.choices,
                                default=Audience.EVERYONE)
    worksites = models.ManyToManyField(Worksite, blank=True, related_name="+")
    job_families = models.ManyToManyField(JobFamily, blank=True, related_name="+")
    roles = models.JSONField(default=list, blank=True)  # core.models.Role values
    # None: no limit. Past it, a "yes" joins the wait list, which moves up by itself.
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    # The code shown at the door for members to check themselves in.
    door_code = models.CharField(max_length=12, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local", "starts_at", "id"]
        indexes = [models.Index(fields=["local", "status", "starts_at"], name="event_local")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="event_times"),
        ]

    def __str__(self):
        return self.title


class RSVP(models.Model):
    """A person's answer. A "yes" past the capacity waits in line (`waitlisted`, in order of
    `answered_at`); when a place frees up the first in line gets it and is told."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        MAYBE = "maybe", _("Maybe")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="rsvps")
    answer = models.CharField(max_length=5, choices=Answer.choices)
    waitlisted = models.BooleanField(default=False)
    answered_at = models.DateTimeField()
    # Where the answer came from: the page, the link in an email, or a steward.
    via = models.CharField(max_length=10, default="page")

    class Meta:
        ordering = ["event", "answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="rsvp_once"),
            models.CheckConstraint(condition=models.Q(waitlisted=False) | models.Q(answer="yes"),
                                   name="rsvp_waitlist_is_yes"),
        ]
        indexes = [models.Index(fields=["event", "answer", "waitlisted", "answered_at"],
                                name="rsvp_line")]

    def __str__(self):
        return f"{self.person_id} {self.answer}"


class CheckIn(models.Model):
    """Attendance, kept on the person's record."""

    class How(models.TextChoices):
        CODE = "code", _("Their code, at the door")
        MARKED = "marked", _("Marked by a steward or officer")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="check_ins")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE,
                               related_name="check_ins")
    at = models.DateTimeField(auto_now_add=True)
    how = models.CharField(max_length=6, choices=How.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")

    class Meta:
        ordering = ["event", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="check_in_once"),
        ]

    def __str__(self):
        return f"{self.person_id} at {self.event_id}"


class PersonalFeed(models.Model):
    """A person's private calendar address for the events they are invited to. Only a hash of
    the token is kept; a new address or revoking it kills the old one."""

    person = models.OneToOneField("members.Person", on_delete=models.CASCADE,
                                  related_name="event_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Feed of {self.person_id}"
