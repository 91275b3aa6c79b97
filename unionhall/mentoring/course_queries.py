"""Reads for the course's pages, scoped to the viewer.

- The list: published offerings of the associations above the viewer's own locals (the local
  of their Person and the locals where they hold a role themselves), the offerings of the
  associations where they run the course (drafts too), and those they facilitate. State staff
  thus see their state's offerings; national staff the nation's and its states'.
- A local's application: only through a local where the viewer has standing (its status) or
  MANAGE_MENTORING (the application itself). Reviews: who runs or facilitates the offering.
"""

from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from unionhall.core.models import Affiliate, RoleAssignment
from unionhall.core.permissions import Perm, request_access
from unionhall.core.queries import local_or_404, primary_local
from unionhall.members.models import Person
from unionhall.mentoring.actions import course as actions
from unionhall.mentoring.models import (
    ApplicationReview,
    CourseInterest,
    CourseOffering,
    TeamApplication,
    TeamMember,
)

ASSOCIATION_KINDS = (Affiliate.Kind.NATIONAL, Affiliate.Kind.STATE)


def home_local(request) -> Affiliate | None:
    """The viewer's own local (shared with the header, which asks for it too)."""
    if not hasattr(request, "_primary_local"):
        request._primary_local = primary_local(request.user)
    return request._primary_local


def own_locals(user) -> list[Affiliate]:
    """The locals of the viewer's own Person and of the roles they hold in a local (not the
    locals state or national staff reach from above)."""
    if not user.is_authenticated:
        return []
    ids = set(RoleAssignment.objects.filter(user=user, affiliate__kind=Affiliate.Kind.LOCAL)
              .values_list("affiliate_id", flat=True))
    if user.person_id:
        ids.add(user.person.local_id)
    if not ids:
        return []
    return list(Affiliate.objects.filter(pk__in=ids).select_related("parent__parent")
                .order_by("name"))


def offerings_for(user, locals_=None):
    """The offerings the viewer's list shows (a queryset)."""
    if user.is_superuser:
        return CourseOffering.objects.all()
    locals_ = own_locals(user) if locals_ is None else locals_
    above = {pk for local in locals_ for pk in local.ancestor_ids() if pk != local.pk}
    runs = actions.course_associations(user).values("pk")
    return CourseOffering.objects.filter(
        Q(status=CourseOffering.Status.PUBLISHED, affiliate_id__in=above)
        | Q(affiliate_id__in=runs) | Q(facilitators=user)).distinct()


def offering_list(user, locals_=None) -> list[CourseOffering]:
    """The list page's offerings, each with `applied` (count, for who runs it), `runs`, and
    `mine`: the viewer's locals' applications. A fixed number of queries."""
    locals_ = own_locals(user) if locals_ is None else locals_
    offerings = list(
        offerings_for(user, locals_).select_related("affiliate")
        .annotate(applied=Count("applications", distinct=True, filter=~Q(
            applications__status=TeamApplication.Status.WITHDRAWN)))
        .order_by("-starts_on", "pk"))
    run_ids = set(actions.course_associations(user).values_list("pk", flat=True))
    mine: dict[int, list] = {}
    for application in TeamApplication.objects.filter(
            offering__in=[o.pk for o in offerings], local__in=locals_).select_related("local"):
        mine.setdefault(application.offering_id, []).append(application)
    for offering in offerings:
        offering.runs = offering.affiliate_id in run_ids
        offering.mine = mine.get(offering.pk, [])
    return offerings


def shown_status(application: TeamApplication, *, staff: bool = False) -> str:
    """The status a local sees: a decision only once the team has been told of it."""
    if staff or application.status not in actions.DECISIONS or application.notified_at:
        return application.get_status_display()
    return TeamApplication.Status.SUBMITTED.label


def locals_here(request, offering: CourseOffering) -> list[dict]:
    """For each of the viewer's own locals below the offering's association: the local, its
    application, whether the viewer may apply for it, and the viewer's team there."""
    out = []
    person_id = request.user.person_id
    candidates = [local for local in own_locals(request.user)
                  if actions.may_apply_for(offering, local)]
    if not candidates:
        return out
    applications = {a.local_id: a for a in TeamApplication.objects.filter(
        offering=offering, local__in=candidates).prefetch_related(
            Prefetch("team_members", TeamMember.objects.select_related("person"))
        )}
    for local in candidates:
        access = request_access(request, local)
        application = applications.get(local.pk)
        team = list(application.team_members.all()) if application else []
        out.append({
            "local": local, "application": application,
            "manages": access.can(Perm.MANAGE_MENTORING),
            "status": shown_status(application) if application else "",
            "on_team": any(m.person_id == person_id for m in team) if person_id else False,
            "team": team,
        })
    return out


def apply_local(request, offering: CourseOffering, local_slug: str):
    """The local whose application this is, for who manages its mentoring: 404 when it is
    not below the offering's association, PermissionDenied without the permission."""
    from django.core.exceptions import PermissionDenied

    local = local_or_404(local_slug)
    if not actions.may_apply_for(offering, local):
        raise Http404
    access = request_access(request, local)
    if not access.can(Perm.MANAGE_MENTORING):
        raise PermissionDenied
    return local, access


def application_of(offering: CourseOffering, local: Affiliate) -> TeamApplication | None:
    return (TeamApplication.objects.filter(offering=offering, local=local)
            .select_related("local")
            .prefetch_related(Prefetch("team_members",
                                       TeamMember.objects.select_related("person")))
            .first())


def people_of(local: Affiliate):
    """Who may be on a local's team: its people, by name, with their job and worksite."""
    return (Person.objects.filter(local=local).select_related("job_class", "worksite")
            .only("legal_first_name", "legal_last_name", "preferred_name", "job_class__title",
                  "worksite__name")
            .order_by("legal_last_name", "legal_first_name", "pk"))


def applications_for_review(offering: CourseOffering, viewer) -> list[TeamApplication]:
    """Every application but the withdrawn, with its team, average score, number of scores
    and the viewer's own review (`mine`): four queries, whatever their number."""
    applications = list(
        offering.applications.exclude(status=TeamApplication.Status.WITHDRAWN)
        .select_related("local")
        .annotate(average=Avg("reviews__score"), scores=Count("reviews"))
        .prefetch_related(
            Prefetch("team_members", TeamMember.objects.select_related("person")),
            Prefetch("reviews", ApplicationReview.objects.filter(reviewer=viewer),
                     to_attr="own_reviews"))
        .order_by("local__name", "pk"))
    for application in applications:
        application.mine = application.own_reviews[0] if application.own_reviews else None
    return applications


def withdrawn_count(offering: CourseOffering) -> int:
    return offering.applications.filter(status=TeamApplication.Status.WITHDRAWN).count()


def application_for_review(offering: CourseOffering, pk: int) -> TeamApplication:
    return get_object_or_404(
        TeamApplication.objects.select_related("local", "submitted_by", "decided_by")
        .prefetch_related(
            Prefetch("team_members", TeamMember.objects.select_related("person")),
            Prefetch("reviews", ApplicationReview.objects.select_related("reviewer"))),
        offering=offering, pk=pk)


# --- the interest list -----------------------------------------------------------------------


def associations():
    """Every national and state association, the national first."""
    return Affiliate.objects.filter(kind__in=ASSOCIATION_KINDS).order_by("-kind", "name")


def association_or_404(slug: str) -> Affiliate:
    return get_object_or_404(Affiliate, slug=slug, kind__in=ASSOCIATION_KINDS)


def interest_of(user):
    """The viewer's own entries: made by them or at their account's address."""
    match = Q(user=user)
    if user.email:
        match |= Q(email__iexact=user.email)
    return (CourseInterest.objects.filter(match).select_related("affiliate", "local", "told_about")
            .order_by("affiliate__name", "pk"))


def own_interest_or_404(user, pk: int) -> CourseInterest:
    """An entry the viewer may take off the list: their own, or one of a list they run."""
    entry = get_object_or_404(CourseInterest.objects.select_related("affiliate"), pk=pk)
    if not actions.may_remove_interest(user, entry):
        raise Http404
    return entry


def interest_list(affiliate: Affiliate):
    return (CourseInterest.objects.filter(affiliate=affiliate)
            .select_related("local", "told_about").order_by("created_at", "pk"))


def open_offerings(affiliate_ids, now):
    """Published offerings taking applications now, of these associations."""
    return (CourseOffering.objects.filter(status=CourseOffering.Status.PUBLISHED,
                                          affiliate_id__in=affiliate_ids, opens_at__lte=now,
                                          deadline__gt=now)
            .select_related("affiliate").order_by("deadline"))



def selected_teams_of(person_id: int | None) -> list[TeamApplication]:
    """The course teams a person is on that were selected: their way into the course."""
    if person_id is None:
        return []
    return list(TeamApplication.objects.filter(
        status=TeamApplication.Status.SELECTED, team_members__person_id=person_id,
        offering__status=CourseOffering.Status.PUBLISHED).select_related("offering"))
