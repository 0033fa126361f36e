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

const W = 800, H = 420;
const LEFT = 64, RIGHT = 20;
const TOP1 = 70, H1 = 160;
const TOP2 = 284, H2 = 96;

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

/** Renders the chart of `report` (800×420). */
export function renderChart(report: Report): string {
  const s = report.series;
  const plotW = W - LEFT - RIGHT;
  const slot = plotW / Math.max(1, s.length);
  const barW = Math.max(1, slot * 0.8);
  const maxCount = niceMax(Math.max(2, ...s.map((p) => p.counts.total)));
  const maxTime = niceTime(Math.max(0, ...s.map((p) => p.time.p90 ?? 0)));
  const out: string[] = [];
  const text = (x: number, y: number, t: string, extra = "") =>
    out.push(`<text x="${r1(x)}" y="${r1(y)}"${extra}>${escapeXml(t)}</text>`);

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" ` +
      `font-family="sans-serif" font-size="11" role="img" aria-label="Countersign decisions chart">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  );
  text(
    LEFT,
    20,
    `Decisions and time to decision, ${periodLabel(report.period)}`,
    ` font-size="14" font-weight="bold"`,
  );
  // Legend.
  let lx = LEFT;
  for (const key of [...OUTCOMES, "pending"] as const) {
    out.push(`<rect x="${lx}" y="32" width="10" height="10" fill="${OUTCOME_COLORS[key]}"/>`);
    text(lx + 14, 41, key.replace("_", " "));
    lx += 24 + key.length * 6;
  }
  // Panel 1: stacked bars.
  text(LEFT, TOP1 - 10, "Decisions by outcome", ` font-weight="bold"`);
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
  // Panel 2: p50 / p90 lines.
  text(LEFT, TOP2 - 10, "Time to a human decision", ` font-weight="bold"`);
  for (const v of [0, maxTime / 2, maxTime]) {
    const y = TOP2 + H2 - (v / maxTime) * H2;
    out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${r1(y)}" y2="${r1(y)}" stroke="#e0e0e0"/>`);
    text(LEFT - 6, y + 4, v === 0 ? "0" : formatDuration(v), ` text-anchor="end"`);
  }
  for (const [key, color] of [["p50", "#1565c0"], ["p90", "#8e24aa"]] as const) {
    const pts = s.flatMap((p, i) => {
      const v = p.time[key];
      if (v === undefined) return [];
      return [`${r1(LEFT + (i + 0.5) * slot)},${r1(TOP2 + H2 - (v / maxTime) * H2)}`];
    });
    if (pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(" ")}"/>`,
      );
    }
    for (const pt of pts) {
      const [x, y] = pt.split(",");
      out.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${color}"/>`);
    }
  }
  text(W - RIGHT - 90, TOP2 - 10, "p50", ` fill="#1565c0"`);
  text(W - RIGHT - 50, TOP2 - 10, "p90", ` fill="#8e24aa"`);
  // Time axis: about eight labels.
  const every = Math.max(1, Math.ceil(s.length / 8));
  s.forEach((p, i) => {
    if (i % every) return;
    text(
      LEFT + (i + 0.5) * slot,
      TOP2 + H2 + 16,
      tickLabel(p.start, report.bucket_ms),
      ` text-anchor="middle"`,
    );
  });
  if (report.overall.counts.total === 0) {
    text(
      W / 2,
      TOP1 + H1 / 2,
      "No decisions in this period",
      ` text-anchor="middle" fill="#757575"`,
    );
  }
  out.push("</svg>");
  return out.join("\n");
}
