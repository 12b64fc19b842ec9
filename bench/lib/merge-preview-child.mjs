// Child process of bench/merge.mjs, timing the merge preview API the way the merge page calls it.
//   node --import bench/lib/register-ts.mjs bench/lib/merge-preview-child.mjs upload <dataDir> <file>...
//     a fresh data directory, the files uploaded through POST /api/profiles (which reads them for the
//     viewer and the merge preview in the background), then the preview, flame graph and stored merges
//   ... merge-preview-child.mjs restart <dataDir> <id>...   a new process on that data directory (as after a restart)
//   ... merge-preview-child.mjs cold <dataDir> <id>...      the same with the stored indexes removed: every sample read
// Prints one JSON line of timings.
import fs from "node:fs";
import path from "node:path";
import { importTs } from "./ts-loader.mjs";

const [mode, dataDir, ...rest] = process.argv.slice(2);
process.env.FLEETSCOPE_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
if (mode === "upload") {
  const { migrate } = await import("../../scripts/migrate.mjs");
  migrate(process.env);
}
if (mode === "cold") fs.rmSync(path.join(dataDir, "blobs", "derived"), { recursive: true, force: true });

const { encodePrincipal, PRINCIPAL_HEADER } = await importTs("lib/auth/principal-header.ts");
const profiles = await importTs("app/api/profiles/route.ts");
const preview = await importTs("app/api/merges/preview/route.ts");
const flame = await importTs("app/api/merges/preview/flamegraph/route.ts");
const merges = await importTs("app/api/merges/route.ts");
const { mergeService } = await importTs("lib/merges/merge-service.ts");
const { profileViews } = await importTs("lib/profiles/profile-views.ts");
const { profileDeps } = await importTs("lib/profiles/context.ts");
await profileDeps().db.profile.count(); // open the database before timing, as a running server has

const principal = encodePrincipal({ kind: "local", name: "local", role: "operator" });
const call = async (handler, url, init) => {
  const request = new Request(new URL(url, "http://127.0.0.1:3000"), init);
  request.headers.set(PRINCIPAL_HEADER, principal);
  const started = performance.now();
  const res = await handler(request, { params: Promise.resolve({}) });
  const body = await res.text();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${body.slice(0, 500)}`);
  return { ms, body };
};
const query = (ids) => ids.map((id) => `profileId=${id}`).join("&");

if (mode !== "upload") {
  const ids = rest;
  // The page asks for at most 200 hot call sites; the API default is all of them.
  const first = await call(preview.GET, `/api/merges/preview?${query(ids)}&limit=200`);
  const flameFirst = await call(flame.GET, `/api/merges/preview/flamegraph?${query(ids)}`);
  console.log(JSON.stringify({ previewMs: first.ms, flameMs: flameFirst.ms, stats: mergeService().stats }));
  process.exit(0);
}

const files = rest;
const ids = [];
const services = ["users", "search", "reports"];
const uploadStarted = performance.now();
for (const [k, file] of files.entries()) {
  const { body } = await call(profiles.POST, `/api/profiles?service=${services[k] ?? `svc${k}`}`, { method: "POST", body: fs.readFileSync(file) });
  ids.push(JSON.parse(body).profile.id);
}
const uploadMs = performance.now() - uploadStarted;
await mergeService().idle();
// The viewer's own background work (flame graph and top table of each upload) finishes too.
for (let waited = 0; profileViews().usage().views < 2 * ids.length && waited < 120_000; waited += 50) await new Promise((r) => setTimeout(r, 50));

const q = query(ids);
const afterUpload = await call(preview.GET, `/api/merges/preview?${q}&limit=200`);
const flameAfterUpload = await call(flame.GET, `/api/merges/preview/flamegraph?${q}`);
const cached = await call(preview.GET, `/api/merges/preview?${q}&limit=200`);
const reweighted = await call(preview.GET, `/api/merges/preview?${q}&weight=${ids[1]}:2&limit=200`);
const full = await call(preview.GET, `/api/merges/preview?${q}&weight=${ids[1]}:3`);
const equalised = await call(preview.GET, `/api/merges/preview?${q}&equalise=1&guardHazards=1&limit=200`);
const flameReweighted = await call(flame.GET, `/api/merges/preview/flamegraph?${q}&weight=${ids[1]}:2`);
const p = JSON.parse(afterUpload.body);
const createBody = (minimal) => JSON.stringify({ profileIds: ids, minimal });
const created = await call(merges.POST, "/api/merges", { method: "POST", body: createBody(false), headers: { "content-type": "application/json" } });
const createdMin = await call(merges.POST, "/api/merges", { method: "POST", body: createBody(true), headers: { "content-type": "application/json" } });
const m = JSON.parse(created.body).merge;
const mm = JSON.parse(createdMin.body).merge;
await mergeService().idle(); // the indexes the previews used are stored before this "server" stops

console.log(
  JSON.stringify({
    ids,
    uploadMs,
    afterUploadMs: afterUpload.ms,
    flameAfterUploadMs: flameAfterUpload.ms,
    cachedMs: cached.ms,
    reweightedMs: reweighted.ms,
    fullListMs: full.ms,
    fullListBytes: full.body.length,
    equalisedGuardedMs: equalised.ms,
    flameReweightedMs: flameReweighted.ms,
    createMs: created.ms,
    createMinimalMs: createdMin.ms,
    sizeBytes: m.sizeBytes,
    minimalSizeBytes: mm.sizeBytes,
    minimalFullSizeBytes: mm.fullSizeBytes,
    hotCount: p.hotEdges.count,
    edgeCount: p.hotEdges.edgeCount,
    totalWeight: p.hotEdges.totalWeight,
    warnings: p.warnings.length,
    maxRssKiB: process.resourceUsage().maxRSS,
  }),
);
process.exit(0);
