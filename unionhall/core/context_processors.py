from unionhall.core.permissions import Perm, request_access
from unionhall.core.queries import primary_local


def navigation(request):
    """What the header offers this user: the pages their roles can use in the current local."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    local = getattr(request, "local", None)
    if local is None:
        if not hasattr(request, "_primary_local"):
            request._primary_local = primary_local(user)
        local = request._primary_local
    access = request_access(request, local) if local else None
    return {
        "nav": {
            "local": local,
            "people": bool(access and access.can(Perm.VIEW_PEOPLE)),
            "audit": bool(access and access.can(Perm.VIEW_AUDIT)),
            "payroll": bool(access and access.can(Perm.MANAGE_PEOPLE)),
            "applications": bool(access and access.can(Perm.APPROVE_MEMBERSHIP)),
            "membership_settings": bool(access and access.can(Perm.MANAGE_PEOPLE)),
            "organize": bool(access and access.can(Perm.ORGANIZE)),
            "density": bool(access and access.can(Perm.VIEW_LOCAL)),
            "coverage": bool(access and access.can(Perm.ORGANIZE)
                             and access.worksites_for(Perm.ORGANIZE) is None),
            "invite": bool(access and access.person_id is not None),
            "elections": bool(access and access.belongs),
            "grievances": bool(access and access.belongs),
            "bargaining": bool(access and access.belongs),
            "events": bool(access and access.belongs),
            "messages": bool(access and access.can(Perm.EMAIL_MEMBERS)),
            "mentoring": bool(access and access.belongs),
            # Who applies for a local, who runs it, and a facilitator (who has no local).
            "course": access is None or access.can(Perm.MANAGE_MENTORING)
            or access.can(Perm.RUN_COURSE),
            "admin": user.is_staff,
        }
    }
