from datetime import datetime, time

from django.http import Http404
from django.shortcuts import get_object_or_404

from unionhall.core.models import Affiliate, AuditEntry
from unionhall.core.permissions import Access, Perm


def local_or_404(slug: str) -> Affiliate:
    return get_object_or_404(
        Affiliate.objects.select_related("parent__parent"), slug=slug, kind=Affiliate.Kind.LOCAL
    )


def audit_entries(access: Access, *, verb: str = "", actor: str = "", since=None, until=None):
    if not access.can(Perm.VIEW_AUDIT):
        raise Http404
    qs = AuditEntry.objects.filter(affiliate=access.local).select_related("actor")
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor:
        qs = qs.filter(actor__email__icontains=actor)
    if since:
        qs = qs.filter(at__gte=datetime.combine(since, time.min, tzinfo=_tz(access)))
    if until:
        qs = qs.filter(at__lte=datetime.combine(until, time.max, tzinfo=_tz(access)))
    return qs


def audit_verbs(access: Access) -> list[str]:
    return list(
        AuditEntry.objects.filter(affiliate=access.local)
        .order_by("verb").values_list("verb", flat=True).distinct()
    )


def _tz(access: Access):
    from zoneinfo import ZoneInfo

    return ZoneInfo(access.local.time_zone)


def locals_for_user(user) -> list[Affiliate]:
    """The locals a signed-in user has standing in: their own and those their roles reach."""
    if not user.is_authenticated:
        return []
    from django.db.models import Q

    from unionhall.core.models import RoleAssignment
    from unionhall.core.permissions import INHERITED_ROLES

    direct, inherited = set(), set()
    for affiliate_id, role in RoleAssignment.objects.filter(user=user).values_list(
        "affiliate_id", "role"
    ):
        (inherited if role in INHERITED_ROLES else direct).add(affiliate_id)
    if user.person_id:
        direct.add(user.person.local_id)
    if not direct and not inherited:
        return []
    reach = Q(pk__in=direct | inherited) | Q(parent_id__in=inherited) | Q(
        parent__parent_id__in=inherited
    )
    return list(
        Affiliate.objects.filter(reach, kind=Affiliate.Kind.LOCAL)
        .select_related("parent__parent").order_by("name")
    )


def primary_local(user) -> Affiliate | None:
    """The local a user's pages are about: their own, else the first their roles reach."""
    if not user.is_authenticated:
        return None
    if user.person_id:
        return local_or_none(user.person.local_id)
    from unionhall.core.models import RoleAssignment

    assignment = (
        RoleAssignment.objects.filter(user=user, affiliate__kind=Affiliate.Kind.LOCAL)
        .select_related("affiliate__parent__parent").order_by("affiliate__name").first()
    )
    return assignment.affiliate if assignment else None


def local_or_none(pk: int) -> Affiliate | None:
    return Affiliate.objects.select_related("parent__parent").filter(pk=pk).first()


def staff_reach(user) -> list[int]:
    """Ids of the locals a user sees as state or national staff."""
    from django.db.models import Q

    from unionhall.core.models import RoleAssignment
    from unionhall.core.permissions import INHERITED_ROLES

    above = list(
        RoleAssignment.objects.filter(user=user, role__in=INHERITED_ROLES)
        .values_list("affiliate_id", flat=True)
    )
    if not above:
        return []
    return list(
        Affiliate.objects.filter(
            Q(parent_id__in=above) | Q(parent__parent_id__in=above) | Q(pk__in=above),
            kind=Affiliate.Kind.LOCAL,
        ).values_list("pk", flat=True)
    )
