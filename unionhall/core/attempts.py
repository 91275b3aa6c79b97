"""Wrong attempts at a code typed in the room (meeting sign-in, event check-in), counted in the
cache: outside the transaction that a wrong attempt rolls back, so the count survives it."""

from django.core.cache import cache

LIMIT = 5
WINDOW = 600  # seconds


def locked_out(key: str) -> bool:
    return (cache.get(key) or 0) >= LIMIT


def count_wrong(key: str) -> None:
    cache.add(key, 0, WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
