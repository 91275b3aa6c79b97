from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import Affiliate, JobClass, Worksite


class Person(models.Model):
    """Everyone in the bargaining unit, member or not. A user account is only how one signs in."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="persons")
    employee_id = models.CharField(_("employee id"), max_length=40, null=True, blank=True)
    legal_first_name = models.CharField(_("legal first name"), max_length=100)
    legal_last_name = models.CharField(_("legal last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    personal_email = models.EmailField(_("personal email"), blank=True)
    mobile_phone = models.CharField(_("mobile phone"), max_length=30, blank=True)
    street = models.CharField(_("home street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=50, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    worksite = models.ForeignKey(
        Worksite, on_delete=models.SET_NULL, null=True, blank=True, related_name="persons"
    )
    job_class = models.ForeignKey(
        JobClass, on_delete=models.SET_NULL, null=True, blank=True, related_name="persons"
    )
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=3, default=1)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    in_unit = models.BooleanField(_("in the bargaining unit"), default=True)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local", "employee_id"],
                condition=models.Q(employee_id__isnull=False),
                name="person_unique_employee_id",
            ),
            models.CheckConstraint(
                condition=models.Q(fte__gte=0, fte__lte=1), name="person_fte_range"
            ),
        ]
        indexes = [
            models.Index(fields=["local", "legal_last_name", "legal_first_name"],
                         name="person_local_name"),
            # A building rep's list: their worksite's people in name order.
            models.Index(fields=["local", "worksite", "legal_last_name", "legal_first_name"],
                         name="person_local_site_name"),
            # Covers the counts by unit, job class and membership that dashboards run.
            models.Index(fields=["local", "in_unit", "job_class"], name="person_local_unit_job"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def first_name(self) -> str:
        return self.preferred_name or self.legal_first_name

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.legal_last_name}"


class MembershipStatus(models.TextChoices):
    NON_MEMBER = "non_member", _("Non-member")
    PENDING = "pending", _("Pending")
    MEMBER = "member", _("Member")
    LAPSED = "lapsed", _("Lapsed")
    RESIGNED = "resigned", _("Resigned")


class Membership(models.Model):
    """A person's current membership; every change is kept in MembershipChange."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="membership")
    status = models.CharField(
        _("status"), max_length=12, choices=MembershipStatus.choices,
        default=MembershipStatus.NON_MEMBER,
    )
    since = models.DateField(_("since"))

    class Meta:
        indexes = [models.Index(fields=["status"], name="membership_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MembershipStatus.values), name="membership_status_ok"
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class MembershipChange(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="membership_changes")
    from_status = models.CharField(max_length=12, choices=MembershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=MembershipStatus.choices)
    effective = models.DateField(_("effective"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-effective", "-id"]

    def __str__(self):
        return f"{self.person_id}: {self.from_status or '-'} → {self.to_status} ({self.effective})"
