"""Five experts submit their sheets for the same application at the same moment, each on their own database
connection: the join completes once, the aggregation runs once, and nothing is left open or in error."""

import threading

import pytest
from django.db import connection
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.models import Entry, verify_chain
from evaluation import scoring
from evaluation.flows import ScoringFlow
from evaluation.models import PanelResult, ScoreSheet
from experts import pledge
from experts.models import Assignment
from workflow.models import Application, Status

from .conftest import active, sheet


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_experts_finishing_at_once_aggregate_exactly_once(group, applications):
    application = applications[0]
    assignments = active(application)
    assert len(assignments) == 5
    for assignment in assignments:
        pledge.accept(assignment.expert, assignment.group.call, assignment.expert.user)
    barrier = threading.Barrier(len(assignments))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(assignment_pk, points):
        try:
            assignment = Assignment.objects.select_related("expert__user", "group__call").get(pk=assignment_pk)
            barrier.wait(timeout=30)
            scoring.submit_score(assignment, assignment.expert.user, points, {})
            result = "submitted"
        except Exception as exc:  # any error (a lock failure, a deadlock) is a failure of the design
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    points = [sheet(30, 22, 18), sheet(30, 23, 19), sheet(31, 24, 19), sheet(33, 24, 19), sheet(29, 20, 17)]
    threads = [threading.Thread(target=attempt, args=(a.pk, p)) for a, p in zip(assignments, points, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert outcomes == ["submitted"] * 5, outcomes
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.EVALUATED
    assert ScoreSheet.objects.filter(application=application).count() == 5
    assert PanelResult.objects.filter(application=application).count() == 1
    result = PanelResult.objects.get(application=application)
    assert result.method == "trimmed_mean" and len(result.sheets) == 5
    assert Entry.objects.for_object(application).filter(action="evaluation.aggregated").count() == 1
    assert Entry.objects.for_object(application).filter(action="workflow.application.finish_evaluation").count() == 1
    tasks = Task.objects.filter(process_id=application.evaluation_process_id)
    assert not tasks.filter(status__in=[*scoring.OPEN, STATUS.ERROR]).exists()
    assert tasks.filter(flow_task=ScoringFlow.score, status=STATUS.DONE).count() == 5
    joins = tasks.filter(flow_task=ScoringFlow.join)
    assert [t.status for t in joins] == [STATUS.DONE]
    assert tasks.filter(flow_task=ScoringFlow.aggregate, status=STATUS.DONE).count() == 1
    assert tasks.filter(flow_task=ScoringFlow.end, status=STATUS.DONE).count() == 1
    assert application.evaluation_process.status == "DONE"
    assert verify_chain().ok
