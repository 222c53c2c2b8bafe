"""Glossary editing: add/change/delete, import/export, history and restore, conflicts, atomic saves."""

import os
from pathlib import Path

import pytest

from qa.errors import ConflictError, InputError
from qa.glossary import GlossaryEntry, load_glossary, parse_glossary, serialize
from qa.glossary_store import GlossaryStore

DATA = Path(__file__).parent / "data" / "glossary"


@pytest.fixture
def gfile(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_bytes((DATA / "minimal.csv").read_bytes())
    return path


def test_add_change_delete_then_save(gfile):
    store = GlossaryStore(gfile)
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    store.change("晶圆", targets=("wafer", "silicon wafer"), note="checked")
    store.delete("集成电路")
    store.save()
    again = {e.source: e for e in load_glossary(gfile).entries}
    assert set(again) == {"晶圆", "光刻机"}
    assert again["晶圆"].targets == ("wafer", "silicon wafer") and again["晶圆"].note == "checked"


def test_add_refuses_duplicates_and_empty_entries(gfile):
    store = GlossaryStore(gfile)
    with pytest.raises(InputError):
        store.add(GlossaryEntry("晶圆", ("wafer",)))
    with pytest.raises(InputError):
        store.add(GlossaryEntry("光刻机", ()))
    with pytest.raises(KeyError):
        store.delete("不存在")
    store.add(GlossaryEntry("", ("US-China",), ("Sino-US",)))
    store.add(GlossaryEntry("", ("dialogue channel",), ("dialogue window",)))
    with pytest.raises(InputError, match="already exists"):  # two entries for one wording
        store.change("en:dialogue window", forbidden=("Sino-US",))
    assert store.entries[-1].forbidden == ("dialogue window",)


def test_concurrent_edit_is_refused_and_both_edits_survive(gfile):
    alice, bob = GlossaryStore(gfile), GlossaryStore(gfile)
    alice.add(GlossaryEntry("光刻机", ("lithography machine",)))
    alice.save()
    bob.add(GlossaryEntry("封装测试", ("packaging and testing",)))
    assert bob.changed_on_disk()
    with pytest.raises(ConflictError):
        bob.save()
    # Nothing of Alice's was lost, and Bob still holds his edit to re-apply.
    assert "光刻机" in {e.source for e in load_glossary(gfile).entries}
    assert "封装测试" in {e.source for e in bob.entries}
    bob.reload()
    bob.add(GlossaryEntry("封装测试", ("packaging and testing",)))
    bob.save()
    assert {"光刻机", "封装测试"} <= {e.source for e in load_glossary(gfile).entries}


def test_interrupted_save_leaves_the_previous_file_intact(gfile, monkeypatch):
    before = gfile.read_bytes()
    store = GlossaryStore(gfile)
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.save()
    assert gfile.read_bytes() == before
    assert not [p for p in gfile.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("stage", ["write", "fsync", "replace"])
def test_save_interrupted_on_the_glossary_file_itself_loses_nothing(gfile, monkeypatch, stage):
    """The crash hits the write of the glossary file (after its history copy was kept)."""
    before = gfile.read_bytes()
    store = GlossaryStore(gfile)
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    real = {"write": os.fdopen, "fsync": os.fsync, "replace": os.replace}[stage]
    calls = []

    def crash(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:  # the first call writes the history copy, the second the file
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(
        os, {"write": "fdopen", "fsync": "fsync", "replace": "replace"}[stage], crash
    )
    with pytest.raises(OSError):
        store.save()
    monkeypatch.undo()
    if stage == "replace":
        assert Path(calls[1][1]) == gfile
    assert gfile.read_bytes() == before
    assert not [p for p in gfile.parent.iterdir() if p.name.endswith(".tmp")]
    assert store.history() and store.history()[0].path.read_bytes() == before
    # The edit is still in the working copy, and a retry is not mistaken for a conflict.
    store.save()
    assert "光刻机" in {e.source for e in load_glossary(gfile).entries}


def test_history_keeps_versions_that_can_be_restored(gfile):
    store = GlossaryStore(gfile)
    original = gfile.read_bytes()
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    store.save()
    store.delete("晶圆")
    store.save()
    versions = store.history()
    assert len(versions) == 2
    assert versions[-1].path.read_bytes() == original
    store.restore(versions[-1])
    assert {e.source for e in load_glossary(gfile).entries} == {"晶圆", "集成电路"}
    assert len(store.history()) == 3


def test_import_and_export_between_formats(gfile, tmp_path):
    store = GlossaryStore(tmp_path / "new.tbx")
    added, replaced = store.import_from(load_glossary(gfile))
    assert (added, replaced) == (2, 0)
    store.save()
    assert [e.source for e in load_glossary(tmp_path / "new.tbx").entries] == ["晶圆", "集成电路"]
    store.import_from(load_glossary(DATA / "basic2008.tbx"))
    xlsx = tmp_path / "out.xlsx"
    xlsx.write_bytes(store.export("xlsx"))
    assert len(load_glossary(xlsx)) == 4


def test_simultaneous_saves_one_wins_and_the_other_gets_a_conflict(gfile):
    import threading

    stores = [GlossaryStore(gfile) for _ in range(4)]
    for i, store in enumerate(stores):
        store.add(GlossaryEntry(f"术语{i}", (f"term {i}",)))
    outcomes: list[str] = []
    barrier = threading.Barrier(len(stores))

    def save(store):
        barrier.wait()
        try:
            store.save()
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["saved"]
    assert len(load_glossary(gfile)) == 3


def test_a_half_written_history_copy_left_by_a_killed_process_is_not_a_version(gfile):
    store = GlossaryStore(gfile)
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    store.save()
    leftover = store.history_dir / f".99999-x{gfile.suffix}.abc.tmp"
    leftover.write_bytes(b"source,tar")
    assert [v.path for v in store.history()] == [
        p for p in store.history_dir.iterdir() if p != leftover
    ]
    store.add(GlossaryEntry("封装测试", ("packaging and testing",)))
    store.save()
    assert len(store.history()) == 2 and leftover not in [v.path for v in store.history()]


@pytest.mark.parametrize("overwrite", [False, True])
def test_import_merges_repeated_rows_of_a_term_instead_of_dropping_one(gfile, tmp_path, overwrite):
    incoming = tmp_path / "incoming.csv"
    incoming.write_text(
        "source,target\n光刻机,lithography machine\n光刻机,lithography tool\n", encoding="utf-8"
    )
    store = GlossaryStore(gfile)
    added, replaced = store.import_from(load_glossary(incoming), overwrite=overwrite)
    assert (added, replaced) == (1, 0)
    again = store.import_from(load_glossary(incoming), overwrite=overwrite)
    assert again == ((0, 1) if overwrite else (0, 0))
    store.save()
    entry = next(e for e in load_glossary(gfile).entries if e.source == "光刻机")
    assert entry.targets == ("lithography machine", "lithography tool")


@pytest.mark.parametrize("dialect", ["tbx2008", "tbx"])
def test_a_tbx_file_is_saved_in_its_own_dialect(gfile, tmp_path, dialect):
    path = tmp_path / "terms.tbx"
    path.write_bytes(serialize(load_glossary(gfile), dialect))
    store = GlossaryStore(path)
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    store.save()
    data = path.read_bytes()
    assert (b"<martif" in data) == (dialect == "tbx2008")
    assert "光刻机" in {e.source for e in load_glossary(path).entries}
    store.restore(store.history()[0])
    assert (b"<martif" in path.read_bytes()) == (dialect == "tbx2008")


@pytest.mark.parametrize("suffix", ["csv", "tsv", "xlsx"])
def test_a_save_keeps_columns_tqa_does_not_use(tmp_path, suffix):
    """A reviewer's own column must survive an edit made through tqa."""
    sep = "\t" if suffix == "tsv" else ","
    table = [
        ["source", "target", "approved_by"],
        ["晶圆", "wafer", "Li Wei"],
        ["集成电路", "IC", ""],
    ]
    text = "".join(sep.join(row) + "\n" for row in table)
    path = tmp_path / f"terms.{suffix}"
    if suffix == "xlsx":
        path.write_bytes(serialize(parse_glossary(text.encode(), "t.csv"), "xlsx"))
    else:
        path.write_text(text, encoding="utf-8")
    store = GlossaryStore(path)
    store.change("集成电路", targets=("integrated circuit", "IC"))
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    store.save()
    again = {e.source: dict(e.extra) for e in load_glossary(path).entries}
    assert again == {"晶圆": {"approved_by": "Li Wei"}, "集成电路": {}, "光刻机": {}}


def test_saving_over_a_workbook_with_other_sheets_is_refused(tmp_path):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["source", "target"])
    book.active.append(["晶圆", "wafer"])
    book.create_sheet("reviewers").append(["Li Wei", "2024-05-01"])
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "terms.xlsx"
    path.write_bytes(out.getvalue())
    store = GlossaryStore(path)
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    with pytest.raises(InputError, match="2 sheets"):
        store.save()
    assert path.read_bytes() == out.getvalue()
    assert "光刻机" in {e.source for e in store.entries}


def test_a_save_keeps_the_files_permissions(gfile):
    os.chmod(gfile, 0o664)
    store = GlossaryStore(gfile)
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    store.save()
    assert gfile.stat().st_mode & 0o777 == 0o664
    new = gfile.parent / "new.csv"
    fresh = GlossaryStore(new)
    fresh.add(GlossaryEntry("晶圆", ("wafer",)))
    fresh.save()
    umask = os.umask(0o022)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask


def test_saving_through_a_symlink_updates_the_linked_file(gfile, tmp_path):
    link = tmp_path / "mine.csv"
    link.symlink_to(gfile)
    store = GlossaryStore(link)
    store.add(GlossaryEntry("光刻机", ("lithography machine",)))
    store.save()
    assert link.is_symlink()
    assert "光刻机" in {e.source for e in load_glossary(gfile).entries}
