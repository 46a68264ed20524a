"""Roles as permission strings, so viewflow queues can route by role and unit."""

from django.contrib.auth.backends import ModelBackend


class RoleBackend(ModelBackend):
    """Password authentication plus one permission string per role (``workflow.city_reviewer@SJZ``).

    viewflow matches a task's permission against ``user.get_all_permissions()``; a task created for
    石家庄's review queue carries ``workflow.city_reviewer@SJZ`` and so reaches only that unit's reviewers.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        perms = set(super().get_all_permissions(user_obj, obj))
        perms.update(role.scope_permission for role in user_obj.role_list)
        return perms
