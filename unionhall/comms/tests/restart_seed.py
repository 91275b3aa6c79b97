"""The restart test's data, written into the database DATABASE_URL names (see
test_comms_restart.py).

    python -m unionhall.comms.tests.restart_seed seed PEOPLE
        a local, PEOPLE members each with their own address, and a message to all of them,
        sent (one task queued in the database); prints JSON: message id and addresses.
    python -m unionhall.comms.tests.restart_seed status MESSAGE_ID
        prints JSON: the message's status and each delivery's address and status.
"""

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import django  # noqa: E402


def seed(n: int) -> dict:
    from tests.factories import make_local
    from unionhall.comms import actions
    from unionhall.members.models import Membership, Person

    local = make_local("restart", "Restart Test ESP")
    people = Person.objects.bulk_create([
        Person(local=local, employee_id=f"R{i:05d}", legal_first_name=f"Driver{i}",
               legal_last_name="Restart", personal_email=f"driver{i}@example.org")
        for i in range(n)])
    Membership.objects.bulk_create([Membership(person=p, status="member",
                                               since=dt.date(2020, 9, 1)) for p in people])
    message = actions.create_message(local, by=None, subject="Route bids open Monday",
                                     body="Come to the drivers' meeting **Thursday**.",
                                     topic="events", language="en", audience={})
    actions.send_message(message, by=None)  # the task is queued when this commits
    return {"message": message.pk, "addresses": [p.personal_email for p in people]}


def status(message_id: int) -> dict:
    from unionhall.comms.models import Delivery, Message

    return {"status": Message.objects.get(pk=message_id).status,
            "deliveries": list(Delivery.objects.filter(message_id=message_id)
                               .values_list("address", "status"))}


if __name__ == "__main__":
    django.setup()
    command, arg = sys.argv[1], int(sys.argv[2])
    print(json.dumps(seed(arg) if command == "seed" else status(arg)))
