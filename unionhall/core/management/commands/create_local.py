from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from unionhall.core.actions import create_local


class Command(BaseCommand):
    help = "Set up a local (and its state and national association if missing), with no people."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--time-zone", required=True, help="e.g. America/Chicago")
        parser.add_argument("--state", dest="state_slug", help="slug of the state association")
        parser.add_argument("--state-name", help="name of the state association, if it is new")
        parser.add_argument("--language", default="en", choices=["en", "es"])

    def handle(self, *args, **opts):
        try:
            local = create_local(
                opts["slug"], name=opts["name"], time_zone=opts["time_zone"],
                language=opts["language"], state_slug=opts["state_slug"],
                state_name=opts["state_name"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        state = local.parent
        self.stdout.write(self.style.SUCCESS(
            f"Created the local {local.name} ({local.slug}) under {state.name} ({state.slug}) "
            f"and {state.parent.name}; time zone {local.time_zone}."
        ))
