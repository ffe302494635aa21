/**
 * `serviceprofile-sync profile`: a drop-in for `linkerd profile`, with the
 * same flags and output, plus the fixes of the generation contract.
 */
import * as path from "node:path";
import { existsSync } from "node:fs";
import { EXIT_OK, flagValue, parseCommandArgs, readAll, UsageError, writeDiagnostics, type CliIO, type Command } from "../command.js";
import { fsReader, type SourceReader } from "../../files/reader.js";
import { SpecError } from "../../model/diagnostic.js";
import { openApiRoutes } from "../../sources/openapi.js";
import { protoRoutes, type RouteNameMode } from "../../sources/proto.js";
import { renderTemplate, templateProfile } from "../../sources/template.js";
import { generateProfile } from "../../targets/serviceprofile/emit.js";
import { identityErrors, DEFAULT_CLUSTER_DOMAIN } from "../../model/names.js";
import { renderObject, type OutputFormat } from "../../render.js";
import type { SourceResult } from "../../model/route.js";
import { runTapProfile } from "../profile-tap.js";
import { displayPath, pathDisplay, type PathDisplay } from "../display-path.js";
import { quotedShort } from "../../model/shorten.js";
import type { RouteOrder } from "../../lint/profile-shadowing.js";
import { BASE_PATH, CLUSTER_DOMAIN, ROUTE_NAMES, ROUTE_ORDER } from "../../repo/settings.js";

export const STDIN_NAME = "stdin";

const help = `Output a ServiceProfile for a service, generated from an OpenAPI or protobuf
description, a recorded tap stream, or a commented template.

Usage:
  serviceprofile-sync profile [flags] (--template | --open-api FILE | --proto FILE... | --tap FILE) SERVICE

Sources (exactly one):
      --open-api FILE        OpenAPI 3.x or Swagger 2.0 spec, YAML or JSON ('-' reads stdin)
      --proto FILE           protobuf file; repeat to merge several files into one profile ('-' reads stdin)
      --template             a commented starting point to edit by hand
      --tap FILE             a recording of 'linkerd viz tap -o json' or '-o wide' ('-' reads stdin)

Flags:
  -n, --namespace NS         namespace of the service (default "default")
  -o, --output FORMAT        yaml or json (default "yaml")
      --cluster-domain D     cluster domain of the profile's name (default "cluster.local")
      --base-path PATH       path prefix the service sees, overriding basePath/servers (OpenAPI)
      --proto-service NAME   only this proto service (simple or full name); repeatable
      --route-names MODE     proto route names: short (rpc name, as Linkerd), service
                             (Service/Method) or full (/pkg.Service/Method) (default "short")
      --root DIR             directory that $refs may not leave (default: the git work tree
                             holding the spec, else the spec's directory)
      --route-order ORDER    linkerd: routes as Linkerd orders them; specific-first: a route an
                             earlier route shadows moves in front of it (default "linkerd")
      --no-header            omit the "Code generated" comment line
      --ignore-cluster       accepted for compatibility; generation never contacts a cluster

Tap flags (with --tap):
      --tap-route-limit N    at most N routes (default 20)
      --consolidate MODE     auto: turn varying path segments into {id} parameters;
                             none: one route per distinct path, as Linkerd (default "auto")
      --merge FILE           keep this profile's routes and add routes only for unmatched requests
      --report FILE          write observed counts, status codes, latencies and suggestions ('-' = stderr)
      --apply-suggestions    write the suggested timeouts and response classes into the profile

Examples:
  # The same command line as linkerd profile
  serviceprofile-sync profile --open-api webapp.swagger webapp | kubectl apply -f -
  serviceprofile-sync profile -n emojivoto --proto Voting.proto voting-svc
  serviceprofile-sync profile -n emojivoto --template web-svc > web-svc-profile.yaml

  # Several proto files, one service's rpcs, qualified route names
  serviceprofile-sync profile -n shop --proto api/orders.proto --proto api/carts.proto \\
      --proto-service shop.v1.Orders --route-names service orders

  # From a recorded tap stream (linkerd viz tap -o json deploy/web > web.tap.json)
  serviceprofile-sync profile -n emojivoto --tap web.tap.json web-svc

Exit codes: 0 success, 1 invalid input, 2 wrong usage.
`;

/** The flags `profile` shares with `routes`: sources, identity, output and the tap options. */
export const SOURCE_OPTIONS = {
  "open-api": { type: "string" },
  proto: { type: "string", multiple: true },
  template: { type: "boolean" },
  tap: { type: "string" },
  namespace: { type: "string", short: "n", default: "default" },
  output: { type: "string", short: "o", default: "yaml" },
  "cluster-domain": { type: "string", default: DEFAULT_CLUSTER_DOMAIN },
  "base-path": { type: "string" },
  "proto-service": { type: "string", multiple: true },
  "route-names": { type: "string", default: "short" },
  root: { type: "string" },
  "no-header": { type: "boolean" },
  "ignore-cluster": { type: "boolean" },
  "tap-route-limit": { type: "string", default: "20" },
  consolidate: { type: "string", default: "auto" },
  merge: { type: "string" },
  report: { type: "string" },
  "apply-suggestions": { type: "boolean" },
} as const;

const options = {
  ...SOURCE_OPTIONS,
  "route-order": { type: "string", default: "linkerd" },
} as const;

/** The directory $refs may not leave: --root, else the enclosing git work tree, else the file's directory. */
export function rootFor(specPath: string, explicitRoot: string | undefined, cwd: string): string {
  if (explicitRoot) return path.resolve(cwd, explicitRoot);
  const dir = path.dirname(path.resolve(cwd, specPath));
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) break;
  }
  return dir;
}

/** A reader that serves stdin under a fixed name and everything else from disk. */
export function readerWithStdin(root: string, stdin: Buffer | undefined): SourceReader {
  const disk = fsReader(root, `"${root}"`);
  return {
    label: disk.label,
    read: async (p) => (stdin !== undefined && p === STDIN_NAME ? stdin : disk.read(p)),
  };
}

export function relativeTo(root: string, cwd: string, file: string): string {
  return path.relative(root, path.resolve(cwd, file)).split(path.sep).join("/");
}

export const profileCommand: Command = {
  name: "profile",
  summary: "Output a ServiceProfile from an OpenAPI spec, proto files, a tap recording or a template",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, options);
    const sources = [values["open-api"] !== undefined, (values.proto ?? []).length > 0, values.template === true, values.tap !== undefined].filter(Boolean).length;
    if (sources !== 1) throw new UsageError("You must specify exactly one of --template, --open-api, --proto, or --tap");
    if (positionals.length !== 1) throw new UsageError(`accepts 1 arg(s) (the service name), received ${positionals.length}`);
    const service = positionals[0]!;
    const namespace = values.namespace;
    const clusterDomain = values["cluster-domain"];
    const format = values.output as OutputFormat;
    if (format !== "yaml" && format !== "json") throw new UsageError(`output format "${values.output}" is not supported: use yaml or json`);
    const routeNames: RouteNameMode = flagValue(ROUTE_NAMES, values["route-names"])!;
    const routeOrder: RouteOrder = flagValue(ROUTE_ORDER, values["route-order"])!;
    flagValue(CLUSTER_DOMAIN, clusterDomain);
    flagValue(BASE_PATH, values["base-path"]);
    const nameErrors = identityErrors(service, namespace);
    // Invalid input, not wrong usage: exit 1 as linkerd does.
    if (nameErrors.length) throw new SpecError({ message: nameErrors[0]!, hint: "Kubernetes service names are DNS-1035 labels and namespaces DNS-1123 labels" });

    if (values.template) {
      const identity = { service, namespace, clusterDomain };
      io.stdout.write(format === "json" ? renderObject(templateProfile(identity), { format: "json" }) : renderTemplate(identity));
      return EXIT_OK;
    }

    if (values.tap !== undefined) {
      const limit = Number(values["tap-route-limit"]);
      if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--tap-route-limit must be a whole number, not "${values["tap-route-limit"]}"`);
      const consolidate = values.consolidate;
      if (consolidate !== "auto" && consolidate !== "none") throw new UsageError(`--consolidate must be auto or none, not "${consolidate}"`);
      return runTapProfile(
        {
          tap: values.tap,
          service,
          namespace,
          clusterDomain,
          routeLimit: limit,
          consolidate,
          merge: values.merge,
          report: values.report,
          applySuggestions: values["apply-suggestions"] === true,
          output: format,
          noHeader: values["no-header"] === true,
        },
        io,
      );
    }

    const specArgs = values["open-api"] !== undefined ? [values["open-api"]] : values.proto!;
    const { result, repoPaths, display } = await loadSpecRoutes(io, {
      openApi: values["open-api"],
      proto: values.proto,
      root: values.root,
      basePath: values["base-path"],
      protoServices: values["proto-service"],
      routeNames,
    });
    let built;
    try {
      built = generateProfile({ service, namespace, clusterDomain, routes: result.routes, routeOrder }, repoPaths[0]);
    } catch (err) {
      throw display.error(err);
    }
    writeDiagnostics(io, [...result.warnings, ...display.diagnostics(built.warnings)]);
    if (result.serversBasePaths?.length) io.stderr.write(serversNotice(result.serversBasePaths));
    const headerSources = values["no-header"] ? undefined : specArgs.map((s) => (s === "-" ? STDIN_NAME : s));
    io.stdout.write(renderObject(built.profile, { format, headerSources }));
    return EXIT_OK;
  },
};

/**
 * One line on stderr: `linkerd profile` ignores OpenAPI 3 `servers`: it
 * unmarshals every spec as a Swagger 2.0 `spec.Swagger` and joins only
 * `swagger.BasePath` to each path (linkerd2 pkg/profiles/openapi.go,
 * `RenderOpenAPI` / `swaggerToServiceProfile`, read at commit 6a18bd4f). So
 * our route names differ from its output, and with them the metrics the
 * proxy labels by route name.
 */
export function serversNotice(basePaths: string[]): string {
  const shown = basePaths.slice(0, 3).map((b) => quotedShort(b)).join(", ") + (basePaths.length > 3 ? ` and ${basePaths.length - 3} more` : "");
  return `notice: route names include the base path ${shown} from the spec's servers, unlike linkerd profile (route metrics are named after them); --base-path / leaves it out\n`;
}

export interface SpecArgs {
  openApi?: string;
  proto?: string[];
  root?: string;
  basePath?: string;
  protoServices?: string[];
  routeNames: RouteNameMode;
}

/** Reads the spec named on the command line (a file or stdin) into routes; shared by profile and routes. */
export async function loadSpecRoutes(io: CliIO, args: SpecArgs): Promise<{ result: SourceResult; repoPaths: string[]; display: PathDisplay }> {
  const specArgs = args.openApi !== undefined ? [args.openApi] : (args.proto ?? []);
  if (specArgs.filter((s) => s === "-").length > 1) throw new UsageError("stdin ('-') can be read only once");
  // The likely mix-up, named before the file is read (and never echoed back).
  if (args.openApi !== undefined && /\.proto$/i.test(args.openApi)) throw new UsageError(`--open-api ${quotedShort(args.openApi)}: this looks like a .proto file: use --proto`);
  const openApiLike = (args.proto ?? []).find((f) => /\.(ya?ml|json|swagger)$/i.test(f));
  if (openApiLike !== undefined) throw new UsageError(`--proto ${quotedShort(openApiLike)}: this looks like an OpenAPI or Swagger file: use --open-api`);
  for (const s of specArgs) {
    if (s !== "-" && !existsSync(path.resolve(io.cwd, s))) {
      throw new SpecError({ message: `spec file ${quotedShort(s)} does not exist`, hint: `the path is relative to the current directory (${io.cwd})` });
    }
  }
  const stdin = specArgs.includes("-") ? await readAll(io.stdin) : undefined;
  const firstFile = specArgs.find((s) => s !== "-");
  const root = rootFor(firstFile ?? ".", args.root, io.cwd);
  const reader = readerWithStdin(root, stdin);
  const repoPaths = specArgs.map((s) => (s === "-" ? STDIN_NAME : relativeTo(root, io.cwd, s)));
  // Name the real culprit: the root (given or found), not "the repository".
  const outside = specArgs.find((s, i) => s !== "-" && (repoPaths[i]!.startsWith("../") || path.isAbsolute(repoPaths[i]!)));
  if (outside !== undefined) {
    const shown = displayPath(io, root);
    throw new SpecError({
      message: `spec file ${quotedShort(outside)} lies outside ${args.root !== undefined ? `--root ${JSON.stringify(shown)}` : `${JSON.stringify(shown)}, the directory files are read from (the git work tree holding the first spec, else its directory)`}`,
      hint: args.root !== undefined ? "pass a --root that holds every spec file" : "pass --root DIR with a directory that holds every spec file",
    });
  }
  const display = pathDisplay(io, root, args.root, stdin !== undefined ? [STDIN_NAME] : []);
  try {
    const result =
      args.openApi !== undefined
        ? await openApiRoutes(reader, repoPaths[0]!, { basePath: args.basePath })
        : await protoRoutes(reader, repoPaths, { services: args.protoServices, routeNames: args.routeNames });
    return { result: { ...result, warnings: display.diagnostics(result.warnings) }, repoPaths, display };
  } catch (err) {
    throw display.error(err);
  }
}
