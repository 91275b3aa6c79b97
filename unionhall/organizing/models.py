from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import Affiliate, Worksite
from unionhall.members.models import Person

DEFAULT_SCALE = [
    {"value": 1, "label": "Union leader", "color": "#13612e"},
    {"value": 2, "label": "Supporter", "color": "#4c9a2a"},
    {"value": 3, "label": "Undecided", "color": "#b8860b"},
    {"value": 4, "label": "Leaning against", "color": "#c05621"},
    {"value": 5, "label": "Opposed", "color": "#9b1c1c"},
]
DEFAULT_ISSUES = ["Staffing", "Pay", "Safety", "Training", "Respect", "Workload", "Benefits"]


def default_scale():
    return [dict(level) for level in DEFAULT_SCALE]


def default_issues():
    return list(DEFAULT_ISSUES)


class OrganizingSettings(models.Model):
    """A local's organizing choices: its goal, its rep ratio, its assessment scale and issues."""

    local = models.OneToOneField(Affiliate, on_delete=models.CASCADE,
                                 related_name="organizing_settings")
    density_goal = models.PositiveSmallIntegerField(_("density goal (%)"), default=70)
    rep_ratio = models.PositiveSmallIntegerField(_("people per building rep, at most"),
                                                 default=25)
    scale = models.JSONField(_("assessment scale"), default=default_scale)
    issues = models.JSONField(_("issues people raise"), default=default_issues)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(density_goal__lte=100),
                                   name="organizing_goal_percent"),
        ]

    def __str__(self):
        return f"Organizing settings of {self.local}"


class WorksiteGoal(models.Model):
    worksite = models.OneToOneField(Worksite, on_delete=models.CASCADE, related_name="goal")
    density_goal = models.PositiveSmallIntegerField(_("density goal (%)"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(density_goal__lte=100),
                                   name="worksite_goal_percent"),
        ]

    def __str__(self):
        return f"{self.worksite}: {self.density_goal}%"


class Contact(models.Model):
    """Where organizing stands with a person: who owns the relationship, what comes next."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="organizing")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("owner"))
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("due"), null=True, blank=True)
    follow_up = models.BooleanField(_("needs follow-up"), default=False)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    last_contact_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+")
    assessment = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self):
        return f"Organizing: {self.person}"


class Conversation(models.Model):
    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        TEXT = "text", _("Text")
        VIDEO = "video", _("Video")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conversations")
    on = models.DateField(_("date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           related_name="+")
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    issues = models.JSONField(_("issues raised"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["local", "person", "-on"], name="conversation_person")]

    def __str__(self):
        return f"{self.person} {self.on} ({self.channel})"


class Assessment(models.Model):
    """One rating on the local's scale; the newest is the person's current assessment."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    value = models.PositiveSmallIntegerField(_("assessment"))
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.person}: {self.value}"


class Referral(models.Model):
    """A member's invitation to a coworker, kept so the organizer sees it when they join."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="+")
    referrer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    token = models.CharField(max_length=32, unique=True)
    invitee_name = models.CharField(_("coworker's name"), max_length=200, blank=True)
    invitee_email = models.EmailField(_("coworker's email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    joined = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="referred_by")
    application = models.ForeignKey("members.Application", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Referral by {self.referrer}"
