"""Finding documents: folders, globs, archives, the manifest that skips unchanged files."""

import os

import pytest

from akhbar import sources
from akhbar.batching import plan_batches
from akhbar.sources import SourceError, WorkItem, discover, expand_sources
from tests.json_fixtures import write_zip


def _tree(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b" / "c.txt").write_text("y")
    (tmp_path / ".hidden").write_text("z")
    (tmp_path / "partial.part").write_text("z")
    return tmp_path


def test_folders_are_walked_sorted_skipping_hidden_and_partial_files(tmp_path):
    root = _tree(tmp_path)
    assert expand_sources([str(root)]) == [str(root / "a.txt"), str(root / "b" / "c.txt")]


def test_globs_and_single_files(tmp_path):
    root = _tree(tmp_path)
    assert expand_sources([str(root / "**" / "*.txt")]) == [str(root / "a.txt"), str(root / "b" / "c.txt")]
    assert expand_sources([str(root / "a.txt"), str(root / "a.txt")]) == [str(root / "a.txt")]


def test_missing_source_is_a_clear_error(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        expand_sources([str(tmp_path / "nope")])
    with pytest.raises(SourceError, match="no file matches"):
        expand_sources([str(tmp_path / "*.zip")])


def test_symlinks_outside_the_root_are_not_followed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    root = tmp_path / "inbox"
    root.mkdir()
    (root / "page.txt").write_text("x")
    os.symlink(outside, root / "link.txt")
    os.symlink(root / "page.txt", root / "inner.txt")
    assert expand_sources([str(root)]) == [str(root / "inner.txt"), str(root / "page.txt")]


def test_unchanged_files_are_skipped_without_reading(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    first = discover([str(root)], {}, {})
    manifest = {f.path: (f.byte_size, f.mtime_ns, f.content_hash) for f in first.files}
    known = {f.content_hash: 1 for f in first.files}
    monkeypatch.setattr(sources, "hash_file", lambda path: pytest.fail(f"read {path}"))
    again = discover([str(root)], manifest, known)
    assert again.items == [] and again.skipped_files == 2 and again.skipped_documents == 2


def test_a_copy_at_a_new_path_is_recognised_by_its_hash(tmp_path):
    root = _tree(tmp_path)
    first = discover([str(root)], {}, {})
    (root / "copy.txt").write_text("x")
    again = discover([str(root)], {}, {f.content_hash: 1 for f in first.files})
    assert again.items == [] and again.skipped_files == 3


def test_zip_members_are_work_items(tmp_path):
    path = write_zip(tmp_path / "day.zip")
    (item,) = discover([str(path)], {}, {}).items
    assert item.fmt == "json" and item.member == "2015-07-21.json" and item.source_uri.endswith("day.zip!2015-07-21.json")


def test_batches_group_pages_and_isolate_big_containers():
    pages = [WorkItem(f"p{i}", "page", 100) for i in range(5)]
    big = WorkItem("big.json", "json", 10 << 20)
    batches = plan_batches(pages[:3] + [big] + pages[3:], batch_size=2)
    assert [[i.path for i in b] for b in batches] == [["p0", "p1"], ["p2"], ["big.json"], ["p3", "p4"]]
