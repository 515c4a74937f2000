"""Which news agency an article credits: the wire credit lines of Arabic news copy.

A credit sits at the start of a body (``الرياض - واس``, ``(أ ف ب) -``) or closes it
(``(د ب أ)``); the same agency name in the middle of an article is usually a mention
(``نقلت رويترز عن ...``), so only the body's first and last characters are searched. The agencies
and their spellings are data (``akhbar/text/data/news_agencies.txt``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from akhbar.text.normalize import match_key

AGENCIES_FILE = "news_agencies.txt"
# Characters of the body searched for a credit, from its start and from its end.
HEAD_CHARS = 160
TAIL_CHARS = 100
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def credit_key(text: str) -> str:
    """Match key with punctuation turned into spaces, so ``(أ.ف.ب)`` reads ``ا ف ب``."""
    return " ".join(_NON_WORD.sub(" ", match_key(text)).split())


@lru_cache(maxsize=1)
def agency_forms() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(agency name, pattern of all its forms as whole words), in file order."""
    text = resources.files("akhbar.text").joinpath("data", AGENCIES_FILE).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        forms = [f.strip() for f in line.split("|") if f.strip()]
        keys = sorted({credit_key(f) for f in forms}, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
        out.append((forms[0], pattern))
    return tuple(out)


def credited_agency(body: str, dateline: str | None = None) -> str | None:
    """The agency a credit line names at the start or the end of the body, else None.

    The start wins over the end (a local rewrite of a wire story credits the wire first).
    """
    head = credit_key(((dateline + " - ") if dateline else "") + body[:HEAD_CHARS])
    tail = credit_key(body[-TAIL_CHARS:])
    for window in (head, tail):
        best = None
        for name, pattern in agency_forms():
            found = pattern.search(window)
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), name)
        if best:
            return best[1]
    return None
