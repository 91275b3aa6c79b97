"""What the access-matrix row files share."""

LOGIN = "login"


def who(**status):
    """{persona: expected}: the given personas get their status, anyone else signed in 403."""
    base = {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": 403,
            "admin": 403, "state": 403, "outsider": 403}
    return {**base, **status}
