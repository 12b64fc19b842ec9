import { describe, expect, it } from "vitest";
import { parseSourceRequest } from "./source-request";
import { checkTargetUrl, isLinkLocal, linkLocalResolution } from "./target-address";

describe("admin URLs a source may fetch", () => {
  it("keeps plain http and https base URLs, without a trailing slash", () => {
    expect(checkTargetUrl("http://10.0.1.12:6060/", false)).toBe("http://10.0.1.12:6060");
    expect(checkTargetUrl(" https://users.internal:6060 ", false)).toBe("https://users.internal:6060");
  });

  it("refuses credentials, other schemes, queries and link-local addresses in every spelling", () => {
    expect(() => checkTargetUrl("http://admin:secret@10.0.1.12:6060", false)).toThrow(/credentials/);
    expect(() => checkTargetUrl("file:///etc/passwd", false)).toThrow(/only http and https/);
    expect(() => checkTargetUrl("gopher://10.0.0.1:70", false)).toThrow(/only http and https/);
    expect(() => checkTargetUrl("http://10.0.1.12:6060/?seconds=999", false)).toThrow(/base URL only/);
    for (const url of ["http://169.254.169.254", "http://2852039166/", "http://[fd00:ec2::254]/", "http://[::ffff:169.254.169.254]/", "http://[fe80::1]:6060", "http://0xa9.0xfe.0xa9.0xfe/"]) {
      expect(() => checkTargetUrl(url, false), url).toThrow(/link-local/);
    }
    expect(checkTargetUrl("http://169.254.170.2:6060", true)).toBe("http://169.254.170.2:6060");
    expect(() => checkTargetUrl("not a url", false)).toThrow(/not a URL/);
  });

  it("tells link-local addresses from private ones", () => {
    expect(isLinkLocal("169.254.0.1")).toBe(true);
    expect(isLinkLocal("10.0.1.12")).toBe(false);
    expect(isLinkLocal("fd00:ec2::254")).toBe(true);
    expect(isLinkLocal("fd00:ec2::253")).toBe(false);
    expect(isLinkLocal("users.internal")).toBe(false);
  });

  it("checks every URL of an endpoint source when it is saved", () => {
    expect(() => parseSourceRequest({ kind: "endpoint", service: "users", urls: ["http://10.0.1.12:6060", "http://169.254.169.254"] })).toThrow(/link-local/);
    expect(() => parseSourceRequest({ kind: "endpoint", service: "users", urls: [] })).toThrow(/at least one/);
    expect(() => parseSourceRequest({ kind: "ftp" })).toThrow(/kind must be/);
    expect(parseSourceRequest({ kind: "endpoint", service: "users", urls: ["http://10.0.1.12:6060/"] })).toMatchObject({ urls: ["http://10.0.1.12:6060"], seconds: 30 });
    expect(parseSourceRequest({ kind: "s3", bucket: "batch-profiles", prefix: "jobs" })).toMatchObject({ prefix: "jobs/" });
  });
});

describe("host names at fetch time", () => {
  it("refuses a name that resolves to a link-local address, and lets others through", async () => {
    expect(await linkLocalResolution("http://localhost:6060")).toBeNull(); // the real resolver: 127.0.0.1
    const pointedAtMetadata = async () => [{ address: "10.0.1.12" }, { address: "169.254.169.254" }];
    expect(await linkLocalResolution("http://users.internal:6060", pointedAtMetadata)).toMatch(/resolves to 169\.254\.169\.254/);
    expect(await linkLocalResolution("http://10.0.1.12:6060", pointedAtMetadata)).toBeNull(); // an address is checked when saved
  });
});
