"""Grouping articles into stories and naming their originals: pure functions over ids.

Stories are the connected components of the "same story" links (and of the stories already
assigned, which a new article can only join or merge, never split: a link is a fact about two
articles alone). A story's id is its earliest article's id, so a story keeps its id while no
earlier article joins it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime


def earliest_key(article_id: str, published_at: Mapping[str, datetime | None]) -> tuple:
    """Sort key of 'earliest': by publication time (undated last), then by article id."""
    when = published_at.get(article_id)
    return (when is None, when.timestamp() if when is not None else 0.0, article_id)


def components(nodes: Iterable[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components of the graph (every node in exactly one component)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for node in nodes:
        parent.setdefault(node, node)
    for a, b in links:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return list(groups.values())


def story_ids(groups: Iterable[list[str]], published_at: Mapping[str, datetime | None]) -> dict[str, str]:
    """article id -> story id (the id of the group's earliest article)."""
    out = {}
    for group in groups:
        first = min(group, key=lambda a: earliest_key(a, published_at))
        for article in group:
            out[article] = first
    return out


def originals(
    articles: Iterable[str], copies: Iterable[tuple[str, str]], published_at: Mapping[str, datetime | None]
) -> dict[str, str | None]:
    """For each of ``articles``: the earliest article it is a near copy of, or None when it is
    itself the earliest of itself and its copies. ``copies`` are unordered pairs."""
    matches: dict[str, set[str]] = {}
    for a, b in copies:
        matches.setdefault(a, set()).add(b)
        matches.setdefault(b, set()).add(a)
    out = {}
    for article in articles:
        first = min([article, *matches.get(article, ())], key=lambda a: earliest_key(a, published_at))
        out[article] = None if first == article else first
    return out
