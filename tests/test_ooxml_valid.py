"""Every .pptx the project writes opens in PowerPoint without a "repair" prompt.

PowerPoint repairs or refuses a file whose XML breaks the ECMA-376 schemas (a child element out
of order, an attribute value outside its type, a required element or attribute missing) or the
Open XML SDK's semantic constraints (duplicate shape ids, broken relationships). openxml-audit
checks both in pure Python with the schema data shipped in its wheel (no download at test time):
the official template, flyers from several events (every layout), `lint --fix` outputs and a
person's hand-made flyer must all pass. The last tests prove the check sees the mistakes that
python-pptx + hand-written lxml typically make, so a silent validator cannot pass them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit.errors import FileFormat
from openxml_audit.validator import OpenXmlValidator

from assistant.event import load_event
from assistant.guideline import Guideline
from assistant.lint.fix import fix_file
from assistant.lint.rules import REGISTRY
from assistant.make import make_flyer
from assistant.paths import PROJECT_ROOT
from assistant.pptx.template_build import build_template
from tests.lint_fixtures import compliant_flyer as synthetic_flyer
from tests.lint_fixtures import write_pptx
from tests.test_mutations import MUTATIONS, hand_made_flyer, mutate

# The oldest PowerPoint still in common use by the city's staff; later versions accept a superset.
TARGET = FileFormat.OFFICE_2019
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
SLIDE = "ppt/slides/slide1.xml"
EVENTS = [
    PROJECT_ROOT / "examples" / "event.json",
    PROJECT_ROOT / "examples" / "event-photo.json",
    *(PROJECT_ROOT / "tests" / "data" / "events" / f"{name}.json"
      for name in ("url", "full", "long-description-800", "photo", "emoji", "minimal")),
]


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator(file_format=TARGET, max_errors=0)


def violations(validator: OpenXmlValidator, path: Path | str) -> list[str]:
    """Every finding, one readable line each (empty when PowerPoint opens the file cleanly)."""
    result = validator.validate(path)
    return [f"{e.part_uri} {e.path} <{e.node}>: {e.description}" for e in result.errors]


@pytest.fixture(scope="module")
def flyer(guideline: Guideline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("flyer")
    result = make_flyer(load_event(EVENTS[0]), guideline, out_dir=out, render=False, offline=True)
    return result.outputs[0].pptx


# --- what the project writes ---------------------------------------------------------------

def test_committed_template_is_valid(validator: OpenXmlValidator, guideline: Guideline) -> None:
    assert violations(validator, guideline.asset_path(guideline.template.file)) == []


def test_freshly_built_template_is_valid(validator: OpenXmlValidator, guideline: Guideline,
                                         tmp_path: Path) -> None:
    path = tmp_path / "template.pptx"
    path.write_bytes(build_template(guideline))
    assert violations(validator, path) == []


@pytest.mark.parametrize("event_path", EVENTS, ids=[p.stem for p in EVENTS])
def test_generated_flyers_are_valid(validator: OpenXmlValidator, guideline: Guideline,
                                    tmp_path: Path, event_path: Path) -> None:
    """One variant per layout, so every layout's shapes (photo, QR code, panels) are written."""
    result = make_flyer(load_event(event_path), guideline, variants=len(guideline.layouts),
                        out_dir=tmp_path, render=False, offline=True)
    found = {output.pptx.name: violations(validator, output.pptx) for output in result.outputs}
    assert found == {name: [] for name in found}


FIXABLE = [m for m in MUTATIONS if REGISTRY.rules[m[2]].fixable]


@pytest.mark.parametrize(("name", "change", "code"), FIXABLE, ids=[m[0] for m in FIXABLE])
def test_fixed_flyer_is_valid(validator: OpenXmlValidator, guideline: Guideline, flyer: Path,
                              tmp_path: Path, name: str, change: Callable[..., None],
                              code: str) -> None:
    mutated = mutate(flyer, tmp_path / f"{name}.pptx", change)
    result = fix_file(mutated, guideline, tmp_path / f"{name}.fixed.pptx")
    assert result.fixed, f"{name}: --fix changed nothing, so its XML was not exercised"
    assert violations(validator, result.out_path) == []


def test_fix_of_logo_effects_outline_and_colours_is_valid(validator: OpenXmlValidator,
                                                          guideline: Guideline,
                                                          tmp_path: Path) -> None:
    """The fixes that edit spPr children (effects, outline, fills) keep their schema order."""
    from assistant.lint.model import Fill, Line

    drawn = synthetic_flyer(guideline)
    logo = drawn.shape("Logo")
    drawn.replace("Logo", box=logo.box.model_copy(update={"rotation": 10.0}), effects=["shadow"],
                  line=Line(colour="#FF00FF", width_emu=25400),
                  picture=logo.picture.model_copy(update={"crop": (0, 0, 0.1, 0)}))
    drawn.replace("Band", fill=Fill(kind="solid", colour="#3060C0"),
                  line=Line(colour="#00A0A0", width_emu=12700))
    source = write_pptx(drawn, tmp_path / "in.pptx")
    result = fix_file(source, guideline, tmp_path / "out.pptx")
    assert {"L004", "L005", "L006", "C001"} <= {code for code, _text in result.fixed}
    assert violations(validator, result.out_path) == []


@pytest.mark.parametrize("variant", ["colour", "white"])
def test_hand_made_flyer_and_its_fix_are_valid(validator: OpenXmlValidator, guideline: Guideline,
                                               tmp_path: Path, variant: str) -> None:
    made = hand_made_flyer(guideline, tmp_path / "hand.pptx", variant)
    fixed = fix_file(made, guideline, tmp_path / "hand.fixed.pptx")
    assert violations(validator, made) == []
    assert violations(validator, fixed.out_path) == []


# --- the check sees the typical mistakes -------------------------------------------------------

def _move_before(root: etree._Element, parent_path: str, moved: str, anchor: str) -> None:
    """Put the first `moved` child before its `anchor` sibling in the first parent having both."""
    parent = next(el for el in root.iterfind(parent_path, NS)
                  if el.find(moved, NS) is not None and el.find(anchor, NS) is not None)
    parent.find(anchor, NS).addprevious(parent.find(moved, NS))


def _first(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


BROKEN: dict[str, tuple[Callable[[etree._Element], None], str]] = {
    "ea-before-latin": (lambda r: _move_before(r, ".//a:rPr", "a:ea", "a:latin"), "latin"),
    "fill-after-latin": (lambda r: _move_before(r, ".//a:rPr", "a:latin", "a:solidFill"),
                         "solidFill"),
    "ln-before-fill": (lambda r: _move_before(r, ".//p:spPr", "a:ln", "a:solidFill"),
                       "solidFill"),
    "spcBef-before-lnSpc": (lambda r: _move_before(r, ".//a:pPr", "a:spcBef", "a:lnSpc"),
                            "lnSpc"),
    "stretch-before-blip": (lambda r: _move_before(r, ".//p:blipFill", "a:stretch", "a:blip"),
                            "blip"),
    "anchor-top": (lambda r: _first(r, ".//a:bodyPr[@anchor]").set("anchor", "top"), "anchor"),
    "fractional-size": (lambda r: _first(r, ".//a:rPr[@sz]").set("sz", "1050.5"), "sz"),
    "no-prst": (lambda r: _first(r, ".//a:prstGeom").attrib.pop("prst"), "prst"),
    "duplicate-shape-id": (
        lambda r: _first(r, ".//p:pic/p:nvPicPr/p:cNvPr").set(
            "id", _first(r, ".//p:sp/p:nvSpPr/p:cNvPr").get("id")), "id"),
}


def _rewrite_slide(src: Path, dst: Path, change: Callable[[etree._Element], None]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == SLIDE:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            zout.writestr(item, data)
    return dst


@pytest.mark.parametrize("name", list(BROKEN))
def test_typical_mistake_is_reported(validator: OpenXmlValidator, flyer: Path, tmp_path: Path,
                                     name: str) -> None:
    change, node = BROKEN[name]
    broken = _rewrite_slide(flyer, tmp_path / f"{name}.pptx", change)
    found = violations(validator, broken)
    assert any(f"/{SLIDE} " in line and f"<{node}>" in line for line in found), found
