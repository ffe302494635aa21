/**
 * `serviceprofile-sync routes`: the Gateway API counterpart of `profile`.
 * Same sources and flags, output HTTPRoutes (OpenAPI, tap) or GRPCRoutes
 * (proto) attached to the Service, as a YAML stream or a JSON List.
 */
import { EXIT_OK, flagValue, parseCommandArgs, UsageError, writeDiagnostics, type CliIO, type Command } from "../command.js";
import { SpecError } from "../../model/diagnostic.js";
import type { RouteNameMode } from "../../sources/proto.js";
import { identityErrors, namespaceError } from "../../model/names.js";
import { renderObjects, type OutputFormat } from "../../render.js";
import type { Route } from "../../model/route.js";
import type { Diagnostic } from "../../model/diagnostic.js";
import { tapProfile } from "../../tap/tap-profile.js";
import { renderTapReport } from "../../tap/report.js";
import { noInboundWarning, openRecording, reportFormatFor } from "../profile-tap.js";
import type { PathDisplay } from "../display-path.js";
import { checkWritable } from "../output-file.js";
import { loadSpecRoutes, SOURCE_OPTIONS, STDIN_NAME } from "./profile.js";
import { generateGatewayRoutes, parseGatewayApiVersion, GATEWAY_API_VERSION_NAMES, type Granularity } from "../../targets/gateway/index.js";
import { BASE_PATH, CLUSTER_DOMAIN, GRANULARITY, PORT, RETRY_GRPC, RETRY_HTTP, RETRY_LIMIT, RETRY_TIMEOUT, ROUTE_NAMES, ROUTE_ORDER } from "../../repo/settings.js";
import { linkerdVersionFlag } from "../linkerd-version-flag.js";
import { gatewayApiBundleFlag } from "../gateway-api-bundle-flag.js";
import { promises as fs } from "node:fs";
import * as path from "node:path";

const help = `Output Gateway API routes for a service: HTTPRoutes from an OpenAPI description
or a recorded tap stream, GRPCRoutes from protobuf files. They attach to the
Service (Linkerd 2.16+ reads them for per-route metrics, retries and timeouts)
and end with a catch-all route, so requests that match no route still flow.

Usage:
  serviceprofile-sync routes [flags] (--open-api FILE | --proto FILE... | --tap FILE) SERVICE

Sources (exactly one):
      --open-api FILE        OpenAPI 3.x or Swagger 2.0 spec, YAML or JSON ('-' reads stdin)
      --proto FILE           protobuf file; repeat to merge several files ('-' reads stdin)
      --tap FILE             a recording of 'linkerd viz tap -o json' or '-o wide' ('-' reads stdin)

Flags (as for profile):
  -n, --namespace NS         namespace of the service (default "default")
  -o, --output FORMAT        yaml (a multi-document stream) or json (a List) (default "yaml")
      --base-path PATH       path prefix the service sees, overriding basePath/servers (OpenAPI)
      --proto-service NAME   only this proto service (simple or full name); repeatable
      --route-names MODE     proto route names: short, service or full (default "short")
      --root DIR             directory that $refs may not leave
      --no-header            omit the "Code generated" comment line
      --cluster-domain D     accepted for compatibility with profile; routes do not use it
      --ignore-cluster       accepted for compatibility; generation never contacts a cluster

Gateway API flags:
      --port N               attach to this port of the Service only (default: every port)
      --api-version V        ${GATEWAY_API_VERSION_NAMES} (default "v1"):
                             v1 for Linkerd 2.18+, v1beta1 for Linkerd 2.15-2.17 (HTTPRoute
                             v1beta1, GRPCRoute v1alpha2), linkerd for policy.linkerd.io/v1beta3
                             HTTPRoutes (no GRPCRoute) on clusters without the Gateway API CRDs
      --linkerd-version V    2.18, 2.19 or 2.20 (default "2.20"): the Linkerd you run; below
                             2.20 HTTPRoute timeouts are the timeout.linkerd.io/request annotation
      --gateway-api-bundle B the Gateway API CRDs in the cluster, whose limits v1 routes must meet:
                             v1.1.1-experimental (what Linkerd ships), v1.2.1-standard ...
                             v1.5.1-standard (default: Linkerd's with --linkerd-version, else
                             v1.2.1-standard)
      --route-namespace NS   write consumer routes in this client namespace (default: -n)
      --granularity G        route: one object per route, so metrics stay per route;
                             packed: as few objects as the limits allow (default "route")
      --no-catch-all         leave out the catch-all route (unmatched requests then get 404)
      --retry-http LIST      retry.linkerd.io/http for retryable routes (default: the statuses
                             the route counts as failures, 5xx)
      --retry-grpc LIST      retry.linkerd.io/grpc for retryable rpcs (default "unavailable")
      --retry-limit N        retry.linkerd.io/limit for retryable routes
      --retry-timeout D      retry.linkerd.io/timeout (per try) for retryable routes, e.g. 500ms
      --route-order ORDER    linkerd: overlapping routes in the order linkerd profile writes them;
                             specific-first: a route an earlier one would shadow goes first.
                             Linkerd scores rules before it looks at their order, but the rules
                             of overlapping routes tie (Exact and RegularExpression both score
                             the path's length), so their order in the object decides
                             (default "linkerd")

Tap flags (with --tap): --tap-route-limit N, --consolidate auto|none, --report FILE,
--apply-suggestions, as for profile.

Examples:
  serviceprofile-sync routes -n booksapp --open-api webapp.swagger webapp | kubectl apply -f -
  serviceprofile-sync routes -n emojivoto --proto Voting.proto --port 8080 voting-svc
  serviceprofile-sync routes -n booksapp --route-namespace web --open-api books.swagger books

Exit codes: 0 success, 1 invalid input, 2 wrong usage.
`;

const options = {
  ...SOURCE_OPTIONS,
  port: { type: "string" },
  "api-version": { type: "string", default: "v1" },
  "linkerd-version": { type: "string" },
  "gateway-api-bundle": { type: "string" },
  "route-namespace": { type: "string" },
  granularity: { type: "string", default: "route" },
  "no-catch-all": { type: "boolean" },
  "retry-http": { type: "string" },
  "retry-grpc": { type: "string" },
  "retry-limit": { type: "string" },
  "retry-timeout": { type: "string" },
  "route-order": { type: "string", default: "linkerd" },
} as const;

function wholeNumber(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

export const routesCommand: Command = {
  name: "routes",
  summary: "Output Gateway API HTTPRoutes/GRPCRoutes from an OpenAPI spec, proto files or a tap recording",
  help,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, options);
    if (values.template) throw new UsageError("--template makes a ServiceProfile: use 'serviceprofile-sync profile --template'");
    if (values.merge !== undefined) throw new UsageError("--merge adds to a ServiceProfile: use 'serviceprofile-sync profile --merge', or 'migrate' to convert a profile");
    const sources = [values["open-api"] !== undefined, (values.proto ?? []).length > 0, values.tap !== undefined].filter(Boolean).length;
    if (sources !== 1) throw new UsageError("You must specify exactly one of --open-api, --proto, or --tap");
    if (positionals.length !== 1) throw new UsageError(`accepts 1 arg(s) (the service name), received ${positionals.length}`);
    const service = positionals[0]!;
    const namespace = values.namespace;
    const format = values.output as OutputFormat;
    if (format !== "yaml" && format !== "json") throw new UsageError(`output format "${values.output}" is not supported: use yaml or json`);
    const routeNames: RouteNameMode = flagValue(ROUTE_NAMES, values["route-names"])!;
    flagValue(CLUSTER_DOMAIN, values["cluster-domain"]);
    flagValue(BASE_PATH, values["base-path"]);
    const apiVersion = parseGatewayApiVersion(values["api-version"]);
    if (!apiVersion) throw new UsageError(`--api-version must be one of ${GATEWAY_API_VERSION_NAMES}, not "${values["api-version"]}"`);
    const linkerdVersion = linkerdVersionFlag(values["linkerd-version"], apiVersion);
    const gatewayApiBundle = gatewayApiBundleFlag(values["gateway-api-bundle"], apiVersion);
    const granularity: Granularity = flagValue(GRANULARITY, values.granularity)!;
    const routeOrder = flagValue(ROUTE_ORDER, values["route-order"])!;
    const port = flagValue(PORT, values.port);
    const limit = flagValue(RETRY_LIMIT, values["retry-limit"]);
    const retryTimeout = flagValue(RETRY_TIMEOUT, values["retry-timeout"]);
    const retryHttp = flagValue(RETRY_HTTP, values["retry-http"]);
    const retryGrpc = flagValue(RETRY_GRPC, values["retry-grpc"]);
    const routeNamespace = values["route-namespace"] ?? namespace;
    const nameErrors = identityErrors(service, namespace);
    const routeNsError = namespaceError(routeNamespace);
    if (routeNsError) nameErrors.push(routeNsError);
    if (nameErrors.length) throw new SpecError({ message: nameErrors[0]!, hint: "Kubernetes service names are DNS-1035 labels and namespaces DNS-1123 labels" });

    let routes: Route[];
    let source: string;
    let headerSources: string[];
    let display: PathDisplay | undefined;
    const warnings: Diagnostic[] = [];
    if (values.tap !== undefined) {
      const routeLimit = wholeNumber(values["tap-route-limit"], "--tap-route-limit", 0, Number.MAX_SAFE_INTEGER)!;
      const consolidate = values.consolidate;
      if (consolidate !== "auto" && consolidate !== "none") throw new UsageError(`--consolidate must be auto or none, not "${consolidate}"`);
      source = values.tap === "-" ? STDIN_NAME : values.tap;
      if (values.report !== undefined && values.report !== "-") await checkWritable(io, "--report", values.report);
      const result = await tapProfile(await openRecording(values.tap, io), {
        service,
        namespace,
        clusterDomain: values["cluster-domain"],
        routeLimit,
        consolidate,
        applySuggestions: values["apply-suggestions"] === true,
        file: source,
        target: "gateway",
      });
      routes = result.routes;
      if (values.report !== "-") warnings.push(...result.warnings);
      warnings.push(...noInboundWarning(result.traffic.totals, source));
      if (values.report === "-") io.stderr.write(renderTapReport(result.report, "text"));
      else if (values.report !== undefined) await fs.writeFile(path.resolve(io.cwd, values.report), renderTapReport(result.report, reportFormatFor(values.report)));
      headerSources = [source];
    } else {
      const loaded = await loadSpecRoutes(io, {
        openApi: values["open-api"],
        proto: values.proto,
        root: values.root,
        basePath: values["base-path"],
        protoServices: values["proto-service"],
        routeNames,
      });
      const { result, repoPaths } = loaded;
      display = loaded.display;
      routes = result.routes;
      warnings.push(...result.warnings);
      source = repoPaths[0]!;
      const specArgs = values["open-api"] !== undefined ? [values["open-api"]] : values.proto!;
      headerSources = specArgs.map((s) => (s === "-" ? STDIN_NAME : s));
    }

    let built;
    try {
      built = generateGatewayRoutes({
        service,
        namespace,
        routeNamespace,
        routes,
        source,
        routeOrder,
        options: {
          apiVersion,
          ...(linkerdVersion !== undefined ? { linkerdVersion } : {}),
          ...(gatewayApiBundle !== undefined ? { gatewayApiBundle } : {}),
          granularity,
          catchAll: values["no-catch-all"] !== true,
          ...(port !== undefined ? { port } : {}),
          retry: {
            ...(retryHttp !== undefined ? { http: retryHttp } : {}),
            ...(retryGrpc !== undefined ? { grpc: retryGrpc } : {}),
            ...(limit !== undefined ? { limit } : {}),
            ...(retryTimeout !== undefined ? { timeout: retryTimeout } : {}),
          },
        },
      });
    } catch (err) {
      throw display ? display.error(err) : err;
    }
    writeDiagnostics(io, [...warnings, ...(display ? display.diagnostics(built.warnings) : built.warnings)]);
    io.stdout.write(renderObjects(built.objects, { format, ...(values["no-header"] ? {} : { headerSources }) }));
    return EXIT_OK;
  },
};
