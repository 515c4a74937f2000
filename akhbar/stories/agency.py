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
def _credit_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern of every form as whole words (longest first), and form key -> agency name."""
    names = {}
    for line in resources.files("akhbar.text").joinpath("data", AGENCIES_FILE).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            forms = [f.strip() for f in line.split("|") if f.strip()]
            for form in forms:
                names.setdefault(credit_key(form), forms[0])
    keys = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)"), names


def credited_agency(body: str, dateline: str | None = None) -> str | None:
    """The agency a credit line names at the start or the end of the body, else None.

    The start wins over the end (a local rewrite of a wire story credits the wire first).
    """
    pattern, names = _credit_pattern()
    head = credit_key(((dateline + " - ") if dateline else "") + body[:HEAD_CHARS])
    tail = credit_key(body[-TAIL_CHARS:])
    for window in (head, tail):
        # The leftmost match; at one position the longest form (the alternation is longest first).
        found = pattern.search(window)
        if found:
            return names[found.group()]
    return None
