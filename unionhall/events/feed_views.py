"""Events in a calendar app: one event's `.ics` file, a person's private calendar feed of the
events they are invited to, and the page to get or revoke that feed's address.

The feed is read by calendar apps that cannot sign in, so its address is the key: it works
without signing in, and a new address or revoking it makes the old one a 404. It holds only
what the person could read on the events' own pages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from unionhall.core.decorators import in_local_time, local_view, mfa_setup_url
from unionhall.events import feeds, ics, queries, queries_activity
from unionhall.events.models import Event, PersonalFeed
from unionhall.members.models import Person

CALENDAR = "text/calendar; charset=utf-8"


@local_view()
def event_ics(request, pk: int):
    """One event as an `.ics` file, for who may see the event's page (`queries.event_or_404`:
    who is invited once it is published, who runs events, who checks people in at the door);
    anyone else in the local gets a 404."""
    access = request.access
    event = queries.event_or_404(access, pk)
    if access.needs_mfa and not (
            event.status != Event.Status.DRAFT and access.person_id is not None
            and queries.is_invited(event, access.person_id)):
        # Seen through a personal-data role (running events, the door), not as an invitee.
        return redirect(mfa_setup_url(request))
    body = ics.calendar([event], local=request.local, name=request.local.name,
                        now=timezone.now())
    response = HttpResponse(body, content_type=CALENDAR)
    name = (slugify(event.title) or "event")[:60]
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@local_view()
@in_local_time
def event_feed_settings(request):
    """Anyone whose own person is in the local: make, replace or revoke their private
    calendar address. The address is shown once, right after it is made."""
    access = request.access
    if access.person_id is None:
        raise PermissionDenied
    person = Person.objects.select_related("local").get(pk=access.person_id)
    url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            if feeds.revoke_feed(person, by=request.user):
                messages.success(request, _("Your calendar address is revoked: calendar apps "
                                            "that used it get nothing more."))
            return redirect("event_feed_settings", local_slug=request.local.slug)
        if action != "create":
            return redirect("event_feed_settings", local_slug=request.local.slug)
        token = feeds.create_feed(person, by=request.user)
        url = request.build_absolute_uri(reverse("event_feed_ics", args=[token]))
    feed = PersonalFeed.objects.filter(person=person).first()
    response = render(request, "events/feed_settings.html", {
        "feed": feed, "url": url,
        "webcal": "webcal://" + url.split("://", 1)[1] if url else None,
    })
    response["Cache-Control"] = "private, no-store"
    return response


def event_feed_ics(request, token: str):
    """The private feed: no sign-in, the token is the key. Seven queries whatever the number of
    events (the feed with its person, who they are and their roles, the events with their
    worksites and job families, the events' change counts)."""
    feed = feeds.feed_for_token(token)
    if feed is None:
        raise Http404
    person = feed.person
    user = getattr(person, "user", None) if _has_account(person) else None
    if user is not None and not user.is_active:
        raise Http404
    local = person.local
    now = timezone.now()
    with translation.override(person.language or local.language):
        events = queries_activity.calendar_events(person, now=now)
        body = ics.calendar(events, local=local, now=now,
                            name=_("%(local)s: my events") % {"local": local.name})
    response = HttpResponse(body, content_type=CALENDAR)
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _has_account(person) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return person.user is not None
    except ObjectDoesNotExist:
        return False
