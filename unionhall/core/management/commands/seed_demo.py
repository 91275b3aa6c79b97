import time
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from unionhall.accounts.actions import delete_accounts
from unionhall.accounts.models import User
from unionhall.core.actions import delete_local
from unionhall.core.demo import (
    DEMO_PASSWORD,
    DEMO_PERSONS,
    DEMO_SEED,
    DEMO_SLUG,
    build_demo,
    seed_demo,
)
from unionhall.core.models import Affiliate
from unionhall.members.models import Person


def demo_users():
    return User.objects.filter(email__iendswith="@" + settings.DEMO_EMAIL_DOMAIN)


class Command(BaseCommand):
    help = (f"Load the demo local (slug {DEMO_SLUG}): about {DEMO_PERSONS:,} invented ESPs at "
            "150 worksites, their role holders and the demo logins (see demo_logins).")

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--if-empty", action="store_true",
                          help="do nothing if the demo local exists")
        mode.add_argument("--reset", action="store_true",
                          help="delete the demo local, its people and the demo users first")
        parser.add_argument("--persons", type=int, default=DEMO_PERSONS,
                            help=f"how many persons (default {DEMO_PERSONS})")
        parser.add_argument("--worksites", type=int, default=None,
                            help="how many worksites (default: in proportion, 150 for 3,800)")
        parser.add_argument("--seed", type=int, default=DEMO_SEED, help="random seed")

    def handle(self, *args, **opts):
        started = time.monotonic()
        existing = Affiliate.objects.filter(slug=DEMO_SLUG).first()
        if existing is not None and opts["if_empty"]:
            self.stdout.write(f"The demo local ({DEMO_SLUG}) is already loaded; nothing to do.")
            return
        if existing is not None and not opts["reset"]:
            raise CommandError(
                f"The demo local ({DEMO_SLUG}) already exists. Pass --reset to delete it, its "
                f"people and the demo users and load it again, or --if-empty to keep it."
            )
        if existing is not None and existing.kind != Affiliate.Kind.LOCAL:
            raise CommandError(f"The affiliate {DEMO_SLUG} is not a local; not touching it.")
        if not opts["reset"] and demo_users().exists():
            raise CommandError(
                f"Users at @{settings.DEMO_EMAIL_DOMAIN} exist without the demo local. Pass "
                f"--reset to delete them and load the demo."
            )
        try:
            data = build_demo(opts["persons"], opts["worksites"], seed=opts["seed"],
                              email_domain=settings.DEMO_EMAIL_DOMAIN,
                              as_of=timezone.localdate())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        if opts["reset"]:
            removed = delete_accounts(demo_users())
            if existing is not None:
                delete_local(existing)
            self.stdout.write(f"Deleted {'the demo local and ' if existing else ''}"
                              f"{removed} demo users.")

        password = DEMO_PASSWORD if settings.DEMO_LOGINS else None
        try:
            local = seed_demo(data, password=password)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except Exception:
            self.stderr.write("Loading the demo failed; run seed_demo --reset to start over.")
            raise

        elapsed = time.monotonic() - started
        persons = Person.objects.filter(local=local)
        total = persons.count()
        members = persons.filter(membership__status="member").count()
        families = Counter(persons.values_list("job_class__family__code", flat=True))
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {local.name} ({local.slug}) in {elapsed:.1f}s: {total:,} persons "
            f"({members / total:.0%} members) at {local.worksites.count()} worksites, "
            f"{len(data.accounts)} users with roles."
        ))
        self.stdout.write("Job families: " + ", ".join(
            f"{code} {n / total:.0%}" for code, n in families.most_common()))
        self.stdout.write("Sign-in details: manage.py demo_logins")
