"""The bargaining survey's pages (survey_views)."""

from django.urls import path

from unionhall.bargaining import survey_views as views

urlpatterns = [
    path("bargaining/surveys/", views.survey_list, name="survey_list"),
    path("bargaining/surveys/new/", views.survey_new, name="survey_new"),
    path("bargaining/surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("bargaining/surveys/<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("bargaining/surveys/<int:pk>/publish/", views.survey_publish, name="survey_publish"),
    path("bargaining/surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path("bargaining/surveys/<int:pk>/results.csv", views.survey_results_csv,
         name="survey_results_csv"),
]
