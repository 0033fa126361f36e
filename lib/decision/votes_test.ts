import { assert, assertEquals, assertFalse } from "@std/assert";
import { isApprover, isRequester, tallyVotes, voteId, withOwnVote } from "./votes.ts";

Deno.test("voteId is one item per decision and user", () => {
  assertEquals(voteId("svc|r1", "U1"), "svc|r1|U1");
});

Deno.test("isApprover accepts listed users and group members only", () => {
  const set = { users: ["U1"], groupMembers: ["U2"] };
  assert(isApprover("U1", set));
  assert(isApprover("U2", set));
  assertFalse(isApprover("U3", set));
});

Deno.test("isRequester matches the triggering human by id, name or email", () => {
  const alice = {
    id: "U1",
    name: "alice",
    real_name: "Alice Smith",
    email: "Alice@Example.com",
  };
  assert(isRequester("U1", alice));
  assert(isRequester("@alice", alice));
  assert(isRequester("alice@example.com", alice));
  assert(isRequester("ALICE SMITH", alice));
  assertFalse(isRequester("bob", alice));
  assertFalse(isRequester("", alice));
  assertFalse(isRequester(undefined, { id: "U1" }));
});

Deno.test("tallyVotes counts distinct eligible approvers in voting order", () => {
  const votes = [
    { user_id: "U2", vote: "approve" as const, voted_at: 20 },
    { user_id: "U1", vote: "approve" as const, voted_at: 10 },
    { user_id: "U1", vote: "approve" as const, voted_at: 30 },
    { user_id: "U9", vote: "approve" as const, voted_at: 5 },
  ];
  const eligible = (u: string) => u !== "U9";
  assertEquals(tallyVotes(votes, eligible, 2), {
    approvers: ["U1", "U2"],
    denier: undefined,
    reached: true,
  });
  assertEquals(tallyVotes(votes, eligible, 3).reached, false);
  assertEquals(tallyVotes(votes.slice(1, 3), eligible, 2).approvers, ["U1"]);
  assertEquals(tallyVotes(votes.slice(1, 3), eligible, 2).reached, false);
  assertEquals(tallyVotes([], eligible, 0).reached, false);
});

Deno.test("tallyVotes reports the first eligible denial", () => {
  const t = tallyVotes(
    [
      { user_id: "U1", vote: "approve", voted_at: 1 },
      { user_id: "U2", vote: "deny", voted_at: 2, comment: "no" },
    ],
    () => true,
    2,
  );
  assertEquals(t.denier?.user_id, "U2");
  assertFalse(t.reached);
});

Deno.test("withOwnVote: the vote just written counts once, replacing any older copy of it", () => {
  const own = { user_id: "U2", vote: "approve" as const, voted_at: 30 };
  assertEquals(withOwnVote([], own), [own]);
  const listed = [
    { user_id: "U1", vote: "approve" as const, voted_at: 10 },
    { user_id: "U2", vote: "approve" as const, voted_at: 20 },
  ];
  assertEquals(withOwnVote(listed, own), [listed[0], own]);
  const tally = tallyVotes(withOwnVote(listed.slice(0, 1), own), () => true, 2);
  assertEquals([tally.reached, tally.approvers], [true, ["U1", "U2"]]);
});
