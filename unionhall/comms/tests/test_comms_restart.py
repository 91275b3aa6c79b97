"""A worker killed (SIGKILL) in the middle of sending a message, then a new worker started:
every person gets the message once, none twice.

Real processes against a real database: `manage.py db_worker` as the project runs it, with
the file email backend writing every email into a folder the test reads. The suite's own
test database cannot serve another process (on SQLite it is in memory), so the test makes its
own of the same kind, as test_vote_load.py does: a SQLite file, or a new database on the same
PostgreSQL server (dropped afterwards). Emails go out 5 a second, so the kill most likely
lands in the pause between two emails and every address gets exactly one; if it lands between
handing an email over and recording it, that one copy is left "uncertain" and is still never
sent twice.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests import processes

ROOT = processes.ROOT
PEOPLE = 40
KILL_AFTER = 10  # emails written
TIMEOUT = 120
TO = re.compile(r"^To: (\S+)$", re.MULTILINE)


def _run(env: dict, *args: str) -> str:
    return processes.run(env, *args, timeout=TIMEOUT * 2)


@pytest.fixture
def worker_env(tmp_path):
    """The environment of a migrated database of the suite's kind, dropped afterwards."""
    (tmp_path / "mail").mkdir()
    with processes.own_database(tmp_path, "restart") as url:
        env = processes.environment(
            "unionhall.comms.tests.restart_settings", url, tmp_path / "var",
            EMAIL_URL=f"file://{tmp_path / 'mail'}", SITE_URL="https://union.example.org",
            COMMS_EMAILS_PER_MINUTE="300", COMMS_RUN_SECONDS="4", LOG_LEVEL="WARNING")
        _run(env, "manage.py", "migrate", "--noinput", "-v0")
        yield env


def _start_worker(env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload",
             "--no-startup-delay"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=processes.die_with_parent)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _received(mail_dir: Path) -> Counter:
    """How many emails each address got, from every file the backend wrote."""
    found = Counter()
    for path in mail_dir.glob("*.log"):
        found.update(TO.findall(path.read_text(errors="replace")))
    return found


def _wait(predicate, what: str, procs, log: Path, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if any(p.poll() is not None for p in procs):
            pytest.fail(f"the worker exited while waiting for {what}:\n"
                        f"{log.read_text(errors='replace')[-4000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n"
                        f"{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.05)


def test_a_worker_killed_mid_send_then_restarted_sends_each_message_once(worker_env,
                                                                           tmp_path):
    mail_dir = tmp_path / "mail"
    log = tmp_path / "worker.log"
    seeded = json.loads(_run(worker_env, "-m", "unionhall.comms.tests.restart_seed", "seed",
                             str(PEOPLE)))
    addresses = set(seeded["addresses"])
    assert len(addresses) == PEOPLE

    def status():
        return json.loads(_run(worker_env, "-m", "unionhall.comms.tests.restart_seed",
                               "status", str(seeded["message"])))

    first = _start_worker(worker_env, log)
    try:
        _wait(lambda: sum(_received(mail_dir).values()) >= KILL_AFTER,
              f"{KILL_AFTER} emails", [first], log)
    finally:
        _stop(first)  # SIGKILL: no chance to tidy up
    at_kill = _received(mail_dir)
    assert KILL_AFTER <= sum(at_kill.values()) < PEOPLE, "the kill came too late to test"
    assert any(s == "queued" for _a, s in status()["deliveries"])

    second = _start_worker(worker_env, log)
    try:
        final = _wait(lambda: (lambda s: s if s["status"] == "sent" else None)(status()),
                      "the message to be sent", [second], log)
    finally:
        _stop(second)

    received = _received(mail_dir)
    rows = dict(final["deliveries"])
    assert set(rows) == addresses
    assert set(received) <= addresses
    assert max(received.values()) == 1, "someone got the message twice"
    assert "queued" not in rows.values()
    uncertain = {a for a, s in rows.items() if s == "sending"}
    assert len(uncertain) <= 1  # only if the kill landed inside a send
    for address, state in rows.items():
        if state == "sent":
            assert received[address] == 1, address
    assert sum(received.values()) >= PEOPLE - len(uncertain)
    assert sum(received.values()) > sum(at_kill.values())  # the second worker carried on
