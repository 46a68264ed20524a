"""The expert scoring of one application: one task per assigned expert, in parallel, joined, then aggregated.

viewflow's open-source ``Split`` ignores ``data_source``, so ``ExpertSplit`` creates one ``score`` task per
active assignment itself, each carrying its assignment id in ``task.data`` and assigned to that expert.
A replacement expert (after a declared conflict) gets a new ``score`` task with the same split token
prefix, so the ``Join`` waits for it too; a declared expert's task is cancelled, which the join counts as
finished. Several experts finishing at once serialise on the process row (``select_for_update_lock``):
exactly one of them completes the join and runs the aggregation.
"""

from __future__ import annotations

from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.token import Token

from workflow.flows import TaskPage


def _assignments(activation):
    from experts.models import Assignment

    application = activation.process.evaluated_application
    return Assignment.objects.filter(application=application, status="active").order_by("pk")


class ExpertSplitActivation(SplitActivation):
    @SplitActivation.status.super()
    def activate(self):
        node = self.flow_task._score_node
        for assignment in _assignments(self):
            self.next_tasks.append((node, {"assignment": assignment.pk}))
        if not self.next_tasks:
            from viewflow.workflow.exceptions import FlowRuntimeError

            raise FlowRuntimeError("no active expert assignment to score this application")


class ExpertSplit(flow.Split):
    activation_class = ExpertSplitActivation

    def Score(self, node):
        self._score_node = node
        return self.Next(node)

    def _resolve(self, instance):
        super()._resolve(instance)
        self._score_node = this.resolve(instance, self._score_node)


def expert_of(activation):
    from experts.models import Assignment

    return Assignment.objects.select_related("expert__user").get(pk=activation.task.data["assignment"]).expert.user


class ScoringFlow(flow.Flow):
    """专家评审：每位专家一项评分任务，全部完成后汇总。"""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.split)
    split = ExpertSplit().Score(this.score)
    score = flow.View(TaskPage).Assign(expert_of).Next(this.join)
    join = flow.Join().Next(this.aggregate)
    aggregate = flow.Function(this.aggregate_scores).Next(this.end)
    end = flow.End()

    def start_process(self, activation, application):
        activation.process.data = {"application": application.pk}
        activation.process.save()
        type(application).objects.filter(pk=application.pk).update(evaluation_process=activation.process)
        return activation.process

    def aggregate_scores(self, activation):
        from . import scoring

        scoring.aggregate(activation.process.evaluated_application)


def add_score_task(application, assignment) -> None:
    """A replacement expert joins the parallel scoring already under way (same split token prefix)."""
    from viewflow.workflow.models import Task

    split_task = Task.objects.get(process_id=application.evaluation_process_id, flow_task=ScoringFlow.split)
    branches = Task.objects.filter(process_id=application.evaluation_process_id, previous=split_task).count()
    token = Token(f"{split_task.token}/{split_task.pk}_{branches + 1}")
    with split_task.activation() as activation:
        ScoringFlow.score._create(prev_activation=activation, token=token, data={"assignment": assignment.pk})
