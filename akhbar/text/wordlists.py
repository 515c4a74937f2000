"""Word lists kept as data files (``akhbar/text/data/<name>.txt``), loaded by name.

One entry per line in its usual spelling (a multi-word entry is one line, words separated by
spaces); lines starting with ``#`` say what the list is for. Callers get *match keys* (see
``akhbar.text.normalize.match_key``), so hamza, alef maksura and ta marbuta variants of an entry
are covered by one line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from akhbar.text.normalize import match_key

DATA_DIR = Path(__file__).with_name("data")


def path(name: str) -> Path:
    """The data file of a word list."""
    return DATA_DIR / f"{name}.txt"


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The entries of a word list as written, in file order (comments and blank lines skipped).

    A missing list is a clear error naming the file: the lists ship with the package.
    """
    file = path(name)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise FileNotFoundError(f"word list {name!r} not found: {file}") from None
    return tuple(s for line in lines if (s := line.strip()) and not s.startswith("#"))


@lru_cache(maxsize=None)
def keys(name: str) -> frozenset[str]:
    """Match keys of a word list's entries."""
    return frozenset(k for k in map(match_key, entries(name)) if k)
