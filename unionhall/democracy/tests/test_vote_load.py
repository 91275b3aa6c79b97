"""Load test: 100 voters each submit their ballot twice at the same moment, against the real
server (gunicorn, several processes and threads) on a real database: exactly 100 ballots are
stored, and every second submission is told "already voted".

The suite's own test database cannot serve another process (on SQLite it is in memory), so
this test makes its own, of the same kind as the suite runs on: a SQLite file, or a new database
on the same PostgreSQL server (dropped afterwards). `make test` runs the suite once on each, so
both are covered. Migrating, seeding (load_seed.py) and serving happen in subprocesses with the
production settings (load_settings.py); nothing here touches the test database.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests import processes
from unionhall.democracy.ballots import receipt_code

pytestmark = pytest.mark.load

ROOT = processes.ROOT
VOTERS = 100
WORKERS, THREADS = 3, 8
ALREADY_VOTED = "You have already voted in this election."
ANSWERS = ("yes", "no", "abstain")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"'
                        r'|value="([^"]+)"\s+name="csrfmiddlewaretoken"')
RECEIPT = re.compile(r'data-receipt="([^"]+)"')
TIMEOUT = 120  # seconds, for any one subprocess or request; generous for a busy 2-core box


# --- the database and the processes that use it ----------------------------------------------


def _run(env: dict, *args: str) -> str:
    return processes.run(env, *args, timeout=TIMEOUT * 2)


@pytest.fixture
def load_env(tmp_path):
    """The environment of a migrated database of the suite's kind, dropped afterwards."""
    with processes.own_database(tmp_path, "load") as url:
        env = processes.environment("unionhall.democracy.tests.load_settings", url,
                                    tmp_path / "var", EMAIL_URL="dummy://", LOG_LEVEL="ERROR")
        _run(env, "manage.py", "migrate", "--noinput", "-v0")
        _run(env, "manage.py", "createcachetable")
        yield env


@pytest.fixture
def seeded(load_env):
    return json.loads(_run(load_env, "-m", "unionhall.democracy.tests.load_seed", "seed",
                           str(VOTERS)))


class Server:
    def __init__(self, proc: subprocess.Popen, log: Path):
        self.proc, self.log, self.port = proc, log, None

    def log_tail(self, chars: int = 6000) -> str:
        """The server's log from its first traceback (or its end), for failure messages."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        first = text.find("Traceback")
        return text[first:first + chars] if first >= 0 else text[-chars:]

    def request(self, method: str, path: str, headers: dict | None = None,
                body: str | None = None) -> tuple:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode(errors="replace")
        finally:
            conn.close()


@pytest.fixture
def server(load_env, seeded, tmp_path):
    """gunicorn serving the load database on a port of its choosing, stopped however the test
    ends."""
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "unionhall.wsgi", "--bind", "127.0.0.1:0",
             "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
             "--timeout", str(TIMEOUT), "--graceful-timeout", "5", "--no-control-socket",
             "--worker-tmp-dir", str(tmp_path)],
            cwd=ROOT, env=load_env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=processes.die_with_parent)
    srv = Server(proc, log)
    try:
        deadline = time.monotonic() + TIMEOUT
        while srv.port is None:
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)",
                              log.read_text(errors="replace"))
            if found:
                srv.port = int(found[1])
            elif proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{srv.log_tail()}")
            else:
                time.sleep(0.1)
        while True:
            try:
                if srv.request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer /healthz:\n{srv.log_tail()}")
            time.sleep(0.2)
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


# --- the voters -------------------------------------------------------------------------------


def _cookies(headers) -> dict:
    jar = {}
    for value in headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(value)
        jar.update({name: morsel.value for name, morsel in cookie.items()})
    return jar


def _cookie_header(jar: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def _open_ballot(server: Server, path: str, cookie_name: str, session_key: str) -> dict:
    """GET the ballot as this voter: the cookies and the form's CSRF token to post with."""
    jar = {cookie_name: session_key}
    status, headers, body = server.request("GET", path, {"Cookie": _cookie_header(jar)})
    token = CSRF_INPUT.search(body)
    if status != 200 or token is None or "csrftoken" not in _cookies(headers):
        where = headers.get("Location", "")
        raise AssertionError(f"GET {path} gave {status} {where} without a ballot form and a "
                             f"CSRF cookie:\n{body[:1500]}\n--- server log ---\n"
                             f"{server.log_tail()}")
    jar.update(_cookies(headers))
    return {"cookies": jar, "token": token[1] or token[2]}


def _submit_together(server: Server, path: str, submissions: list[tuple[dict, str]]) -> list:
    """Every submission on its own connection, opened first; a barrier releases them all at
    once. Returns (status, body) or the exception, per submission."""
    barrier = threading.Barrier(len(submissions))
    results: list = [None] * len(submissions)

    def submit(i: int, headers: dict, body: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        try:
            try:
                conn.connect()
            except Exception:
                barrier.abort()  # the others fail at once instead of waiting for this one
                raise
            barrier.wait(timeout=TIMEOUT)
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            results[i] = (response.status, response.read().decode(errors="replace"))
        except Exception as exc:  # reported with the others below
            results[i] = exc
        finally:
            conn.close()

    threads = [threading.Thread(target=submit, args=(i, headers, body), daemon=True)
               for i, (headers, body) in enumerate(submissions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
    return results


def test_every_voter_submits_twice_at_once(server, seeded, load_env):
    local, election, contest = seeded["local"], seeded["election"], seeded["contest"]
    path = f"/l/{local}/elections/{election}/vote/"
    with ThreadPoolExecutor(max_workers=8) as pool:
        forms = list(pool.map(lambda key: _open_ballot(server, path, seeded["session_cookie"],
                                                       key), seeded["sessions"]))

    submissions, voter_of = [], []
    for i, form in enumerate(forms):
        body = urlencode({"csrfmiddlewaretoken": form["token"], "step": "cast",
                          f"c{contest}": ANSWERS[i % len(ANSWERS)]})
        headers = {"Cookie": _cookie_header(form["cookies"]),
                   "Content-Type": "application/x-www-form-urlencoded"}
        submissions += [(headers, body), (headers, body)]
        voter_of += [i, i]
    results = _submit_together(server, path, submissions)

    receipts, already, wrong = [], Counter(), []
    accepted = Counter()
    for i, result in enumerate(results):
        voter = voter_of[i]
        if isinstance(result, tuple) and result[0] == 200 and RECEIPT.search(result[1]):
            receipts.append(RECEIPT.search(result[1])[1])
            accepted[voter] += 1
        elif isinstance(result, tuple) and result[0] == 409 and ALREADY_VOTED in result[1]:
            already[voter] += 1
        else:
            if isinstance(result, tuple):
                text = " ".join(result[1].split())
                what = f"{result[0]}: {text[:300]}"
            else:
                what = repr(result)
            wrong.append(f"voter {voter}: {what}")
    assert not wrong, (f"{len(wrong)} of {len(results)} submissions were neither a receipt nor "
                       f"'already voted':\n" + "\n".join(wrong[:20])
                       + f"\n--- server log ---\n{server.log_tail()}")
    twice = sorted(v for v in range(VOTERS) if accepted[v] != 1)
    assert not twice, f"voters without exactly one receipt: {twice}"
    assert sorted(already.values()) == [1] * VOTERS
    assert len(set(receipts)) == VOTERS, "two voters were given the same receipt"

    stored = json.loads(_run(load_env, "-m", "unionhall.democracy.tests.load_seed", "count",
                             str(election)))
    assert len(stored["ballots"]) == VOTERS
    assert len(stored["turnout"]) == VOTERS
    assert len({person for person, _channel in stored["turnout"]}) == VOTERS
    assert {channel for _person, channel in stored["turnout"]} == {"online"}
    # The page shows the part of the receipt a person reads (receipt_code); the ballot keeps all.
    assert {receipt_code(b["receipt"]) for b in stored["ballots"]} == set(receipts)
    marked = Counter(b["marks"].get(str(contest)) for b in stored["ballots"])
    assert marked == Counter(ANSWERS[i % len(ANSWERS)] for i in range(VOTERS))
