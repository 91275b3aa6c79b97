"""Money is integer cents everywhere; this is how it is written for people."""


def money(cents: int | None) -> str:
    return f"${(cents or 0) / 100:,.2f}"
