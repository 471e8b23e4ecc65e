"""Chart pictures for curators' screens (survey results, statistics), drawn with matplotlib's
Agg backend (no display) and sized for a phone: 1080 px wide, large type, one message each.

matplotlib is imported on the first picture, not with the bot: it would add half a second to
every start-up for a screen a curator opens now and then."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_IN = 7.2
DPI = 150  # 7.2 in × 150 = 1080 px: a phone's width
FONT = "DejaVu Sans"  # matplotlib's own font: Cyrillic included
COLORS = ("#2E7D32", "#1565C0", "#EF6C00", "#6A1B9A", "#C62828", "#00838F")
TARGET_COLOR = "#9E9E9E"

# pyplot keeps global state and is not thread-safe; figures made directly are, but the font
# cache is shared: pictures are drawn one at a time.
_drawing = threading.Lock()


@contextmanager
def figure(height_in: float) -> Iterator[Figure]:
    """A figure a phone shows whole: 1080 px wide, `height_in` inches (× 150 px) high."""
    from matplotlib.figure import Figure  # noqa: PLC0415  (on the first picture)

    fig = Figure(figsize=(WIDTH_IN, max(2.0, min(height_in, 14.0))), dpi=DPI)
    fig.set_layout_engine("constrained")
    yield fig


def png(fig: Figure) -> bytes:
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def draw(make: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
    """Run a drawing function under the module's lock (call it in a worker thread:
    `await asyncio.to_thread(draw, make, ...)`)."""
    import matplotlib  # noqa: PLC0415  (on the first picture)

    matplotlib.use("Agg")
    with _drawing, matplotlib.rc_context({"font.family": FONT, "font.size": 13}):
        return make(*args, **kwargs)
