from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.pending, name="pending"),
    path("applications/<int:pk>/", views.application_payments, name="application"),
    path("applications/<int:pk>/pay/", views.pay, name="pay"),
    path("applications/<int:pk>/fail/", views.fail, name="fail"),
    path("applications/<int:pk>/payments/<int:payment_pk>/reverse/", views.reverse_payment, name="reverse"),
    path("applications/<int:pk>/account/", views.correct_account, name="account"),
    path("ledgers/", views.ledgers, name="ledgers"),
    path("calls/<int:pk>/ledger/", views.call_ledger, name="ledger"),
    path("calls/<int:pk>/ledger.xlsx", views.call_ledger_xlsx, name="ledger_xlsx"),
    path("import/", views.import_results, name="import"),
]
