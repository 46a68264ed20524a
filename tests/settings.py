"""Test settings: the real settings module, with test-only defaults for what the environment may omit.

Everything else (the database included: DATABASE_URL picks PostgreSQL) comes from config.settings,
so the suite tests the configuration that runs in production.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "0")
# One directory per pytest-xdist worker (gw0, gw1…): uploads, letters and staged imports of parallel workers
# never meet, so a test that counts the files on disk sees only its own.
os.environ.setdefault(
    "HEBEI_VAR_DIR",
    os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test", os.environ.get("PYTEST_XDIST_WORKER", "")),
)

from config.settings import *  # noqa: F403

# A fast hasher: the default PBKDF2 makes every login in the suite cost ~0.2 s.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405  (whitenoise warns when its directory is missing)
# PDF conversion is tested on its own (tests/documents); elsewhere it would cost seconds per letter.
LIBREOFFICE_BINARY = os.environ.get("TEST_LIBREOFFICE_BINARY", "/nonexistent/soffice")
DOCUMENTS_PDF_WHEN = "after_commit"  # so the tests see the conversion path run

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, like production: an in-memory database shares one cache whose table locks ignore the busy
    # timeout, so concurrent writers would fail instead of queueing as they do on the real file.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(VAR_DIR, f"test-{os.getpid()}.sqlite3")}  # noqa: F405
