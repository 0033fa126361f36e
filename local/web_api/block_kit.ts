/**
 * Block Kit as Slack's Web API accepts it: block types and limits for messages
 * (`chat.postMessage`, `chat.postEphemeral`, `chat.update`) and views (`views.open`, `views.push`,
 * `views.update`). The methods answer what Slack answers, HTTP 200 with `invalid_blocks`
 * (messages) or `invalid_arguments` (views) and one `response_metadata.messages` line per problem,
 * each naming the JSON pointer of the field at fault.
 *
 * Sources: https://docs.slack.dev/reference/block-kit/blocks (up to 50 blocks in a message, 100
 * in a modal or Home tab; each block's fields), https://docs.slack.dev/reference/views (modal
 * fields), the methods' error lists. Behaviour Slack does not document is taken strictly and can
 * be relaxed ({@linkcode BlockKitRelax}). Rows in docs/slack_rules.md.
 *
 * @module
 */
import {
  ACCESSORY_ELEMENTS,
  ACTION_ELEMENTS,
  checkElement,
  checkString,
  checkText,
  INPUT_ELEMENTS,
  MAX_ID_LENGTH,
  Problems,
} from "./block_elements.ts";

type Json = Record<string, unknown>;

/** Where blocks are shown. */
export type Surface = "message" | "modal" | "home";

/** Slack's limit of blocks in a message. */
export const MAX_MESSAGE_BLOCKS = 50;
/** Slack's limit of blocks in a modal or Home tab. */
export const MAX_VIEW_BLOCKS = 100;

/** Strict rules that are assumptions (Slack does not document them), each relaxable. */
export interface BlockKitRelax {
  /**
   * Accept `input` blocks in messages. Strict default: refused — Slack's block reference has
   * long listed input blocks for modals and Home tabs only, and a message cannot be submitted.
   */
  inputBlocksInMessages?: boolean;
  /**
   * Accept a `block_id` used twice in one message or view. Strict default: refused — Slack says
   * a block_id "should be unique for each message or view"; whether it refuses is undocumented.
   */
  duplicateBlockIds?: boolean;
}

const BLOCK_TYPES: ReadonlySet<string> = new Set([
  "actions",
  "context",
  "divider",
  "file",
  "header",
  "image",
  "input",
  "markdown",
  "rich_text",
  "section",
  "video",
]);

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkBlock(p: Problems, at: string, block: Json, surface: Surface, relax: BlockKitRelax) {
  const type = String(block.type);
  const actionIds = new Set<string>();
  if (!BLOCK_TYPES.has(type)) return p.add(`${at}/type`, `unsupported block type "${type}"`);
  if (type === "input" && surface === "message" && !relax.inputBlocksInMessages) {
    return p.add(`${at}/type`, "input blocks are only allowed in modals and Home tabs");
  }
  if ((type === "file" || type === "markdown") && surface !== "message") {
    return p.add(`${at}/type`, `${type} blocks are only allowed in messages`);
  }
  if (type === "section") {
    if (block.text === undefined && block.fields === undefined) {
      p.add(`${at}/text`, "is required (or fields)");
    }
    checkText(p, `${at}/text`, block.text, 3000);
    if (block.fields !== undefined) {
      if (!Array.isArray(block.fields)) p.add(`${at}/fields`, "must be an array");
      else {
        if (block.fields.length > 10) p.add(`${at}/fields`, "must have at most 10 items");
        block.fields.forEach((f, i) => checkText(p, `${at}/fields/${i}`, f, 2000));
      }
    }
    if (block.accessory !== undefined) {
      checkElement(p, `${at}/accessory`, block.accessory, ACCESSORY_ELEMENTS, actionIds);
    }
  } else if (type === "actions" || type === "context") {
    const max = type === "actions" ? 25 : 10;
    if (!Array.isArray(block.elements) || block.elements.length === 0) {
      return p.add(`${at}/elements`, "must be a non-empty array");
    }
    if (block.elements.length > max) p.add(`${at}/elements`, `must have at most ${max} items`);
    block.elements.forEach((el, i) => {
      const where = `${at}/elements/${i}`;
      if (type === "actions") return checkElement(p, where, el, ACTION_ELEMENTS, actionIds);
      const kind = isObject(el) ? el.type : undefined;
      if (kind === "image") checkElement(p, where, el, new Set(["image"]), actionIds);
      else checkText(p, where, el, 3000, { required: true });
    });
  } else if (type === "header") {
    checkText(p, `${at}/text`, block.text, 150, { required: true, plainOnly: true });
  } else if (type === "image") {
    if (block.image_url === undefined && block.slack_file === undefined) {
      p.add(`${at}/image_url`, "is required (or slack_file)");
    }
    checkString(p, `${at}/image_url`, block.image_url, 3000);
    checkString(p, `${at}/alt_text`, block.alt_text, 2000, { required: true, min: 1 });
    checkText(p, `${at}/title`, block.title, 2000, { plainOnly: true });
  } else if (type === "input") {
    checkText(p, `${at}/label`, block.label, 2000, { required: true, plainOnly: true });
    checkText(p, `${at}/hint`, block.hint, 2000, { plainOnly: true });
    if (block.element === undefined) p.add(`${at}/element`, "is required");
    else checkElement(p, `${at}/element`, block.element, INPUT_ELEMENTS, actionIds);
  } else if (type === "rich_text") {
    if (!Array.isArray(block.elements)) p.add(`${at}/elements`, "must be an array");
  } else if (type === "markdown") {
    checkString(p, `${at}/text`, block.text, 12000, { required: true, min: 1 });
  } else if (type === "video") {
    checkText(p, `${at}/title`, block.title, 200, { required: true, plainOnly: true });
    checkString(p, `${at}/alt_text`, block.alt_text, 2000, { required: true, min: 1 });
    checkString(p, `${at}/video_url`, block.video_url, 3000, { required: true, min: 1 });
    checkString(p, `${at}/thumbnail_url`, block.thumbnail_url, 3000, { required: true, min: 1 });
  }
}

/**
 * Every problem of `blocks` shown on `surface`, in Slack's `response_metadata.messages` form
 * (empty when Slack would accept them). `at` is the pointer of the array (`/blocks`,
 * `/view/blocks`).
 */
export function blockProblems(
  blocks: unknown,
  surface: Surface,
  relax: BlockKitRelax = {},
  at = "/blocks",
): string[] {
  const p = new Problems();
  collectBlocks(p, blocks, surface, relax, at);
  return p.messages();
}

function collectBlocks(
  p: Problems,
  blocks: unknown,
  surface: Surface,
  relax: BlockKitRelax,
  at: string,
): void {
  if (!Array.isArray(blocks)) return p.add(at, "must be an array of blocks");
  const max = surface === "message" ? MAX_MESSAGE_BLOCKS : MAX_VIEW_BLOCKS;
  if (blocks.length > max) p.add(at, `must have at most ${max} items`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const where = `${at}/${i}`;
    if (!isObject(block) || typeof block.type !== "string") {
      return p.add(where, "must be a block object with a string type");
    }
    if (block.block_id !== undefined) {
      checkString(p, `${where}/block_id`, block.block_id, MAX_ID_LENGTH, { min: 1 });
      if (typeof block.block_id === "string") {
        if (blockIds.has(block.block_id) && !relax.duplicateBlockIds) {
          p.add(`${where}/block_id`, `duplicate block_id "${block.block_id}"`);
        }
        blockIds.add(block.block_id);
      }
    }
    checkBlock(p, where, block, surface, relax);
  });
}

/**
 * Every problem of a `view` given to views.open/push/update: its type, the modal's title,
 * submit and close (plain text, at most 24 characters; `submit` is required with input blocks),
 * `private_metadata` (3000), `callback_id` and `external_id` (255), and its blocks.
 */
export function viewProblems(view: unknown, relax: BlockKitRelax = {}): string[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add("/view", "must be a view object");
    return p.messages();
  }
  const type = view.type;
  if (type !== "modal" && type !== "home") {
    p.add("/view/type", 'must be "modal" or "home"');
    return p.messages();
  }
  if (type === "modal") {
    checkText(p, "/view/title", view.title, 24, { required: true, plainOnly: true });
    checkText(p, "/view/close", view.close, 24, { plainOnly: true });
    checkText(p, "/view/submit", view.submit, 24, { plainOnly: true });
    const hasInput = Array.isArray(view.blocks) &&
      view.blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined) {
      p.add("/view/submit", "must define submit to use input block");
    }
  }
  checkString(p, "/view/private_metadata", view.private_metadata, 3000);
  checkString(p, "/view/callback_id", view.callback_id, 255);
  checkString(p, "/view/external_id", view.external_id, 255);
  collectBlocks(p, view.blocks, type, relax, "/view/blocks");
  return p.messages();
}
