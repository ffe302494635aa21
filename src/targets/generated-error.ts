/**
 * An error about a generated object (a ServiceProfile, HTTPRoute or
 * GRPCRoute that fails its CRD or Linkerd's rules) said where the user can
 * fix it: the file and JSON pointer (or line) of the route in the input that
 * produced the bad field, and a hint naming what in the input to change. The
 * field's place in the generated object stays in the message. Long names,
 * values and pointers are shortened (ellipsis and length), so a 1,100-character
 * path makes a readable error, not a 3 KB one.
 */
import { SpecError } from "../model/diagnostic.js";
import { quotedShort, shorten } from "../model/shorten.js";
import type { Route } from "../model/route.js";

export interface ObjectProblem {
  /** JSON pointer into the generated object. */
  pointer: string;
  message: string;
}

export interface GeneratedObjectError {
  kind: string;
  /** The object's name, or undefined where it says nothing (the one profile of a service). */
  name?: string;
  problems: ObjectProblem[];
  /** The route a pointer into the object comes from, if any. */
  routeAt: (pointer: string) => Route | undefined;
  /** The input file when no route is known. */
  source?: string;
}

const SHOWN = 5;
const PROBLEM_MAX = 240;

/** What in the input makes the field at `pointer`, and what to do about it. */
export function inputHint(pointer: string, message: string, route: Route | undefined): string {
  const path = route?.match.kind === "http" ? ` ${quotedShort(route.match.pathTemplate)}` : "";
  if (/\/path(\/|$)|\/pathRegex$/.test(pointer)) {
    return /too long/.test(message)
      ? `shorten the path${path} in the spec (with its base path): the CRD allows at most 1024 characters in a path match`
      : `change the path${path} in the spec (with its base path): the path match is made from it`;
  }
  if (/timeout/i.test(pointer)) return "change the route's timeout: x-linkerd-timeout in the spec, or timeout under routes: or defaults: in the config (--retry-timeout for the per-try timeout)";
  if (pointer.startsWith("/spec/retryBudget")) return "change retryBudget for the service in the config";
  if (/retry/i.test(pointer)) return "change the retry settings: gateway.retry in the config, or the --retry-* flags";
  if (/\/method$/.test(pointer)) return "change the operation's method in the spec";
  if (/\/responseClasses\//.test(pointer)) return "change the responses in the spec, or responseClasses under routes: or defaults: in the config";
  if (pointer.startsWith("/metadata/name")) return "the name is made from the service name and the route: use a shorter service name, or shorten the route in the spec";
  return "check the route in the spec and the values in the config and flags that produce this field";
}

export function generatedObjectError(e: GeneratedObjectError): SpecError {
  const first = e.problems.find((p) => e.routeAt(p.pointer) !== undefined) ?? e.problems[0]!;
  const route = e.routeAt(first.pointer);
  const listed = e.problems
    .slice(0, SHOWN)
    .map((p) => `${p.pointer}: ${shorten(p.message, PROBLEM_MAX)}`)
    .join("; ");
  const more = e.problems.length > SHOWN ? ` (and ${e.problems.length - SHOWN} more)` : "";
  const from = route ? `; made from route ${quotedShort(route.name)}` : "";
  const origin = route?.origin;
  return new SpecError({
    message: `the generated ${e.kind}${e.name !== undefined ? ` ${shorten(e.name)}` : ""} is invalid: ${listed}${more}${from}`,
    ...((origin?.file ?? e.source) !== undefined ? { file: origin?.file ?? e.source } : {}),
    ...(origin?.line !== undefined ? { line: origin.line } : origin?.pointer !== undefined ? { pointer: shorten(origin.pointer) } : {}),
    hint: inputHint(first.pointer, first.message, route),
  });
}
