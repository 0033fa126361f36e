import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../_probe_definition.ts";
// A generated module that is not committed: a clean clone cannot bundle this function.
import { GENERATED } from "./generated/settings.ts";

export default SlackFunction(ProbeFunction, () => ({ outputs: { done: GENERATED } }));
