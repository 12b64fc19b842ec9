import { describe, expect, it } from "vitest";
import { forEachPage } from "./paging";

describe("forEachPage", () => {
  it("follows tokens to the end and requests the next page before handling the current one", async () => {
    const log: string[] = [];
    const pages = await forEachPage(
      async (token) => {
        log.push(`fetch ${token ?? "-"}`);
        return token === undefined ? { NextToken: "a", n: 1 } : token === "a" ? { NextToken: "b", n: 2 } : { n: 3 };
      },
      (page) => log.push(`page ${page.n}`),
    );
    expect(pages).toBe(3);
    expect(log).toEqual(["fetch -", "fetch a", "page 1", "fetch b", "page 2", "page 3"]);
  });

  it("treats an empty token as the end", async () => {
    expect(await forEachPage(async () => ({ NextToken: "" }), () => undefined)).toBe(1);
  });

  it("stops on a repeating token", async () => {
    await expect(forEachPage(async () => ({ NextToken: "same" }), () => undefined)).rejects.toMatchObject({ name: "PaginationLoop" });
  });

  it("passes on a failing page and a failing handler", async () => {
    await expect(forEachPage(async () => Promise.reject(new Error("boom")), () => undefined)).rejects.toThrow("boom");
    await expect(
      forEachPage(async (token) => (token ? Promise.reject(new Error("late")) : { NextToken: "x" }), () => {
        throw new Error("handler");
      }),
    ).rejects.toThrow("handler");
  });
});
