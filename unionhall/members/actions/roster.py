"""The district's roster: the import (command and web) and possible duplicates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.core.audit import record
from unionhall.core.permissions import Perm
from unionhall.members.actions._common import (
    CONTACT_FIELDS,
    _actor,
    _chunks,
    _require,
)
from unionhall.members.models import Membership, MembershipChange, MembershipStatus, Person

# --- Roster import: the district's HR export -------------------------------------------------

ROSTER_BATCH = 2000
# Persons the roster import reads and may write, besides pk, worksite and job class.
ROSTER_FIELDS = ("employee_id", "legal_first_name", "legal_last_name", "preferred_name",
                 "personal_email", "mobile_phone", "street", "city", "state", "postal_code",
                 "language", "fte", "hire_date")


def _insert_many(model, names: list[str], rows) -> None:
    """INSERT rows (tuples in the order of `names`, foreign keys as ids) with executemany, in
    batches. The ORM's bulk_create prepares every value of every row through its field, which at
    100,000 rows is most of an import's time; here only dates and decimals are adapted, once per
    distinct value."""
    from django.db import connection, models

    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    # Table and column names come from the model, never from the file; values are parameters.
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    adapt = []
    for index, f in enumerate(fields):
        if isinstance(f, models.DateTimeField):
            continue  # passed in already prepared
        if isinstance(f, models.DateField):
            adapt.append((index, connection.ops.adapt_datefield_value, {}))
        elif isinstance(f, models.DecimalField):
            adapt.append((index, _decimal_adapter(connection, f), {}))
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            if adapt:
                row = list(row)
                for index, prepare, seen in adapt:
                    value = row[index]
                    if value is not None:
                        done = seen.get(value)
                        if done is None:
                            done = seen[value] = prepare(value)
                        row[index] = done
            batch.append(row)
            if len(batch) == ROSTER_BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _decimal_adapter(connection, field):
    def prepare(value):
        return connection.ops.adapt_decimalfield_value(value, field.max_digits,
                                                       field.decimal_places)
    return prepare


@transaction.atomic(durable=True)
def import_roster(local, data: bytes, *, filename: str = "", partial: bool = False,
                  create_worksites: bool = False, dry_run: bool = False, by=None):
    """Bring the roster in line with the district's HR export (CSV or XLSX); see members/roster.py.

    The whole file is checked first: with any bad row nothing is written and the summary lists
    every one. A full roster (not `partial`) marks whoever is missing from it as having left the
    unit. A fixed number of queries whatever the size of the file (bulk writes in batches).
    """
    from django.conf import settings
    from django.db import connection

    from unionhall.core.models import JobClass, Worksite
    from unionhall.members import roster
    from unionhall.members.models import PersonChange, PossibleDuplicate, RosterImport

    _require(by, local, Perm.MANAGE_PEOPLE)
    sites = dict(Worksite.objects.filter(local=local).values_list("name", "pk"))
    classes = dict(JobClass.objects.filter(local=local).values_list("title", "pk"))
    parsed = roster.read_roster(
        data, filename=filename, worksites=sites, job_classes=classes,
        create_worksites=create_worksites, languages=[code for code, _name in settings.LANGUAGES],
    )
    summary = roster.Summary(rows=parsed.rows, errors=parsed.errors, warnings=parsed.warnings,
                             dry_run=dry_run)
    if parsed.errors:
        return summary
    site_names = {pk: name for name, pk in sites.items()}
    class_titles = {pk: title for title, pk in classes.items()}
    existing: dict[str, dict] = {}
    others: list[tuple] = []  # (pk, first, last, worksite) of everyone on record
    notes: dict[int, str] = {}  # follow-up notes already on record
    top = 0  # the highest pk on record: new persons come after it
    for row in Person.objects.filter(local=local).values(
            "pk", *ROSTER_FIELDS, "worksite_id", "job_class_id", "in_unit", "left_unit_on",
            "follow_up", "membership__status"):
        if row["follow_up"]:
            notes[row["pk"]] = row["follow_up"]
        del row["follow_up"]
        row["worksite"] = site_names.get(row.pop("worksite_id"))
        row["job_class"] = class_titles.get(row.pop("job_class_id"))
        row["status"] = row.pop("membership__status")
        others.append((row["pk"], row["legal_first_name"], row["legal_last_name"],
                       row["worksite"]))
        top = max(top, row["pk"])
        if row["employee_id"]:
            existing[roster.normalize_id(row["employee_id"])] = row
    plan = roster.plan_changes(parsed, existing, partial=partial)
    del existing
    duplicates = roster.possible_duplicates(
        ((r["key"], r["legal_first_name"], r["legal_last_name"], r.get("worksite"))
         for r in plan.creates), others) if plan.creates and others else []
    del others
    summary.created, summary.updated = len(plan.creates), len(plan.updates)
    summary.unchanged, summary.left = plan.unchanged, len(plan.left)
    summary.new_worksites, summary.new_job_classes = parsed.new_worksites, parsed.new_job_classes
    summary.possible_duplicates = len(duplicates)
    if dry_run:
        return summary

    actor = _actor(by)
    today = timezone.localdate()
    for site in Worksite.objects.bulk_create(
            [Worksite(local=local, name=name) for name in parsed.new_worksites]):
        sites[site.name] = site.pk
    for job in JobClass.objects.bulk_create(
            [JobClass(local=local, title=title) for title in parsed.new_job_classes]):
        classes[job.title] = job.pk
    imported = RosterImport.objects.create(
        local=local, by=actor, filename=filename[:255], partial=partial, rows=summary.rows,
        created=summary.created, updated=summary.updated, unchanged=summary.unchanged,
        left=summary.left)
    summary.import_id = imported.pk

    # New persons, each with a membership (not a member) and its first history entry.
    reason = str(_("Added from the district's roster"))
    person_fields = [f.name for f in Person._meta.concrete_fields if not f.primary_key]
    defaults = {f.name: f.to_python(f.get_default()) for f in Person._meta.concrete_fields}
    defaults.update(local=local.pk, worksite=None, job_class=None)

    def new_person(row: dict) -> tuple:
        values = {**defaults, **row}
        values["worksite"] = sites.get(row.get("worksite"))
        values["job_class"] = classes.get(row.get("job_class"))
        return tuple(values[name] for name in person_fields)

    _insert_many(Person, person_fields, (new_person(
        {k: v for k, v in row.items() if k not in ("key", "line")}) for row in plan.creates))
    created_keys = {row["key"] for row in plan.creates}
    new_pks: dict[str, int] = {}
    for employee_id, pk in Person.objects.filter(local=local, pk__gt=top).values_list(
            "employee_id", "pk"):
        key = roster.normalize_id(employee_id or "")
        if key in created_keys:
            new_pks[key] = pk
    del created_keys
    _insert_many(Membership, ["person", "status", "since"],
                 ((pk, MembershipStatus.NON_MEMBER, today) for pk in new_pks.values()))
    recorded_at = MembershipChange._meta.get_field("recorded_at").get_db_prep_save(
        timezone.now(), connection)
    _insert_many(MembershipChange, ["person", "from_status", "to_status", "effective", "reason",
                                    "recorded_at", "recorded_by"],
                 ((pk, "", MembershipStatus.NON_MEMBER, today, reason, recorded_at,
                   actor.pk if actor else None) for pk in new_pks.values()))

    # Changed persons: one bulk update per set of changed fields, only those fields.
    history = []
    groups: dict[tuple, list[Person]] = {}
    for pk, changes in plan.updates:
        person = Person(pk=pk)
        for name, (_old, new) in changes.items():
            if name == "worksite":
                person.worksite_id = sites.get(new)
            elif name == "job_class":
                person.job_class_id = classes.get(new)
            else:
                setattr(person, name, new)
        groups.setdefault(tuple(sorted(changes)), []).append(person)
        history.append(PersonChange(
            person_id=pk, by=actor, source=PersonChange.Source.IMPORT, roster_import=imported,
            changes={name: [roster.plain_value(old), roster.plain_value(new)]
                     for name, (old, new) in changes.items()}))
    for names, persons in groups.items():
        Person.objects.bulk_update(persons, list(names), batch_size=ROSTER_BATCH)

    # Whoever a full roster leaves out has left the unit; a member who left is someone to call.
    follow_up = set(plan.follow_up)
    calls = [pk for pk in plan.left if pk in follow_up]
    quiet = [pk for pk in plan.left if pk not in follow_up]
    note = _("Missing from the district's roster of %(date)s") % {"date": today.isoformat()}
    for chunk in _chunks(quiet, 900):
        Person.objects.filter(pk__in=chunk).update(in_unit=False, left_unit_on=today)
    for chunk in _chunks(calls, 900):
        Person.objects.filter(pk__in=chunk).update(in_unit=False, left_unit_on=today,
                                                   follow_up=note[:200])
    left_changes = {"in_unit": [True, False], "left_unit_on": [None, today.isoformat()]}
    history += [PersonChange(person_id=pk, by=actor, source=PersonChange.Source.IMPORT,
                             roster_import=imported,
                             changes={**left_changes, "follow_up": [notes.get(pk, ""), note]}
                             if pk in follow_up else left_changes)
                for pk in plan.left]
    PersonChange.objects.bulk_create(history, batch_size=ROSTER_BATCH)
    PossibleDuplicate.objects.bulk_create(
        [PossibleDuplicate(local=local, person_id=new_pks[key], candidate_id=pk, score=score)
         for key, pk, score in duplicates], batch_size=ROSTER_BATCH, ignore_conflicts=True)
    record("roster.imported", by=by, affiliate=local, obj=imported, changes={
        "rows": [None, summary.rows], "created": [None, summary.created],
        "updated": [None, summary.updated], "unchanged": [None, summary.unchanged],
        "left": [None, summary.left], "new_worksites": [None, len(parsed.new_worksites)],
        "new_job_classes": [None, len(parsed.new_job_classes)],
        "possible_duplicates": [None, len(duplicates)]})
    return summary


# --- Possible duplicates from the roster ------------------------------------------------------

_STATUS_RANK = {MembershipStatus.MEMBER: 4, MembershipStatus.PENDING: 3,
                MembershipStatus.LAPSED: 2, MembershipStatus.RESIGNED: 1,
                MembershipStatus.NON_MEMBER: 0}


@transaction.atomic(durable=True)
def resolve_duplicate(duplicate, *, merge: bool, by):
    """Two records of one worker: merge the older one into the roster's, or mark them distinct.

    A merge keeps the roster's person (it has the district's employee id), fills its empty
    contact fields from the other record, moves that record's history, forms, dues cards and
    account over, keeps the stronger membership, and removes the other record.
    """
    from unionhall.accounts.models import User
    from unionhall.members.models import (
        Application,
        DuesAuthorization,
        PersonChange,
        PossibleDuplicate,
    )

    _require(by, duplicate.local, Perm.MANAGE_PEOPLE)
    duplicate = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if duplicate.resolution:
        raise ValidationError(_("This pair has already been looked at."))
    if not merge:
        duplicate.resolution = PossibleDuplicate.Resolution.DISTINCT
        duplicate.save(update_fields=["resolution"])
        record("duplicate.distinct", by=by, affiliate=duplicate.local, obj=duplicate.person)
        return duplicate
    keep = Person.objects.select_related("membership").get(pk=duplicate.person_id)
    other = Person.objects.select_related("membership").get(pk=duplicate.candidate_id)
    filled = {f: [getattr(keep, f), getattr(other, f)] for f in CONTACT_FIELDS + ("hire_date",)
              if not getattr(keep, f) and getattr(other, f)}
    for field, (_old, new) in filled.items():
        setattr(keep, field, new)
    if filled:
        keep.save(update_fields=list(filled))
        PersonChange.objects.create(person=keep, by=_actor(by), source=PersonChange.Source.STAFF,
                                    changes={k: [str(a), str(b)] for k, (a, b) in filled.items()})
    if User.objects.filter(person=other).exists() and not User.objects.filter(
            person=keep).exists():
        User.objects.filter(person=other).update(person=keep)
    Application.objects.filter(person=other).update(person=keep)
    if DuesAuthorization.objects.filter(person=keep, status="active").exists():
        DuesAuthorization.objects.filter(person=other, status="active").update(
            status="revoked", revoked_at=timezone.now())
    DuesAuthorization.objects.filter(person=other).update(person=keep)
    MembershipChange.objects.filter(person=other).update(person=keep)
    PersonChange.objects.filter(person=other).update(person=keep)
    if _STATUS_RANK[other.membership.status] > _STATUS_RANK[keep.membership.status]:
        membership = keep.membership
        membership.status, membership.since = other.membership.status, other.membership.since
        membership.save(update_fields=["status", "since"])
    record("duplicate.merged", by=by, affiliate=duplicate.local, obj=keep,
           changes={"merged": [str(other), None], "filled": [None, sorted(filled)]})
    other.delete()  # the pair goes with it; the audit entry keeps what was merged
    return keep


# --- Roster import from the web: check and preview, then the worker imports ------------------


def stage_roster(local, data: bytes, *, filename: str, partial: bool, create_worksites: bool,
                 by):
    """Check an uploaded roster (a dry run) and keep it for the user to confirm."""
    from unionhall.members.models import RosterUpload

    summary = import_roster(local, data, filename=filename, partial=partial,
                            create_worksites=create_worksites, dry_run=True, by=by)
    with transaction.atomic(durable=True):
        upload = RosterUpload.objects.create(
            local=local, by=_actor(by), filename=filename[:255], data=data, partial=partial,
            create_worksites=create_worksites, preview=summary.as_dict())
        record("roster.uploaded", by=by, affiliate=local, obj=upload,
               changes={"rows": [None, summary.rows], "errors": [None, len(summary.errors)]})
    return upload


@transaction.atomic(durable=True)
def confirm_roster(upload, *, by):
    """Queue a checked roster for the worker; a file with errors can't be confirmed."""
    from unionhall.members.models import RosterUpload
    from unionhall.members.tasks import run_roster_upload

    _require(by, upload.local, Perm.MANAGE_PEOPLE)
    upload = RosterUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != RosterUpload.Status.PREVIEWED:
        raise ValidationError(_("This file has already been imported or is being imported."))
    if upload.preview.get("errors"):
        raise ValidationError(_("Fix the rows listed and upload the file again."))
    upload.status = RosterUpload.Status.QUEUED
    upload.save(update_fields=["status"])
    record("roster.confirmed", by=by, affiliate=upload.local, obj=upload)
    transaction.on_commit(lambda: run_roster_upload.enqueue(upload.pk))
    return upload


def _upload_status(upload, status, **fields):
    from unionhall.members.models import RosterUpload

    with transaction.atomic(durable=True):
        RosterUpload.objects.filter(pk=upload.pk).update(status=status, **fields)


def run_roster_upload_now(upload) -> None:
    """The worker's side: import a confirmed file, keeping its status current for the page."""
    from unionhall.members.models import RosterUpload

    _upload_status(upload, RosterUpload.Status.RUNNING)
    try:
        summary = import_roster(upload.local, bytes(upload.data), filename=upload.filename,
                                partial=upload.partial, create_worksites=upload.create_worksites,
                                by=upload.by)
    except Exception as exc:  # the page must say it failed, whatever the cause
        _upload_status(upload, RosterUpload.Status.FAILED, finished_at=timezone.now(),
                       result={"failure": str(exc)[:500]})
        raise
    status = RosterUpload.Status.FAILED if summary.errors else RosterUpload.Status.DONE
    _upload_status(upload, status, finished_at=timezone.now(), result=summary.as_dict(),
                   data=b"")
