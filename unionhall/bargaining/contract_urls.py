"""The contract's pages (contract_views), under /l/<local_slug>/.

Fixed words come before `<slug>`: a version cannot be named "versions", "import" or "section"
(the import refuses those names). A section number is digits with dots ("7.3"), so it never
takes the place of "edit" and the other words after a version."""

from django.urls import path, re_path

from unionhall.bargaining import contract_views as views

urlpatterns = [
    path("contract/", views.contract_current, name="contract_current"),
    path("contract/versions/", views.contract_versions, name="contract_versions"),
    path("contract/import/", views.contract_import, name="contract_import"),
    path("contract/section/<str:number>/", views.contract_section_current,
         name="contract_section_current"),
    path("contract/<slug:slug>/", views.contract_version, name="contract_version"),
    path("contract/<slug:slug>/edit/", views.contract_edit, name="contract_edit"),
    path("contract/<slug:slug>/in-force/", views.contract_put_in_force,
         name="contract_put_in_force"),
    path("contract/<slug:slug>/delete/", views.contract_delete, name="contract_delete"),
    path("contract/<slug:slug>/article/<str:number>/", views.contract_article,
         name="contract_article"),
    re_path(r"^contract/(?P<slug>[-a-zA-Z0-9_]+)/(?P<number>\d+(?:\.\d+)+)/$",
            views.contract_section, name="contract_section"),
]
