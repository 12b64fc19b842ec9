// `node --import ./bench/lib/register-ts.mjs some.bench.ts`: run a TypeScript benchmark on plain Node 20.
import { registerTypeScript } from "./ts-loader.mjs";

registerTypeScript();
