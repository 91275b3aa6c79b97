"""Access-matrix rows (see test_access_matrix.py) for the bargaining search page: everyone with
standing in the local may search (each finds only what they may read); an outsider is refused
and anonymous is sent to sign in."""

LOGIN = "login"

EVERYONE_IN_THE_LOCAL = {"anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200,
                         "officer": 200, "admin": 200, "state": 200, "outsider": 403,
                         "team": 200}


def _search(w):
    return {"local_slug": "lakeview"}


SEARCH_MATRIX = {
    "bargaining_search": ("get", _search, EVERYONE_IN_THE_LOCAL),
}
