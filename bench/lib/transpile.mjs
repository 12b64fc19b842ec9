// Transpiles a TypeScript module and everything it imports relatively into plain ESM (.mjs) under
// an output directory inside the repository, so that a benchmark's child process runs compiled
// code with no loader and no TypeScript start-up cost, as the production server does. Uses the
// project's own `typescript` package: no network, nothing to install.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./ts-loader.mjs";

const ts = createRequire(path.join(ROOT, "package.json"))("typescript");

const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']+|@\/[^"']+)\2/g;

function resolveTs(fromFile, specifier) {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${fromFile}`);
}

/**
 * Transpiles `entries` (paths relative to the repository root) into `outDir` (inside the
 * repository, so bare imports resolve from its node_modules). Returns the output path of each entry.
 */
export function transpile(entries, outDir) {
  const done = new Map();
  const outPath = (file) => path.join(outDir, path.relative(ROOT, file)).replace(/\.ts$/, ".mjs");
  const visit = (file) => {
    if (done.has(file)) return done.get(file);
    const out = outPath(file);
    done.set(file, out);
    const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    });
    const code = outputText.replace(IMPORT, (_m, head, quote, specifier) => {
      const target = visit(resolveTs(file, specifier));
      let rel = path.relative(path.dirname(out), target);
      if (!rel.startsWith(".")) rel = `./${rel}`;
      return `${head}${quote}${rel}${quote}`;
    });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
    return out;
  };
  return entries.map((entry) => visit(path.resolve(ROOT, entry)));
}
