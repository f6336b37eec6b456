"""I rules: required information, weekdays, brand message, hashtags, sentences, times."""

from __future__ import annotations

import datetime as dt

from assistant.lint.rules.info import closeness, find_dates, nearest_year
from tests.lint_fixtures import codes, compliant_flyer, run_rule, text_shape


def _set_text(flyer, name, text):
    shape = flyer.shape(name)
    flyer.replace(name, text=text_shape(name, text, (0, 0, 1, 1)).text.model_copy(
        update={"paragraphs": [
            p.model_copy(update={"runs": [r.model_copy(update={
                "size_pt": shape.text.paragraphs[0].runs[0].size_pt}) for r in p.runs]})
            for p in text_shape(name, text, (0, 0, 1, 1)).text.paragraphs]}))
    return flyer


def test_compliant_flyer_has_no_info_findings(guideline):
    flyer = compliant_flyer(guideline)
    for code in ("I001", "I002", "I003", "I004", "I005", "I006", "I007"):
        assert run_rule(code, flyer, guideline) == [], code


def test_missing_venue_and_contact(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：2026年8月1日（土）午後6時から\n主催：北上市")
    flyer.remove("Contact")
    messages = [f.message for f in run_rule("I001", flyer, guideline)]
    assert len(messages) == 2
    assert "会場" in messages[0] and "問い合わせ" in messages[1]


def test_contact_label_without_phone_or_mail_is_missing(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Contact", "お問い合わせ：都市プロモーション課")
    assert codes(run_rule("I001", flyer, guideline)) == ["I001"]
    flyer = _set_text(flyer, "Contact", "お問い合わせ：promo@city.kitakami.iwate.jp")
    assert run_rule("I001", flyer, guideline) == []


def test_missing_title_and_date(guideline):
    flyer = _set_text(compliant_flyer(guideline).remove("Title"), "Details",
                      "会場：北上市役所\n主催：北上市")
    assert len(run_rule("I001", flyer, guideline)) == 2


def test_wrong_weekday(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：2026年7月18日（金）\n会場：北上市役所\n主催：北上市")
    findings = run_rule("I002", flyer, guideline)
    assert codes(findings) == ["I002"] and "土曜日" in findings[0].message


def test_range_carries_the_month(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：2026年8月1日（土）～2日（日）\n会場：北上市役所\n主催：北上市")
    assert run_rule("I002", flyer, guideline) == []
    flyer = _set_text(flyer, "Details",
                      "日時：2026年8月1日（土）～2日（月）\n会場：北上市役所\n主催：北上市")
    assert codes(run_rule("I002", flyer, guideline)) == ["I002"]


def test_full_width_digits_and_reiwa(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：令和８年８月１日（金）\n会場：北上市役所\n主催：北上市")
    assert codes(run_rule("I002", flyer, guideline)) == ["I002"]  # 2026-08-01 is a Saturday


def test_impossible_date(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：2026年2月30日（月）\n会場：北上市役所\n主催：北上市")
    assert codes(run_rule("I002", flyer, guideline)) == ["I002"]


def test_nearest_year_for_a_date_without_year():
    assert nearest_year(1, 10, dt.date(2026, 12, 20)) == 2027
    assert nearest_year(11, 30, dt.date(2026, 12, 20)) == 2026
    assert nearest_year(2, 29, dt.date(2027, 3, 1)) == 2028


def test_dates_without_year_use_the_nearest_year(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details", "1月10日（日）")
    dates = find_dates(flyer.deck(), today=dt.date(2026, 12, 20))
    assert [d.date for d in dates] == [dt.date(2027, 1, 10)]


def test_date_without_weekday(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：2026年8月1日 午後6時から\n会場：北上市役所\n主催：北上市")
    findings = run_rule("I003", flyer, guideline)
    assert codes(findings) == ["I003"] and "土曜日" in findings[0].message


def test_counts_of_days_are_not_dates(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Body", "3日間のおまつりです。")
    assert run_rule("I003", flyer, guideline) == []


def test_misspelt_and_missing_brand_message(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Brand",
                      "KitaComing! ～やっぱり北上だね～ #やっぱり北上だよね #KitaComing")
    findings = run_rule("I004", flyer, guideline)
    assert codes(findings) == ["I004"] and "正しくは" in findings[0].message
    assert "やっぱり北上だね" in findings[0].message
    flyer = _set_text(flyer, "Brand", "#やっぱり北上だよね #KitaComing")
    findings = run_rule("I004", flyer, guideline)
    assert codes(findings) == ["I004"] and "ありません" in findings[0].message


def test_misspelt_hashtags(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Brand",
                      "～やっぱり北上だよ～ #やっぱり北上だよ #Kitacoming")
    messages = [f.message for f in run_rule("I005", flyer, guideline)]
    assert len(messages) == 2
    assert "#やっぱり北上だよ」" in messages[0] and "#Kitacoming" in messages[1]


def test_missing_hashtag(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Brand", "～やっぱり北上だよ～ #KitaComing")
    findings = run_rule("I005", flyer, guideline)
    assert codes(findings) == ["I005"] and "ありません" in findings[0].message


def test_closeness():
    assert closeness("#KitaComing", "#KitaComing") == 0
    assert closeness("#Kitacoming", "#KitaComing") < closeness("#Hanabi", "#KitaComing")


def test_long_sentence(guideline):
    limit = guideline.wording.sentence_length.max_chars
    flyer = _set_text(compliant_flyer(guideline), "Body", "あ" * (limit + 1) + "。短い文。")
    assert codes(run_rule("I006", flyer, guideline)) == ["I006"]
    flyer = _set_text(flyer, "Body", "あ" * limit + "。短い文。")
    assert run_rule("I006", flyer, guideline) == []


def test_24_hour_times(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：2026年8月1日（土）14:00～\n会場：北上市役所\n主催：北上市")
    findings = run_rule("I007", flyer, guideline)
    assert codes(findings) == ["I007"] and "14:00" in findings[0].message
    flyer = _set_text(flyer, "Details", "受付 9：30～　18時まで")
    assert "9:30" in run_rule("I007", flyer, guideline)[0].message


def test_holiday_mark_and_slash_dates(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：2026年7月20日（月・祝）\n会場：北上市役所\n主催：北上市")
    assert run_rule("I003", flyer, guideline) == []
    assert run_rule("I002", flyer, guideline) == []
    flyer = _set_text(flyer, "Body", "2026/8/1(金) と 8/2(日)。1/2 は分数です。")
    found = [m.text for m in find_dates(flyer.deck()) if m.weekday]
    assert "2026/8/1(金)" in found and "8/2(日)" in found
    assert codes(run_rule("I002", flyer, guideline)) == ["I002"]  # 8/1 is a Saturday


def test_phone_in_brackets_counts_as_contact(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Contact", "お問い合わせ：都市プロモーション課 0197（64）2111")
    assert run_rule("I001", flyer, guideline) == []


def test_a_year_written_elsewhere_applies(guideline):
    flyer = _set_text(compliant_flyer(guideline), "Details",
                      "日時：8月1日（土）\n会場：北上市役所\n主催：北上市\n2026年6月発行")
    dates = find_dates(flyer.deck(), today=dt.date(2030, 1, 1))
    assert dates[0].date == dt.date(2026, 8, 1)


def test_brand_search_in_a_long_text_is_fast(guideline):
    import time

    from assistant.lint.rules.info import NEAR_MISS_RATIO, closest_window

    text = "北上市のおしらせです。" * 3000 + "やっぱり北上だね"
    started = time.perf_counter()
    window, distance = closest_window(text, guideline.brand.message)
    assert window == "やっぱり北上だね" and distance <= NEAR_MISS_RATIO
    assert time.perf_counter() - started < 5
