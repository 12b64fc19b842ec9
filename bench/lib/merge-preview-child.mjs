// Child process of bench/merge.mjs: a fresh data directory, the three profiles uploaded through
// POST /api/profiles, then the merge preview API timed the way the merge page calls it: after the
// upload's background reading, and cold (caches dropped, as after a restart).
//   node --import bench/lib/register-ts.mjs bench/lib/merge-preview-child.mjs <dataDir> <file>...
// Prints one JSON line of timings.
import fs from "node:fs";
import { importTs } from "./ts-loader.mjs";

const [dataDir, ...files] = process.argv.slice(2);
process.env.FLEETSCOPE_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
const { migrate } = await import("../../scripts/migrate.mjs");
migrate(process.env);

const { encodePrincipal, PRINCIPAL_HEADER } = await importTs("lib/auth/principal-header.ts");
const profiles = await importTs("app/api/profiles/route.ts");
const preview = await importTs("app/api/merges/preview/route.ts");
const flame = await importTs("app/api/merges/preview/flamegraph/route.ts");
const merges = await importTs("app/api/merges/route.ts");
const { mergeService } = await importTs("lib/merges/merge-service.ts");
const { profileViews } = await importTs("lib/profiles/profile-views.ts");

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

// Upload the three as POST /api/profiles does; it reads them for the viewer and the merge preview in the background.
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
const q = ids.map((id) => `profileId=${id}`).join("&");

// The page asks for at most 200 hot call sites; the API default is all of them.
const afterUpload = await call(preview.GET, `/api/merges/preview?${q}&limit=200`);
const flameAfterUpload = await call(flame.GET, `/api/merges/preview/flamegraph?${q}`);
// Cold: nothing read yet (as after a restart).
mergeService().clear();
profileViews().clear();
const cold = await call(preview.GET, `/api/merges/preview?${q}&limit=200`);
const cached = await call(preview.GET, `/api/merges/preview?${q}&limit=200`);
const reweighted = await call(preview.GET, `/api/merges/preview?${q}&weight=${ids[1]}:2&limit=200`);
const full = await call(preview.GET, `/api/merges/preview?${q}&weight=${ids[1]}:3`);
const equalised = await call(preview.GET, `/api/merges/preview?${q}&equalise=1&guardHazards=1&limit=200`);
const flameCold = await call(flame.GET, `/api/merges/preview/flamegraph?${q}`);
const flameReweighted = await call(flame.GET, `/api/merges/preview/flamegraph?${q}&weight=${ids[1]}:2`);
const p = JSON.parse(cold.body);
const createBody = (minimal) => JSON.stringify({ profileIds: ids, minimal });
const created = await call(merges.POST, "/api/merges", { method: "POST", body: createBody(false), headers: { "content-type": "application/json" } });
const createdMin = await call(merges.POST, "/api/merges", { method: "POST", body: createBody(true), headers: { "content-type": "application/json" } });
const m = JSON.parse(created.body).merge;
const mm = JSON.parse(createdMin.body).merge;

console.log(
  JSON.stringify({
    uploadMs,
    afterUploadMs: afterUpload.ms,
    flameAfterUploadMs: flameAfterUpload.ms,
    coldMs: cold.ms,
    cachedMs: cached.ms,
    reweightedMs: reweighted.ms,
    fullListMs: full.ms,
    fullListBytes: full.body.length,
    equalisedGuardedMs: equalised.ms,
    flameColdMs: flameCold.ms,
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
