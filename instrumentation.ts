// Runs once when the server boots: validate the configuration before serving anything.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { appConfig, ConfigError } = await import("./lib/config/env");
  try {
    const config = appConfig();
    console.log(`fleetscope: data in ${config.dataDir} (${config.databaseKind}), listening on http://${config.host}:${config.port}`);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
