// Child process of bench/profile-upload.mjs: what the server does with the bytes of one upload
// before it answers, in a fresh Node process. Prints {ms, peakRssKiB, sampleCount} as JSON.
//
//   node bench/lib/upload-child.mjs <transpiled dir> <ours|pprof-format> <profile file>
//     ours          readProfile: gunzips, checks and reads the profile's table (summary and stacks) in one pass (lib/pprof/summary.ts)
//     pprof-format  decodeProfile (pprof-format's object model, then validate.ts) and the same figures
//                   read off the objects: what an upload did before
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [jsDir, mode, file] = process.argv.slice(2);
const importTs = (name) => import(pathToFileURL(path.join(jsDir, name.replace(/\.ts$/, ".mjs"))).href);
const bytes = new Uint8Array(readFileSync(file));
let run;
if (mode === "ours") {
  const { readProfile } = await importTs("lib/pprof/summary.ts");
  run = async () => (await readProfile(bytes)).summary.sampleCount;
} else if (mode === "pprof-format") {
  const [{ decodeProfile }, { toInt64Number }] = await Promise.all([importTs("testing/pprof/decoded-profile.ts"), importTs("testing/pprof/decoded-index.ts")]);
  run = () => {
    const p = decodeProfile(bytes);
    const totals = p.sampleType.map((_, t) => p.sample.reduce((sum, s) => sum + toInt64Number(s.value[t]), 0));
    return totals.length > 0 ? p.sample.length : 0;
  };
} else {
  throw new Error(`unknown mode ${mode}`);
}
const started = performance.now();
const sampleCount = await run();
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, peakRssKiB: process.resourceUsage().maxRSS, sampleCount }));
