"""Throughput of the readers and writers in qa/io on generated bilingual data.

Usage: .venv/bin/python bench/bench_io.py [units]   (default 20000)
Prints, per format, the input size and the seconds and units per second of
``qa.io.load`` (and of the writers). Not part of the test run.
"""

from __future__ import annotations

import io
import sys
import time

import docx

from qa.io import load
from qa.io.csv_format import write_units
from qa.io.xliff import write_xliff
from qa.model import Unit

ZH = "中华人民共和国国务院新闻办公室今天举行发布会，介绍第{}项政策的进展情况。"
EN = "The State Council Information Office held a press conference today on policy number {}."


def units(n: int) -> list[Unit]:
    return [
        Unit(str(i), EN.format(i), ZH.format(i), note="n" if i % 10 == 0 else "") for i in range(n)
    ]


def tmx(items: list[Unit]) -> bytes:
    tus = "".join(
        f'<tu tuid="{u.id}"><tuv xml:lang="zh-CN"><seg>{u.source}</seg></tuv>'
        f'<tuv xml:lang="en-US"><seg>{u.target}</seg></tuv></tu>\n'
        for u in items
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN"/><body>\n{tus}</body></tmx>'.encode()


def docx_bytes(items: list[Unit]) -> bytes:
    document = docx.Document()
    for u in items:
        document.add_paragraph(u.source)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(items: list[Unit]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "source", "target"])
    for u in items:
        sheet.append([u.id, u.source, u.target])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(label: str, fn, count: int, size: int) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:<28} {size / 2**20:8.2f} MiB {seconds:8.2f} s {count / seconds:10.0f} units/s")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    items = units(n)
    csv_data = write_units(items)
    xliff_data = write_xliff(items, {"0": "Corrected."})
    tmx_data = tmx(items)
    text_data = "\n".join(u.source or "" for u in items).encode("gb18030")
    docx_small = docx_bytes(items[: n // 10])
    xlsx_data = xlsx_bytes(items)
    from qa.io.xliff import update_xliff

    corrections = {u.id: "Corrected." for u in items[::10]}
    timed("write CSV", lambda: write_units(items), n, len(csv_data))
    timed("write XLIFF 1.2", lambda: write_xliff(items), n, len(xliff_data))
    timed("load CSV", lambda: load("b.csv", csv_data), n, len(csv_data))
    timed("load TSV", lambda: load("b.tsv", write_units(items, delimiter="\t")), n, len(csv_data))
    timed("load XLIFF 1.2", lambda: load("b.xlf", xliff_data), n, len(xliff_data))
    timed("load XLSX", lambda: load("b.xlsx", xlsx_data), n, len(xlsx_data))
    timed(
        "update XLIFF (10% corrected)",
        lambda: update_xliff(xliff_data, corrections),
        n,
        len(xliff_data),
    )
    timed("load TMX", lambda: load("b.tmx", tmx_data), n, len(tmx_data))
    timed("load text (GB18030, zh)", lambda: load("b.txt", text_data), n, len(text_data))
    timed(
        f"load DOCX ({n // 10} paragraphs)",
        lambda: load("b.docx", docx_small),
        n // 10,
        len(docx_small),
    )


if __name__ == "__main__":
    main()
