// One spec through the whole engine, as `serviceprofile-sync profile` runs it:
// source -> routes -> validated ServiceProfile -> YAML text. Shared by the
// corpus worker and the bench so both measure the same work.

// Any valid identity will do: the corpus tests the specs, not the names.
const SERVICE = "corpus-svc";
const NAMESPACE = "corpus";

function finish(engine, result, file) {
  const { profile, warnings } = engine.generateProfile({ service: SERVICE, namespace: NAMESPACE, routes: result.routes }, file);
  const text = engine.renderObject(profile, { headerSources: result.inputs?.length ? result.inputs : [file] });
  return { routes: result.routes.length, warnings: result.warnings.length + warnings.length, bytes: text.length };
}

// One reader per corpus root, as one `sync` run has one for its repository:
// a new reader per spec would resolve the root's real path again each time.
const readers = new Map();
function readerFor(engine, root) {
  let reader = readers.get(root);
  if (!reader) readers.set(root, (reader = engine.fsReader(root, "the corpus")));
  return reader;
}

/** `file` is relative to `root`, the directory $refs may not leave. */
export async function generateOpenApi(engine, root, file) {
  const result = await engine.openApiRoutes(readerFor(engine, root), file);
  return finish(engine, result, file);
}

export async function generateProto(engine, root, file) {
  const result = await engine.protoRoutes(readerFor(engine, root), [file]);
  return finish(engine, result, file);
}

/** The OpenAPI source alone (spec -> routes): the part before profile building and rendering. */
export async function openApiSourceOnly(engine, root, file) {
  const result = await engine.openApiRoutes(readerFor(engine, root), file);
  return { routes: result.routes.length, warnings: result.warnings.length, bytes: 0 };
}

/** The same spec emitted as Gateway API routes (HTTPRoutes, checked), as `serviceprofile-sync routes` prints them. */
export async function generateOpenApiGateway(engine, root, file) {
  const result = await engine.openApiRoutes(readerFor(engine, root), file);
  const built = engine.generateGatewayRoutes({ service: SERVICE, namespace: NAMESPACE, routes: result.routes, source: file });
  const text = engine.renderObjects(built.objects, { headerSources: result.inputs?.length ? result.inputs : [file] });
  return { routes: result.routes.length, warnings: result.warnings.length + built.warnings.length, bytes: text.length, gateway: built.stats };
}

/** The proto spec emitted as GRPCRoutes (checked). */
export async function generateProtoGateway(engine, root, file) {
  const result = await engine.protoRoutes(readerFor(engine, root), [file]);
  const built = engine.generateGatewayRoutes({ service: SERVICE, namespace: NAMESPACE, routes: result.routes, source: file });
  const text = engine.renderObjects(built.objects, { headerSources: result.inputs?.length ? result.inputs : [file] });
  return { routes: result.routes.length, warnings: result.warnings.length + built.warnings.length, bytes: text.length, gateway: built.stats };
}

/**
 * Gateway API output as the corpus runner checks it: emitted, then read back
 * and linted by the route guard as any route file of a repository is. The
 * guard's findings on generated output are counted per rule ID (the only
 * expected ones are the ties the emitter already warns about).
 */
function guarded(generate) {
  return async (engine, root, file) => {
    const result = await (generate === "proto" ? engine.protoRoutes(readerFor(engine, root), [file]) : engine.openApiRoutes(readerFor(engine, root), file));
    const built = engine.generateGatewayRoutes({ service: SERVICE, namespace: NAMESPACE, routes: result.routes, source: file });
    const text = engine.renderObjects(built.objects, { headerSources: result.inputs?.length ? result.inputs : [file] });
    const findings = {};
    for (const f of engine.lintManifests(engine.parseManifests(file, text))) findings[f.rule] = (findings[f.rule] ?? 0) + 1;
    return { routes: result.routes.length, warnings: result.warnings.length + built.warnings.length, bytes: text.length, gateway: built.stats, findings };
  };
}

export const generators = {
  openapi: generateOpenApi,
  proto: generateProto,
  "openapi-routes": openApiSourceOnly,
  "openapi-gateway": generateOpenApiGateway,
  "proto-gateway": generateProtoGateway,
  "openapi-guarded": guarded("openapi"),
  "proto-guarded": guarded("proto"),
};
