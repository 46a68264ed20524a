"""Documents are stored under a temporary MEDIA_ROOT; enterprises' documents follow the enterprise's visibility."""

import pytest

from documents import access
from enterprises.permissions import visible_enterprises


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def enterprise_rule():
    """What the enterprises app would register: a document about an enterprise is read by who sees it."""
    access.register("enterprises.enterprise", visible_enterprises)
    yield
    access.unregister("enterprises.enterprise")


@pytest.fixture
def no_libreoffice(settings):
    settings.LIBREOFFICE_BINARY = "/nonexistent/soffice"
