"""The access-matrix rows of the proposal pages, tried the way tests/test_access_matrix.py tries
every row, for all nine personas; and a draft, which only the team finds."""

import pytest
from django.urls import reverse

from tests.matrix_bargaining_proposals import PROPOSAL_MATRIX, _draft
from tests.matrix_common import LOGIN

PERSONAS = ["anonymous", "member", "rep", "steward", "officer", "admin", "state", "outsider",
            "team"]


def test_every_proposal_url_has_a_row():
    from unionhall.bargaining import proposal_urls

    assert {p.name for p in proposal_urls.urlpatterns} == set(PROPOSAL_MATRIX)
    for _method, _kwargs, expected in PROPOSAL_MATRIX.values():
        assert set(expected) == set(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PROPOSAL_MATRIX))
def test_access(name, persona, world, as_user):
    method, kwargs, expected = PROPOSAL_MATRIX[name]
    client = as_user(None if persona == "anonymous" else persona)
    url = reverse(name, kwargs=kwargs(world))
    response = getattr(client, method)(url)
    want = expected[persona]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == want, response.content[:500]


DRAFT = {"anonymous": LOGIN, "member": 404, "rep": 404, "steward": 404, "officer": 200,
         "admin": 200, "state": 404, "outsider": 403, "team": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_is_found_by_the_team_only(persona, world, as_user):
    client = as_user(None if persona == "anonymous" else persona)
    response = client.get(reverse("proposal_detail", kwargs=_draft(world)))
    if DRAFT[persona] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == DRAFT[persona]
