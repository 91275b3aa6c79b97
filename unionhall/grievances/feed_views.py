"""The private iCalendar feed of a steward's deadlines, and the page to get or revoke it.

The feed is read by calendar apps that cannot sign in, so the address is the key. It names
cases by number and step only, never a grievant: calendars are synced to other companies'
servers. Each fetch checks again that the user still handles grievances in the local.
"""

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from unionhall.core.decorators import local_view
from unionhall.core.permissions import Perm, access_for
from unionhall.grievances import actions, queries
from unionhall.grievances.actions.feeds import token_hash
from unionhall.grievances.models import CalendarFeed, Grievance


@local_view(Perm.HANDLE_GRIEVANCES)
def grievance_feed(request):
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            actions.revoke_feed(request.local, by=request.user)
            return redirect("grievance_feed", local_slug=request.local.slug)
        token = actions.create_feed(request.local, by=request.user)
    feed = CalendarFeed.objects.filter(user=request.user, local=request.local).first()
    url = (request.build_absolute_uri(reverse("grievance_feed_ics", args=[token]))
           if token else None)
    return render(request, "grievances/feed.html", {"feed": feed, "url": url})


def grievance_feed_ics(request, token: str):
    feed = (CalendarFeed.objects.select_related("user", "local")
            .filter(token_hash=token_hash(token)).first())
    if feed is None or not feed.user.is_active:
        raise Http404
    access = access_for(feed.user, feed.local)
    if not access.can(Perm.HANDLE_GRIEVANCES):
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    cases = queries.cases_for(access).filter(status=Grievance.Status.OPEN)
    if not queries.sees_all(access):
        cases = cases.filter(stewards=feed.user)
    response = HttpResponse(_calendar(feed.local, queries.deadlines(cases, local=feed.local),
                                      request), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


def _calendar(local, entries, request) -> bytes:
    from django.utils import translation

    cal = Calendar()
    cal.add("prodid", "-//Unionhall//Grievance deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{local.name}: grievance deadlines")
    now = timezone.now()
    with translation.override(local.language):
        for entry in entries:
            row = entry.pending
            if row is None:
                continue
            case, due = entry.case, row.due.due
            event = Event()
            event.add("uid", f"grievance-{case.pk}-step-{row.due.rule.position}-{due}"
                             f"@{request.get_host()}")
            event.add("dtstamp", now)
            event.add("dtstart", due)
            event.add("dtend", due + dt.timedelta(days=1))
            event.add("summary", _("Grievance %(number)s: %(step)s due") % {
                "number": case.number, "step": row.due.rule.name})
            event.add("url", request.build_absolute_uri(reverse(
                "grievance_detail", kwargs={"local_slug": local.slug, "number": case.number})))
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()
