"""Bargaining pages under /l/<local>/: each part keeps its own routes."""

from django.urls import include, path

from unionhall.bargaining.hub_views import bargaining_home

urlpatterns = [
    path("bargaining/", bargaining_home, name="bargaining_home"),
    path("", include("unionhall.bargaining.contract_urls")),
    path("", include("unionhall.bargaining.session_urls")),
    path("", include("unionhall.bargaining.proposal_urls")),
    path("", include("unionhall.bargaining.survey_urls")),
    path("", include("unionhall.bargaining.news_urls")),
    path("", include("unionhall.bargaining.search_urls")),
]
