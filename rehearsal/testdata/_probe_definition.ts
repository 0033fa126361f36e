import { DefineFunction, Manifest, Schema } from "deno-slack-sdk/mod.ts";

/** The one function of every rehearsal fixture app; each app's `probe.ts` implements it. */
export const ProbeFunction = DefineFunction({
  callback_id: "probe",
  title: "Probe",
  description: "A deploy rehearsal fixture",
  source_file: "probe.ts",
  input_parameters: { properties: {}, required: [] },
  output_parameters: {
    properties: { done: { type: Schema.types.string, description: "What the probe did" } },
    required: [],
  },
});

/** A fixture app's manifest. */
export function probeManifest() {
  return Manifest({
    name: "rehearsal-fixture",
    description: "A deploy rehearsal fixture app",
    icon: "icon.png",
    functions: [ProbeFunction],
    outgoingDomains: ["hooks.example.com"],
    botScopes: ["commands"],
  });
}
