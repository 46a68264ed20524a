"""Ten reviewers press the same button at the same moment, each on their own database connection:
exactly one wins, the others are told why, and the tasks and the audit trail stay consistent."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from viewflow.workflow.models import Task

from accounts.models import RoleKind, User
from audit.models import Entry, verify_chain
from audit.transitions import TransitionNotAllowed
from tests.makers import make_user
from tests.workflow.conftest import ready_insurance_application
from workflow import lifecycle
from workflow.models import Application, Review, Status

ATTEMPTS = 10


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_simultaneous_passes_of_one_application_give_one_pass(sjz_enterprise, sjz):
    submitted = lifecycle.submit(ready_insurance_application(sjz_enterprise), sjz_enterprise.user)
    reviewers = [make_user(f"sjz_r{n}", (RoleKind.CITY_REVIEWER, sjz)) for n in range(ATTEMPTS)]
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(reviewer_pk):
        reviewer = User.objects.get(pk=reviewer_pk)
        barrier.wait()
        try:
            lifecycle.pass_review(Application.objects.get(pk=submitted.pk), reviewer, "同意")
            result = "passed"
        except (TransitionNotAllowed, PermissionDenied) as exc:
            result = f"refused: {exc}"
        except Exception as exc:  # a database error would be a failure of the design: report it
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(r.pk,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("passed") == 1, outcomes
    refusals = [o for o in outcomes if o != "passed"]
    assert len(refusals) == ATTEMPTS - 1
    assert all("不能执行此操作" in o for o in refusals), refusals
    application = Application.objects.get(pk=submitted.pk)
    assert application.status == Status.PASSED
    assert Review.objects.filter(application=application).count() == 1
    assert Entry.objects.for_object(application).filter(action="workflow.application.pass_review").count() == 1
    open_tasks = Task.objects.filter(process_id=application.process_id, status__in=["NEW", "ASSIGNED", "STARTED"])
    assert [t.flow_task.name for t in open_tasks] == ["forward"]
    assert verify_chain().ok
