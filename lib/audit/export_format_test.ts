import { assertEquals } from "@std/assert";
import { chainLink, chainStart, ExportWriter } from "./export_format.ts";

const header = {
  exported_at: "2026-11-24T00:00:00.000Z",
  source: "test",
  datastores: ["decisions"],
};

Deno.test("record lines put the export attributes first and keep every item attribute", () => {
  const writer = new ExportWriter(header);
  const line = writer.recordLine("decisions", { id: "a", decided_by: ["U1"], n: 1 });
  const parsed = JSON.parse(line);
  assertEquals(Object.keys(parsed), ["_datastore", "_seq", "_chain", "id", "decided_by", "n"]);
  assertEquals(parsed._seq, 1);
  const start = chainStart(writer.header);
  assertEquals(
    parsed._chain,
    chainLink(start, 1, "decisions", { id: "a", decided_by: ["U1"], n: 1 }),
  );
});

Deno.test("an attribute named like an export attribute cannot override one", () => {
  const writer = new ExportWriter(header);
  const parsed = JSON.parse(writer.recordLine("decisions", { id: "a", _seq: 99, _chain: "x" }));
  assertEquals(parsed._seq, 1);
  assertEquals(parsed.id, "a");
  assertEquals(JSON.parse(writer.recordLine("decisions", {}))._seq, 2);
});

Deno.test("the trailer counts the records and ends the chain", () => {
  const writer = new ExportWriter(header);
  const last = JSON.parse(writer.recordLine("decisions", { id: "a" }))._chain;
  assertEquals(JSON.parse(writer.trailerLine()), {
    countersign_audit_trailer: 2,
    count: 1,
    chain: last,
  });
});
