/**
 * The workflow engine: runs a workflow's steps in order, invoking each custom function with the
 * `function_executed` payload Slack's runtime sends, and resuming suspended steps when
 * `functions.completeSuccess` / `completeError` arrives. Runs, executions and the runtime's
 * bookkeeping live in storage, so a restart resumes where the platform stopped.
 *
 * @module
 */
import type { FunctionExecution, TriggerRecord, WorkflowRun } from "../storage/types.ts";
import { randomId } from "../web_api/context.ts";
import { localReference, type ManifestStep } from "./app.ts";
import type { EngineOptions, RunEventDetail } from "./engine_options.ts";
import { RuntimeState } from "./state.ts";
import { nextOccurrence, type Schedule } from "./schedule.ts";
import { runStepFunction } from "./steps.ts";
import { resolveInputs } from "./template.ts";
import { INTERACTIVITY_TIMEOUT_MS } from "./dispatch.ts";
import { type FunctionRunner, inProcessRunner } from "./runner.ts";
import { type TriggerInputs, triggerInputs } from "./trigger_inputs.ts";

export type { EngineOptions, RunEventDetail, RuntimeApi } from "./engine_options.ts";

/** Runs workflows. Create one per platform; call {@linkcode Engine.start} once. */
export class Engine {
  /** `run` events ({@linkcode RunEventDetail}). */
  readonly events: EventTarget = new EventTarget();
  readonly state: RuntimeState;
  readonly opts: EngineOptions;
  readonly now: () => number;
  /** Runs the app's handlers; the only owner of their time limits. */
  readonly runner: FunctionRunner;
  /** The interactivity handlers' limit in ms. */
  readonly interactivityTimeoutMs: number;
  #inFlight = new Set<Promise<unknown>>();
  #onCompleted = (event: Event) => {
    const execution = (event as CustomEvent).detail?.execution as FunctionExecution | undefined;
    if (execution?.id) {
      this.track(Promise.resolve().then(() => this.#afterExecution(execution.id)));
    }
  };

  #onView = (event: Event) => {
    const detail = (event as CustomEvent).detail as
      | { op?: string; view?: { id?: string; user?: string } }
      | undefined;
    const view = detail?.view;
    if ((detail?.op === "opened" || detail?.op === "pushed") && view?.id && view.user) {
      this.state.addOpenView({ id: view.id, user: view.user });
    }
  };

  /** Creates the engine; nothing runs until {@linkcode start}. */
  constructor(opts: EngineOptions) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
    this.runner = opts.runner ?? inProcessRunner(opts.app.loadFunction);
    this.interactivityTimeoutMs = opts.interactivityTimeoutMs ?? INTERACTIVITY_TIMEOUT_MS;
    this.state = new RuntimeState(opts.storage);
  }

  /** Listens for completions and resumes every run that was in progress when storage closed. */
  start(): void {
    this.opts.api.events.addEventListener("function_completed", this.#onCompleted);
    this.opts.api.events.addEventListener("view", this.#onView);
    this.#resume();
  }

  /**
   * Stops listening and waits up to `graceMs` for in-flight work. A handler still running after
   * that is abandoned; on the next start its step fails as interrupted.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.opts.api.events.removeEventListener("function_completed", this.#onCompleted);
    this.opts.api.events.removeEventListener("view", this.#onView);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((done) => timer = setTimeout(done, graceMs));
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
  }

  /** Resolves when no step, completion or interaction is being processed. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Keeps `work` in the in-flight set until it settles; errors are logged, never thrown. */
  track(work: Promise<unknown>): void {
    const tracked = work.catch((error) => this.log(`error: ${(error as Error).message}`))
      .finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** Logs a line through the configured logger. */
  log(line: string): void {
    this.opts.log?.(line);
  }

  /**
   * Starts a run of the trigger's workflow with inputs computed from the webhook `data`.
   * Returns the stored run at once; the steps run in the background.
   */
  startRun(trigger: TriggerRecord, data: Record<string, unknown>): WorkflowRun {
    const callbackId = localReference(trigger.workflow, "workflows") ?? trigger.workflow;
    const run: WorkflowRun = {
      id: randomId("Wr"),
      workflow: callbackId,
      trigger_id: trigger.id,
      inputs: triggerInputs(trigger.definition.inputs as TriggerInputs | undefined, data),
      status: "running",
      current_step: 0,
      step_outputs: {},
      started: this.now(),
    };
    // Saved before anything runs: a failed save (full disk) throws here, to the webhook's caller.
    this.opts.storage.putRun(run);
    this.#emitRun(run);
    this.log(`run ${run.id} started: workflow ${callbackId} from trigger ${trigger.id}`);
    this.track(this.#advance(run.id));
    return run;
  }

  /**
   * Starts runs for scheduled triggers that are due at `now`. Occurrences missed while the
   * platform was stopped fire once, not once each. Returns the runs started.
   */
  fireDueSchedules(now = this.now()): WorkflowRun[] {
    const started: WorkflowRun[] = [];
    for (const trigger of this.opts.storage.listTriggers()) {
      if (trigger.type !== "scheduled") continue;
      const schedule = trigger.definition.schedule as Schedule | undefined;
      const since = this.state.lastFired(trigger.id) ?? trigger.created * 1000 - 1;
      const due = schedule ? nextOccurrence(schedule, since) : undefined;
      if (due === undefined || due > now) continue;
      this.state.setLastFired(trigger.id, now);
      started.push(this.startRun(trigger, {}));
    }
    return started;
  }

  #emitRun(run: WorkflowRun): void {
    const detail: RunEventDetail = {
      run_id: run.id,
      status: run.status,
      current_step: run.current_step,
    };
    this.events.dispatchEvent(new CustomEvent("run", { detail }));
  }

  #finishRun(run: WorkflowRun, status: "completed" | "failed", error?: string): void {
    const done: WorkflowRun = {
      ...run,
      status,
      ...(error !== undefined ? { error } : {}),
      ended: this.now(),
    };
    this.opts.storage.putRun(done);
    this.#emitRun(done);
    this.log(`run ${run.id} ${status}${error ? `: ${error}` : ""}`);
  }

  /** Runs steps from the run's current step until it suspends, fails or completes. */
  async #advance(runId: string): Promise<void> {
    const { storage, app } = this.opts;
    const run = storage.getRun(runId);
    if (!run || run.status !== "running") return;
    const workflow = app.manifest.workflows?.[run.workflow];
    if (!workflow) {
      return this.#finishRun(
        run,
        "failed",
        `Cannot run workflow "${run.workflow}": not in the manifest`,
      );
    }
    const step = workflow.steps[run.current_step];
    if (!step) return this.#finishRun(run, "completed");
    const existing = this.state.stepExecution(run.id, run.current_step);
    if (existing) {
      // Restart path: the step was started before; wait for it or apply its result.
      const execution = storage.getExecution(existing);
      if (execution && execution.status !== "running") await this.#afterExecution(existing);
      return;
    }
    await this.#runStep(run, step);
  }

  async #runStep(run: WorkflowRun, step: ManifestStep): Promise<void> {
    const { storage } = this.opts;
    const inputs = resolveInputs(step.inputs ?? {}, {
      inputs: run.inputs,
      steps: run.step_outputs,
    });
    const customId = localReference(step.function_id, "functions");
    const callbackId = customId ?? step.function_id;
    const execution: FunctionExecution = {
      id: randomId("Fx"),
      run_id: run.id,
      step_index: run.current_step,
      callback_id: callbackId,
      inputs,
      status: "running",
      started: this.now(),
    };
    storage.putExecution(execution);
    this.state.linkStep(run.id, run.current_step, execution.id);
    const token = this.state.issueToken(execution.id);
    this.#emitRun(run);

    const outcome = await runStepFunction(
      {
        ...this.opts,
        runner: this.runner,
        now: this.now,
        log: (line: string) => this.log(line),
        // A form (built-in open_form) is answered like a function's modal: link it to the step
        // (the Web API's view event already marks it open).
        onViewOpened: (viewId: string, executionId: string) =>
          this.state.linkView(viewId, executionId),
      },
      step.function_id,
      execution,
      token,
    );
    if (outcome.kind === "suspended") {
      this.state.markSuspended(execution.id);
      this.log(`step ${execution.step_index} ${callbackId} waiting (execution ${execution.id})`);
      return;
    }
    // Slack's runtime reports these through functions.completeSuccess/completeError with the
    // workflow token; here the platform finishes the execution directly, so they do not appear
    // among the app's own Web API calls.
    const finished = storage.finishExecution(
      execution.id,
      outcome.kind === "completed"
        ? { status: "completed", outputs: outcome.outputs }
        : { status: "failed", error: outcome.error },
    );
    // When the handler already completed itself through the Web API, that completion won and
    // its function_completed event drives the run instead.
    if (finished) await this.#afterExecution(execution.id);
  }

  /** Applies a finished execution to its run: next step, or the run fails. Idempotent. */
  async #afterExecution(executionId: string): Promise<void> {
    const { storage } = this.opts;
    const execution = storage.getExecution(executionId);
    if (!execution || execution.status === "running" || !execution.run_id) return;
    const run = storage.getRun(execution.run_id);
    // The check and the write below happen without an await in between, so a completion
    // delivered twice (event and direct) advances the run once.
    if (!run || run.status !== "running" || run.current_step !== execution.step_index) return;
    if (execution.status === "failed") {
      return this.#finishRun(
        run,
        "failed",
        `Step ${execution.step_index} (${execution.callback_id}) failed: ${
          execution.error ?? "error"
        }`,
      );
    }
    const next: WorkflowRun = {
      ...run,
      step_outputs: {
        ...run.step_outputs,
        [String(execution.step_index)]: execution.outputs ?? {},
      },
      current_step: run.current_step + 1,
    };
    storage.putRun(next);
    this.#emitRun(next);
    await this.#advance(run.id);
  }

  /**
   * Picks up runs left `running` by a previous process: suspended steps keep waiting (their
   * messages stay clickable), finished steps are applied, unstarted steps start, and a step whose
   * handler was cut off mid-run fails, as a crashed function does on Slack.
   */
  #resume(): void {
    const { storage } = this.opts;
    for (const run of storage.listRuns()) {
      if (run.status !== "running") continue;
      const executionId = this.state.stepExecution(run.id, run.current_step);
      const execution = executionId ? storage.getExecution(executionId) : undefined;
      if (execution?.status === "running" && !this.state.isSuspended(execution.id)) {
        storage.finishExecution(execution.id, {
          status: "failed",
          error: "Cannot finish function: the platform stopped while its handler was running",
        });
      }
      this.track(this.#advance(run.id));
    }
  }
}
