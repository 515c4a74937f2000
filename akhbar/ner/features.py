"""Per-word normalization shared by embedding pre-training, tagger training and inference.

Everything here depends on one word only, so callers cache the results per word type: the
tagger never normalizes the same spelling twice.
"""

from __future__ import annotations

import re

from akhbar.text.normalize import ALEF, ALEF_MAKSURA, ALEF_VARIANTS, DIACRITICS, HA, TA_MARBUTA, TATWEEL, YA, match_key
from akhbar.text.tokens import PROCLITICS_SINGLE, PROCLITICS_WITH_ARTICLE

# Digits carry no name information but explode the vocabulary: every digit becomes 0.
_DIGITS = re.compile(r"\d")
NUMBER_CHAR = "0"

# Character vocabulary for the character CNN: ids 0 (padding) and 1 (unknown) are reserved.
PAD_CHAR_ID = 0
UNK_CHAR_ID = 1
# Words are cut to this many characters for the character CNN (Arabic words rarely exceed it).
MAX_WORD_CHARS = 16
# Start/end markers let the character CNN see prefixes and suffixes as such.
WORD_START = "\u0002"
WORD_END = "\u0003"


# Characters for which ``match_key`` reduces to a plain character mapping: the basic Arabic
# letters (U+0621..U+064A, none of which NFKC changes), the harakat U+064B..U+0652 (deleted, so
# their order does not matter), tatweel, ASCII letters and digits and Arabic-Indic digits.
# Anything else (presentation forms, Persian letters, hamza marks, punctuation) takes the slow path.
_SIMPLE_CHARS = frozenset(
    [chr(c) for c in range(0x0621, 0x064B + 8)]
    + [chr(c) for c in range(0x0660, 0x066A)]
    + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
)
_SIMPLE_KEY = str.maketrans(
    {
        **{c: None for c in DIACRITICS + TATWEEL},
        **{c: ALEF for c in ALEF_VARIANTS},
        ALEF_MAKSURA: YA,
        TA_MARBUTA: HA,
        **{str(d): NUMBER_CHAR for d in range(10)},
        **{chr(0x0660 + d): NUMBER_CHAR for d in range(10)},
    }
)


def word_key(word: str) -> str:
    """Lookup key of a word: the repo match key (diacritics, alef/ya/ta-marbuta folded, lower case)
    with every digit mapped to ``0``."""
    if _SIMPLE_CHARS.issuperset(word):
        # Fast path (most news words), identical to the slow one for these characters; the
        # tagger normalizes every distinct word it meets, so this matters for throughput.
        return word.translate(_SIMPLE_KEY).lower()
    return _DIGITS.sub(NUMBER_CHAR, match_key(word))


def stem_key(key: str) -> str:
    """A key with its proclitics and article removed, so ``وبالرياض`` also looks up ``رياض``.

    Unlike :func:`akhbar.text.tokens.strip_proclitics` the bare one-letter clitics are always
    tried (the model learns when that was wrong); the key itself is returned when too short.
    """
    for clitic in PROCLITICS_WITH_ARTICLE:
        if key.startswith(clitic) and len(key) - len(clitic) >= 2:
            return key[len(clitic):]
    if len(key) >= 4 and key[0] in PROCLITICS_SINGLE:
        return key[1:]
    return key


def char_sequence(key: str) -> str:
    """The characters the character CNN reads: start marker, the key (cut), end marker."""
    return WORD_START + key[: MAX_WORD_CHARS - 2] + WORD_END
