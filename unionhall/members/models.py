from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import Affiliate, JobClass, Worksite


class PersonalDetails(models.Model):
    """Who someone is and how to reach them: kept on a Person, and as signed on a form."""

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

    class Meta:
        abstract = True


class Person(PersonalDetails):
    """Everyone in the bargaining unit, member or not. A user account is only how one signs in."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="persons")
    employee_id = models.CharField(_("employee id"), max_length=40, null=True, blank=True)
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
    # The last pay date the district remitted this member's dues in full.
    paid_through = models.DateField(_("paid through"), null=True, blank=True)

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


class Application(PersonalDetails):
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


# --- Payroll: the deduction file, the district's remittance, resignations ----------------------


def default_payroll_columns():
    return [["employee_id", "Employee ID"], ["last_name", "Last Name"],
            ["first_name", "First Name"], ["deduction_code", "Deduction Code"],
            ["amount", "Amount"]]


class PayrollLayout(models.Model):
    """How the local's deduction file looks to the district's payroll system."""

    class AmountFormat(models.TextChoices):
        DOLLARS = "dollars", _("Dollars (12.34)")
        CENTS = "cents", _("Cents (1234)")

    local = models.OneToOneField(Affiliate, on_delete=models.CASCADE,
                                 related_name="payroll_layout")
    deduction_code = models.CharField(_("deduction code"), max_length=20, default="UNION")
    columns = models.JSONField(_("columns"), default=default_payroll_columns)  # [[key, header]]
    amount_format = models.CharField(_("amount format"), max_length=8,
                                     choices=AmountFormat.choices, default=AmountFormat.DOLLARS)
    include_header = models.BooleanField(_("header row"), default=True)

    def __str__(self):
        return f"{self.local} payroll layout ({self.deduction_code})"


class PayrollExport(models.Model):
    """One deduction file sent to the district for a pay date, with its lines."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="payroll_exports")
    pay_date = models.DateField(_("pay date"))
    period = models.PositiveSmallIntegerField(_("paycheck of the year"))  # 0-based
    created_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    deduction_code = models.CharField(max_length=20)
    rows = models.PositiveIntegerField(default=0)
    total_cents = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-pay_date", "-id"]
        indexes = [models.Index(fields=["local", "pay_date"], name="payroll_export_local_date")]

    def __str__(self):
        return f"{self.local} deductions {self.pay_date}"


class PayrollExportLine(models.Model):
    export = models.ForeignKey(PayrollExport, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    employee_id = models.CharField(max_length=40)
    last_name = models.CharField(max_length=100)
    first_name = models.CharField(max_length=100)
    amount_cents = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.employee_id}: {self.amount_cents}"


class Remittance(models.Model):
    """One remittance file from the district: what it deducted on a pay date."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="remittances")
    pay_date = models.DateField(_("pay date"))
    filename = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    exceptions = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    received_cents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-pay_date", "-id"]
        indexes = [models.Index(fields=["local", "pay_date"], name="remittance_local_date")]

    def __str__(self):
        return f"{self.local} remittance {self.pay_date}"


class RemittanceLine(models.Model):
    """A person the district remitted for (whatever the amount): who was deducted when."""

    remittance = models.ForeignKey(Remittance, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="remittance_lines")
    received_cents = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["remittance", "person"],
                                               name="remittance_line_unique")]

    def __str__(self):
        return f"{self.person_id}: {self.received_cents}"


class RemittanceException(models.Model):
    """A remittance row staff must look at: nobody with that id, a wrong amount, not owed."""

    class Kind(models.TextChoices):
        UNMATCHED = "unmatched", _("No one with this employee id")
        AMOUNT_DIFFERS = "amount_differs", _("Amount differs from what is owed")
        NOT_OWED = "not_owed", _("Nothing was owed")

    remittance = models.ForeignKey(Remittance, on_delete=models.CASCADE,
                                   related_name="exception_rows")
    row = models.PositiveIntegerField()
    employee_id = models.CharField(max_length=40)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    expected_cents = models.PositiveIntegerField(null=True, blank=True)
    received_cents = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["remittance__pay_date", "row", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["unmatched", "amount_differs", "not_owed"]),
                name="remittance_exception_kind"),
        ]

    def __str__(self):
        return f"{self.employee_id}: {self.kind} (row {self.row})"


class Resignation(models.Model):
    """A member's resignation, recorded when asked for; it takes effect on `effective` (now, or
    the opening day of the card's next revocation window), then `applied_at` is set."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="resignations")
    authorization = models.ForeignKey(DuesAuthorization, on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="+")
    requested_on = models.DateField(_("requested on"))
    effective = models.DateField(_("takes effect on"))
    reason = models.CharField(_("reason"), max_length=200)
    waived = models.BooleanField(default=False)  # released from the card before its window
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(applied_at__isnull=True, withdrawn_at__isnull=True),
                name="one_pending_resignation"),
        ]

    def __str__(self):
        return f"{self.person} resigns {self.effective}"


class RosterUpload(models.Model):
    """A roster file uploaded from the web: checked and previewed, then imported by the worker."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    partial = models.BooleanField(default=False)
    create_worksites = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    preview = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"


class Topic(models.TextChoices):
    """What the union writes to people about; each can be turned off on its own."""

    BARGAINING = "bargaining", _("Bargaining updates")
    EVENTS = "events", _("Events")
    ORGANIZING = "organizing", _("Organizing")
    MENTORING = "mentoring", _("Mentoring")


class EmailPreference(models.Model):
    """A person's choice for one topic. With no row they receive it: joining the union is
    asking to hear from it, and one click turns a topic off."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="email_preferences")
    topic = models.CharField(max_length=12, choices=Topic.choices)
    wants = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "topic"], name="email_preference_once"),
        ]

    def __str__(self):
        return f"{self.person_id} {self.topic}: {self.wants}"
