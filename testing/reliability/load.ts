// The load of `npm run bench -- reliability` and its short version in npm test: uploaders and
// readers on keep-alive connections against one server, latency per endpoint, then a check that
// every listed profile downloads with its sha256 and that no blob is left without its row.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { seedProfiles } from "./fuzz";

export type LoadOptions = { uploaders: number; readers: number; seconds: number; service?: string };

export type EndpointFigures = { endpoint: string; count: number; errors: number; p50: number; p99: number; max: number };

export type LoadReport = {
  seconds: number;
  requests: number;
  errors: { endpoint: string; status: number; error: string }[];
  endpoints: EndpointFigures[];
  reads: EndpointFigures;
  uploads: EndpointFigures;
  listed: number;
  downloadedOk: number;
  downloadMismatches: string[];
  blobsWithoutRow: string[];
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function figures(endpoint: string, samples: number[], errors: number): EndpointFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  return { endpoint, count: samples.length, errors, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

/** A distinct, valid profile per call: a real one plus an unknown field 100 holding the counter. */
function distinctProfile(base: Uint8Array, n: number): Uint8Array {
  const tail: number[] = [0xa0, 0x06];
  let v = n;
  while (v >= 0x80) {
    tail.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  tail.push(v);
  return gzipSync(Buffer.concat([base, Uint8Array.from(tail)]));
}

type Timed = { endpoint: string; ms: number; ok: boolean; status: number; error?: string };

/** Each request on a keep-alive connection; the agent keeps up to one socket per worker. */
async function timed(base: string, endpoint: string, pathAndQuery: string, init?: RequestInit): Promise<Timed> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${pathAndQuery}`, init);
    const body = await res.arrayBuffer();
    const ms = performance.now() - started;
    const ok = res.status < 400;
    let error: string | undefined;
    if (!ok) error = Buffer.from(body).toString("utf8").slice(0, 200);
    return { endpoint, ms, ok, status: res.status, error };
  } catch (err) {
    return { endpoint, ms: performance.now() - started, ok: false, status: 0, error: String((err as Error).cause ?? err) };
  }
}

export async function runLoad(base: string, options: LoadOptions, blobDir?: string): Promise<LoadReport> {
  const service = options.service ?? "load";
  const seeds = seedProfiles().filter((s) => /cpu|pgo/.test(s.name));
  // A few profiles to read, stored before the clock starts.
  const readable: string[] = [];
  for (const [i, s] of seeds.entries()) {
    const res = await fetch(`${base}/api/profiles?service=${service}-read`, { method: "POST", body: distinctProfile(s.bytes, 1_000_000 + i) as BodyInit });
    const body = (await res.json()) as { profile?: { id: string } };
    if (body.profile) readable.push(body.profile.id);
  }
  const samples = new Map<string, number[]>();
  const errorCounts = new Map<string, number>();
  const errors: LoadReport["errors"] = [];
  const note = (t: Timed) => {
    (samples.get(t.endpoint) ?? samples.set(t.endpoint, []).get(t.endpoint)!).push(t.ms);
    if (!t.ok) {
      errorCounts.set(t.endpoint, (errorCounts.get(t.endpoint) ?? 0) + 1);
      if (errors.length < 50) errors.push({ endpoint: t.endpoint, status: t.status, error: t.error ?? "" });
    }
  };
  const deadline = performance.now() + options.seconds * 1000;
  let counter = 0;
  const uploader = async () => {
    while (performance.now() < deadline) {
      const n = counter++;
      note(await timed(base, "POST /api/profiles", `/api/profiles?service=${service}`, { method: "POST", body: distinctProfile(seeds[n % seeds.length]!.bytes, n) as BodyInit }));
    }
  };
  const reads: [string, () => string][] = [
    ["GET /api/services", () => "/api/services"],
    ["GET /api/profiles?service", () => `/api/profiles?service=${service}-read`],
    ["GET /api/profiles/:id", () => `/api/profiles/${readable[counter % readable.length]}`],
    ["GET /api/profiles/:id/top", () => `/api/profiles/${readable[counter % readable.length]}/top`],
    ["GET /api/profiles/:id/flamegraph", () => `/api/profiles/${readable[counter % readable.length]}/flamegraph`],
    ["GET /api/profiles/:id/raw", () => `/api/profiles/${readable[counter % readable.length]}/raw`],
  ];
  const reader = async (r: number) => {
    for (let i = r; performance.now() < deadline; i++) {
      const [endpoint, url] = reads[i % reads.length]!;
      note(await timed(base, endpoint, url()));
    }
  };
  const started = performance.now();
  await Promise.all([...Array.from({ length: options.uploaders }, uploader), ...Array.from({ length: options.readers }, (_, r) => reader(r))]);
  const seconds = (performance.now() - started) / 1000;

  const endpoints = [...samples.entries()].map(([e, xs]) => figures(e, xs, errorCounts.get(e) ?? 0)).sort((a, b) => a.endpoint.localeCompare(b.endpoint));
  const readSamples = [...samples.entries()].filter(([e]) => e.startsWith("GET")).flatMap(([, xs]) => xs);
  const readErrors = [...errorCounts.entries()].filter(([e]) => e.startsWith("GET")).reduce((n, [, c]) => n + c, 0);
  const check = await checkStored(base, blobDir);
  return {
    seconds,
    requests: [...samples.values()].reduce((n, xs) => n + xs.length, 0),
    errors,
    endpoints,
    reads: figures("reads", readSamples, readErrors),
    uploads: figures("uploads", samples.get("POST /api/profiles") ?? [], errorCounts.get("POST /api/profiles") ?? 0),
    ...check,
  };
}

/** Every listed profile (of every service) downloads with its sha256; in a local store, every blob has its row. */
async function checkStored(base: string, blobDir?: string) {
  const { services: all } = (await (await fetch(`${base}/api/services`)).json()) as { services: { name: string }[] };
  const services = all.map((s) => s.name);
  const listed: { id: string; sha256: string }[] = [];
  for (const s of services) listed.push(...((await (await fetch(`${base}/api/profiles?service=${s}`)).json()) as { profiles: { id: string; sha256: string }[] }).profiles);
  let downloadedOk = 0;
  const downloadMismatches: string[] = [];
  for (const p of listed) {
    const raw = new Uint8Array(await (await fetch(`${base}/api/profiles/${p.id}/raw`)).arrayBuffer());
    if (createHash("sha256").update(raw).digest("hex") === p.sha256) downloadedOk += 1;
    else downloadMismatches.push(p.id);
  }
  const blobsWithoutRow: string[] = [];
  if (blobDir && fs.existsSync(path.join(blobDir, "sha256"))) {
    const known = new Set(listed.map((p) => p.sha256));
    for (const prefix of fs.readdirSync(path.join(blobDir, "sha256"))) {
      for (const name of fs.readdirSync(path.join(blobDir, "sha256", prefix))) if (!known.has(name)) blobsWithoutRow.push(name);
    }
  }
  return { listed: listed.length, downloadedOk, downloadMismatches, blobsWithoutRow };
}

export function describeLoad(r: LoadReport, options: LoadOptions): string[] {
  const ms = (x: number) => `${Math.round(x)} ms`;
  return [
    `${options.uploaders} uploaders + ${options.readers} readers on keep-alive for ${r.seconds.toFixed(1)} s: ${r.requests} requests, ${r.errors.length === 0 ? "no errors" : `${r.reads.errors + r.uploads.errors} errors`}`,
    ...r.endpoints.map((e) => `  ${e.endpoint.padEnd(34)} n=${String(e.count).padStart(6)}  p50 ${ms(e.p50).padStart(8)}  p99 ${ms(e.p99).padStart(8)}  max ${ms(e.max).padStart(8)}${e.errors ? `  errors ${e.errors}` : ""}`),
    `  reads   p50 ${ms(r.reads.p50)}, p99 ${ms(r.reads.p99)} (target p99 < 2000 ms)   uploads p50 ${ms(r.uploads.p50)}, p99 ${ms(r.uploads.p99)} (target p99 < 5000 ms)`,
    `  afterwards: ${r.downloadedOk}/${r.listed} listed profiles downloaded with their sha256; blobs without a row: ${r.blobsWithoutRow.length}`,
    ...r.errors.slice(0, 5).map((e) => `  error: ${e.endpoint} ${e.status} ${e.error}`),
  ];
}
