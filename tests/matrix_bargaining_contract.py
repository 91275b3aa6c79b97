"""Access-matrix rows (see test_access_matrix.py) for the contract pages, and the contract the
rows (and the contract tests) are built on.

Everyone with standing in the local (members, reps, stewards, officers, the local admin, state
staff, the bargaining team) reads the versions in force and superseded; the import, editing,
putting in force and deleting are the bargaining team's (Perm.BARGAIN: the team, the officers,
the local admin). An outsider is refused everything; anonymous is sent to sign in."""

LOGIN = "login"

SAMPLE_NAME = "2024–2027"
SAMPLE = """\
Agreement between the Lakeview School District and the Lakeview ESP Association.

ARTICLE 1 – RECOGNITION
1.1 Bargaining Unit
The District recognizes the Association for all education support professionals.

ARTICLE 7 – LEAVES
Leave is granted as follows.
7.1 Sick Leave
Employees earn one (1) day of sick leave for each month worked.
7.2 Personal Leave
Each employee has three (3) days of personal leave a year:
(a) asked for two (2) working days ahead;
(b) or as soon as possible in an emergency.
7.3 Bereavement Leave
Up to five (5) days for the death of a member of the immediate family.

ARTICLE 12 – GRIEVANCE PROCEDURE
12.1 Definition
A grievance is a claim that the District has violated this Agreement.
12.3 Time Limits
Time limits are in working days.
"""


def ensure_contract(world, *, name: str = SAMPLE_NAME, text: str = SAMPLE):
    """Lakeview's version in force: the one named `name`, made (by the system, through the
    actions) if it is not there yet. Several rows of one test may share it."""
    from unionhall.bargaining.actions.contract import contract_slug, import_contract, put_in_force
    from unionhall.bargaining.models import Contract

    existing = Contract.objects.filter(local=world.local, slug=contract_slug(name)).first()
    if existing is not None:
        return existing
    contract = import_contract(world.local, name=name, text=text, title="Lakeview Agreement",
                               by=None)
    return put_in_force(contract, by=None)


def ensure_draft(world, *, name: str = "2027–2030 draft", text: str = SAMPLE):
    """A draft version of lakeview's contract, made if missing."""
    from unionhall.bargaining.actions.contract import contract_slug, import_contract
    from unionhall.bargaining.models import Contract

    existing = Contract.objects.filter(local=world.local, slug=contract_slug(name)).first()
    return existing or import_contract(world.local, name=name, text=text, by=None)


def _local(w):
    return {"local_slug": "lakeview"}


def _current(w):
    ensure_contract(w)
    return _local(w)


def _version(w):
    return {"local_slug": "lakeview", "slug": ensure_contract(w).slug}


def _draft(w):
    return {"local_slug": "lakeview", "slug": ensure_draft(w).slug}


def _article(w):
    return {**_version(w), "number": "7"}


def _section(w):
    return {**_version(w), "number": "7.2"}


def _section_current(w):
    ensure_contract(w)
    return {"local_slug": "lakeview", "number": "7.2"}


ANYONE = {"anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
          "admin": 200, "state": 200, "outsider": 403, "team": 200}


def _anyone(status):
    return {**ANYONE, **{p: status for p, s in ANYONE.items() if s == 200}}


def _team(status):
    return {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": status,
            "admin": status, "state": 403, "outsider": 403, "team": status}


CONTRACT_MATRIX = {
    "contract_current": ("get", _current, ANYONE),
    "contract_versions": ("get", _local, ANYONE),
    "contract_version": ("get", _version, ANYONE),
    "contract_article": ("get", _article, ANYONE),
    "contract_section": ("get", _section, ANYONE),
    # A stable link to the section in the version in force: a redirect there.
    "contract_section_current": ("get", _section_current, _anyone(302)),
    "contract_import": ("get", _local, _team(200)),
    "contract_edit": ("get", _version, _team(200)),
    # On a draft: put in force, or deleted, then back to a page (302).
    "contract_put_in_force": ("post", _draft, _team(302)),
    "contract_delete": ("post", _draft, _team(302)),
}
