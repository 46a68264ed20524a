"""The production static-files storage (WhiteNoise: hashed names, compressed copies), tolerant of one thing.

viewflow's ``roboto-fontface.css`` refers to fonts the package does not ship (``Roboto-Thin.woff2`` and others
under a ``node_modules`` path), and the manifest storage stops ``collectstatic`` on the first such reference.
References into a third-party ``node_modules`` tree are left as written; a missing file anywhere else — our
own CSS pointing at nothing — still stops ``collectstatic``, as it should.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class TolerantManifestStorage(CompressedManifestStaticFilesStorage):
    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:  # WhiteNoise's MissingFileError is a ValueError
            if "node_modules/" in name:
                return name
            raise


class LenientManifestStorage(TolerantManifestStorage):
    """For the load test only (benchmarks/load_settings.py): its short CI run skips ``collectstatic``, so a name
    missing from the manifest is served under its plain name instead of failing the page."""

    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:  # nothing collected: the plain name
            return name
