"""Proposals, counter-proposals and tentative agreements, under /l/<local_slug>/."""

from django.urls import path

from unionhall.bargaining import proposal_views as views

urlpatterns = [
    path("bargaining/proposals/", views.proposal_list, name="proposal_list"),
    path("bargaining/proposals/new/", views.proposal_new, name="proposal_new"),
    path("bargaining/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("bargaining/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("bargaining/proposals/<int:pk>/publish/", views.proposal_publish,
         name="proposal_publish"),
    path("bargaining/proposals/<int:pk>/status/", views.proposal_status, name="proposal_status"),
    path("bargaining/proposals/<int:pk>/agree/", views.agreement_sign, name="agreement_sign"),
    path("bargaining/agreements/", views.agreement_list, name="agreement_list"),
    path("bargaining/agreements/ratify/", views.agreement_ratify, name="agreement_ratify"),
]
