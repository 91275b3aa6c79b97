"""The RSVP link from the invitation email: it works signed out. Mail scanners open links to
check them, so opening the link only shows the answer, preselected, with a button: the answer
changes when the person presses it (a POST). A link that was not made here, or was changed, is a
404 with a message saying so.

Root URL (no local in it): `rsvp/<str:token>/`, name `event_rsvp_link`."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from unionhall.events import actions, links
from unionhall.events import queries as q
from unionhall.events.forms import RSVPForm
from unionhall.events.models import RSVP, Event
from unionhall.events.views import outcome
from unionhall.members.models import Person


def _private(response):
    """The token is a key: keep it out of caches, search engines and other sites' logs (not
    "no-referrer": the browser would then send `Origin: null` and fail the form's CSRF check)."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _bad_link(request):
    return _private(render(request, "events/rsvp_link_invalid.html", status=404))


@require_http_methods(["GET", "POST"])
def rsvp_link(request, token: str):
    ids = links.read_rsvp_token(token)
    if ids is None:
        return _bad_link(request)
    event = Event.objects.select_related("local").filter(pk=ids[0]).first()
    person = (Person.objects.filter(pk=ids[1], local_id=event.local_id).first()
              if event is not None else None)
    if person is None:
        return _bad_link(request)
    with timezone.override(ZoneInfo(event.local.time_zone)):
        return _rsvp_link(request, token, event, person)


def _rsvp_link(request, token: str, event: Event, person: Person):
    here = reverse("event_rsvp_link", kwargs={"token": token})
    if request.method == "POST":
        form = RSVPForm(request.POST)
        if form.is_valid():
            try:
                rsvp = actions.answer_rsvp(event, person, form.cleaned_data["answer"], by=None,
                                           via="email")
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, outcome(rsvp))
                return _private(redirect(here))
    else:
        answer = request.GET.get("answer")
        form = RSVPForm(initial={"answer": answer if answer in RSVP.Answer.values else None})
    mine = q.my_rsvp(event, person.pk)
    now = timezone.now()
    invited = q.is_invited(event, person)
    open_ = invited and event.status == Event.Status.PUBLISHED and not q.is_over(event, now)
    going = mine is not None and mine.answer == RSVP.Answer.YES and not mine.waitlisted
    return _private(render(request, "events/rsvp_link.html", {
        "event": event, "person": person, "when": q.when(event), "form": form, "open": open_,
        "invited": invited,
        "over": q.is_over(event, now), "mine": mine, "place": q.place_in_line(mine),
        "going": going,
        "code": links.format_check_in_code(links.check_in_code(event.pk, person.pk))
        if going else "",
        "detail_url": reverse("event_detail", kwargs={"local_slug": event.local.slug,
                                                      "pk": event.pk}),
    }, status=400 if form.is_bound and form.errors else 200))
