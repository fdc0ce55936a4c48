"""The renderers: one `Content` to .docx (docxtpl, from the shipped or the city's template), HTML (the web view)
and PDF (WeasyPrint from the HTML with print CSS). They lay out; they never compute a figure.
"""

import base64
import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from core.money import percent
from documents.charts import render_png
from documents.content import Chart, Content, Heading, Paragraph, Table
from documents.docx_template import FANGSONG, HEITI, KAITI, put, set_east_asian

DEFAULT_TEMPLATE = Path(__file__).parent / "docx" / "default.docx"
PRINT_CSS = Path(__file__).parent / "static" / "documents" / "document.css"
BODY_MARKER = "〔正文〕"
KEEP_TOGETHER_ROWS = 15
HEADING_STYLES = {
    1: ("公文一级标题", HEITI),
    2: ("公文二级标题", KAITI),
    3: ("公文三级标题", FANGSONG),
    4: ("公文四级标题", FANGSONG),
}


class _Styles:
    """Paragraph style ids of one document, looked up once: python-docx resolves a style name by scanning every
    style of the template (and again for the default style) on each assignment, a third of the .docx time."""

    def __init__(self, doc):
        self.doc = doc
        self.ids = {}

    def id(self, name: str):
        if name not in self.ids:
            self.ids[name] = self.doc.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        return self.ids[name]

    def apply(self, paragraph, name: str):
        paragraph._p.style = self.id(name)
        return paragraph

    def add(self, name: str):
        """A new paragraph of the body in the named style (as styles.add(name) makes it)."""
        return self.apply(self.doc.add_paragraph(), name)


def _charts(content: Content) -> dict[int, bytes]:
    """Each chart drawn once, keyed by its position among the content's charts."""
    return {index: render_png(chart.spec, chart.title) for index, chart in enumerate(content.charts())}


def _text(paragraph, text: str, font: str, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    set_east_asian(run._r, font)


def _repeat_header(row) -> None:
    """The header row repeats on every page (w:tblHeader)."""
    put(row._tr.get_or_add_trPr(), "w:tblHeader")


def _table(styles: _Styles, block: Table) -> None:
    caption = styles.add("公文表题") if block.caption else None
    if caption is not None:
        _text(caption, block.caption, HEITI)
    table = styles.doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in enumerate(block.widths):
        table.columns[column].width = Mm(width)
        for cell in table.columns[column].cells:
            cell.width = Mm(width)
    _repeat_header(table.rows[0])
    for column, label in enumerate(block.header):
        cell = table.rows[0].cells[column]
        paragraph = cell.paragraphs[0]
        styles.apply(paragraph, "公文表头")
        _text(paragraph, label, HEITI)
    for index, row in enumerate(block.rows, start=1):
        cells = table.rows[index].cells
        for column, value in enumerate(row):
            paragraph = cells[column].paragraphs[0]
            styles.apply(paragraph, "公文表格")
            if block.numeric[column]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif value == "—":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(paragraph, value, FANGSONG)
            # A short table stays on one page with its caption; a long one breaks under its repeated header.
            paragraph.paragraph_format.keep_with_next = len(block.rows) <= KEEP_TOGETHER_ROWS and index < len(
                block.rows
            )
    if caption is not None:
        caption.paragraph_format.keep_with_next = True
    for cell in table.rows[0].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True


def _blocks(styles: _Styles, blocks, pictures, counter) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            style, font = HEADING_STYLES[block.level]
            _text(styles.add(style), f"{block.number}{block.text}", font)
        elif isinstance(block, Paragraph):
            paragraph = styles.add("公文正文")
            if block.lead:
                _text(paragraph, block.lead, KAITI)
            _text(paragraph, block.text, FANGSONG)
        elif isinstance(block, Table):
            _table(styles, block)
        elif isinstance(block, Chart):
            paragraph = styles.add("公文图")
            paragraph.add_run().add_picture(io.BytesIO(pictures[counter[0]]), width=Mm(150))
            counter[0] += 1
            _text(styles.add("公文图"), block.title, FANGSONG)


def _closing(styles: _Styles, content: Content, pictures: dict, counter: list) -> None:
    """The attachment list, signature and date at the right (the date four characters in from the margin, the
    signature centred on it), then each attachment on a new page headed 附件N."""
    # The body's last paragraph goes with the signature: a page with only a signature on it is not allowed.
    styles.doc.paragraphs[-1].paragraph_format.keep_with_next = True
    if content.attachments:
        first = styles.add("公文正文")
        first.paragraph_format.space_before = Pt(29)
        names = [
            f"{index}. {item.title}" if len(content.attachments) > 1 else item.title
            for index, item in enumerate(content.attachments, 1)
        ]
        _text(first, "附件：" + names[0], FANGSONG)
        first.paragraph_format.keep_with_next = True  # the list goes with the signature, never alone on a page
        for name in names[1:]:
            line = styles.add("公文正文")
            line.paragraph_format.first_line_indent = Pt(16 * 5)
            line.paragraph_format.keep_with_next = True
            _text(line, name, FANGSONG)
    signature = styles.add("公文署名")
    signature.paragraph_format.space_before = Pt(58)
    signature.paragraph_format.first_line_indent = Pt(0)
    shift = max(0, len(content.date) - len(content.signature)) / 2
    signature.paragraph_format.right_indent = Pt(16 * (4 + shift))
    signature.paragraph_format.keep_with_next = True
    _text(signature, content.signature, FANGSONG)
    date = styles.add("公文署名")
    date.paragraph_format.first_line_indent = Pt(0)
    date.paragraph_format.right_indent = Pt(16 * 4)
    _text(date, content.date, FANGSONG)
    for index, item in enumerate(content.attachments, 1):
        heading = styles.add("公文附件标识")
        heading.paragraph_format.page_break_before = True
        _text(heading, f"附件{index}" if len(content.attachments) > 1 else "附件", HEITI)
        title = styles.add("公文表题")
        title.paragraph_format.space_before = Pt(14)
        _text(title, item.title, HEITI)
        _blocks(styles, item.blocks, pictures, counter)


def _insert_body(doc, content: Content, pictures: dict) -> None:
    """Build the body in the rendered document (its styles are the template's) and move it to the marker."""
    marker = next((p for p in doc.paragraphs if p.text.strip() == BODY_MARKER), None)
    if marker is None:
        raise ValueError(_("模板中缺少正文占位符 {{ body }}（须单独成段）。"))
    body = doc.element.body
    before = set(body.iterchildren())
    counter = [0]
    styles = _Styles(doc)
    _blocks(styles, content.blocks, pictures, counter)
    _closing(styles, content, pictures, counter)
    for element in [child for child in body.iterchildren() if child not in before and child.tag != qn("w:sectPr")]:
        marker._p.addprevious(element)
    body.remove(marker._p)


def render_docx(content: Content, template=None) -> bytes:
    """The document as .docx bytes from `template` (a path or file; the shipped GB/T 9704 one when None).

    Jinja autoescapes, so a name with & or < stays text; a template without a needed placeholder or style raises.
    """
    tpl = DocxTemplate(template or DEFAULT_TEMPLATE)
    pictures = _charts(content)
    context = {
        "mark": content.mark,
        "number": content.number,
        "title": content.title,
        "addressee": content.addressee,
        "body": BODY_MARKER,
        "signature": content.signature,
        "date": content.date,
        "copies_to": content.copies_to,
        "printer": content.printer,
        "print_date": content.print_date,
    }
    tpl.render(context, autoescape=True)
    _insert_body(tpl.docx, content, pictures)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def html_context(content: Content, *, for_pdf: bool = False) -> dict:
    """The template context of the HTML view and the PDF: blocks with their charts as data: URIs."""
    pictures = _charts(content)
    uris = {index: "data:image/png;base64," + base64.b64encode(png).decode() for index, png in pictures.items()}
    counter = 0

    def prepared(blocks):
        nonlocal counter
        items = []
        for block in blocks:
            item = {"kind": block.kind, "block": block}
            if isinstance(block, Chart):
                item["src"] = uris[counter]
                counter += 1
            elif isinstance(block, Table):
                item["rows"] = [list(zip(row, block.numeric, strict=True)) for row in block.rows]
                item["cols"] = [str(percent(width, sum(block.widths), places=2)) for width in block.widths]
            items.append(item)
        return items

    return {
        "content": content,
        "blocks": prepared(content.blocks),
        "attachments": [{"title": item.title, "blocks": prepared(item.blocks)} for item in content.attachments],
        "for_pdf": for_pdf,
    }


def render_html(content: Content) -> str:
    """The document's body as an HTML fragment (the web view wraps it in the page)."""
    return render_to_string("documents/_document.html", html_context(content))


def render_pdf(content: Content) -> bytes:
    """The document as PDF: the HTML with print CSS (A4, GB/T 9704 margins, Noto CJK fonts named and embedded)."""
    from weasyprint import HTML

    context = html_context(content, for_pdf=True)
    context["css"] = PRINT_CSS.read_text(encoding="utf-8")
    html = render_to_string("documents/print.html", context)
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf()
