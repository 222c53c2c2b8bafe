"""Streamlit entry point: ``streamlit run app.py [-- DOCUMENT]``."""

import sys
from pathlib import Path

from qa.ui.review import render

SEED = Path(__file__).parent / "seeds" / "000_676519bc2e061030.txt"

render(Path(sys.argv[1]) if len(sys.argv) > 1 else SEED)
