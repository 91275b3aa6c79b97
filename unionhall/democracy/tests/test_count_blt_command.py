"""`manage.py count_blt`: JSON and table output, the methods, and malformed files."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .stv_data import MISSING, SHARED_STV

ROOT = Path(__file__).resolve().parents[3]
SMALL = '3 2\n40 1 2 0\n20 1 3 0\n10 2 0\n30 3 0\n0\n"Ana"\n"Ben"\n"Cal"\n"Ward 1"\n'


def run(*args) -> str:
    out = StringIO()
    call_command("count_blt", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.blt"
    path.write_text(SMALL)
    return str(path)


def test_json_lists_the_elected_by_number_in_order_and_every_round(small):
    data = json.loads(run(small, "--method", "scottish-stv", "--json"))
    assert data["elected"] == [1, 3]
    assert [r["action"] for r in data["rounds"]] == ["first preferences", "surplus"]
    assert data["rounds"][1]["votes"] == {"1": 34, "2": 27.3332, "3": 38.6666}
    assert data["rounds"][1]["transfer_values"] == [[1, 0.43333]]
    assert data["quota"] == 34 and data["title"] == "Ward 1"
    assert data["names"] == ["Ana", "Ben", "Cal"] and isinstance(data["seed"], int)


def test_scottish_stv_is_the_default_and_the_table_is_readable(small):
    table = run(small)
    assert "Ward 1" in table and "quota 34" in table
    assert "Round 2: surplus of 1 Ana at 0.43333 (from 1); elected: 3" in table
    assert "Elected, in order: 1 Ana; 3 Cal" in table


@pytest.mark.parametrize(("method", "elected"), [
    ("irv", [1]), ("plurality", [1, 3]), ("approval", [1, 3]),
])
def test_other_methods(tmp_path, method, elected):
    # plurality (vote for up to 2) and approval: Ana 60, Cal 55, Ben 50
    path = tmp_path / "e.blt"
    path.write_text('3 2\n40 1 2 0\n20 1 3 0\n10 2 0\n35 3 0\n0\n"Ana"\n"Ben"\n"Cal"\n')
    data = json.loads(run(str(path), "--method", method, "--json"))
    assert data["elected"] == elected and data["lots"] == []


def test_seats_can_be_overridden(small):
    assert json.loads(run(small, "--json", "--seats", "1"))["elected"] == [1]


def test_a_lot_is_replayed_with_its_seed(tmp_path):
    path = tmp_path / "tie.blt"
    path.write_text('4 2\n6 1 0\n6 2 0\n3 3 1 0\n3 4 2 0\n0\n"A"\n"B"\n"C"\n"D"\n')
    first = json.loads(run(str(path), "--json"))
    assert len(first["lots"]) == 1
    again = json.loads(run(str(path), "--json", "--seed", str(first["seed"])))
    assert again == first
    assert "decided by lot" in run(str(path), "--seed", str(first["seed"]))


def test_malformed_file_names_the_line_and_exits_1(tmp_path):
    path = tmp_path / "bad.blt"
    path.write_text('3 1\n1 1 2 0\n2 1 9 0\n0\n"A"\n"B"\n"C"\n')
    with pytest.raises(CommandError) as err:
        run(str(path), "--json")
    assert err.value.returncode == 1
    assert "line 3: there is no candidate 9" in str(err.value)


def test_missing_file_exits_1(tmp_path):
    with pytest.raises(CommandError) as err:
        run(str(tmp_path / "nope.blt"))
    assert err.value.returncode == 1


def test_exit_status_from_the_command_line(tmp_path):
    path = tmp_path / "bad.blt"
    path.write_text("3 1\n1 1 x 0\n0\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "unionhall.test_settings"}
    proc = subprocess.run([sys.executable, str(ROOT / "manage.py"), "count_blt", str(path)],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert proc.returncode == 1
    assert "line 2: a preference must be a whole number, not 'x'" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.shared
def test_a_conformance_file_through_the_command():
    path = SHARED_STV / "blt" / "12_cands__glasgow_2017_ward1.blt"
    if not path.exists():
        pytest.skip(MISSING)
    data = json.loads(run(str(path), "--json"))
    assert sorted(data["elected"]) == [1, 5, 7, 10]
    assert data["elected"] == [7, 10, 5, 1]  # the order of election
