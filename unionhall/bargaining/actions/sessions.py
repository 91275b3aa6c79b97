"""Every write to bargaining sessions: the session itself, who attended, its transcript and
which attendee each speaker of the transcript is.

A transcript is read by the pure `bargaining.transcripts` module; nothing is guessed: a file
with any problem is refused whole, with every problem and its line, and nothing is written.
Speakers are matched to attendees by full name, else by a first name only one attendee has
(case does not matter); what is left the team matches by hand (`map_speaker`)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionhall.bargaining import transcripts
from unionhall.bargaining.models import Attendee, Session, Side, TranscriptSegment
from unionhall.core.audit import diff, record
from unionhall.core.permissions import Perm, require
from unionhall.core.sanitize import clean_text
from unionhall.members.models import Person

SESSION_FIELDS = ("held_on", "starts_at", "title", "place", "remote", "video_url",
                  "video_seconds", "agenda", "notes", "notes_published")
MAX_SEGMENTS = 50_000
MAX_BYTES = 5 * 1024 * 1024
# A file with thousands of problems is not a transcript: list the first ones only.
MAX_PROBLEMS_SHOWN = 200
_KEEP = object()


# --- the session ----------------------------------------------------------------------------


def _check_session(session: Session) -> None:
    if not isinstance(session.held_on, dt.date):
        raise ValidationError(_("Give the date of the session."))
    session.title = clean_text(session.title)
    session.place = clean_text(session.place)
    session.agenda = clean_text(session.agenda)
    session.notes = clean_text(session.notes)
    session.video_url = (session.video_url or "").strip()
    session.remote = bool(session.remote)
    session.notes_published = bool(session.notes_published)
    for field, limit in (("title", 200), ("place", 200), ("video_url", 500)):
        if len(getattr(session, field)) > limit:
            raise ValidationError(
                _("The %(field)s is too long: at most %(limit)s characters.")
                % {"field": Session._meta.get_field(field).verbose_name, "limit": limit})
    if session.video_url and not transcripts.video_link(session.video_url, None):
        raise ValidationError(_("The video link must be a web address starting with "
                                "https:// (or http://)."))
    seconds = session.video_seconds
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, int)
                                or seconds <= 0):
        raise ValidationError(_("The video's length must be a positive number of seconds."))


@transaction.atomic(durable=True)
def create_session(local, *, held_on, starts_at=None, title="", place="", remote=False,
                   video_url="", video_seconds=None, agenda="", notes="",
                   notes_published=False, by) -> Session:
    """A session, unpublished: only the team sees it until `publish_session`."""
    require(by, local, Perm.BARGAIN)
    session = Session(local=local, held_on=held_on, starts_at=starts_at, title=title or "",
                      place=place or "", remote=remote, video_url=video_url or "",
                      video_seconds=video_seconds, agenda=agenda or "", notes=notes or "",
                      notes_published=notes_published,
                      created_by=by if by is not None and by.pk else None)
    _check_session(session)
    session.save()
    record("bargaining_session.created", by=by, affiliate=local, obj=session,
           changes=diff({}, _values(session)))
    return session


def _values(session: Session) -> dict:
    return {f: getattr(session, f) for f in SESSION_FIELDS}


@transaction.atomic(durable=True)
def update_session(session: Session, *, held_on=_KEEP, starts_at=_KEEP, title=_KEEP,
                   place=_KEEP, remote=_KEEP, video_url=_KEEP, video_seconds=_KEEP,
                   agenda=_KEEP, notes=_KEEP, notes_published=_KEEP, by) -> Session:
    """Change any of the session's details; those not given stay as they are."""
    require(by, session.local, Perm.BARGAIN)
    session = Session.objects.select_for_update().get(pk=session.pk)
    before = _values(session)
    given = {"held_on": held_on, "starts_at": starts_at, "title": title, "place": place,
             "remote": remote, "video_url": video_url, "video_seconds": video_seconds,
             "agenda": agenda, "notes": notes, "notes_published": notes_published}
    for field, value in given.items():
        if value is not _KEEP:
            if field in ("title", "place", "video_url", "agenda", "notes"):
                value = value or ""
            setattr(session, field, value)
    _check_session(session)
    if session.video_seconds is not None and session.video_seconds != before["video_seconds"]:
        _check_transcript_fits(session)
    changes = diff(before, _values(session))
    if changes:
        session.save()
        record("bargaining_session.updated", by=by, affiliate=session.local, obj=session,
               changes=changes)
    return session


def _check_transcript_fits(session: Session) -> None:
    """A shorter video than the transcript's last time would make its links wrong."""
    from django.db.models import Max

    last = session.segments.aggregate(start=Max("start"), end=Max("end"))
    latest = max((t for t in (last["start"], last["end"]) if t is not None), default=None)
    if latest is not None and latest > session.video_seconds:
        raise ValidationError(
            _("The transcript has a line at %(time)s, later than the end of a video of that "
              "length (%(length)s). Correct the length, or import a corrected transcript.")
            % {"time": transcripts.format_time(latest),
               "length": transcripts.format_time(session.video_seconds)})


@transaction.atomic(durable=True)
def publish_session(session: Session, *, published: bool = True, by) -> Session:
    """Show the session (its transcript, attendees and agenda; its notes only if they are
    published too) to everyone in the local, or take it back to the team."""
    require(by, session.local, Perm.BARGAIN)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.published == bool(published):
        return session
    session.published = bool(published)
    if session.published:
        session.published_at = timezone.now()
    session.save(update_fields=["published", "published_at"])
    verb = "bargaining_session.published" if published else "bargaining_session.unpublished"
    record(verb, by=by, affiliate=session.local, obj=session,
           changes={"published": [not session.published, session.published]})
    return session


# --- attendees ------------------------------------------------------------------------------


def _name(text) -> str:
    return " ".join(clean_text(text or "").split())


@transaction.atomic(durable=True)
def set_attendees(session: Session, rows, *, by) -> list[Attendee]:
    """Who sat at the table: `rows` of (side, name, role, person_id or None) replace the list.
    An attendee whose name stays keeps its record, so the transcript lines matched to them
    stay matched; lines of someone removed become unmatched. Lines still unmatched are then
    matched again, so adding a missing attendee fixes them."""
    require(by, session.local, Perm.BARGAIN)
    wanted = []
    seen = set()
    for side, name, role, person_id in rows:
        name, role = _name(name), _name(role)
        if not name:
            raise ValidationError(_("Every attendee needs a name."))
        if side not in Side.values:
            raise ValidationError(_("Choose the side %(name)s was on.") % {"name": name})
        if len(name) > 200 or len(role) > 200:
            raise ValidationError(_("A name or a title is at most 200 characters."))
        if name.casefold() in seen:
            raise ValidationError(_("%(name)s is listed twice.") % {"name": name})
        seen.add(name.casefold())
        wanted.append((side, name, role, person_id or None))
    person_ids = {p for *_, p in wanted if p is not None}
    found = set(Person.objects.filter(local=session.local, pk__in=person_ids)
                .values_list("pk", flat=True))
    if person_ids - found:
        raise ValidationError(_("An attendee linked to a person must be someone in this "
                                "local's bargaining unit."))

    existing = {a.name.casefold(): a for a in session.attendees.all()}
    before = sorted(a.name for a in existing.values())
    keep = {name.casefold() for _side, name, _role, _p in wanted}
    removed = [a for key, a in existing.items() if key not in keep]
    Attendee.objects.filter(pk__in=[a.pk for a in removed]).delete()
    result = []
    changed = bool(removed)
    for side, name, role, person_id in wanted:
        attendee = existing.get(name.casefold())
        if attendee is None:
            attendee = Attendee.objects.create(session=session, side=side, name=name, role=role,
                                               person_id=person_id)
            changed = True
        elif (attendee.side, attendee.name, attendee.role, attendee.person_id) != (
                side, name, role, person_id):
            attendee.side, attendee.name, attendee.role = side, name, role
            attendee.person_id = person_id
            attendee.save()
            changed = True
        result.append(attendee)
    after = sorted(a.name for a in result)
    if changed and session.segments.exists():
        map_speakers(session, only_unmapped=True)
    if changed:
        record("bargaining_session.attendees_set", by=by, affiliate=session.local, obj=session,
               changes={"attendees": [before, after]})
    return result


# --- the transcript -------------------------------------------------------------------------


def _problem(line: int, message: str) -> str:
    if not line:
        return message
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def _problems(error: transcripts.TranscriptError) -> list[str]:
    shown = [_problem(line, message) for line, message in error.problems[:MAX_PROBLEMS_SHOWN]]
    more = len(error.problems) - MAX_PROBLEMS_SHOWN
    if more > 0:
        shown.append(ngettext("… and %(n)s more problem.", "… and %(n)s more problems.", more)
                     % {"n": more})
    return shown


@transaction.atomic(durable=True)
def import_transcript(session: Session, text: str, *, format: str = "auto", by) -> int:
    """Read a transcript (typed text, WebVTT or SRT) into the session, replacing the one it
    had, and match its speakers to the attendees. Returns the number of segments.

    The attendees' names tell the reader who speaks ("Steve Bell" is one speaker, not "Steve"
    saying "Bell …"), and the video's length, when known, which times cannot be right. Any
    problem: ValidationError listing each one with its line, and nothing is written."""
    require(by, session.local, Perm.BARGAIN)
    if format not in transcripts.FORMATS:
        raise ValidationError(_("Choose the transcript's format."))
    text = text or ""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValidationError(_("The transcript is larger than 5 MB: split the session's "
                                "transcript or shorten it."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    attendees = list(session.attendees.all())
    try:
        segments = transcripts.parse(text, format, speakers=[a.name for a in attendees],
                                     duration=session.video_seconds)
    except transcripts.TranscriptError as exc:
        raise ValidationError(_problems(exc)) from None
    if len(segments) > MAX_SEGMENTS:
        raise ValidationError(_("The transcript has %(n)s lines; at most %(max)s can be "
                                "imported into one session.")
                              % {"n": len(segments), "max": MAX_SEGMENTS})
    before = session.segments.count()
    session.segments.all().delete()
    TranscriptSegment.objects.bulk_create([
        TranscriptSegment(session=session, position=i, start=seg.start, end=seg.end,
                          speaker=_name(seg.speaker)[:200], text=clean_text(seg.text))
        for i, seg in enumerate(segments)
    ], batch_size=2000)
    used = transcripts.detect_format(text) if format == "auto" else format
    previous_format = session.transcript_format
    session.transcript_format = used
    session.transcript_imported_at = timezone.now()
    session.save(update_fields=["transcript_format", "transcript_imported_at"])
    unmapped = map_speakers(session)
    record("transcript.imported", by=by, affiliate=session.local, obj=session, changes={
        "segments": [before, len(segments)], "format": [previous_format or None, used],
        "unmapped_speakers": [None, unmapped[:50]]})
    return len(segments)


def match_attendee(label: str, attendees) -> Attendee | None:
    """The attendee a speaker label names: the one whose full name it is, else the only one
    with that first name; any case. None when nobody or more than one fits."""
    wanted = " ".join((label or "").split()).casefold()
    if not wanted:
        return None
    full = [a for a in attendees if " ".join(a.name.split()).casefold() == wanted]
    if len(full) == 1:
        return full[0]
    if full:
        return None
    first = [a for a in attendees if a.name.split() and a.name.split()[0].casefold() == wanted]
    return first[0] if len(first) == 1 else None


def map_speakers(session: Session, *, only_unmapped: bool = False) -> list[str]:
    """Match the transcript's speaker labels to the session's attendees (`match_attendee`),
    inside the calling action's transaction. One update per attendee, whatever the length of
    the transcript. Returns the labels left unmatched."""
    segments = TranscriptSegment.objects.filter(session=session).exclude(speaker="")
    if only_unmapped:
        segments = segments.filter(attendee=None)
    labels = sorted(set(segments.values_list("speaker", flat=True).distinct()))
    attendees = list(session.attendees.all())
    by_attendee: dict[int, list[str]] = {}
    unmapped = []
    for label in labels:
        attendee = match_attendee(label, attendees)
        if attendee is None:
            unmapped.append(label)
        else:
            by_attendee.setdefault(attendee.pk, []).append(label)
    for attendee_id, names in by_attendee.items():
        segments.filter(speaker__in=names).update(attendee_id=attendee_id)
    return unmapped


def _set_label(session: Session, label: str, attendee: Attendee | None) -> tuple:
    if attendee is not None and attendee.session_id != session.pk:
        raise ValidationError(_("Choose one of this session's attendees."))
    segments = session.segments.filter(speaker=label)
    old = sorted({a for a in segments.values_list("attendee__name", flat=True) if a})
    count = segments.update(attendee=attendee)
    if not count:
        raise ValidationError(_("No line of the transcript has the speaker “%(label)s”.")
                              % {"label": label})
    return ", ".join(old) or None, attendee.name if attendee else None


@transaction.atomic(durable=True)
def map_speaker(session: Session, speaker_label: str, attendee: Attendee | None, *,
                by) -> None:
    """Every line whose speaker is written `speaker_label` is said by `attendee` (None: by
    nobody known). For the labels the matching by name missed."""
    require(by, session.local, Perm.BARGAIN)
    old, new = _set_label(session, speaker_label, attendee)
    record("transcript.speakers_mapped", by=by, affiliate=session.local, obj=session,
           changes={speaker_label: [old, new]})


@transaction.atomic(durable=True)
def map_speaker_labels(session: Session, mapping: dict, *, by) -> int:
    """`map_speaker` for several labels at once ({label: attendee or None}), all or none.
    Returns how many labels changed."""
    require(by, session.local, Perm.BARGAIN)
    changes = {}
    for label, attendee in mapping.items():
        old, new = _set_label(session, label, attendee)
        if old != new:
            changes[label] = [old, new]
    if changes:
        record("transcript.speakers_mapped", by=by, affiliate=session.local, obj=session,
               changes=changes)
    return len(changes)
