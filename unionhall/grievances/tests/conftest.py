import datetime as dt

import pytest

from unionhall.core.models import Affiliate


@pytest.fixture
def today(monkeypatch):
    """Set the locals' today: `today(dt.date(2027, 1, 4))`; the default is Thursday Dec 10, 2026."""

    def set_today(day: dt.date):
        monkeypatch.setattr(Affiliate, "today", lambda self: day)

    set_today(dt.date(2026, 12, 10))
    return set_today
