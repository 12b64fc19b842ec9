// The dashboard's HTTP server: Next's request handler behind a thin layer that does what must happen
// before Next reads a request, and a graceful stop. `npm start` (scripts/start.mjs) runs it in the
// repository; the Docker image runs it in the standalone output (`node serve.mjs`).
//
// Before Next:
// - a path with a malformed percent escape (`/api/profiles/%/raw`) is a 400 for the API; a page
//   gets the not-found page (Next itself would answer a plain-text 500);
// - a request with a body that the access gate refuses (anonymous when sign-in is on) is answered
//   before a byte of its body is read;
// - the client's address travels to the app in a header this layer sets (never the caller's).
// Next's handler takes the requests one per turn of the event loop, first come, first served.
// After: a response sent before its request's body was read whole says `Connection: close` (and the
// rest of the body is not read), so a keep-alive client never sends its next request on a socket
// that is about to close.
// On SIGTERM or SIGINT: stop accepting connections, answer 503 to new requests on open ones,
// finish the requests in flight (at most FLEETSCOPE_SHUTDOWN_SECONDS, default 25), let the app mark
// its running scans interrupted, exit.
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "./migrate.mjs";

export const CLIENT_ADDRESS_HEADER = "x-fleetscope-client-address";
const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** True when the path part of a request URL decodes (every `%` starts a valid escape of UTF-8). */
export function pathDecodes(url) {
  const pathname = url.split("?")[0] ?? "";
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * A page URL whose path does not decode, made one that does: each segment that does not decode is
 * taken literally (its `%` written `%25`), so the page sees that text as its id and answers not-found.
 */
export function repairedPageUrl(url) {
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q);
  const segments = pathname.split("/").map((segment) => {
    try {
      decodeURIComponent(segment);
      return segment;
    } catch {
      return encodeURIComponent(segment);
    }
  });
  return segments.join("/") + query;
}

/** The caller's address: the socket's, or behind a configured proxy the last X-Forwarded-For hop. */
export function clientAddress(req, trustProxy) {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean) : [];
  return forwarded.at(-1) ?? req.socket.remoteAddress ?? "unknown";
}

function formatMiB(bytes) {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

function hasBody(req) {
  return Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
}

function sendJson(res, status, error, extra = {}) {
  const body = JSON.stringify({ error });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

/** Answer with a web Response the app built (the early gate's refusal). */
async function sendResponse(res, response) {
  const headers = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...SECURITY_HEADERS, ...headers, "content-length": body.byteLength });
  res.end(body);
}

/** Say `Connection: close` on any response written before its request's body was read whole. */
function closeWhenBodyUnread(req, res, draining) {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (!req.complete || draining()) res.shouldKeepAlive = false;
    return writeHead.apply(this, args);
  };
}

function loadNext(dir) {
  const serverFiles = path.join(dir, ".next", "required-server-files.json");
  if (fs.existsSync(serverFiles)) {
    const { config } = JSON.parse(fs.readFileSync(serverFiles, "utf8"));
    // The build's resolved configuration, as the standalone server.js passes it: no next.config.ts at runtime.
    process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(config);
  }
  return createRequire(path.join(dir, "package.json"))("next");
}

/**
 * Reads and drops a request body that will be refused, so that a client still sending it reads the
 * answer instead of a reset connection (curl, fetch and Playwright send the whole body first). Bounded:
 * past `maxBytes` or `maxMs` it stops, and the answer closes the connection as before.
 */
function discardBody(req, maxBytes, maxMs) {
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      req.off("data", onData);
      req.pause();
      resolve();
    };
    const onData = (chunk) => {
      seen += chunk.length;
      if (seen > maxBytes) done();
    };
    const timer = setTimeout(done, maxMs);
    timer.unref();
    req.on("data", onData);
    req.once("end", done);
    req.once("error", done);
    req.resume();
  });
}

/** What this layer answers itself, before Next reads the request; true when it answered. */
async function answeredBeforeNext(req, res, settings) {
  if (settings.draining()) {
    sendJson(res, 503, "the server is shutting down: send the request again (another replica takes it)", { "retry-after": "1" });
    return true;
  }
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, settings.trustProxy);
  const url = req.url ?? "/";
  if (!pathDecodes(url)) {
    if (url.startsWith("/api/")) {
      sendJson(res, 400, "malformed percent escape in the URL path: write a literal % as %25");
      return true;
    }
    req.url = repairedPageUrl(url);
  }
  if (Number(req.headers["content-length"] ?? 0) > settings.maxBodyBytes) {
    await discardBody(req, 2 * settings.maxBodyBytes, 5_000);
    res.shouldKeepAlive = false;
    sendJson(res, 413, `the request body is larger than the ${formatMiB(settings.maxUploadBytes)} upload limit (FLEETSCOPE_MAX_UPLOAD_BYTES)`);
    return true;
  }
  const earlyGate = globalThis.fleetscopeEarlyGate;
  if (hasBody(req) && typeof earlyGate === "function") {
    const refusal = await earlyGate({ method: req.method, url: `http://${req.headers.host ?? "localhost"}${req.url}`, headers: req.headers }).catch(() => null);
    if (refusal) {
      await sendResponse(res, refusal);
      return true;
    }
  }
  return false;
}

/**
 * Starts the requests that arrive one per turn of the event loop, in their order (issue 14). libuv
 * (since 1.45) accepts one connection per turn, and each request's work up to its first wait runs
 * in the turn it starts in: when every request that arrived started at once, a busy server's turns
 * grew with its open connections (300 ms and more under 250 keep-alive clients), and a burst of new
 * connections waited in the listen queue for up to a minute while the open ones were served. One
 * start per turn keeps turns short, so accepting keeps pace, and serves the waiting requests first
 * come, first served.
 */
function oneStartPerTurn() {
  const waiting = [];
  const startNext = () => {
    const start = waiting.shift();
    if (waiting.length > 0) setImmediate(startNext);
    start();
  };
  return (start) => {
    waiting.push(start);
    if (waiting.length === 1) setImmediate(startNext);
  };
}

/** Counts the requests in flight; `drained()` resolves once none is left. */
function inFlightCounter() {
  let count = 0;
  const waiting = [];
  return {
    track(res) {
      count += 1;
      res.on("close", () => {
        count -= 1;
        if (count === 0) for (const resolve of waiting.splice(0)) resolve();
      });
    },
    get count() {
      return count;
    },
    drained: () => (count === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve))),
  };
}

/** SIGTERM: no new connections, 503 on open ones, the requests in flight finish (bounded), the app's own stop, exit. */
async function stopGracefully(server, inFlight, graceMs, signal) {
  console.log(`fleetscope: ${signal}: no new requests; finishing ${inFlight.count} in flight (at most ${graceMs / 1000} s)`);
  server.close();
  server.closeIdleConnections();
  await Promise.race([inFlight.drained(), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  try {
    if (typeof globalThis.fleetscopeShutdown === "function") await globalThis.fleetscopeShutdown();
  } catch (err) {
    console.error("[fleetscope] shutdown:", err);
  }
  console.log(`fleetscope: stopped${inFlight.count > 0 ? ` (${inFlight.count} request(s) cut short)` : ""}`);
  process.exit(0);
}

/**
 * Next loads the app (instrumentation.ts: the start-up checks, the store sweep, the hooks above)
 * with its first request: make it ours, so all that is done before we say we are ready.
 */
async function warmUp(host, port) {
  const loopback = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  await fetch(`http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${port}/api/health`).then((r) => r.arrayBuffer()).catch(() => undefined);
}

export async function serve({ dir = process.cwd(), host = "127.0.0.1", port = 3000, env = process.env } = {}) {
  process.env.NODE_ENV = "production";
  // Bodies declared larger than any route takes are refused unread (1 MiB more than the upload
  // limit for multipart framing, as next.config.ts's proxyClientMaxBodySize).
  const maxUploadBytes = Number(env.FLEETSCOPE_MAX_UPLOAD_BYTES || 64 * 1024 * 1024);
  let draining = false;
  const settings = {
    trustProxy: env.FLEETSCOPE_TRUST_PROXY === "1" || env.FLEETSCOPE_TRUST_PROXY === "true",
    maxUploadBytes,
    maxBodyBytes: maxUploadBytes + 1024 * 1024,
    draining: () => draining,
  };
  const graceMs = Number(env.FLEETSCOPE_SHUTDOWN_SECONDS || 25) * 1000;
  const app = loadNext(dir)({ dev: false, dir, hostname: host, port: Number(port) });
  await app.prepare();
  const handle = app.getRequestHandler();
  const inFlight = inFlightCounter();
  const inTurn = oneStartPerTurn();
  const handleInTurn = (req, res) =>
    new Promise((resolve, reject) => inTurn(() => Promise.resolve().then(() => (res.destroyed ? undefined : handle(req, res))).then(resolve, reject)));

  const server = http.createServer(async (req, res) => {
    inFlight.track(res);
    closeWhenBodyUnread(req, res, settings.draining);
    try {
      if (!(await answeredBeforeNext(req, res, settings))) await handleInTurn(req, res);
    } catch (err) {
      console.error("[fleetscope] request failed before the app answered:", err);
      if (!res.headersSent) sendJson(res, 500, "internal error: the server logged the details");
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 65_000; // longer than a load balancer's idle timeout (ALB: 60 s)
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (draining) return;
      draining = true;
      void stopGracefully(server, inFlight, graceMs, signal);
    });
  }

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(port), host, resolve);
  });
  const address = server.address();
  await warmUp(host, address.port);
  console.log(`fleetscope: ready on http://${host}:${address.port}`);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // In the repository this file is scripts/serve.mjs; in the standalone output it sits beside .next/.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = fs.existsSync(path.join(here, ".next")) ? here : path.dirname(here);
  // --migrate: apply the migrations first (the Docker image's command; `npm start` does it itself).
  if (process.argv.includes("--migrate")) {
    try {
      process.chdir(dir);
      migrate();
    } catch (err) {
      console.error(`fleetscope: ${err.message}`);
      process.exit(1);
    }
  }
  serve({ dir, host: process.env.HOST || "127.0.0.1", port: process.env.PORT || 3000 }).catch((err) => {
    console.error(`fleetscope: ${err.message}`);
    process.exit(1);
  });
}
