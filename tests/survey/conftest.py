"""Survey tests: personas come from tests/conftest.py; uploaded files go to a temporary MEDIA_ROOT."""

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
