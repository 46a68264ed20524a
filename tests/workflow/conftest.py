"""Applications at each step, built through the lifecycle door (as the pages do)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.makers import make_open_call
from workflow import lifecycle
from workflow.samples import complete_application


def ready_insurance_application(enterprise, call=None):
    """A complete insurance draft: one policy with two patents, the payee account and every material."""
    return complete_application(enterprise, call or make_open_call("insurance"), enterprise.user_roles.get().user)


@pytest.fixture
def draft(sjz_enterprise, sjz_reviewer):
    return ready_insurance_application(sjz_enterprise)


@pytest.fixture
def submitted(draft, sjz_enterprise):
    return lifecycle.submit(draft, sjz_enterprise.user)


@pytest.fixture
def returned(submitted, sjz_reviewer):
    deadline = timezone.now() + timedelta(days=7)
    return lifecycle.return_for_correction(
        submitted, sjz_reviewer, [{"item": "", "problem": "诚信承诺书未盖章", "provide": "盖章后上传"}], deadline
    )


@pytest.fixture
def passed(submitted, sjz_reviewer):
    return lifecycle.pass_review(submitted, sjz_reviewer, "同意")
