"""Email to members: a message, its translations, who it went to and what became of each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import Affiliate
from unionhall.members.models import Topic


class Message(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="messages")
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message (Markdown)"))
    language = models.CharField(_("written in"), max_length=8, choices=settings.LANGUAGES,
                                default="en")
    # Who it goes to: {"worksites": [ids], "job_families": [ids], "statuses": [membership
    # statuses], "languages": [codes], "roles": [role values]}; an empty list means any.
    audience = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["local", "-created_at", "-id"]
        indexes = [models.Index(fields=["local", "status", "-created_at"], name="message_local")]

    def __str__(self):
        return self.subject


class Translation(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message (Markdown)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "language"], name="translation_once"),
        ]

    def __str__(self):
        return f"{self.message_id} ({self.language})"


class Delivery(models.Model):
    """One person's copy. A row is claimed (`sending`) and committed before the email goes
    out, and marked `sent` after: a worker killed between the two leaves it `sending`, which
    is never sent again (reported as uncertain) rather than risk a second copy."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent (or uncertain, if this lasts)")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NO_EMAIL = "no_email", _("No email address")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE,
                               related_name="deliveries")
    address = models.EmailField(blank=True)
    language = models.CharField(max_length=8)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["message", "id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="delivery_once"),
        ]
        indexes = [models.Index(fields=["message", "status", "id"], name="delivery_queue")]

    def __str__(self):
        return f"{self.message_id} → {self.person_id}: {self.status}"
