import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  describeSignOff,
  formatApproverGroups,
  parseApproverGroups,
  type SignOff,
  signOffMinimum,
  signOffOf,
  tallySignOff,
} from "./routing.ts";

const members = new Map([
  ["S0SRE", new Set(["U_ANN", "U_BEN", "U_BOTH"])],
  ["S0SEC", new Set(["U_SAM", "U_BOTH"])],
  ["S0DBA", new Set(["U_DAN"])],
]);
const sreAndSec: SignOff = {
  groups: [{ usergroup: "S0SRE", count: 1 }, { usergroup: "S0SEC", count: 1 }],
  need: 2,
};

Deno.test("approver groups parse with optional counts and round-trip", () => {
  const parsed = parseApproverGroups(" S0SRE , S0SEC:2");
  assert(parsed.ok);
  assertEquals(parsed.value, [{ usergroup: "S0SRE", count: 1 }, { usergroup: "S0SEC", count: 2 }]);
  assertEquals(formatApproverGroups(parsed.value), "S0SRE:1, S0SEC:2");
  assertEquals(parseApproverGroups(""), { ok: true, value: [] });
});

Deno.test("approver groups refuse bad entries with the quoted value", () => {
  const cases: [string, string][] = [
    ["sre-team", 'approver group "sre-team" is not a Slack user group id'],
    ["S0SRE:0", 'the count "0" must be a whole number from 1 to 20'],
    ["S0SRE:x", 'the count "x"'],
    ["S0SRE:21", 'the count "21"'],
    ["S0SRE:1:2", 'approver group "S0SRE:1:2"'],
    ["S0SRE,,S0SEC", "entry 2 is empty"],
    ["S0SRE, S0SRE:2", 'name "S0SRE" twice'],
    ["SA1,SA2,SA3,SA4,SA5,SA6,SA7", "name 7 groups; at most 6"],
  ];
  for (const [text, message] of cases) {
    const parsed = parseApproverGroups(text);
    assert(!parsed.ok, text);
    assertStringIncludes(parsed.error, message);
  }
});

Deno.test("groups required: all by default, any N of M, out of range refused", () => {
  assertEquals(signOffOf("S0SRE, S0SEC", undefined), { ok: true, value: sreAndSec });
  assertEquals(signOffOf("S0SRE, S0SEC", 0), { ok: true, value: sreAndSec });
  const any = signOffOf("S0SRE, S0SEC, S0DBA", 2);
  assert(any.ok && any.value);
  assertEquals(any.value.need, 2);
  const over = signOffOf("S0SRE, S0SEC", 3);
  assert(!over.ok);
  assertStringIncludes(over.error, 'groups required "3" must be a whole number from 1 to 2');
  const alone = signOffOf("", 1);
  assert(!alone.ok);
  assertStringIncludes(alone.error, "needs approver groups");
  assertEquals(signOffOf("", undefined), { ok: true, value: undefined });
});

Deno.test("the minimum number of people is the need smallest counts", () => {
  const any = signOffOf("S0SRE:3, S0SEC:1, S0DBA:2", 2);
  assert(any.ok && any.value);
  assertEquals(signOffMinimum(any.value), 3);
  assertEquals(signOffMinimum(sreAndSec), 2);
  assertEquals(describeSignOff(sreAndSec), "1 from S0SRE and 1 from S0SEC");
  assertEquals(describeSignOff(any.value), "any 2 of: 3 from S0SRE; 1 from S0SEC; 2 from S0DBA");
});

Deno.test("one group alone is not enough; one from each decides", () => {
  const sreOnly = tallySignOff(["U_ANN", "U_BEN"], members, sreAndSec, 2);
  assertEquals(sreOnly.reached, false);
  assertEquals(sreOnly.groups.map((g) => [g.usergroup, g.approvedBy, g.done]), [
    ["S0SRE", ["U_ANN"], true],
    ["S0SEC", [], false],
  ]);
  const both = tallySignOff(["U_ANN", "U_BEN", "U_SAM"], members, sreAndSec, 2);
  assertEquals(both.reached, true);
  assertEquals(both.deciders, ["U_ANN", "U_SAM"]);
});

Deno.test("a member of both groups counts for one of them only", () => {
  const alone = tallySignOff(["U_BOTH"], members, sreAndSec, 1);
  assertEquals(alone.reached, false);
  // With Ann for SRE, the double member fills Security (the matching moves them).
  const withAnn = tallySignOff(["U_BOTH", "U_ANN"], members, sreAndSec, 2);
  assertEquals(withAnn.reached, true);
  assertEquals(withAnn.deciders, ["U_BOTH", "U_ANN"]);
  assertEquals(withAnn.groups.map((g) => g.approvedBy), [["U_ANN"], ["U_BOTH"]]);
});

Deno.test("any N of M and a total above the groups' share", () => {
  const any = signOffOf("S0SRE, S0SEC, S0DBA", 2);
  assert(any.ok && any.value);
  assertEquals(tallySignOff(["U_DAN"], members, any.value, 2).reached, false);
  assertEquals(tallySignOff(["U_DAN", "U_SAM"], members, any.value, 2).deciders, [
    "U_DAN",
    "U_SAM",
  ]);
  // The bot asks for 3: two groups signed off, a third person is still needed.
  assertEquals(tallySignOff(["U_ANN", "U_SAM"], members, sreAndSec, 3).reached, false);
  const three = tallySignOff(["U_ANN", "U_BEN", "U_SAM"], members, sreAndSec, 3);
  assertEquals([three.reached, three.deciders], [true, ["U_ANN", "U_BEN", "U_SAM"]]);
  // Any 1 of (SRE:1, DBA:2) with a bigger group chosen never returns extra deciders.
  const big = signOffOf("S0DBA:1, S0SRE:2", 1);
  assert(big.ok && big.value);
  assertEquals(tallySignOff(["U_ANN", "U_BEN"], members, big.value, 1).deciders, [
    "U_ANN",
    "U_BEN",
  ]);
});
