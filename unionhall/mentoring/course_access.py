"""Who someone is in one course offering. Course pages are not under a local, so they use
`course_view` instead of `local_view`."""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from unionhall.core.decorators import mfa_setup_url
from unionhall.core.permissions import Perm, access_for, user_has_totp
from unionhall.mentoring.models import CourseOffering, TeamApplication, TeamMember


@dataclass(frozen=True)
class CourseRole:
    runs: bool  # RUN_COURSE in the offering's association
    facilitates: bool  # one of the offering's facilitators
    needs_mfa: bool  # runs or facilitates it (sees members' work) without two-factor sign-in
    team: TeamApplication | None  # the viewer's own SELECTED team, if they are on one
    person_id: int | None

    @property
    def staff(self) -> bool:
        """Sees every team's work: runs the course or facilitates it."""
        return self.runs or self.facilitates


def course_role(user, offering: CourseOffering) -> CourseRole:
    if not user.is_authenticated:
        return CourseRole(False, False, False, None, None)
    access = access_for(user, offering.affiliate)
    runs = user.is_superuser or access.can(Perm.RUN_COURSE)
    facilitates = offering.facilitators.filter(pk=user.pk).exists()
    person_id = user.person_id
    team = None
    if person_id is not None:
        member = (TeamMember.objects.select_related("application__local")
                  .filter(person_id=person_id, application__offering=offering,
                          application__status=TeamApplication.Status.SELECTED).first())
        team = member.application if member else None
    needs_mfa = (runs and access.needs_mfa) or (
        facilitates and not runs and settings.UNIONHALL_REQUIRE_MFA and not user_has_totp(user))
    return CourseRole(runs, facilitates, needs_mfa, team, person_id)


def course_view(*, staff: bool = False, runs: bool = False, team: bool = False):
    """Resolve `offering_slug` into request.offering and request.course.

    A draft offering is found only by who runs it. `runs`: RUN_COURSE only; `staff`: who
    runs or facilitates it; `team`: a member of a selected team or staff. With none of these,
    any signed-in user may see the (published) page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, offering_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            offering = (CourseOffering.objects.select_related("affiliate")
                        .filter(slug=offering_slug).first())
            if offering is None:
                raise Http404
            role = course_role(request.user, offering)
            if offering.status == CourseOffering.Status.DRAFT and not (role.runs or
                                                                         role.facilitates):
                raise Http404
            allowed = ((role.runs if runs else True)
                       and (role.staff if staff else True)
                       and (role.staff or role.team is not None if team else True))
            if not allowed:
                raise PermissionDenied
            if role.needs_mfa:  # staff see members' work on every page of the offering
                return redirect(mfa_setup_url(request))
            request.offering = offering
            request.course = role
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
