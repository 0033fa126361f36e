/**
 * The README stays a short guide that links everything else: a few screens, its sections in the
 * order a newcomer needs them, and no link from it or from `docs/` that leads nowhere (files,
 * images and `#anchors` of Markdown headings).
 */
import { assert, assertEquals } from "@std/assert";

const ROOT = new URL("../", import.meta.url);
/** "A few screens": about four of 50 lines. */
const MAX_LINES = 200;
/**
 * Pages other engineers' branches add this session (facts: the trust model; tidy: testing and
 * performance). The README links them already; until they land, a link to them is not an error.
 */
const ANNOUNCED = new Set(["docs/trust_model.md", "docs/testing.md", "docs/performance.md"]);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** The anchors of a Markdown file's headings (outside code fences). */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fence = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) fence = !fence;
    const m = /^#{1,6} (.+)$/.exec(line);
    if (!fence && m) out.add(anchor(m[1]));
  }
  return out;
}

/** Local link targets of a Markdown file: `[x](target)` and `<img src="target">`. */
function links(text: string): string[] {
  const out: string[] = [];
  const prose = text.replace(/^```[\s\S]*?^```/gm, "");
  for (const m of prose.matchAll(/\]\(([^)\s]+)\)|<img [^>]*src="([^"]+)"/g)) {
    const target = m[1] ?? m[2];
    if (!/^[a-z]+:/i.test(target)) out.push(target);
  }
  return out;
}

async function markdownFiles(): Promise<string[]> {
  const files = ["README.md"];
  for await (const entry of Deno.readDir(new URL("docs/", ROOT))) {
    if (entry.isFile && entry.name.endsWith(".md")) files.push(`docs/${entry.name}`);
  }
  return files.sort();
}

Deno.test("the README fits on a few screens, in a newcomer's order, and says what tests need", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const lines = readme.split("\n").length;
  assert(lines <= MAX_LINES, `README.md has ${lines} lines (at most ${MAX_LINES})`);
  const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  const order = [
    "Quick start",
    "A tour of the page",
    "Deploying",
    "The caller's story",
    "Administering",
    "Reliability in short",
  ];
  assertEquals(sections.filter((s) => order.includes(s)), order);
  const start = readme.indexOf("## Quick start");
  const quickStart = readme.slice(start, readme.indexOf("\n## ", start + 1));
  assert(/Chromium/.test(quickStart), "the Quick start says the browser tests need Chromium");
  assert(readme.includes("docs/screenshots/"), "the page tour shows screenshots");
});

Deno.test("every local link in the README and docs/ leads to a file and heading that exist", async () => {
  const broken: string[] = [];
  const texts = new Map<string, string>();
  for (const file of await markdownFiles()) {
    texts.set(file, await Deno.readTextFile(new URL(file, ROOT)));
  }
  for (const [file, text] of texts) {
    for (const link of links(text)) {
      const [path, hash] = link.split("#");
      const target = path
        ? new URL(path, new URL(file, ROOT)).pathname.slice(new URL(ROOT).pathname.length)
        : file;
      if (ANNOUNCED.has(target) && !texts.has(target)) continue;
      let exists = texts.has(target);
      if (!exists) {
        try {
          await Deno.stat(new URL(target, ROOT));
          exists = true;
        } catch {
          exists = false;
        }
      }
      if (!exists) broken.push(`${file}: ${link} (no such file)`);
      else if (hash && target.endsWith(".md") && !anchors(texts.get(target) ?? "").has(hash)) {
        broken.push(`${file}: ${link} (no such heading)`);
      }
    }
  }
  assertEquals(broken, []);
});
