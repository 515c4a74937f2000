"""Corpus-level linking rules (akhbar.entities.linking), with real Arabic, positive and negative."""

import pytest

from akhbar.entities import linking as lk
from akhbar.entities.countries import country_forms
from akhbar.entities.places import places_named
from akhbar.text.normalize import match_key


def k(text: str) -> str:
    return match_key(text)


def resolve(*names: tuple[str, str, int]) -> dict[str, tuple[str, str, str]]:
    """name -> (type, resolved display key, method) for a set of (name, type, mentions)."""
    aliases = [lk.Alias(f"a{i}", k(name), etype, n) for i, (name, etype, n) in enumerate(names)]
    links = {link.alias_id: link for link in lk.resolve_aliases(aliases)}
    return {name: (links[f"a{i}"].entity_type, links[f"a{i}"].key, links[f"a{i}"].method) for i, (name, _, _) in enumerate(names)}


@pytest.mark.parametrize(
    "apart, glued",
    [("عبد الله صالح", "عبدالله صالح"), ("عبد الملك الحوثي", "عبدالملك الحوثي"), ("أبو بكر البغدادي", "أبوبكر البغدادي")],
)
def test_spacing_variants_of_compound_names_are_one(apart, glued):
    assert lk.glue_compounds(k(apart)) == lk.glue_compounds(k(glued))
    out = resolve((apart, "PERS", 56), (glued, "PERS", 107))
    assert out[apart][:2] == out[glued][:2]
    assert out[apart][2] == "spacing"


def test_glue_leaves_a_lone_connector():
    assert lk.glue_compounds(k("عبد")) == k("عبد")


def test_long_and_short_genealogical_names_are_one_person():
    out = resolve(("سلمان بن عبدالعزيز آل سعود", "PERS", 665), ("سلمان بن عبدالعزيز", "PERS", 552))
    assert out["سلمان بن عبدالعزيز"] == ("PERS", k("سلمان بن عبدالعزيز آل سعود"), "long_name")
    out = resolve(("محمد بن سلمان بن عبدالعزيز", "PERS", 50), ("محمد بن سلمان", "PERS", 300))
    assert out["محمد بن سلمان"][1] == k("محمد بن سلمان بن عبدالعزيز")


def test_a_short_name_two_long_forms_disagree_on_stays_apart():
    out = resolve(
        ("محمد بن نايف بن عبدالعزيز", "PERS", 40), ("محمد بن نايف بن أحمد", "PERS", 5), ("محمد بن نايف", "PERS", 90)
    )
    assert out["محمد بن نايف"] == ("PERS", k("محمد بن نايف"), "self")


def test_a_rare_partial_long_form_does_not_make_the_short_form_ambiguous():
    # Counts of the full SaudiNewsNet corpus: the partial form once beside the king's full name.
    out = resolve(
        ("سلمان بن عبدالعزيز آل سعود", "PERS", 2230), ("سلمان بن عبدالعزيز", "PERS", 1472),
        ("سلمان بن عبدالعزيز بن سلمان", "PERS", 1),
    )
    assert out["سلمان بن عبدالعزيز"] == ("PERS", k("سلمان بن عبدالعزيز آل سعود"), "long_name")
    assert out["سلمان بن عبدالعزيز بن سلمان"][1] == k("سلمان بن عبدالعزيز بن سلمان")


def test_ibn_inside_a_chain_is_bin():
    out = resolve(
        ("محمد بن سلمان بن عبدالعزيز", "PERS", 439), ("محمد بن سلمان ابن عبدالعزيز", "PERS", 1),
        ("محمد بن سلمان", "PERS", 399),
    )
    assert out["محمد بن سلمان"][1] == out["محمد بن سلمان بن عبدالعزيز"][1] == k("محمد بن سلمان بن عبدالعزيز")
    assert lk.compatible(tuple(k("محمد بن سلمان ابن عبدالعزيز").split()), tuple(k("محمد بن سلمان بن عبدالعزيز").split()))


def test_a_short_name_goes_to_its_most_frequent_long_form_not_the_longest():
    out = resolve(
        ("محمد بن نايف بن عبدالعزيز", "PERS", 422), ("محمد بن نايف بن عبدالعزيز آل سعود", "PERS", 107),
        ("محمد بن نايف بن عبدالعزيز بن عبدالرحمن", "PERS", 1), ("محمد بن نايف", "PERS", 292),
    )
    full = k("محمد بن نايف بن عبدالعزيز آل سعود")
    assert out["محمد بن نايف"][1] == out["محمد بن نايف بن عبدالعزيز"][1] == full


def test_a_short_name_two_well_attested_people_share_stays_apart():
    out = resolve(
        ("خالد بن فيصل بن عبدالعزيز", "PERS", 300), ("خالد بن فيصل بن تركي", "PERS", 40), ("خالد بن فيصل", "PERS", 120)
    )
    assert out["خالد بن فيصل"] == ("PERS", k("خالد بن فيصل"), "self")


def test_a_short_name_with_too_few_long_mentions_stays_apart():
    out = resolve(("فهد بن خالد", "PERS", 62), ("فهد بن خالد بن سلطان", "PERS", 2))
    assert out["فهد بن خالد"] == ("PERS", k("فهد بن خالد"), "self")


def test_a_family_name_as_frequent_as_its_prefix_is_a_name_of_its_own():
    # محمد بن عبدالعزيز الصفيان is one man, not محمد بن عبدالعزيز with a word run past it.
    out = resolve(("محمد بن عبدالعزيز", "PERS", 55), ("محمد بن عبدالعزيز الصفيان", "PERS", 54))
    assert out["محمد بن عبدالعزيز الصفيان"] == ("PERS", k("محمد بن عبدالعزيز الصفيان"), "self")
    # ... while a word the tagger ran past a far more frequent name is cut off.
    out = resolve(("محمد بن سلمان", "PERS", 399), ("محمد بن سلمان للقاهرة", "PERS", 4))
    assert out["محمد بن سلمان للقاهرة"][:2] == ("PERS", k("محمد بن سلمان"))


def test_a_name_the_tagger_ran_past_is_the_name_it_starts_with():
    out = resolve(
        ("سلمان بن عبدالعزيز آل سعود", "PERS", 234), ("سلمان بن عبدالعزيز", "PERS", 229),
        ("سلمان بن عبدالعزيز آل سعود برقية", "PERS", 19),
    )
    assert out["سلمان بن عبدالعزيز"][:2] == ("PERS", k("سلمان بن عبدالعزيز آل سعود"))
    assert out["سلمان بن عبدالعزيز آل سعود برقية"][:2] == ("PERS", k("سلمان بن عبدالعزيز آل سعود"))
    assert not lk.clean_extension(tuple(k("برقية").split()))
    assert lk.clean_extension(tuple(k("بن عبدالعزيز آل سعود").split()))


def test_a_family_name_alone_links_only_when_one_full_name_dominates():
    out = resolve(("باراك أوباما", "PERS", 79), ("أوباما", "PERS", 37), ("بشار الأسد", "PERS", 39),
                  ("حافظ الأسد", "PERS", 12), ("الأسد", "PERS", 20))
    assert out["أوباما"] == ("PERS", k("باراك أوباما"), "surname")
    assert out["الأسد"][1] == k("الأسد")


def test_a_given_name_alone_is_kept_but_not_a_name():
    for name in ("محمد", "عبد العزيز", "عبدالله"):
        etype, key, method, subtype, _ = lk.alone(lk.Alias("x", k(name), "PERS", 50))
        assert subtype == "given_name" and subtype in lk.GENERIC_SUBTYPES


def test_a_two_word_name_is_not_linked_to_a_longer_one():
    # عبدالله صالح and علي عبدالله صالح are two people; no genealogical chain, no link.
    out = resolve(("عبدالله صالح", "PERS", 100), ("عبدالله صالح الزهراني", "PERS", 3))
    assert out["عبدالله صالح"][1] == k("عبدالله صالح")


def test_country_long_official_forms_are_the_country():
    out = resolve(("السعودية", "LOC", 3581), ("المملكة العربية السعودية", "LOC", 1089), ("الاتحاد الروسي", "LOC", 9))
    assert out["المملكة العربية السعودية"] == ("LOC", k("السعودية"), "country")
    assert out["الاتحاد الروسي"][1] == k("روسيا")
    assert country_forms()[k("السعودية")].alpha_2 == "SA"


def test_an_organisation_typed_country_name_becomes_the_place():
    assert resolve(("المملكة العربية السعودية", "ORG", 4))["المملكة العربية السعودية"][:2] == ("LOC", k("السعودية"))


def test_oman_and_amman_are_not_merged_by_name():
    assert k("عمان") not in country_forms()
    assert places_named(k("عمان")) == ()


def test_clitic_residue_goes_to_the_known_bare_form():
    out = resolve(("جدة", "LOC", 2000), ("بجدة", "LOC", 731), ("وعدنان المعيبد", "PERS", 2), ("عدنان المعيبد", "PERS", 9))
    assert out["بجدة"] == ("LOC", k("جدة"), "clitic")
    assert out["وعدنان المعيبد"][1] == k("عدنان المعيبد")


def test_clitic_like_first_letter_stays_when_the_bare_form_is_unknown_or_rarer():
    out = resolve(("باكو", "LOC", 40), ("بيروت", "LOC", 80), ("وليد", "PERS", 3))
    assert out["باكو"][1] == k("باكو") and out["بيروت"][1] == k("بيروت") and out["وليد"][1] == k("وليد")
    # ليد exists but is rarer than وليد: the rarer form is not the name.
    assert resolve(("وليد", "PERS", 30), ("ليد", "PERS", 2))["وليد"][1] == k("وليد")


def test_clitic_link_keeps_the_type_apart():
    # ندا the person is no target for كندا the country.
    assert resolve(("كندا", "LOC", 50), ("ندا", "PERS", 90))["كندا"][:2] == ("LOC", k("كندا"))


def test_organisation_with_and_without_its_descriptor():
    out = resolve(("حماس", "ORG", 500), ("حركة حماس", "ORG", 120), ("تنظيم داعش", "ORG", 90), ("داعش", "ORG", 900))
    assert out["حركة حماس"] == ("ORG", k("حماس"), "descriptor")
    assert out["تنظيم داعش"][1] == k("داعش")


def test_hezbollah_is_not_allah():
    assert lk.without_descriptor(k("حزب الله")) is None
    out = resolve(("حزب الله", "ORG", 300), ("الله", "ORG", 5))
    assert out["حزب الله"][1] == k("حزب الله")


def test_descriptor_without_a_known_bare_name_stays():
    assert resolve(("حزب الوفد", "ORG", 10))["حزب الوفد"][1] == k("حزب الوفد")


def test_city_and_its_epithet_form():
    out = resolve(("مكة المكرمة", "LOC", 300), ("مكة", "LOC", 200), ("المدينة المنورة", "LOC", 100))
    assert out["مكة المكرمة"] == ("LOC", k("مكة"), "epithet")
    # المدينة alone is "the city": no bare form known, the epithet form stays whole.
    assert out["المدينة المنورة"][1] == k("المدينة المنورة")


def test_not_every_adjective_is_an_epithet():
    assert lk.without_epithet(k("كوريا الشمالية")) is None


@pytest.mark.parametrize("form", ["دولار", "الدولار", "دولارا", "دولارات"])
def test_currency_inflections_are_one_generic_entity(form):
    assert lk.currency_lemma(k(form)) == k("دولار")
    etype, key, method, subtype, _ = lk.alone(lk.Alias("x", k(form), "MISC", 1))
    assert (etype, key, subtype) == ("MISC", k("دولار"), "currency")


def test_religions_and_nationalities_are_flagged_not_dropped():
    assert lk.misc_subtype(k("الإسلام")) == "religion"
    assert lk.misc_subtype(k("السعوديين")) == "nationality"
    assert lk.misc_subtype(k("الروسية")) == "nationality"
    assert lk.misc_subtype(k("كأس العالم")) is None
    assert lk.misc_subtype(k("جائزة نوبل")) is None


def test_titles_standing_for_a_person_are_never_organisations():
    out = resolve(("خادم الحرمين الشريفين", "ORG", 1151), ("ولي العهد", "ORG", 40))
    assert out["خادم الحرمين الشريفين"][:2] == ("PERS", k("خادم الحرمين الشريفين"))
    assert out["ولي العهد"][0] == "PERS"


def test_named_groups_are_organisations():
    assert resolve(("الحوثيين", "PERS", 70))["الحوثيين"][:2] == ("ORG", k("الحوثيين"))


def test_resolution_does_not_depend_on_order():
    names = [("جدة", "LOC", 20), ("بجدة", "LOC", 7), ("سلمان بن عبدالعزيز", "PERS", 5), ("سلمان بن عبدالعزيز آل سعود", "PERS", 6)]
    forward = resolve(*names)
    assert resolve(*reversed(names)) == forward


def test_places_linked_only_where_unambiguous():
    (jeddah,) = places_named(k("جدة"))
    assert jeddah.country_code == "SA" and jeddah.latitude is not None
    assert {p.country_code for p in places_named(k("طرابلس"))} == {"LY", "LB"}


def test_a_person_name_cut_on_bin_is_the_name_before_it():
    assert lk.without_dangling_link(k("عبدالله بن")) == k("عبدالله")
    assert lk.without_dangling_link(k("سلمان بن عبدالعزيز")) == k("سلمان بن عبدالعزيز")
    out = resolve(("عبدالله بن", "PERS", 115))
    assert out["عبدالله بن"] == ("PERS", k("عبدالله"), "fragment")


def test_a_group_named_in_two_cases_is_one_organisation():
    out = resolve(("الحوثيين", "ORG", 2539), ("الحوثيون", "ORG", 505))
    assert out["الحوثيون"] == ("ORG", k("الحوثيين"), "inflection")
    # Not every word in -ون: a three-letter stem is no nisba plural.
    assert lk.group_case(k("الفنون")) == k("الفنون")


def test_a_holy_place_and_its_epithet_form_are_one():
    out = resolve(("المسجد الأقصى", "MISC", 91), ("المسجد الأقصى المبارك", "MISC", 60), ("المسجد النبوي الشريف", "MISC", 48))
    assert out["المسجد الأقصى المبارك"] == ("MISC", k("المسجد الأقصى"), "epithet")
    # No bare form known: the epithet form stays whole.
    assert out["المسجد النبوي الشريف"][1] == k("المسجد النبوي الشريف")


def test_a_two_word_name_links_to_the_one_longer_name_it_shortens():
    out = resolve(("منصور هادي", "PERS", 200), ("عبد ربه منصور هادي", "PERS", 395), ("ناصر منصور هادي", "PERS", 1))
    assert out["منصور هادي"] == ("PERS", k("عبدربه منصور هادي"), "short_name")
    out = resolve(("عادل الجبير", "PERS", 173), ("عادل بن أحمد الجبير", "PERS", 98))
    assert out["عادل الجبير"] == ("PERS", k("عادل بن أحمد الجبير"), "short_name")


def test_a_short_name_far_more_frequent_than_its_longer_forms_is_a_person_of_its_own():
    # خالد الفيصل (the emir of Makkah) is not his son بندر خالد الفيصل.
    out = resolve(("خالد الفيصل", "PERS", 323), ("بندر خالد الفيصل", "PERS", 4))
    assert out["خالد الفيصل"] == ("PERS", k("خالد الفيصل"), "self")


def test_a_short_name_two_longer_names_share_stays_apart():
    out = resolve(("عبدالله صالح", "PERS", 138), ("أحمد علي عبدالله صالح", "PERS", 9), ("علي عبدالله صالح", "PERS", 60),
                  ("محمد عبدالله صالح", "PERS", 40))
    assert out["عبدالله صالح"][1] == k("عبدالله صالح")


def test_a_title_or_adjective_taken_into_a_name_is_not_its_long_form():
    out = resolve(("جيريمي كوربين", "PERS", 14), ("اليساري جيريمي كوربين", "PERS", 39))
    assert out["جيريمي كوربين"][1] == k("جيريمي كوربين")


def test_clitic_residue_on_a_country_form_goes_to_the_country():
    out = resolve(("الولايات المتحدة", "LOC", 2571), ("أمريكا", "LOC", 300), ("بأمريكا", "LOC", 12))
    assert out["بأمريكا"] == ("LOC", k("الولايات المتحدة"), "clitic")


def test_a_short_form_dropping_the_fathers_name_links_even_when_the_press_prefers_it():
    out = resolve(("عادل الجبير", "PERS", 415), ("عادل بن أحمد الجبير", "PERS", 160), ("فهد الجبير", "PERS", 14))
    assert out["عادل الجبير"] == ("PERS", k("عادل بن أحمد الجبير"), "short_name")


def test_curated_variants_and_generic_names():
    out = resolve(("مجلس التعاون", "ORG", 300), ("مجلس التعاون الخليجي", "ORG", 280), ("تنظيم داعش الإرهابي", "ORG", 200))
    assert out["مجلس التعاون الخليجي"] == ("ORG", k("مجلس التعاون"), "variant")
    assert out["تنظيم داعش الإرهابي"][1] == k("داعش")
    assert lk.alone(lk.Alias("x", k("الريال السعودي"), "MISC", 16))[3] == "currency"
    etype, key, method, subtype, _ = lk.alone(lk.Alias("x", k("بطولة العالم"), "MISC", 27))
    assert subtype == "generic" and subtype in lk.GENERIC_SUBTYPES


def test_a_given_name_alone_links_to_the_full_name_it_is_the_family_name_of():
    r = resolve(("هادي", "PERS", 300), ("عبدربه منصور هادي", "PERS", 590), ("مهند هادي", "PERS", 7),
                ("شكري", "PERS", 100), ("سامح شكري", "PERS", 130))
    assert r["هادي"][1:] == (k("عبدربه منصور هادي"), "surname")
    assert r["شكري"][1:] == (k("سامح شكري"), "surname")


def test_a_given_name_stays_alone_after_bin_or_al_or_when_more_frequent_than_the_full_name():
    r = resolve(("سلمان", "PERS", 50), ("محمد بن سلمان", "PERS", 900),
                ("سعود", "PERS", 50), ("سلمان بن عبدالعزيز آل سعود", "PERS", 900),
                ("صالح", "PERS", 1700), ("عبدالله صالح", "PERS", 215))
    assert r["سلمان"][1:] == (k("سلمان"), "self")
    assert r["سعود"][1:] == (k("سعود"), "self")
    assert r["صالح"][1:] == (k("صالح"), "self")
