from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("", views.index, name="index"),
    path("fill/", views.fill, name="fill"),
    path("responses/", views.response_list, name="list"),
    path("responses/<int:pk>/", views.detail, name="detail"),
    path("template.xlsx", views.template_download, name="template"),
    path("imports/", views.import_upload, name="import"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/run/", views.import_run, name="import_run"),
    path("imports/<int:pk>/progress.json", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/marked.xlsx", views.import_marked, name="import_marked"),
    path("progress/", views.progress_page, name="progress"),
    path("progress/send/", views.send, name="send"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("whitelist/", views.whitelist_page, name="whitelist"),
    path("whitelist/exports/", views.export_list, name="exports"),
    path("whitelist/exports/<int:pk>.xlsx", views.export_download, name="export_download"),
    path("plan/", views.plan_edit, name="plan"),
    path("key-enterprises/", views.key_enterprises, name="key_enterprises"),
]
