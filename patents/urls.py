from django.urls import path

from . import views

app_name = "patents"
urlpatterns = [
    path("", views.patent_list, name="list"),
    path("new/", views.patent_add, name="add"),
    path("<int:pk>/", views.patent_detail, name="detail"),
    path("<int:pk>/edit/", views.patent_edit, name="edit"),
    path("<int:pk>/status/", views.confirm_status, name="confirm_status"),
    path("past-awards/", views.past_award_list, name="past_awards"),
    path("past-awards/template.xlsx", views.past_award_template, name="past_award_template"),
    path("past-awards/import/", views.past_award_import, name="past_award_import"),
]
