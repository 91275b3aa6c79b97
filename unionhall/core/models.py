from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Affiliate(models.Model):
    """A national association, a state association or a local, in one tree."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National association")
        STATE = "state", _("State association")
        LOCAL = "local", _("Local")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    reps_see_home_addresses = models.BooleanField(
        _("building reps and stewards see the home addresses of their worksites' people"),
        default=False,
    )
    state_sees_organizing = models.BooleanField(
        _("state staff see assessments and conversation notes"), default=False,
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["national", "state", "local"]), name="affiliate_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="national", parent__isnull=True)
                | models.Q(kind__in=["state", "local"], parent__isnull=False),
                name="affiliate_parent_by_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.time_zone not in available_timezones():
            raise ValidationError({"time_zone": _("Unknown time zone.")})
        expected = {"national": None, "state": "national", "local": "state"}[self.kind]
        if (self.parent.kind if self.parent else None) != expected:
            raise ValidationError({"parent": _("A %(kind)s belongs to a %(parent)s.") % {
                "kind": self.get_kind_display(), "parent": expected or "-"}})

    def today(self):
        """Today's date where the local is (deadlines and due dates are counted in it)."""
        from zoneinfo import ZoneInfo

        from django.utils import timezone

        return timezone.now().astimezone(ZoneInfo(self.time_zone)).date()

    def ancestor_ids(self) -> list[int]:
        """Ids of this affiliate and those above it (the tree is at most three deep)."""
        ids, node = [], self
        while node is not None:
            ids.append(node.pk)
            node = node.parent
        return ids


class Worksite(models.Model):
    class Kind(models.TextChoices):
        ELEMENTARY = "elementary", _("Elementary school")
        MIDDLE = "middle", _("Middle school")
        HIGH = "high", _("High school")
        K8 = "k8", _("K-8 school")
        ALTERNATIVE = "alternative", _("Alternative or special school")
        EARLY = "early", _("Early childhood center")
        TRANSPORTATION = "transportation", _("Transportation terminal")
        NUTRITION = "nutrition", _("Nutrition services")
        FACILITIES = "facilities", _("Facilities and maintenance")
        DISTRICT_OFFICE = "district_office", _("District office")
        OTHER = "other", _("Other")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="worksites")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    street = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=50, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local", "name"], name="worksite_unique_name"),
        ]

    def __str__(self):
        return self.name


class JobFamily(models.Model):
    """The nine NEA ESP career families; the same for every local."""

    class Code(models.TextChoices):
        CLERICAL = "clerical", _("Clerical Services")
        CUSTODIAL = "custodial", _("Custodial and Maintenance Services")
        FOOD = "food", _("Food Services")
        HEALTH = "health", _("Health and Student Services")
        PARAEDUCATORS = "paraeducators", _("Paraeducators")
        SECURITY = "security", _("Security Services")
        TRADES = "trades", _("Skilled Trades")
        TECHNICAL = "technical", _("Technical Services")
        TRANSPORTATION = "transportation", _("Transportation Services")

    code = models.CharField(max_length=20, choices=Code.choices, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = _("job families")

    def __str__(self):
        return str(self.get_code_display())


class JobClass(models.Model):
    """A district's own job title, under one of the families."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="job_classes")
    title = models.CharField(_("title"), max_length=200)
    family = models.ForeignKey(JobFamily, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["local", "title"], name="jobclass_unique_title"),
        ]

    def __str__(self):
        return self.title


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    BUILDING_REP = "building_rep", _("Building rep")
    STEWARD = "steward", _("Steward")
    GRIEVANCE_CHAIR = "grievance_chair", _("Grievance chair")
    OFFICER = "officer", _("Officer")
    BARGAINING_TEAM = "bargaining_team", _("Bargaining team")
    ELECTION_COMMITTEE = "election_committee", _("Election committee")
    MENTORING_COORDINATOR = "mentoring_coordinator", _("Mentoring coordinator")
    LOCAL_ADMIN = "local_admin", _("Local admin")
    STATE_STAFF = "state_staff", _("State staff")
    NATIONAL_STAFF = "national_staff", _("National staff")


class RoleAssignment(models.Model):
    """A role a user holds in an affiliate; building reps and stewards hold it for worksites."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    affiliate = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    worksites = models.ManyToManyField(Worksite, blank=True, related_name="role_assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "affiliate", "role"], name="roleassignment_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.affiliate}"


class AuditEntry(models.Model):
    """One write: who did what to which object, in the same transaction as the write."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    affiliate = models.ForeignKey(
        Affiliate, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    verb = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["affiliate", "-at"], name="audit_affiliate_at")]
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.object_repr}"

    @property
    def verb_label(self) -> str:
        from unionhall.core.audit import verb_label

        return verb_label(self.verb)
