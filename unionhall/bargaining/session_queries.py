"""Reads for the session pages that queries.py does not already have: a transcript a page at a
time, the speaker labels a transcript uses, and where a given line of it is shown.

A transcript can run to tens of thousands of lines, so the session page shows it
`SEGMENTS_PER_PAGE` at a time; `segment_page` and `segment_url` say on which page a line is,
so a link to a line (from search, say) lands on it."""

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.bargaining.models import Attendee, Side, TranscriptSegment
from unionhall.members.models import Person

SEGMENTS_PER_PAGE = 500
# The side as a short badge beside a speaker's name (the model's label for "other" is long).
SIDE_SHORT = {Side.UNION: _("Union"), Side.DISTRICT: _("District"),
              Side.OTHER: pgettext_lazy("bargaining side", "Other")}


def segment_page(position: int) -> int:
    """The page (from 1) of the session page that shows the segment at `position` (from 0)."""
    return max(0, int(position)) // SEGMENTS_PER_PAGE + 1


def segment_url(local_slug: str, session_id: int, position: int) -> str:
    """The session page at that line of its transcript: `…/sessions/7/?page=2#seg-612`."""
    url = reverse("session_detail", kwargs={"local_slug": local_slug, "pk": session_id})
    page = segment_page(position)
    query = f"?page={page}" if page > 1 else ""
    return f"{url}{query}#seg-{int(position)}"


def page_count(total: int) -> int:
    return max(1, -(-total // SEGMENTS_PER_PAGE))


def transcript_page(session, page: int) -> list[TranscriptSegment]:
    """The segments shown on one page, in order: one query whatever their number. Their
    attendees are not joined: the caller has the session's attendees already."""
    first = (page - 1) * SEGMENTS_PER_PAGE
    return list(TranscriptSegment.objects.filter(
        session=session, position__gte=first, position__lt=first + SEGMENTS_PER_PAGE,
    ).order_by("position").only("position", "start", "speaker", "attendee_id", "text"))


def segment_total(session) -> int:
    """How many segments: positions run 0..n-1, so this is one indexed lookup."""
    last = session.segments.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def attendees_of(session) -> list[Attendee]:
    """The session's attendees, the union's first, then the district's, then anyone else."""
    order = {Side.UNION: 0, Side.DISTRICT: 1}
    return sorted(Attendee.objects.filter(session=session).select_related("person"),
                  key=lambda a: (order.get(a.side, 2), a.name.casefold()))


def attendees_by_side(attendees) -> list[tuple[str, str, list]]:
    """[(side, label, attendees)] for the sides that have someone, union first."""
    out = []
    for value, label in ((Side.UNION, SIDE_SHORT[Side.UNION]),
                         (Side.DISTRICT, SIDE_SHORT[Side.DISTRICT]),
                         (Side.OTHER, SIDE_SHORT[Side.OTHER])):
        people = [a for a in attendees if a.side == value]
        if people:
            out.append((value, label, people))
    return out


def speaker_labels(session) -> list[dict]:
    """Each speaker label the transcript uses (as written), with how many segments carry it
    and the attendee they are matched to (None when unmatched, or when its segments are matched
    to different attendees: then `mixed`). Unnamed segments are left out."""
    rows = (TranscriptSegment.objects.filter(session=session).exclude(speaker="")
            .values("speaker", "attendee_id").annotate(n=Count("id")).order_by("speaker"))
    labels: dict[str, dict] = {}
    for row in rows:
        entry = labels.setdefault(row["speaker"], {"label": row["speaker"], "count": 0,
                                                   "attendees": set()})
        entry["count"] += row["n"]
        entry["attendees"].add(row["attendee_id"])
    out = []
    for entry in labels.values():
        ids = entry.pop("attendees")
        entry["mixed"] = len(ids) > 1
        entry["attendee_id"] = next(iter(ids)) if len(ids) == 1 else None
        out.append(entry)
    return out


def unmapped_labels(session) -> list[str]:
    return sorted(TranscriptSegment.objects.filter(session=session, attendee=None)
                  .exclude(speaker="").values_list("speaker", flat=True).distinct())


def person_by_employee_id(local, employee_id: str) -> Person | None:
    return Person.objects.filter(local=local, employee_id=employee_id.strip()).first()
