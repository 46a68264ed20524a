"""/api/: the REST API (token-authenticated JSON), its schema and docs, and each user's token page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import errors, pages, views

app_name = "api"
urlpatterns = [
    path("", views.Index.as_view(), name="index"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]), name="schema"),
    path("docs/", pages.docs, name="docs"),
    # each signed-in user's own tokens (pages, session sign-in)
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/new/", pages.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
    # the API (Authorization: Bearer …)
    path("applications/", views.ApplicationList.as_view(), name="applications"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application"),
    path("applications/<int:pk>/payments/", views.ApplicationPayments.as_view(), name="application_payments"),
    path("calls/", views.CallList.as_view(), name="calls"),
    path("calls/<int:pk>/approved/", views.CallApproved.as_view(), name="call_approved"),
    path("calls/<int:pk>/payments/", views.CallPayments.as_view(), name="call_payments"),
    path("bank-results/", views.BankResults.as_view(), name="bank_results"),
    path("<path:rest>", errors.not_found, name="not_found"),
]
