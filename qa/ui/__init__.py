"""Streamlit pages. The only part of ``qa`` that imports Streamlit."""
