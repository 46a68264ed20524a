from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<str:code>/<int:year>/", views.unit_year, name="unit_year"),
    path("units/<str:code>/<int:year>/q<int:quarter>/start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    # Files first: ``files`` would otherwise be taken for a row kind.
    path("<int:pk>/files/<int:attachment>/", views.attachment_download, name="attachment"),
    path("<int:pk>/files/<int:attachment>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/<str:kind>/add/", views.row_add, name="row_add"),
    path("<int:pk>/<str:kind>/<int:row>/edit/", views.row_edit, name="row_edit"),
    path("<int:pk>/<str:kind>/<int:row>/delete/", views.row_delete, name="row_delete"),
    path("<int:pk>/<str:kind>/<int:row>/upload/", views.upload, name="upload"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/export.docx", views.export_docx, name="export_docx"),
    path("overview/<int:year>/", views.overview_page, name="overview"),
    path("overview/<int:year>.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("plans/", views.plan_years, name="plan_years"),
    path("plans/<int:year>/", views.plan_year_edit, name="plan_year_edit"),
]
