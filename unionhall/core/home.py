"""What each kind of user sees first: their membership, their worksites, their local or locals."""

from unionhall.core.permissions import Perm, request_access
from unionhall.core.queries import primary_local, staff_reach
from unionhall.members.queries import local_summary, locals_summary, worksite_counts


def home_context(request) -> dict:
    user = request.user
    person = None
    if user.person_id:
        from unionhall.members.models import Person

        person = (
            Person.objects.select_related("membership", "worksite", "job_class", "local")
            .get(pk=user.person_id)
        )
        user.person = person  # one fetch serves the access check and the page
    local = getattr(request, "_primary_local", None) or primary_local(user)
    request._primary_local = local
    ctx = {"person": person, "local": local, "access": None, "worksites": None,
           "summary": None, "staff_locals": None, "open_votes": []}
    if local is not None:
        access = request_access(request, local)
        ctx["access"] = access
        if access.can(Perm.VIEW_PEOPLE) and access.worksites_for(Perm.VIEW_PEOPLE) is not None:
            ctx["worksites"] = [] if access.needs_mfa else worksite_counts(access)
        if access.can(Perm.VIEW_LOCAL):
            ctx["summary"] = local_summary(local)
        if access.person_id is not None:
            from unionhall.democracy.queries import open_for

            ctx["open_votes"] = open_for(access)
        ctx.update(_grievances(access))
    reach = staff_reach(user)
    if reach:
        ctx["staff_locals"] = locals_summary(reach)
    return ctx


def _grievances(access) -> dict:
    """Deadlines for who handles grievances; a grievant's own open cases."""
    from unionhall.grievances import queries

    out = {"grievance_deadlines": None,
           "my_grievances": queries.open_cases_as_grievant(access)}
    if access.can(Perm.HANDLE_GRIEVANCES) and not access.needs_mfa:
        out["grievance_deadlines"] = queries.upcoming(access, access.local.today())
    return out
