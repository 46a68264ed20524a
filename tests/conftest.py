"""Named personas shared by the whole suite: one per role, in two units (style.md §13)."""

import pytest

from accounts.models import RoleKind
from places.models import Unit
from tests.makers import make_enterprise, make_user


@pytest.fixture
def sjz():
    return Unit.objects.get(code="SJZ")


@pytest.fixture
def bd():
    return Unit.objects.get(code="BD")


@pytest.fixture
def admin_user(db):
    return make_user("province_admin", (RoleKind.ADMIN, None), full_name="省局管理员")


@pytest.fixture
def finance_user(db):
    return make_user("finance", (RoleKind.FINANCE, None))


@pytest.fixture
def sjz_reviewer(db, sjz):
    return make_user("sjz_reviewer", (RoleKind.CITY_REVIEWER, sjz), full_name="石家庄审核员")


@pytest.fixture
def bd_reviewer(db, bd):
    return make_user("bd_reviewer", (RoleKind.CITY_REVIEWER, bd), full_name="保定审核员")


@pytest.fixture
def expert(db):
    return make_user("expert", (RoleKind.EXPERT, None))


@pytest.fixture
def outsider(db):
    """Signed in, but holding no role at all."""
    return make_user("outsider")


@pytest.fixture
def sjz_enterprise(db, admin_user):
    return make_enterprise("SJZ", name="石家庄甲科技有限公司", username="ent_sjz")


@pytest.fixture
def bd_enterprise(db, admin_user):
    return make_enterprise("BD", name="保定乙装备有限公司", username="ent_bd")


@pytest.fixture
def pending_sjz_enterprise(db):
    return make_enterprise("SJZ", name="石家庄丙食品有限公司", confirmed=False, username="ent_sjz_new")


@pytest.fixture
def pending_bd_enterprise(db):
    return make_enterprise("BD", name="保定丁能源有限公司", confirmed=False, username="ent_bd_new")


def pytest_collection_modifyitems(items):
    """Transactional tests flush the database afterwards, taking the migrations' reference data (units,
    issuers) with them: each must restore it with serialized_rollback, or the next one finds no units."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: transaction=True needs serialized_rollback=True")
