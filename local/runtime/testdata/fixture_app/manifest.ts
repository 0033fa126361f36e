import { Manifest } from "deno-slack-sdk/mod.ts";
import {
  DoubleFunction,
  EchoFlow,
  EscapeFlow,
  EscapeFunction,
  FixtureFlow,
  MaybeFailFunction,
  ProbeFunction,
  Results,
  SaveFunction,
  WaitApprovalFunction,
} from "./definitions.ts";

export default Manifest({
  name: "Fixture",
  description: "Runtime test fixture",
  icon: "assets/icon.png",
  functions: [
    DoubleFunction,
    MaybeFailFunction,
    WaitApprovalFunction,
    SaveFunction,
    ProbeFunction,
    EscapeFunction,
  ],
  workflows: [FixtureFlow, EchoFlow, EscapeFlow],
  datastores: [Results],
  outgoingDomains: ["example.com"],
  botScopes: ["chat:write", "datastore:read", "datastore:write"],
});
