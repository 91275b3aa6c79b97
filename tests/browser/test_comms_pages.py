"""The pages for writing to members, a person's email preferences and the unsubscribe page, at
phone width: axe-core checks each, and none may scroll sideways."""

import pytest
from django.urls import reverse

from tests.browser.conftest import PHONE, sign_in_with_password, visit
from tests.matrix_comms import _draft, _sent, _token

pytestmark = pytest.mark.browser


def test_every_message_page_passes_axe_and_fits_a_phone(page, world):
    draft, sent = _draft(world)["pk"], _sent(world)["pk"]

    def url(name, *args):
        return reverse(name, args=["lakeview", *args])

    page.set_viewport_size(PHONE)
    for who, addresses in (
            ("officer", [url("message_list"), url("message_new"), url("message_edit", draft),
                         url("message_preview", draft), url("message_detail", sent)]),
            ("member", [url("email_preferences"),
                        reverse("unsubscribe", kwargs=_token(world))])):
        page.context.clear_cookies()
        sign_in_with_password(page, world.users[who])
        for address in addresses:
            visit(page, address)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{address} scrolls sideways on a phone ({who})"
