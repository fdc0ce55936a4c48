"""Charts for documents, drawn with matplotlib from a chart spec (plain data kept in the document's content), so an
issued document redraws the same chart. Labels are Chinese: the font is Noto Sans CJK SC (fonts-noto-cjk), named
explicitly, so no character falls back to a font without it (boxes, "tofu").

A spec: {"type": "bar" | "barh", "labels": [...], "series": [{"name": ..., "values": [...]}], "unit": "亿元",
"colors": [...] (optional, per bar of a single series)}.
"""

import io
from functools import cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

CJK_FAMILY = "Noto Sans CJK SC"
PALETTE = ("#c00000", "#1f4e79", "#7f7f7f", "#bf9000")
LIGHTS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}
WIDTH_IN, HEIGHT_IN, DPI = 6.1, 3.4, 150  # 15.6 cm wide: the text block of GB/T 9704


@cache
def cjk_font() -> font_manager.FontProperties:
    """The installed CJK font; a missing font is an error, not a chart full of boxes."""
    path = font_manager.findfont(font_manager.FontProperties(family=CJK_FAMILY), fallback_to_default=False)
    return font_manager.FontProperties(fname=path)


def _values(values) -> list[float]:
    return [float(value) if value not in (None, "") else 0.0 for value in values]


def render_png(spec: dict, title: str = "") -> bytes:
    """The chart as PNG bytes (150 dpi, 15.6 cm wide)."""
    font = cjk_font()
    figure = Figure(
        figsize=(WIDTH_IN, HEIGHT_IN if spec["type"] == "bar" else max(HEIGHT_IN, 0.32 * len(spec["labels"]) + 1)),
        dpi=DPI,
    )
    axes = figure.subplots()
    labels = spec["labels"]
    series = spec["series"]
    positions = range(len(labels))
    width = 0.8 / max(1, len(series))
    for index, item in enumerate(series):
        colors = spec.get("colors") if len(series) == 1 and spec.get("colors") else PALETTE[index % len(PALETTE)]
        offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
        values = _values(item["values"])
        if spec["type"] == "barh":
            bars = axes.barh(offsets, values, height=width, color=colors, label=item["name"])
        else:
            bars = axes.bar(offsets, values, width=width, color=colors, label=item["name"])
        axes.bar_label(bars, labels=[f"{value:g}" for value in values], fontproperties=font, fontsize=7, padding=2)
    if spec["type"] == "barh":
        axes.set_yticks(list(positions), labels, fontproperties=font, fontsize=8)
        axes.invert_yaxis()
        axes.set_xlabel(spec.get("unit", ""), fontproperties=font, fontsize=8)
    else:
        axes.set_xticks(list(positions), labels, fontproperties=font, fontsize=8, rotation=30 if len(labels) > 6 else 0)
        axes.set_ylabel(spec.get("unit", ""), fontproperties=font, fontsize=8)
    if title:
        axes.set_title(title, fontproperties=font, fontsize=10)
    if len(series) > 1:
        axes.legend(prop=font, fontsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)
    figure.tight_layout()
    # Margins are fixed now; without this the figure keeps a placeholder layout engine and savefig lays every
    # text out once more in a dry-run draw before the real one (a third of a chart's time).
    figure.set_layout_engine(None)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
