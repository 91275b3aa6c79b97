"""Updates and comments, under /l/<local_slug>/news/. The fixed paths come before
news/<slug>/ (and a post's slug never takes one of them: actions.news.RESERVED_SLUGS)."""

from django.urls import path

from unionhall.bargaining import news_views as views

urlpatterns = [
    path("news/", views.news_list, name="news_list"),
    path("news/feed.atom", views.news_feed, name="news_feed"),
    path("news/new/", views.news_new, name="news_new"),
    path("news/comments/", views.comment_queue, name="comment_queue"),
    path("news/comments/<int:pk>/", views.comment_moderate, name="comment_moderate"),
    path("news/settings/", views.news_settings, name="news_settings"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("news/<slug:slug>/edit/", views.news_edit, name="news_edit"),
    path("news/<slug:slug>/publish/", views.news_publish, name="news_publish"),
    path("news/<slug:slug>/unpublish/", views.news_unpublish, name="news_unpublish"),
    path("news/<slug:slug>/comments/", views.comment_post, name="comment_post"),
]
