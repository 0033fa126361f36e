/**
 * The report chart as a self-contained SVG: decisions per bucket stacked by outcome (top panel)
 * and time to a human decision, p50 and p90 (bottom panel). All text is XML-escaped.
 *
 * @module
 */
import { formatDuration } from "./stats.ts";
import { periodLabel } from "./period.ts";
import { OUTCOMES, type Report, type ReportOutcome } from "./report.ts";

/** Fill colour per outcome (and for pending). */
export const OUTCOME_COLORS: Record<ReportOutcome | "pending", string> = {
  approved: "#2e7d32",
  auto_approved: "#81c784",
  denied: "#c62828",
  auto_denied: "#ef9a9a",
  rejected: "#6d4c41",
  expired: "#f9a825",
  withdrawn: "#90a4ae",
  pending: "#90a4ae",
};

/** Layout of the chart, in SVG units (one unit is one CSS pixel when shown at `width`). */
const LEFT = 56, RIGHT = 92;
const H1 = 150, H2 = 96;
/** Text sizes: nothing smaller than 12 units, so the chart reads at its own width. */
const FONT = 12, TITLE_FONT = 14;
/** Widest and narrowest layouts (the page asks for its panel's width). */
export const CHART_MIN_WIDTH = 320, CHART_MAX_WIDTH = 1600;

/** Escapes text for SVG content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A "nice" axis maximum ≥ value (1, 2, 5 × 10^n). */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const base = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * base >= value) return m * base;
  return 10 * base;
}

function tickLabel(ms: number, bucket: number): string {
  const iso = new Date(ms).toISOString();
  return bucket < 24 * 3_600_000 ? iso.slice(5, 16).replace("T", " ") : iso.slice(5, 10);
}

const S = 1000, MIN = 60 * S, HR = 60 * MIN;
/** Round axis maxima for durations, so tick labels read `5m 00s`, not `16m 40s`. */
const TIME_STEPS = [
  S,
  2 * S,
  5 * S,
  10 * S,
  20 * S,
  30 * S,
  MIN,
  2 * MIN,
  4 * MIN,
  10 * MIN,
  20 * MIN,
  30 * MIN,
  HR,
  2 * HR,
  4 * HR,
  6 * HR,
  12 * HR,
  24 * HR,
  48 * HR,
  96 * HR,
  168 * HR,
];

/** The smallest round duration ≥ `ms`. */
function niceTime(ms: number): number {
  return TIME_STEPS.find((step) => step >= ms) ?? niceMax(ms);
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Options of {@link renderChart}. */
export interface ChartOptions {
  /** Width in SVG units and pixels (default 800; clamped to 320…1600). */
  width?: number;
}

/** An approximate text width (sans-serif averages about 0.6 em per character). */
const textWidth = (t: string, size = FONT) => t.length * size * 0.6;

/**
 * Renders the chart of `report`, laid out for `width` pixels: every text is at least 12 px when
 * the SVG is shown at that width, the legend wraps, the time axis thins its labels to fit, and the
 * p50/p90 labels sit beside the last point of their lines.
 */
export function renderChart(report: Report, options: ChartOptions = {}): string {
  const W = Math.round(
    Math.min(CHART_MAX_WIDTH, Math.max(CHART_MIN_WIDTH, options.width ?? 800)),
  );
  const s = report.series;
  const plotW = W - LEFT - RIGHT;
  const slot = plotW / Math.max(1, s.length);
  const barW = Math.max(1, slot * 0.8);
  const maxCount = niceMax(Math.max(2, ...s.map((p) => p.counts.total)));
  const maxTime = niceTime(Math.max(0, ...s.map((p) => p.time.p90 ?? 0)));
  const out: string[] = [];
  const text = (x: number, y: number, t: string, extra = "") =>
    out.push(`<text x="${r1(x)}" y="${r1(y)}"${extra}>${escapeXml(t)}</text>`);

  text(12, 20, "Decisions and time to decision", ` font-size="${TITLE_FONT}" font-weight="bold"`);
  text(12, 38, periodLabel(report.period), ` fill="#616161"`);
  // Legend, wrapped onto as many rows as the width needs.
  let lx = 12, ly = 52;
  for (const key of [...OUTCOMES, "pending"] as const) {
    const label = key.replace("_", " ");
    const w = 16 + textWidth(label) + 14;
    if (lx + w > W - 8 && lx > 12) {
      lx = 12;
      ly += 18;
    }
    out.push(`<rect x="${lx}" y="${ly}" width="11" height="11" fill="${OUTCOME_COLORS[key]}"/>`);
    text(lx + 16, ly + 10, label);
    lx += w;
  }
  const TOP1 = ly + 48;
  const TOP2 = TOP1 + H1 + 56;
  const H = TOP2 + H2 + 30;
  // Panel 1: stacked bars.
  text(12, TOP1 - 12, "Decisions by outcome", ` font-weight="bold"`);
  // Decision counts are whole: a half-way line is drawn only when it is a whole number.
  for (const v of [0, maxCount / 2, maxCount].filter(Number.isInteger)) {
    const y = TOP1 + H1 - (v / maxCount) * H1;
    out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${r1(y)}" y2="${r1(y)}" stroke="#e0e0e0"/>`);
    text(LEFT - 6, y + 4, String(v), ` text-anchor="end"`);
  }
  s.forEach((p, i) => {
    let y = TOP1 + H1;
    const x = LEFT + i * slot + (slot - barW) / 2;
    for (const key of [...OUTCOMES, "pending"] as const) {
      const n = p.counts[key];
      if (!n) continue;
      const h = (n / maxCount) * H1;
      y -= h;
      out.push(
        `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(barW)}" height="${r1(h)}" fill="${
          OUTCOME_COLORS[key]
        }"><title>${
          escapeXml(`${tickLabel(p.start, report.bucket_ms)} ${key}: ${n}`)
        }</title></rect>`,
      );
    }
  });
  // Panel 2: p50 / p90 lines, each labelled beside its last point.
  text(12, TOP2 - 12, "Time to a human decision", ` font-weight="bold"`);
  for (const v of [0, maxTime / 2, maxTime]) {
    const y = TOP2 + H2 - (v / maxTime) * H2;
    out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${r1(y)}" y2="${r1(y)}" stroke="#e0e0e0"/>`);
    text(LEFT - 6, y + 4, v === 0 ? "0" : formatDuration(v), ` text-anchor="end"`);
  }
  const labels: { key: string; color: string; x: number; y: number; value: number }[] = [];
  for (const [key, color] of [["p50", "#1565c0"], ["p90", "#8e24aa"]] as const) {
    const pts = s.flatMap((p, i) => {
      const v = p.time[key];
      if (v === undefined) return [];
      return [{ x: LEFT + (i + 0.5) * slot, y: TOP2 + H2 - (v / maxTime) * H2, v }];
    });
    const coords = pts.map((p) => `${r1(p.x)},${r1(p.y)}`);
    if (pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${coords.join(" ")}"/>`,
      );
    }
    for (const p of pts) {
      out.push(`<circle cx="${r1(p.x)}" cy="${r1(p.y)}" r="3" fill="${color}"/>`);
    }
    const last = pts.at(-1);
    if (last) labels.push({ key, color, x: last.x, y: last.y, value: last.v });
  }
  // Two labels closer than a line apart are pushed apart, p90 (the larger) above p50.
  if (labels.length === 2 && Math.abs(labels[0].y - labels[1].y) < FONT + 2) {
    const mid = (labels[0].y + labels[1].y) / 2;
    labels[0].y = mid + (FONT + 2) / 2;
    labels[1].y = mid - (FONT + 2) / 2;
  }
  for (const l of labels) {
    text(l.x + 8, l.y + 4, `${l.key} ${formatDuration(l.value)}`, ` fill="${l.color}"`);
  }
  // Time axis: as many labels as fit.
  const fit = Math.max(1, Math.floor(plotW / (textWidth(tickLabel(0, report.bucket_ms)) + 16)));
  const every = Math.max(1, Math.ceil(s.length / fit));
  s.forEach((p, i) => {
    if (i % every) return;
    text(
      LEFT + (i + 0.5) * slot,
      TOP2 + H2 + 18,
      tickLabel(p.start, report.bucket_ms),
      ` text-anchor="middle"`,
    );
  });
  if (report.overall.counts.total === 0) {
    text(
      LEFT + plotW / 2,
      TOP1 + H1 / 2,
      "No decisions in this period",
      ` text-anchor="middle" fill="#757575"`,
    );
  }
  out.push("</svg>");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" ` +
    `font-family="sans-serif" font-size="${FONT}" role="img" ` +
    `aria-label="Countersign decisions chart">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ...out,
  ].join("\n");
}
