// Playwright without the e2e web servers: the fault scenarios start their own (bench/reliability.mjs).
import path from "node:path";
import base from "../../playwright.config";

export default { ...base, testDir: path.resolve("e2e"), outputDir: path.resolve("bench/out/test-results"), webServer: undefined, reporter: [["json"]] };
