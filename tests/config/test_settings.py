"""The settings module fails loudly on a malformed environment value, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "LOGIN_", "SESSION_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be one of"),
        ({"DJANGO_DEBUG": "1", "LOGIN_FAILURE_LIMIT": "six"}, "LOGIN_FAILURE_LIMIT must be a whole number, got 'six'"),
        ({"DJANGO_DEBUG": "1", "SESSION_IDLE_MINUTES": "1"}, "SESSION_IDLE_MINUTES must be at least 5"),
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL must point to PostgreSQL"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_good_values_load():
    assert load_settings(DJANGO_DEBUG="1").returncode == 0


def test_the_embedded_sqlite_default_queues_writers_instead_of_failing():
    code = "from django.conf import settings as s; import django; print(s.DATABASES['default']['OPTIONS'])"
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    clean.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout and "'timeout': 20" in result.stdout


def test_database_url_chooses_postgresql():
    code = (
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"
    )
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/hebei"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["django.db.backends.postgresql", "hebei"]


def test_chinese_first_in_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert ("en", "English") in settings.LANGUAGES
    assert settings.TIME_ZONE == "Asia/Shanghai"
