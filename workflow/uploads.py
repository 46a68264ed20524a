"""Uploaded materials are judged by their content, never by their name.

Accepted: PDF, JPEG, PNG, Office Open XML (.docx .xlsx), OLE2 Office and WPS files (.doc .xls .wps .et),
and OFD (the Chinese fixed-layout format, a zip with OFD.xml). A file whose bytes are not what its
extension claims (an executable named .pdf) is refused, and so is an empty or oversized file.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KINDS = {  # kind -> extensions it may carry
    "pdf": {".pdf"},
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "ole2": {".doc", ".xls", ".wps", ".et", ".dps", ".ppt"},
    "ofd": {".ofd"},
}
ALLOWED = sorted(ext for exts in KINDS.values() for ext in exts)


@dataclass(frozen=True)
class Checked:
    name: str
    extension: str
    kind: str
    data: bytes


def max_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_MB", 20) * 1024 * 1024


def clean_name(name: str) -> str:
    """The base name only: no directories, no path traversal, no control characters."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    if len(base) > 150:  # shorten the name, never the extension (a long-named PDF is still a PDF)
        stem, extension = os.path.splitext(base)
        extension = extension[:11]
        base = stem[: 150 - len(extension)] + extension
    return base or "file"


def sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(OLE2):
        return "ole2"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "OFD.xml" in names:
            return "ofd"
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def check(uploaded) -> Checked:
    """Read and judge an uploaded file; raise ValidationError saying what is wrong."""
    name = clean_name(uploaded.name)
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("不支持的文件类型“%(ext)s”：请上传 PDF、图片（JPG/PNG）、Office/WPS 或 OFD 文件")
            % {"ext": extension or name}
        )
    if uploaded.size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件") % {"name": name})
    if uploaded.size > max_bytes():
        raise ValidationError(
            _("文件“%(name)s”大小为%(size).1f MB，超过%(limit)d MB的上限")
            % {"name": name, "size": uploaded.size / 1024 / 1024, "limit": max_bytes() // 1024 // 1024}
        )
    data = uploaded.read()
    kind = sniff(data)
    if kind is None or extension not in KINDS[kind]:
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名“%(ext)s”不符，或不是可接受的文件，请上传原始文件")
            % {"name": name, "ext": extension}
        )
    return Checked(name=name, extension=extension, kind=kind, data=data)
