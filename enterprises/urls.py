from django.urls import path

from . import views

app_name = "enterprises"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/decide/", views.decide_registration, name="decide"),
    path("<int:pk>/resubmit/", views.resubmit_registration, name="resubmit"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("<int:pk>/qualifications/", views.qualification_add, name="qualification_add"),
    path(
        "<int:pk>/qualifications/<int:qualification_pk>/delete/",
        views.qualification_delete,
        name="qualification_delete",
    ),
]
