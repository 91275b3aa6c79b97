"""User text kept as plain text: templates escape it on output, so here we only drop what no
one typed on purpose (control characters, stray carriage returns) and trim the ends."""

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Plain text as typed, minus control and bidirectional-override characters."""
    return _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
