/**
 * Reading an existing ServiceProfile (for `--merge` and `verify`): YAML or
 * JSON, one object. Only the shape routes need is required; what
 * validateProfile finds is returned as warnings, so that a profile the API
 * server would refuse can still be checked against traffic.
 */
import { SpecError, type Diagnostic } from "../model/diagnostic.js";
import type { ServiceProfile } from "../model/serviceprofile.js";
import { validateProfile } from "../targets/serviceprofile/validate.js";
import { assertUniqueKeys, decodeUtf8, locatePointer, parseData } from "../files/parse.js";

export interface LoadedProfile {
  profile: ServiceProfile;
  /** Problems validation found (each with its place). */
  warnings: Diagnostic[];
}

export function parseProfileText(text: string, file: string): LoadedProfile {
  const value = parseData(text, file, "a ServiceProfile (linkerd.io/v1alpha2)") as Partial<ServiceProfile> | null;
  // kubectl refuses a key written twice; a lenient read would check a profile the cluster never sees.
  assertUniqueKeys(text, file);
  const fail = (message: string, pointer: string, hint: string): never => {
    const at = locatePointer(text, pointer);
    throw new SpecError({ message, file, pointer, ...(at ?? {}), hint });
  };
  if (!value || typeof value !== "object" || Array.isArray(value)) fail("the file does not hold a ServiceProfile object", "", "give a file with one ServiceProfile (YAML or JSON)");
  if (value!.kind !== "ServiceProfile") fail(`kind is ${JSON.stringify(value!.kind)}, not "ServiceProfile"`, "/kind", "give a file with one ServiceProfile (YAML or JSON)");
  const spec = value!.spec;
  if (!spec || typeof spec !== "object") fail("the ServiceProfile has no spec", "/spec", "add spec: {routes: [...]}");
  if (spec!.routes !== undefined && spec!.routes !== null && !Array.isArray(spec!.routes)) fail("spec.routes is not a list", "/spec/routes", "write routes as a YAML list");
  (spec!.routes ?? []).forEach((r, i) => {
    if (!r || typeof r !== "object" || typeof r.name !== "string") fail(`route ${i} has no name`, `/spec/routes/${i}`, "every route needs a name and a condition");
  });
  const profile = value as ServiceProfile;
  // Tolerate what kubectl adds (`creationTimestamp: null`, status) when judging the profile's validity.
  const { creationTimestamp: _ct, ...metadata } = (profile.metadata ?? {}) as ServiceProfile["metadata"] & { creationTimestamp?: unknown };
  const warnings: Diagnostic[] = validateProfile({ apiVersion: profile.apiVersion, kind: profile.kind, metadata, spec: profile.spec }).map((p) => ({
    severity: "warning",
    message: `the profile is not valid: ${p.message}`,
    file,
    pointer: p.pointer,
    ...(locatePointer(text, p.pointer) ?? {}),
  }));
  return { profile, warnings };
}

export function parseProfileBytes(data: Buffer, file: string): LoadedProfile {
  return parseProfileText(decodeUtf8(data, file), file);
}
