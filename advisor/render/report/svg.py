"""Small SVG charts, drawn here so the report is self-contained and loads nothing from the network.

Every text value passes through ``esc``; callers hand in plain data, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from math import log10
from typing import NotRequired, TypedDict

PALETTE = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#319795", "#b7791f", "#718096")
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


class Point(TypedDict):
    """One dot of ``scatter``: where it sits, its hover text, and optionally its colour group, size class and ring."""

    x: float
    y: float
    label: str
    group: NotRequired[int]
    size: NotRequired[int]
    highlight: NotRequired[bool]


class Place(TypedDict):
    """A user metro on ``world_map``: position and hover text."""

    lat: float
    lon: float
    label: str


class VenuePlace(Place):
    """A venue on ``world_map``: a place with a short caption beside its square."""

    short: str


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def _frame(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>' + "".join(body) + "</svg>"
    )


def stacked_bars(title: str, bars: list[tuple[str, dict[str, float]]], unit: str = "$/month") -> str:
    """One horizontal bar per label, split into its parts (e.g. compute, power, staff)."""
    parts = sorted({k for _, d in bars for k in d})
    width, left, row = 760, 220, 26
    height = 40 + row * len(bars) + 24
    top = max([sum(d.values()) for _, d in bars] + [1.0])
    scale = (width - left - 90) / top
    body = [f'<text x="8" y="18" {FONT} font-weight="bold">{esc(title)}</text>']
    for i, (label, data) in enumerate(bars):
        y = 32 + i * row
        body.append(f'<text x="8" y="{y + 15}" {FONT}>{esc(label[:34])}</text>')
        x = float(left)
        for j, part in enumerate(parts):
            value = data.get(part, 0.0)
            if value <= 0:
                continue
            w = value * scale
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 8}" fill="{PALETTE[j % len(PALETTE)]}">'
                        f"<title>{esc(part)}: {value:,.2f} {esc(unit)}</title></rect>")
            x += w
        body.append(f'<text x="{x + 4:.1f}" y="{y + 15}" {FONT}>{sum(data.values()):,.0f}</text>')
    ly = 40 + row * len(bars)
    for j, part in enumerate(parts):
        body.append(f'<rect x="{8 + j * 110}" y="{ly}" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>'
                    f'<text x="{22 + j * 110}" y="{ly + 9}" {FONT}>{esc(part)}</text>')
    return _frame(width, height + 10, title, body)


def _nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top`` (1, 2 or 5 times a power of ten apart)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** int(f"{raw:e}".split("e")[1])
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(top / step) + 2)]


def scatter(title: str, points: list[Point], x_label: str, y_label: str, groups: Sequence[str] = (),
            size_label: str = "dot size = privacy level (0-6)", y_unit: str = " ms") -> str:
    """Points with x (log scale), y, a size class and a highlight flag: the Pareto view. Both axes carry
    values, and a legend names each group's colour, the ringed (chosen) point and what dot size means."""
    legend_rows = max(1, (len(groups) + 2) // 3) + 1
    width, height, pad, bottom = 760, 360 + 16 * legend_rows, 64, 64 + 16 * legend_rows
    xs = [p["x"] for p in points if p["x"] > 0] or [1.0]
    ys = [p["y"] for p in points] or [1.0]
    x0, x1 = log10(min(xs)) - 0.1, log10(max(xs)) + 0.1
    ticks_y = _nice_ticks(max(ys) * 1.05)
    y0, y1 = 0.0, ticks_y[-1]

    def px(x: float) -> float:
        return pad + (log10(max(x, 1e-9)) - x0) / ((x1 - x0) or 1) * (width - 2 * pad)

    def py(y: float) -> float:
        return height - bottom - (y - y0) / ((y1 - y0) or 1) * (height - bottom - 30)

    body = [f'<text x="8" y="18" {FONT} font-weight="bold">{esc(title)}</text>']
    for t in ticks_y:
        body.append(f'<line x1="{pad}" y1="{py(t):.1f}" x2="{width - pad}" y2="{py(t):.1f}" stroke="#edf2f7"/>'
                    f'<text x="{pad - 4}" y="{py(t) + 4:.1f}" {FONT} text-anchor="end">{t:,.0f}{esc(y_unit)}</text>')
    body += [f'<line x1="{pad}" y1="{height - bottom}" x2="{width - pad}" y2="{height - bottom}" stroke="#444"/>',
             f'<line x1="{pad}" y1="30" x2="{pad}" y2="{height - bottom}" stroke="#444"/>',
             f'<text x="{width / 2}" y="{height - bottom + 30}" {FONT} text-anchor="middle">{esc(x_label)}</text>',
             f'<text x="12" y="{(height - bottom) / 2 + 15}" {FONT} transform="rotate(-90 12 {(height - bottom) / 2 + 15})" '
             f'text-anchor="middle">{esc(y_label)}</text>']
    for k in range(int(x0) - 1, int(x1) + 2):
        for m in (1, 2, 5):
            value = m * 10 ** k
            if x0 <= log10(value) <= x1:
                body.append(f'<line x1="{px(value):.1f}" y1="{height - bottom}" x2="{px(value):.1f}" y2="{height - bottom + 4}" stroke="#444"/>'
                            f'<text x="{px(value):.1f}" y="{height - bottom + 16}" {FONT} text-anchor="middle">${value:,.0f}</text>')
    for p in points:
        color = PALETTE[p.get("group", 0) % len(PALETTE)]
        r = 4 + p.get("size", 0)
        stroke = ' stroke="#000" stroke-width="2"' if p.get("highlight") else ""
        body.append(f'<circle cx="{px(p["x"]):.1f}" cy="{py(p["y"]):.1f}" r="{r}" fill="{color}" fill-opacity="0.75"{stroke}>'
                    f"<title>{esc(p['label'])}</title></circle>")
    ly = height - 16 * legend_rows + 2
    entries = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(groups)]
    for i, (color, name) in enumerate(entries):
        x, y = 8 + (i % 3) * 250, ly + (i // 3) * 16
        body.append(f'<circle cx="{x + 5}" cy="{y - 4}" r="5" fill="{color}" fill-opacity="0.75"/>'
                    f'<text x="{x + 14}" y="{y}" {FONT}>{esc(name[:36])}</text>')
    y = ly + ((len(entries) + 2) // 3) * 16 if entries else ly
    body.append(f'<circle cx="13" cy="{y - 4}" r="5" fill="#fff" stroke="#000" stroke-width="2"/>'
                f'<text x="22" y="{y}" {FONT}>ringed = chosen</text>'
                f'<text x="140" y="{y}" {FONT}>{esc(size_label)}</text>')
    return _frame(width, height, title, body)


def lines(title: str, series: list[tuple[str, list[tuple[float, float]]]], x_label: str, y_label: str, marks: Sequence[tuple[float, str]] = (),
          x_max: float | None = None) -> str:
    """Line chart over x in [0, 1] (utilisation, ticks in %) or, given ``x_max``, over [0, x_max] (ticks in
    x's own unit): cost against utilisation or against volume, with the break-even marked."""
    width, height, pad = 860, 320, 70
    right = 170
    ymax = max([y for _, pts in series for _, y in pts] + [1.0]) * 1.1

    def px(x: float) -> float:
        return pad + x / (x_max or 1.0) * (width - pad - right)

    def py(y: float) -> float:
        return height - pad - y / ymax * (height - 2 * pad)

    body = [f'<text x="8" y="18" {FONT} font-weight="bold">{esc(title)}</text>',
            f'<line x1="{pad}" y1="{height - pad}" x2="{width - right}" y2="{height - pad}" stroke="#444"/>',
            f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#444"/>',
            f'<text x="{width / 2}" y="{height - 16}" {FONT} text-anchor="middle">{esc(x_label)}</text>',
            f'<text x="14" y="{height / 2}" {FONT} transform="rotate(-90 14 {height / 2})" text-anchor="middle">{esc(y_label)}</text>']
    for k in range(0, 11, 2):
        at = k / 10 * (x_max or 1.0)
        tick = f"{k * 10}%" if x_max is None else f"{at:,.0f}"
        body.append(f'<text x="{px(at):.1f}" y="{height - pad + 14}" {FONT} text-anchor="middle">{tick}</text>')
    for frac in (0.5, 1.0):
        value = ymax / 1.1 * frac
        body.append(f'<text x="{pad - 4}" y="{py(value) + 4:.1f}" {FONT} text-anchor="end">${value:,.0f}</text>'
                    f'<line x1="{pad}" y1="{py(value):.1f}" x2="{width - right}" y2="{py(value):.1f}" stroke="#edf2f7"/>')
    for i, (label, pts) in enumerate(series):
        path = " ".join(f"{'M' if j == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for j, (x, y) in enumerate(pts))
        color = PALETTE[i % len(PALETTE)]
        body.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        body.append(f'<text x="{width - right + 4}" y="{py(pts[-1][1]):.1f}" {FONT} fill="{color}">{esc(label[:28])}</text>')
    for i, (x, label) in enumerate(marks):
        body.append(f'<line x1="{px(x):.1f}" y1="{pad}" x2="{px(x):.1f}" y2="{height - pad}" stroke="#e53e3e" stroke-dasharray="4 3"/>'
                    f'<text x="{px(x) + 4:.1f}" y="{pad + 12 + 14 * i}" {FONT} fill="#e53e3e">{esc(label)}</text>')
    return _frame(width, height, title, body)


def world_map(title: str, venues: list[VenuePlace], users: list[Place], links: list[tuple[int, int]]) -> str:
    """Equirectangular sketch zoomed to the places shown: venues (squares), user metros (circles), links."""
    width, height = 760, 380
    lats = [p["lat"] for p in venues + users] or [0.0]
    lons = [p["lon"] for p in venues + users] or [0.0]
    span = max(max(lats) - min(lats), (max(lons) - min(lons)) / 2, 10.0) * 1.3
    clat, clon = (max(lats) + min(lats)) / 2, (max(lons) + min(lons)) / 2
    lat0, lat1, lon0, lon1 = clat - span / 2, clat + span / 2, clon - span, clon + span

    def proj(lat: float, lon: float) -> tuple[float, float]:
        return (lon - lon0) / (lon1 - lon0) * width, (lat1 - lat) / (lat1 - lat0) * height

    step = 5 if span <= 30 else 15 if span <= 90 else 30
    body = [f'<rect width="{width}" height="{height}" fill="#f0f6fc"/>',
            f'<text x="8" y="18" {FONT} font-weight="bold">{esc(title)}</text>']
    for lat in range(int(lat0 // step) * step, int(lat1) + step, step):
        y = proj(lat, 0)[1]
        body.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#d8e2ec"/>'
                    f'<text x="4" y="{y - 2:.1f}" {FONT} fill="#718096">{lat}°</text>')
    for lon in range(int(lon0 // step) * step, int(lon1) + step, step):
        x = proj(0, lon)[0]
        body.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#d8e2ec"/>'
                    f'<text x="{x + 2:.1f}" y="{height - 4}" {FONT} fill="#718096">{lon}°</text>')
    for user, venue in links:
        ux, uy = proj(users[user]["lat"], users[user]["lon"])
        vx, vy = proj(venues[venue]["lat"], venues[venue]["lon"])
        body.append(f'<line x1="{ux:.1f}" y1="{uy:.1f}" x2="{vx:.1f}" y2="{vy:.1f}" stroke="#a0aec0" stroke-dasharray="3 3"/>')
    for u in users:
        x, y = proj(u["lat"], u["lon"])
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#dd6b20"><title>{esc(u["label"])}</title></circle>'
                    f'<text x="{x + 7:.1f}" y="{y + 14:.1f}" {FONT} fill="#9c4221">{esc(u["label"].split(" users")[0])}</text>')
    for i, place in enumerate(venues):
        x, y = proj(place["lat"], place["lon"])
        body.append(f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}">'
                    f"<title>{esc(place['label'])}</title></rect>"
                    f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" {FONT}>{esc(place["short"][:30])}</text>')
    return _frame(width, height, title, body)
