"""Jobs without a broker run in-process, one item at a time, each exactly once."""

import os
import socket

import pytest
from django.urls import reverse

from jobs import running
from jobs.models import Item, Job
from tests.makers import signed_in

SEEN: list[str] = []


def remember(job, key):
    SEEN.append(key)
    if key == "bad":
        raise ValueError("第3行无法处理")
    return {"key": key}


@pytest.fixture(autouse=True)
def handler():
    SEEN.clear()
    running.register("test-remember", remember)
    yield
    running.HANDLERS.pop("test-remember", None)


@pytest.mark.django_db
def test_items_run_once_and_record_the_worker(admin_user):
    job = running.submit("test-remember", ["1", "2", "2", "3"], title="测试", by=admin_user)
    assert (job.state, job.total, job.done, job.backend) == ("done", 3, 3, "inline")
    assert SEEN == ["1", "2", "3"]
    assert set(Item.objects.values_list("worker_host", "worker_pid")) == {(socket.gethostname(), os.getpid())}
    assert running.resume(job) == 0 and SEEN == ["1", "2", "3"]


@pytest.mark.django_db
def test_a_failing_item_is_recorded_and_the_others_go_on(admin_user):
    job = running.submit("test-remember", ["1", "bad", "3"], title="测试", by=admin_user)
    assert (job.state, job.done, job.failed) == ("failed", 2, 1)
    assert Item.objects.get(job=job, key="bad").error == "ValueError: 第3行无法处理"


@pytest.mark.django_db
def test_an_unknown_kind_is_refused(admin_user):
    with pytest.raises(LookupError):
        running.submit("nothing-handles-this", ["1"], title="x", by=admin_user)
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_progress_is_shown_to_its_owner_only(client, admin_user, sjz_reviewer):
    job = running.submit("test-remember", ["1"], title="测试", by=admin_user)
    signed_in(client, admin_user)
    assert client.get(reverse("jobs:detail", args=[job.pk]), {"format": "json"}).json()["percent"] == 100
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
