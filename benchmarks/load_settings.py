"""Settings for the load test only: production settings (config.settings, from the environment: DEBUG off,
PostgreSQL, WhiteNoise with the manifest), with a fast password hasher.

Why: locust signs in 50 simulated users at once; PBKDF2 (production's hasher, deliberately ~0.2 s of CPU per
sign-in) would make the first seconds of a 2-core test a password-hashing benchmark. Every account of the
load-test database is created by the load test itself, under this hasher. Production is not changed.
"""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_VERBOSE = False
# The short CI run skips collectstatic (minutes on 2 cores): names missing from the manifest are served unhashed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "config.static_storage.LenientManifestStorage"},
}
