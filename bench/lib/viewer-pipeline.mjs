// Child process of bench/profile-viewer.mjs: what the server does for a first page view, on a
// profile file: read, gunzip, check and read its table (readProfile, lib/pprof/profile-table.ts), top table and pruned flame tree of the default
// sample type, both serialised to JSON. Imports the transpiled lib/ from the directory in argv[2].
//
//   node bench/lib/viewer-pipeline.mjs <transpiled dir> <profile file> [minFraction]
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [jsDir, file, minFractionArg] = process.argv.slice(2);
const lib = (name) => import(pathToFileURL(path.join(jsDir, "lib/pprof", `${name}.mjs`)).href);
const started = performance.now();
const [{ readProfile }, { indexOfTable }, { topTableOfIndex }, { flameTreeOfIndex }] = await Promise.all([lib("summary"), lib("profile-table"), lib("top"), lib("flame-tree")]);
const t0 = performance.now();
const bytes = readFileSync(file);
const { table } = await readProfile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
const profile = { index: indexOfTable(table), defaultSampleType: table.header.defaultSampleType, sampleTypes: table.header.sampleTypes };
const t1 = performance.now();
const t = profile.defaultSampleType;
const top = topTableOfIndex(profile.index, t);
const topJson = JSON.stringify({ sampleType: profile.sampleTypes[t].type, unit: profile.sampleTypes[t].unit, ...top });
const t2 = performance.now();
const flame = flameTreeOfIndex(profile.index, t, { minFraction: Number(minFractionArg ?? 0.0005) });
const flameJson = JSON.stringify({ ...flame.tree, total: flame.total, folded: flame.folded });
const t3 = performance.now();
console.log(
  JSON.stringify({
    loadMs: t0 - started,
    decodeMs: t1 - t0,
    topMs: t2 - t1,
    flameMs: t3 - t2,
    sampleType: profile.sampleTypes[t].type,
    samples: profile.sampleCount,
    stacks: profile.index.stackCount,
    functions: top.rows.length,
    total: flame.total,
    topJsonBytes: topJson.length,
    flameJsonBytes: flameJson.length,
    folded: flame.folded,
    maxRssKiB: process.resourceUsage().maxRSS,
  }),
);
