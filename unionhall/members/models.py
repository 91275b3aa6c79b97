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
    left_unit_on = models.DateField(_("left the unit on"), null=True, blank=True)
    # Why staff should reach out, e.g. a member who is missing from the district's roster.
    follow_up = models.CharField(_("follow up"), max_length=200, blank=True)

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


class PersonChange(models.Model):
    """A change to a person's record (from a roster import, staff or the join form)."""

    class Source(models.TextChoices):
        IMPORT = "import", _("Roster import")
        STAFF = "staff", _("Staff")
        JOIN = "join", _("Membership form")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    roster_import = models.ForeignKey(
        "RosterImport", on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    changes = models.JSONField(default=dict)  # {field: [old, new]}

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.person_id} {self.source} {sorted(self.changes)}"


class RosterImport(models.Model):
    """One import of the district's HR roster, with its counts."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="roster_imports")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    partial = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.filename or 'roster'} ({self.at:%Y-%m-%d})"


class PossibleDuplicate(models.Model):
    """Two persons of a local that may be one: a close name at the same worksite, no shared id."""

    class Resolution(models.TextChoices):
        OPEN = "", _("Open")
        MERGED = "merged", _("Merged")
        DISTINCT = "distinct", _("Different people")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    found_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "candidate"], name="duplicate_pair_unique"),
        ]

    def __str__(self):
        return f"{self.person_id} ~ {self.candidate_id} ({self.score:.0f})"


class DuesPolicy(models.Model):
    """How a local collects dues: its membership year, pay periods, pro-rating and revocation."""

    class Proration(models.TextChoices):
        PAY_PERIODS = "pay_periods", _("By remaining pay periods")
        MONTHS = "months", _("By remaining months")
        NONE = "none", _("No pro-rating")

    local = models.OneToOneField(Affiliate, on_delete=models.CASCADE, related_name="dues_policy")
    year_start_month = models.PositiveSmallIntegerField(_("membership year starts (month)"),
                                                        default=9)
    year_start_day = models.PositiveSmallIntegerField(_("membership year starts (day)"), default=1)
    pay_periods = models.PositiveSmallIntegerField(_("pay periods a year"), default=24)
    proration = models.CharField(_("mid-year joins"), max_length=12, choices=Proration.choices,
                                 default=Proration.PAY_PERIODS)
    revocation_opens_days = models.PositiveSmallIntegerField(
        _("revocation window opens (days before the anniversary)"), default=25)
    revocation_closes_days = models.PositiveSmallIntegerField(
        _("revocation window closes (days before the anniversary)"), default=10)
    auto_approve_on_employee_id = models.BooleanField(
        _("approve applications that match the roster on employee id"), default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(year_start_month__gte=1,
                                                      year_start_month__lte=12),
                                   name="duespolicy_month"),
            models.CheckConstraint(condition=models.Q(year_start_day__gte=1,
                                                      year_start_day__lte=28),
                                   name="duespolicy_day"),
            models.CheckConstraint(condition=models.Q(pay_periods__gte=1, pay_periods__lte=53),
                                   name="duespolicy_pay_periods"),
            models.CheckConstraint(
                condition=models.Q(revocation_opens_days__gte=models.F("revocation_closes_days")),
                name="duespolicy_revocation_window"),
        ]

    def __str__(self):
        return f"{self.local}: {self.pay_periods} pay periods, {self.proration}"


class DuesRate(models.Model):
    """A yearly rate one affiliate level charges for an FTE band, effective for a period."""

    affiliate = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="dues_rates")
    category = models.CharField(_("category"), max_length=40)  # e.g. full_time, part_time
    label = models.CharField(_("label"), max_length=100)
    min_fte = models.DecimalField(_("from FTE"), max_digits=4, decimal_places=3, default=0)
    max_fte = models.DecimalField(_("to FTE"), max_digits=4, decimal_places=3, default=1)
    yearly_cents = models.PositiveIntegerField(_("yearly amount (cents)"))
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)

    class Meta:
        ordering = ["affiliate", "category", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(min_fte__gte=0, max_fte__lte=1,
                                                      min_fte__lte=models.F("max_fte")),
                                   name="duesrate_fte_band"),
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="duesrate_effective_order"),
        ]


    def __str__(self):
        return f"{self.affiliate} {self.label}: {self.yearly_cents / 100:.2f}"


class JoinPage(models.Model):
    """What membership gives, in the local's own words, shown on its public join page."""

    local = models.OneToOneField(Affiliate, on_delete=models.CASCADE, related_name="join_page")
    intro_en = models.TextField(_("why join (English)"), blank=True)
    intro_es = models.TextField(_("why join (Spanish)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Join page of {self.local}"

    def intro(self, language: str) -> str:
        return (self.intro_es if language == "es" else "") or self.intro_en


class TermsVersion(models.Model):
    """The membership terms and conditions, versioned; a signed card points at the version shown."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="terms_versions")
    version = models.PositiveIntegerField()
    text_en = models.TextField(_("terms (English)"))
    text_es = models.TextField(_("terms (Spanish)"), blank=True)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["local", "version"], name="terms_version_unique"),
        ]

    def __str__(self):
        return f"{self.local} terms v{self.version}"

    def text(self, language: str) -> str:
        return (self.text_es if language == "es" else "") or self.text_en


class Application(models.Model):
    """A signed membership form, waiting for staff (or approved automatically)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Match(models.TextChoices):
        EMPLOYEE_ID = "employee_id", _("Employee id")
        NAME = "name", _("Name and worksite (to confirm)")
        NEW = "new", _("New person")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(auto_now_add=True)
    legal_first_name = models.CharField(_("legal first name"), max_length=100)
    legal_last_name = models.CharField(_("legal last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    personal_email = models.EmailField(_("personal email"), blank=True)
    mobile_phone = models.CharField(_("mobile phone"), max_length=30, blank=True)
    street = models.CharField(_("home street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=50, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    language = models.CharField(_("preferred language"), max_length=8,
                                choices=settings.LANGUAGES, default="en")
    worksite = models.ForeignKey(Worksite, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("worksite"))
    job_class = models.ForeignKey(JobClass, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("job"))
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=3, default=1)
    employee_id = models.CharField(_("employee id"), max_length=40, blank=True)
    # The signature: what was typed, agreed to and shown, when and from where.
    typed_name = models.CharField(_("signature (typed full name)"), max_length=200)
    consent = models.BooleanField(_("consent"), default=False)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    terms = models.ForeignKey(TermsVersion, on_delete=models.RESTRICT, related_name="+")
    terms_language = models.CharField(max_length=8, default="en")
    terms_sha256 = models.CharField(max_length=64)
    # The dues authorization as quoted on the form.
    yearly_cents = models.PositiveIntegerField(default=0)
    first_year_cents = models.PositiveIntegerField(default=0)
    per_paycheck_cents = models.PositiveIntegerField(default=0)
    pay_periods = models.PositiveSmallIntegerField(default=0)
    anniversary = models.DateField()
    revocation_opens_days = models.PositiveSmallIntegerField()
    revocation_closes_days = models.PositiveSmallIntegerField()
    # Who on the roster this is.
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="applications")
    match = models.CharField(max_length=12, choices=Match.choices, default=Match.NEW)
    match_score = models.FloatField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["local", "status"], name="application_local_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(fte__gte=0, fte__lte=1),
                                   name="application_fte_range"),
        ]

    def __str__(self):
        return f"{self.legal_first_name} {self.legal_last_name} ({self.get_status_display()})"


class DuesAuthorization(models.Model):
    """The signed card's payroll deduction authorization, once the application is approved."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    person = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="dues_authorizations")
    application = models.OneToOneField(Application, on_delete=models.RESTRICT,
                                       related_name="authorization")
    signed_at = models.DateTimeField()
    anniversary = models.DateField()
    revocation_opens_days = models.PositiveSmallIntegerField()
    revocation_closes_days = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="active"),
                                    name="one_active_authorization"),
        ]

    def __str__(self):
        return f"{self.person} dues authorization ({self.get_status_display()})"
