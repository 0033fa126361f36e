import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { Results, SaveFunction } from "../definitions.ts";

export default SlackFunction(SaveFunction, async ({ inputs, client }) => {
  const put = await client.apps.datastore.put<typeof Results.definition>({
    datastore: Results.name,
    item: {
      id: inputs.id,
      doubled: inputs.doubled,
      tags: inputs.tags,
      decided_by: inputs.decided_by,
      reason: inputs.reason ?? "",
    },
  });
  if (!put.ok) return { error: `Cannot save: ${put.error}` };
  return { outputs: { saved: true } };
});
