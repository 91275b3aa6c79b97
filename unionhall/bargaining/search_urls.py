"""Search over the bargaining record, under /l/<local_slug>/."""

from django.urls import path

from unionhall.bargaining import search_views as views

urlpatterns = [
    path("bargaining/search/", views.bargaining_search, name="bargaining_search"),
]
