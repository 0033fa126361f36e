import { assertEquals } from "@std/assert";
import { formFields, formView } from "./open_form.ts";

const dir = {
  users: [{ id: "U1", label: "@ada (Ada)" }, { id: "U2", label: "@grace" }],
  channels: [{ id: "C1", label: "#approvals" }],
};
const inputs = {
  title: "Register a service",
  fields: {
    elements: [
      { name: "name", title: "Name", type: "string", long: true },
      { name: "n", title: "N", type: "integer" },
      { name: "owner", title: "Owner", type: "slack#/types/user_id" },
      { name: "who", title: "Who", type: "array", items: { type: "slack#/types/user_id" } },
      { name: "effect", title: "Effect", type: "string", enum: ["a", "b"] },
    ],
    required: ["name"],
  },
};

Deno.test("formView renders each field type as an input block the page can show", () => {
  type Block = {
    block_id: string;
    optional: boolean;
    element: { type: string; multiline?: boolean; options?: { value: string }[] };
  };
  const view = formView(inputs, dir) as { title: { text: string }; blocks: Block[] };
  // Shown as given: a title Slack would refuse is refused before (open_form_rules.ts).
  assertEquals(view.title.text, "Register a service");
  assertEquals(
    view.blocks.map((b) => [b.block_id, b.optional, b.element.type, b.element.multiline]),
    [
      ["name", false, "plain_text_input", true],
      ["n", true, "number_input", undefined],
      ["owner", true, "static_select", undefined],
      ["who", true, "plain_text_input", true],
      ["effect", true, "static_select", undefined],
    ],
  );
  assertEquals(view.blocks[2].element.options?.map((o) => o.value), ["U1", "U2"]);
});

Deno.test("formFields converts submitted values and reports per-field errors", () => {
  const v = (value: string) => ({ value: { type: "plain_text_input", value } });
  assertEquals(
    formFields(inputs, {
      name: v(" x "),
      n: v("3"),
      owner: { value: { type: "static_select", selected_option: { value: "U2" } } },
      who: v("ada, @grace, U9"),
      effect: { value: { type: "static_select", selected_option: null } },
    }, dir),
    { ok: true, fields: { name: "x", n: 3, owner: "U2", who: ["U1", "U2", "U9"] } },
  );
  assertEquals(formFields(inputs, { n: v("2.5") }, dir), {
    ok: false,
    errors: { name: "Please fill out this field.", n: "Enter a whole number." },
  });
});
