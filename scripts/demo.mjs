// `npm run demo`: the dashboard on its own data directory (./data-demo) with the built-in fake EC2
// endpoint (a generated fleet of eight regions with every edge case, 250 ms a call, one region
// denied), fake STS and Organizations endpoints (three member accounts, sandbox's role denied), a
// history of scans (trends, first-seen dates), a suppression, a schedule and sample profiles, so
// every page works without an AWS account. Everything it shows
// is made up, and the pages say so (FLEETSCOPE_DEMO=1). The fake AWS keys exist only in the
// environment of the server it starts.
//
//   npm run demo                  # http://127.0.0.1:3000
//   PORT=3005 npm run demo        # another port; FLEETSCOPE_DATA_DIR picks another directory
import fs from "node:fs";
import path from "node:path";
import { runWith, startDemoEc2 } from "./fake-ec2.mjs";

const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";
const dataDir = path.resolve(process.env.FLEETSCOPE_DATA_DIR || "data-demo");
const base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

/** Sample profiles: the repository's fixtures under a few service names. */
const SAMPLES = [
  { service: "checkout", file: "lib/pprof/testdata/merge/go19-cpu-a.pb.gz", labels: ["version:2.3.0", "env:prod"] },
  { service: "checkout", file: "lib/pprof/testdata/merge/go19-cpu-b.pb.gz", labels: ["version:2.3.1", "env:prod"] },
  { service: "users", file: "lib/pprof/testdata/go19-cpu.pb.gz", labels: ["version:1.4.2", "env:staging"] },
  { service: "users", file: "lib/pprof/testdata/go19-heap.pb.gz", labels: ["version:1.4.2", "env:staging"] },
  { service: "roulette", file: "lib/pprof/testdata/roulette.default.pgo", labels: ["version:0.9.0"] },
  { service: "disk-usage", file: "lib/pprof/testdata/gdu.default.pgo", labels: ["version:5.29.0"] },
  // One Go 1.26 binary serving three services (testing/goservices): PGO-usable, merged below.
  { service: "users", file: "lib/pprof/testdata/go126-users.pb.gz", labels: ["version:1.5.0", "env:prod"], merge: true },
  { service: "search", file: "lib/pprof/testdata/go126-search.pb.gz", labels: ["version:1.5.0", "env:prod"], merge: true },
  { service: "reports", file: "lib/pprof/testdata/go126-reports.pb.gz", labels: ["version:1.5.0", "env:prod"], merge: true },
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(pathname, init) {
  const res = await fetch(`${base}${pathname}`, init);
  const body = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${pathname}: HTTP ${res.status} ${body.slice(0, 200)}`);
  return body ? JSON.parse(body) : null;
}

async function waitForServer(server) {
  for (;;) {
    if (server.exited) throw new Error("the server stopped before it answered");
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
}

const post = (pathname, body) => api(pathname, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function scan(scope = { regions: "all", requiredTags: ["Owner"] }) {
  const { audit } = await post("/api/audits", scope);
  for (;;) {
    const { audit: now } = await api(`/api/audits/${audit.id}`);
    if (now.status !== "running") return now;
    await sleep(500);
  }
}

/** A stored merge of the Go 1.26 services (once: a second run finds it). */
async function mergeServices(profileIds) {
  const { merges } = await api("/api/merges");
  const same = (m) => m.inputs.length === profileIds.length && m.inputs.every((i) => profileIds.includes(i.profileId));
  let merge = merges.find(same);
  if (!merge) {
    ({ merge } = await api("/api/merges", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profileIds }) }));
  }
  console.log(`fleetscope demo: default.pgo of ${merge.inputs.map((i) => i.service).join(", ")} at ${base}/merges/${merge.id}`);
  return merge;
}

/** The merge is the default.pgo "in the repository": the Merges page checks it against each service's profiles. */
async function markCommitted(merge) {
  const { committed } = await api("/api/pgo/committed");
  if (committed?.mergeId === merge.id) return;
  await api("/api/pgo/committed", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mergeId: merge.id }) });
  console.log(`fleetscope demo: that default.pgo is marked as committed; its refresh check is at ${base}/merges`);
}

async function seed(fleet) {
  const toMerge = [];
  for (const sample of SAMPLES) {
    const query = new URLSearchParams([["service", sample.service], ...sample.labels.map((l) => ["label", l])]);
    const { profile } = await api(`/api/profiles?${query}`, { method: "POST", body: fs.readFileSync(sample.file) });
    if (sample.merge) toMerge.push(profile.id);
  }
  console.log(`fleetscope demo: ${SAMPLES.length} sample profiles in ${new Set(SAMPLES.map((s) => s.service)).size} services`);
  await markCommitted(await mergeServices(toMerge));
  const { audits } = await api("/api/audits");
  if (audits.length > 0) return;
  // Two scans with the fleet changing in between: the history and the comparison have something to show.
  const first = await scan();
  fleet.drift();
  const second = await scan();
  console.log(`fleetscope demo: two scans of ${second.summary.instances} instances; compare them at ${base}/audits/compare?base=${first.id}&target=${second.id}`);
  await seedOrganisation(fleet);
}

/** Three member accounts from the fake Organizations, four scans of all of them as their fleets move on, a suppression and a schedule. */
async function seedOrganisation(fleet) {
  const { accounts } = await post("/api/accounts/import", { roleName: "FleetscopeAudit" });
  const org = { accounts: "all", regions: "all", requiredTags: ["Owner"] };
  let latest;
  for (let step = 0; step <= 3; step++) {
    fleet.step(step);
    latest = await scan(org);
    if (step === 0) {
      const { findings } = await api(`/api/audits/${latest.id}/findings?kind=open-ingress&account=222222222222`);
      const bastion = findings.flatMap((f) => f.permissions).find((p) => p.severity === "critical");
      if (bastion) await post("/api/suppressions", { match: { account: "222222222222", groupId: bastion.groupId }, reason: "public bastion of the staging VPN, reviewed by security" });
    }
  }
  await post("/api/audit-schedules", { everyHours: 24, ...org });
  console.log(`fleetscope demo: ${accounts.length} accounts (sandbox's role is denied), 4 scans of all of them, a suppression and a daily schedule: ${base}/audits/${latest.id}`);
}

fs.mkdirSync(dataDir, { recursive: true });
const alreadySeeded = fs.existsSync(path.join(dataDir, "fleetscope.db"));
const fleet = await startDemoEc2({ drift: alreadySeeded, step: alreadySeeded ? 3 : 0 });
console.log(`fleetscope demo: fake EC2 endpoint at ${fleet.fake.url} (made-up fleet), data in ${dataDir}`);

// The demo's own data and no real AWS or sign-in settings: only what it needs.
const env = { FLEETSCOPE_DATA_DIR: dataDir, FLEETSCOPE_DEMO: "1", HOST: host, PORT: port };
for (const name of ["DATABASE_URL", "PROFILE_BUCKET", "PROFILE_PREFIX", "FLEETSCOPE_ADMIN_USER", "FLEETSCOPE_ADMIN_PASSWORD"]) delete process.env[name];

const server = { exited: false };
const exited = runWith(fleet.endpoints, process.execPath, ["scripts/start.mjs"], env).then((code) => {
  server.exited = true;
  return code;
});
try {
  await waitForServer(server);
  await seed(fleet);
  console.log(`\nfleetscope demo: open ${base} (every page, demo data). Ctrl-C stops it.\n`);
} catch (err) {
  console.error(`fleetscope demo: ${err.message}`);
}
const code = await exited;
await fleet.fake.close();
process.exit(code);
