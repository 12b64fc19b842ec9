// New connections to a busy server (issue 14): while keep-alive clients keep it busy with uploads
// and reads, a burst of new connections each sends one request; how long until each is answered.
import http from "node:http";
import { gzipSync } from "node:zlib";
import { seedProfiles } from "./fuzz";

/** One GET on a connection of its own (no agent: a new TCP connection, closed afterwards). */
function firstAnswerMs(base: string, path: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(performance.now() - started));
    });
    req.on("error", reject);
  });
}

export type FreshReport = { busyRequests: number; freshMs: number[]; slowestMs: number };

/**
 * `busy` keep-alive clients upload and read for the whole run; after `warmupMs`, `fresh` new
 * connections each ask for GET /api/health at once.
 */
export async function freshConnectionsWhileBusy(base: string, options: { busy: number; fresh: number; warmupMs: number }): Promise<FreshReport> {
  const seeds = seedProfiles().filter((s) => /pgo/.test(s.name));
  let done = false;
  let busyRequests = 0;
  let n = 0;
  const client = async (k: number) => {
    while (!done) {
      const i = n++;
      const res =
        k % 4 === 0
          ? await fetch(`${base}/api/profiles?service=busy`, { method: "POST", body: gzipSync(Buffer.concat([seeds[i % seeds.length]!.bytes, Buffer.from([0xa0, 0x06, i & 0x7f])])) })
          : await fetch(`${base}/api/profiles?service=busy`);
      await res.arrayBuffer();
      busyRequests++;
    }
  };
  const clients = Array.from({ length: options.busy }, (_, k) => client(k));
  await new Promise((r) => setTimeout(r, options.warmupMs));
  const freshMs = await Promise.all(Array.from({ length: options.fresh }, () => firstAnswerMs(base, "/api/health")));
  done = true;
  await Promise.all(clients);
  return { busyRequests, freshMs, slowestMs: Math.max(...freshMs) };
}
