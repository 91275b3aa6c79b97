"""The course's pages under /mentoring/course/: the offerings, an offering's page, creating
and changing offerings (who runs the course), a local's application (who manages the local's
mentoring), the review of applications (who runs or facilitates the offering; deciding is for
who runs it), and the interest list.

Times: an offering's deadline is shown as announced (its own zone) and in the viewer's own
local's zone; a local's application page shows it in that local's zone.
"""

import csv
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core import markdown
from unionhall.core.decorators import mfa_setup_url
from unionhall.core.forms import add_errors
from unionhall.core.models import Affiliate
from unionhall.core.permissions import user_has_totp
from unionhall.core.spreadsheet import safe_row
from unionhall.mentoring import course_queries as cq
from unionhall.mentoring.actions import course as actions
from unionhall.mentoring.course_access import course_view
from unionhall.mentoring.course_forms import (
    ApplicationForm,
    DecideForm,
    InterestForm,
    OfferingForm,
    ScoreForm,
    person_label,
    team_formset,
)
from unionhall.mentoring.models import TeamApplication


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _needs_mfa(user) -> bool:
    return settings.UNIONHALL_REQUIRE_MFA and not user_has_totp(user)


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _detail(offering):
    return redirect("course_detail", offering_slug=offering.slug)


def _times(offering, local) -> dict:
    """The deadline and opening as announced, and in `local`'s zone when it is another."""
    zone = offering.time_zone
    out = {"deadline": actions.format_moment(offering.deadline, zone),
           "opens": actions.format_moment(offering.opens_at, zone),
           "local": local, "local_deadline": "", "local_opens": ""}
    if local is not None:
        out["local_deadline"] = actions.format_moment(offering.deadline, local.time_zone)
        out["local_opens"] = actions.format_moment(offering.opens_at, local.time_zone)
    return out


def _phase(offering, now) -> str:
    if offering.status == offering.Status.DRAFT:
        return "draft"
    if now < offering.opens_at:
        return "upcoming"
    if now < offering.deadline:
        return "open"
    return "closed"


# --- the list and an offering ----------------------------------------------------------------


@signed_in
def course_list(request):
    locals_ = cq.own_locals(request.user)
    home = cq.home_local(request)
    now = actions.clock()
    offerings = cq.offering_list(request.user, locals_)
    for offering in offerings:
        offering.times = _times(offering, home)
        offering.phase = _phase(offering, now)
        for application in offering.mine:
            application.shown = cq.shown_status(application, staff=offering.runs)
    may_create = actions.course_associations(request.user).exists()
    return render(request, "mentoring/course_list.html", {
        "offerings": offerings, "may_create": may_create, "home": home})


@course_view()
def course_detail(request):
    offering, role = request.offering, request.course
    now = actions.clock()
    home = cq.home_local(request)
    modules = list(offering.modules.all())
    return render(request, "mentoring/course_detail.html", {
        "offering": offering, "role": role, "times": _times(offering, home),
        "phase": _phase(offering, now), "modules": modules,
        "description": mark_safe(markdown.render(offering.description)),  # noqa: S308
        "locals_here": cq.locals_here(request, offering),
        "facilitators": list(offering.facilitators.all()) if role.staff else [],
        "overdue": role.staff and _overdue(offering, now),
    })


def _overdue(offering, now) -> bool:
    return (actions.offering_today(offering, now) >= offering.notify_on
            and offering.applications.filter(status=TeamApplication.Status.SUBMITTED).exists())


# --- creating and changing offerings ---------------------------------------------------------


@signed_in
def course_new(request):
    associations = actions.course_associations(request.user).order_by("-kind", "name")
    if not associations.exists():
        raise PermissionDenied
    if _needs_mfa(request.user):
        return redirect(mfa_setup_url(request))
    first = associations.first()
    form = OfferingForm(request.POST or None, associations=associations, association=first,
                        initial={"affiliate": first, "time_zone": first.time_zone,
                                 "contact_email": request.user.email})
    if request.method == "POST" and form.is_valid():
        try:
            offering = actions.create_offering(
                form.cleaned_data["affiliate"], by=request.user,
                facilitators=form.cleaned_data["facilitators"], **form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Offering saved as a draft with its %(n)s modules. "
                                        "Check it, then publish it.")
                             % {"n": offering.module_count})
            return _detail(offering)
    return render(request, "mentoring/course_form.html", {"form": form, "offering": None})


@course_view(runs=True)
def course_edit(request):
    offering = request.offering
    form = OfferingForm(request.POST or None, association=offering.affiliate,
                        initial=OfferingForm.initial_from(offering))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_offering(offering, by=request.user,
                                    facilitators=form.cleaned_data["facilitators"],
                                    **form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Offering saved."))
            return _detail(offering)
    return render(request, "mentoring/course_form.html", {"form": form, "offering": offering})


@require_POST
@course_view(runs=True)
def course_publish(request):
    offering = request.offering
    try:
        actions.publish_offering(offering, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Published: the locals below %(name)s can see it and "
                                    "apply from %(opens)s.")
                         % {"name": offering.affiliate.name,
                            "opens": actions.format_moment(offering.opens_at,
                                                           offering.time_zone)})
    return _detail(offering)


# --- a local's application -------------------------------------------------------------------


def _team_initial(application) -> list[dict]:
    if application is None:
        return []
    return [{"person": person_label(m.person), "role": m.role, "job_title": m.job_title}
            for m in application.team_members.all()]


@course_view()
def course_apply(request, local_slug):
    offering = request.offering
    local, access = cq.apply_local(request, offering, local_slug)
    if access.needs_mfa:
        return redirect(mfa_setup_url(request))
    application = cq.application_of(offering, local)
    editable = application is None or application.status in (
        TeamApplication.Status.SUBMITTED, TeamApplication.Status.WITHDRAWN)
    now = actions.clock()
    closed = actions.window_error(offering, local, now)
    people_qs = list(cq.people_of(local))
    people = {p.pk: p.display_name for p in people_qs}
    fresh = application is None or application.status == TeamApplication.Status.WITHDRAWN
    initial = {} if application is None else {
        "why": application.why, "situation": application.situation,
        "state_contact_name": application.state_contact_name,
        "state_contact_email": application.state_contact_email}
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, offering=offering, initial=initial)
    team = team_formset(offering, data, initial=_team_initial(application), people=people)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This application is %(status)s: it can no longer "
                                      "change.") % {"status": cq.shown_status(application)
                                                    .lower()})
            return redirect("course_apply", offering_slug=offering.slug, local_slug=local.slug)
        if form.is_valid() and team.is_valid():
            values = {"members": team.members(), **form.cleaned_data}
            try:
                if fresh:
                    actions.submit_application(offering, local, by=request.user, **values)
                else:
                    actions.update_application(application, by=request.user, **values)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _(
                    "Application sent. You can change it until the deadline, %(when)s.")
                    % {"when": actions.format_moment(offering.deadline, local.time_zone)})
                return redirect("course_apply", offering_slug=offering.slug,
                                local_slug=local.slug)
    return render(request, "mentoring/course_apply.html", {
        "offering": offering, "local": local, "application": application, "form": form,
        "team": team, "people": [person_label(p) for p in people_qs], "closed": closed,
        "editable": editable, "fresh": fresh,
        "show_form": editable and (not closed or request.method == "POST"),
        "status": cq.shown_status(application) if application else "",
        "deadline_local": actions.format_moment(offering.deadline, local.time_zone),
        "deadline": actions.format_moment(offering.deadline, offering.time_zone),
    })


@require_POST
@course_view()
def course_withdraw(request, local_slug):
    offering = request.offering
    local, access = cq.apply_local(request, offering, local_slug)
    if access.needs_mfa:
        return redirect(mfa_setup_url(request))
    application = cq.application_of(offering, local)
    if application is None:
        messages.error(request, _("Your local has not applied."))
    else:
        try:
            actions.withdraw_application(application, by=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Application withdrawn."))
    return redirect("course_apply", offering_slug=offering.slug, local_slug=local.slug)


# --- reviewing -------------------------------------------------------------------------------


@course_view(staff=True)
def course_review(request):
    offering, role = request.offering, request.course
    now = actions.clock()
    applications = cq.applications_for_review(offering, request.user)
    overdue = actions.offering_today(offering, now) >= offering.notify_on
    counts = {s: 0 for s in TeamApplication.Status.values}
    for application in applications:
        counts[application.status] += 1
        application.overdue = overdue and application.status == TeamApplication.Status.SUBMITTED
    return render(request, "mentoring/course_review.html", {
        "offering": offering, "role": role, "applications": applications, "counts": counts,
        "withdrawn": cq.withdrawn_count(offering), "overdue": overdue and counts["submitted"],
        "untold": sum(1 for a in applications
                      if a.status in actions.DECISIONS and a.notified_at is None),
        "closed": now >= offering.deadline,
        "notify_at": actions.format_moment(actions.notify_moment(offering),
                                           offering.time_zone),
    })


@course_view(staff=True)
def course_application(request, pk):
    offering, role = request.offering, request.course
    application = cq.application_for_review(offering, pk)
    reviews = list(application.reviews.all())
    mine = next((r for r in reviews if r.reviewer_id == request.user.pk), None)
    scores = [r.score for r in reviews]
    return render(request, "mentoring/course_application.html", {
        "offering": offering, "role": role, "application": application, "reviews": reviews,
        "average": sum(scores) / len(scores) if scores else None,
        "score_form": ScoreForm(initial={"score": mine.score, "note": mine.note} if mine
                                else None),
        "decide_form": DecideForm(initial={"status": application.status}),
        "closed": actions.clock() >= offering.deadline,
    })


def _to_application(offering, pk):
    return redirect("course_application", offering_slug=offering.slug, pk=pk)


@require_POST
@course_view(staff=True)
def course_score(request, pk):
    offering = request.offering
    application = cq.application_for_review(offering, pk)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a score from 1 to 5."))
        return _to_application(offering, pk)
    try:
        actions.review_application(application, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Your score is saved."))
    return _to_application(offering, pk)


@require_POST
@course_view(runs=True)
def course_decide(request, pk):
    offering = request.offering
    application = cq.application_for_review(offering, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return _to_application(offering, pk)
    try:
        actions.decide_application(application, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Decision saved: %(local)s is %(status)s. The team is told "
                                    "on %(day)s, or when you send the decisions.")
                         % {"local": application.local.name,
                            "status": application.get_status_display().lower(),
                            "day": actions._day(offering.notify_on)})
    return redirect("course_review", offering_slug=offering.slug)


@require_POST
@course_view(runs=True)
def course_send_decisions(request):
    offering = request.offering
    try:
        sent = actions.send_decisions(offering, by=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Decisions sent: %(n)s emails.") % {"n": sent})
    return redirect("course_review", offering_slug=offering.slug)


# --- the interest list -----------------------------------------------------------------------


@signed_in
def course_interest(request):
    user = request.user
    locals_ = cq.own_locals(user)
    local_qs = Affiliate.objects.filter(pk__in=[x.pk for x in locals_]).order_by("name")
    associations = cq.associations()
    home = cq.home_local(request)
    above = home.parent if home is not None and home.parent_id else None
    person = user.person if user.person_id else None
    initial = {"name": person.display_name if person else "",
               "email": (person.personal_email if person and person.personal_email
                         else user.email),
               "local": home if home in locals_ else None,
               "affiliate": (above.parent if above and above.parent_id else above)}
    form = InterestForm(request.POST or None, associations=associations, locals_=local_qs,
                        initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_interest(data["affiliate"], by=user, name=data["name"],
                                 email=data["email"], local=data["local"], note=data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("You are on the list: %(name)s will write to you when "
                                        "its next course opens.")
                             % {"name": data["affiliate"].name})
            return redirect("course_interest")
    entries = list(cq.interest_of(user))
    open_now = list(cq.open_offerings({e.affiliate_id for e in entries}, timezone.now()))
    return render(request, "mentoring/course_interest.html", {
        "form": form, "entries": entries, "open_now": open_now})


@require_POST
@signed_in
def course_interest_remove(request, pk):
    entry = cq.own_interest_or_404(request.user, pk)
    mine = entry.user_id == request.user.pk or (
        request.user.email and entry.email.lower() == request.user.email.lower())
    if not mine and _needs_mfa(request.user):
        return redirect(mfa_setup_url(request))
    affiliate = entry.affiliate
    actions.remove_interest(entry, by=request.user)
    messages.success(request, _("Taken off the list of %(name)s.") % {"name": affiliate.name})
    if mine:
        return redirect("course_interest")
    return redirect("course_interest_list", affiliate_slug=affiliate.slug)


def _runs_list(request, affiliate_slug):
    affiliate = cq.association_or_404(affiliate_slug)
    if not actions.runs_course(request.user, affiliate):
        raise PermissionDenied
    return affiliate


@signed_in
def course_interest_list(request, affiliate_slug):
    affiliate = _runs_list(request, affiliate_slug)
    if _needs_mfa(request.user):
        return redirect(mfa_setup_url(request))
    return render(request, "mentoring/course_interest_list.html", {
        "affiliate": affiliate, "entries": list(cq.interest_list(affiliate))})


@signed_in
def course_interest_csv(request, affiliate_slug):
    affiliate = _runs_list(request, affiliate_slug)
    if _needs_mfa(request.user):
        return redirect(mfa_setup_url(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="course-interest-{affiliate.slug}.csv"')
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("Email"), _("Local"), _("Note"), _("Added"),
                     _("Last told about")])
    for entry in cq.interest_list(affiliate):
        writer.writerow(safe_row([
            entry.name, entry.email, entry.local.name if entry.local else "", entry.note,
            entry.created_at.date().isoformat(),
            entry.told_about.title if entry.told_about else ""]))
    return response
