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
/** What in the input makes the field at `pointer`, and what to do about it. */
export declare function inputHint(pointer: string, message: string, route: Route | undefined): string;
export declare function generatedObjectError(e: GeneratedObjectError): SpecError;
