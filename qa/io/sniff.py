"""Guess a file's format from its bytes; the extension is only a tie-breaker."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO
from pathlib import Path


def sniff(data: bytes, name: str = "") -> str:
    """One of: docx, xlsx, zip, badzip, xliff, tmx, tbx, xml, jsonl, json, csv, tsv, text."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "badzip"  # a truncated or damaged DOCX/XLSX: say so, do not decode it as text
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return "zip"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") or head[:2] in (b"\xff\xfe", b"\xfe\xff") and b"<\x00" in head[:8]:
        low = head.lower().replace(b"\x00", b"")
        if b"<xliff" in low:
            return "xliff"
        if b"<tmx" in low:
            return "tmx"
        if b"<tbx" in low or b"<martif" in low:
            return "tbx"
        if stripped.startswith(b"<?xml") or b"<!doctype" in low[:200]:
            return "xml"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0].strip()
        try:
            json.loads(first)
            return "jsonl"
        except ValueError:
            return "json"
    if stripped.startswith(b"[") and stripped[1:].lstrip(b" \t\r\n").startswith((b"{", b"]")):
        return "json"
    ext = Path(name).suffix.lower()
    if ext in {".csv", ".tsv"}:
        return ext[1:]
    return "text"
