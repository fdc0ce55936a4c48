"""The structured document (公文) every renderer reads: one model in Python, rendered to .docx, HTML and PDF.

A document is built once from the figures (documents/kinds.py), frozen as JSON when issued (`as_json` /
`from_json`), and rendered from that frozen content, so an issued document gives the same text for ever. The
renderers never compute a figure: they only lay out what this model holds.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field

# The four heading levels of GB/T 9704: 一、 /（一）/ 1. /（1）.
CHINESE_NUMBERS = "零一二三四五六七八九十"
EMPTY_CELL = "—"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings rarely pass 99)."""
    if n <= 10:
        return CHINESE_NUMBERS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMBERS[tens]
    return f"{head}十{CHINESE_NUMBERS[ones] if ones else ''}"


def heading_number(level: int, n: int) -> str:
    """The number a heading of `level` (1–4) carries as its `n`th: 一、 /（一）/ 1. /（1）."""
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def chinese_date(day: dt.date) -> str:
    """2024年6月5日: Arabic numerals without zero padding, as a 成文日期 is written."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Heading:
    """A numbered heading; `number` is given by `Outline` so the text is final in every renderer."""

    level: int
    text: str
    number: str = ""
    kind: str = "heading"


@dataclass
class Paragraph:
    """A body paragraph (first line indented two characters); `lead` is a run-in heading ending with 。."""

    text: str
    lead: str = ""
    kind: str = "paragraph"


@dataclass
class Table:
    """A table with one header row repeated on every page; `numeric` marks the right-aligned columns.

    Cells are text already formatted; an empty cell is written "—" (the standard allows no empty cell).
    """

    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # column widths in mm (the text block is 156), [] for even
    kind: str = "table"

    def __post_init__(self):
        self.rows = [[EMPTY_CELL if cell in (None, "") else str(cell) for cell in row] for row in self.rows]
        if not self.numeric:
            self.numeric = [False] * len(self.header)
        if not self.widths:
            self.widths = [156 // len(self.header)] * len(self.header)


@dataclass
class Chart:
    """A chart drawn from figures (documents/charts.py): its `spec` is data, so an issued document redraws it."""

    title: str
    spec: dict
    kind: str = "chart"


BLOCKS = {"heading": Heading, "paragraph": Paragraph, "table": Table, "chart": Chart}


@dataclass
class Attachment:
    """An attachment (附件): listed after the body, each starting a new page headed 附件N."""

    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Content:
    """One 公文: red header, number, title, addressee, body, attachments, signature, date and 版记.

    `notes` are messages to the editor (a figure the data lacks was left out); they show in the preview, never in
    the issued document.
    """

    kind: str
    mark: str  # 发文机关标志, e.g. 营口市发展和改革委员会文件
    number: str  # 发文字号, e.g. 营发改发〔2024〕12号 ("" on a draft)
    title: str
    addressee: str
    blocks: list = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    signature: str = ""
    date: str = ""  # 成文日期, already written 2024年6月5日
    copies_to: str = ""  # 抄送
    printer: str = ""  # 印发机关
    print_date: str = ""  # 印发日期
    notes: list[str] = field(default_factory=list)
    period: str = ""

    def as_json(self) -> dict:
        """Plain JSON data (the frozen snapshot of an issued document)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Content":
        """The inverse of `as_json`."""
        data = dict(data)
        data["blocks"] = _blocks(data.get("blocks", []))
        data["attachments"] = [
            Attachment(item["title"], _blocks(item.get("blocks", []))) for item in data.get("attachments", [])
        ]
        return cls(**data)

    def charts(self) -> list[Chart]:
        """Every chart, body first then attachments (renderers draw them once each)."""
        blocks = list(self.blocks) + [block for item in self.attachments for block in item.blocks]
        return [block for block in blocks if isinstance(block, Chart)]

    def tables(self) -> list[Table]:
        blocks = list(self.blocks) + [block for item in self.attachments for block in item.blocks]
        return [block for block in blocks if isinstance(block, Table)]


def _blocks(items: list[dict]) -> list:
    return [BLOCKS[item["kind"]](**item) for item in items]


class Outline:
    """Numbers headings as they are added: a level-1 heading restarts the count below it."""

    def __init__(self):
        self.blocks: list = []
        self.attachments: list[Attachment] = []
        self._counts = [0, 0, 0, 0]

    def attach(self, title: str, blocks: list) -> int:
        """Add an attachment (附件); returns its number, for "（详见附件2）" in the body."""
        self.attachments.append(Attachment(title, blocks))
        return len(self.attachments)

    def heading(self, level: int, text: str) -> Heading:
        self._counts[level - 1] += 1
        for below in range(level, 4):
            self._counts[below] = 0
        block = Heading(level, text, heading_number(level, self._counts[level - 1]))
        self.blocks.append(block)
        return block

    def paragraph(self, text: str, lead: str = "") -> None:
        if text or lead:
            self.blocks.append(Paragraph(text, lead))

    def add(self, block) -> None:
        self.blocks.append(block)
