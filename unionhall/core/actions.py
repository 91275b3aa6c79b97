"""Every write to affiliates, worksites, job classes and roles."""

from zoneinfo import available_timezones

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.models import Affiliate, JobClass, JobFamily, Role, RoleAssignment, Worksite
from unionhall.core.permissions import Perm, access_for, require


def ensure_job_families() -> None:
    JobFamily.objects.bulk_create(
        [JobFamily(code=code) for code in JobFamily.Code.values], ignore_conflicts=True
    )


def _require_superuser_or_system(by) -> None:
    # New affiliates are set up by whoever runs the deployment: the command line or a superuser.
    if by is not None and not getattr(by, "is_superuser", False):
        raise PermissionDenied(_("Only a site administrator can create a local."))


@transaction.atomic(durable=True)
def create_local(slug: str, *, name: str, time_zone: str, language: str = "en",
                 state_slug: str | None = None, state_name: str | None = None,
                 national_slug: str = "nea", national_name: str = "National Education Association",
                 by=None) -> Affiliate:
    """A local under its state and national association, creating those if they are missing."""
    _require_superuser_or_system(by)
    slug = slugify(slug)
    if not slug:
        raise ValidationError({"slug": _("A local needs a slug of letters, digits and dashes.")})
    if time_zone not in available_timezones():
        raise ValidationError({"time_zone": _("Unknown time zone: %(tz)s") % {"tz": time_zone}})
    if Affiliate.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("An affiliate with the slug %(slug)s exists.") % {
            "slug": slug}})
    ensure_job_families()
    national, created = Affiliate.objects.get_or_create(
        slug=national_slug,
        defaults={"kind": Affiliate.Kind.NATIONAL, "name": national_name, "time_zone": time_zone},
    )
    if created:
        record("affiliate.created", by=by, affiliate=national, obj=national)
    if national.kind != Affiliate.Kind.NATIONAL:
        raise ValidationError({"national_slug": _("%(slug)s is not a national association.") % {
            "slug": national_slug}})
    state_slug = slugify(state_slug or f"{slug}-state")
    state, created = Affiliate.objects.get_or_create(
        slug=state_slug,
        defaults={"kind": Affiliate.Kind.STATE, "parent": national,
                  "name": state_name or state_slug.replace("-", " ").title(),
                  "time_zone": time_zone},
    )
    if created:
        record("affiliate.created", by=by, affiliate=state, obj=state)
    if state.kind != Affiliate.Kind.STATE:
        raise ValidationError({"state_slug": _("%(slug)s is not a state association.") % {
            "slug": state_slug}})
    local = Affiliate.objects.create(
        kind=Affiliate.Kind.LOCAL, parent=state, slug=slug, name=name, time_zone=time_zone,
        language=language,
    )
    record("affiliate.created", by=by, affiliate=local, obj=local,
           changes={"name": [None, name], "time_zone": [None, time_zone]})
    return local


@transaction.atomic(durable=True)
def add_worksites(local: Affiliate, rows: list[dict], *, by=None) -> list[Worksite]:
    """Worksites from dicts of Worksite fields, all or none."""
    sites = [Worksite(local=local, **row) for row in rows]
    for site in sites:
        site.full_clean(validate_unique=False)
    created = Worksite.objects.bulk_create(sites)
    record("worksites.added", by=by, affiliate=local, changes={"count": [0, len(created)]})
    return created


@transaction.atomic(durable=True)
def add_job_classes(local: Affiliate, rows: list[tuple[str, str | None]], *, by=None):
    """Job classes from (title, family code) pairs."""
    families = {f.code: f for f in JobFamily.objects.all()}
    created = JobClass.objects.bulk_create(
        [JobClass(local=local, title=title, family=families.get(code)) for title, code in rows]
    )
    record("job_classes.added", by=by, affiliate=local, changes={"count": [0, len(created)]})
    return created


@transaction.atomic(durable=True)
def assign_role(user, affiliate: Affiliate, role: str, *, worksites=(), by=None) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if by is not None and not by.is_superuser:
        local = affiliate if affiliate.kind == Affiliate.Kind.LOCAL else None
        if local is None or not access_for(by, local).can(Perm.MANAGE_ROLES):
            raise PermissionDenied(_("You may not assign roles here."))
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, affiliate=affiliate, role=role
    )
    site_ids = sorted(w.pk for w in worksites)
    if any(w.local_id != affiliate.pk for w in worksites):
        raise ValidationError({"worksites": _("Worksites must belong to the same local.")})
    assignment.worksites.set(site_ids)
    record("role.assigned", by=by, affiliate=affiliate, obj=assignment,
           changes={"user": [None, user.email], "role": [None, role],
                    "worksites": [None, site_ids]})
    return assignment


@transaction.atomic(durable=True)
def assign_roles(rows, *, by=None) -> list[RoleAssignment]:
    """Many new role assignments at once (set-up, the demo), all or none: rows of
    (user, affiliate, role, worksites). One audit entry per affiliate, with the count."""
    rows = [(user, affiliate, role, list(worksites)) for user, affiliate, role, worksites in rows]
    for affiliate in {affiliate.pk: affiliate for _u, affiliate, _r, _w in rows}.values():
        if by is not None and not by.is_superuser:
            local = affiliate if affiliate.kind == Affiliate.Kind.LOCAL else None
            if local is None or not access_for(by, local).can(Perm.MANAGE_ROLES):
                raise PermissionDenied(_("You may not assign roles here."))
    for _user, affiliate, role, worksites in rows:
        if role not in Role.values:
            raise ValidationError({"role": _("Unknown role.")})
        if any(w.local_id != affiliate.pk for w in worksites):
            raise ValidationError({"worksites": _("Worksites must belong to the same local.")})
    assignments = RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, affiliate=affiliate, role=role)
         for user, affiliate, role, _w in rows],
        batch_size=500,
    )
    through = RoleAssignment.worksites.through
    through.objects.bulk_create(
        [through(roleassignment_id=assignment.pk, worksite_id=site.pk)
         for assignment, (_u, _a, _r, worksites) in zip(assignments, rows, strict=True)
         for site in worksites],
        batch_size=500,
    )
    counts: dict[int, list] = {}
    for _user, affiliate, role, _w in rows:
        entry = counts.setdefault(affiliate.pk, [affiliate, {}])
        entry[1][role] = entry[1].get(role, 0) + 1
    for affiliate, by_role in counts.values():
        record("roles.assigned", by=by, affiliate=affiliate,
               changes={"count": [0, sum(by_role.values())], "roles": [None, by_role]})
    return assignments


@transaction.atomic(durable=True)
def delete_local(local: Affiliate, *, by=None) -> None:
    """Delete a local and all it owns: people, worksites, job classes, roles held there and its
    audit log. User accounts stay (they may belong elsewhere); delete those separately. The
    entry recording this goes to the state association, which outlives the local."""
    if by is not None and not getattr(by, "is_superuser", False):
        raise PermissionDenied(_("Only a site administrator can delete a local."))
    if local.kind != Affiliate.Kind.LOCAL:
        raise ValidationError(_("%(name)s is not a local.") % {"name": local.name})
    record("affiliate.deleted", by=by, affiliate=local.parent, obj=local,
           changes={"slug": [local.slug, None], "name": [local.name, None]})
    local.delete()


@transaction.atomic(durable=True)
def revoke_role(assignment: RoleAssignment, *, by=None) -> None:
    if by is not None and not by.is_superuser:
        if not access_for(by, assignment.affiliate).can(Perm.MANAGE_ROLES):
            raise PermissionDenied(_("You may not change roles here."))
    record("role.revoked", by=by, affiliate=assignment.affiliate, obj=assignment,
           changes={"role": [assignment.role, None]})
    assignment.delete()


@transaction.atomic(durable=True)
def log_export(local: Affiliate, what: str, *, filters: dict, columns: list[str], by) -> None:
    """Who took which personal data out of Unionhall, and with what filters."""
    record(f"{what}.exported", by=by, affiliate=local,
           changes={"filters": [None, filters], "columns": [None, columns]})


@transaction.atomic(durable=True)
def set_job_family(job_class: JobClass, family_code: str | None, *, by) -> JobClass:
    """Put a district job title under one of the nine ESP families (new titles come without)."""
    if by is not None and not by.is_superuser and not access_for(
            by, job_class.local).can(Perm.MANAGE_PEOPLE):
        raise PermissionDenied
    family = JobFamily.objects.get(code=family_code) if family_code else None
    before = job_class.family.code if job_class.family else None
    job_class.family = family
    job_class.save(update_fields=["family"])
    record("job_class.family_set", by=by, affiliate=job_class.local, obj=job_class,
           changes={"family": [before, family_code]})
    return job_class


@transaction.atomic(durable=True)
def set_reps_see_home_addresses(local: Affiliate, allowed: bool, *, by) -> Affiliate:
    """The local's choice: may building reps and stewards see their coworkers' home addresses."""
    require(by, local, Perm.MANAGE_PEOPLE)
    before = local.reps_see_home_addresses
    local.reps_see_home_addresses = allowed
    local.save(update_fields=["reps_see_home_addresses"])
    record("local.privacy_set", by=by, affiliate=local, obj=local,
           changes={"reps_see_home_addresses": [before, allowed]})
    return local
