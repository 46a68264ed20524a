"""The production static-files storage, minus one failure: ``collectstatic`` with DEBUG off stops on viewflow's
``roboto-fontface.css``, which references fonts the package does not ship (``Roboto-Thin.woff2`` under a
``node_modules`` path). Those references are left as written instead of hashed; everything else is hashed and
compressed as in production. (Found by the load test; config/settings.py has the same problem — see the report.)
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class TolerantManifestStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:  # a referenced file that is not there (whitenoise's MissingFileError is a ValueError)
            return name
