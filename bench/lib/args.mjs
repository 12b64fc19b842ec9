// The options of a benchmark: `--key=value` pairs, and `--flag` as "true"; other arguments are ignored.
export function benchArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(
    argv
      .filter((a) => a.startsWith("--"))
      .map((a) => {
        const [key, value = "true"] = a.slice(2).split("=");
        return [key, value];
      }),
  );
}
