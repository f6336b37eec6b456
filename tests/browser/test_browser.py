"""A person using the app in a real browser: fill the form, pick a variant, check a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from assistant.guideline import load_guideline
from assistant.lint.api import lint_file
from assistant.lint.rules.logo import LogoMissing
from tests.browser.server import ADMIN_PASSWORD, ADMIN_USER, running_server
from tests.test_web_server import bad_pptx

pytestmark = [pytest.mark.browser, pytest.mark.render, pytest.mark.slow]

TITLE = "北上川　夏の親子自然観察会"


def field(page, key: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#f-{key} textarea, #f-{key} input").first


def test_empty_form_shows_messages_in_place_and_keeps_input(page, shots: Path) -> None:
    field(page, "title").fill(TITLE)
    field(page, "date").fill("2026-02-30")
    page.locator("#make-button").click()
    page.locator("#form-errors").get_by_text("入力を確かめてください").wait_for()
    # the in-place marks come from the validator, a separate request: wait for them
    page.locator("#f-date").get_by_text("カレンダーにない日付").wait_for()
    page.locator("#f-venue").get_by_text("入力してください").wait_for()
    assert field(page, "title").input_value() == TITLE
    page.screenshot(path=shots / "1-form-errors.png", full_page=True)


def test_make_pick_a_variant_and_download_it(page, shots: Path, tmp_path: Path) -> None:
    typed = {
        "title": TITLE, "organizer": "北上市 環境政策課", "date": "2027/7/17",
        "start_time": "１０：００", "end_time": "12:00", "venue": "北上市立博物館",
        "contact-department": "環境政策課", "contact-phone": "0197-64-2111", "fee": "0",
        "description": "川の生きものを親子でさがします。網とバケツはこちらで用意します。",
    }
    for key, value in typed.items():
        field(page, key).fill(value)
    page.screenshot(path=shots / "2-form-filled.png", full_page=True)
    page.locator("#make-button").click()
    page.locator("#stages .kc-active").first.wait_for()
    page.locator("#card-1 img").first.wait_for(timeout=180_000)
    page.get_by_text("つの案ができました").wait_for()
    page.screenshot(path=shots / "3-variants.png", full_page=True)
    assert page.locator("#card-3").is_visible()
    assert "エラー 0件" in page.locator("#card-2").inner_text()
    assert "オフライン" in page.locator("#make-message").inner_text()
    with page.expect_download() as info:
        page.locator("#dl-pptx-2").click()
    download = info.value
    assert download.suggested_filename == "チラシ_北上川_夏の親子自然観察会_2.pptx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    report = lint_file(saved, load_guideline())
    assert report.passed, [f.message for f in report.findings]
    assert field(page, "title").input_value() == TITLE


def test_check_tab_shows_findings_of_a_bad_file(page, shots: Path, tmp_path: Path) -> None:
    page.get_by_role("tab", name="チェックする").click()
    page.locator("#check-button").wait_for()  # the tab's content is mounted when first shown
    bad = bad_pptx(tmp_path / "手作りのチラシ.pptx")
    page.locator("#check-files input[type=file]").set_input_files(str(bad))
    # Gradio may show the name's stem and extension in separate elements: match the stem
    expect(page.locator("#check-files")).to_contain_text("手作りのチラシ")
    page.locator("#check-button").click()
    page.locator("#check-summary").get_by_text("チェックの結果").wait_for(timeout=120_000)
    table = page.locator("#check-table").inner_text()
    assert LogoMissing.code in table and "公式ロゴ" in table
    assert "直すところがあります" in page.locator("#check-summary").inner_text()
    page.locator("#check-preview img").first.wait_for(timeout=60_000)
    page.locator("#check-preview").scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    page.screenshot(path=shots / "4-check.png", full_page=True)


def test_guideline_tab_needs_a_login(page, shots: Path) -> None:
    page.get_by_role("tab", name="ガイドライン管理").click()
    page.locator("#admin-login").wait_for()
    assert not page.locator("#admin-panel").is_visible()
    page.locator("#admin-user input, #admin-user textarea").first.fill(ADMIN_USER)
    page.locator("#admin-password input").first.fill("wrong")
    page.locator("#admin-login").click()
    page.locator("#admin-login-message").get_by_text("違います").wait_for()
    assert not page.locator("#admin-panel").is_visible()
    page.screenshot(path=shots / "5-admin-refused.png", full_page=True)
    page.locator("#admin-password input").first.fill(ADMIN_PASSWORD)
    page.locator("#admin-login").click()
    page.locator("#admin-panel").wait_for()
    page.get_by_text("いま使われているガイドライン").wait_for()
    page.screenshot(path=shots / "6-admin-panel.png", full_page=True)


def test_guideline_tab_without_configuration_says_how(browser, tmp_path: Path, shots: Path
                                                       ) -> None:  # type: ignore[no-untyped-def]
    with running_server(tmp_path, admin=False) as srv:
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(srv.url)
        page.get_by_role("tab", name="ガイドライン管理").click()
        note = page.locator("#admin-not-configured")
        note.wait_for()
        assert "FLYER_ADMIN_USER" in note.inner_text()
        assert page.locator("#admin-login").is_disabled()
        page.screenshot(path=shots / "7-admin-not-configured.png", full_page=True)
        context.close()


def test_publish_and_roll_back_in_the_browser(page, server, tmp_path: Path, shots: Path
                                              ) -> None:  # type: ignore[no-untyped-def]
    import json

    from gradio_client import Client, handle_file

    from assistant.lint.rules.logo import LogoTooSmall
    from assistant.paths import PROJECT_ROOT

    client = Client(server.url, verbose=False)
    event = (PROJECT_ROOT / "examples" / "event.json").read_text(encoding="utf-8")
    _, files = client.predict(event, 1, api_name="/make_flyer")
    flyer = next(f for f in files if f.endswith(".pptx"))

    def check_passes() -> tuple[bool, set[str]]:
        report = json.loads(client.predict(handle_file(flyer), api_name="/check_pptx"))
        return report["files"][0]["passed"], {f["rule"] for f in report["files"][0]["findings"]}

    assert check_passes()[0]
    page.get_by_role("tab", name="ガイドライン管理").click()
    page.locator("#admin-user input, #admin-user textarea").first.fill(ADMIN_USER)
    page.locator("#admin-password input").first.fill(ADMIN_PASSWORD)
    page.locator("#admin-login").click()
    page.locator("#admin-panel").wait_for()
    page.get_by_role("button", name="公開する").click()  # the shipped text as v1
    page.get_by_text("v1 を公開しました").wait_for()
    page.get_by_label("ロゴの最小の幅（mm）").fill("80")
    page.get_by_role("button", name="この値を下書きに入れる").click()
    page.get_by_role("button", name="下書きを確かめる（誤りと変更点）").click()
    page.get_by_text("誤りはありません").wait_for()
    page.get_by_label("変更のメモ（履歴に残ります）").fill("ロゴの最小幅を80mmに")
    page.get_by_role("button", name="公開する").click()
    page.get_by_text("v2 を公開しました").wait_for()
    passed, rules = check_passes()
    assert not passed and LogoTooSmall.code in rules
    page.get_by_label("戻す版").click()
    page.get_by_role("option", name="v1", exact=False).first.click()
    page.get_by_role("button", name="この版に戻す").click()
    page.get_by_text("v1 の内容に戻しました").wait_for()
    page.screenshot(path=shots / "8-admin-rolled-back.png", full_page=True)
    assert check_passes()[0]
