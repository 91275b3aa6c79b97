"""Test data built the way the app builds it: through actions where they exist."""

import datetime as dt
import itertools

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from unionhall.accounts.models import User
from unionhall.core.models import Affiliate, JobClass, JobFamily, RoleAssignment, Worksite
from unionhall.members.models import Membership, MembershipChange, Person

_seq = itertools.count(1)


def make_local(slug: str, name: str | None = None, state: Affiliate | None = None) -> Affiliate:
    national = Affiliate.objects.filter(slug="nea").first() or Affiliate.objects.create(
        kind="national", slug="nea", name="National Education Association",
        time_zone="America/New_York")
    if state is None:
        state = Affiliate.objects.filter(slug="state").first() or Affiliate.objects.create(
            kind="state", slug="state", name="State EA", parent=national,
            time_zone="America/Chicago")
    return Affiliate.objects.create(kind="local", slug=slug, name=name or slug.title(),
                                    parent=state, time_zone="America/Chicago")


class WorksiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worksite

    name = factory.Sequence(lambda n: f"School {n}")
    kind = "elementary"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    employee_id = factory.Sequence(lambda n: f"E{n:06d}")
    legal_first_name = factory.Sequence(lambda n: f"First{n}")
    legal_last_name = factory.Sequence(lambda n: f"Last{n}")
    personal_email = factory.Sequence(lambda n: f"person{n}@example.org")
    mobile_phone = "555-0100"
    street = "1 Main St"
    city = "Lakeview"
    state = "CA"
    postal_code = "90000"
    hire_date = dt.date(2015, 8, 20)

    @factory.post_generation
    def status(obj, create, extracted, **kwargs):
        status = extracted or "member"
        Membership.objects.create(person=obj, status=status, since=dt.date(2020, 9, 1))
        MembershipChange.objects.create(person=obj, to_status=status,
                                        effective=dt.date(2020, 9, 1))


def job_class(local, title="Paraeducator I", family="paraeducators") -> JobClass:
    return JobClass.objects.create(local=local, title=title,
                                   family=JobFamily.objects.get(code=family))


def make_user(email: str, *, person=None, roles=(), mfa: bool = True, password="pw") -> User:
    """A user with roles: an iterable of (affiliate, role) or (affiliate, role, [worksites])."""
    user = User.objects.create_user(email, password, person=person)
    for affiliate, role, *rest in roles:
        assignment = RoleAssignment.objects.create(user=user, affiliate=affiliate, role=role)
        if rest:
            assignment.worksites.set(rest[0])
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def make_application(local, worksite=None, **fields):
    """A pending membership form, written directly (the join tests go through the page)."""
    from django.utils import timezone

    from unionhall.members.models import Application, TermsVersion

    terms = TermsVersion.objects.filter(local=local).first() or TermsVersion.objects.create(
        local=local, version=1, text_en="Terms.")
    values = {"legal_first_name": "Ana", "legal_last_name": "Nueva", "typed_name": "Ana Nueva",
              "personal_email": "ana@example.org", "consent": True,
              "signed_at": timezone.now(), "terms": terms, "terms_sha256": "0" * 64,
              "anniversary": timezone.localdate(), "revocation_opens_days": 25,
              "revocation_closes_days": 10, "worksite": worksite}
    values.update(fields)
    return Application.objects.create(local=local, **values)


def make_payroll_export(local, pay_date=None):
    """A deduction file with no lines, written directly (test_payroll goes through the action)."""
    import datetime as dt

    from unionhall.members.models import PayrollExport

    return PayrollExport.objects.create(local=local, pay_date=pay_date or dt.date(2025, 10, 15),
                                        period=2, deduction_code="UNION")


def make_remittance_exception(local, pay_date=None):
    """An open 'unmatched' row of a remittance, written directly."""
    import datetime as dt

    from unionhall.members.models import Remittance, RemittanceException

    remittance = Remittance.objects.create(local=local, pay_date=pay_date or dt.date(2025, 10, 15),
                                           rows=1, exceptions=1)
    return RemittanceException.objects.create(remittance=remittance, row=2, employee_id="X1",
                                              received_cents=100, kind="unmatched")


def make_duplicate(world):
    """A roster person and an earlier record of (perhaps) the same worker at the same site."""
    from unionhall.members.models import PossibleDuplicate

    new = PersonFactory(local=world.local, worksite=world.site_a, legal_first_name="Dana",
                        legal_last_name="Okafor", status="non_member", personal_email="")
    old = PersonFactory(local=world.local, worksite=world.site_a, legal_first_name="Dana",
                        legal_last_name="Okafor", employee_id=None, status="member",
                        personal_email="dana@example.org")
    return PossibleDuplicate.objects.create(local=world.local, person=new, candidate=old,
                                            score=100)


def make_roster_upload(local, **fields):
    from unionhall.members.models import RosterUpload

    values = {"filename": "roster.csv", "data": b"Employee ID,First Name,Last Name\n",
              "preview": {"rows": 0, "errors": []}}
    values.update(fields)
    return RosterUpload.objects.create(local=local, **values)
