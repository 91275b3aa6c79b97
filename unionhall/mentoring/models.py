"""Peer mentoring: the course a national or state association runs for local teams, and each
local's own mentoring program. Everything about a worker points at their Person."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import Affiliate, JobFamily, Worksite


class Standard(models.TextChoices):
    """The eight standards of the NEA ESP Professional Growth Continuum."""

    COMMUNICATION = "communication", _("Communication")
    CULTURAL_COMPETENCE = "cultural_competence", _("Cultural Competence")
    ETHICS = "ethics", _("Ethics")
    HEALTH_SAFETY = "health_safety", _("Health and Safety")
    ORGANIZATION = "organization", _("Organization")
    PROFESSIONALISM = "professionalism", _("Professionalism")
    REPORTING = "reporting", _("Reporting")
    TECHNOLOGY = "technology", _("Technology")


# ---------------------------------------------------------------- the course for local teams


class CourseOffering(models.Model):
    """One run of the course by a national or state association. The deadline is a moment;
    `time_zone` is the zone it was announced in ("10:00 AM Eastern")."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    affiliate = models.ForeignKey(Affiliate, on_delete=models.CASCADE,
                                  related_name="course_offerings")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name for links"), max_length=60, unique=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    contact_email = models.EmailField(_("contact address"))
    opens_at = models.DateTimeField(_("applications open"))
    deadline = models.DateTimeField(_("application deadline"))
    time_zone = models.CharField(_("time zone of the deadline"), max_length=63,
                                 default="America/New_York")
    notify_on = models.DateField(_("applicants are told by"))
    starts_on = models.DateField(_("the cohort starts"))
    module_count = models.PositiveSmallIntegerField(_("modules"), default=5)
    weeks_between_modules = models.PositiveSmallIntegerField(_("weeks between modules"),
                                                             default=2)
    asks_state_contact = models.BooleanField(_("teams name a state staff contact"), default=True)
    min_team_size = models.PositiveSmallIntegerField(_("smallest team"), default=2)
    max_team_size = models.PositiveSmallIntegerField(_("largest team"), default=6)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    # When the interest list was told that this offering is open (once).
    interest_told_at = models.DateTimeField(null=True, blank=True)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                          related_name="facilitated_offerings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gt=models.F("opens_at")),
                                   name="offering_window"),
            models.CheckConstraint(condition=Q(max_team_size__gte=models.F("min_team_size")),
                                   name="offering_team_size"),
        ]

    def __str__(self):
        return self.title


class TeamApplication(models.Model):
    """A local association's team applying to an offering; one per local and offering."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SELECTED = "selected", _("Selected")
        WAITLISTED = "waitlisted", _("Wait-listed")
        DECLINED = "declined", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    offering = models.ForeignKey(CourseOffering, on_delete=models.CASCADE,
                                 related_name="applications")
    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE,
                              related_name="course_applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    why = models.TextField(_("why your local applies"))
    situation = models.TextField(_("your local's situation"))
    state_contact_name = models.CharField(_("state staff contact"), max_length=200, blank=True)
    state_contact_email = models.EmailField(_("state staff contact's email"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+")
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The decision is told once, on the offering's notification date (or when sent by hand).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["offering", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "local"], name="application_once"),
        ]

    def __str__(self):
        return f"{self.local} · {self.offering}"


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Team lead")
        OFFICER = "officer", _("Local officer")
        MEMBER = "member", _("Team member")

    application = models.ForeignKey(TeamApplication, on_delete=models.CASCADE,
                                    related_name="team_members")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE,
                               related_name="course_teams")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField(_("job"), max_length=120, blank=True)

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person"], name="team_member_once"),
        ]

    def __str__(self):
        return str(self.person)


class ApplicationReview(models.Model):
    """One reviewer's score of one application (1 to 5), with a note for the other reviewers."""

    application = models.ForeignKey(TeamApplication, on_delete=models.CASCADE,
                                    related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="review_score"),
        ]

    def __str__(self):
        return f"{self.application} · {self.score}"


class CourseInterest(models.Model):
    """Someone "not yet ready to start", told when the association's next offering opens."""

    affiliate = models.ForeignKey(Affiliate, on_delete=models.CASCADE,
                                  related_name="course_interest")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    local = models.ForeignKey(Affiliate, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    told_at = models.DateTimeField(null=True, blank=True)
    told_about = models.ForeignKey(CourseOffering, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")

    class Meta:
        ordering = ["affiliate", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["affiliate", "email"], name="interest_once"),
        ]

    def __str__(self):
        return self.email


class Module(models.Model):
    """A module is released on its day (in the offering's time zone); `released_at` is when
    the teams were told, once."""

    offering = models.ForeignKey(CourseOffering, on_delete=models.CASCADE,
                                 related_name="modules")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary (Markdown)"), blank=True)
    releases_on = models.DateField(_("released on"))
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["offering", "number"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "number"], name="module_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Activity(models.Model):
    class Kind(models.TextChoices):
        SELF_STUDY = "self_study", _("Self-study")
        TEAM_ASSIGNMENT = "team_assignment", _("Team assignment")
        WEBINAR = "webinar", _("Webinar")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions (Markdown)"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("due"), null=True, blank=True)
    # Webinars only.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), null=True, blank=True)
    join_url = models.URLField(_("link to join"), max_length=500, blank=True)
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)

    class Meta:
        ordering = ["module", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="webinar") | Q(starts_at__isnull=False),
                name="webinar_has_a_time"),
        ]

    def __str__(self):
        return self.title


class Submission(models.Model):
    """Self-study: one row per team member who completed it (`person` set). Team assignment:
    one row per team (`person` empty), written together, with files."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="submissions")
    application = models.ForeignKey(TeamApplication, on_delete=models.CASCADE,
                                    related_name="submissions")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="course_submissions")
    text = models.TextField(_("text (Markdown)"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+")
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    feedback = models.TextField(_("feedback (Markdown)"), blank=True)
    feedback_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["activity", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "application"],
                                    condition=Q(person__isnull=True), name="team_submission_once"),
            models.UniqueConstraint(fields=["activity", "person"],
                                    condition=Q(person__isnull=False),
                                    name="member_submission_once"),
        ]

    def __str__(self):
        return f"{self.activity} · {self.application.local}"


class SubmissionFile(models.Model):
    """A file on a team's submission. The bytes live in MENTORING_FILES_ROOT (outside the web
    root) under a random name; only the submission's page serves them."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=80, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "uploaded_at", "id"]

    def __str__(self):
        return self.name


class WebinarAttendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    application = models.ForeignKey(TeamApplication, on_delete=models.CASCADE,
                                    related_name="webinar_attendance")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE,
                               related_name="webinar_attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity", "person", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="attendance_once"),
        ]

    def __str__(self):
        return f"{self.activity} · {self.person}"


class Certificate(models.Model):
    """Issued once to a team member who finished the course; the code lets anyone check it."""

    application = models.ForeignKey(TeamApplication, on_delete=models.CASCADE,
                                    related_name="certificates")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE,
                               related_name="course_certificates")
    code = models.CharField(max_length=20, unique=True)
    completed_on = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "person"], name="certificate_once"),
        ]

    def __str__(self):
        return self.code


# ---------------------------------------------------------------- a local's mentoring program


class Shift(models.TextChoices):
    DAY = "day", _("Day")
    EARLY = "early", _("Early morning")
    SPLIT = "split", _("Split shift")
    EVENING = "evening", _("Evening")
    NIGHT = "night", _("Night")


class Availability(models.TextChoices):
    BEFORE_SCHOOL = "before_school", _("Before school")
    LUNCH = "lunch", _("At lunch")
    AFTER_SCHOOL = "after_school", _("After school")
    EVENING = "evening", _("Evenings")
    WEEKEND = "weekend", _("Weekends")


# Languages people speak at work, beyond the two the app is written in.
SPOKEN_LANGUAGES = [
    ("en", _("English")), ("es", _("Spanish")), ("vi", _("Vietnamese")), ("zh", _("Chinese")),
    ("tl", _("Tagalog")), ("ar", _("Arabic")), ("ht", _("Haitian Creole")),
    ("ko", _("Korean")), ("ru", _("Russian")), ("so", _("Somali")), ("asl", _("ASL")),
]


class MentoringProgram(models.Model):
    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE,
                              related_name="mentoring_programs")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description (Markdown)"), blank=True)
    # The hours a mentor may be paid for in one cycle (None: the contract sets no cap).
    paid_hours_cap = models.PositiveSmallIntegerField(_("paid hours per mentor and cycle"),
                                                      null=True, blank=True)
    thank_you_letter = models.TextField(_("thank-you letter"), blank=True)
    committee = models.ManyToManyField("members.Person", through="AdvisoryMember",
                                       related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local", "name", "id"]

    def __str__(self):
        return self.name


class AdvisoryMember(models.Model):
    program = models.ForeignKey(MentoringProgram, on_delete=models.CASCADE,
                                related_name="advisory_members")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    role_title = models.CharField(_("role on the committee"), max_length=120, blank=True)

    class Meta:
        ordering = ["program", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="advisory_once"),
        ]

    def __str__(self):
        return str(self.person)


class Cycle(models.Model):
    """One term of the program: registration, matching, the pairs' work, the end."""

    program = models.ForeignKey(MentoringProgram, on_delete=models.CASCADE,
                                related_name="cycles")
    name = models.CharField(_("name"), max_length=200)
    registration_opens_on = models.DateField(_("registration opens"))
    registration_closes_on = models.DateField(_("registration closes"))
    starts_on = models.DateField(_("pairs start"))
    ends_on = models.DateField(_("term ends"))
    # The matching criteria: see mentoring/scoring.py for the shape.
    criteria = models.JSONField(default=dict, blank=True)
    matches_published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_on__gte=models.F("registration_opens_on")),
                name="cycle_registration"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")),
                                   name="cycle_term"),
        ]

    def __str__(self):
        return self.name


class Enrollment(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE,
                               related_name="mentoring_enrollments")
    role = models.CharField(_("I want to be"), max_length=6, choices=Role.choices)
    job_family = models.ForeignKey(JobFamily, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    worksite = models.ForeignKey(Worksite, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    shift = models.CharField(_("shift"), max_length=8, choices=Shift.choices, default=Shift.DAY)
    years_of_service = models.PositiveSmallIntegerField(_("years of service"), default=0)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    # Goals for a mentee, strengths for a mentor: Standard values.
    standards = models.JSONField(default=list, blank=True)
    about = models.TextField(_("in your own words"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("how many mentees"), default=1)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="enrollment_once"),
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=5),
                                   name="enrollment_capacity"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Match(models.Model):
    """A mentee with a mentor. Proposed by the matcher or by hand, then published."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        ENDED = "ended", _("Ended")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="matches")
    mentee = models.OneToOneField(Enrollment, on_delete=models.CASCADE,
                                  related_name="match_as_mentee")
    mentor = models.ForeignKey(Enrollment, on_delete=models.CASCADE,
                               related_name="matches_as_mentor")
    score = models.FloatField(default=0)
    # Why: a list of {"criterion": ..., "points": ..., "detail": ...} from scoring.explain.
    reasons = models.JSONField(default=list, blank=True)
    by_hand = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    published_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "id"]
        verbose_name_plural = "matches"

    def __str__(self):
        return f"{self.mentor.person} → {self.mentee.person}"


class PairMeeting(models.Model):
    """A meeting of a pair; its minutes count toward the hours a mentor may be paid for."""

    class How(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    how = models.CharField(_("how"), max_length=10, choices=How.choices, default=How.IN_PERSON)
    topics = models.CharField(_("what you talked about"), max_length=300, blank=True)
    logged_by = models.ForeignKey("members.Person", on_delete=models.SET_NULL, null=True,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["match", "held_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=5, minutes__lte=600),
                                   name="meeting_minutes"),
        ]

    def __str__(self):
        return f"{self.match} · {self.held_on}"


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Working on it")
        MET = "met", _("Met")
        DROPPED = "dropped", _("Set aside")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="goals")
    standard = models.CharField(_("standard"), max_length=20, choices=Standard.choices)
    text = models.CharField(_("goal"), max_length=300)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    met_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("members.Person", on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["match", "created_at", "id"]

    def __str__(self):
        return self.text


class CheckIn(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="check_ins")
    note = models.TextField(_("how it is going"))
    by = models.ForeignKey("members.Person", on_delete=models.SET_NULL, null=True,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["goal", "at", "id"]

    def __str__(self):
        return f"{self.goal} · {self.at:%Y-%m-%d}"


class ReflectionNote(models.Model):
    """Only the pair reads these: not the coordinator, not an officer, not the audit log."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("members.Person", on_delete=models.SET_NULL, null=True,
                               related_name="+")
    body = models.TextField(_("reflection"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["match", "created_at", "id"]

    def __str__(self):
        return f"{self.match} · note {self.pk}"  # never the body: str() reaches the audit log


class ExitSurvey(models.Model):
    """Each of the pair answers once at the end. Ratings are 1 (not at all) to 5 (very)."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="exit_surveys")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=6, choices=Enrollment.Role.choices)
    overall = models.PositiveSmallIntegerField(_("how worthwhile was the program"))
    goals_progress = models.PositiveSmallIntegerField(_("progress on the goals"))
    support = models.PositiveSmallIntegerField(_("how supported you felt"))
    would_again = models.BooleanField(_("would take part again"))
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["match", "id"]
        constraints = [
            models.UniqueConstraint(fields=["match", "person"], name="exit_survey_once"),
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5, goals_progress__gte=1,
                            goals_progress__lte=5, support__gte=1, support__lte=5),
                name="exit_survey_ratings"),
        ]

    def __str__(self):
        return f"{self.match} · {self.role}"


class ThankYouLetter(models.Model):
    """The letter a mentor gets at the end of a term, as written when it was sent."""

    enrollment = models.OneToOneField(Enrollment, on_delete=models.CASCADE,
                                      related_name="thank_you_letter")
    body = models.TextField()
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+")

    def __str__(self):
        return str(self.enrollment)
