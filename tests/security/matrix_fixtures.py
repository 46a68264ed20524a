"""The module-scoped world: built once inside a transaction that is rolled back when the module ends."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from tests.security import matrix_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix_media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = matrix_world.build()
            built.clients = clients(built)  # signed in once: the sessions live as long as the world
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def clients(world) -> dict[str, Client]:
    """One client per actor, signed in (anonymous: not); 500s come back as responses, not exceptions."""
    out = {}
    for actor, user in world.users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user, backend="accounts.backends.RoleBackend")
        out[actor] = client
    return out
