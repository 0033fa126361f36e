/**
 * The data folder: one platform at a time (two real `deno task start` processes; a lock left by
 * a killed process does not block the next start), private files, and nothing left behind by a
 * start that fails.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { platformCommand, spawnPlatform } from "../_testing.ts";
import { startPlatform } from "../server.ts";
import { DB_FILE, LOCK_FILE } from "./data_folder.ts";

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "countersign-data-folder-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function stop(process: Deno.ChildProcess, signal: Deno.Signal = "SIGTERM") {
  process.kill(signal);
  await process.status;
}

async function listing(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("a second deno task start on the same data folder exits non-zero; the first keeps working", () =>
  withTempDir(async (dir) => {
    const data = join(dir, "data");
    const first = await spawnPlatform(["--port", "0", "--data", data]);
    try {
      assert(first.url, first.printed);
      const second = await platformCommand(["--port", "0", "--data", data], "null").output();
      assertEquals(second.success, false);
      const message = new TextDecoder().decode(second.stderr);
      assertStringIncludes(message, `error: Cannot start platform: the data folder "${data}"`);
      assertStringIncludes(message, "is in use by another platform");
      assertStringIncludes(message, `(pid ${first.process.pid}, since `);
      assertStringIncludes(message, "give this one its own --data DIR");

      // The first still serves, and the demo bot still calls back to the first one's port.
      const state = await (await fetch(`${first.url}/_local/state`)).json();
      assertEquals(typeof state.bot_user_id, "string");
      const res = await fetch(`${first.url}/_local/callbacks`);
      assertEquals(res.status, 200);
      await res.body?.cancel();
    } finally {
      await stop(first.process);
    }
  }));

Deno.test("a lock left by a killed platform does not block the next start", () =>
  withTempDir(async (dir) => {
    const data = join(dir, "data");
    const killed = await spawnPlatform(["--port", "0", "--data", data]);
    await stop(killed.process, "SIGKILL");
    assertStringIncludes(
      await Deno.readTextFile(join(data, LOCK_FILE)),
      `pid ${killed.process.pid}`,
    );
    const next = await spawnPlatform(["--port", "0", "--data", data]);
    try {
      assert(next.url, next.printed);
      assertStringIncludes(
        await Deno.readTextFile(join(data, LOCK_FILE)),
        `pid ${next.process.pid}`,
      );
    } finally {
      await stop(next.process);
    }
  }));

Deno.test("within one process too, a second platform on a folder in use is refused", () =>
  withTempDir(async (dir) => {
    const first = await startPlatform({ port: 0, dataDir: dir, quiet: true });
    try {
      await assertRejects(
        () => startPlatform({ port: 0, dataDir: dir, quiet: true }),
        Error,
        "is in use by another platform",
      );
      assertEquals((await fetch(`${first.url}/_local/state`)).status, 200);
    } finally {
      await first.close();
    }
    // Once the first has stopped, the folder is free again.
    const again = await startPlatform({ port: 0, dataDir: dir, quiet: true });
    await again.close();
  }));

Deno.test("the database, its side files and every key file are private (0600), the folder 0700", () =>
  withTempDir(async (dir) => {
    const data = join(dir, "data");
    const platform = await startPlatform({ port: 0, dataDir: data, quiet: true });
    try {
      // A write, so SQLite has its write-ahead log and shared-memory files.
      await fetch(`${platform.url}/_local/state`).then((r) => r.body?.cancel());
      const names = await listing(data);
      for (
        const name of [
          DB_FILE,
          `${DB_FILE}-wal`,
          `${DB_FILE}-shm`,
          LOCK_FILE,
          "bot_token",
          "app_signing.key",
          "app_signing.pub",
          "demo-ci.key",
        ]
      ) {
        assert(names.includes(name), `${name} exists (${names.join(", ")})`);
      }
      for (const name of names) {
        assertEquals((await Deno.stat(join(data, name))).mode! & 0o777, 0o600, name);
      }
      assertEquals((await Deno.stat(data)).mode! & 0o777, 0o700);
    } finally {
      await platform.close();
    }
  }));

Deno.test("an old world-readable database is made private at start", () =>
  withTempDir(async (dir) => {
    const first = await startPlatform({ port: 0, dataDir: dir, quiet: true });
    await first.close();
    await Deno.chmod(join(dir, DB_FILE), 0o644);
    const second = await startPlatform({ port: 0, dataDir: dir, quiet: true });
    try {
      assertEquals((await Deno.stat(join(dir, DB_FILE))).mode! & 0o777, 0o600);
    } finally {
      await second.close();
    }
  }));

Deno.test("a failed start leaves no new platform.db, side files or folder behind", () =>
  withTempDir(async (dir) => {
    const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (busy.addr as Deno.NetAddr).port;
    try {
      const fresh = join(dir, "fresh");
      await assertRejects(
        () => startPlatform({ port, dataDir: fresh, quiet: true }),
        Error,
        "it is in use",
      );
      await assertRejects(() => Deno.stat(fresh), Deno.errors.NotFound);

      const existing = join(dir, "existing");
      await Deno.mkdir(existing);
      await Deno.writeTextFile(join(existing, "env"), "COUNTERSIGN_ADMIN_USERS=U0ADA\n");
      await assertRejects(() => startPlatform({ port, dataDir: existing, quiet: true }));
      assertEquals(await listing(existing), ["env"]);

      // A folder that has run before keeps its database after a failed start.
      const used = join(dir, "used");
      const ran = await startPlatform({ port: 0, dataDir: used, quiet: true });
      await ran.close();
      const before = await listing(used);
      await assertRejects(() => startPlatform({ port, dataDir: used, quiet: true }));
      assertEquals(await listing(used), before);
      const after = await startPlatform({ port: 0, dataDir: used, quiet: true });
      try {
        assertEquals(after.fresh, false);
      } finally {
        await after.close();
      }
    } finally {
      busy.close();
    }
  }));
