from django.urls import path

from . import views

app_name = "experts"
urlpatterns = [
    # the pool (province)
    path("", views.expert_list, name="list"),
    path("new/", views.expert_new, name="new"),
    path("<int:pk>/", views.expert_detail, name="detail"),
    path("<int:pk>/edit/", views.expert_edit, name="edit"),
    # evaluation groups (province)
    path("calls/", views.call_list, name="calls"),
    path("calls/<int:call_pk>/groups/", views.call_groups, name="call_groups"),
    path("calls/<int:call_pk>/groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    # an expert's tasks
    path("tasks/", views.my_tasks, name="tasks"),
    path("tasks/calls/<int:call_pk>/pledge/", views.pledge, name="pledge"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/materials/<int:material_pk>/", views.task_material, name="task_material"),
    path("tasks/<int:pk>/declare/", views.declare, name="declare"),
]
