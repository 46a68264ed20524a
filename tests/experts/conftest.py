"""The call, the pool and forwarded applications from 石家庄 and 保定 that the experts' tests share."""

import pytest

from tests.makers import make_enterprise, make_open_call

from .makers import forwarded, make_pool


@pytest.fixture
def call(db):
    return make_open_call("insurance")


@pytest.fixture
def pool(db):
    return make_pool()


@pytest.fixture
def sjz_apps(call, sjz_enterprise, sjz_reviewer):
    """Two forwarded applications of 石家庄: 石家庄甲科技 and 石家庄戊电子."""
    other = make_enterprise("SJZ", name="石家庄戊电子有限公司", username="ent_sjz_wu")
    return forwarded(call, sjz_reviewer, sjz_enterprise, other)


@pytest.fixture
def bd_app(call, bd_enterprise, bd_reviewer):
    return forwarded(call, bd_reviewer, bd_enterprise)[0]
