"""Arabic function words: a phrase never starts or ends with one.

Prepositions, conjunctions, particles, pronouns, demonstratives and relatives, auxiliaries
(كان and its sisters) and reporting verbs. Content words that are merely frequent (``المملكة``)
do not belong here: keyword scoring sinks them by document frequency.

Listed in their usual spelling; membership is tested on match keys, so hamza, alef maksura and
ta marbuta variants of each word are covered by one entry.
"""

from __future__ import annotations

from akhbar.text.normalize import match_key

_FUNCTION_WORDS = """
في فى من إلى الى إلي على علي عن مع بين حتى منذ عند لدى لدي نحو خلال قبل بعد فوق تحت أمام خلف حول دون ضد
عبر لكن لكنه لكنها بل أو أم ثم إذ إذا اذا إن أن ان انه أنه أنها إنه إنها لأن كأن ليت لعل
لا لم لن ما ماذا لماذا كيف متى أين هل قد لقد سوف كان كانت يكون تكون كانوا يكونوا ليس ليست
هذا هذه ذلك تلك هؤلاء أولئك هنا هناك هو هي هم هن هما أنت أنا نحن أنتم الذي التي الذين اللذين اللتين اللواتي
كل بعض غير أي أيضا أيضاً جدا فقط كما مما عما فيما بينما حيث حين عندما كلما لما إلا الا سوى
وقد وفي ومن وعلى وإلى وعن ومع وأن وإن ولا ولم ولن وما وهو وهي وهم وكان وكانت وهذا وهذه وذلك وكل
فيه فيها منه منها عليه عليها إليه إليها اليه عنه عنها به بها له لها لهم لهن لنا لك بهم فيهم منهم عليهم
يوم اليوم أمس امس غدا الآن حاليا عام العام خلال ضمن إطار اطار وفق وفقا حسب بحسب نحو أكثر أقل أكثر
قال وقال قالت وقالت أكد وأكد أكدت وأكدت أشار وأشار أشارت وأضاف أضاف أضافت وأوضح أوضح أوضحت
تم يتم وتم تمت كذلك لذلك ذات ذو عدة عدد أحد إحدى احد جميع عبر أيضًا بأن بأنه بأنها لأنه لأنها
ثمة يمكن مثل ومثل بعدما قبلما إثر اثر لدى بشأن حول تجاه أمام وراء لذا إذن
إنما أنما كي لكي كيلا لئلا أما إما ألا لولا لو لئن حينما كأنما مهما أينما حيثما كيفما طالما ربما
إنني أنني إني أني إننا أننا إنهم أنهم إنهن أنهن إنك أنك لست لسنا ليسوا
هذان هذين هاتان هاتين ذاك اللذان اللتان اللاتي اللائي
لديه لديها لديهم عنده عندها عندهم معه معها معهم بينهم بينها بينه لهما بهما منهما عنهما فيهما عليهما
نفسه نفسها أنفسهم ذاته ذاتها سواء إزاء لدن مذ ريثما عدا كلا كلتا كلاهما كليهما أيها يا
أصبح أصبحت ظل ظلت صار صارت مازال مازالت يزال تزال لايزال لاتزال سيتم
بسبب جراء نفس بمناسبة
""".split()

STOPWORDS: frozenset[str] = frozenset(match_key(w) for w in _FUNCTION_WORDS)
"""Match keys of Arabic function words."""


def is_stopword(word: str) -> bool:
    """True if ``word`` (any spelling) is an Arabic function word."""
    return match_key(word) in STOPWORDS
