// Complete Next's standalone output (.next/standalone, written by `npm run build`) into a folder that
// runs on its own, as the Docker image does: the server files Next traced, plus the static assets,
// the server in front of Next (serve.mjs), the migrations and the Prisma CLI that applies them.
//
//   node scripts/standalone.mjs                 # completes .next/standalone in place
//   node scripts/standalone.mjs --out=/tmp/app  # or a copy elsewhere (the test does this, so that
//                                               # nothing is found in the repository's node_modules)
//   cd /tmp/app && node --max-semi-space-size=32 serve.mjs --migrate
import fs from "node:fs";
import path from "node:path";

/** Packages the migrations need at run time (Next traces only what the server imports). */
const MIGRATION_PACKAGES = ["prisma", "@prisma/config", "@prisma/engines", "@prisma/adapter-pg", "@prisma/adapter-better-sqlite3", "pg", "better-sqlite3"];
const SCRIPTS = ["serve.mjs", "migrate.mjs", "server-node-flags.mjs"];

function copy(from, to) {
  fs.cpSync(from, to, { recursive: true, dereference: true, force: true });
}

/** Copy a package and everything it depends on from the repository's node_modules, once each. */
function copyPackageTree(root, out, name, seen) {
  if (seen.has(name)) return;
  seen.add(name);
  const dir = path.join(root, "node_modules", name);
  if (!fs.existsSync(dir)) return; // an optional dependency not installed here
  copy(dir, path.join(out, "node_modules", name));
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) copyPackageTree(root, out, dep, seen);
}

export function assembleStandalone(root, out = path.join(root, ".next", "standalone")) {
  const built = path.join(root, ".next", "standalone");
  if (!fs.existsSync(path.join(built, ".next"))) throw new Error("no standalone output: run `npm run build` first (next.config.ts sets output: \"standalone\")");
  if (path.resolve(out) !== path.resolve(built)) {
    fs.rmSync(out, { recursive: true, force: true });
    copy(built, out);
  }
  copy(path.join(root, ".next", "static"), path.join(out, ".next", "static"));
  if (fs.existsSync(path.join(root, "public"))) copy(path.join(root, "public"), path.join(out, "public"));
  for (const script of SCRIPTS) copy(path.join(root, "scripts", script), path.join(out, script));
  copy(path.join(root, "prisma"), path.join(out, "prisma"));
  copy(path.join(root, "prisma.config.ts"), path.join(out, "prisma.config.ts"));
  const seen = new Set();
  for (const name of MIGRATION_PACKAGES) copyPackageTree(root, out, name, seen);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outArg = process.argv.find((a) => a.startsWith("--out="));
  try {
    const out = assembleStandalone(process.cwd(), outArg ? path.resolve(outArg.slice(6)) : undefined);
    console.log(`fleetscope: standalone server in ${out}: cd there and run node --max-semi-space-size=32 serve.mjs --migrate`);
  } catch (err) {
    console.error(`fleetscope: ${err.message}`);
    process.exit(1);
  }
}
