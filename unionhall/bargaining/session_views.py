"""Session pages: the list, a session with its attendees, agenda, notes and transcript, and the
team's pages to add and change one, list who attended, import its transcript and match its
speakers to the attendees.

Who sees what (queries.sessions_for, queries.sees_notes): everyone with standing in the local
reads published sessions and their transcripts; the bargaining team also drafts and the team's
notes. Anyone else in the local gets "not found" on a draft; an outsider is refused at the
local's door."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from unionhall.bargaining import queries, session_queries, transcripts
from unionhall.bargaining.actions import sessions as actions
from unionhall.bargaining.models import Post, TranscriptSegment
from unionhall.bargaining.session_forms import (
    AttendeeFormSet,
    PublishForm,
    SessionForm,
    SpeakersForm,
    TranscriptForm,
)
from unionhall.core.decorators import in_local_time, local_view
from unionhall.core.permissions import Perm


def _detail_url(session, anchor: str = "") -> str:
    url = reverse("session_detail", kwargs={"local_slug": session.local.slug, "pk": session.pk})
    return url + (f"#{anchor}" if anchor else "")


@local_view()
@in_local_time
def session_list(request):
    access = request.access
    sessions = queries.sessions_for(access).annotate(
        has_transcript=Exists(TranscriptSegment.objects.filter(session=OuterRef("pk"))))
    return render(request, "bargaining/session_list.html", {
        "sessions": sessions, "team": queries.is_team(access)})


@local_view(Perm.BARGAIN)
def session_new(request):
    form = SessionForm(request.POST or None, initial={"held_on": request.local.today()})
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.create_session(request.local, by=request.user,
                                             **form.action_kwargs())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Session added. Only the bargaining team sees it "
                                        "until you publish it."))
            return redirect(_detail_url(session))
    return render(request, "bargaining/session_form.html", {"form": form, "session": None})


@local_view(Perm.BARGAIN)
def session_edit(request, pk: int):
    session = queries.session_or_404(request.access, pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_session(session, by=request.user, **form.action_kwargs())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Session saved."))
            return redirect(_detail_url(session))
    return render(request, "bargaining/session_form.html", {"form": form, "session": session})


@require_POST
@local_view(Perm.BARGAIN)
def session_publish(request, pk: int):
    session = queries.session_or_404(request.access, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to publish the session or take it back."))
        return redirect(_detail_url(session))
    try:
        session = actions.publish_session(session, published=form.cleaned_data["published"],
                                          by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if session.published:
            messages.success(request, _("Published: everyone in the local can read the "
                                        "session and its transcript."))
        else:
            messages.success(request, _("Unpublished: only the bargaining team sees the "
                                        "session now."))
    return redirect(_detail_url(session))


@local_view(Perm.BARGAIN)
def session_attendees(request, pk: int):
    session = queries.session_or_404(request.access, pk)
    attendees = session_queries.attendees_of(session)
    initial = [{"side": a.side, "name": a.name, "role": a.role,
                "linked": a.person_id or ""} for a in attendees]
    formset = AttendeeFormSet(request.POST or None, initial=initial, prefix="a", form_kwargs={
        "local": request.local, "people": {a.person_id: a.person for a in attendees}})
    if request.method == "POST" and formset.is_valid():
        try:
            actions.set_attendees(session, formset.rows(), by=request.user)
        except ValidationError as exc:
            formset.problems = exc.messages
        else:
            messages.success(request, _("Attendees saved."))
            if "more" in request.POST:
                return redirect(reverse("session_attendees", kwargs={
                    "local_slug": request.local.slug, "pk": session.pk}))
            return redirect(_detail_url(session, "attendees"))
    return render(request, "bargaining/session_attendees.html", {
        "session": session, "formset": formset,
        "problems": getattr(formset, "problems", [])})


def _segment_rows(session, segments, attendees: dict) -> list[dict]:
    rows = []
    for seg in segments:
        attendee = attendees.get(seg.attendee_id)
        link = time = ""
        if seg.start is not None:
            time = transcripts.format_time(seg.start)
            link = transcripts.video_link(session.video_url, seg.start)
        rows.append({
            "position": seg.position, "time": time, "link": link, "text": seg.text,
            "speaker": attendee.name if attendee else seg.speaker,
            "side": session_queries.SIDE_SHORT.get(attendee.side) if attendee else None,
        })
    return rows


def _page_number(request, pages: int) -> int:
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    return min(max(page, 1), pages)


@local_view()
@in_local_time
def session_detail(request, pk: int):
    access = request.access
    session = queries.session_or_404(access, pk)
    team = queries.is_team(access)
    attendees = session_queries.attendees_of(session)
    total = session_queries.segment_total(session)
    pages = session_queries.page_count(total)
    page = _page_number(request, pages)
    segments = session_queries.transcript_page(session, page) if total else []
    per_page = session_queries.SEGMENTS_PER_PAGE
    ctx = {
        "session": session, "team": team, "sees_notes": queries.sees_notes(access, session),
        "video": transcripts.video_link(session.video_url, None),
        "sides": session_queries.attendees_by_side(attendees),
        "segments": _segment_rows(session, segments, {a.pk: a for a in attendees}),
        "total": total, "page": page,
        "pages": [(n, (n - 1) * per_page + 1, min(n * per_page, total))
                  for n in range(1, pages + 1)] if pages > 1 else [],
        "proposals": list(queries.proposals_for(access).filter(session=session)
                          .order_by("label")),
        "posts": list(queries.posts_for(access).filter(sessions=session,
                                                       status=Post.Status.PUBLISHED)),
        "unmapped": session_queries.unmapped_labels(session) if team and total else [],
    }
    return render(request, "bargaining/session_detail.html", ctx)


@local_view(Perm.BARGAIN)
def transcript_import(request, pk: int):
    session = queries.session_or_404(request.access, pk)
    problems = []
    form = TranscriptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text, fmt = form.cleaned_data["text"], form.cleaned_data["format"]
        try:
            count = actions.import_transcript(session, text, format=fmt, by=request.user)
        except ValidationError as exc:
            problems = exc.messages
            # The text stays in the form, a file's too, to be corrected there.
            form = TranscriptForm(initial={"text": text, "format": fmt})
        else:
            _imported_message(request, session, count)
            return redirect(_detail_url(session, "transcript"))
    return render(request, "bargaining/transcript_import.html", {
        "session": session, "form": form, "problems": problems,
        "current": session_queries.segment_total(session),
        "attendees": session_queries.attendees_of(session)})


def _imported_message(request, session, count: int) -> None:
    text = ngettext("%(n)s line imported.", "%(n)s lines imported.", count) % {"n": count}
    unmapped = session_queries.unmapped_labels(session)
    if not unmapped:
        messages.success(request, text)
        return
    imported = ngettext("%(n)s line imported", "%(n)s lines imported", count) % {"n": count}
    unmatched = ngettext("%(k)s speaker not matched to attendees: %(names)s.",
                         "%(k)s speakers not matched to attendees: %(names)s.",
                         len(unmapped)) % {"k": len(unmapped), "names": ", ".join(unmapped[:20])}
    text = _("%(imported)s; %(unmatched)s") % {"imported": imported, "unmatched": unmatched}
    url = reverse("transcript_speakers", kwargs={"local_slug": session.local.slug,
                                                 "pk": session.pk})
    messages.warning(request, format_html('{} <a href="{}">{}</a>', text, url,
                                          _("Match the speakers to attendees")))


@local_view(Perm.BARGAIN)
def transcript_speakers(request, pk: int):
    session = queries.session_or_404(request.access, pk)
    labels = session_queries.speaker_labels(session)
    form = SpeakersForm(request.POST or None, labels=labels,
                        attendees=session_queries.attendees_of(session))
    if request.method == "POST" and form.is_valid():
        try:
            actions.map_speaker_labels(session, form.mapping(), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Speakers saved."))
            return redirect(_detail_url(session, "transcript"))
    return render(request, "bargaining/transcript_speakers.html", {
        "session": session, "form": form})


@local_view()
def transcript_vtt(request, pk: int):
    session = queries.session_or_404(request.access, pk)
    segments = [
        transcripts.Segment(start=s.start, end=s.end,
                            speaker=(s.attendee.name if s.attendee else s.speaker) or None,
                            text=s.text, line=0)
        for s in session.segments.select_related("attendee").order_by("position")]
    response = HttpResponse(transcripts.to_webvtt(segments),
                            content_type="text/vtt; charset=utf-8")
    name = f"{session.local.slug}-bargaining-session-{session.held_on.isoformat()}.vtt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
