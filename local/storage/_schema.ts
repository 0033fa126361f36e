/**
 * The local platform's SQLite schema and row helpers: each record kind has its own table with
 * its lookup keys as columns and the whole record as a JSON column.
 *
 * @module
 */
import type { SQLInputValue } from "node:sqlite";

// Upserts (not INSERT OR REPLACE) keep each row's rowid, which orders rows created in the same
// second by creation.
/** Tables and indexes, created when missing. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS items (
  datastore TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (datastore, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS channels (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS usergroups (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  channel TEXT NOT NULL, ts TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (channel, ts)
);
CREATE TABLE IF NOT EXISTS views (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS triggers (
  id TEXT PRIMARY KEY, created INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, started INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS runs_started ON runs (started);
CREATE TABLE IF NOT EXISTS executions (
  id TEXT PRIMARY KEY, status TEXT NOT NULL, started INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS executions_status ON executions (status);
CREATE TABLE IF NOT EXISTS calls (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** A row as `node:sqlite` returns it. */
export type Row = Record<string, unknown>;

/** The part of a prepared statement the storage uses. */
export interface Statement {
  get(...params: SQLInputValue[]): Row | undefined;
  all(...params: SQLInputValue[]): Row[];
  run(...params: SQLInputValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
}

/** The record in a row's JSON `data` column. */
export function parse<T>(row: Row | undefined): T | undefined {
  return row === undefined ? undefined : JSON.parse(String(row.data)) as T;
}

/** The records of several rows. */
export function parseAll<T>(rows: Row[]): T[] {
  return rows.map((row) => JSON.parse(String(row.data)) as T);
}
