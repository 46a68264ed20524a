"""Production transport settings: HTTPS only, secure cookies, HSTS, security headers; logs kept six months."""

import logging
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client

from config.logfiles import DailyFileHandler

ROOT = Path(__file__).resolve().parents[2]
LONG_SECRET = "k3P9-x7Qz_" * 7  # 70 characters, many distinct ones: what check --deploy asks for


def production_env(tmp_path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "LOG_", "OTP_", "SESSION_", "LOGIN_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY=LONG_SECRET,
        DJANGO_ALLOWED_HOSTS="ipf.example.gov.cn",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://ipf.example.gov.cn",
        DJANGO_SETTINGS_MODULE="config.settings",
        HEBEI_VAR_DIR=str(tmp_path / "var"),
        LOG_DIR=str(tmp_path / "log"),
    )
    env.update(extra)
    return env


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_does_warn_when_something_is_missing(tmp_path):
    """The previous test can fail: without HTTPS the same command reports the insecure cookies."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path, DJANGO_HTTPS="0")
    )
    assert result.returncode != 0 and "security.W012" in result.stderr + result.stdout


def production_value(tmp_path, expression: str, **extra) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    result = run(["-c", code], production_env(tmp_path, **extra))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_cookies_are_secure_and_https_is_enforced(tmp_path):
    values = production_value(
        tmp_path,
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_TRUSTED_ORIGINS",
    )
    assert values == "True True True 31536000 True True True Lax ['https://ipf.example.gov.cn']"


def test_hsts_subdomains_and_preload_can_be_turned_off_and_check_deploy_stays_quiet(tmp_path):
    env = production_env(tmp_path, DJANGO_HSTS_INCLUDE_SUBDOMAINS="0")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        production_value(
            tmp_path, "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD", DJANGO_HSTS_INCLUDE_SUBDOMAINS="0"
        )
        == "False False"
    )


def test_preload_without_subdomains_is_refused(tmp_path):
    result = run(
        ["-c", "import config.settings"],
        production_env(tmp_path, DJANGO_HSTS_INCLUDE_SUBDOMAINS="0", DJANGO_HSTS_PRELOAD="1"),
    )
    assert result.returncode != 0 and "DJANGO_HSTS_PRELOAD=1 needs DJANGO_HSTS_INCLUDE_SUBDOMAINS=1" in result.stderr


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # a new client: the security middleware reads the settings when it is built
    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")


# --- logs kept at least six months -------------------------------------------------------------------------------


def test_the_settings_loader_refuses_less_than_six_months_of_logs(tmp_path):
    result = run(["-c", "import config.settings"], production_env(tmp_path, LOG_RETENTION_DAYS="90"))
    assert result.returncode != 0
    assert "LOG_RETENTION_DAYS must be at least 183, got 90" in result.stderr


def test_logs_are_kept_190_days_by_default_in_daily_files(tmp_path):
    assert production_value(tmp_path, "s.LOG_RETENTION_DAYS, s.LOGGING['handlers']['daily_file']['class']") == (
        "190 config.logfiles.DailyFileHandler"
    )


def test_the_daily_file_keeps_the_retention_window_and_deletes_older_days(tmp_path):
    today = date.today()
    for age in (0, 1, 183, 189, 190, 191, 400):
        (tmp_path / f"hebei-{today - timedelta(days=age)}.log").write_text("old\n")
    (tmp_path / "other-2001-01-01.log").write_text("not ours\n")
    handler = DailyFileHandler(str(tmp_path), retention_days=190)
    try:
        record = logging.LogRecord("accounts.security", logging.WARNING, __file__, 1, "wrong code", None, None)
        handler.emit(record)
    finally:
        handler.close()
    kept = sorted(p.name for p in tmp_path.iterdir())
    expected = sorted(
        [f"hebei-{today - timedelta(days=age)}.log" for age in (0, 1, 183, 189, 190)] + ["other-2001-01-01.log"]
    )
    assert kept == expected
    assert "wrong code" in (tmp_path / f"hebei-{today}.log").read_text()


def test_a_new_day_goes_to_a_new_file(tmp_path):
    handler = DailyFileHandler(str(tmp_path), retention_days=190)
    try:
        first = logging.LogRecord("x", logging.WARNING, __file__, 1, "today", None, None)
        handler.emit(first)
        tomorrow = logging.LogRecord("x", logging.WARNING, __file__, 1, "tomorrow", None, None)
        tomorrow.created += 86400
        handler.emit(tomorrow)
    finally:
        handler.close()
    today = date.fromtimestamp(first.created)
    assert (tmp_path / f"hebei-{today}.log").read_text().strip() == "today"
    assert (tmp_path / f"hebei-{today + timedelta(days=1)}.log").read_text().strip() == "tomorrow"
