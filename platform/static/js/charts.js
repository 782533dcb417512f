/* Unwind charts: small SVG line and bar charts, no library.
 *
 * One piece of code draws every chart on the site: a dataset's key series, the Run result's chart
 * toggle and a wrong answer's expected-vs-yours lines. A chart is declared in HTML as
 *   <figure class="chart" data-chart='{"kind": "line", "series": [...]}'></figure>
 * (or with the JSON in a child <script type="application/json">) and drawn on load and after every
 * htmx swap. Spec:
 *   line: {kind: "line", series: [{name, points: [[x, y], ...]}], x: "time"|"number", xLabel, yLabel}
 *   bar:  {kind: "bar", labels: [...], values: [...], yLabel}
 */
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const W = 640, H = 260, M = { top: 12, right: 16, bottom: 40, left: 64 };
  const COLOURS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#6e7781"];

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function fmt(v) {
    const a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
    if (a >= 1000) return v.toLocaleString("en-US", { maximumFractionDigits: 0 });
    return String(+v.toPrecision(4));
  }

  function fmtTime(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  function ticks(lo, hi, n) {
    if (lo === hi) return [lo];
    const step0 = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) || step0;
    const out = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(+t.toPrecision(12));
    return out;
  }

  function frame(container, label) {
    container.textContent = "";
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label, class: "chart-svg" });
    container.appendChild(svg);
    return svg;
  }

  function axes(svg, x, y, xTicks, yTicks, xFmt, spec) {
    const g = el("g", { class: "axes" }, svg);
    for (const t of yTicks) {
      el("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: "grid-line" }, g);
      el("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end" }, g).textContent = fmt(t);
    }
    for (const t of xTicks) {
      el("text", { x: x(t), y: H - M.bottom + 16, "text-anchor": "middle" }, g).textContent = xFmt(t);
    }
    el("line", { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: "axis-line" }, g);
    if (spec.yLabel) {
      el("text", { x: 12, y: M.top + (H - M.top - M.bottom) / 2, transform: `rotate(-90 12 ${M.top + (H - M.top - M.bottom) / 2})`,
        "text-anchor": "middle", class: "axis-label" }, g).textContent = spec.yLabel;
    }
    if (spec.xLabel) {
      el("text", { x: M.left + (W - M.left - M.right) / 2, y: H - 4, "text-anchor": "middle", class: "axis-label" }, g)
        .textContent = spec.xLabel;
    }
  }

  function legend(container, names) {
    if (names.length < 2) return;
    const ul = document.createElement("ul");
    ul.className = "chart-legend";
    names.forEach((name, i) => {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLOURS[i % COLOURS.length];
      li.append(swatch, document.createTextNode(name));
      ul.appendChild(li);
    });
    container.appendChild(ul);
  }

  function line(container, spec) {
    const time = spec.x !== "number";
    const series = (spec.series || []).map((s) => ({
      name: s.name,
      points: s.points.map(([px, py]) => [time ? Date.parse(px) : +px, +py]).filter(([px, py]) => isFinite(px) && isFinite(py)),
    })).filter((s) => s.points.length);
    const all = series.flatMap((s) => s.points);
    if (!all.length) { container.textContent = "Nothing to chart."; return; }
    let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
    let [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
    if (x0 === x1) { x0 -= 1; x1 += 1; }
    if (y0 === y1) { y0 -= Math.abs(y0) * 0.1 || 1; y1 += Math.abs(y1) * 0.1 || 1; }
    const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
    const x = (v) => M.left + ((v - x0) / (x1 - x0)) * (W - M.left - M.right);
    const y = (v) => H - M.bottom - ((v - y0) / (y1 - y0)) * (H - M.top - M.bottom);
    const label = spec.label || `${series.map((s) => s.name).join(" vs ")} from ${time ? fmtTime(x0) : fmt(x0)} to ${time ? fmtTime(x1) : fmt(x1)}`;
    const svg = frame(container, label);
    const xt = time ? timeTicks(x0, x1) : ticks(x0, x1, 5);
    axes(svg, x, y, xt, ticks(y0, y1, 4), time ? fmtTime : fmt, spec);
    series.forEach((s, i) => {
      const d = s.points.map((p, j) => `${j ? "L" : "M"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("");
      el("path", { d, fill: "none", stroke: COLOURS[i % COLOURS.length], "stroke-width": 2,
        "stroke-dasharray": i === 1 && spec.dashSecond ? "5 3" : "none", class: "series", "data-name": s.name }, svg);
    });
    hover(container, svg, series, x, y, x0, x1, time);
    legend(container, series.map((s) => s.name));
  }

  function timeTicks(x0, x1) {
    const day = 86400000, span = (x1 - x0) / day;
    const step = span > 700 ? 180 : span > 300 ? 90 : span > 120 ? 30 : span > 40 ? 7 : Math.max(1, Math.ceil(span / 5));
    const out = [];
    for (let t = x0; t <= x1; t += step * day) out.push(t);
    return out.slice(0, 7);
  }

  function hover(container, svg, series, x, y, x0, x1, time) {
    const readout = document.createElement("p");
    readout.className = "chart-readout muted";
    readout.setAttribute("aria-hidden", "true");
    container.appendChild(readout);
    const cursor = el("line", { y1: M.top, y2: H - M.bottom, class: "cursor", visibility: "hidden" }, svg);
    svg.addEventListener("mousemove", (ev) => {
      const box = svg.getBoundingClientRect();
      const vx = x0 + ((ev.clientX - box.left) / box.width * W - M.left) / (W - M.left - M.right) * (x1 - x0);
      const parts = series.map((s) => {
        let best = s.points[0];
        for (const p of s.points) if (Math.abs(p[0] - vx) < Math.abs(best[0] - vx)) best = p;
        return [s.name, best];
      });
      const px = parts[0][1][0];
      cursor.setAttribute("x1", x(px)); cursor.setAttribute("x2", x(px)); cursor.setAttribute("visibility", "visible");
      readout.textContent = `${time ? fmtTime(px) : fmt(px)} · ` + parts.map(([n, p]) => `${n}: ${fmt(p[1])}`).join(" · ");
    });
    svg.addEventListener("mouseleave", () => { cursor.setAttribute("visibility", "hidden"); readout.textContent = ""; });
  }

  function bar(container, spec) {
    const labels = (spec.labels || []).slice(0, 40), values = (spec.values || []).slice(0, 40).map(Number);
    if (!values.length) { container.textContent = "Nothing to chart."; return; }
    const y0 = Math.min(0, ...values), y1 = Math.max(0, ...values) || 1;
    const y = (v) => H - M.bottom - ((v - y0) / (y1 - y0)) * (H - M.top - M.bottom);
    const band = (W - M.left - M.right) / values.length;
    const svg = frame(container, spec.label || `${spec.yLabel || "value"} by ${spec.xLabel || "category"}`);
    const every = Math.ceil(values.length / 10);
    axes(svg, (i) => M.left + band * (i + 0.5), y, labels.map((_, i) => i).filter((i) => i % every === 0),
      ticks(y0, y1, 4), (i) => String(labels[i]).slice(0, 10), spec);
    values.forEach((v, i) => {
      const rect = el("rect", { x: M.left + band * i + band * 0.15, width: band * 0.7, y: Math.min(y(v), y(0)),
        height: Math.abs(y(v) - y(0)), fill: COLOURS[0], class: "bar" }, svg);
      el("title", {}, rect).textContent = `${labels[i]}: ${fmt(v)}`;
    });
  }

  function isDate(v) { return typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) && !isNaN(Date.parse(v)); }
  function isNum(v) { return typeof v === "number" && isFinite(v); }

  /* A chart for a result table: a line per numeric column over its date column, else bars of the first
   * numeric column by the first other column. Null when nothing in the table can be charted. */
  function fromTable(columns, rows) {
    if (!rows.length) return null;
    const kinds = columns.map((_, j) => {
      const vals = rows.map((r) => r[j]).filter((v) => v !== null && v !== undefined);
      if (vals.length && vals.every(isDate)) return "date";
      if (vals.length && vals.every(isNum)) return "num";
      return "text";
    });
    const xi = kinds.indexOf("date");
    const nums = kinds.map((k, j) => (k === "num" ? j : -1)).filter((j) => j >= 0 && j !== xi);
    if (!nums.length) return null;
    if (xi >= 0) {
      const key = kinds.indexOf("text");
      const first = key >= 0 ? rows[0][key] : null;
      const sel = key >= 0 ? rows.filter((r) => r[key] === first) : rows;
      return { kind: "line", series: nums.slice(0, 4).map((j) => ({ name: columns[j], points: sel.map((r) => [r[xi], r[j]]) })),
        xLabel: columns[xi] + (key >= 0 ? ` (${columns[key]} = ${first})` : "") };
    }
    const li = kinds.findIndex((k, j) => j !== nums[0]);
    return { kind: "bar", labels: rows.map((r, i) => (li >= 0 ? r[li] : i + 1)), values: rows.map((r) => r[nums[0]]),
      yLabel: columns[nums[0]], xLabel: li >= 0 ? columns[li] : "row" };
  }

  function draw(container, spec) {
    if (!spec) { container.textContent = "Nothing to chart."; return; }
    (spec.kind === "bar" ? bar : line)(container, spec);
  }

  function specOf(node) {
    const script = node.querySelector('script[type="application/json"]');
    try { return JSON.parse(script ? script.textContent : node.dataset.chart); } catch (e) { return null; }
  }

  function init(root) {
    (root || document).querySelectorAll("[data-chart]").forEach((node) => {
      if (node.dataset.drawn) return;
      node.dataset.drawn = "1";
      draw(node.querySelector(".chart-body") || node, specOf(node));
    });
  }

  // The Run result's Table/Chart toggle: the chart is drawn from the result's own rows on first view.
  document.addEventListener("click", (ev) => {
    const button = ev.target.closest(".view-toggle .toggle");
    if (!button) return;
    const box = button.closest(".run-result");
    box.querySelectorAll(".view-toggle .toggle").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    box.querySelectorAll(".result-view").forEach((v) => { v.hidden = v.dataset.view !== button.dataset.view; });
    const chart = box.querySelector(".result-chart .chart-body");
    if (button.dataset.view === "chart" && chart && !chart.dataset.drawn) {
      chart.dataset.drawn = "1";
      const data = JSON.parse(box.querySelector("#run-data").textContent);
      const spec = fromTable(data.columns, data.rows);
      if (spec) draw(chart, spec);
      else chart.textContent = "This result has no numeric column to chart.";
    }
  });

  window.UnwindCharts = { line, bar, draw, fromTable, init };
  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("htmx:afterSwap", (ev) => init(ev.target));
})();
