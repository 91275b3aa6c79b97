"""Access-matrix rows (see test_access_matrix.py) for the proposal and tentative-agreement
pages: url name -> (method, kwargs builder, {persona: expected}).

Everyone with standing in the local (members, reps, stewards, state staff, …) reads published
proposals and the register of agreements; the bargaining team, the officers and the local
admin (Perm.BARGAIN) also get the forms and every change. The outsider is stopped at the
local's door (403). POSTs carry no data: who may act is sent back to the proposal with the
outcome in a message (302)."""

import datetime as dt

from tests.matrix_common import LOGIN

READ = {"anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 200, "outsider": 403, "team": 200}


def _bargain(status):
    return {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": status,
            "admin": status, "state": 403, "outsider": 403, "team": status}


LEAVES = """Leave is granted without loss of pay as set out in this Article.

7.1 Sick Leave
Each employee shall accrue one (1) day of sick leave for each month of service.

7.2 Personal Leave
Each employee may take two (2) days of personal leave each school year."""


def contract_in_force(local):
    """The version in force, built with the ORM (not the import) if there is none."""
    from unionhall.bargaining.contract_text import parse_article_body
    from unionhall.bargaining.models import Article, Contract, Section

    contract = Contract.objects.filter(local=local, status="in_force").first()
    if contract is not None:
        return contract
    contract = Contract.objects.create(local=local, name="2023–2026", slug="2023-2026",
                                       status="in_force", starts_on=dt.date(2023, 7, 1))
    intro, sections = parse_article_body(LEAVES, "7")
    article = Article.objects.create(contract=contract, number="7", title="Leaves",
                                     intro=intro, position=1)
    Section.objects.bulk_create(
        Section(contract=contract, article=article, number=s.number, title=s.title,
                text=s.text, position=i) for i, s in enumerate(sections, 1))
    return contract


def _proposal(w, *, published):
    from unionhall.bargaining.actions.proposals import create_proposal

    contract_in_force(w.local)
    return create_proposal(
        w.local, side="union", article_number="7", title="Leaves",
        text=LEAVES.replace("two (2) days", "three (3) days"), published=published,
        presented_on=w.local.today() - dt.timedelta(days=2), by=None)


def _local(w):
    return {"local_slug": "lakeview"}


def _published(w):
    return {"local_slug": "lakeview", "pk": _proposal(w, published=True).pk}


def _draft(w):
    return {"local_slug": "lakeview", "pk": _proposal(w, published=False).pk}


PROPOSAL_MATRIX = {
    "proposal_list": ("get", _local, READ),
    "proposal_new": ("get", _local, _bargain(200)),
    "proposal_detail": ("get", _published, READ),
    "proposal_edit": ("get", _published, _bargain(200)),
    "proposal_publish": ("post", _draft, _bargain(302)),
    "proposal_status": ("post", _published, _bargain(302)),
    "agreement_sign": ("get", _published, _bargain(200)),
    "agreement_list": ("get", _local, READ),
    "agreement_ratify": ("get", _local, _bargain(200)),
}
