"""Event pages: the list, an event with the viewer's answer and check-in code, creating and
changing events, publishing and cancelling, and the door (check-in by code or by name).

Who sees what is in `queries` (an event someone is not invited to is a 404 for them); who may
do what is checked again by each action. The tokened RSVP link from the email is in
`link_views` (it works signed out)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core import markdown
from unionhall.core.decorators import in_local_time, local_view, mfa_setup_url
from unionhall.core.permissions import Perm
from unionhall.events import actions, links
from unionhall.events import queries as q
from unionhall.events.forms import DoorCodeForm, EventForm, PersonalCodeForm, RSVPForm, SearchForm
from unionhall.events.models import RSVP, Event


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _back(event: Event, name: str = "event_detail", anchor: str = "", query: str = ""):
    url = reverse(name, kwargs={"local_slug": event.local.slug, "pk": event.pk})
    return redirect(url + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else ""))


def _roles(access) -> dict:
    return {"can_run": q.can_run(access), "can_door": q.can_door(access)}


def outcome(rsvp: RSVP, place: int | None = None) -> str:
    """What an answer means for the person, in a sentence (the page and the email link)."""
    if rsvp.answer == RSVP.Answer.YES and rsvp.waitlisted:
        return _("The event is full: you are number %(n)s on the wait list. We will email you "
                 "if a place frees up.") % {"n": place or q.place_in_line(rsvp)}
    if rsvp.answer == RSVP.Answer.YES:
        return _("You're going. Your check-in code is on the event's page.")
    if rsvp.answer == RSVP.Answer.MAYBE:
        return _("You answered maybe. Say yes when you know, to keep a place.")
    return _("Thanks for letting us know: you're not going.")


# --- The list, new, edit ----------------------------------------------------------------------


@local_view()
@in_local_time
def event_list(request):
    lists = q.events_for(request.access)
    for event in lists.upcoming + lists.past:
        event.when_text = q.when(event)
    return render(request, "events/list.html", {
        "upcoming": lists.upcoming, "past": lists.past, "more_past": lists.more_past,
        "has_person": request.access.person_id is not None, **_roles(request.access)})


def _form_response(request, form, event):
    return render(request, "events/form.html", {"form": form, "event": event},
                  status=400 if form.is_bound and form.errors else 200)


@local_view(Perm.RUN_EVENTS)
@in_local_time
def event_new(request):
    form = EventForm(request.POST or None, local=request.local)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.create_event(request.local, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Event saved as a draft. Check it, then publish it to "
                                        "invite people."))
            return _back(event)
    return _form_response(request, form, None)


@local_view(Perm.RUN_EVENTS)
@in_local_time
def event_edit(request, pk: int):
    event = q.event_or_404(request.access, pk, with_audience=True)
    initial = {f: getattr(event, f) for f in actions.EVENT_FIELDS}
    initial["worksites"] = list(event.worksites.all())
    initial["job_families"] = list(event.job_families.all())
    form = EventForm(request.POST or None, initial=initial, local=request.local)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_event(event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Event saved."))
            return _back(event)
    return _form_response(request, form, event)


# --- An event ---------------------------------------------------------------------------------


def _check_in_open(event: Event, now) -> bool:
    return (event.status == Event.Status.PUBLISHED
            and event.starts_at - actions.CHECK_IN_OPENS <= now
            <= event.ends_at + actions.SELF_CHECK_IN_CLOSES)


@local_view()
@in_local_time
def event_detail(request, pk: int):
    access = request.access
    event = q.event_or_404(access, pk, with_audience=True)
    now = timezone.now()
    over = q.is_over(event, now)
    roles = _roles(access)
    invited = access.person_id is not None and q.is_invited(event, access.person_id)
    mine = q.my_rsvp(event, access.person_id)
    place = q.place_in_line(mine)
    check_in = q.my_check_in(event, access.person_id)
    going = mine is not None and mine.answer == RSVP.Answer.YES and not mine.waitlisted
    published = event.status == Event.Status.PUBLISHED
    counts = q.counts(event)
    context = {
        "event": event, "when": q.when(event), "over": over, "invited": invited,
        "description_html": mark_safe(markdown.render(event.description)),  # noqa: S308
        "mine": mine, "place": place, "going": going, "check_in": check_in,
        "counts": counts, "places_left": counts.places_left(event.capacity), **roles,
    }
    if invited and published and not over:
        context["rsvp_form"] = RSVPForm(initial={"answer": mine.answer if mine else None})
    if going and published and not check_in:
        context["my_code"] = links.format_check_in_code(
            links.check_in_code(event.pk, access.person_id))
    if (invited and not check_in and _check_in_open(event, now)
            and (event.capacity is None or going)):
        context["door_form"] = DoorCodeForm()
    if roles["can_door"] and published and event.door_code:
        context["door_code"] = links.format_door_code(event.door_code)
    if roles["can_run"] and access.needs_mfa:
        context["mfa_url"] = mfa_setup_url(request)  # names are personal data
    elif roles["can_run"]:
        context["answers"] = q.answers(event)
    return render(request, "events/detail.html", context)


@require_POST
@local_view()
def event_rsvp(request, pk: int):
    access = request.access
    event = q.event_or_404(access, pk)
    if access.person_id is None:
        raise PermissionDenied
    form = RSVPForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or maybe."))
        return _back(event, anchor="rsvp")
    try:
        rsvp = actions.answer_rsvp(event, request.user.person, form.cleaned_data["answer"],
                                   by=request.user, via="page")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, outcome(rsvp))
    return _back(event, anchor="rsvp")


@require_POST
@local_view()
def event_check_in(request, pk: int):
    """A member checks themself in with the code shown in the room."""
    access = request.access
    event = q.event_or_404(access, pk)
    if access.person_id is None:
        raise PermissionDenied
    form = DoorCodeForm(request.POST)
    code = form.data.get("code", "")[:20]
    try:
        check_in = actions.check_in_with_door_code(event, code, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("You're checked in. Welcome!") if check_in.created
                         else _("You were already checked in."))
    return _back(event, anchor="check-in")


@require_POST
@local_view(Perm.RUN_EVENTS)
def event_publish(request, pk: int):
    event = q.event_or_404(request.access, pk)
    try:
        event = actions.publish_event(event, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Published. Invitations are on their way to %(n)s people.")
                         % {"n": event.invitations})
    return _back(event)


@require_POST
@local_view(Perm.RUN_EVENTS)
def event_cancel(request, pk: int):
    event = q.event_or_404(request.access, pk)
    try:
        event = actions.cancel_event(event, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The event is cancelled. %(n)s people who said yes or "
                                    "maybe are told by email.") % {"n": event.told})
    return _back(event)


# --- The door ---------------------------------------------------------------------------------


def _door_back(request, event: Event):
    text = request.POST.get("q", "").strip()[:100]
    return _back(event, "event_door", query=urlencode({"q": text}) if text else "")


def _answer_note(rsvp: RSVP | None) -> str:
    if rsvp is None:
        return ""
    if rsvp.answer == RSVP.Answer.YES and rsvp.waitlisted:
        return _("Note: they were on the wait list.")
    if rsvp.answer == RSVP.Answer.NO:
        return _("Note: they had said no.")
    if rsvp.answer == RSVP.Answer.MAYBE:
        return _("Note: they had said maybe.")
    return ""


@local_view(Perm.MARK_ATTENDANCE)
@in_local_time
def event_door(request, pk: int):
    """Check-in at the door: the code on a member's phone, or a search by name."""
    event = q.event_or_404(request.access, pk)
    if request.method == "POST":
        return _door_post(request, event)
    search = SearchForm(request.GET or None)
    text = search.cleaned_data["q"].strip() if search.is_valid() else ""
    return render(request, "events/door.html", {
        "event": event, "when": q.when(event), "code_form": PersonalCodeForm(),
        "search": search, "q": text, "results": q.search_people(event, text) if text else None,
        "checked_in": q.checked_in_list(event), "counts": q.counts(event),
        "door_code": links.format_door_code(event.door_code) if event.door_code else "",
        "published": event.status == Event.Status.PUBLISHED, **_roles(request.access)})


def _door_post(request, event: Event):
    person_id = request.POST.get("person")
    code = request.POST.get("code", "")[:20]
    try:
        if person_id:
            person = q.person_in_local_or_404(request.access, person_id)
            check_in = actions.check_in_person(event, person, by=request.user)
            note = ""
        elif code.strip():
            check_in = actions.check_in_by_code(event, code, by=request.user)
            person, note = check_in.person, _answer_note(check_in.rsvp)
        else:
            messages.error(request, _("Type the code on the member's phone, or search for them "
                                      "by name."))
            return _door_back(request, event)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _door_back(request, event)
    if check_in.created:
        text = _("%(name)s is checked in.") % {"name": person.display_name}
    else:
        text = _("%(name)s was already checked in.") % {"name": person.display_name}
    messages.success(request, f"{text} {note}".strip())
    return _door_back(request, event)
