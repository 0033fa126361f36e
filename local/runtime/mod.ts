/**
 * The local platform's runtime: it runs an unchanged Deno Slack app the way Slack's hosted
 * platform does, over Slack's wire protocol.
 *
 * - **App** (`app.ts`): the default export of `manifest.ts` (the `Manifest(...)` JSON) and of each
 *   `triggers/*.ts`; function modules are imported from their `source_file` when first needed.
 *   Everything is imported into the platform's process; another app with its own import map is
 *   run by `local/main.ts --app DIR --import-map FILE`, which re-runs the platform in a child
 *   process whose import map scopes the app's map to the app folder (one process, one map).
 * - **Workflows** (`engine.ts`): a webhook creates a stored run; steps run in order with
 *   `{{inputs.x}}` / `{{steps.N.y}}` resolved (`template.ts`, whole-value references keep their
 *   type); each custom function gets the `function_executed` payload and arguments of
 *   deno-slack-runtime (`payloads.ts`, `dispatch.ts`) with its own workflow token and
 *   `env.SLACK_API_URL` pointing at the local Web API. `{ completed: false }` suspends the step
 *   until `functions.completeSuccess/Error`; `{ error }`, a throw, a missing required input or
 *   the 60 s limit fail the run with the reason stored. Completions the runtime makes itself go
 *   straight to storage (Slack's runtime makes them, not the app).
 * - **Interactivity** (`interactivity.ts`, `views.ts`): each message posted and modal opened with
 *   an execution's token is linked to that execution, so a click or a submission reaches the
 *   function's `blockActions` / `viewSubmission` / `viewClosed` with a real payload
 *   (10 s limit); unmatched routes go to `unhandledEvent` or are logged, as the SDK does.
 * - **Restart** (`state.ts`): runs, executions, links and the key workflow tokens are derived
 *   with (a token names its execution and carries an HMAC) live in storage; on start,
 *   suspended steps keep waiting (their buttons still work), finished steps are applied, and a
 *   step whose handler was cut off fails.
 * - **Outgoing domains** (`outgoing.ts`): while the platform runs, `globalThis.fetch` refuses
 *   hosts outside the manifest's `outgoing_domains` plus the platform's own host. The SDK's Web
 *   API client uses undici, so only the app's own fetches are affected, as on Slack.
 * - **Triggers**: webhook bodies must be flat JSON and pass the trigger's filter (`../http/webhook*.ts`); scheduled triggers fire when due (`schedule.ts`);
 *   `send_message`, `send_dm` and `open_form` are the built-ins (`builtins.ts`; a form opens as a
 *   modal for the interactor and its submission completes the step, `open_form.ts`); a link
 *   trigger runs from the page's Shortcuts list with Slack's `interactivity` data.
 *
 * @module
 */
export { loadApp, type LoadedApp } from "./app.ts";
export { Engine, type EngineOptions, type RunEventDetail, type RuntimeApi } from "./engine.ts";
export { type BlockActionRequest, deliverBlockAction, observeApiCall } from "./interactivity.ts";
export { closeView, openViewsFor, submitView, type ViewSubmitRequest } from "./views.ts";
export { FUNCTION_TIMEOUT_MS, INTERACTIVITY_TIMEOUT_MS } from "./dispatch.ts";
export { registerOutgoingDomains } from "./outgoing.ts";
export { resolveInputs, resolveTemplate } from "./template.ts";
export { triggerInputs } from "./trigger_inputs.ts";
