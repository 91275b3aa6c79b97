"""The gate every local page goes through: sign-in, the local, permission, two-factor."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from unionhall.core.permissions import PERSONAL_DATA_PERMS, Perm, request_access
from unionhall.core.queries import local_or_404


def local_view(perm: Perm | None = None):
    """Resolve `local_slug` into request.access; require `perm` (or any standing if None)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, local_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            local = local_or_404(local_slug)
            access = request_access(request, local)
            allowed = access.can(perm) if perm else access.belongs
            if not allowed:
                raise PermissionDenied
            if perm in PERSONAL and access.needs_mfa:
                return redirect(mfa_setup_url(request))
            request.local = local
            request.access = access
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


PERSONAL = PERSONAL_DATA_PERMS | {Perm.INVITE_PERSON, Perm.MANAGE_ROLES}


def mfa_setup_url(request) -> str:
    return reverse("mfa_required") + "?" + urlencode({"next": request.get_full_path()})


def in_local_time(view):
    """Show and read times in the local's own time zone (wrap inside `local_view`)."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with timezone.override(ZoneInfo(request.local.time_zone)):
            return view(request, *args, **kwargs)

    return wrapper
