"""Elections, ratification and motion votes, the voter roll, ballots; meetings and motions.

The secret ballot is a matter of what is stored:
- `Ballot` holds the election and the marks, and nothing about who or when: no person, no user,
  no time; its primary key is random (uuid4), so the order of voting cannot be read from it.
- `Turnout` says who voted (and whether online or on paper), and nothing about how. A unique
  constraint on (election, person) makes a second vote impossible; the turnout row and the
  ballot are written in one transaction.
Nothing else (audit log included) records a ballot together with a voter.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.core.models import Affiliate
from unionhall.members.models import Person


class DemocracyRules(models.Model):
    """A local's bylaws as far as voting goes: who may vote and run, and its quorum."""

    class Quorum(models.TextChoices):
        NUMBER = "number", _("A number of members")
        SHARE = "share", _("A share of the membership")

    local = models.OneToOneField(Affiliate, on_delete=models.CASCADE,
                                 related_name="democracy_rules")
    cutoff_days = models.PositiveSmallIntegerField(
        _("members vote if they were members this many days before voting opens"), default=30)
    candidate_months = models.PositiveSmallIntegerField(
        _("candidates must have been members for this many months"), default=12)
    quorum_kind = models.CharField(_("quorum"), max_length=6, choices=Quorum.choices,
                                   default=Quorum.NUMBER)
    quorum_number = models.PositiveIntegerField(_("quorum: members present"), default=25)
    quorum_percent = models.DecimalField(_("quorum: percent of the membership"), max_digits=5,
                                         decimal_places=2, default=10)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(quorum_percent__gt=0,
                                                      quorum_percent__lte=100),
                                   name="democracy_quorum_percent"),
        ]

    def __str__(self):
        return f"Democracy rules of {self.local}"


class Election(models.Model):
    """A vote: officer elections, a ratification, or a motion put to a secret vote."""

    class Kind(models.TextChoices):
        OFFICERS = "officers", _("Officer election")
        RATIFICATION = "ratification", _("Ratification vote")
        MOTION = "motion", _("Vote on a motion")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="elections")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices,
                            default=Kind.OFFICERS)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    nominations_open = models.DateTimeField(_("nominations open"), null=True, blank=True)
    nominations_close = models.DateTimeField(_("nominations close"), null=True, blank=True)
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    cutoff = models.DateField(_("members on this date may vote"))
    paper_ballots = models.BooleanField(_("paper ballots are also accepted"), default=False)
    # A motion voted at a meeting: its roll is the members signed in there.
    meeting = models.ForeignKey("Meeting", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="secret_votes")
    roll_frozen_at = models.DateTimeField(null=True, blank=True)
    tallied_at = models.DateTimeField(null=True, blank=True)
    # The seed of any draw by lot, drawn at the tally and kept so the count can be replayed.
    lot_seed = models.CharField(max_length=32, blank=True)
    results = models.JSONField(default=dict, blank=True)
    results_digest = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["local", "status", "-opens_at"], name="election_local")]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="election_window"),
            models.CheckConstraint(
                condition=models.Q(nominations_open__isnull=True)
                | models.Q(nominations_close__gt=models.F("nominations_open"),
                           nominations_close__lte=models.F("opens_at")),
                name="election_nominations_window"),
        ]

    def __str__(self):
        return self.title

    def phase(self, now=None) -> str:
        """draft, cancelled, upcoming, nominating, voting, counting (closed, not yet
        published) or published."""
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return self.status
        if self.published_at:
            return "published"
        if now >= self.closes_at:
            return "counting"
        if now >= self.opens_at:
            return "voting"
        if self.nominations_open and self.nominations_open <= now < self.nominations_close:
            return "nominating"
        return "upcoming"

    @property
    def needs_certification(self) -> bool:
        """A motion voted at a meeting is announced by its chair when the vote closes; every
        other vote waits for two members of the election committee to certify it."""
        return self.meeting_id is None


class Contest(models.Model):
    """One thing on the ballot: an office to fill, or a question answered yes or no."""

    class Method(models.TextChoices):
        PLURALITY = "plurality", _("Vote for up to N")
        APPROVAL = "approval", _("Approval")
        IRV = "irv", _("Instant runoff (ranked choice)")
        STV = "scottish-stv", _("Single transferable vote (Scottish rules)")
        YES_NO = "yes-no", _("Yes / no / abstain")

    class Threshold(models.TextChoices):
        MAJORITY = "majority", _("A majority of the votes cast")
        TWO_THIRDS = "two-thirds", _("Two thirds of the votes cast")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="contests")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("text"), blank=True)
    method = models.CharField(_("method"), max_length=14, choices=Method.choices,
                              default=Method.PLURALITY)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    term = models.CharField(_("term"), max_length=100, blank=True)
    threshold = models.CharField(_("passes with"), max_length=10, choices=Threshold.choices,
                                 default=Threshold.MAJORITY)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="contest_seats"),
            models.CheckConstraint(condition=~models.Q(method="irv") | models.Q(seats=1),
                                   name="contest_irv_one_seat"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_question(self) -> bool:
        return self.method == self.Method.YES_NO

    @property
    def is_ranked(self) -> bool:
        return self.method in (self.Method.IRV, self.Method.STV)


class Nomination(models.Model):
    """A member nominated for an office; the nominee accepts or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the nominee")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        INELIGIBLE = "ineligible", _("Not eligible")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nominations")
    nominated_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "nominee", "nominated_by"],
                                    name="nomination_once"),
        ]

    def __str__(self):
        return f"{self.nominee} for {self.contest}"


class Candidate(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="candidacies")
    name = models.CharField(_("name on the ballot"), max_length=200)
    statement = models.TextField(_("candidate statement"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        ordering = ["position", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "person"], name="candidate_once"),
        ]

    def __str__(self):
        return self.name


class VoterRollEntry(models.Model):
    """Everyone the roll was drawn from, eligible or not, with the reason: the committee can
    answer "why can't I vote?" for any person. Frozen when voting opens."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="roll")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    eligible = models.BooleanField()
    reason = models.CharField(max_length=30)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="roll_once"),
        ]
        indexes = [models.Index(fields=["election", "eligible"], name="roll_eligible")]

    def __str__(self):
        return f"{self.person_id} in {self.election_id}: {self.reason}"


class Turnout(models.Model):
    """That a person voted, and how; never what. One per person per election."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="turnout")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=6, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="one_member_one_vote"),
        ]

    def __str__(self):
        return f"{self.person_id} voted in {self.election_id}"


class Ballot(models.Model):
    """A ballot as cast: no voter, no time. `marks` maps each contest's id to a list of
    candidate ids (in order of preference for ranked contests) or to "yes", "no", "abstain".
    `receipt` is sha256(ballot + random salt), shown to the voter and listed after the close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    marks = models.JSONField()
    paper = models.BooleanField(default=False)
    receipt = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Ballot {self.id}"


class Certification(models.Model):
    """A member of the election committee signing off the results with this digest."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE,
                                 related_name="certifications")
    # The signer's name is kept as signed: the record outlives the account.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+")
    name = models.CharField(max_length=200)
    results_digest = models.CharField(max_length=64)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "user"], name="certify_once"),
        ]

    def __str__(self):
        return f"{self.name} certified {self.election}"


# --- meetings -------------------------------------------------------------------------------


class Meeting(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General membership meeting")
        STRATEGY = "strategy", _("Strategy meeting")
        BOARD = "board", _("Executive board meeting")

    class MinutesStatus(models.TextChoices):
        NONE = "none", _("Not written")
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.GENERAL)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    # Shown in the room; members type it on their phone to sign in.
    sign_in_code = models.CharField(max_length=8)
    sign_in_open = models.BooleanField(default=False)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_status = models.CharField(max_length=8, choices=MinutesStatus.choices,
                                      default=MinutesStatus.NONE)
    minutes_approved_at = models.ForeignKey("self", on_delete=models.SET_NULL, null=True,
                                            blank=True, related_name="minutes_approved",
                                            verbose_name=_("minutes approved at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["local", "-starts_at"], name="meeting_local")]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("item"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class How(models.TextChoices):
        CODE = "code", _("Signed in with the room code")
        MARKED = "marked", _("Marked present")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    how = models.CharField(max_length=6, choices=How.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attend_once"),
        ]

    def __str__(self):
        return f"{self.person_id} at {self.meeting_id}"


class Motion(models.Model):
    class Status(models.TextChoices):
        MOVED = "moved", _("Moved, waiting for a second")
        SECONDED = "seconded", _("Seconded, open for debate")
        VOTING = "voting", _("Being voted on")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Voting(models.TextChoices):
        HANDS = "hands", _("Counted hands")
        SECRET = "secret", _("Secret online vote")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="motions")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="motions")
    # An amendment points at the motion it amends; if it passes, its text replaces the motion's.
    amends = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="amendments")
    text = models.TextField(_("motion"))
    moved_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("moved by"))
    seconded_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("seconded by"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MOVED)
    voting = models.CharField(max_length=6, choices=Voting.choices, blank=True)
    threshold = models.CharField(max_length=10, choices=Contest.Threshold.choices,
                                 default=Contest.Threshold.MAJORITY)
    yes = models.PositiveIntegerField(null=True, blank=True)
    no = models.PositiveIntegerField(null=True, blank=True)
    abstain = models.PositiveIntegerField(null=True, blank=True)
    election = models.OneToOneField(Election, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="motion")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:80]
