// Child process of bench/merge.mjs: merges profile files with mergeProfileBytes (the server's path)
// from transpiled JS, so the measured process does what the server does and nothing else.
//   node bench/lib/merge-child.mjs <transpiled synthetic-bench.mjs> <out> <file>...
import { pathToFileURL } from "node:url";

const [module, out, ...files] = process.argv.slice(2);
const { mergeFilesBytes } = await import(pathToFileURL(module).href);
const ms = mergeFilesBytes(files, out);
console.log(JSON.stringify({ mergeMs: ms, maxRssKiB: process.resourceUsage().maxRSS }));
