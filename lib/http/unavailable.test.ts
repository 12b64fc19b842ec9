import { describe, expect, it } from "vitest";
import { unavailablePart } from "./unavailable";

describe("unavailablePart", () => {
  it("names the database for a refused connection under Prisma's error, the store for the SDK's", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5999"), { code: "ECONNREFUSED" });
    const prisma = Object.assign(new Error("DriverAdapterError"), { name: "DriverAdapterError", cause: refused });
    expect(unavailablePart(prisma)).toEqual({ part: "database", detail: "ECONNREFUSED" });
    const sdk = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", $metadata: {} });
    expect(unavailablePart(sdk)?.part).toBe("store");
  });

  it("says nothing about other errors", () => {
    expect(unavailablePart(new TypeError("x is undefined"))).toBeNull();
    expect(unavailablePart(null)).toBeNull();
  });
});
