from django.urls import path

from . import review_views, views

app_name = "workflow"
urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("new/<int:call_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/policies/new/", views.policy_edit, name="policy_add"),
    path("<int:pk>/policies/<int:item_pk>/", views.policy_edit, name="policy_edit"),
    path("<int:pk>/loans/new/", views.loan_edit, name="loan_add"),
    path("<int:pk>/loans/<int:item_pk>/", views.loan_edit, name="loan_edit"),
    path("<int:pk>/<str:kind>/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/payee/", views.payee_edit, name="payee"),
    path("<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("<int:pk>/materials/<int:material_pk>/", views.material_download, name="material_download"),
    path("<int:pk>/materials.zip", views.materials_zip, name="materials_zip"),
    path("<int:pk>/print/<str:kind>/", views.print_document, name="print"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/claim/", views.claim, name="claim"),
    path("<int:pk>/release/", views.release, name="release"),
    path("<int:pk>/decide/<str:decision>/", views.decide, name="decide"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/judge/", views.judge, name="judge"),
    path("<int:pk>/return-to-unit/", views.return_to_unit, name="return_to_unit"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("review/", review_views.queue, name="queue"),
    path("review/export.xlsx", review_views.queue_export, name="queue_export"),
    path("review/bulk-pass/", review_views.bulk_pass, name="bulk_pass"),
    path("review/forward/", review_views.forward_list, name="forward_list"),
    path("review/forward/<int:call_pk>/", review_views.forward, name="forward"),
    path("batches/<int:pk>/sheet.xlsx", review_views.batch_sheet, name="batch_sheet"),
    path("province/forwarded/", review_views.province_forwarded, name="province_forwarded"),
    path("province/extensions/", review_views.grant_extension, name="grant_extension"),
]
