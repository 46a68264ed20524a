"""Settings for the in-process benchmarks: the test settings (fast hasher, plain static storage), with PDF
copies left to the scheduled command as in production, so a benchmark never waits for (a missing) LibreOffice."""

from tests.settings import *  # noqa: F403

DOCUMENTS_PDF_WHEN = "scheduled"

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
AXES_VERBOSE = False
