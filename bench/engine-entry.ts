/**
 * What the corpus runner and the bench need from the engine, in one module so
 * plain `.mjs` scripts on Node 20 can use it after esbuild bundles it
 * (bench/engine.mjs). Not part of dist/.
 */
export { openApiRoutes } from "../src/sources/openapi.js";
export { protoRoutes } from "../src/sources/proto.js";
export { generateProfile } from "../src/targets/serviceprofile/emit.js";
export { renderObject, renderObjects } from "../src/render.js";
export { generateGatewayRoutes } from "../src/targets/gateway/index.js";
export { fsReader } from "../src/files/reader.js";
export { isSpecError, formatDiagnostic } from "../src/model/diagnostic.js";
export { parseManifests } from "../src/guard/manifests.js";
export { lintManifests } from "../src/guard/guard.js";
