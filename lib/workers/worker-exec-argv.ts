import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The Node flags of a worker thread whose entry is one of lib/'s TypeScript modules. Run from the
 * sources (vitest, or Node with the benchmarks' TypeScript loader, which names itself in
 * globalThis.fleetscopeTsLoader), the worker's module is TypeScript, which plain Node runs with
 * that loader. next build bundles it into JavaScript (and import.meta.env.MODE is then "production"
 * or "development"; under vitest it is "test").
 */
export function workerExecArgv(): string[] {
  const fromLoader = (globalThis as { fleetscopeTsLoader?: string }).fleetscopeTsLoader;
  const underVitest = (import.meta as { env?: { MODE?: string } }).env?.MODE === "test";
  const loader = fromLoader ?? (underVitest ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bench/lib/register-ts.mjs") : undefined);
  return loader ? ["--import", loader] : [];
}
