"""plan_flyer: the whole page decided in EMU, with text fitted by real font metrics.

Page structure (all layouts):

- a full-bleed Band at the top: Headline (kicker), Title, subtitle; the logo when its
  position is at the top (beside the kicker, its clear space kept free);
- the middle, stacked: Catch, Body, Highlights, Photo (first in the photo layout) and the
  Details panel (with the QR code for the URL);
- a full-bleed Band at the bottom: Contact, Brand; the logo when its position is at the bottom.

The density level t (0 = every role at its max_pt, 1 = every role at its min_pt) is raised
until everything fits; then the space left over goes to a larger photo, wider gaps, the top
band (up to a third of the page), a roomier details panel and, last, even gaps around the
section groups, so there is neither crowding nor one large empty or coloured block. If even t = 1 does not fit,
the next allowed layout is tried, then LayoutError names the field that is too long.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PIL import Image

from assistant.colour import contrast_ratio, relative_luminance
from assistant.draft.schema import FlyerDraft
from assistant.event import FIELD_NAMES_JA, EventInfo
from assistant.guideline.model import Guideline, Layout, RoleName, TextRole
from assistant.layout.geometry import (
    Box,
    LogoPlacementError,
    bleed_box,
    clear_space,
    logo_is_right,
    logo_is_top,
    mm,
    page_box,
    place_logo,
    safe_box,
)
from assistant.layout.linebreak import break_units, longest_unit, phrase_break_share, wrap
from assistant.layout.models import (
    LayoutError,
    LayoutPlan,
    Paragraph,
    PictureBlock,
    Run,
    ShapeBlock,
    TextBlock,
)
from assistant.layout.text_fit import (
    WRAP_SAFETY,
    Fit,
    FontMetrics,
    fit_phrased,
    font_metrics,
    line_pitch_emu,
    sizes,
    wrap_lines,
)

# --- design choices (not brand rules; the brand's limits always bound them) ---------------
LOGO_WIDTH_FACTOR = 1.25         # the logo is drawn this much wider than its minimum width
DENSITY_LEVELS = 11
GAP_MM = (7.0, 3.5)              # between middle sections at density 0 and 1
MAX_GAP_MM = 13.0
SMALL_GAP_MM = 2.5               # inside a group (kicker-title, label-value)
BAND_PAD_MM = 6.0                # band colour beyond its first and last line
BAND_MAX_SHARE = 1 / 3           # spare space grows the top band to a third of the page
PANEL_PAD_MM = 5.0
PANEL_PAD_GROWTH = 2.0           # spare space may pad the panel's top and bottom this much more
PANEL_SHARE_OF_SPARE = 4         # of the spare space left after the band, the panel takes 1/4
QR_MM = 24.0
PHOTO_MM = {"optional": (45.0, 80.0), "required": (60.0, 105.0), "none": (0.0, 0.0)}
TITLE_MAX_LINES = 4
DISPLAY_SHRINK_FOR_PHRASES = 0.85
DISPLAY_FILL = 0.9               # share of its lines that display text fills on average
KICKER_MAX_LINES = 2
CATCH_MAX_LINES = 2
PREFERRED_SPACING: dict[str, float] = {
    "title": 1.1, "headline": 1.15, "catch": 1.25, "body": 1.5, "details": 1.35,
    "contact": 1.3, "brand": 1.25, "caption": 1.15,
}
FOOTER_CONTACT_SHARE = 0.56      # of the footer width when both blocks sit side by side
LABEL_GAP_EM = 1.0
SHORT_VALUE_CHARS = 32           # details values this short are kept on one line if a
                                 # size down to the role's minimum allows it               # between a details label and its value
QR_CAPTION = "くわしくはこちら"
WIDOW_CHARS = 2                  # a last line this short looks left behind
WIDOW_MAX_SHIFT = 4              # characters a right margin may move down to avoid it
DATETIME_LABEL = "日時"          # EventInfo.detail_rows(): date_ja and time_ja joined by
DATETIME_SEPARATOR = "　"        # a full-width space
SITE_PREFIX = "ブランドサイト："
BULLET = "●"


@dataclass
class _Overflow(Exception):
    """field: an event field or a section; excess_emu: height missing (< 0: a word that
    cannot break is too wide, and shorten_chars says by how many characters)."""

    field: str
    excess_emu: int
    shorten_chars: int = 0


@dataclass
class _Stack:
    """Middle sections, each placed later at a y: (name, height, builder)."""

    items: list[tuple[str, int, object]] = field(default_factory=list)


def plan_flyer(event: EventInfo, draft: FlyerDraft, guideline: Guideline) -> LayoutPlan:
    """The flyer page for this event and draft; LayoutError if the text cannot fit."""
    first_error: _Overflow | None = None
    errors: list[_Overflow] = []
    for layout, position in _layout_candidates(event, draft, guideline):
        try:
            plan = _loosest_plan(event, draft, guideline, layout, position)
        except _Overflow as overflow:
            first_error = first_error or overflow
            errors.append(overflow)
            continue
        if plan.layout_id != draft.layout or plan.logo_position != draft.logo_position:
            plan = plan.model_copy(update={"notes_ja": [_changed_note(
                first_error, draft, plan, guideline)]})
        return plan
    # the advice is the smallest cut that makes some layout fit
    closest = min(errors, key=lambda error: error.shorten_chars or math.inf)
    raise _layout_error(closest, event, draft, guideline)


def _loosest_plan(event: EventInfo, draft: FlyerDraft, guideline: Guideline, layout: Layout,
                  position: str) -> LayoutPlan:
    """The plan at the lowest density level that fits (binary search: more density never
    needs more room). Raises the densest level's _Overflow when nothing fits."""
    def attempt(level: int) -> LayoutPlan:
        return _Composer(event, draft, guideline, layout, position,
                         level / (DENSITY_LEVELS - 1)).compose()

    try:
        return attempt(0)
    except _Overflow:
        pass
    best = attempt(DENSITY_LEVELS - 1)
    low, high = 0, DENSITY_LEVELS - 1  # low fails, high fits
    while high - low > 1:
        middle = (low + high) // 2
        try:
            best, high = attempt(middle), middle
        except _Overflow:
            low = middle
    return best


def _layout_candidates(event: EventInfo, draft: FlyerDraft, guideline: Guideline
                       ) -> list[tuple[Layout, str]]:
    """The draft's layout and logo position first, then the same layout with its other logo
    positions, then the other layouts; layouts that cannot show the event's photo last."""
    chosen = guideline.layout(draft.layout)
    others = [lay for lay in guideline.layouts if lay.id != chosen.id]
    # a layout that would drop the event's photo (or needs one it lacks) comes last
    layouts = sorted([chosen, *others], key=lambda lay: not _shows_photo_right(lay, event))
    found = []
    for layout in layouts:
        positions = list(layout.logo_positions)
        if draft.logo_position in positions:
            positions.remove(draft.logo_position)
            positions.insert(0, draft.logo_position)
        found += [(layout, position) for position in positions]
    return found


def _changed_note(overflow: _Overflow | None, wanted: FlyerDraft, used: LayoutPlan,
                  guideline: Guideline) -> str:
    used_name = guideline.layout(used.layout_id).name_ja
    if overflow is None:  # the chosen layout could not show the photo as it is
        return f"写真に合わせて「{used_name}」のレイアウトにしました。"
    name = FIELD_LABELS_JA.get(overflow.field, overflow.field)
    if used.layout_id == wanted.layout:
        position = guideline.logo.position(used.logo_position).name_ja
        return f"{name}が入りきらないため、ロゴを{position}に置きました。"
    note = (f"{name}が「{guideline.layout(wanted.layout).name_ja}」のレイアウトに入りきらない"
            f"ため、「{used_name}」のレイアウトにしました。")
    if overflow.field == "description":
        note += "説明文のかわりに、要約をのせています。"
    return note


def _shows_photo_right(layout: Layout, event: EventInfo) -> bool:
    if event.photo is None:
        return layout.photo != "required"
    return layout.photo != "none"


# Names the employee sees on the event form (FIELD_NAMES_JA); drafted copy is named after
# the event text it comes from, so the message points at something the employee can edit.
FIELD_LABELS_JA = {
    **FIELD_NAMES_JA,
    "summary": FIELD_NAMES_JA["description"], "highlights": FIELD_NAMES_JA["description"],
    "headline": "見出し", "catch": "キャッチコピー",
    "details": "開催情報", "contact": FIELD_NAMES_JA["contact"],
}
ADDRESS_FIELDS = ("url", "email")
# how many of the longest rows a message about a crowded block names
NAMED_ROWS = 2
CHARS_ROUNDING = 10              # 「…文字ほど短く」: counts above this are rounded up to tens
# the catch and the text under it read as one group: spare space goes around it, not inside
MESSAGE_SECTIONS = {"catch", "summary", "description", "highlights"}
SECTION_ROLES: dict[str, RoleName] = {"details": "details", "catch": "catch"}


def _layout_error(overflow: _Overflow, event: EventInfo, draft: FlyerDraft,
                  guideline: Guideline) -> LayoutError:
    name = FIELD_LABELS_JA.get(overflow.field, overflow.field)
    if overflow.excess_emu < 0:  # an unbreakable word wider than its box
        if overflow.field in ADDRESS_FIELDS:  # an address cannot take a space
            return LayoutError(overflow.field, f"{name}が長すぎて1行に入りません。"
                               f"{overflow.shorten_chars}文字ほど短いアドレスにしてください。")
        return LayoutError(overflow.field, f"{name}に、途中で改行できない長い英数字があります。"
                           f"{overflow.shorten_chars}文字ほど短くするか、スペースで区切って"
                           "ください。")
    chars = overflow.shorten_chars
    rows = {"details": event.detail_rows(), "contact": event.contact_rows()}.get(overflow.field)
    if rows:
        longest = sorted(rows, key=lambda row: -len(row[1]))[:NAMED_ROWS]
        fields = "・".join(FIELD_LABELS_JA[ROW_FIELDS[label]] for label, _ in longest)
        return LayoutError(overflow.field, f"{name}が長すぎて入りません。{fields}などを、"
                           f"あわせて{chars}文字ほど短くしてください。")
    return LayoutError(overflow.field, f"{name}が長すぎて入りません。"
                       f"{chars}文字ほど短くしてください。")


class _Composer:
    """Places everything for one layout, logo position and density level."""

    def __init__(self, event: EventInfo, draft: FlyerDraft, guideline: Guideline,
                 layout: Layout, position: str, level: float) -> None:
        self.event, self.draft, self.g = event, draft, guideline
        self.layout, self.position, self.level = layout, position, level
        self.safe = safe_box(guideline)
        self.page = page_box(guideline)
        self.regular = font_metrics(guideline)
        self.bold = font_metrics(guideline, bold=True)
        self.colours = guideline.scheme_colours(draft.scheme)
        self.gap = mm(GAP_MM[0] + (GAP_MM[1] - GAP_MM[0]) * level)
        self.small_gap = mm(SMALL_GAP_MM)
        self.panel_pad_y = mm(PANEL_PAD_MM)  # grows with spare space; the sides never do
        self.texts: list[TextBlock] = []
        self.shapes: list[ShapeBlock] = []
        self.pictures: list[PictureBlock] = []
        self.qr_box: Box | None = None
        self.logo_box, self.logo_aspect = self._logo_box()
        self.clear = clear_space(guideline, self.logo_box)
        self.logo_top = logo_is_top(guideline, position)

    # --- sizes --------------------------------------------------------------------------
    def role(self, name: RoleName) -> TextRole:
        return self.g.typography.roles[name]

    def size(self, name: RoleName) -> float:
        role = self.role(name)
        raw = role.max_pt - self.level * (role.max_pt - role.min_pt)
        return max(role.min_pt, math.floor(raw * 2) / 2)

    def spacing(self, name: RoleName) -> float:
        return max(self.role(name).line_spacing_min, PREFERRED_SPACING.get(name, 1.0))

    def small_size(self) -> float:
        """One size shared by brand and caption text (keeps the number of sizes low)."""
        brand, caption = self.role("brand"), self.role("caption")
        low, high = max(brand.min_pt, caption.min_pt), min(brand.max_pt, caption.max_pt)
        return max(low, min(high, self.size("caption")))

    def metrics(self, bold: bool) -> FontMetrics:
        return self.bold if bold else self.regular

    # --- logo ---------------------------------------------------------------------------
    def _logo_box(self) -> tuple[Box, float]:
        variant = self.g.logo.variants[0]
        with Image.open(self.g.asset_path(variant.file)) as image:
            aspect = image.width / image.height
        width = mm(self.g.logo.min_width_mm * LOGO_WIDTH_FACTOR)
        for candidate in (width, mm(self.g.logo.min_width_mm)):
            try:
                return place_logo(self.g, self.position, aspect, candidate), aspect
            except LogoPlacementError:
                continue
        raise _Overflow("logo", 0)

    def _logo_variant(self, background: str) -> str:
        dark = relative_luminance(background) < self.g.logo.dark_background_luminance
        wanted = ("dark", "any") if dark else ("light", "any")
        return next(v.id for v in self.g.logo.variants if v.use_on in wanted)

    # --- text helpers -------------------------------------------------------------------
    def readable(self, colour: str, background: str, fallback: str, size: float,
                 bold: bool) -> str:
        """colour if it meets the guideline's contrast on background, else fallback."""
        rules = self.g.colour.contrast
        large = size >= rules.large_text_pt or (bold and size >= rules.large_bold_pt)
        needed = rules.large_text_min if large else rules.text_min
        return colour if contrast_ratio(colour, background) >= needed else fallback

    def check_width(self, field_name: str, text: str, metrics: FontMetrics, size: float,
                    width: int) -> None:
        if self.unit_width(text, metrics, size) > width:
            raise self.too_wide(field_name, text, metrics, size, width)

    def too_wide(self, field_name: str, text: str, metrics: FontMetrics, size: float,
                 width: float) -> _Overflow:
        """The overflow of text's widest unbreakable piece, with the characters to cut."""
        piece = max((u.rstrip() for u in break_units(text)),
                    key=lambda u: metrics.width_emu(u, size))
        piece_w = metrics.width_emu(piece, size)
        excess = piece_w / (1 - WRAP_SAFETY) - width
        per_char = piece_w / max(1, len(piece))
        return _Overflow(field_name, -1, max(1, math.ceil(excess / per_char)))

    @staticmethod
    def too_many_lines(field_name: str, text: str, metrics: FontMetrics, size: float,
                       width: int, max_lines: int) -> _Overflow:
        """The overflow of display text that needs more than max_lines lines even at size,
        with about how many characters to cut (line ends are ragged: a tenth more)."""
        per_char = metrics.width_emu(text, size) / max(1, len(text))
        fitting = max_lines * width * (1 - WRAP_SAFETY) / per_char
        shorten = max(1, math.ceil(len(text) - fitting * DISPLAY_FILL))
        return _Overflow(field_name, line_pitch_emu(metrics, size, 1.0), shorten)

    def display(self, field_name: str, role: RoleName, text: str, width: int, max_lines: int,
                start: float | None = None, bold: bool = True) -> Fit:
        """Largest size (from start down to min_pt) showing text in max_lines lines.

        Lines that end between budoux phrases are preferred to a larger size: only when no
        size down to min_pt allows them does the text wrap wherever the renderer likes."""
        metrics = self.metrics(bold)
        candidates = [z for z in sizes(self.role(role), start)
                      if self.unit_width(text, metrics, z) <= width]
        if not candidates:
            raise self.too_wide(field_name, text, metrics, self.role(role).min_pt, width)
        spacing = self.spacing(role)
        for size in candidates:
            fit = fit_phrased(text, metrics, size, spacing, width, max_lines, phrase_only=True)
            if fit is not None:
                return fit
        # a little smaller is better than a word cut in two: the best share of phrase breaks
        # among sizes down to DISPLAY_SHRINK_FOR_PHRASES of the largest that fits
        fits: list[Fit] = []
        for size in candidates:
            if fits and size < fits[0].size_pt * DISPLAY_SHRINK_FOR_PHRASES:
                break
            fit = fit_phrased(text, metrics, size, spacing, width, max_lines)
            if fit is not None:
                fits.append(fit)
        if not fits:
            raise self.too_many_lines(field_name, text, metrics, self.role(role).min_pt, width,
                                      max_lines)
        return max(fits, key=lambda f: (phrase_break_share(text, f.lines), f.size_pt))

    def add_text(self, name: str, role: RoleName, x: int, y: int, fit_w: int,
                 paragraphs: list[Paragraph], lines: int, height: int,
                 anchor: str = "t") -> TextBlock:
        block = TextBlock(name=name, role=role, box=Box(x=x, y=y, w=fit_w, h=height),
                          paragraphs=paragraphs, lines=lines, anchor=anchor,  # type: ignore[arg-type]
                          placeholder=name if name in PLACEHOLDER_NAMES else None)
        self.texts.append(block)
        return block

    # --- composition --------------------------------------------------------------------
    def compose(self) -> LayoutPlan:
        header_h = self.header(extra=0, commit=False)
        footer_top = self.footer()
        middle = self.middle_stack()
        top = header_h + self.gap
        available = footer_top - self.gap - top
        needed = sum(h for _, h, _ in middle.items) + self.gap * (len(middle.items) - 1)
        if needed > available:
            texts = [item for item in middle.items if item[0] != "photo"]  # photos shrink
            biggest = max(texts, key=lambda item: item[1])[0] if texts else "title"
            excess = needed - available
            raise _Overflow(biggest, excess, self.chars_to_cut(biggest, excess))
        spare = available - needed
        spare -= self.grow_photo(middle, spare)
        gaps = len(middle.items) + 1
        extra_gap = min(spare // gaps, mm(MAX_GAP_MM) - self.gap)
        spare -= extra_gap * gaps
        band_extra = min(spare, max(0, self.band_cap() - header_h))
        spare -= band_extra
        spare -= self.pad_panel(middle, spare)
        # what is left is shared evenly between the gaps around the groups (the catch stays
        # with the text it introduces), so a short text gets a balanced page instead of one
        # large coloured block
        outer = self.group_gaps(middle)
        share = spare // len(outer)
        header_h = self.header(extra=band_extra, commit=True)
        y = header_h
        for index, (_name, height, build) in enumerate(middle.items):
            y += self.gap + extra_gap + (share if index in outer else 0)
            build(y)  # type: ignore[operator]
            y += height
        return self.plan()

    @staticmethod
    def group_gaps(stack: _Stack) -> list[int]:
        """Indexes of the gaps not inside the message group (gap i lies above item i; gap
        len(items) lies below the last one, above the footer)."""
        names = [name for name, _, _ in stack.items]
        return [index for index in range(len(names) + 1)
                if not (0 < index < len(names) and names[index - 1] in MESSAGE_SECTIONS
                        and names[index] in MESSAGE_SECTIONS)]

    def pad_panel(self, stack: _Stack, spare: int) -> int:
        """Give the details panel up to PANEL_PAD_GROWTH times its top and bottom padding from
        spare space (a roomier panel reads better than wider gaps alone; the side padding
        stays, so the rows keep their width and size); returns the height added."""
        grow = min(spare // PANEL_SHARE_OF_SPARE, 2 * mm(PANEL_PAD_MM * (PANEL_PAD_GROWTH - 1)))
        if grow <= 0:
            return 0
        self.panel_pad_y = mm(PANEL_PAD_MM) + grow // 2
        index = next(i for i, item in enumerate(stack.items) if item[0] == "details")
        old_height = stack.items[index][1]
        stack.items[index] = self.details_section()
        return stack.items[index][1] - old_height

    def band_cap(self) -> int:
        """How far down spare space may push the top band's bottom edge: a third of the page
        (a long title's band may be taller than that; spare space never adds to it then)."""
        return round(self.page.h * BAND_MAX_SHARE)

    def chars_to_cut(self, section: str, excess: int) -> int:
        """About how many characters of section's text make it excess EMU shorter."""
        role, width = SECTION_ROLES.get(section, "body"), self.safe.w
        if section == "details":
            width = self.details_column
        size = self.size(role)
        lines = math.ceil(excess / line_pitch_emu(self.regular, size, self.spacing(role)))
        per_line = width * (1 - WRAP_SAFETY) / self.regular.width_emu("あ", size)
        chars = math.ceil(lines * per_line)
        return chars if chars <= CHARS_ROUNDING else math.ceil(chars / CHARS_ROUNDING) * CHARS_ROUNDING

    def plan(self) -> LayoutPlan:
        background = self.colours.band if self.logo_on_band() else self.colours.background
        variant = self._logo_variant(background)
        logo = PictureBlock(name="Logo", box=self.logo_box,
                            image=self.g.asset_path(self.g.logo.variant(variant).file),
                            alt_text=f"{self.g.logo.name_ja}（{self.g.brand.name}）のロゴ")
        return LayoutPlan(
            layout_id=self.layout.id, template_layout=self.layout.template_layout,
            scheme_id=self.draft.scheme, logo_position=self.position, logo_variant=variant,
            page=self.page, safe=self.safe, background=self.colours.background, logo=logo,
            logo_clear=self.clear, logo_background=background, shapes=self.shapes,
            texts=self.texts, pictures=self.pictures, qr_url=self.event.url,
            qr_box=self.qr_box,
        )

    def logo_on_band(self) -> bool:
        return any(s.full_bleed and s.box.contains(self.logo_box) for s in self.shapes)

    # --- header band ----------------------------------------------------------------------
    def header(self, extra: int, commit: bool) -> int:
        """Lay out the top band; returns its bottom edge. extra grows the band (centred)."""
        saved = (list(self.texts), list(self.shapes))
        c = self.colours
        x0, x1 = self.safe.x, self.safe.right
        if self.logo_top:
            if logo_is_right(self.g, self.position):
                kx0, kx1 = x0, self.clear.x - self.small_gap
            else:
                kx0, kx1 = self.clear.right + self.small_gap, x1
        else:
            kx0, kx1 = x0, x1
        kicker = self.display("headline", "headline", self.draft.headline, kx1 - kx0,
                              KICKER_MAX_LINES, start=self.size("headline"))
        if self.logo_top:
            ky = max(self.safe.y, self.logo_box.y + (self.logo_box.h - kicker.height_emu) // 2)
            title_y = max(self.clear.bottom, ky + kicker.height_emu) + self.small_gap + extra // 2
        else:
            ky = self.safe.y + extra // 4
            title_y = ky + kicker.height_emu + self.small_gap + extra // 4
        colour = self.readable(c.band_text, c.band, c.background, kicker.size_pt, True)
        self.text_from_fit("Headline", "headline", kx0, ky, kicker, colour, bold=True)
        title = self.display("title", "title", self.event.title, x1 - x0, TITLE_MAX_LINES,
                             start=self.size("title"))
        colour = self.readable(c.band_text, c.band, c.background, title.size_pt, True)
        self.text_from_fit("Title", "title", x0, title_y, title, colour, bold=True)
        bottom = title_y + title.height_emu
        if self.event.subtitle:
            sub = self.display("subtitle", "headline", self.event.subtitle, x1 - x0, 2,
                               start=self.size("headline"), bold=False)
            self.text_from_fit("Subtitle", "headline", x0, bottom + self.small_gap, sub,
                               self.readable(c.band_text, c.band, c.background, sub.size_pt,
                                             False))
            bottom += self.small_gap + sub.height_emu
        band_bottom = bottom + mm(BAND_PAD_MM) + (extra - extra // 2 if self.logo_top
                                                  else extra // 2)
        if self.logo_top:
            band_bottom = max(band_bottom, self.clear.bottom)
        bleed = bleed_box(self.g)
        self.shapes.append(ShapeBlock(name="Band", box=Box.from_edges(
            bleed.x, bleed.y, bleed.right, band_bottom), fill=c.band, full_bleed=True))
        if not commit:
            self.texts, self.shapes = saved
        return band_bottom

    def text_from_fit(self, name: str, role: RoleName, x: int, y: int, fit: Fit, colour: str,
                      bold: bool = False, align: str = "l") -> TextBlock:
        paragraph = Paragraph(runs=[Run(text="".join(self._source_text(name)), size_pt=fit.size_pt,
                                        colour=colour, bold=bold)],
                              line_spacing=fit.line_spacing, align=align)  # type: ignore[arg-type]
        return self.add_text(name, role, x, y, fit.width_emu, [paragraph], len(fit.lines),
                             fit.height_emu)

    def _source_text(self, name: str) -> str:
        return {"Headline": self.draft.headline, "Title": self.event.title,
                "Subtitle": self.event.subtitle or "", "Catch": self.draft.catch}[name]

    # --- footer band --------------------------------------------------------------------
    def footer(self) -> int:
        """Lay out the bottom band; returns its top edge."""
        c = self.colours
        x0, x1, bottom = self.safe.x, self.safe.right, self.safe.bottom
        if not self.logo_top:
            if logo_is_right(self.g, self.position):
                x1 = self.clear.x - self.small_gap
            else:
                x0 = self.clear.right + self.small_gap
        width = x1 - x0
        size = self.size("contact")
        rows = self.event.contact_rows()
        needed = self.label_indent(rows, size) + max(
            self.unit_width(value, self.regular, size) for _, value in rows)
        brand_needed = max(self.metrics(bold).width_emu(text, self.small_size())
                           for text, bold in self.brand_texts()) / (1 - WRAP_SAFETY)
        side_by_side = needed + self.gap + brand_needed <= width
        contact_w = round(width - self.gap - brand_needed) if side_by_side else width
        contact = self.contact_paragraphs(contact_w)
        if side_by_side:
            brand_x, brand_w = x0 + contact_w + self.gap, x1 - x0 - contact_w - self.gap
            brand = self.brand_paragraphs(brand_w)
            top = bottom - max(contact[1], brand[1])
            brand_y = top
        else:
            brand_x, brand_w = x0, width
            brand = self.brand_paragraphs(brand_w)
            top = bottom - contact[1] - self.small_gap - brand[1]
            brand_y = top + contact[1] + self.small_gap
        if not self.logo_top and top > self.logo_box.y:
            brand_y += self.logo_box.y - top
            top = self.logo_box.y
        self.add_text("Contact", "contact", x0, top, contact_w, contact[0], contact[2], contact[1])
        self.add_text("Brand", "brand", brand_x, brand_y, brand_w, brand[0], brand[2], brand[1])
        band_top = top - mm(BAND_PAD_MM)
        if not self.logo_top:
            band_top = min(band_top, self.clear.y)
        bleed = bleed_box(self.g)
        self.shapes.append(ShapeBlock(name="Band Bottom", box=Box.from_edges(
            bleed.x, band_top, bleed.right, bleed.bottom), fill=c.band, full_bleed=True))
        return band_top

    def rows(self, rows: list[tuple[str, str]], role: RoleName, width: int, label_colour: str,
             value_colour: str, field_name: str, size: float,
             ) -> tuple[list[Paragraph], int, int]:
        """Label/value rows with a hanging indent; returns paragraphs, height, lines.

        The block shrinks below `size` (down to the role's min_pt) only when a value has a
        word that cannot break (a URL, an e-mail address) and is wider than its column."""
        usable = []
        for candidate in sizes(self.role(role), size):
            indent = self.label_indent(rows, candidate)
            too_wide = [label for label, value in rows
                        if self.unit_width(value, self.regular, candidate) > width - indent]
            if too_wide:
                continue
            usable.append(candidate)
            short = [v for _, v in rows if len(v) <= SHORT_VALUE_CHARS]
            if all(len(wrap_lines(v, self.regular, candidate, width - indent)) == 1
                   for v in short):
                return self._rows_at(rows, role, width, label_colour, value_colour, candidate)
        if usable:  # short values wrap at every size: keep the largest size
            return self._rows_at(rows, role, width, label_colour, value_colour, usable[0])
        smallest = self.role(role).min_pt
        column = width - self.label_indent(rows, smallest)
        label, value = max(rows, key=lambda row: self.unit_width(row[1], self.regular, smallest))
        raise self.too_wide(ROW_FIELDS.get(label, field_name), value, self.regular, smallest,
                            column)

    def label_indent(self, rows: list[tuple[str, str]], size: float) -> int:
        label_w = max(self.bold.width_emu(label, size) for label, _ in rows)
        return round(label_w + self.bold.width_emu("あ", size) * LABEL_GAP_EM)

    @staticmethod
    def unit_width(text: str, metrics: FontMetrics, size: float) -> float:
        """Width a box needs for text's longest unbreakable piece (with the wrap margin)."""
        return longest_unit(text, lambda s: metrics.width_emu(s, size)) / (1 - WRAP_SAFETY)

    def _rows_at(self, rows: list[tuple[str, str]], role: RoleName, width: int,
                 label_colour: str, value_colour: str, size: float,
                 ) -> tuple[list[Paragraph], int, int]:
        spacing = self.spacing(role)
        indent = self.label_indent(rows, size)
        paragraphs, lines = [], 0
        for label, value in rows:
            for index, part in enumerate(self.row_parts(label, value, size, width - indent)):
                right = self.widow_margin(part, size, width - indent)
                lines += len(wrap_lines(part, self.regular, size, width - indent - right))
                first = [Run(text=label, size_pt=size, colour=label_colour, bold=True)]
                paragraphs.append(Paragraph(
                    runs=[*(first if index == 0 else []),
                          Run(text="\t", size_pt=size, colour=value_colour),
                          Run(text=part, size_pt=size, colour=value_colour)],
                    line_spacing=spacing, indent_emu=indent, tab_emu=indent,
                    right_indent_emu=right))
        return paragraphs, lines * line_pitch_emu(self.regular, size, spacing), lines

    def widow_margin(self, text: str, size: float, column: int,
                     metrics: FontMetrics | None = None) -> int:
        """A right margin that moves a few characters down to a last line that would hold
        only WIDOW_CHARS or fewer (「…お伝えくださ」/「い」), without adding a line. The
        wrapping is measured at the exact width, as LibreOffice breaks."""
        metrics = metrics or self.regular

        def exact(width: float) -> list[str]:
            return wrap(text, width, lambda s: metrics.width_emu(s, size))

        found = exact(column)
        if len(found) < 2 or len(found[-1]) > WIDOW_CHARS:
            return 0
        predicted = len(wrap_lines(text, metrics, size, column))
        step = metrics.width_emu("あ", size)
        for chars in range(1, WIDOW_MAX_SHIFT + 1):
            right = round(chars * step)
            moved = exact(column - right)
            if (len(moved) == len(found) and len(moved[-1]) > WIDOW_CHARS
                    and len(wrap_lines(text, metrics, size, column - right)) <= predicted):
                return right
        return 0

    def row_parts(self, label: str, value: str, size: float, column: int) -> list[str]:
        """The value's lines: a date and time that do not fit on one line are split between
        them, so the time is not cut in two (「午後11時59分～」 / 「正午」)."""
        date, separator, time = value.partition(DATETIME_SEPARATOR)
        if (label != DATETIME_LABEL or not separator
                or len(wrap_lines(value, self.regular, size, column)) == 1):
            return [value]
        return [date, time]

    def contact_paragraphs(self, width: int) -> tuple[list[Paragraph], int, int]:
        c = self.colours
        size = self.size("contact")
        text_colour = self.readable(c.band_text, c.band, c.background, size, False)
        return self.rows(self.event.contact_rows(), "contact", width, text_colour, text_colour,
                         "contact", size)

    def brand_texts(self) -> list[tuple[str, bool]]:
        """(text, bold) lines of the brand block; each is kept on one line."""
        brand = self.g.brand
        return [(brand.message_full, True), ("　".join(brand.hashtags), False),
                (f"{SITE_PREFIX}{brand.site_name}", False)]

    def brand_paragraphs(self, width: int) -> tuple[list[Paragraph], int, int]:
        c = self.colours
        size = self.small_size()
        spacing = self.spacing("brand")
        colour = self.readable(c.band_text, c.band, c.background, size, False)
        paragraphs, lines = [], 0
        for text, bold in self.brand_texts():
            lines += len(wrap_lines(text, self.metrics(bold), size, width))
            paragraphs.append(Paragraph(runs=[Run(text=text, size_pt=size, colour=colour,
                                                  bold=bold)], line_spacing=spacing))
        return paragraphs, lines * line_pitch_emu(self.regular, size, spacing), lines

    # --- middle sections ----------------------------------------------------------------
    def middle_stack(self) -> _Stack:
        stack = _Stack()
        photo = self.photo_section() if self.event.photo and self.layout.photo != "none" else None
        if photo and self.layout.photo == "required":
            stack.items.append(photo)
        stack.items.append(self.catch_section())
        body = self.body_section()
        if body:
            stack.items.append(body)
        highlights = self.highlights_section()
        if highlights:
            stack.items.append(highlights)
        if photo and self.layout.photo != "required":
            stack.items.append(photo)
        stack.items.append(self.details_section())
        return stack

    def catch_section(self) -> tuple[str, int, object]:
        c = self.colours
        fit = self.display("catch", "catch", self.draft.catch, self.safe.w, CATCH_MAX_LINES,
                           start=self.size("catch"))
        colour = self.readable(c.title, c.background, c.text, fit.size_pt, True)
        return ("catch", fit.height_emu,
                lambda y: self.text_from_fit("Catch", "catch", self.safe.x, y, fit, colour,
                                             bold=True))

    def body_text(self) -> tuple[str, str]:
        if self.layout.photo == "none" and self.event.description:
            return "description", self.event.description
        return "summary", self.draft.summary

    def body_section(self) -> tuple[str, int, object] | None:
        field_name, text = self.body_text()
        if not text:
            return None
        size, spacing = self.size("body"), self.spacing("body")
        colour = self.readable(self.colours.text, self.colours.background, "#000000", size, False)
        paragraphs, lines = [], 0
        for part in text.split("\n"):
            self.check_width(field_name, part, self.regular, size, self.safe.w)
            right = self.widow_margin(part, size, self.safe.w)
            lines += len(wrap_lines(part, self.regular, size, self.safe.w - right))
            paragraphs.append(Paragraph(runs=[Run(text=part, size_pt=size, colour=colour)],
                                        line_spacing=spacing, right_indent_emu=right))
        height = lines * line_pitch_emu(self.regular, size, spacing)
        return (field_name, height,
                lambda y: self.add_text("Body", "body", self.safe.x, y, self.safe.w, paragraphs,
                                        lines, height))

    def highlights_section(self) -> tuple[str, int, object] | None:
        items = [h for h in self.draft.highlights if h]
        if not items or (self.layout.photo == "none" and self.event.description):
            return None
        c = self.colours
        size, spacing = self.size("body"), self.spacing("body")
        bullet_w = round(self.regular.width_emu(BULLET + "　", size))
        width = self.safe.w - bullet_w
        colour = self.readable(c.text, c.background, "#000000", size, True)
        bullet_colour = self.readable(c.accent, c.background, colour, size, True)
        paragraphs, lines = [], 0
        for item in items:
            self.check_width("highlights", item, self.bold, size, width)
            right = self.widow_margin(item, size, width, self.bold)
            lines += len(wrap_lines(item, self.bold, size, width - right))
            paragraphs.append(Paragraph(runs=[Run(text=item, size_pt=size, colour=colour,
                                                  bold=True)],
                                        line_spacing=spacing, indent_emu=bullet_w,
                                        right_indent_emu=right,
                                        bullet=BULLET, bullet_colour=bullet_colour))
        height = lines * line_pitch_emu(self.regular, size, spacing)
        return ("highlights", height,
                lambda y: self.add_text("Highlights", "body", self.safe.x, y, self.safe.w,
                                        paragraphs, lines, height))

    def photo_section(self) -> tuple[str, int, object]:
        low, _high = PHOTO_MM[self.layout.photo]
        return ("photo", mm(low), self.place_photo)

    def grow_photo(self, stack: _Stack, spare: int) -> int:
        for index, (name, height, build) in enumerate(stack.items):
            if name == "photo":
                low, high = PHOTO_MM[self.layout.photo]
                grow = min(spare, mm(high) - mm(low))
                stack.items[index] = (name, height + grow, build)
                self.photo_height = height + grow
                return grow
        return 0

    def place_photo(self, y: int) -> None:
        assert self.event.photo is not None
        box = Box(x=self.safe.x, y=y, w=self.safe.w,
                  h=getattr(self, "photo_height", mm(PHOTO_MM[self.layout.photo][0])))
        with Image.open(self.event.photo) as image:
            aspect = image.width / image.height
        target = box.w / box.h
        if aspect > target:  # wider than the box: cut the sides
            cut = (1 - target / aspect) / 2
            crop = (cut, 0.0, cut, 0.0)
        else:
            cut = (1 - aspect / target) / 2
            crop = (0.0, cut, 0.0, cut)
        alt = self.event.photo_alt or f"「{self.event.title}」のようすの写真"
        self.pictures.append(PictureBlock(name="Photo", box=box, image=self.event.photo,
                                          alt_text=alt, crop=crop, placeholder="Photo"))

    def details_section(self) -> tuple[str, int, object]:
        """The panel: details rows, the QR code to their right, and the URL line below both."""
        c = self.colours
        pad, pad_y = mm(PANEL_PAD_MM), self.panel_pad_y
        qr = mm(QR_MM) if self.event.url else 0
        inner_w = self.safe.w - 2 * pad
        width = inner_w - (qr + self.gap if qr else 0)
        size = self.size("details")
        label_colour = self.readable(c.accent, c.panel, c.panel_text, size, True)
        paragraphs, height, lines = self.rows(self.event.detail_rows(), "details", width,
                                              label_colour, c.panel_text, "details", size)
        self.details_column = width - self.label_indent(self.event.detail_rows(), size)
        url_line = self.url_line(inner_w) if self.event.url else None
        url_h = url_line[2] + self.small_gap if url_line else 0
        top_h = max(height, qr)
        panel_h = top_h + url_h + 2 * pad_y

        def build(y: int) -> None:
            self.shapes.append(ShapeBlock(name="Panel", box=Box(x=self.safe.x, y=y, w=self.safe.w,
                                                                 h=panel_h),
                                          fill=c.panel, rounded=True))
            self.add_text("Details", "details", self.safe.x + pad, y + pad_y + (top_h - height) // 2,
                          width, paragraphs, lines, height)
            if url_line:
                self.qr_box = Box(x=self.safe.right - pad - qr, y=y + pad_y + (top_h - qr) // 2,
                                  w=qr, h=qr)
                self.add_text("QR Label", "caption", self.safe.x + pad,
                              y + pad_y + top_h + self.small_gap, inner_w, url_line[0],
                              url_line[1], url_line[2])

        return ("details", panel_h, build)

    def url_line(self, width: int) -> tuple[list[Paragraph], int, int]:
        """「くわしくはこちら　https://…」 right-aligned under the QR code: on one line when it
        fits, else the caption above the URL (a long address keeps the larger size this way).
        Returns paragraphs, lines and height."""
        assert self.event.url
        url = self.event.url
        caption = f"{QR_CAPTION}　"
        for size in sizes(self.role("caption"), self.small_size()):
            one_line = self.bold.width_emu(caption, size) + self.regular.width_emu(url, size)
            if one_line / (1 - WRAP_SAFETY) <= width:
                return self._url_paragraphs([[(caption, True), (url, False)]], size)
        for size in sizes(self.role("caption"), self.small_size()):
            if self.regular.width_emu(url, size) / (1 - WRAP_SAFETY) <= width:
                return self._url_paragraphs([[(QR_CAPTION, True)], [(url, False)]], size)
        raise self.too_wide("url", url, self.regular, self.role("caption").min_pt, width)

    def _url_paragraphs(self, lines: list[list[tuple[str, bool]]], size: float,
                        ) -> tuple[list[Paragraph], int, int]:
        c = self.colours
        colour = self.readable(c.panel_text, c.panel, "#000000", size, False)
        spacing = self.spacing("caption")
        paragraphs = [Paragraph(runs=[Run(text=text, size_pt=size, colour=colour, bold=bold)
                                      for text, bold in line],
                                line_spacing=spacing, align="r") for line in lines]
        return paragraphs, len(lines), len(lines) * line_pitch_emu(self.regular, size, spacing)


PLACEHOLDER_NAMES = {"Title", "Headline", "Catch", "Body", "Details", "Contact", "Brand"}


# the event field behind each label of EventInfo.detail_rows() and contact_rows()
ROW_FIELDS = {
    "日時": "date", "会場": "venue", "対象": "audience", "定員": "capacity", "参加費": "fee",
    "申込": "application", "申込締切": "deadline", "持ち物": "bring", "主催": "organizer",
    "問い合わせ": "department", "電話": "phone", "メール": "email",
}
