"""Review page: a document's sentences with their findings highlighted."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import streamlit as st

from qa import io
from qa.errors import QAError
from qa.inputs import build_units
from qa.model import UnitResult
from qa.pipeline import make_context, run_checks
from qa.report import highlight_html

SEVERITY_COLOUR = {"minor": "#fff3b0", "major": "#ffc58a", "critical": "#ff9b9b"}


@st.cache_data(show_spinner="Checking the document…")
def check_file(data: bytes, name: str, use_models: bool) -> tuple[list[UnitResult], list[str]]:
    loaded = io.load(name, data=data)
    units = build_units(loaded)
    ctx = make_context(use_models=use_models)
    return run_checks(units, ctx), ctx.notices


def highlighted(result: UnitResult) -> str:
    """The target with each finding's span marked in its severity's colour; all text escaped."""
    spans = sorted(
        (
            (
                f.start,
                f.end,
                f"{f.severity.value} {f.category.value}: {f.message}",
                f"background:{SEVERITY_COLOUR[f.severity.value]}",
            )
            for f in result.findings
            if f.side == "target"
        ),
        key=lambda span: (span[0], span[1]),
    )
    return highlight_html(result.unit.target, spans)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md_escape(text: str) -> str:
    """Document text shown through Streamlit's Markdown: no links, images, emphasis or maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def html_block(inner: str, style: str = "") -> str:
    """A one-line HTML block: Markdown leaves its content alone, so ``![](url)`` in a
    document stays text (and fetches nothing) instead of becoming an image."""
    attr = f" style='{style}'" if style else ""
    return f"<div{attr}>{inner.replace(chr(10), '<br>')}</div>"


def render(default_path: Path) -> None:
    st.title("Translation review")
    upload = st.file_uploader("Open a translation", key="upload")
    if upload is not None:
        data, name = upload.getvalue(), upload.name
    else:
        data, name = default_path.read_bytes(), str(default_path)
    # TQA_NO_MODELS=1 starts the app without model-based checks (quick demos, tests).
    default_models = not os.environ.get("TQA_NO_MODELS")
    use_models = st.sidebar.toggle("Language-model checks", value=default_models, key="use_models")
    try:
        results, notices = check_file(data, name, use_models)
    except QAError as exc:
        st.error(str(exc))
        return
    for notice in notices:
        st.info(notice)
    broken = sum(r.broken for r in results)
    st.caption(f"{md_escape(Path(name).name)}: {len(results)} segments, {broken} flagged as broken")
    for r in results:
        if not r.unit.content:
            st.markdown(
                html_block(
                    f"[not scored: {html.escape(r.unit.noncontent_reason)}] {highlighted(r)}",
                    "color:#888",
                ),
                unsafe_allow_html=True,
            )
            continue
        marker = "🔴" if r.broken else ("🟡" if r.findings else "⚪")
        st.markdown(html_block(f"{marker} {highlighted(r)}"), unsafe_allow_html=True)
        for f in r.findings:
            fix = f" → *{md_escape(f.suggestion)}*" if f.suggestion else ""
            st.caption(
                f"{f.severity.value} · {f.category.value}/{f.check}: {md_escape(f.message)}{fix}"
            )
