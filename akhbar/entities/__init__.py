"""Named entities of Arabic news articles, in rooms by job.

* ``document``: what production runs on each article (``recognize_document``): the tagger's
  names as document evidence, consistent labels, short forms linked to full names.
* ``names``: canonical match keys (``name_norm``) and display forms.
* ``scan``: the per-word analysis and gazetteer matching both of the above share.
* ``rules``: the pattern rules (``recognize``), the fallback when the tagger is off, kept for the
  evaluation (``akhbar.ner.pipeline_eval``) that compares and ablates them.

``Mention``, ``recognize``, ``recognize_document`` and ``name_norm`` are the stable API.
"""

from akhbar.entities.document import DocMention, DocumentEntities, recognize_document
from akhbar.entities.names import name_norm
from akhbar.entities.rules import _RULES, recognize
from akhbar.entities.scan import Mention, _Word
from akhbar.text.morphology import ENTITY_TYPES, LOC, MISC, ORG, PERS

__all__ = [
    "ENTITY_TYPES", "LOC", "MISC", "ORG", "PERS", "DocMention", "DocumentEntities", "Mention",
    "name_norm", "recognize", "recognize_document",
]
# _RULES (the rules in force) and _Word are re-exported for the evaluation and the tests.
_RULES = _RULES
_Word = _Word
