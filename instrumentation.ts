// Runs once when the server boots: validate the configuration before serving anything, sweep the
// store, and give the HTTP server in front of Next (scripts/serve.mjs) its hooks.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootCheck } = await import("./lib/config/boot");
    await bootCheck();
    const { installProcessHooks } = await import("./lib/server/process-hooks");
    await installProcessHooks();
  }
}
