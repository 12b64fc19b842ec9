// The Node flags the dashboard's server runs with (scripts/start.mjs), shared with the benchmarks
// that measure the server's code outside the server (bench/audit-scan.mjs), so both run alike.
//
// --max-semi-space-size=32 (MiB; Node 20's default tops out at 16): a fleet scan and a profile's
// decoding make millions of short-lived objects (an instance page's XML read into objects, then
// reduced to a record). With the young generation twice as large, V8 scavenges half as often and
// copies fewer still-live objects: a 30-region scan of 9,640 instances (the audit bench's fleet)
// used 0.21 s of CPU instead of 0.30 s and took 0.37 s instead of 0.42 s (median of ten). It costs
// at most 64 MiB more memory, only when the server is that busy.
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32"];
