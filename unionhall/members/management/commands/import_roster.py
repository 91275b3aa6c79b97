"""Import the district's HR roster export (CSV or XLSX) into a local.

    python manage.py import_roster PATH --local SLUG [--dry-run] [--json]
                                   [--create-worksites] [--partial]

Exit status: 0 done (or checked, with --dry-run), 1 the file has bad rows (nothing written),
2 bad usage (an unknown local, a missing file).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionhall.core.models import Affiliate


class Command(BaseCommand):
    help = "Bring a local's roster in line with the district's HR export (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the HR export: a .csv, .xlsx or .xls file")
        parser.add_argument("--local", required=True, help="the local's slug")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and report what would change; write nothing")
        parser.add_argument("--json", action="store_true",
                            help="print one JSON object with the counts and every bad row")
        parser.add_argument("--create-worksites", action="store_true",
                            help="add worksites named in the file that the local does not have")
        parser.add_argument("--partial", action="store_true",
                            help="the file is not the whole roster: no one is marked as left")

    def handle(self, *args, **options):
        from unionhall.members.actions import import_roster

        local = Affiliate.objects.filter(slug=options["local"], kind=Affiliate.Kind.LOCAL).first()
        if local is None:
            raise CommandError(f"No local with the slug {options['local']!r}.", returncode=2)
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.",
                               returncode=2) from None
        summary = import_roster(local, data, filename=path.name, partial=options["partial"],
                                create_worksites=options["create_worksites"],
                                dry_run=options["dry_run"], by=None)
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
        else:
            self._report(summary)
        if summary.errors:
            raise SystemExit(1)

    def _report(self, summary):
        for warning in summary.warnings:
            self.stderr.write(f"warning: {warning}")
        if summary.errors:
            for error in summary.errors:
                self.stderr.write(str(error))
            self.stderr.write(f"{len(summary.errors)} problem(s) in {summary.rows} rows; "
                              "nothing was imported.")
            return
        verb = "Would import" if summary.dry_run else "Imported"
        self.stdout.write(
            f"{verb} {summary.rows} rows: {summary.created} new, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.left} marked as having left the unit.")
        if summary.new_worksites:
            self.stdout.write("New worksites: " + "; ".join(summary.new_worksites))
        if summary.new_job_classes:
            self.stdout.write("New job classes (assign each a job family): "
                              + "; ".join(summary.new_job_classes))
        if summary.possible_duplicates:
            self.stdout.write(f"{summary.possible_duplicates} possible duplicate(s) for staff "
                              "to review.")
