"""Mentoring pages: the course lives at /mentoring/ (it belongs to a national or state
association, not a local); a local's program under /l/<local>/mentoring/."""

from django.urls import include, path

course_patterns = [
    path("", include("unionhall.mentoring.course_urls")),
    path("", include("unionhall.mentoring.learning_urls")),
]
local_patterns = [
    path("", include("unionhall.mentoring.program_urls")),
    path("", include("unionhall.mentoring.pair_urls")),
]
