"""Count a BLT ballot file: ``manage.py count_blt PATH [--method scottish-stv] [--json]``.

``--json`` prints ``{"elected": [...], "rounds": [...], ...}`` with candidates by their 1-based
number in the file, in the order elected; without it, a table of the rounds. Ties decided by lot
use ``--seed`` (a fresh seed is drawn and printed when it is not given, so the draw can be
replayed). A malformed file is reported with its line number and exit status 1.
"""

import json
import random
import secrets

from django.core.management.base import BaseCommand, CommandError

from unionhall.democracy import counting
from unionhall.democracy.blt import BltError, read_blt


class Command(BaseCommand):
    help = "Count the ballots in a BLT file (Scottish STV, instant runoff, plurality, approval)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--method", choices=sorted(counting.METHODS),
                            default="scottish-stv")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--seed", type=int, default=None,
                            help="seed for ties decided by lot (printed with the result)")
        parser.add_argument("--seats", type=int, default=None,
                            help="seats to fill (default: the file's; instant runoff fills 1)")
        parser.add_argument("--votes-allowed", type=int, default=None,
                            help="plurality: marks allowed per ballot (default: the seats)")

    def handle(self, *args, **options):
        path, method, seed = options["path"], options["method"], options["seed"]
        seats, votes_allowed = options["seats"], options["votes_allowed"]
        try:
            election = read_blt(path)
        except BltError as e:
            raise CommandError(f"{path}: {e}", returncode=1) from None
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(f"{path}: {e}", returncode=1) from None
        if seed is None:
            seed = secrets.randbelow(2**32)
        rng = random.Random(seed)
        seats = seats or election.seats
        if seats < 1:
            raise CommandError("--seats must be at least 1", returncode=1)
        common = {"withdrawn": election.withdrawn, "rng": rng}
        ballots, cands = election.ballots, election.candidates
        if method == "scottish-stv":
            result = counting.scottish_stv(ballots, cands, seats, **common)
        elif method == "irv":
            result = counting.instant_runoff(ballots, cands, **common)
        elif method == "plurality":
            result = counting.plurality(ballots, cands, seats, votes_allowed=votes_allowed,
                                        **common)
        else:
            result = counting.approval(ballots, cands, seats, **common)
        if options["json"]:
            out = result.to_dict()
            out.update(title=election.title, names=election.names, seed=seed)
            order = ["elected", "rounds", "method", "title", "seats", "candidates", "names",
                     "withdrawn", "valid", "invalid", "quota", "lots", "seed"]
            self.stdout.write(json.dumps({k: out[k] for k in order}, ensure_ascii=False))
        else:
            self.stdout.write(render_table(election, result, seed))


def _num(units: int) -> str:
    n = counting.votes_number(units)
    return f"{n:,}" if isinstance(n, int) else f"{n:,.5f}"


def render_table(election, result: counting.CountResult, seed: int) -> str:
    names = election.names
    lines = []
    if election.title:
        lines.append(election.title)
    quota = f", quota {_num(result.quota)}" if result.quota is not None else ""
    lines.append(f"{result.method}: {result.seats} seat(s), {len(names)} candidates, "
                 f"{result.valid:,} valid ballots, {result.invalid:,} invalid{quota}")
    if result.withdrawn:
        lines.append("Withdrawn: " + ", ".join(f"{c} {names[c - 1]}" for c in result.withdrawn))
    heads = [f"round {r.number}" for r in result.rounds]
    label_w = max(len(f"{c} {names[c - 1]}") for c in result.candidates) + 2
    cells = [[_num(r.votes[c]) if c in r.votes else "–" for r in result.rounds]
             for c in result.candidates if c not in result.withdrawn]
    col_w = max([len(h) for h in heads] + [len(x) for row in cells for x in row] + [9]) + 2
    lines.append("")
    lines.append(" " * label_w + "".join(h.rjust(col_w) for h in heads))
    row_i = 0
    for c in result.candidates:
        if c in result.withdrawn:
            continue
        mark = "  elected" if c in result.elected else ""
        lines.append(f"{c} {names[c - 1]}".ljust(label_w)
                     + "".join(x.rjust(col_w) for x in cells[row_i]) + mark)
        row_i += 1
    lines.append("non-transferable".ljust(label_w)
                 + "".join(_num(r.exhausted).rjust(col_w) for r in result.rounds))
    if any(r.lost_to_fractions for r in result.rounds):
        lines.append("lost to fractions".ljust(label_w)
                     + "".join(_num(r.lost_to_fractions).rjust(col_w) for r in result.rounds))
    lines.append("")
    for r in result.rounds:
        what = {"surplus": "surplus of", "exclusion": "exclusion of"}.get(r.action, r.action)
        if r.candidate is not None:
            what += f" {r.candidate} {names[r.candidate - 1]}"
        if r.transfer_values:
            what += " at " + ", ".join(f"{_num(b)} (from {_num(a)})"
                                       for a, b in r.transfer_values)
        if r.elected:
            what += "; elected: " + ", ".join(str(c) for c in r.elected)
        lines.append(f"Round {r.number}: {what}")
    lines.append("Elected, in order: " + "; ".join(f"{c} {names[c - 1]}"
                                                  for c in result.elected))
    for lot in result.lots:
        lines.append(f"Round {lot.round}: {lot.purpose} tie between {lot.tied} decided by lot: "
                     f"{lot.chosen} (seed {seed})")
    return "\n".join(lines)
