// Lets plain Node 20 import the project's TypeScript (lib/**/*.ts) with no build step and nothing
// to install: types are stripped with the project's own `typescript` package (ts.transpileModule),
// extension-less relative imports resolve to .ts or /index.ts, and "@/..." to the repository root.
//
//   import { registerTypeScript, importTs } from "./lib/ts-loader.mjs";
//   registerTypeScript();
//   const { readProfile } = await importTs("lib/pprof/summary.ts");
import { register } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const LOADER = `
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
let ts;
let root;
export function initialize(data) {
  root = data.root;
  ts = createRequire(root + "/package.json")("typescript");
}
function candidates(base) {
  return /\\.[cm]?[jt]s$/.test(base) ? [base] : [base + ".ts", base + "/index.ts"];
}
export async function resolve(specifier, context, next) {
  const fromTs = context.parentURL?.endsWith(".ts");
  let base;
  if (specifier.startsWith("@/")) base = pathToFileURL(root + "/" + specifier.slice(2)).href;
  else if (fromTs && /^\\.{1,2}\\//.test(specifier)) base = new URL(specifier, context.parentURL).href;
  if (base) {
    for (const candidate of candidates(base)) {
      if (existsSync(fileURLToPath(candidate))) return { url: candidate, shortCircuit: true };
    }
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.endsWith(".ts")) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(readFileSync(fileName, "utf8"), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}`;

let registered = false;

/** Registers the loader once per process. */
export function registerTypeScript() {
  if (registered) return;
  register(`data:text/javascript,${encodeURIComponent(LOADER)}`, { data: { root: ROOT } });
  registered = true;
  // Worker threads started from the sources need the loader too (lib/profiles/profile-reader.ts).
  globalThis.fleetscopeTsLoader = resolve(ROOT, "bench/lib/register-ts.mjs");
}

/** Imports a repository file (path relative to the repository root). */
export function importTs(path) {
  registerTypeScript();
  return import(pathToFileURL(resolve(ROOT, path)).href);
}
