/**
 * `rule-shadowed`: rules of hand-written HTTPRoutes that no request reaches,
 * with the rule that takes their requests. The Gateway API shadowing lint
 * (src/lint/gateway-shadowing.ts, which the generator runs on its own
 * output) decides it for each Service port's routes, with the proxy's
 * precedence; a rule that loses only a tie between objects is not dead on
 * every cluster, and is `tie-across-objects`' business instead. Generated
 * objects (annotated serviceprofile-sync.io/route or /routes) take part as
 * winners but their own dead rules are the generator's to warn about.
 */
import type { Manifest } from "./manifests.js";
import { type RawFinding } from "./route-rules.js";
import type { ServiceRoutes } from "./service-groups.js";
import { selectable } from "./service-rules.js";
import { gatewayShadowLine, gatewayShadowing, type RuleRef } from "../lint/gateway-shadowing.js";
import { linkerdOrder } from "../matching/gateway-selection.js";
import type { HttpRoute } from "../model/gateway.js";

const SHADOWED_HINT =
  "Linkerd picks the longest path match (an Exact path and a RegularExpression both count the whole path, so they tie), then the most headers, query parameters, a method; a tie goes to the earlier rule. Put the narrower rule first in its object, narrow the wider rule's path, or delete the dead rule";

const GENERATED = ["serviceprofile-sync.io/route", "serviceprofile-sync.io/routes"];

function generated(m: Manifest): boolean {
  const meta = m.value.metadata as { annotations?: Record<string, unknown> } | undefined;
  const annotations = meta && typeof meta.annotations === "object" && meta.annotations !== null ? meta.annotations : {};
  return GENERATED.some((k) => annotations[k] !== undefined);
}

export function shadowedRules(groups: readonly ServiceRoutes[]): RawFinding[] {
  const out: RawFinding[] = [];
  const reported = new Map<Manifest, Set<number>>();
  const seen = (r: RuleRef, m: Manifest) => reported.get(m)?.has(r.rule) === true;
  for (const g of groups) {
    const byName = new Map<string, Manifest>();
    const objects: HttpRoute[] = [];
    for (const m of g.routes) {
      const o = selectable(m);
      // Two objects of one name on a Service are one object to Kubernetes: the first stands for it.
      if (byName.has(o.metadata.name)) continue;
      byName.set(o.metadata.name, m);
      objects.push(o);
    }
    const manifestOf = (r: RuleRef) => byName.get(r.object)!;
    for (const group of gatewayShadowing(linkerdOrder(objects))) {
      // Each dead rule once, though a route naming no port is in every port's group.
      const dead = group.dead.filter((r) => !generated(manifestOf(r)) && !seen(r, manifestOf(r)));
      if (!dead.length) continue;
      for (const r of dead) {
        const m = manifestOf(r);
        let rules = reported.get(m);
        if (!rules) reported.set(m, (rules = new Set()));
        rules.add(r.rule);
      }
      const first = dead[0]!;
      const m = manifestOf(first);
      out.push({
        rule: "rule-shadowed",
        manifest: m,
        path: ["spec", "rules", first.rule],
        message: `${g.label}: ${gatewayShadowLine({ ...group, dead })}`,
        hint: group.reason === "matches-nothing" ? "check the rule's path (a request path starts with /)" : SHADOWED_HINT,
      });
    }
  }
  return out;
}
