import { beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "@/app/api/_testing/harness";
import type { Db } from "../db/client";
import { forgetAuthMode } from "./auth-mode";
import { gate } from "./gate";

let db: Db;
let realToken: string;
beforeAll(async () => {
  freshDataDir();
  db = (await import("../db/client")).db();
  forgetAuthMode();
  const { createToken } = await import("./api-tokens");
  realToken = (await createToken(db, { name: "ci", role: "operator" }, "test")).token;
});

const post = (headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/profiles?service=x", { method: "POST", headers: { host: "127.0.0.1:3000", ...headers } });
const loopback = { bindHost: "127.0.0.1" };

describe("the gate's cross-site check in loopback mode", () => {
  it("refuses another site's Origin even with X-Forwarded-Host set to it (no proxy configured)", async () => {
    const outcome = await gate(post({ origin: "https://evil.example", "x-forwarded-host": "evil.example" }), db, loopback);
    expect(outcome.kind === "deny" && outcome.response.status).toBe(403);
  });

  it("trusts X-Forwarded-Host only behind a configured proxy", async () => {
    const outcome = await gate(post({ origin: "https://fleetscope.internal", "x-forwarded-host": "fleetscope.internal" }), db, { ...loopback, trustProxy: true });
    expect(outcome.kind).toBe("pass");
  });

  it("refuses another site's Origin with a made-up bearer, and lets a real token through", async () => {
    const fake = await gate(post({ origin: "https://evil.example", authorization: "Bearer anything" }), db, loopback);
    expect(fake.kind === "deny" && fake.response.status).toBe(403);
    const real = await gate(post({ origin: "https://evil.example", authorization: `Bearer ${realToken}` }), db, loopback);
    expect(real.kind).toBe("pass");
    expect(real.kind === "pass" && real.principal).toMatchObject({ kind: "token", name: "ci" });
  });

  it("lets our own pages write", async () => {
    expect((await gate(post({ origin: "http://127.0.0.1:3000" }), db, loopback)).kind).toBe("pass");
  });
});
