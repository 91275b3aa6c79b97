"""The course's pages (course_views), under /mentoring/ at the site root."""

from django.urls import path

from unionhall.mentoring import course_views as views

urlpatterns = [
    path("course/", views.course_list, name="course_list"),
    path("course/new/", views.course_new, name="course_new"),
    path("course/interest/", views.course_interest, name="course_interest"),
    path("course/interest/<int:pk>/remove/", views.course_interest_remove,
         name="course_interest_remove"),
    path("course/interest/<slug:affiliate_slug>/", views.course_interest_list,
         name="course_interest_list"),
    path("course/interest/<slug:affiliate_slug>/list.csv", views.course_interest_csv,
         name="course_interest_csv"),
    path("course/<slug:offering_slug>/", views.course_detail, name="course_detail"),
    path("course/<slug:offering_slug>/edit/", views.course_edit, name="course_edit"),
    path("course/<slug:offering_slug>/publish/", views.course_publish, name="course_publish"),
    path("course/<slug:offering_slug>/apply/<slug:local_slug>/", views.course_apply,
         name="course_apply"),
    path("course/<slug:offering_slug>/apply/<slug:local_slug>/withdraw/",
         views.course_withdraw, name="course_withdraw"),
    path("course/<slug:offering_slug>/review/", views.course_review, name="course_review"),
    path("course/<slug:offering_slug>/review/send/", views.course_send_decisions,
         name="course_send_decisions"),
    path("course/<slug:offering_slug>/review/<int:pk>/", views.course_application,
         name="course_application"),
    path("course/<slug:offering_slug>/review/<int:pk>/score/", views.course_score,
         name="course_score"),
    path("course/<slug:offering_slug>/review/<int:pk>/decide/", views.course_decide,
         name="course_decide"),
]
