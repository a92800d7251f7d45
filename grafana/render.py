#!/usr/bin/env python3
"""Renders grafana/keepalive-dashboard.json as an SVG picture from a real sample-app run.

No Grafana is needed: the script evaluates the dashboard's own PromQL queries (the small
part of PromQL they use) over scrapes of /actuator/prometheus, and draws each panel where
the dashboard puts it. It is a picture of real figures, not a Grafana screenshot.

Record a run and render it (the sample app must be running):

    python3 grafana/render.py --url http://127.0.0.1:8080 --save grafana/sample-run.json

Render a saved run again (e.g. after editing the dashboard):

    python3 grafana/render.py --run grafana/sample-run.json

Standard library only.
"""

import argparse
import datetime
import html
import json
import math
import os
import re
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
KEPT = re.compile(r"^(keepalive_|http_client_requests_seconds)")
SAMPLE_LINE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


# ---------------------------------------------------------------------------------------
# Recording: scrape /actuator/prometheus while /demo runs
# ---------------------------------------------------------------------------------------

def parse_scrape(text):
    """Samples of the kept metrics: {(name, ((label, value), ...)): value}."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE_LINE.match(line)
        if not match or not KEPT.match(match.group(1)):
            continue
        labels = tuple(sorted(LABEL.findall(match.group(2) or "")))
        samples[(match.group(1), labels)] = float(match.group(3))
    return samples


def record(url, seconds, interval, idle):
    """Scrapes every `interval` seconds; calls /demo over and over for `seconds`, with
    `idle` seconds of quiet before and after, so the charts show the runs start and end."""
    def get(path, timeout=120):
        with urllib.request.urlopen(url + path, timeout=timeout) as response:
            return response.read().decode("utf-8")

    stop = threading.Event()
    reports = []

    def demo():
        time.sleep(idle)
        end = time.monotonic() + seconds
        while time.monotonic() < end and not stop.is_set():
            reports.append(json.loads(get("/demo")))

    caller = threading.Thread(target=demo, daemon=True)
    start = time.monotonic()
    caller.start()
    times, scrapes = [], []
    while caller.is_alive() or time.monotonic() - start < idle + seconds + idle:
        tick = time.monotonic()
        scrapes.append(parse_scrape(get("/actuator/prometheus")))
        times.append(round(tick - start, 3))
        if not caller.is_alive() and time.monotonic() - start > idle + seconds + idle:
            break
        time.sleep(max(0.0, interval - (time.monotonic() - tick)))
    stop.set()
    caller.join()
    keys = sorted({key for scrape in scrapes for key in scrape})
    series = [{"name": name, "labels": dict(labels),
               "values": [scrape.get((name, labels)) for scrape in scrapes]} for name, labels in keys]
    return {"recorded": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "url": url, "interval": interval, "demoRuns": len(reports),
            "lastDemo": reports[-1] if reports else None, "times": times, "series": series}


# ---------------------------------------------------------------------------------------
# The part of PromQL the dashboard uses, evaluated over the recorded samples
# ---------------------------------------------------------------------------------------

TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:e[+-]?\d+)?)|(?P<str>\"(?:[^\"\\]|\\.)*\")"
                   r"|(?P<name>[a-zA-Z_:$][a-zA-Z0-9_:]*)|(?P<op>=~|!~|!=|>=|<=|==|[-+*/(){}\[\],=<>]))")


def tokenize(query):
    tokens, position = [], 0
    query = query.strip()
    while position < len(query):
        match = TOKEN.match(query, position)
        if not match or match.end() == position:
            raise ValueError("Cannot read PromQL at: " + query[position:])
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class Parser:
    """Recursive descent over: selectors with matchers, rate/increase over a range,
    sum/max/min/avg by (...), histogram_quantile, + - * / between vectors or numbers,
    comparison filters."""

    AGGREGATIONS = ("sum", "max", "min", "avg", "count")
    RANGE_FUNCTIONS = ("rate", "increase")

    def __init__(self, query):
        self.tokens = tokenize(query)
        self.position = 0

    def peek(self, offset=0):
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if value is not None and token[1] != value:
            raise ValueError("Expected %r, got %r" % (value, token[1]))
        self.position += 1
        return token

    def parse(self):
        node = self.comparison()
        if self.peek()[0] is not None:
            raise ValueError("Unexpected %r" % (self.peek()[1],))
        return node

    def comparison(self):
        node = self.additive()
        if self.peek()[1] in (">", "<", ">=", "<=", "==", "!="):
            op = self.take()[1]
            node = ("filter", op, node, self.additive())
        return node

    def additive(self):
        node = self.multiplicative()
        while self.peek()[1] in ("+", "-"):
            node = ("binary", self.take()[1], node, self.multiplicative())
        return node

    def multiplicative(self):
        node = self.primary()
        while self.peek()[1] in ("*", "/"):
            node = ("binary", self.take()[1], node, self.primary())
        return node

    def labels(self):
        self.take("(")
        names = []
        while self.peek()[1] != ")":
            names.append(self.take()[1])
            if self.peek()[1] == ",":
                self.take(",")
        self.take(")")
        return names

    def primary(self):
        kind, value = self.peek()
        if kind == "num":
            self.take()
            return ("number", float(value))
        if value == "(":
            self.take("(")
            node = self.comparison()
            self.take(")")
            return node
        if kind != "name":
            raise ValueError("Unexpected %r" % (value,))
        self.take()
        if value in self.AGGREGATIONS:
            by = None
            if self.peek()[1] == "by":
                self.take("by")
                by = self.labels()
            self.take("(")
            inner = self.comparison()
            self.take(")")
            if by is None and self.peek()[1] == "by":
                self.take()
                by = self.labels()
            return ("aggregate", value, by or [], inner)
        if value == "histogram_quantile":
            self.take("(")
            quantile = float(self.take()[1])
            self.take(",")
            inner = self.comparison()
            self.take(")")
            return ("histogram_quantile", quantile, inner)
        if value in self.RANGE_FUNCTIONS:
            self.take("(")
            selector = self.selector(self.take()[1])
            self.take("[")
            window = self.take()[1]
            self.take("]")
            self.take(")")
            return ("range", value, selector, window)
        return self.selector(value)

    def selector(self, name):
        matchers = []
        if self.peek()[1] == "{":
            self.take("{")
            while self.peek()[1] != "}":
                label = self.take()[1]
                op = self.take()[1]
                text = json.loads(self.take()[1])
                matchers.append((label, op, text))
                if self.peek()[1] == ",":
                    self.take(",")
            self.take("}")
        return ("selector", name, matchers)


class Evaluator:
    """Evaluates parsed queries at each recorded time; an instant vector is a dict of
    label tuples to values."""

    def __init__(self, run, variables, rate_interval):
        self.times = run["times"]
        self.series = run["series"]
        self.variables = variables
        self.windows = {"$__rate_interval": rate_interval, "$__range": self.times[-1] - self.times[0]}

    def query(self, text):
        node = Parser(text).parse()
        return [self.evaluate(node, index) for index in range(len(self.times))]

    def matches(self, series, name, matchers):
        if series["name"] != name:
            return False
        for label, op, text in matchers:
            for variable, value in self.variables.items():
                text = text.replace(variable, value)
            actual = series["labels"].get(label, "")
            if op == "=" and actual != text or op == "!=" and actual == text:
                return False
            if op in ("=~", "!~") and bool(re.fullmatch(text, actual)) != (op == "=~"):
                return False
        return True

    def evaluate(self, node, index):
        kind = node[0]
        if kind == "number":
            return node[1]
        if kind == "selector":
            return {tuple(sorted(s["labels"].items())): s["values"][index]
                    for s in self.series if self.matches(s, node[1], node[2]) and s["values"][index] is not None}
        if kind == "range":
            return self.range(node, index)
        if kind == "aggregate":
            groups = {}
            for labels, value in self.evaluate(node[3], index).items():
                key = tuple((k, v) for k, v in labels if k in node[2])
                groups.setdefault(key, []).append(value)
            combine = {"sum": sum, "max": max, "min": min, "count": len,
                       "avg": lambda values: sum(values) / len(values)}[node[1]]
            return {key: combine(values) for key, values in groups.items()}
        if kind in ("binary", "filter"):
            return self.binary(node, index)
        if kind == "histogram_quantile":
            return self.histogram_quantile(node[1], self.evaluate(node[2], index))
        raise ValueError(kind)

    @staticmethod
    def histogram_quantile(quantile, buckets):
        """Prometheus's histogram_quantile: per series (its labels but le), the bucket the
        rank falls in, interpolated linearly within it."""
        groups = {}
        for labels, value in buckets.items():
            le = dict(labels).get("le")
            if le is not None:
                key = tuple((k, v) for k, v in labels if k != "le")
                groups.setdefault(key, []).append((float(le), value))
        result = {}
        for key, counts in groups.items():
            counts.sort()
            total = counts[-1][1]
            if total <= 0 or counts[-1][0] != math.inf:
                continue
            rank = quantile * total
            lower, below = 0.0, 0.0
            for upper, count in counts:
                if count >= rank:
                    if upper == math.inf:
                        result[key] = lower
                    else:
                        result[key] = lower + (upper - lower) * (rank - below) / (count - below) if count > below else upper
                    break
                lower, below = upper, count
        return result

    def range(self, node, index):
        window = self.windows[node[3]] if node[3] in self.windows else parse_duration(node[3])
        now = self.times[index]
        result = {}
        for s in self.series:
            if not self.matches(s, node[2][1], node[2][2]):
                continue
            points = [(self.times[i], s["values"][i]) for i in range(index + 1)
                      if s["values"][i] is not None and now - self.times[i] <= window + 1e-9]
            if len(points) < 2:
                continue
            (t0, v0), (t1, v1) = points[0], points[-1]
            increase = v1 - v0 if v1 >= v0 else v1  # a reset: counted from zero
            rate = increase / (t1 - t0)
            result[tuple(sorted(s["labels"].items()))] = rate if node[1] == "rate" else rate * window
        return result

    def binary(self, node, index):
        op = node[1]
        left = self.evaluate(node[2], index)
        right = self.evaluate(node[3], index)
        apply = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
                 "/": lambda a, b: a / b if b else (math.nan if a == 0 else math.copysign(math.inf, a)),
                 ">": lambda a, b: a > b, "<": lambda a, b: a < b, ">=": lambda a, b: a >= b,
                 "<=": lambda a, b: a <= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}[op]
        if node[0] == "filter":
            if isinstance(right, dict):
                return {k: v for k, v in left.items() if k in right and apply(v, right[k])}
            return {k: v for k, v in left.items() if apply(v, right)}
        if isinstance(left, dict) and isinstance(right, dict):
            return {k: apply(v, right[k]) for k, v in left.items() if k in right}
        if isinstance(left, dict):
            return {k: apply(v, right) for k, v in left.items()}
        if isinstance(right, dict):
            return {k: apply(left, v) for k, v in right.items()}
        return apply(left, right)


def parse_duration(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text)
    if not match:
        raise ValueError("Unsupported range " + text)
    return float(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def panel_series(evaluator, panel):
    """[(legend, [value or None per time])] of a panel's queries, as Grafana would list them."""
    result = []
    for target in panel.get("targets", []):
        values = evaluator.query(target["expr"])
        keys = []
        for vector in values:
            for key in (vector if isinstance(vector, dict) else {}):
                if key not in keys:
                    keys.append(key)
        for key in keys:
            labels = dict(key)
            legend = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""),
                            target.get("legendFormat") or "")
            points = []
            for vector in values:
                value = vector.get(key) if isinstance(vector, dict) else None
                points.append(value if value is not None and math.isfinite(value) else None)
            result.append((legend.strip() or str(labels), points))
    return result


# ---------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------

COLUMN, ROW_HEIGHT, MARGIN, HEADER = 60, 30, 6, 96
PALETTE = ["#73BF69", "#F2CC0C", "#8AB8FF", "#FF780A", "#F2495C", "#5794F2", "#B877D9", "#FADE2A",
           "#96D98D", "#FF9830"]
BACKGROUND, PANEL, BORDER, TEXT, MUTED, GRID = "#111217", "#181b1f", "#2c3235", "#ccccdc", "#8e8e99", "#25282d"


def fmt(value, unit):
    if value is None:
        return "-"
    if unit == "percentunit":
        return "%.0f%%" % (value * 100)
    if unit == "s":
        if value == 0:
            return "0 s"
        for scale, name in ((1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")):
            if abs(value) >= scale:
                return "%.3g %s" % (value / scale, name)
        return "%.3g ns" % (value / 1e-9)
    suffix = {"ops": " ops/s", "reqps": " req/s"}.get(unit, "")
    for scale, name in ((1e9, "G"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= scale:
            return "%.3g%s%s" % (value / scale, name, suffix)
    if value == int(value):
        return "%d%s" % (value, suffix)
    return "%.3g%s" % (value, suffix)


def nice_max(value):
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * exponent >= value:
            return step * exponent
    return 10 * exponent


def text(x, y, content, size=12, color=TEXT, anchor="start", weight="normal"):
    return ('<text x="%.1f" y="%.1f" font-size="%d" fill="%s" text-anchor="%s" font-weight="%s">%s</text>'
            % (x, y, size, color, anchor, weight, html.escape(content)))


def clip(label, width, size):
    room = int(width / (size * 0.58))
    return label if len(label) <= room else label[:max(1, room - 1)] + "…"


def draw_timeseries(panel, series, times, box):
    x, y, width, height = box
    unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit", "short")
    dashed = [o["matcher"]["options"] for o in panel.get("fieldConfig", {}).get("overrides", [])
              if o["matcher"]["id"] == "byRegexp"]
    parts = []
    legend_rows = min(len(series), 5) if len(series) <= 5 else math.ceil(min(len(series), 10) / 2)
    legend_height = 16 + 14 * max(legend_rows, 1)
    plot = (x + 58, y + 30, width - 70, height - 30 - legend_height - 18)
    values = [v for _, points in series for v in points if v is not None]
    top = nice_max(max(values) if values else 0)
    for step in range(5):
        level = top * step / 4
        line_y = plot[1] + plot[3] - plot[3] * step / 4
        parts.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>'
                     % (plot[0], line_y, plot[0] + plot[2], line_y, GRID))
        parts.append(text(plot[0] - 6, line_y + 4, fmt(level, unit), 10, MUTED, "end"))
    span = times[-1] - times[0] or 1
    step = next((s for s in (1, 2, 5, 10, 15, 30, 60, 300, 600, 1800, 3600) if plot[2] * s / span >= 42), 3600)
    for tick in range(0, int(span) + 1, step):
        tick_x = plot[0] + plot[2] * tick / span
        parts.append(text(tick_x, plot[1] + plot[3] + 14, "%ds" % tick, 10, MUTED, "middle"))
    if not series:
        parts.append(text(plot[0] + plot[2] / 2, plot[1] + plot[3] / 2, "No data", 14, MUTED, "middle"))
    for number, (legend, points) in enumerate(series):
        color = PALETTE[number % len(PALETTE)]
        style = ' stroke-dasharray="6 4"' if any(re.fullmatch(p, legend) for p in dashed) else ""
        segments, current = [], []
        for time_point, value in zip(times, points):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append("%.1f,%.1f" % (plot[0] + plot[2] * (time_point - times[0]) / span,
                                          plot[1] + plot[3] - plot[3] * min(value, top) / top))
        if current:
            segments.append(current)
        for segment in segments:
            if len(segment) == 1:
                cx, cy = segment[0].split(",")
                parts.append('<circle cx="%s" cy="%s" r="1.8" fill="%s"/>' % (cx, cy, color))
            else:
                parts.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="1.5"%s/>'
                             % (" ".join(segment), color, style))
    legend_y = plot[1] + plot[3] + 32
    columns = 1 if len(series) <= 5 else 2
    column_width = (width - 20) / columns
    if series:
        for column in range(columns):
            left = x + 10 + column * column_width
            parts.append(text(left + column_width - 70, legend_y - 2, "max", 10, MUTED, "end"))
            parts.append(text(left + column_width - 8, legend_y - 2, "last", 10, MUTED, "end"))
    for number, (legend, points) in enumerate(series[:10]):
        column, row = (0, number) if columns == 1 else (number % 2, number // 2)
        left = x + 10 + column * column_width
        line_y = legend_y + 13 + 14 * row
        present = [v for v in points if v is not None]
        last = present[-1] if present else None
        color = PALETTE[number % len(PALETTE)]
        parts.append('<rect x="%.1f" y="%.1f" width="10" height="3" fill="%s"/>' % (left, line_y - 5, color))
        parts.append(text(left + 15, line_y, clip(legend, column_width - 150, 11), 11))
        parts.append(text(left + column_width - 70, line_y, fmt(max(present) if present else None, unit), 11,
                          TEXT, "end"))
        parts.append(text(left + column_width - 8, line_y, fmt(last, unit), 11, TEXT, "end"))
    return parts


def draw_stat(panel, series, times, box):
    x, y, width, height = box
    defaults = panel.get("fieldConfig", {}).get("defaults", {})
    unit = defaults.get("unit", "short")
    steps = defaults.get("thresholds", {}).get("steps", [{"color": "green", "value": None}])
    colors = {"green": "#73BF69", "orange": "#FF9830", "red": "#F2495C"}
    parts = []
    if not series:
        return [text(x + width / 2, y + height / 2, "No data", 14, MUTED, "middle")]
    slot = (height - 40) / len(series)
    for number, (legend, points) in enumerate(series):
        present = [v for v in points if v is not None]
        value = present[-1] if present else None
        color = colors["green"]
        for step in steps:
            if step["value"] is None or (value is not None and value >= step["value"]):
                color = colors.get(step["color"], step["color"])
        decimals = defaults.get("decimals")
        shown = fmt(value, unit) if decimals is None or unit == "percentunit" or value is None \
            else ("%." + str(decimals) + "f") % value
        centre = y + 36 + slot * number + slot / 2
        if panel.get("options", {}).get("graphMode") == "area" and present:
            # The sparkline of the series, as Grafana draws it behind the value
            top = nice_max(max(present))
            span = times[-1] - times[0] or 1
            base = y + 30 + slot * (number + 1) - 4
            points = ["%.1f,%.1f" % (x + 8 + (width - 16) * (t - times[0]) / span, base - (slot - 12) * v / top)
                      for t, v in zip(times, points) if v is not None]
            area = "%.1f,%.1f " % (x + 8, base) + " ".join(points) + " %.1f,%.1f" % (x + width - 8, base)
            parts.append('<polygon points="%s" fill="%s" fill-opacity="0.12" stroke="%s" stroke-opacity="0.5"/>'
                         % (area, color, color))
        parts.append(text(x + width / 2, centre - 6, legend, 12, MUTED, "middle"))
        parts.append(text(x + width / 2, centre + 22, shown, 28, color, "middle", "bold"))
    return parts


def render(run, dashboard, rate_interval):
    variables = {"$client": ".+"}
    evaluator = Evaluator(run, variables, rate_interval)
    times = run["times"]
    bottom = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in dashboard["panels"])
    width, height = 24 * COLUMN + MARGIN, HEADER + bottom * ROW_HEIGHT + MARGIN + 24
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
             'font-family="Inter, Helvetica, Arial, sans-serif">' % (width, height, width, height),
             '<rect width="100%%" height="100%%" fill="%s"/>' % BACKGROUND,
             text(MARGIN + 4, 26, dashboard["title"], 20, TEXT, weight="bold"),
             text(MARGIN + 4, 47, "Rendered from a sample-app run by grafana/render.py, not a Grafana screenshot: "
                  "the dashboard's own queries over real scrapes of /actuator/prometheus", 13, "#FF9830"),
             text(MARGIN + 4, 66, run.get("description", ""), 12, MUTED),
             text(MARGIN + 4, 84, "grafana/keepalive-dashboard.json, client = All, $__rate_interval = %gs; "
                  "recorded %s (%d scrapes every %gs, %d /demo runs)" % (
                      rate_interval, run["recorded"], len(times), run["interval"], run["demoRuns"]), 12, MUTED)]
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        box = (grid["x"] * COLUMN + MARGIN, HEADER + grid["y"] * ROW_HEIGHT + MARGIN,
               grid["w"] * COLUMN - MARGIN, grid["h"] * ROW_HEIGHT - MARGIN)
        if panel["type"] == "row":
            parts.append(text(box[0] + 4, box[1] + 18, panel["title"], 15, TEXT, weight="bold"))
            continue
        parts.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3" fill="%s" stroke="%s"/>'
                     % (box + (PANEL, BORDER)))
        parts.append(text(box[0] + 10, box[1] + 18, clip(panel["title"], box[2] - 20, 13), 13, TEXT,
                          weight="bold"))
        series = panel_series(evaluator, panel)
        if panel["type"] == "timeseries":
            parts.extend(draw_timeseries(panel, series, times, box))
        elif panel["type"] == "stat":
            parts.extend(draw_stat(panel, series, times, box))
        else:
            parts.append(text(box[0] + box[2] / 2, box[1] + box[3] / 2, "(%s panel not rendered)" % panel["type"],
                              12, MUTED, "middle"))
    parts.append(text(width - MARGIN - 4, height - 8, "generated by grafana/render.py", 10, MUTED, "end"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="the running sample app, e.g. http://127.0.0.1:8080")
    source.add_argument("--run", help="a run saved with --save")
    parser.add_argument("--save", help="where to save the recorded run (JSON)")
    parser.add_argument("--description", default="", help="how the app was started, shown under the title")
    parser.add_argument("--seconds", type=float, default=20, help="how long to keep calling /demo")
    parser.add_argument("--idle", type=float, default=2, help="quiet seconds before and after")
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between scrapes")
    parser.add_argument("--rate-interval", type=float, default=1.0,
                        help="$__rate_interval in seconds (Grafana: 4 scrape intervals)")
    parser.add_argument("--dashboard", default=os.path.join(HERE, "keepalive-dashboard.json"))
    parser.add_argument("--out", default=os.path.join(HERE, "keepalive-dashboard.svg"))
    args = parser.parse_args()
    if args.url:
        run = record(args.url.rstrip("/"), args.seconds, args.interval, args.idle)
        run["description"] = args.description
        if args.save:
            with open(args.save, "w") as file:
                json.dump(run, file, indent=1)
                file.write("\n")
    else:
        with open(args.run) as file:
            run = json.load(file)
    with open(args.dashboard) as file:
        dashboard = json.load(file)
    with open(args.out, "w") as file:
        file.write(render(run, dashboard, args.rate_interval))
    print("%s: %d panels, %d scrapes over %.1f s" % (args.out, len(dashboard["panels"]), len(run["times"]),
                                                     run["times"][-1] - run["times"][0]))


if __name__ == "__main__":
    main()
