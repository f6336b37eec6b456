"""A bounded load test on loopback: 8 people make a flyer at the same moment."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from gradio_client import Client
from pptx import Presentation

from assistant.paths import PROJECT_ROOT
from tests.browser.server import Server, running_server

pytestmark = [pytest.mark.render, pytest.mark.slow]

USERS = 8
EXAMPLE = json.loads((PROJECT_ROOT / "examples" / "event.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("load")
    (tmp / "tmp").mkdir()
    with running_server(tmp, extra_env={"TMPDIR": str(tmp / "tmp")}) as srv:
        yield srv


def slide_text(path: Path) -> str:
    return "\n".join(shape.text_frame.text for slide in Presentation(str(path)).slides
                     for shape in slide.shapes if shape.has_text_frame)


def make_one(url: str, number: int) -> tuple[int, dict, list[Path], float]:
    started = time.monotonic()
    event = EXAMPLE | {"title": f"同時テスト{number}番の催し"}
    result, files = Client(url, verbose=False).predict(
        json.dumps(event, ensure_ascii=False), 1, api_name="/make_flyer")
    return number, json.loads(result), [Path(f) for f in files], time.monotonic() - started


def test_eight_simultaneous_makes_all_succeed_and_stay_apart(server: Server) -> None:
    with ThreadPoolExecutor(max_workers=USERS) as pool:
        outcomes = list(pool.map(lambda n: make_one(server.url, n), range(1, USERS + 1)))
    for number, result, files, _ in outcomes:
        own = f"同時テスト{number}番の催し"
        assert result["title"] == own
        assert all(v["errors"] == 0 for v in result["variants"])
        assert files and all(own in f.name for f in files)
        pptx = next(f for f in files if f.suffix == ".pptx")
        text = slide_text(pptx)
        others = [f"同時テスト{n}番" for n in range(1, USERS + 1) if n != number]
        assert own in text.replace("\n", "") and not any(o in text for o in others)
    slowest = max(seconds for *_, seconds in outcomes)
    print(f"\n{USERS} simultaneous makes, slowest {slowest:.1f}s")
    assert slowest < 600
    # every request's working folder is gone (the server's TMPDIR is private to this test)
    work_root = server.data_dir.parent / "tmp" / "kitacoming-web"
    assert work_root.is_dir() and not list(work_root.glob("make-*"))
