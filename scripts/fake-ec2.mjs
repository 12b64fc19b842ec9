// The built-in fake EC2 endpoint (fakes/ec2) serving the demo fleet, for `npm run demo`
// and the browser tests. With a command after `--`, runs it with the AWS SDK pointed at the fake
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

/** Starts the fake endpoint with the demo fleet. */
export async function startDemoEc2({ port = 0, latencyMs = 250, drift = false } = {}) {
  const { startFakeEc2, demoFleet, demoLatency, DEMO_PAGE_SIZE } = await importTs("fakes/ec2/index.ts");
  const fake = await startFakeEc2({ fleet: demoFleet({ drift }), latencyMs: demoLatency(latencyMs), maxPageSize: DEMO_PAGE_SIZE, port });
  return { fake, drift: (on = true) => fake.update({ fleet: demoFleet({ drift: on }) }) };
}

/** The environment that points the unmodified AWS SDK at the fake. */
export function fakeEc2Env(url) {
  return {
    AWS_ENDPOINT_URL_EC2: url,
    ...FAKE_KEYS,
    AWS_REGION: "us-east-1",
    AWS_SESSION_TOKEN: "",
    AWS_PROFILE: "",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/** Runs `command` with the fake's environment; resolves with its exit code. Ctrl-C and SIGTERM go to it. */
export function runWith(url, command, args, extraEnv = {}) {
  const env = { ...process.env, ...fakeEc2Env(url), ...extraEnv };
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
  const { fake } = await startDemoEc2({ port, latencyMs, drift });
  console.log(`fleetscope: fake EC2 endpoint (demo fleet, made-up data) at ${fake.url}`);
  const [s3Port, ecsPort, adminPort] = sourcePorts ?? [];
  const sources = sourcePorts ? await startFakeSources({ s3Port, ecsPort, adminPort }) : undefined;
  if (sources) console.log(`fleetscope: profile sources: s3rver ${sources.s3Endpoint}, fake ECS ${sources.ecsUrl}, admin ports ${sources.adminUrls.join(" ")}`);
  const closeAll = () => Promise.all([fake.close(), sources?.close()]);
  if (command.length === 0) {
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => closeAll().then(() => process.exit(0)));
  } else {
    const code = await runWith(fake.url, command[0], command.slice(1), sources?.env ?? {});
    await closeAll();
    process.exit(code);
  }
}
