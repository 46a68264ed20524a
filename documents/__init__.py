"""Official documents: numbered letters and forms rendered from Word templates (see README.md).

``documents.issue(...)``, ``documents.convert_to_pdf(...)`` and ``documents.next_number(...)`` are
importable from the package, and ``documents.access.register(...)`` works after ``import documents``;
they are loaded on first use because the app registry must be ready
before the models they need can be imported.
"""

from importlib import import_module

_PUBLIC = {"issue": "issuing", "convert_to_pdf": "pdf", "next_number": "numbering"}


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(f"{__name__}.{_PUBLIC[name]}"), name)
    if name == "access":  # documents.access.register(...) from another app's ready()
        return import_module(f"{__name__}.access")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
