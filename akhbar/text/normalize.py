"""Arabic text normalization as small pure functions.

Two families live here:

* *display* cleaning (``clean_display``): what we store and show. It repairs the text
  (controls, Persian look-alike letters, lost-emoji noise, whitespace) but keeps the writer's
  diacritics, hamza and spelling.
* *match keys* (``match_key``): what we compare. It folds every variation a reader does not
  distinguish (diacritics, tatweel, alef/ya/ta-marbuta forms) so that two spellings of one word
  meet.

Every character set is a named constant spelled with ``\\u`` escapes, so no invisible character
ever hides in this source.
"""

from __future__ import annotations

import re
import string
import unicodedata

# --- character sets -------------------------------------------------------------------------

TATWEEL = "\u0640"
# Harakat, tanwin, shadda, sukun, small/high marks, superscript alef and Quranic annotation marks.
DIACRITICS = (
    "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670"
    + "".join(chr(c) for c in range(0x06D6, 0x06DD))
    + "".join(chr(c) for c in range(0x06DF, 0x06E9))
    + "".join(chr(c) for c in range(0x06EA, 0x06EE))
)
# Bidi embeddings/overrides/isolates and marks, zero-width characters, word joiner, BOM, soft hyphen.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH_NON_JOINER = "\u200c"  # written between the parts of a compound by Persian keyboards
ZERO_WIDTH = "\u200b" + ZERO_WIDTH_NON_JOINER + "\u200d\u2060\ufeff\u00ad"
INVISIBLE_CONTROLS = BIDI_CONTROLS + ZERO_WIDTH

ALEF_VARIANTS = "\u0622\u0623\u0625\u0671"  # آ أ إ ٱ
ALEF = "\u0627"
ALEF_MAKSURA = "\u0649"  # ى
YA = "\u064a"  # ي
TA_MARBUTA = "\u0629"  # ة
HA = "\u0647"  # ه

# Persian/Urdu look-alikes that scrapers and Persian keyboards put into Arabic text.
PERSIAN_TO_ARABIC = {
    "\u06cc": YA,  # ی Farsi yeh
    "\u06d2": YA,  # ے yeh barree
    "\u06a9": "\u0643",  # ک keheh -> ك
    "\u06aa": "\u0643",  # ڪ swash kaf -> ك
    "\u06c1": HA,  # ہ heh goal
    "\u06d5": HA,  # ە ae
    "\u06c0": TA_MARBUTA,  # ۀ heh with yeh above
}
# Eastern Arabic-Indic (U+0660..) and Persian (U+06F0..) digits.
ARABIC_INDIC_DIGITS = "".join(chr(c) for c in range(0x0660, 0x066A))
PERSIAN_DIGITS = "".join(chr(c) for c in range(0x06F0, 0x06FA))

VARIATION_SELECTOR_16 = "\ufe0f"
KEYCAP = "\u20e3"
# Pictographic blocks: emoticons, symbols & pictographs, transport, supplemental symbols,
# flags (regional indicators), dingbats and miscellaneous symbols, plus tag characters.
EMOJI_RANGES = (
    ("\U0001f000", "\U0001faff"),
    ("\u2600", "\u27bf"),
    ("\u2b00", "\u2bff"),
    ("\u2300", "\u23ff"),
    ("\U000e0020", "\U000e007f"),
)

_TRANSLATE_PERSIAN = str.maketrans(PERSIAN_TO_ARABIC)
_TRANSLATE_DIGITS = str.maketrans(
    {**{d: str(i) for i, d in enumerate(ARABIC_INDIC_DIGITS)}, **{d: str(i) for i, d in enumerate(PERSIAN_DIGITS)}}
)
_DELETE_CONTROLS = str.maketrans("", "", INVISIBLE_CONTROLS)
_DELETE_DIACRITICS = str.maketrans("", "", DIACRITICS)
_DELETE_TATWEEL = str.maketrans("", "", TATWEEL)
_FOLD_ALEF = str.maketrans({c: ALEF for c in ALEF_VARIANTS})
_FOLD_YA = str.maketrans({ALEF_MAKSURA: YA})
_FOLD_TA_MARBUTA = str.maketrans({TA_MARBUTA: HA})

_EMOJI_CLASS = "".join(f"{a}-{b}" for a, b in EMOJI_RANGES) + VARIATION_SELECTOR_16 + KEYCAP
# A run of question marks standing for a lost emoji: two or more not glued to a preceding
# word character, or any run carrying the emoji variation selector that survived the loss.
_LOST_EMOJI = re.compile(r"(?<![\w?\u061f])\?{2,}" + VARIATION_SELECTOR_16 + r"?|\?+" + VARIATION_SELECTOR_16)
_EMOJI = re.compile(f"[{_EMOJI_CLASS}]+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


# --- single rules ---------------------------------------------------------------------------


def nfkc(text: str) -> str:
    """Unicode NFKC: presentation forms and compatibility ligatures become plain letters."""
    return unicodedata.normalize("NFKC", text)


def remove_controls(text: str) -> str:
    """Drop bidi controls and zero-width characters (they change rendering, never meaning)."""
    return text.translate(_DELETE_CONTROLS)


def remove_tatweel(text: str) -> str:
    """Drop tatweel (kashida), a purely typographic stretch: ``كـبـيـر`` -> ``كبير``."""
    return text.translate(_DELETE_TATWEEL)


def remove_diacritics(text: str) -> str:
    """Drop harakat, tanwin, shadda, sukun and Quranic marks: ``أضرّ`` -> ``أضر``."""
    return text.translate(_DELETE_DIACRITICS)


def fold_persian_letters(text: str) -> str:
    """Map Persian look-alike letters to their Arabic forms: ``فی`` -> ``في``."""
    return text.translate(_TRANSLATE_PERSIAN)


def fold_digits(text: str) -> str:
    """Map Arabic-Indic and Persian digits to ASCII: ``٢٠٢٣`` -> ``2023``."""
    return text.translate(_TRANSLATE_DIGITS)


def fold_alef(text: str) -> str:
    """Fold hamzated and madda alef forms to bare alef: ``إقليم`` -> ``اقليم``."""
    return text.translate(_FOLD_ALEF)


def fold_ya(text: str) -> str:
    """Fold alef maksura to ya: ``على`` -> ``علي`` (writers swap them freely)."""
    return text.translate(_FOLD_YA)


def fold_ta_marbuta(text: str) -> str:
    """Fold ta marbuta to ha: ``الروسية`` -> ``الروسيه``."""
    return text.translate(_FOLD_TA_MARBUTA)


def remove_lost_emoji(text: str) -> str:
    """Remove ``????`` runs that stand for emoji lost in a bad re-encoding, and real emoji.

    A question mark ending a sentence (``هل؟`` / ``why?``) is kept: only runs of two or more
    that do not follow a word, or runs carrying the emoji variation selector, are noise.
    """
    return _EMOJI.sub("", _LOST_EMOJI.sub("", text))


def collapse_spaces(text: str) -> str:
    """Collapse runs of horizontal white space to one space and trim each line."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


# --- compositions ---------------------------------------------------------------------------
# The compositions run on every word and every article, so each is one pass of one combined
# translation table (equivalent to applying the single rules above in order) instead of a pass
# per rule; tests check the equivalence.

_MATCH_TABLE = {
    **{ord(c): None for c in DIACRITICS + TATWEEL + INVISIBLE_CONTROLS},
    **{ord(k): v for k, v in PERSIAN_TO_ARABIC.items()},
    **_TRANSLATE_DIGITS,
    **{ord(c): ALEF for c in ALEF_VARIANTS},
    ord(ALEF_MAKSURA): YA,
    ord(TA_MARBUTA): HA,
}
# Persian letters map to Arabic ones whose ta marbuta must then fold too.
_MATCH_TABLE = {k: (v.translate(_FOLD_TA_MARBUTA) if isinstance(v, str) else v) for k, v in _MATCH_TABLE.items()}
_DISPLAY_TABLE = {**{ord(c): None for c in INVISIBLE_CONTROLS}, **{ord(k): v for k, v in PERSIAN_TO_ARABIC.items()}}
# Characters only the slow paths (regex passes, NFKC) need to see; most text has none of them.
_NEEDS_EMOJI_PASS = re.compile(f"[?{_EMOJI_CLASS}]")


def clean_display(text: str) -> str:
    """Repair text for storage and display, keeping the writer's spelling and diacritics."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.translate(_DISPLAY_TABLE)
    # A Persian letter folded to its Arabic form can compose with the mark after it (Persian ya
    # plus hamza above becomes Arabic ya plus hamza, i.e. yeh with hamza): compose again, so the
    # result is its own cleaning.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _NEEDS_EMOJI_PASS.search(text):
        text = remove_lost_emoji(text)
    return collapse_spaces(text)


# Characters for which ``_fold_once`` reduces to the translation table and ``lower``: the basic
# Arabic letters U+0621..U+064A (none of which NFKC changes), the harakat U+064B..U+0652 (deleted,
# so the order NFKC gives them does not matter), tatweel, Arabic-Indic digits, ASCII letters and
# digits. A word of only these is matched without the NFKC check, the emoji pass and the split.
_PLAIN_CHARS = frozenset(
    "".join(chr(c) for c in range(0x0621, 0x0653)) + ARABIC_INDIC_DIGITS + string.ascii_letters + string.digits
)


def match_key(text: str) -> str:
    """Fold text into a key for comparison: two spellings a reader equates get one key.

    A key is its own key. Deleting a mark can join question marks into a run that reads as a
    lost emoji (``?ً?`` -> ``??``), so text still holding ``?`` is folded until it is stable.
    """
    if _PLAIN_CHARS.issuperset(text):
        # Most words: NFKC leaves these characters alone (the marks it may reorder are deleted),
        # there is no ``?`` and no white space, so one translation is the whole fold.
        return text.translate(_MATCH_TABLE).lower()
    key = _fold_once(text)
    while "?" in key:
        again = _fold_once(key)
        if again == key:
            break
        key = again
    return key


def _fold_once(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _NEEDS_EMOJI_PASS.search(text):
        text = remove_lost_emoji(text)
    return " ".join(text.translate(_MATCH_TABLE).lower().split())


# Search folds everything match_key folds except ta marbuta, which the search analyzer must fold
# around its stemmer (folding it first breaks Arabic stemming: الروسيه is not stemmed).
_SEARCH_TABLE = {k: v for k, v in _MATCH_TABLE.items() if k != ord(TA_MARBUTA)}
_SEARCH_TABLE[ord("\u06c0")] = TA_MARBUTA


def search_fold(text: str) -> str:
    """``match_key`` without the ta-marbuta fold: the text form the search index is built from."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _NEEDS_EMOJI_PASS.search(text):
        text = remove_lost_emoji(text)
    return text.translate(_SEARCH_TABLE).lower()
