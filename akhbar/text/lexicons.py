"""Closed word lists for rule-based entity recognition and tag segmentation.

Entries are written in their usual spelling; every set holds *match keys* (see
``akhbar.text.normalize.match_key``), so hamza, alef maksura and ta marbuta variants of an entry
are covered by one line. Multi-word entries are stored as space-joined keys.

``FIRST_NAMES`` is the hand list below plus, when present, the committed file
``data/first_names_anercorp.txt`` produced by ``build_anercorp_first_names`` (run once, offline).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from akhbar.text.normalize import match_key
from akhbar.text.stopwords import STOPWORDS

DATA_DIR = Path(__file__).with_name("data")
ANERCORP_NAMES_FILE = DATA_DIR / "first_names_anercorp.txt"

ARTICLE = "\u0627\u0644"  # ال
# Nisba endings on a match key: -ي (masculine) and -يه (feminine, ta marbuta folded to ha).
NISBA_SUFFIXES = ("\u064a\u0647", "\u064a")


def _keys(block: str, sep: str = "\n") -> frozenset[str]:
    """Match keys of the entries of a block: one entry per line (or per word with ``sep=None``)."""
    entries = block.split(sep) if sep else block.split()
    return frozenset(k for k in (match_key(e) for e in entries) if k)


# --- given names ------------------------------------------------------------------------------

# Arabic given names (male and female) and foreign given names as Arabic news transliterates
# them. One word each: compounds with عبد are produced by a rule (عبد + the next word).
_FIRST_NAMES = """
محمد أحمد محمود مصطفى علي عمر عثمان حسن حسين إبراهيم إسماعيل يوسف يحيى يونس موسى عيسى داود سليمان
خالد وليد سعيد سعد سعود فيصل فهد سلمان سلطان تركي بندر نايف مشعل منصور ناصر نصر جمال كمال عادل
عماد إياد زياد رياض رائد ماجد مجدي حمدي رشيد راشد حامد حمد حمدان زايد طارق طلال هشام هاني هادي
سامي سامر سمير منير نبيل نجيب نزار نضال نادر نديم وائل باسل باسم بسام حسام عصام هيثم أيمن أنور
أسامة أشرف أكرم إيهاب بشار بشير جلال جعفر جواد حازم حاتم حمزة خليل خليفة رامي رضا زكريا زكي
سالم سليم شريف شوقي صالح صلاح صابر صادق صبري ضياء طه طلعت عاطف عبيد عدنان عزت عزيز علاء عمار عمرو
عوض غازي غسان فادي فارس فاروق فتحي فراس فريد فؤاد قاسم كريم لؤي لطفي مازن مأمون مجيد مدحت مراد
مروان مسعود معاذ معتز مهدي مؤيد نبيه نعيم نوري هاشم همام وجدي وحيد وسيم ياسر ياسين يزيد إدريس أنس
بلال توفيق ثامر جاسم جابر حافظ حيدر خضر داوود رجب سعدي سيف شادي شاكر شكري صفوان طاهر
عارف عامر عباس عبود عزمي عصمت عفيف فايز فوزي قيس لبيب ماهر مختار مرتضى مصعب معمر منذر مهند
ميشال ميشيل نجم نوفل هيثم وفيق يعقوب أديب أسعد إلياس جبران جورج سمعان بطرس حنا
فاطمة عائشة خديجة مريم زينب آمنة سارة هدى هند ليلى سلمى نادية منى رانيا ريم رنا دينا نوال
سعاد سميرة سهام سهير عبير علياء غادة فدوى لمياء لينا مها نجلاء نسرين هالة هبة وفاء ياسمين إلهام
إيمان بثينة حنان رشا رحاب سناء شيماء صفاء عفاف فايزة لبنى مي ميسون نهى نيفين هيفاء
دميتري فلاديمير سيرغي سيرجي سيرغيه ميخائيل ألكسندر أليكسي أندريه إيغور يفغيني نيكولاي بوريس أناتولي
غينادي ماريا يوري فيكتور فاليري فياتشيسلاف إلهام نيكول أرارات روبرت سيرج ليفون
إيمانويل فرانسوا نيكولا جاك شارل ماري مارين جان بيير فيليب ميشيل دومينيك لوران برونو
جو دونالد باراك جورج بيل هيلاري جون جيمس مايك مايكل روبرت ريتشارد أنتوني توني كامالا نانسي ماركو
ريكس مارك بيتر بول ديفيد ستيفن تشارلز وليام ويليام هنري إدوارد بوريس تيريزا ليز ريشي كير ديفيد
أنطونيو أنجيلا أولاف فرانك هانز هيلموت غيرهارد أورسولا جوزيب جوزيف خوسيه خوان كارلوس بيدرو ماريانو
ماتيو سيلفيو رينزي جوزيبي رجب أحمدي إبراهيم حسن محمد جواد علي مسعود نوري
بنيامين يائير نفتالي إيهود أرييل شمعون إسحاق غادي بيني يوآف إيتمار بتسلئيل أفيغدور
كيم جاستن شينزو فوميو ناريندرا عمران شهباز نواز أشرف حامد
فولوديمير بيترو فيكتوريا لويد أنالينا ستولتنبرغ ينس أنطونيو جوزيب كريستين شارل
"""

# Words that introduce the rest of a compound or genealogical name (عبد الله، أبو بكر، ابن سلمان).
NAME_CONNECTORS = _keys("عبد أبو أبي أبا بن ابن بنت آل أم", sep=None)
# The first half of compound given names: عبد + the next word is one given name.
COMPOUND_NAME_HEADS = _keys("عبد", sep=None)
# Words glued without a space into one given name in some spellings (عبدالله, عبدالرحمن).
_GLUED_COMPOUNDS = _keys(
    "عبدالله عبدالرحمن عبدالعزيز عبدالحميد عبدالسلام عبدالكريم عبدالرحيم عبدالمجيد عبدالفتاح "
    "عبدالقادر عبدالناصر عبداللطيف عبدالحليم عبدالوهاب عبدالإله عبدالرزاق عبدالمنعم",
    sep=None,
)

_HAND_NAMES = _keys(_FIRST_NAMES, sep=None) | _GLUED_COMPOUNDS


# --- titles, organisations, places ------------------------------------------------------------

# Titles that precede a person's name ("السكرتير الصحفي للرئيس الروسي، دميتري بيسكوف").
PERSON_TITLES = _keys(
    """
شيخ الرئيس رئيس الرئيسة رئيسة نائب وزير وزيرة الوزير الوزيرة الأمير أمير الأميرة الملك ملك الملكة
الشيخ الشيخة السلطان سلطان الإمام المرشد البابا الكاردينال المطران الجنرال اللواء العميد العقيد
الفريق المشير العماد النقيب الرائد المقدم القاضي المستشار المستشارة السفير السفيرة المبعوث
المتحدث المتحدثة الناطق الناطقة السكرتير السكرتيرة الأمين السيد السيدة الدكتور الدكتورة المهندس
الحاخام النائب النائبة المدير المديرة المحافظ الحاكم رئيسا نائبا المندوب المندوبة الزعيم زعيم مستشارا سفيرا وزيرا أمينا
""",
    sep=None,
)
# Multi-word titles: the word pairs that open them.
MULTIWORD_TITLES = _keys(
    """
السكرتير الصحفي
السكرتير الصحافي
المتحدث الرسمي
المتحدث باسم
الناطق باسم
الأمين العام
ولي العهد
رئيس الوزراء
رئيس الحكومة
"""
)

# Nouns that head an organisation's name; the name is the head plus its idafa chain.
ORG_HEADS = _keys(
    """
وزارة قوات القوات جيش الجيش شركة الشركة جامعة الجامعة حزب الحزب مجلس المجلس منظمة المنظمة هيئة الهيئة
جهاز الجهاز وكالة الوكالة اتحاد الاتحاد بنك البنك مصرف المصرف صندوق الصندوق لجنة اللجنة حركة الحركة
جمعية الجمعية محكمة المحكمة مؤسسة المؤسسة مديرية المديرية
معهد المعهد أكاديمية الأكاديمية نادي النادي تحالف التحالف جبهة الجبهة كتائب الكتائب ألوية فيلق
شرطة الشرطة حرس الحرس الحكومة حكومة برلمان البرلمان السلطة رابطة الرابطة نقابة النقابة
بورصة البورصة مستشفى المستشفى صحيفة الصحيفة قناة القناة مفوضية المفوضية
ديوان الديوان أمانة الأمانة جماعة الجماعة ميليشيا
""",
    sep=None,
)
# Complete organisation names that carry no head noun.
ORG_NAMES = _keys(
    """
الأمم المتحدة
الاتحاد الأوروبي
الاتحاد الأفريقي
الجامعة العربية
جامعة الدول العربية
حلف شمال الأطلسي
الناتو
ناتو
الكرملين
البنتاغون
البيت الأبيض
الإليزيه
الكنيست
الكونغرس
حماس
حزب الله
داعش
طالبان
الحوثيين
اليونسكو
اليونيسف
أوبك
الفيفا
الإنتربول
رويترز
تاس
نوفوستي
غازبروم
أرامكو
"""
)

# Countries, capitals, major cities and regions.
LOCATIONS = _keys(
    """
روسيا
موسكو
سانت بطرسبرغ
أذربيجان
باكو
أرمينيا
يريفان
قره باغ
ناغورني قره باغ
ستيباناكيرت
جورجيا
تبليسي
أوكرانيا
كييف
كييف
خاركيف
أوديسا
دونيتسك
لوغانسك
دونباس
القرم
ماريوبول
بيلاروسيا
مينسك
كازاخستان
أستانا
ألماتي
أوزبكستان
طشقند
تركمانستان
عشق آباد
قرغيزستان
بيشكك
طاجيكستان
دوشنبه
مولدوفا
كيشيناو
الشيشان
غروزني
داغستان
سيبيريا
تركيا
أنقرة
إسطنبول
اسطنبول
إزمير
إيران
طهران
أصفهان
تبريز
العراق
بغداد
البصرة
الموصل
أربيل
كردستان
النجف
كربلاء
كركوك
الأنبار
الفلوجة
سوريا
سورية
دمشق
حلب
حمص
حماة
إدلب
اللاذقية
طرطوس
دير الزور
الرقة
درعا
الجولان
لبنان
بيروت
طرابلس
صيدا
بعلبك
الأردن
عمان
إربد
العقبة
فلسطين
القدس
غزة
قطاع غزة
الضفة الغربية
رام الله
نابلس
جنين
الخليل
بيت لحم
أريحا
رفح
خان يونس
إسرائيل
تل أبيب
حيفا
يافا
مصر
القاهرة
الإسكندرية
الجيزة
أسوان
الأقصر
سيناء
بورسعيد
السويس
الإسماعيلية
السودان
الخرطوم
دارفور
أم درمان
بورتسودان
جنوب السودان
جوبا
ليبيا
بنغازي
مصراتة
سبها
درنة
تونس
صفاقس
سوسة
القيروان
الجزائر
وهران
قسنطينة
المغرب
الرباط
الدار البيضاء
مراكش
فاس
طنجة
أغادير
موريتانيا
نواكشوط
السعودية
المملكة العربية السعودية
الرياض
جدة
مكة
مكة المكرمة
المدينة المنورة
الدمام
الطائف
تبوك
أبها
جازان
نجران
القصيم
الأحساء
الإمارات
أبوظبي
أبو ظبي
دبي
الشارقة
عجمان
الفجيرة
رأس الخيمة
قطر
الدوحة
الكويت
البحرين
المنامة
عمان
سلطنة عمان
مسقط
صلالة
اليمن
صنعاء
عدن
تعز
الحديدة
مأرب
حضرموت
الصومال
مقديشو
جيبوتي
إريتريا
أسمرة
إثيوبيا
أديس أبابا
كينيا
نيروبي
نيجيريا
أبوجا
لاغوس
تشاد
إنجامينا
باماكو
النيجر
نيامي
السنغال
داكار
غانا
جنوب أفريقيا
جوهانسبرغ
الكونغو
أوغندا
تنزانيا
رواندا
أفريقيا
إفريقيا
أوروبا
آسيا
أمريكا
أميركا
الولايات المتحدة
واشنطن
نيويورك
كاليفورنيا
تكساس
فلوريدا
شيكاغو
لوس أنجلوس
كندا
أوتاوا
تورونتو
المكسيك
البرازيل
برازيليا
الأرجنتين
بوينس آيرس
فنزويلا
كاراكاس
كولومبيا
تشيلي
بيرو
كوبا
هافانا
بريطانيا
المملكة المتحدة
إنجلترا
إنكلترا
لندن
مانشستر
اسكتلندا
أيرلندا
دبلن
فرنسا
باريس
مرسيليا
ليون
ألمانيا
برلين
ميونخ
فرانكفورت
هامبورغ
إيطاليا
روما
ميلانو
إسبانيا
مدريد
برشلونة
البرتغال
لشبونة
هولندا
أمستردام
لاهاي
بلجيكا
بروكسل
سويسرا
جنيف
زيورخ
برن
النمسا
فيينا
السويد
ستوكهولم
النرويج
أوسلو
الدنمارك
كوبنهاغن
فنلندا
هلسنكي
بولندا
وارسو
المجر
بودابست
التشيك
براغ
رومانيا
بوخارست
بلغاريا
صوفيا
صربيا
بلغراد
كوسوفو
البوسنة
سراييفو
اليونان
أثينا
قبرص
نيقوسيا
مالطا
الصين
بكين
شنغهاي
هونغ كونغ
تايوان
اليابان
طوكيو
كوريا
كوريا الجنوبية
كوريا الشمالية
سيول
بيونغ يانغ
الهند
نيودلهي
مومباي
كشمير
باكستان
إسلام آباد
كراتشي
لاهور
أفغانستان
كابول
قندهار
بنغلاديش
دكا
إندونيسيا
جاكرتا
ماليزيا
كوالالمبور
سنغافورة
الفلبين
مانيلا
تايلاند
بانكوك
فيتنام
هانوي
ميانمار
أستراليا
سيدني
كانبيرا
نيوزيلندا
الخليج
البحر الأحمر
البحر الأسود
البحر المتوسط
القوقاز
البلقان
"""
)

# Demonym stems that are not place names in LOCATIONS (عرب -> العربي, خليج -> الخليجي).
_DEMONYM_STEMS = _keys("عرب أرمن كرد أكراد غرب فرنج أمريك أوروب إسرائيل", sep=None)

# Nouns after which the next word names a place ("إقليم قره باغ", "ستيباناكيرت (عاصمة").
# (Not ولاية: "ولاية العهد" is the crown princeship.)
LOCATION_CONTEXT = _keys("عاصمة العاصمة مدينة إقليم محافظة بلدة قرية جزيرة", sep=None)
# Generic place nouns that follow those context words without being names ("عاصمة الإقليم").
GENERIC_PLACE_NOUNS = _keys(
    "الإقليم البلاد الدولة المنطقة المدينة الولاية المحافظة البلدة القرية العالم المنطقة الجزيرة", sep=None
)

# Day and month names: they follow names and organisations in dates, never belong to them.
TIME_WORDS = _keys(
    """
اليوم الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت أمس غدا الماضي المقبل الجاري الحالي
يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين صباح مساء
""",
    sep=None,
)

# Ordinals and other words that follow a title or name without being one ("الفريق أول").
NON_NAME_WORDS = _keys("أول أولى الأول آخر ثاني الثاني سابق السابق الأسبق جديد الجديد", sep=None)

# Reporting and other frequent verbs that directly follow a name ("أحمد يقول", "بوتين أعلن").
COMMON_VERBS = _keys(
    """
يقول تقول قال قالت أعلن أعلنت يعلن تعلن أكد أكدت يؤكد تؤكد أوضح أوضحت صرح صرحت ذكر ذكرت أضاف أضافت
اعتبر اعتبرت شدد شددت دعا دعت يدعو طالب طالبت التقى التقت يلتقي استقبل استقبلت بحث بحثت وصل وصلت
زار زارت يزور غادر غادرت وقع وقعت أشاد أشادت رأى رأت يرى أفاد أفادت كشف كشفت نفى نفت هدد هددت
أمر أصدر أصدرت قرر قررت أجرى أجرت ألقى ألقت لفت لفتت أشار أشارت حذر حذرت اتهم اتهمت يطالبون
""",
    sep=None,
)


# --- rules ------------------------------------------------------------------------------------


def _with_anercorp(names: frozenset[str]) -> frozenset[str]:
    """Add the committed ANERcorp-derived names (one per line, ``#`` comments) when present."""
    if not ANERCORP_NAMES_FILE.exists():
        return names
    lines = ANERCORP_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    extra = {match_key(line) for line in lines if line.strip() and not line.startswith("#")}
    return names | frozenset(extra)


# Given names that are also frequent common words ("نجاح العملية", "أمل كبير"): never names here.
AMBIGUOUS_NAMES = _keys(
    "كامل حياة أمل نجاح نور أمين مالك رفيق حبيب جميلة رمضان أكبر شي لي قوة نجم آية", sep=None
)

# Given names that are also everyday nouns (عمر "age", جمال "beauty"): followed by a definite noun
# they are the noun (عمر السيارات، جمال المدينة), so the recognizer does not start a name there.
COMMON_WORD_NAMES = _keys("عمر جمال سعيد عادل كريم", sep=None)

FIRST_NAMES: frozenset[str] = (
    _with_anercorp(_keys(_FIRST_NAMES, sep=None) | _GLUED_COMPOUNDS) - AMBIGUOUS_NAMES
)
"""Match keys of given names (hand list, glued عبد compounds, ANERcorp-derived names)."""


@lru_cache(maxsize=1 << 14)
def nationality_location(key: str) -> str | None:
    """The place a definite nisba adjective refers to, or None: ``الروسيه`` -> ``روسيا``.

    The adjective is ال + stem + ي/يه where the stem is a known place with its final ا/يا
    dropped or an ال-place (``العراقي`` -> ``العراق``), or a demonym stem (``العربيه``).
    """
    if not key.startswith(ARTICLE) or " " in key:
        return None
    body = key[len(ARTICLE) :]
    for suffix in NISBA_SUFFIXES:
        if body.endswith(suffix) and len(body) - len(suffix) >= 2:
            stem = body[: -len(suffix)]
            for place in (stem, stem + "\u0627", stem + "\u064a\u0627", ARTICLE + stem, ARTICLE + stem + "\u064a\u0647"):
                if place in LOCATIONS:
                    return place
            if stem in _DEMONYM_STEMS:
                return stem
    return None


def is_nationality_adj(word: str) -> bool:
    """True for definite nationality adjectives: ``الروسية``, ``الأذربيجانية``, ``الليبي``."""
    return nationality_location(match_key(word)) is not None


# --- ANERcorp augmentation (offline, run once) ------------------------------------------------

_CLITIC_LETTERS = "\u0648\u0644\u0628\u0641"  # و ل ب ف
MIN_NAME_LETTERS = 3


def anercorp_first_names(lines: Iterable[str]) -> list[str]:
    """Given names from CoNLL ``token TAG`` lines: first tokens of multi-token B-PERS spans.

    Kept only where the evidence says "name": the token is tagged as a person's first token more
    often than it appears outside entities (drops ``صباح``, ``سهل``), is at least three letters,
    is Arabic script, is no function word, title or name connector, and is not a clitic-glued
    copy of another candidate (``ومحمد``).
    """
    rows = [line.rsplit(" ", 1) for line in lines if " " in line.strip()]
    as_first: Counter[str] = Counter()
    as_other: Counter[str] = Counter()
    for i, (token, tag) in enumerate(rows):
        if tag == "B-PERS" and i + 1 < len(rows) and rows[i + 1][1] == "I-PERS":
            as_first[token] += 1
        elif tag == "O":
            as_other[token] += 1
    stop = STOPWORDS | PERSON_TITLES | NAME_CONNECTORS | ORG_HEADS | LOCATIONS | AMBIGUOUS_NAMES
    keys = {match_key(t) for t in as_first}
    names = set()
    for token, count in as_first.items():
        key = match_key(token)
        if count <= as_other[token] or len(key) < MIN_NAME_LETTERS or key in stop:
            continue
        if not all("\u0621" <= ch <= "\u064a" for ch in key):
            continue
        if key.startswith(ARTICLE) or (key[0] in _CLITIC_LETTERS and key[1:] in keys | _HAND_NAMES):
            continue
        names.add(token)
    return sorted(names)


def build_anercorp_first_names(train_path: Path, out_path: Path = ANERCORP_NAMES_FILE) -> int:
    """Write ``anercorp_first_names`` of an ANERcorp training split to ``out_path``; return the count."""
    names = anercorp_first_names(train_path.read_text(encoding="utf-8").splitlines())
    header = (
        "# Given names derived from ANERcorp (CAMeL Lab train split, train.txt) by\n"
        "# akhbar.text.lexicons.build_anercorp_first_names: first tokens of multi-token B-PERS spans,\n"
        "# kept when tagged B-PERS more often than O, Arabic script, >= 3 letters, not a function word,\n"
        "# title, connector, organisation head, place or ambiguous common word, not ال-initial, and not a\n"
        "# clitic-glued copy of another name (ومحمد).\n"
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(header + "".join(n + "\n" for n in names), encoding="utf-8")
    return len(names)


if __name__ == "__main__":  # pragma: no cover - one-off data build
    import sys

    print(build_anercorp_first_names(Path(sys.argv[1])))
