// Runs once when the server boots: validate the configuration before serving anything.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootCheck } = await import("./lib/config/boot");
    await bootCheck();
  }
}
