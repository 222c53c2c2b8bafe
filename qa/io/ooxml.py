"""Guards for Office Open XML packages (DOCX, XLSX) before a library opens them.

They are zip archives of XML parts. Two attacks need no bug in the reading
library: a zip bomb (parts that inflate to gigabytes) and XML parts that
declare entities (openpyxl parses with the standard library's expat, which
expands internal entities). Neither ever occurs in a file Word or Excel
wrote, so :func:`check_package` refuses both up front.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from qa.errors import InputError

MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024


def check_package(data: bytes, name: str, required: str) -> None:
    """Raise InputError unless ``data`` is a sane zip holding the part ``required``."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a valid Office (zip) file: {exc}", name) from exc
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        if total > MAX_UNZIPPED_BYTES:
            raise InputError(
                f"archive would unpack to {total // 2**20} MiB; the limit is "
                f"{MAX_UNZIPPED_BYTES // 2**20} MiB",
                name,
            )
        if required not in archive.namelist():
            raise InputError(f"archive has no {required}", name)
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                part = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise InputError(f"damaged archive part {info.filename}: {exc}", name) from exc
            head = part[:4096]
            if b"<!DOCTYPE" in head or b"<!ENTITY" in part:
                raise InputError(
                    f"{info.filename} declares a DTD or entities; refusing to expand them", name
                )
