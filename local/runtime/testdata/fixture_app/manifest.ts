import { Manifest } from "deno-slack-sdk/mod.ts";
import {
  DoubleFunction,
  EchoFlow,
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
  functions: [DoubleFunction, MaybeFailFunction, WaitApprovalFunction, SaveFunction, ProbeFunction],
  workflows: [FixtureFlow, EchoFlow],
  datastores: [Results],
  outgoingDomains: ["example.com"],
  botScopes: ["chat:write", "datastore:read", "datastore:write", "triggers:write"],
});
