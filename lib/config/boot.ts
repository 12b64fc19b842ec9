import { appConfig, ConfigError } from "./env";

/** Validate the configuration as the server boots; a bad value stops the process with its message. */
export function bootCheck(): void {
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
