"""Meeting pages: the list, a meeting with its agenda, live quorum and motions, sign-in by the
room code, attendance at the door, minutes and the printable sign-in sheet.

Who sees what: anyone with standing in the local sees meetings, agendas, motions, counts and
approved minutes; the names of who attended are for who runs meetings (RUN_MEETINGS) or marks
attendance (MARK_ATTENDANCE). A member signs in only themself, with the code shown in the room.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core.decorators import in_local_time, local_view, mfa_setup_url
from unionhall.core.permissions import Perm
from unionhall.democracy import actions
from unionhall.democracy import meeting_queries as q
from unionhall.democracy.actions.meetings import format_code
from unionhall.democracy.meeting_forms import (
    AgendaItemForm,
    AmendForm,
    ApproveMinutesForm,
    HandVoteForm,
    MeetingForm,
    MinutesForm,
    MoveMotionForm,
    SearchForm,
    SecondForm,
    SecretVoteForm,
    SignInForm,
)
from unionhall.democracy.models import Meeting, Motion

PAST_SHOWN = 50
POLL_SECONDS = 5


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _back(meeting: Meeting, name: str = "meeting_detail", anchor: str = ""):
    url = reverse(name, kwargs={"local_slug": meeting.local.slug, "pk": meeting.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _label(meeting: Meeting) -> str:
    when = date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    return f"{when} · {meeting.title}"


def _roles(access) -> dict:
    return {"can_run": access.can(Perm.RUN_MEETINGS),
            "can_mark": access.can(Perm.MARK_ATTENDANCE),
            "sees_names": q.can_see_names(access)}


# --- List, new, edit --------------------------------------------------------------------------


@local_view()
@in_local_time
def meeting_list(request):
    upcoming, past = q.split_meetings(q.meetings_for(request.access))
    return render(request, "democracy/meetings/list.html", {
        "upcoming": upcoming, "past": past[:PAST_SHOWN], "more_past": len(past) > PAST_SHOWN,
        **_roles(request.access)})


@local_view(Perm.RUN_MEETINGS)
@in_local_time
def meeting_new(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.create_meeting(request.local, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Meeting scheduled. Now add its agenda."))
            return _back(meeting, "meeting_agenda")
    return render(request, "democracy/meetings/form.html", {"form": form, "meeting": None},
                  status=400 if form.is_bound and form.errors else 200)


@local_view(Perm.RUN_MEETINGS)
@in_local_time
def meeting_edit(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    initial = {f: getattr(meeting, f) for f in actions.meetings.MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_meeting(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return _back(meeting)
    return render(request, "democracy/meetings/form.html", {"form": form, "meeting": meeting},
                  status=400 if form.is_bound and form.errors else 200)


# --- A meeting --------------------------------------------------------------------------------


def _chair_forms(nodes, present, agenda) -> None:
    """Attach to each motion still on the floor the forms its chair uses."""
    for node in nodes:
        m = node.motion
        prefix = f"m{m.pk}"
        node.forms = {}
        if m.status == Motion.Status.MOVED:
            node.forms["second"] = SecondForm(present=present, prefix=prefix)
        if m.status in (Motion.Status.MOVED, Motion.Status.SECONDED):
            node.forms["amend"] = AmendForm(present=present, prefix=prefix + "a",
                                            initial={"text": m.text})
        if m.status == Motion.Status.SECONDED and not m.has_pending_amendment:
            node.forms["hands"] = HandVoteForm(prefix=prefix + "h")
            node.forms["secret"] = SecretVoteForm(prefix=prefix + "s")
        _chair_forms(node.amendments, present, agenda)


@local_view()
@in_local_time
def meeting_detail(request, pk: int):
    access = request.access
    meeting = q.meeting_or_404(access, pk)
    roles = _roles(access)
    agenda = list(meeting.agenda.all())
    motions = q.motions_of(meeting)
    context = {
        "meeting": meeting, "agenda": agenda, "motions": motions, "turnout": q.turnout(meeting),
        "mine": q.my_attendance(meeting, access), "has_person": access.person_id is not None,
        "poll_seconds": POLL_SECONDS, **roles,
    }
    if meeting.sign_in_open and access.person_id is not None:
        context["sign_in_form"] = SignInForm()
    if roles["sees_names"] and meeting.sign_in_open:
        context["code"] = format_code(meeting.sign_in_code)
    if roles["can_run"]:
        present = [a.person for a in q.attendance_list(meeting)]
        context["move_form"] = MoveMotionForm(present=present, agenda=agenda, prefix="move")
        _chair_forms(motions, present, agenda)
        to_approve = q.minutes_to_approve(meeting)
        context["to_approve"] = to_approve
    return render(request, "democracy/meetings/detail.html", context)


@local_view()
@in_local_time
def meeting_quorum(request, pk: int):
    """The live quorum: a fragment for the page's poll, or a full page for the screen in the
    room (with the sign-in code, for who runs the meeting or marks attendance)."""
    access = request.access
    meeting = q.meeting_or_404(access, pk)
    context = {"meeting": meeting, "turnout": q.turnout(meeting),
               "poll_seconds": POLL_SECONDS, **_roles(access)}
    if context["sees_names"] and meeting.sign_in_open:
        context["code"] = format_code(meeting.sign_in_code)
    if request.GET.get("fragment") or request.headers.get("X-Requested-With") == "fetch":
        response = render(request, "democracy/meetings/_quorum_panel.html", context)
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "democracy/meetings/quorum.html", context)


@require_POST
@local_view(Perm.RUN_MEETINGS)
def meeting_sign_in_open(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    try:
        meeting = actions.open_sign_in(meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Sign-in is open. Show the code %(code)s in the room.") % {
            "code": format_code(meeting.sign_in_code)})
    return _back(meeting)


@require_POST
@local_view(Perm.RUN_MEETINGS)
def meeting_sign_in_close(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    actions.close_sign_in(meeting, by=request.user)
    messages.success(request, _("Sign-in is closed. Stewards can still mark members present."))
    return _back(meeting)


@local_view()
@in_local_time
def meeting_sign_in(request, pk: int):
    """A member signs in on their phone with the code shown in the room."""
    access = request.access
    if access.person_id is None:
        raise PermissionDenied
    meeting = q.meeting_or_404(access, pk)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign_in_with_code(meeting, form.cleaned_data["code"], by=request.user)
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            messages.success(request, _("You are signed in. Welcome!"))
            return _back(meeting)
    return render(request, "democracy/meetings/sign_in.html", {
        "meeting": meeting, "form": form, "mine": q.my_attendance(meeting, access)},
        status=400 if form.is_bound and form.errors else 200)


# --- Attendance -------------------------------------------------------------------------------


@local_view(Perm.MARK_ATTENDANCE)
@in_local_time
def meeting_attendance(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    return render(request, "democracy/meetings/attendance.html", {
        "meeting": meeting, "form": form, "q": text,
        "results": q.search_people(meeting, text) if text else None,
        "attendance": q.attendance_list(meeting), "turnout": q.turnout(meeting),
        "poll_seconds": POLL_SECONDS, **_roles(request.access)})


def _attendance_back(request, meeting):
    url = reverse("meeting_attendance", kwargs={"local_slug": meeting.local.slug,
                                                "pk": meeting.pk})
    text = request.POST.get("q", "").strip()[:100]
    if text:
        from urllib.parse import urlencode

        url += "?" + urlencode({"q": text})
    return redirect(url)


@require_POST
@local_view(Perm.MARK_ATTENDANCE)
def meeting_mark_present(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    if not request.POST.get("person"):
        messages.error(request, _("Search for the member, then choose “Mark present”."))
        return _attendance_back(request, meeting)
    person = q.person_in_local_or_404(request.access, request.POST.get("person"))
    try:
        actions.mark_present(meeting, person, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("%(name)s is marked present.") % {
            "name": person.display_name})
    return _attendance_back(request, meeting)


@require_POST
@local_view(Perm.MARK_ATTENDANCE)
def meeting_unmark_present(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    if not request.POST.get("person"):
        return _attendance_back(request, meeting)
    person = q.person_in_local_or_404(request.access, request.POST.get("person"))
    try:
        actions.unmark_present(meeting, person, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("%(name)s is no longer on the attendance.") % {
            "name": person.display_name})
    return _attendance_back(request, meeting)


@local_view()
@in_local_time
def meeting_sign_in_sheet(request, pk: int):
    """A printable sheet: members in good standing in alphabetical order, a signature each."""
    access = request.access
    if not q.can_see_names(access):
        raise PermissionDenied
    if access.needs_mfa:
        return redirect(mfa_setup_url(request))
    meeting = q.meeting_or_404(access, pk)
    only_present = request.GET.get("present") == "1"
    return render(request, "democracy/meetings/sign_in_sheet.html", {
        "meeting": meeting, "people": q.sign_in_sheet(meeting, only_present=only_present),
        "only_present": only_present, "blank_rows": range(10)})


# --- Agenda -----------------------------------------------------------------------------------


@local_view(Perm.RUN_MEETINGS)
@in_local_time
def meeting_agenda(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_agenda_item(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Item added to the agenda."))
            return _back(meeting, "meeting_agenda")
    return render(request, "democracy/meetings/agenda.html", {
        "meeting": meeting, "agenda": list(meeting.agenda.all()), "form": form},
        status=400 if form.is_bound and form.errors else 200)


@local_view(Perm.RUN_MEETINGS)
@in_local_time
def agenda_item_edit(request, pk: int, item_pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    item = q.agenda_item_or_404(meeting, item_pk)
    form = AgendaItemForm(request.POST or None, initial={"title": item.title,
                                                         "notes": item.notes})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_agenda_item(item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Agenda item saved."))
            return _back(meeting, "meeting_agenda")
    return render(request, "democracy/meetings/agenda_item.html", {
        "meeting": meeting, "item": item, "form": form},
        status=400 if form.is_bound and form.errors else 200)


@require_POST
@local_view(Perm.RUN_MEETINGS)
def agenda_item_remove(request, pk: int, item_pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    item = q.agenda_item_or_404(meeting, item_pk)
    actions.remove_agenda_item(item, by=request.user)
    messages.success(request, _("“%(title)s” is off the agenda.") % {"title": item.title})
    return _back(meeting, "meeting_agenda")


@require_POST
@local_view(Perm.RUN_MEETINGS)
def agenda_item_move(request, pk: int, item_pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    item = q.agenda_item_or_404(meeting, item_pk)
    actions.move_agenda_item(item, up=request.POST.get("direction") != "down", by=request.user)
    return _back(meeting, "meeting_agenda", f"item-{item.pk}")


# --- Motions ----------------------------------------------------------------------------------


def _motion_action(request, pk, motion_pk, run):
    """Look the motion up in this meeting, run the action; a mistake is a message."""
    meeting = q.meeting_or_404(request.access, pk)
    motion = q.motion_or_404(meeting, motion_pk)
    try:
        done = run(meeting, motion)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if done:
            messages.success(request, done)
    return _back(meeting, anchor=f"motion-{motion.pk}")


def _present(meeting):
    return [a.person for a in q.attendance_list(meeting)]


@require_POST
@local_view(Perm.RUN_MEETINGS)
def motion_move(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    form = MoveMotionForm(request.POST, present=_present(meeting),
                          agenda=list(meeting.agenda.all()), prefix="move")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(meeting, anchor="move")
    try:
        motion = actions.move_motion(meeting, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _back(meeting, anchor="move")
    messages.success(request, _("Motion moved. It needs a second."))
    return _back(meeting, anchor=f"motion-{motion.pk}")


@require_POST
@local_view(Perm.RUN_MEETINGS)
def motion_second(request, pk: int, motion_pk: int):
    def run(meeting, motion):
        form = SecondForm(request.POST, present=_present(meeting), prefix=f"m{motion.pk}")
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        actions.second_motion(motion, seconded_by=form.cleaned_data["seconded_by"],
                              by=request.user)
        return _("Motion seconded: it is open for debate.")

    return _motion_action(request, pk, motion_pk, run)


@require_POST
@local_view(Perm.RUN_MEETINGS)
def motion_amend(request, pk: int, motion_pk: int):
    def run(meeting, motion):
        form = AmendForm(request.POST, present=_present(meeting), prefix=f"m{motion.pk}a")
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        actions.amend_motion(motion, by=request.user, **form.cleaned_data)
        return _("Amendment moved. It needs a second, then a vote before the motion.")

    return _motion_action(request, pk, motion_pk, run)


@require_POST
@local_view(Perm.RUN_MEETINGS)
def motion_withdraw(request, pk: int, motion_pk: int):
    def run(meeting, motion):
        actions.withdraw_motion(motion, by=request.user)
        return _("Motion withdrawn.")

    return _motion_action(request, pk, motion_pk, run)


@require_POST
@local_view(Perm.RUN_MEETINGS)
def motion_hand_vote(request, pk: int, motion_pk: int):
    def run(meeting, motion):
        form = HandVoteForm(request.POST, prefix=f"m{motion.pk}h")
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        data = form.cleaned_data
        motion = actions.record_hand_vote(motion, yes=data["yes"], no=data["no"],
                                          abstain=data["abstain"] or 0, by=request.user)
        if motion.status == Motion.Status.PASSED:
            return _("The motion passed (%(yes)s yes, %(no)s no, %(abstain)s abstaining).") % {
                "yes": motion.yes, "no": motion.no, "abstain": motion.abstain}
        return _("The motion failed (%(yes)s yes, %(no)s no, %(abstain)s abstaining).") % {
            "yes": motion.yes, "no": motion.no, "abstain": motion.abstain}

    return _motion_action(request, pk, motion_pk, run)


@require_POST
@local_view(Perm.RUN_MEETINGS)
def motion_secret_vote(request, pk: int, motion_pk: int):
    def run(meeting, motion):
        form = SecretVoteForm(request.POST, prefix=f"m{motion.pk}s")
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        if actions.meetings.pending_amendments(motion):
            raise ValidationError(_("Vote on the pending amendment first, or withdraw it."))
        actions.start_motion_vote(motion, minutes=form.cleaned_data["minutes"],
                                  by=request.user)
        return _("The secret vote is open. Members signed in vote on their phones.")

    return _motion_action(request, pk, motion_pk, run)


@require_POST
@local_view(Perm.RUN_MEETINGS)
def motion_secret_vote_close(request, pk: int, motion_pk: int):
    def run(meeting, motion):
        actions.close_motion_vote(motion, by=request.user)
        return _("The vote is closed and counted.")

    return _motion_action(request, pk, motion_pk, run)


# --- Minutes ----------------------------------------------------------------------------------


@local_view()
@in_local_time
def meeting_minutes(request, pk: int):
    """Approved minutes for everyone; the draft and its editor for who runs meetings."""
    access = request.access
    meeting = q.meeting_or_404(access, pk)
    can_run = access.can(Perm.RUN_MEETINGS)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                actions.save_minutes(meeting, form.cleaned_data["text"], by=request.user)
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(request, _("Draft minutes saved."))
            return _back(meeting, "meeting_minutes")
    else:
        form = MinutesForm(initial={"text": meeting.minutes})
    context = {"meeting": meeting, "can_run": can_run}
    if can_run and meeting.minutes_status != Meeting.MinutesStatus.APPROVED:
        later = q.later_meetings(meeting)
        for m in later:
            m.label = _label(m)
        context["form"] = form
        if meeting.minutes_status == Meeting.MinutesStatus.DRAFT and later:
            context["approve_form"] = ApproveMinutesForm(meetings=later)
    return render(request, "democracy/meetings/minutes.html", context,
                  status=400 if form.is_bound and form.errors else 200)


@require_POST
@local_view(Perm.RUN_MEETINGS)
@in_local_time
def meeting_minutes_approve(request, pk: int):
    meeting = q.meeting_or_404(request.access, pk)
    at_pk = request.POST.get("at_meeting")
    at_meeting = None
    if at_pk:
        try:
            at_meeting = q.meeting_or_404(request.access, int(at_pk))
        except (ValueError, TypeError):
            at_meeting = None
    try:
        actions.approve_minutes(meeting, at_meeting=at_meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _back(meeting, "meeting_minutes")
    messages.success(request, _("The minutes of %(meeting)s are approved.") % {
        "meeting": _label(meeting)})
    if request.POST.get("next") == "at_meeting":
        return _back(at_meeting)
    return _back(meeting, "meeting_minutes")
