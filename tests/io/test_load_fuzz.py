"""Whatever bytes arrive, load() either reads them or raises InputError naming the file."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.errors import InputError
from qa.io import MAX_BYTES, load

PREFIXES = [
    b"",
    b"<?xml version='1.0'?><xliff version='1.2'>",
    b"<xliff version='2.0' xmlns='urn:oasis:names:tc:xliff:document:2.0'><file id='f'>",
    b"<tmx version='1.4'><body><tu>",
    b'{"target": ',
    b"[{",
    b"PK\x03\x04",
    b"source,target\n",
    b"\xff\xfe<\x00",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PREFIXES),
    st.binary(max_size=300),
    st.sampled_from(["f.txt", "f.csv", "f.tsv", "f.xlf", "f.json", "f.docx"]),
)
def test_load_raises_only_input_error(prefix, tail, name):
    try:
        loaded = load(name, prefix + tail)
    except InputError as exc:
        assert exc.path == name
    else:
        assert loaded.document is not None or loaded.units


def test_files_over_the_size_limit_are_refused_without_reading(tmp_path, monkeypatch):
    import qa.io

    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    monkeypatch.setattr(qa.io, "MAX_BYTES", 1024)
    with pytest.raises(InputError, match="limit"):
        load(path)
    assert MAX_BYTES > 1024
