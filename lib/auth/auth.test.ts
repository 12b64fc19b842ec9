import { beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "@/app/api/_testing/harness";
import type { Db } from "../db/client";
import { accessFor } from "./route-access";
import { decide } from "./roles";
import { hashPassword, verifyPassword } from "./secrets";
import { encodePrincipal, decodePrincipal } from "./principal-header";
import { isLoopbackHost } from "./loopback";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";
import { gate } from "./gate";
import { forgetAuthMode } from "./auth-mode";

let db: Db;
beforeAll(async () => {
  freshDataDir();
  db = (await import("../db/client")).db();
});

describe("route access declarations", () => {
  it("resolve static segments before dynamic ones and treat HEAD as GET", () => {
    expect(accessFor("GET", "/api/profiles/abc/raw")).toEqual({ pattern: "/api/profiles/[id]/raw", access: "viewer" });
    expect(accessFor("DELETE", "/api/profiles/abc")?.access).toBe("operator");
    expect(accessFor("HEAD", "/")?.access).toBe("viewer");
    expect(accessFor("GET", "/api/nope")).toBeNull();
    expect(accessFor("PUT", "/api/profiles")).toBeNull();
  });

  it("decide: public open, viewer needs someone, operator needs the role", () => {
    const viewer = { kind: "token", id: "t", name: "ci", role: "viewer" } as const;
    expect(decide(null, "public")).toEqual({ ok: true });
    expect(decide(null, "viewer")).toMatchObject({ ok: false, status: 401 });
    expect(decide(viewer, "viewer")).toEqual({ ok: true });
    expect(decide(viewer, "operator")).toMatchObject({ ok: false, status: 403, error: expect.stringContaining("token:ci is a viewer") });
  });
});

describe("secrets", () => {
  it("hash passwords with scrypt and a salt, and verify only the right one", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("wrong horse battery", a)).toBe(false);
  });

  it("ignore a principal header this process did not sign", () => {
    const signed = encodePrincipal({ kind: "local", name: "local", role: "operator" });
    expect(decodePrincipal(signed)?.role).toBe("operator");
    const [body] = signed.split(".");
    const forged = Buffer.from(JSON.stringify({ kind: "user", id: "x", name: "eve", role: "operator" })).toString("base64url");
    expect(decodePrincipal(`${forged}.${signed.split(".")[1]}`)).toBeNull();
    expect(decodePrincipal(`${body}.AAAA`)).toBeNull();
  });

  it("know loopback names", () => {
    for (const h of ["127.0.0.1", "127.8.9.10", "localhost", "[::1]", "::1"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "10.0.0.5", "fleetscope.internal", "::"]) expect(isLoopbackHost(h)).toBe(false);
  });
});

describe("users, sessions and tokens", () => {
  it("bootstraps the first operator once, and refuses a non-loopback bind without users", async () => {
    const { checkAccessSetup } = await import("../config/boot");
    const { parseConfig } = await import("../config/env");
    const open = parseConfig({ ...process.env, HOST: "0.0.0.0" });
    const refused = await checkAccessSetup(open, db);
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("FLEETSCOPE_ADMIN_USER") });
    const withAdmin = parseConfig({ ...process.env, HOST: "0.0.0.0", FLEETSCOPE_ADMIN_USER: "root", FLEETSCOPE_ADMIN_PASSWORD: "a long enough password" });
    expect(await checkAccessSetup(withAdmin, db)).toEqual({ ok: true, admin: "created" });
    expect(await checkAccessSetup(withAdmin, db)).toEqual({ ok: true, admin: "exists" });
    expect(() => parseConfig({ FLEETSCOPE_ADMIN_USER: "root" })).toThrow(/both FLEETSCOPE_ADMIN_USER and FLEETSCOPE_ADMIN_PASSWORD/);
    expect(() => parseConfig({ FLEETSCOPE_ADMIN_USER: "root", FLEETSCOPE_ADMIN_PASSWORD: "short" })).toThrow(/FLEETSCOPE_ADMIN_PASSWORD: must be at least 12/);
    expect(() => parseConfig({ FLEETSCOPE_ADMIN_USER: "root", FLEETSCOPE_ADMIN_PASSWORD: "short" })).not.toThrow(/short/);
  });

  it("signs in to a session that authenticates until it ends", async () => {
    const { signIn, signOut } = await import("./sign-in");
    const { authenticate } = await import("./authenticate");
    const session = await signIn(db, "root", "a long enough password");
    expect(session.user).toEqual({ username: "root", role: "operator" });
    expect((await authenticate(db, { sessionSecret: session.sessionSecret })).principal).toMatchObject({ kind: "user", name: "root" });
    const later = new Date(session.expiresAt.getTime() + 1);
    expect((await authenticate(db, { sessionSecret: session.sessionSecret }, later)).principal).toBeNull();
    await signOut(db, session.sessionSecret);
    expect((await authenticate(db, { sessionSecret: session.sessionSecret })).principal).toBeNull();
  });

  it("keeps tokens hashed, expires and revokes them", async () => {
    const { createToken, revokeToken } = await import("./api-tokens");
    const { authenticate } = await import("./authenticate");
    const now = new Date();
    const { token, info } = await createToken(db, { name: "nightly", role: "viewer", expiresAt: new Date(now.getTime() + 60_000).toISOString() }, "root", now);
    const stored = await db.apiToken.findUnique({ where: { id: info.id } });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await authenticate(db, { authorization: `Bearer ${token}` }, now)).principal).toMatchObject({ kind: "token", role: "viewer" });
    const expired = await authenticate(db, { authorization: `Bearer ${token}` }, new Date(now.getTime() + 61_000));
    expect(expired).toEqual({ principal: null, failure: expect.stringContaining("expired") });
    await revokeToken(db, info.id);
    expect((await authenticate(db, { authorization: `Bearer ${token}` }, now)).failure).toMatch(/revoked/);
    await expect(createToken(db, { name: "old", role: "viewer", expiresAt: "2000-01-01T00:00:00Z" }, "root")).rejects.toThrow(/in the past/);
  });

  it("will not remove or demote the last operator", async () => {
    const { deleteUser, setUserRole } = await import("./users");
    const root = await db.user.findUniqueOrThrow({ where: { username: "root" } });
    await expect(setUserRole(db, root.id, "viewer")).rejects.toThrow(/last operator/);
    await expect(deleteUser(db, root.id)).rejects.toThrow(/last operator/);
  });

  it("with FLEETSCOPE_ADMIN_RESET, gives an existing admin the new password and the operator role, and ends its sessions", async () => {
    const { checkAccessSetup } = await import("../config/boot");
    const { parseConfig } = await import("../config/env");
    const { signIn } = await import("./sign-in");
    const { authenticate } = await import("./authenticate");
    const { setUserRole } = await import("./users");
    const admin = { FLEETSCOPE_ADMIN_USER: "rescue", FLEETSCOPE_ADMIN_PASSWORD: "the first long password" };
    expect(await checkAccessSetup(parseConfig({ ...process.env, ...admin }), db)).toEqual({ ok: true, admin: "created" });
    const before = await signIn(db, "rescue", "the first long password");
    const rescue = await db.user.findUniqueOrThrow({ where: { username: "rescue" } });
    await setUserRole(db, rescue.id, "viewer");

    // Without the reset, a new password in the environment changes nothing.
    const changed = { ...admin, FLEETSCOPE_ADMIN_PASSWORD: "a new long password!" };
    expect(await checkAccessSetup(parseConfig({ ...process.env, ...changed }), db)).toEqual({ ok: true, admin: "exists" });
    await expect(signIn(db, "rescue", "a new long password!")).rejects.toThrow();

    expect(await checkAccessSetup(parseConfig({ ...process.env, ...changed, FLEETSCOPE_ADMIN_RESET: "1" }), db)).toEqual({ ok: true, admin: "reset" });
    expect((await authenticate(db, { sessionSecret: before.sessionSecret })).principal).toBeNull();
    await expect(signIn(db, "rescue", "the first long password")).rejects.toThrow();
    expect((await signIn(db, "rescue", "a new long password!")).user).toEqual({ username: "rescue", role: "operator" });
    expect(() => parseConfig({ FLEETSCOPE_ADMIN_RESET: "1" })).toThrow(/FLEETSCOPE_ADMIN_RESET needs FLEETSCOPE_ADMIN_USER/);
  });
});

describe("the gate", () => {
  it("answers nothing while bound beyond loopback with no users, and refuses foreign Host names in local mode", async () => {
    const { createDb } = await import("../db/client");
    // a separate, empty database: no users
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-gate-"));
    const url = `file:${path.join(dir, "fleetscope.db")}`;
    migrate({ ...process.env, DATABASE_URL: url });
    const empty = createDb(url);
    forgetAuthMode();
    const open = await gate(new Request("http://10.0.0.5:3000/api/services", { headers: { host: "localhost:3000" } }), empty, { bindHost: "0.0.0.0" });
    expect(open.kind === "deny" && open.response.status).toBe(503);
    const rebinding = await gate(new Request("http://evil.example/api/services", { headers: { host: "evil.example" } }), empty, { bindHost: "127.0.0.1" });
    expect(rebinding.kind === "deny" && rebinding.response.status).toBe(403);
    const local = await gate(new Request("http://127.0.0.1:3000/api/services", { headers: { host: "127.0.0.1:3000" } }), empty, { bindHost: "127.0.0.1" });
    expect(local.kind).toBe("pass");
    await empty.$disconnect();
    forgetAuthMode();
  });
});
