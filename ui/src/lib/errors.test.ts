import { describe, expect, it } from "vitest";
import { toErrorBody } from "./errors";

describe("errors", () => {
  it("keeps the core's code and message", () => {
    expect(toErrorBody({ code: "wrong_pin", message: "Wrong staff code or PIN" })).toEqual({
      code: "wrong_pin",
      message: "Wrong staff code or PIN",
    });
  });

  it("turns anything else into code unexpected", () => {
    expect(toErrorBody("command sign_in not found")).toEqual({ code: "unexpected", message: "command sign_in not found" });
    expect(toErrorBody(new Error("boom"))).toEqual({ code: "unexpected", message: "boom" });
    expect(toErrorBody({ code: 3, message: "x" })).toEqual({ code: "unexpected", message: "[object Object]" });
    expect(toErrorBody(undefined)).toEqual({ code: "unexpected", message: "undefined" });
  });
});
