"""Who may do what with notices: one named question, asked by every door and every page."""

from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny


def can_manage_notices(user) -> Verdict:
    """Publishing, objections, decisions, closing and the holiday calendar: the provincial administrator only."""
    if getattr(user, "is_authenticated", False) and user.has_role(RoleKind.ADMIN):
        return ALLOWED
    return deny(_("只有省局管理员可以管理公示和节假日安排"))
