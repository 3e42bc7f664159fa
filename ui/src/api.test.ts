// The generated client against the real core (pos serve): every command it
// can send is one the core answers.

import { describe, expect, it } from "vitest";
import { COMMANDS } from "./bindings/api";
import { CoreTill, type Refusal } from "./test/core";

describe("the generated client", () => {
  it("names only commands the core knows: each is answered, or refused for its (missing) arguments or a missing printer", async () => {
    const core = await CoreTill.create({ savePath: null });
    const codeOf = (command: string) => core.call(command, {}).then(() => "answered", (e: Refusal) => e.code);
    const unknown = await codeOf("no_such_command");
    expect(unknown).not.toBe("answered");
    for (const command of COMMANDS) {
      await core.call("sign_in", { code: "9001", pin: "9999" });
      const code = await codeOf(command);
      // A test print on a till with no printer set up is refused as such.
      expect(["answered", "invalid_input", "no_printer"], `${command}: ${code}`).toContain(code);
      expect(code, command).not.toBe(unknown);
    }
    await core.close();
  });
});
