"""Bargaining: the contract by version, article and section; sessions with their attendees and
transcripts; proposals and counter-proposals; tentative agreements; the bargaining survey;
updates (posts) and members' comments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.core.models import Affiliate, JobFamily, Worksite


class Side(models.TextChoices):
    UNION = "union", _("Union")
    DISTRICT = "district", _("District")
    OTHER = "other", _("Other (mediator, observer)")


# --- the contract ---------------------------------------------------------------------------


class Contract(models.Model):
    """One version of the collective bargaining agreement, e.g. 2023–2026."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_FORCE = "in_force", _("In force")
        SUPERSEDED = "superseded", _("Superseded")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="contracts")
    name = models.CharField(_("version"), max_length=60)
    slug = models.SlugField(max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)
    starts_on = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("expires"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    preamble = models.TextField(_("preamble"), blank=True)
    # A version assembled at ratification: the one it was built from and the vote that made it.
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    ratified_on = models.DateField(_("ratified on"), null=True, blank=True)
    ratification = models.ForeignKey("democracy.Election", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local", "-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["local", "slug"], name="contract_slug"),
            models.UniqueConstraint(fields=["local"], condition=models.Q(status="in_force"),
                                    name="contract_one_in_force"),
        ]

    def __str__(self):
        return self.name


class Article(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="articles")
    number = models.CharField(_("article"), max_length=10)
    title = models.CharField(_("title"), max_length=200, blank=True)
    intro = models.TextField(blank=True)  # text before the first section
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["contract", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="article_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class Section(models.Model):
    # The contract is repeated here so that "7.3" is one indexed lookup in a version.
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="sections")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("section"), max_length=20)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="section_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


# --- sessions and transcripts ---------------------------------------------------------------


class Session(models.Model):
    """A bargaining session. Until published only the bargaining team sees it; its notes stay
    with the team unless they are published too."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE,
                              related_name="bargaining_sessions")
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    remote = models.BooleanField(_("held remotely"), default=False)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    # The video's length, when known: a transcript time past it cannot be right.
    video_seconds = models.PositiveIntegerField(_("video length (seconds)"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    notes_published = models.BooleanField(_("notes are published to members"), default=False)
    published = models.BooleanField(_("published to members"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    transcript_format = models.CharField(max_length=8, blank=True)
    transcript_imported_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local", "-held_on", "-id"]
        indexes = [models.Index(fields=["local", "published", "-held_on"],
                                name="bsession_local")]

    def __str__(self):
        return self.title or str(self.held_on)


class Attendee(models.Model):
    """Someone at the table, for the union or the district; the speaker names a transcript
    uses are matched against these."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendees")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role or title"), max_length=200, blank=True)
    person = models.ForeignKey("members.Person", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")

    class Meta:
        ordering = ["session", "side", "name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="attendee_name"),
        ]

    def __str__(self):
        return self.name


class TranscriptSegment(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveIntegerField()
    start = models.FloatField(null=True, blank=True)  # seconds into the video
    end = models.FloatField(null=True, blank=True)
    speaker = models.CharField(max_length=200, blank=True)  # as the transcript writes it
    attendee = models.ForeignKey(Attendee, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="segments")
    text = models.TextField()

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="segment_position"),
        ]

    def __str__(self):
        return f"{self.speaker}: {self.text[:40]}"


# --- proposals and tentative agreements -----------------------------------------------------


class Proposal(models.Model):
    """A side's proposed text for one article. A counter-proposal answers an earlier one.
    Drafts (not published) are seen by the bargaining team only."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("proposal", "Open")
        COUNTERED = "countered", _("Countered")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        TENTATIVELY_AGREED = "ta", _("Tentatively agreed")
        REJECTED = "rejected", _("Rejected")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="proposals")
    label = models.CharField(_("number"), max_length=20)  # U-3, D-2: per local and side
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    # The version of the contract it amends, and the article in it (None for a new article).
    # RESTRICT, not PROTECT: the text a proposal answers can't vanish under it, but deleting
    # the whole local still takes its contracts and proposals together.
    contract = models.ForeignKey(Contract, on_delete=models.RESTRICT, related_name="proposals")
    article = models.ForeignKey(Article, on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="proposals")
    article_number = models.CharField(_("article"), max_length=10)
    title = models.CharField(_("article title"), max_length=200, blank=True)
    text = models.TextField(_("proposed text"), blank=True)
    rationale = models.TextField(_("why"), blank=True)
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="proposals")
    answers = models.ForeignKey("self", on_delete=models.RESTRICT, null=True, blank=True,
                                related_name="counters")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    published = models.BooleanField(_("published to members"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["local", "-presented_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["local", "label"], name="proposal_label"),
            models.CheckConstraint(condition=models.Q(status__in=[
                "open", "countered", "withdrawn", "ta", "rejected"]), name="proposal_status"),
        ]
        indexes = [models.Index(fields=["local", "article_number"], name="proposal_article")]

    def __str__(self):
        return self.label


class TentativeAgreement(models.Model):
    """Text both sides signed off, waiting for the members to ratify the whole agreement. An
    agreed text that is empty removes the article."""

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE,
                              related_name="tentative_agreements")
    proposal = models.OneToOneField(Proposal, on_delete=models.RESTRICT,
                                    related_name="agreement")
    article_number = models.CharField(_("article"), max_length=10)
    title = models.CharField(_("article title"), max_length=200, blank=True)
    text = models.TextField(_("agreed text"), blank=True)
    signed_on = models.DateField(_("signed on"))
    union_signer = models.CharField(_("signed for the union by"), max_length=200)
    district_signer = models.CharField(_("signed for the district by"), max_length=200)
    # Set when the members ratify: the contract version it became part of.
    contract = models.ForeignKey(Contract, on_delete=models.RESTRICT, null=True, blank=True,
                                 related_name="agreements")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local", "signed_on", "id"]
        constraints = [
            # One pending agreement per article: a later one must replace it, not pile up.
            models.UniqueConstraint(fields=["local", "article_number"],
                                    condition=models.Q(contract__isnull=True),
                                    name="ta_one_pending_per_article"),
        ]

    def __str__(self):
        return f"TA {self.article_number}"


# --- the bargaining survey ------------------------------------------------------------------


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local", "-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="survey_window"),
        ]

    def __str__(self):
        return self.title


class Priority(models.Model):
    """One of the things members rank, e.g. "Wages", "Paid training time"."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="priorities")
    label = models.CharField(_("priority"), max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="priority_position"),
        ]

    def __str__(self):
        return self.label


class Question(models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", _("One choice")
        SCALE = "scale", _("Scale of 1 to 5")
        TEXT = "text", _("Written answer")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    choices = models.JSONField(default=list, blank=True)  # labels, for kind=choice
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_position"),
        ]

    def __str__(self):
        return self.text


class SurveyResponse(models.Model):
    """One person's answers. Worksite and job family are kept as they were when answering, so
    results by group do not move when someone changes jobs; nobody's answers are shown."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    worksite = models.ForeignKey(Worksite, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    job_family = models.ForeignKey(JobFamily, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="survey_one_response"),
        ]

    def __str__(self):
        return f"Response {self.pk} to {self.survey_id}"


class Ranking(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE,
                                 related_name="rankings")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="rankings")
    rank = models.PositiveSmallIntegerField()  # 1 is the top priority

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "priority"], name="ranking_once"),
            models.UniqueConstraint(fields=["response", "rank"], name="ranking_rank_once"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="ranking_rank"),
        ]

    def __str__(self):
        return f"{self.priority_id}: {self.rank}"


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value[:40]}"


# --- updates and comments -------------------------------------------------------------------


class NewsSettings(models.Model):
    local = models.OneToOneField(Affiliate, on_delete=models.CASCADE,
                                 related_name="news_settings")
    hold_comments = models.BooleanField(
        _("hold members' comments for approval before they appear"), default=True)

    def __str__(self):
        return f"News settings of {self.local_id}"


class Post(models.Model):
    """A bargaining update or other news. Public posts are on the open web and in the Atom
    feed; members-only posts need a sign-in with standing in the local."""

    class Kind(models.TextChoices):
        BARGAINING = "bargaining", _("Bargaining update")
        NEWS = "news", _("News")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone (public)")
        MEMBERS = "members", _("Members of the local only")

    local = models.ForeignKey(Affiliate, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices,
                            default=Kind.BARGAINING)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=80)
    body = models.TextField(_("text (Markdown)"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    audience = models.CharField(_("who may read it"), max_length=10, choices=Audience.choices,
                                default=Audience.PUBLIC)
    comments_open = models.BooleanField(_("members may comment"), default=True)
    sessions = models.ManyToManyField(Session, blank=True, related_name="posts")
    articles = models.ManyToManyField(Article, blank=True, related_name="posts")
    published_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["local", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["local", "slug"], name="post_slug"),
        ]
        indexes = [models.Index(fields=["local", "status", "-published_at"], name="post_local")]

    def __str__(self):
        return self.title


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    # The name shown, kept as it was when written.
    author_name = models.CharField(max_length=200)
    body = models.TextField(_("comment"))  # Markdown as written; sanitized when shown
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["post", "created_at", "id"]
        indexes = [models.Index(fields=["post", "status", "created_at"], name="comment_post")]

    def __str__(self):
        return f"{self.author_name}: {self.body[:40]}"
