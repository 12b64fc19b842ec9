// The built-in fake EC2 endpoint (fakes/ec2) serving the demo fleet, with the fake STS and
// Organizations endpoints (fakes/sts, fakes/organizations) of the demo's three member accounts, for
// `npm run demo` and the browser tests. With a command after `--`, runs it with the AWS SDK pointed at the fake
// (AWS_ENDPOINT_URL_EC2, made-up keys, AWS_REGION) in its environment only, and stops with it:
//
//   node scripts/fake-ec2.mjs [--port=0] [--latency=250] [--drift] -- node scripts/start.mjs
//   node scripts/fake-ec2.mjs --port=4599        # serve only, until Ctrl-C
//   node scripts/fake-ec2.mjs --sources=S3PORT,ECSPORT,ADMINPORT -- ...   # also the profile sources (scripts/fake-sources.mjs)
import { spawn } from "node:child_process";
import { importTs } from "../bench/lib/ts-loader.mjs";
import { startFakeSources } from "./fake-sources.mjs";

/** Made-up credentials: the fake never checks signatures. Never real ones. */
export const FAKE_KEYS = { AWS_ACCESS_KEY_ID: "AKIAFAKEDEMO00000000", AWS_SECRET_ACCESS_KEY: "fake-demo-secret/not-a-real-key/000000" };

/**
 * Starts the fake endpoints with the demo fleet: EC2 (the server's own fleet and the member
 * accounts' fleets), STS (AssumeRole; sandbox's role is denied) and Organizations (three accounts).
 */
export async function startDemoEc2({ port = 0, latencyMs = 250, drift = false, step = 0 } = {}) {
  const { startFakeEc2, demoFleet, demoLatency, demoAccountFleets, DEMO_ACCOUNTS, DEMO_DENIED_ACCOUNT, DEMO_PAGE_SIZE } = await importTs("fakes/ec2/index.ts");
  const { startFakeSts } = await importTs("fakes/sts/index.ts");
  const { startFakeOrganizations } = await importTs("fakes/organizations/index.ts");
  const fake = await startFakeEc2({ fleet: demoFleet({ drift }), accounts: demoAccountFleets(step), latencyMs: demoLatency(latencyMs), maxPageSize: DEMO_PAGE_SIZE, port });
  const sts = await startFakeSts({
    accounts: DEMO_ACCOUNTS.map((a) => ({ accountId: a.id, denied: a.id === DEMO_DENIED_ACCOUNT })),
    latencyMs: Math.min(latencyMs, 100),
  });
  const organizations = await startFakeOrganizations({ accounts: DEMO_ACCOUNTS.map((a) => ({ id: a.id, name: a.name })), pageSize: 2 });
  const close = fake.close;
  fake.close = async () => {
    await Promise.all([close(), sts.close(), organizations.close()]);
  };
  return {
    fake,
    endpoints: { ec2: fake.url, sts: sts.url, organizations: organizations.url },
    drift: (on = true) => fake.update({ fleet: demoFleet({ drift: on }) }),
    /** The member accounts' fleets move on to `next` (new findings, owners fixed). */
    step: (next) => fake.update({ accounts: demoAccountFleets(next) }),
  };
}

/** The environment that points the unmodified AWS SDK at the fakes. */
export function fakeEc2Env(endpoints) {
  const { ec2, sts, organizations } = typeof endpoints === "string" ? { ec2: endpoints } : endpoints;
  return {
    ...(sts ? { AWS_ENDPOINT_URL_STS: sts } : {}),
    ...(organizations ? { AWS_ENDPOINT_URL_ORGANIZATIONS: organizations } : {}),
    AWS_ENDPOINT_URL_EC2: ec2,
    ...FAKE_KEYS,
    AWS_REGION: "us-east-1",
    AWS_SESSION_TOKEN: "",
    AWS_PROFILE: "",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/** Runs `command` with the fakes' environment; resolves with its exit code. Ctrl-C and SIGTERM go to it. */
export function runWith(endpoints, command, args, extraEnv = {}) {
  const env = { ...process.env, ...fakeEc2Env(endpoints), ...extraEnv };
  for (const key of ["AWS_SESSION_TOKEN", "AWS_PROFILE"]) if (env[key] === "") delete env[key];
  const child = spawn(command, args, { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

function parseArgs(argv) {
  const split = argv.indexOf("--");
  const own = split === -1 ? argv : argv.slice(0, split);
  const command = split === -1 ? [] : argv.slice(split + 1);
  const opts = Object.fromEntries(own.filter((a) => a.startsWith("--")).map((a) => a.slice(2).split("=")).map(([k, v = "true"]) => [k, v]));
  const sources = opts.sources === undefined ? undefined : String(opts.sources).split(",").map((p) => Number(p === "true" ? 0 : p) || 0);
  return { port: Number(opts.port ?? 0), latencyMs: Number(opts.latency ?? 250), drift: opts.drift === "true", sources, command };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { port, latencyMs, drift, sources: sourcePorts, command } = parseArgs(process.argv.slice(2));
  const { fake, endpoints } = await startDemoEc2({ port, latencyMs, drift });
  console.log(`fleetscope: fake EC2 endpoint (demo fleet, made-up data) at ${fake.url}, STS at ${endpoints.sts}, Organizations at ${endpoints.organizations}`);
  const [s3Port, ecsPort, adminPort] = sourcePorts ?? [];
  const sources = sourcePorts ? await startFakeSources({ s3Port, ecsPort, adminPort }) : undefined;
  if (sources) console.log(`fleetscope: profile sources: s3rver ${sources.s3Endpoint}, fake ECS ${sources.ecsUrl}, admin ports ${sources.adminUrls.join(" ")}`);
  const closeAll = () => Promise.all([fake.close(), sources?.close()]);
  if (command.length === 0) {
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => closeAll().then(() => process.exit(0)));
  } else {
    const code = await runWith(endpoints, command[0], command.slice(1), sources?.env ?? {});
    await closeAll();
    process.exit(code);
  }
}
