"""Access-matrix rows (see test_access_matrix.py) for updates and comments.

The list, a public post and the Atom feed are open to everyone, signed in or not. Writing,
publishing and moderating are the team's (PUBLISH_NEWS: the bargaining team, officers, the local
admin). Commenting needs standing in the local: an empty comment gets the post back with the
form's error (200); the outsider is refused. The email preference is for whoever has their own
Person in the local (the steward, admin and state staff personas have none)."""

from tests.matrix_common import LOGIN

OPEN = dict.fromkeys(["anonymous", "member", "rep", "steward", "officer", "admin", "state",
                      "outsider", "team"], 200)


def _team(status):
    return {"anonymous": LOGIN, "member": 403, "rep": 403, "steward": 403, "officer": status,
            "admin": status, "state": 403, "outsider": 403, "team": status}


def _local(w):
    return {"local_slug": "lakeview"}


def _post(w, *, publish=True, title="Matrix update"):
    from unionhall.bargaining.actions import news

    post = news.create_post(w.local, by=None, title=title, body="What we heard at the table.",
                            kind="news", audience="public")
    if publish:
        news.publish_post(post, by=None)
    return post


def _published(w):
    return {"local_slug": "lakeview", "slug": _post(w).slug}


def _draft(w):
    return {"local_slug": "lakeview", "slug": _post(w, publish=False).slug}


def _comment(w):
    from unionhall.bargaining.actions import news

    comment = news.post_comment(_post(w), "Thank you, team.", by=None,
                                author_name="Rosa Delgado")
    return {"local_slug": "lakeview", "pk": comment.pk}


NEWS_MATRIX = {
    "news_list": ("get", _local, OPEN),
    "news_detail": ("get", _published, OPEN),
    "news_feed": ("get", _local, OPEN),
    "news_new": ("get", _local, _team(200)),
    "news_edit": ("get", _draft, _team(200)),
    "news_publish": ("post", _draft, _team(302)),
    "news_unpublish": ("post", _published, _team(302)),
    "comment_post": ("post", _published, {
        "anonymous": LOGIN, "member": 200, "rep": 200, "steward": 200, "officer": 200,
        "admin": 200, "state": 200, "outsider": 403, "team": 200}),
    "comment_queue": ("get", _local, _team(200)),
    "comment_moderate": ("post", _comment, _team(302)),
    "news_settings": ("get", _local, _team(200)),
}
