"""A draft proposal, which only the team finds (the access matrix tries the published one)."""

import pytest
from django.urls import reverse

from tests.matrix_bargaining_proposals import _draft
from tests.matrix_common import LOGIN

DRAFT = {"anonymous": LOGIN, "member": 404, "rep": 404, "steward": 404, "officer": 200,
         "admin": 200, "state": 404, "outsider": 403, "team": 200}


@pytest.mark.parametrize("persona", sorted(DRAFT))
def test_a_draft_is_found_by_the_team_only(persona, world, as_user):
    client = as_user(None if persona == "anonymous" else persona)
    response = client.get(reverse("proposal_detail", kwargs=_draft(world)))
    if DRAFT[persona] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == DRAFT[persona]
