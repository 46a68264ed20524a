from django.urls import path

from . import views

app_name = "parks"
urlpatterns = [
    path("", views.progress_page, name="progress"),
    path("progress.xlsx", views.progress_xlsx, name="progress_xlsx"),
    path("financings/", views.financing_list, name="financings"),
    path("financings/new/", views.record_financing, name="record"),
    path("financings/<int:pk>/withdraw/", views.withdraw_financing, name="withdraw"),
    path("targets/<int:year>/", views.edit_targets, name="targets"),
]
