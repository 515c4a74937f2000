"""Arabic morphology constants shared by every module: one definition of each.

The definite article, the proclitic letters that glue to a following word, the connectors of
genealogical and compound names, nisba endings and the entity types. Letters are written as
``\\u`` escapes (the Arabic glyphs are in the comments) so that look-alike characters cannot slip
in. Values are match-key spellings (see ``akhbar.text.normalize.match_key``): hamza forms folded.
"""

from __future__ import annotations

# --- the article and proclitics ----------------------------------------------------------------

ARTICLE = "\u0627\u0644"  # ال
# ل + ال with the alef elided (للعراق): the article cannot be cut out of the surface.
LAM_LAM = "\u0644\u0644"  # لل
# Letters that glue to the next word: و ف (conjunctions), ب ل ك (prepositions).
CLITIC_LETTERS = "\u0648\u0641\u0628\u0644\u0643"  # و ف ب ل ك
# Two-clitic stacks seen before names: وب ول فب فل وك.
CLITIC_PAIRS = ("\u0648\u0628", "\u0648\u0644", "\u0641\u0628", "\u0641\u0644", "\u0648\u0643")
# Only the conjunctions glue to given names in practice (ومحمد); reading ب/ل/ك off a word would
# turn common words into names (بيان -> يان).
NAME_CLITICS = "\u0648\u0641"  # و ف
# Proclitics with the article, longest first (order matters to whoever strips them):
# وبال وال بال كال فال ولل فلل لل ال.
PROCLITICS_WITH_ARTICLE = (
    "\u0648\u0628\u0627\u0644",
    "\u0648\u0627\u0644",
    "\u0628\u0627\u0644",
    "\u0643\u0627\u0644",
    "\u0641\u0627\u0644",
    "\u0648\u0644\u0644",
    "\u0641\u0644\u0644",
    "\u0644\u0644",
    "\u0627\u0644",
)
# Single proclitic letters: و ف ب ل ك.
PROCLITICS_SINGLE = tuple(CLITIC_LETTERS)

# Letters a present-tense verb starts with (يقول، يؤكد): such a word is not a surname.
IMPERFECT_PREFIX = "\u064a"  # ي
# Nisba endings on a match key: -يه (feminine, ta marbuta folded to ha) and -ي (masculine).
NISBA_SUFFIXES = ("\u064a\u0647", "\u064a")
CONJUNCTION_WA = "\u0648"  # و

# --- names --------------------------------------------------------------------------------------

ABD = "\u0639\u0628\u062f"  # عبد: the first half of compound given names (عبد الله)
ABU = "\u0627\u0628\u0648"  # ابو (match key of أبو)
IBN = "\u0628\u0646"  # بن
IBN_FULL = "\u0627\u0628\u0646"  # ابن: the same link, spelled in full (mostly at a name's start)
BINT = "\u0628\u0646\u062a"  # بنت
# Links of a genealogical chain: X بن Y, X ابن Y, X بنت Y.
GENEALOGY = frozenset({IBN, IBN_FULL, BINT})
# Words that introduce the rest of a compound or genealogical name, as match keys:
# عبد ابو ابي ابا بن ابن بنت ال(آل) ام(أم).
NAME_CONNECTORS = frozenset({
    ABD,
    ABU,
    "\u0627\u0628\u064a",  # ابي
    "\u0627\u0628\u0627",  # ابا
    IBN,
    IBN_FULL,
    BINT,
    "\u0627\u0644",  # ال (آل, the family)
    "\u0627\u0645",  # ام
})
# Heads of compound given names: عبد + the next word is one given name.
COMPOUND_NAME_HEADS = frozenset({ABD})
# Heads that a compound name is written glued to or apart from (عبد الله / عبدالله, أبو بكر / ابوبكر).
SPACED_NAME_HEADS = (ABD, ABU)
# "Family of": آل سعود (its match key is the same two letters as the article).
FAMILY = "\u0627\u0644"
ALLAH = "\u0627\u0644\u0644\u0647"  # الله

# --- entity types --------------------------------------------------------------------------------

PERS, LOC, ORG, MISC = "PERS", "LOC", "ORG", "MISC"
ENTITY_TYPES = (PERS, LOC, ORG, MISC)
