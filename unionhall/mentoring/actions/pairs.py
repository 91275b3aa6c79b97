"""Every write once a match is published: the pair's meetings, goals and check-ins, reflection
notes and exit surveys; closing the cycle and the mentors' thank-you letters.

Who may do what:
- The pair (the user whose own person is the match's mentor or mentee, in the match's local):
  log and remove meetings, add goals and change their status, add check-ins, write reflection
  notes, while the match is published; answer the exit survey (each once) at or after the end
  of the term, while the match is published or ended. No one else, not even a superuser: the
  pair's record is the pair's.
- MANAGE_MENTORING (the coordinator, officers, the local admin): close the cycle, send the
  thank-you letters.
- The system (`by=None`, demo data and tests): anything; pass `person` (one of the pair) for the
  pair's writes, and `today`/`now` to set the clock.

Reflection notes never leave the pair: the audit entry records the verb and the note's id,
never its text, and no email, export or other page carries them. Exit-survey answers are only
ever shown together (results.py); the audit entry has no answers either.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionhall.core.audit import record
from unionhall.core.mail import queue_email
from unionhall.core.permissions import Perm, require
from unionhall.core.sanitize import clean_text
from unionhall.members.models import EmailPreference, Topic
from unionhall.mentoring import pair_queries as q
from unionhall.mentoring import results as core
from unionhall.mentoring.models import (
    CheckIn,
    Cycle,
    Enrollment,
    ExitSurvey,
    Goal,
    Match,
    PairMeeting,
    ReflectionNote,
    Standard,
    ThankYouLetter,
)

MIN_MINUTES, MAX_MINUTES = 5, 600
MAX_TOPICS = 300
MAX_GOAL = 300
MAX_CHECK_IN = 4000
MAX_NOTE = 10_000
MAX_COMMENTS = 4000
MAX_LETTER = 20_000


def _match(match: Match) -> Match:
    """The match with what the checks read (its cycle, program, local, the two people)."""
    return (Match.objects.select_related("cycle__program__local", "mentor__person",
                                         "mentee__person")
            .get(pk=match.pk))


def _author(match: Match, by, person=None):
    """Which of the pair is writing: the user's own person, or `person` for the system."""
    pair = {match.mentor.person_id: match.mentor.person, match.mentee.person_id:
            match.mentee.person}
    if by is None:
        if person is None or person.pk not in pair:
            raise ValueError("The system writes for one of the pair: pass person.")
        return pair[person.pk]
    pid = getattr(by, "person_id", None)
    if pid is None or pid not in pair or pair[pid].local_id != match.cycle.program.local_id:
        raise PermissionDenied
    return pair[pid]


def _today(match: Match, by, today) -> dt.date:
    if today is not None and by is None:
        return today
    return q.local_today(match.cycle.program.local)


def _live(match: Match) -> None:
    if match.status == Match.Status.ENDED or match.cycle.closed_at is not None:
        raise ValidationError(_("This cycle is closed: the pair's record can no longer be "
                                "changed."))
    if match.status != Match.Status.PUBLISHED:
        raise PermissionDenied


def _local(match: Match):
    return match.cycle.program.local


# --- Meetings ---------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def log_meeting(match: Match, *, by, held_on: dt.date | None, minutes, how: str,
                topics: str = "", person=None, today: dt.date | None = None) -> PairMeeting:
    """A meeting of the pair: on a day of the term, not in the future, 5 to 600 minutes."""
    match = _match(match)
    author = _author(match, by, person)
    _live(match)
    today = _today(match, by, today)
    cycle = match.cycle
    errors = {}
    if held_on is None:
        errors["held_on"] = _("Give the day you met.")
    elif held_on > today:
        errors["held_on"] = _("A meeting is logged once it has happened: the day is in the "
                              "future.")
    elif held_on < cycle.starts_on:
        errors["held_on"] = _("The pairs started on %(day)s: a meeting before that does not "
                              "count.") % {"day": date_format(cycle.starts_on)}
    elif held_on > cycle.ends_on:
        errors["held_on"] = _("The term ended on %(day)s: a meeting after that does not "
                              "count.") % {"day": date_format(cycle.ends_on)}
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        minutes = 0
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("The length is %(low)s to %(high)s minutes.") % {
            "low": MIN_MINUTES, "high": MAX_MINUTES}
    if how not in PairMeeting.How.values:
        errors["how"] = _("Choose how you met.")
    topics = clean_text(topics)
    if len(topics) > MAX_TOPICS:
        errors["topics"] = _("At most %(n)s characters.") % {"n": MAX_TOPICS}
    if errors:
        raise ValidationError(errors)
    meeting = PairMeeting.objects.create(match=match, held_on=held_on, minutes=minutes, how=how,
                                         topics=topics, logged_by=author)
    record("pair_meeting.logged", by=by, affiliate=_local(match), obj=meeting,
           changes={"held_on": [None, held_on.isoformat()], "minutes": [None, minutes],
                    "how": [None, how]})
    return meeting


@transaction.atomic(durable=True)
def remove_meeting(meeting: PairMeeting, *, by, person=None) -> None:
    """Either of the pair takes a meeting off (logged by mistake, or twice)."""
    match = _match(meeting.match)
    _author(match, by, person)
    _live(match)
    record("pair_meeting.removed", by=by, affiliate=_local(match), obj=meeting,
           changes={"held_on": [meeting.held_on.isoformat(), None],
                    "minutes": [meeting.minutes, None]})
    meeting.delete()


# --- Goals and check-ins ----------------------------------------------------------------------


@transaction.atomic(durable=True)
def add_goal(match: Match, *, by, standard: str, text: str, person=None) -> Goal:
    """A goal of the mentee, tagged with one of the eight standards; either of the pair adds
    it."""
    match = _match(match)
    author = _author(match, by, person)
    _live(match)
    text = clean_text(text)
    errors = {}
    if standard not in Standard.values:
        errors["standard"] = _("Choose one of the standards.")
    if not text:
        errors["text"] = _("Say what the goal is.")
    elif len(text) > MAX_GOAL:
        errors["text"] = _("At most %(n)s characters.") % {"n": MAX_GOAL}
    if errors:
        raise ValidationError(errors)
    goal = Goal.objects.create(match=match, standard=standard, text=text, created_by=author)
    record("goal.saved", by=by, affiliate=_local(match), obj=goal,
           changes={"standard": [None, standard], "status": [None, goal.status]})
    return goal


@transaction.atomic(durable=True)
def set_goal_status(goal: Goal, status: str, *, by, person=None,
                    today: dt.date | None = None) -> Goal:
    """Working on it, met (on today's date) or set aside."""
    match = _match(goal.match)
    _author(match, by, person)
    _live(match)
    if status not in Goal.Status.values:
        raise ValidationError(_("Choose where the goal stands."))
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    if goal.status == status:
        return goal
    before = goal.status
    goal.status = status
    goal.met_on = _today(match, by, today) if status == Goal.Status.MET else None
    goal.save(update_fields=["status", "met_on"])
    record("goal.saved", by=by, affiliate=_local(match), obj=goal,
           changes={"status": [before, status]})
    return goal


@transaction.atomic(durable=True)
def add_check_in(goal: Goal, note: str, *, by, person=None) -> CheckIn:
    """How a goal is going, in a few words (the coordinator reads these with the goals)."""
    match = _match(goal.match)
    author = _author(match, by, person)
    _live(match)
    note = clean_text(note)
    if not note:
        raise ValidationError({"note": _("Write how it is going.")})
    if len(note) > MAX_CHECK_IN:
        raise ValidationError({"note": _("At most %(n)s characters.") % {"n": MAX_CHECK_IN}})
    check_in = CheckIn.objects.create(goal=goal, note=note, by=author)
    record("check_in.added", by=by, affiliate=_local(match), obj=goal,
           changes={"check_in": [None, check_in.pk]})
    return check_in


# --- Reflection notes -------------------------------------------------------------------------


@transaction.atomic(durable=True)
def add_reflection(match: Match, body: str, *, by, person=None) -> ReflectionNote:
    """A note for the two of them only. The audit log gets the verb, never the text."""
    match = _match(match)
    author = _author(match, by, person)
    _live(match)
    body = clean_text(body)
    if not body:
        raise ValidationError({"body": _("Write your reflection first.")})
    if len(body) > MAX_NOTE:
        raise ValidationError({"body": _("At most %(n)s characters.") % {"n": MAX_NOTE}})
    note = ReflectionNote.objects.create(match=match, author=author, body=body)
    record("reflection.added", by=by, affiliate=_local(match), obj=note)
    return note


# --- Exit survey ------------------------------------------------------------------------------


def _rating(value, name: str, errors: dict) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 5:
        errors[name] = _("Choose from 1 to 5.")
    return number


@transaction.atomic(durable=True)
def submit_exit_survey(match: Match, *, by, overall, goals_progress, support, would_again,
                       comments: str = "", person=None,
                       today: dt.date | None = None) -> ExitSurvey:
    """Each of the pair answers once, at or after the end of the term."""
    match = _match(match)
    author = _author(match, by, person)
    if match.status not in q.LIVE:
        raise PermissionDenied
    if not q.term_over(match.cycle, _today(match, by, today)):
        raise ValidationError(_("The exit survey opens when the term ends, on %(day)s.")
                              % {"day": date_format(match.cycle.ends_on)})
    errors: dict = {}
    ratings = {name: _rating(value, name, errors) for name, value in
               (("overall", overall), ("goals_progress", goals_progress), ("support", support))}
    if would_again not in (True, False):
        errors["would_again"] = _("Say whether you would take part again.")
    comments = clean_text(comments)
    if len(comments) > MAX_COMMENTS:
        errors["comments"] = _("At most %(n)s characters.") % {"n": MAX_COMMENTS}
    if errors:
        raise ValidationError(errors)
    role = (Enrollment.Role.MENTOR if author.pk == match.mentor.person_id
            else Enrollment.Role.MENTEE)
    try:
        with transaction.atomic():
            survey = ExitSurvey.objects.create(match=match, person=author, role=role,
                                               would_again=would_again, comments=comments,
                                               **ratings)
    except IntegrityError as exc:
        raise ValidationError(_("You have already answered the exit survey. Thank you!")) from exc
    record("exit_survey.submitted", by=by, affiliate=_local(match), obj=survey)
    return survey


# --- Closing the cycle ------------------------------------------------------------------------


@transaction.atomic(durable=True)
def close_cycle(cycle: Cycle, *, by, now=None) -> Cycle:
    """The term is over: the published matches end and the pairs' records are kept as they
    are (read-only; the exit survey stays open)."""
    cycle = Cycle.objects.select_for_update().select_related("program__local").get(pk=cycle.pk)
    local = cycle.program.local
    require(by, local, Perm.MANAGE_MENTORING)
    if cycle.closed_at is not None:
        raise ValidationError(_("This cycle is already closed."))
    now = now if (now is not None and by is None) else timezone.now()
    ended = Match.objects.filter(cycle=cycle, status=Match.Status.PUBLISHED).update(
        status=Match.Status.ENDED, ended_at=now)
    cycle.closed_at = now
    cycle.save(update_fields=["closed_at"])
    record("cycle.closed", by=by, affiliate=local, obj=cycle,
           changes={"closed_at": [None, now.isoformat()], "matches_ended": [None, ended]})
    cycle.ended_matches = ended
    return cycle


# --- Thank-you letters ------------------------------------------------------------------------


def default_letter() -> str:
    """The letter when the program has not written its own (in the active language)."""
    return _("Dear {name},\n\n"
             "Thank you for being a mentor in {program} this term ({cycle}). You met with "
             "{mentees} for {hours} hours in all, and shared what your years on the job have "
             "taught you.\n\n"
             "Peer mentoring is how we look after each other: new coworkers find their feet "
             "faster, stay longer, and know that the union is their coworkers. That happens "
             "because people like you say yes.\n\n"
             "In solidarity,\n{local}")


def _and(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def letter_values(mentor: Enrollment, cycle: Cycle) -> dict[str, str]:
    """The placeholders a letter may use. `mentor` comes from q.mentors_for_letters."""
    person = mentor.person
    return {"name": person.first_name, "full_name": person.display_name,
            "hours": core.fmt_hours(core.hours(mentor.minutes)),
            "mentees": _and(mentor.mentee_names),
            "mentee_count": str(len(mentor.mentee_names)),
            "cycle": cycle.name, "program": cycle.program.name,
            "local": cycle.program.local.name}


PLACEHOLDERS = ("name", "full_name", "hours", "mentees", "mentee_count", "cycle", "program",
                "local")


def letter_text(mentor: Enrollment, cycle: Cycle) -> str:
    template = (cycle.program.thank_you_letter or "").strip() or default_letter()
    return core.fill(template, letter_values(mentor, cycle))[:MAX_LETTER]


def letter_url(letter: ThankYouLetter) -> str:
    from django.conf import settings

    enrollment = letter.enrollment
    return settings.SITE_URL + reverse("mentoring_thanks_pdf", kwargs={
        "local_slug": enrollment.cycle.program.local.slug, "pk": enrollment.cycle_id,
        "enrollment_pk": enrollment.pk})


def _email_letter(letter: ThankYouLetter, pdf: bytes) -> bool:
    from unionhall.comms.unsubscribe import headers

    person = letter.enrollment.person
    to = q.email_of(person)
    if not to:
        return False
    local = letter.enrollment.cycle.program.local
    with translation.override(person.language or local.language):
        subject = _("Thank you for mentoring, %(name)s") % {"name": person.first_name}
        body = (letter.body + "\n\n-- \n"
                + _("Your letter as a PDF, to keep: %(url)s") % {"url": letter_url(letter)})
        queue_email(to, subject, body,
                    attachments=[("thank-you-letter.pdf", pdf, "application/pdf")],
                    headers=headers(person.pk, Topic.MENTORING))
    return True


@transaction.atomic(durable=True)
def send_thank_you_letters(cycle: Cycle, *, by, now=None) -> int:
    """At the end of the term, a letter to every mentor of the cycle with a published or ended
    match who has none yet (once per enrolment): the program's text with the mentor's name,
    hours and mentees put in, kept as sent, emailed with the PDF (unless they turned mentoring
    emails off) and downloadable by them and the coordinator. Returns how many were written."""
    from unionhall.mentoring import thanks_pdf

    cycle = Cycle.objects.select_for_update().select_related("program__local").get(pk=cycle.pk)
    local = cycle.program.local
    require(by, local, Perm.MANAGE_MENTORING)
    now = now if (now is not None and by is None) else timezone.now()
    today = now.astimezone(ZoneInfo(local.time_zone)).date()
    if not q.term_over(cycle, today):
        raise ValidationError(_("Thank-you letters go out at the end of the term, from %(day)s.")
                              % {"day": date_format(cycle.ends_on)})
    opted_out = set(EmailPreference.objects.filter(topic=Topic.MENTORING, wants=False)
                    .values_list("person_id", flat=True))
    written = 0
    for mentor in q.mentors_for_letters(cycle):
        if mentor.letter is not None:
            continue
        person = mentor.person
        with translation.override(person.language or local.language):
            body = letter_text(mentor, cycle)
        letter = ThankYouLetter.objects.create(enrollment=mentor, body=body, sent_at=now,
                                               sent_by=by)
        letter.enrollment = mentor
        mentor.cycle = cycle
        if person.pk not in opted_out:
            with translation.override(person.language or local.language):
                _email_letter(letter, thanks_pdf.render(thanks_pdf.for_letter(letter)))
        written += 1
    if written:
        record("thank_you.sent", by=by, affiliate=local, obj=cycle,
               changes={"letters": [None, written]})
    return written


def letters_sent_message(n: int) -> str:
    return ngettext("%(n)s thank-you letter sent.", "%(n)s thank-you letters sent.", n) % {
        "n": n}
