// What the production build was made from: a sha256 of every source file that goes into it (not
// tests, test data or benchmarks). `npm run build` writes it next to the build; `npm start` builds
// again when the sources no longer match (after a `git pull`, say), instead of serving an old build.
//
//   node scripts/build-fingerprint.mjs --write     # after `next build` (the `build` script does it)
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Folders and files of the repository that the build reads. */
const SOURCES = ["app", "components", "lib", "prisma", "types", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIPPED = /(\.test\.[cm]?[jt]sx?$|\/testdata\/|\/generated\/)/;

function filesUnder(root, relative, out) {
  const full = path.join(root, relative);
  let stat;
  try {
    stat = fs.statSync(full);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(full).sort()) filesUnder(root, path.join(relative, name), out);
  } else if (!SKIPPED.test(`/${relative.split(path.sep).join("/")}`)) {
    out.push(relative);
  }
}

/** The sources' fingerprint: their paths and contents, in a stable order. */
export function sourceFingerprint(root) {
  const files = [];
  for (const source of SOURCES) filesUnder(root, source, files);
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file.split(path.sep).join("/")}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const fingerprintFile = (root) => path.join(root, ".next", "fleetscope-sources.sha256");

/** Records that the build in `.next` was made from the sources as they are now. */
export function writeBuildFingerprint(root) {
  fs.writeFileSync(fingerprintFile(root), `${sourceFingerprint(root)}\n`);
}

/** Why the build in `.next` cannot be served as it is, or undefined when it matches the sources. */
export function staleBuildReason(root) {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return "no production build yet";
  let recorded;
  try {
    recorded = fs.readFileSync(fingerprintFile(root), "utf8").trim();
  } catch {
    return "the build does not say what it was made from";
  }
  return recorded === sourceFingerprint(root) ? undefined : "the sources changed since the last build";
}

const LOCK_STALE_MS = 15 * 60_000;

/**
 * Runs `build(reason)` (which throws when the build fails) when the build is stale, one process at
 * a time (a lock directory); a process that finds the lock taken waits for it, then checks again.
 */
export async function buildOnce(root, build, pollMs = 1000) {
  const lock = path.join(root, ".next-build.lock");
  for (;;) {
    const reason = staleBuildReason(root);
    if (!reason) return;
    try {
      fs.mkdirSync(lock);
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      // Left by a build that died: take it over.
      if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, pollMs));
      continue;
    }
    try {
      build(reason);
      writeBuildFingerprint(root);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--write")) {
  writeBuildFingerprint(process.cwd());
}
