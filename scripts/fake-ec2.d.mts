// Types for scripts/fake-ec2.mjs (used by the e2e tests that start their own servers).
export const FAKE_KEYS: { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string };
export function startDemoEc2(options?: { port?: number; latencyMs?: number; drift?: boolean }): Promise<{
  fake: { url: string; close(): Promise<void>; update(options: Record<string, unknown>): void };
  drift(on?: boolean): void;
}>;
export function fakeEc2Env(url: string): Record<string, string>;
