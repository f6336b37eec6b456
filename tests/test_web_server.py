"""The running web app through gradio_client: make, check, publish, roll back, limits."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from pptx import Presentation
from pptx.util import Mm, Pt

from assistant.guideline import load_guideline
from assistant.guideline.io import dump_document, read_document
from assistant.ledger import Ledger
from assistant.lint.api import lint_file
from assistant.lint.rules.logo import LogoMissing, LogoTooSmall
from assistant.paths import PROJECT_ROOT
from tests.browser.server import Server, running_server

pytestmark = [pytest.mark.render, pytest.mark.slow]

EXAMPLE = PROJECT_ROOT / "examples" / "event.json"
UPLOAD_LIMIT_MB = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("web")
    with running_server(tmp, extra_env={"FLYER_MAX_UPLOAD_MB": str(UPLOAD_LIMIT_MB)}) as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server: Server) -> Client:
    return Client(server.url, verbose=False)


@pytest.fixture(scope="module")
def made(client: Client) -> tuple[dict, list[Path]]:
    result, files = client.predict(EXAMPLE.read_text(encoding="utf-8"), 2, api_name="/make_flyer")
    return json.loads(result), [Path(f) for f in files]


def bad_pptx(path: Path) -> Path:
    """A hand-made flyer: tiny Arial text at the edge, no logo, no weekday."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Mm(210), Mm(297)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Mm(2), Mm(2), Mm(150), Mm(20))
    box.text_frame.text = "夏まつり 8月1日 14:00から"
    run = box.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.name = Pt(8), "Arial"
    prs.save(path)
    return path


def check(client: Client, path: Path) -> dict:
    report = json.loads(client.predict(handle_file(str(path)), api_name="/check_pptx"))
    return report["files"][0]


def test_make_flyer_gives_clean_variants_with_japanese_names(made, server: Server) -> None:
    result, files = made
    title = json.loads(EXAMPLE.read_text(encoding="utf-8"))["title"]
    assert result["drafter"] == "offline" and result["reason"]
    assert [v["variant"] for v in result["variants"]] == [1, 2]
    assert all(v["errors"] == 0 and v["passed"] for v in result["variants"])
    names = sorted(f.name for f in files)
    assert len(names) == 6
    assert names[0].startswith("チラシ_") and names[0].endswith("_1.pdf")
    assert title.split()[0] in names[0]
    pptx = next(f for f in files if f.suffix == ".pptx")
    assert lint_file(pptx, load_guideline()).passed
    rows = Ledger(server.data_dir / "ledger").rows()
    assert rows[0].kind == "make" and rows[0].logo_used and rows[0].kept_file is not None
    assert rows[0].department == "北上市 都市プロモーション課"


def test_make_flyer_refuses_bad_event_in_japanese(client: Client) -> None:
    event = json.loads(EXAMPLE.read_text(encoding="utf-8")) | {"date": "2027-02-30"}
    with pytest.raises(Exception, match="カレンダーにない日付"):
        client.predict(json.dumps(event, ensure_ascii=False), 1, api_name="/make_flyer")


def test_make_flyer_api_never_reads_server_files(client: Client) -> None:
    event = json.loads(EXAMPLE.read_text(encoding="utf-8")) | {"photo": "/etc/hostname"}
    with pytest.raises(Exception, match="写真"):
        client.predict(json.dumps(event, ensure_ascii=False), 1, api_name="/make_flyer")


def test_check_good_and_bad_files(client: Client, made, tmp_path: Path) -> None:
    good = next(f for f in made[1] if f.suffix == ".pptx")
    good_report = check(client, good)
    assert good_report["passed"] and good_report["path"] == good.name
    bad_report = check(client, bad_pptx(tmp_path / "手作り.pptx"))
    assert not bad_report["passed"] and bad_report["score"] < good_report["score"]
    rules = {f["rule"] for f in bad_report["findings"]}
    assert LogoMissing.code in rules
    assert {"rule", "severity", "message", "slide", "shape", "bbox_mm"} <= set(
        bad_report["findings"][0])


def test_check_refuses_other_files_and_big_uploads(client: Client, tmp_path: Path) -> None:
    text = tmp_path / "memo.txt"
    text.write_text("not a flyer")
    with pytest.raises(Exception):  # noqa: B017 - Gradio refuses it before or in the handler
        client.predict(handle_file(str(text)), api_name="/check_pptx")
    fake = tmp_path / "broken.pptx"
    fake.write_bytes(b"not a zip")
    with pytest.raises(Exception, match="こわれている|PowerPoint"):
        client.predict(handle_file(str(fake)), api_name="/check_pptx")
    big = tmp_path / "big.pptx"
    big.write_bytes(os.urandom((UPLOAD_LIMIT_MB + 1) * 1024 * 1024))
    with pytest.raises(Exception):  # noqa: B017 - refused by Gradio's max_file_size
        client.predict(handle_file(str(big)), api_name="/check_pptx")


def test_published_rule_applies_to_the_next_check_and_rollback_restores(
        client: Client, made, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.guideline import publish as pub

    monkeypatch.setenv("FLYER_DATA_DIR", str(server.data_dir))
    good = next(f for f in made[1] if f.suffix == ".pptx")
    first = pub.publish(pub.current_text(), author="test", note="そのまま")
    doc = read_document(pub.current_text())
    doc["logo"]["min_width_mm"] = 80
    pub.publish(dump_document(doc), author="test", note="ロゴを大きく")
    stricter = check(client, good)
    assert not stricter["passed"]
    assert LogoTooSmall.code in {f["rule"] for f in stricter["findings"]}
    pub.rollback(first.number, author="test")
    assert check(client, good)["passed"]
