"""The shipped Word template, built to GB/T 9704-2012 with python-docx (`gongjian document build-template` writes
documents/docx/default.docx). A city edits that file in Word and uploads its own; the renderer needs only the
placeholders and the styles named in STYLES.

Page: A4, margins 37 (top) / 28 (left) / 35 (bottom) / 26 (right) mm, mirrored on even pages; line grid of 22
lines (28.95 pt pitch), 28 characters a line (−0.2 pt character spacing); body 3号 (16 pt) 仿宋_GB2312;
page numbers `— 1 —` 4号 宋体, odd right, even left.
"""

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)
LINE_PITCH_TWIPS = 579  # 225 mm ÷ 22 lines = 28.95 pt
CHAR_SPACING_TWIPS = -4  # −0.2 pt between characters, so 28 characters of 16 pt fill 156 mm (Word and LibreOffice)
SIZE_3, SIZE_4, SIZE_2 = Pt(16), Pt(14), Pt(22)
CHAR = Pt(16)

# style name → (East Asian font, size, bold, alignment, first-line indent in characters)
STYLES = {
    "公文正文": (FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "公文一级标题": (HEITI, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "公文二级标题": (KAITI, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "公文三级标题": (FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "公文四级标题": (FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "公文表题": (HEITI, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "公文表格": (FANGSONG, SIZE_4, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "公文表头": (HEITI, SIZE_4, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "公文图": (FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "公文署名": (FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    "公文附件标识": (HEITI, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
}


def set_east_asian(target, font: str, latin: str = "Times New Roman") -> None:
    """Name the font for East Asian text too (python-docx sets only the Latin ones): a style's or a run's rFonts."""
    fonts = target.get_or_add_rPr().get_or_add_rFonts()
    for name in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(name), latin)
    fonts.set(qn("w:eastAsia"), font)


# The schema's order of the children Word checks (a file with children out of order "is corrupt"): for each tag we
# set, the tags that must come after it in its parent (ECMA-376 Part 1, CT_PPrBase / CT_RPr / CT_TrPrBase).
_PPR_TAIL = (
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
SUCCESSORS = {
    "w:pBdr": (
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        *_PPR_TAIL,
    ),
    "w:snapToGrid": _PPR_TAIL,
    "w:spacing": (
        "w:w",
        "w:kern",
        "w:position",
        "w:sz",
        "w:szCs",
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    ),
    "w:tblHeader": ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"),
}
# In w:settings, mirrorMargins follows these (and precedes everything else).
_SETTINGS_BEFORE_MIRROR = (
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
)


def put(parent, tag: str, attrs: dict | None = None):
    """Set child `tag` of a pPr / rPr / trPr element in the schema's order (Word refuses a file whose children are
    out of order); an existing one is replaced. Returns the new element."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        element.set(qn(key), value)
    parent.insert_element_before(element, *SUCCESSORS[tag])
    return element


def _mirror_margins(settings) -> None:
    """w:mirrorMargins in w:settings, after the elements the schema puts before it."""
    if settings.find(qn("w:mirrorMargins")) is not None:
        return
    before = [qn(tag) for tag in _SETTINGS_BEFORE_MIRROR]
    index = 0
    for position, child in enumerate(settings):
        if child.tag in before:
            index = position + 1
    settings.insert(index, OxmlElement("w:mirrorMargins"))


def _ppr_flag(owner, tag: str, value: str = "0") -> None:
    put(owner.get_or_add_pPr(), tag, {"w:val": value})


def border(paragraph, side: str, size: int, color: str = "000000", space: int = 1) -> None:
    """A rule above or below a paragraph (the red rule of the header, the lines of the 版记)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = put(ppr, "w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.size = SIZE_3
    normal.font.name = "Times New Roman"
    set_east_asian(normal.element, FANGSONG)
    put(normal.element.get_or_add_rPr(), "w:spacing", {"w:val": str(CHAR_SPACING_TWIPS)})
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.95)
    fmt.widow_control = False
    for name, (font, size, bold, align, indent) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = size
        style.font.bold = bold
        set_east_asian(style.element, font)
        style.paragraph_format.alignment = align
        style.paragraph_format.first_line_indent = CHAR * indent if indent else Pt(0)
        if size == SIZE_4:  # table cells: single spacing, off the 29 pt line grid
            style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _ppr_flag(style.element, "w:snapToGrid")
        if name.endswith("标题"):
            style.paragraph_format.keep_with_next = True


def _page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(23)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    # Even pages mirror the binding margin.
    _mirror_margins(section.part.document.settings.element)


def _page_number(paragraph, align) -> None:
    """'— 1 —' with a PAGE field, 4号 宋体, one character in from the edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)

    def run(text=None):
        item = paragraph.add_run(text)
        item.font.size = SIZE_4
        set_east_asian(item._r, SONGTI)
        return item

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        item = run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            item._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            item._r.append(instr)
    run(" —")


def _run(paragraph, text, font, size, color=None):
    run = paragraph.add_run(text)
    run.font.size = size
    set_east_asian(run._r, font)
    if color:
        run.font.color.rgb = color
    return run


def build_default_template(path) -> None:
    """Write the GB/T 9704 template with its placeholders: mark, number, title, addressee, body, 版记."""
    document = Document()
    _styles(document)
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    _page(section)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    mark = document.add_paragraph(style="公文正文")
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.first_line_indent = Pt(0)
    mark.paragraph_format.space_before = Mm(25)
    mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _ppr_flag(mark._p, "w:snapToGrid")
    _run(mark, "{{ mark }}", XIAOBIAOSONG, Pt(30), RED)

    number = document.add_paragraph(style="公文正文")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = Pt(0)
    number.paragraph_format.space_before = Pt(58)
    _run(number, "{{ number }}", FANGSONG, SIZE_3)
    border(number, "bottom", 18, "FF0000", space=11)  # the red rule, 4 mm below the number

    title = document.add_paragraph(style="公文正文")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_before = Pt(58)
    title.paragraph_format.line_spacing = Pt(35)
    _run(title, "{{ title }}", XIAOBIAOSONG, SIZE_2)

    addressee = document.add_paragraph(style="公文正文")
    addressee.paragraph_format.first_line_indent = Pt(0)
    addressee.paragraph_format.space_before = Pt(29)
    _run(addressee, "{{ addressee }}", FANGSONG, SIZE_3)

    document.add_paragraph("{{ body }}", style="公文正文")

    copies = document.add_paragraph(style="公文正文")
    copies.paragraph_format.first_line_indent = Pt(0)
    copies.paragraph_format.left_indent = Pt(14)
    copies.paragraph_format.space_before = Pt(58)
    copies.paragraph_format.keep_with_next = True
    _run(copies, "抄送：{{ copies_to }}。", FANGSONG, SIZE_4)
    border(copies, "top", 8)
    border(copies, "bottom", 4)
    printed = document.add_paragraph(style="公文正文")
    printed.paragraph_format.first_line_indent = Pt(0)
    printed.paragraph_format.left_indent = Pt(14)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(14), WD_TAB_ALIGNMENT.RIGHT)
    _run(printed, "{{ printer }}\t{{ print_date }}印发", FANGSONG, SIZE_4)
    border(printed, "bottom", 8)
    document.save(path)
