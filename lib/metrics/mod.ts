/**
 * Decision metrics: periods, percentiles, per-group rates, the Slack summary, the SVG chart.
 * Pure functions over `decisions` items; callers page the datastore and pass the items in.
 *
 * @module
 */
export * from "./period.ts";
export * from "./stats.ts";
export * from "./report.ts";
export * from "./summary.ts";
export * from "./chart.ts";
