from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny


def can_manage_calls(user) -> Verdict:
    if user.has_role(RoleKind.ADMIN):
        return ALLOWED
    return deny(_("只有省局管理员可以设置申报批次"))
