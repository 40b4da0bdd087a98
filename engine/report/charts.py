"""Charts for the HTML report as inline SVG: no script, no fonts or images fetched, prints as vectors.

Every label is escaped (they are csaudit's own words and cycle names from the audit database, but a
cycle is typed by a person). Each chart has a title and a text description for screen readers, and
every bar carries its number as text, so nothing depends on colour alone.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..risk import IMPACT, LIKELIHOOD

COLOURS = {"high": "#b42318", "medium": "#dc6803", "low": "#457b9d"}
BAND_FILL = {"high": "#f9c9c4", "medium": "#fde3b5", "low": "#dbe9f3"}
INK, MUTED, GRID = "#1d2939", "#667085", "#e4e7ec"
FONT = "font-family=\"Helvetica Neue, Arial, DejaVu Sans, sans-serif\""


def _e(text) -> str:
    return str(escape(str(text)))


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'{FONT} font-size="12"><title>{_e(title)}</title><desc>{_e(desc)}</desc>'
        + "".join(body) + "</svg>")


def stacked_bars(title: str, rows: list[tuple[str, dict[str, int]]], width: int = 640) -> Markup:
    """Horizontal bars, one per row, split by rating (high, medium, low), with the counts written in."""
    label_w, bar_h, gap, top = 190, 18, 8, 26
    height = top + len(rows) * (bar_h + gap) + 24
    biggest = max([sum(c.values()) for _, c in rows] + [1])
    scale = (width - label_w - 50) / biggest
    body = [f'<text x="0" y="14" font-weight="bold" fill="{INK}">{_e(title)}</text>']
    for i, (label, counts) in enumerate(rows):
        y = top + i * (bar_h + gap)
        body.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" fill="{INK}">{_e(label)}</text>')
        x = float(label_w)
        total = 0
        for rating in ("high", "medium", "low"):
            n = counts.get(rating, 0)
            if not n:
                continue
            w = n * scale
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS[rating]}">'
                        f'<title>{_e(f"{label}: {n} {rating}")}</title></rect>')
            if w >= 16:
                body.append(f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" fill="#fff" '
                            f'font-size="11">{n}</text>')
            x += w
            total += n
        body.append(f'<text x="{x + 6:.1f}" y="{y + 13}" fill="{MUTED}">{total}</text>')
    legend_y = height - 8
    lx = label_w
    for rating in ("high", "medium", "low"):
        body.append(f'<rect x="{lx}" y="{legend_y - 9}" width="10" height="10" fill="{COLOURS[rating]}"/>'
                    f'<text x="{lx + 14}" y="{legend_y}" fill="{MUTED}">{rating}</text>')
        lx += 70
    desc = "; ".join(f"{label}: " + ", ".join(f"{c.get(r, 0)} {r}" for r in ("high", "medium", "low"))
                     for label, c in rows)
    return _svg(width, height, title, desc, body)


def rating_columns(title: str, counts: dict[str, dict[str, int]], width: int = 300) -> Markup:
    """Columns for high, medium and low, each split into legal duties and the rest."""
    height, top, base = 210, 30, 180
    biggest = max([sum(v.values()) for v in counts.values()] + [1])
    scale = (base - top - 10) / biggest
    body = [f'<text x="0" y="14" font-weight="bold" fill="{INK}">{_e(title)}</text>',
            f'<line x1="20" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{GRID}"/>']
    col_w = 56
    for i, rating in enumerate(("high", "medium", "low")):
        x = 40 + i * (col_w + 30)
        duty, other = counts[rating].get("duty", 0), counts[rating].get("other", 0)
        y = base
        for n, opacity, what in ((duty, "1", "legal duty"), (other, "0.55", "other")):
            if not n:
                continue
            h = n * scale
            y -= h
            body.append(f'<rect x="{x}" y="{y:.1f}" width="{col_w}" height="{h:.1f}" fill="{COLOURS[rating]}" '
                        f'fill-opacity="{opacity}"><title>{_e(f"{rating}: {n} {what}")}</title></rect>')
        total = duty + other
        body.append(f'<text x="{x + col_w / 2}" y="{y - 5:.1f}" text-anchor="middle" fill="{INK}" '
                    f'font-weight="bold">{total}</text>')
        body.append(f'<text x="{x + col_w / 2}" y="{base + 16}" text-anchor="middle" fill="{MUTED}">{rating}</text>')
    body.append(f'<text x="{width - 10}" y="{height - 2}" text-anchor="end" fill="{MUTED}" font-size="10">'
                'solid: legal duties; pale: recommendations and good practice</text>')
    desc = "; ".join(f"{r}: {counts[r].get('duty', 0)} legal duties, {counts[r].get('other', 0)} others"
                     for r in ("high", "medium", "low"))
    return _svg(width, height, title, desc, body)


def heat_map(counts: dict[tuple[str, str], int], high: int, medium: int, width: int = 470) -> Markup:
    """The 5 x 5 likelihood x impact matrix, each cell shaded by its band and holding the open gaps in it."""
    lks = sorted(LIKELIHOOD, key=LIKELIHOOD.get, reverse=True)
    ims = sorted(IMPACT, key=IMPACT.get)
    left, top, cell_w, cell_h = 110, 26, 70, 44
    height = top + 5 * cell_h + 46
    body = [f'<text x="0" y="14" font-weight="bold" fill="{INK}">Risk matrix: open gaps by likelihood and '
            'impact</text>']
    cells = []
    for r, lk in enumerate(lks):
        y = top + r * cell_h
        body.append(f'<text x="{left - 8}" y="{y + cell_h / 2 + 4}" text-anchor="end" fill="{INK}">'
                    f'{_e(lk.replace("_", " "))}</text>')
        for c, im in enumerate(ims):
            x = left + c * cell_w
            s = LIKELIHOOD[lk] * IMPACT[im]
            band = "high" if s >= high else "medium" if s >= medium else "low"
            n = counts.get((lk, im), 0)
            lk_words = lk.replace("_", " ")
            body.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{BAND_FILL[band]}"'
                        f' stroke="{COLOURS[band] if n else "none"}" stroke-width="{2 if n else 0}">'
                        f'<title>{_e(f"{lk_words} x {im}: score {s}, {band}; {n} open gap(s)")}</title>'
                        '</rect>')
            body.append(f'<text x="{x + 6}" y="{y + 13}" fill="{MUTED}" font-size="9">{s}</text>')
            if n:
                body.append(f'<text x="{x + cell_w / 2 - 1}" y="{y + cell_h / 2 + 7}" text-anchor="middle" '
                            f'font-size="18" font-weight="bold" fill="{COLOURS[band]}">{n}</text>')
                cells.append(f"{lk.replace('_', ' ')} x {im}: {n}")
    for c, im in enumerate(ims):
        body.append(f'<text x="{left + c * cell_w + cell_w / 2 - 1}" y="{top + 5 * cell_h + 14}" text-anchor="middle" '
                    f'fill="{INK}">{_e(im)}</text>')
    body.append(f'<text x="{left + 5 * cell_w / 2}" y="{top + 5 * cell_h + 32}" text-anchor="middle" '
                f'fill="{MUTED}">impact →   (small figures: score; high ≥ {high}, medium ≥ {medium})</text>')
    body.append(f'<text x="12" y="{top + 5 * cell_h / 2}" text-anchor="middle" fill="{MUTED}" '
                f'transform="rotate(-90 12 {top + 5 * cell_h / 2})">likelihood →</text>')
    desc = "Open gaps per cell: " + ("; ".join(cells) or "none")
    return _svg(width, height, "Risk matrix", desc, body)


def trend_lines(points: list[tuple[str, dict[str, int]]], width: int = 640) -> Markup:
    """Open gaps, legal-duty gaps and high risks per audit cycle, oldest first."""
    series = (("open", "open gaps", INK), ("duty", "legal duties", COLOURS["high"]),
              ("high", "high risk", COLOURS["medium"]))
    left, top, right, base = 60, 48, 50, 200
    height = base + 44
    biggest = max([v for _, p in points for v in p.values()] + [1])
    step = (width - left - right) / max(len(points) - 1, 1)
    body = [f'<text x="0" y="14" font-weight="bold" fill="{INK}">Open gaps per audit cycle</text>']
    for k in range(0, 5):
        v = biggest * k / 4
        y = base - (base - top) * k / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}" font-size="10">'
                    f'{v:.0f}</text>')
    for key, label, colour in series:
        coords = [(left + i * step, base - (base - top) * p[key] / biggest) for i, (_, p) in enumerate(points)]
        if len(coords) > 1:
            body.append('<polyline fill="none" stroke-width="2.5" stroke="' + colour + '" points="'
                        + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) + '"/>')
        for (x, y), (cycle, p) in zip(coords, points):
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                        f'<title>{_e(f"{cycle}: {p[key]} {label}")}</title></circle>')
            if key == "open":
                body.append(f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" fill="{INK}" '
                            f'font-size="11">{p[key]}</text>')
    for i, (cycle, _) in enumerate(points):
        body.append(f'<text x="{left + i * step:.1f}" y="{base + 16}" text-anchor="middle" fill="{INK}">'
                    f'{_e(cycle)}</text>')
    lx = left
    for key, label, colour in series:
        body.append(f'<rect x="{lx}" y="{height - 14}" width="12" height="4" fill="{colour}"/>'
                    f'<text x="{lx + 16}" y="{height - 9}" fill="{MUTED}">{_e(label)}</text>')
        lx += 110
    desc = "; ".join(f"{c}: {p['open']} open, {p['duty']} legal duties, {p['high']} high risk" for c, p in points)
    return _svg(width, height, "Open gaps per audit cycle", desc, body)
