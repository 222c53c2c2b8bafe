"""Streamlit entry point: ``streamlit run app.py [-- DOCUMENT]``."""

import sys
from pathlib import Path

from qa.ui.review import render

SEED = Path(__file__).parent / "seeds" / "000_676519bc2e061030.txt"

# Streamlit passes the words after "--" as sys.argv[1:]; under a test harness argv is not ours.
args = sys.argv[1:] if Path(sys.argv[0]).name == "app.py" else []
render(Path(args[0]) if args else SEED)
