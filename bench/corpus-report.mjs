// Turns the outcomes of a corpus run into counts and a readable report.

/**
 * The kind of an error message: its text with the specifics (quoted names,
 * numbers, pointers) blanked, so "unknown $ref "#/a"" and "unknown $ref "#/b""
 * count as one kind.
 */
export function messageKind(message) {
  return message
    .split("\n")[0]
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/`[^`]*`/g, "`…`")
    .replace(/#\/[^\s,;)]*/g, "#/…")
    .replace(/\b0x[0-9a-f]+\b/gi, "0x…")
    .replace(/\d+/g, "N")
    .slice(0, 140);
}

/**
 * How precisely an error is placed: at a line (and column), at a JSON
 * pointer, only at its file (a whole-document problem), or nowhere.
 */
export function placeOf(diagnostic) {
  if (!diagnostic.file) return "none";
  if (diagnostic.line !== undefined) return "line";
  if (diagnostic.pointer !== undefined) return "pointer";
  return "file";
}

/** A clear error says what is wrong and in which file; one without a file is a bug to report. */
export function isClear(diagnostic) {
  return placeOf(diagnostic) !== "none" && Boolean(diagnostic.message);
}

/** Counts for one corpus from `[{ file, outcome }]`. */
export function summarize(name, results) {
  const ok = results.filter((r) => r.outcome.status === "ok");
  const errors = results.filter((r) => r.outcome.status === "error");
  const errorKinds = {};
  const places = { line: 0, pointer: 0, file: 0, none: 0 };
  for (const r of errors) {
    places[placeOf(r.outcome.diagnostic)]++;
    const kind = messageKind(r.outcome.diagnostic.message);
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  }
  return {
    name,
    total: results.length,
    ok: ok.length,
    routes: ok.reduce((n, r) => n + r.outcome.routes, 0),
    warnings: ok.reduce((n, r) => n + r.outcome.warnings, 0),
    errors: errors.length,
    errorKinds: Object.fromEntries(Object.entries(errorKinds).sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))),
    places,
    fileOnly: errors.filter((r) => placeOf(r.outcome.diagnostic) === "file").map((r) => ({ file: r.file, ...r.outcome })),
    unclear: errors.filter((r) => !isClear(r.outcome.diagnostic)).map((r) => ({ file: r.file, ...r.outcome })),
    crashes: results.filter((r) => r.outcome.status === "crash").map((r) => ({ file: r.file, ...r.outcome })),
    hangs: results.filter((r) => r.outcome.status === "hang").map((r) => ({ file: r.file, ...r.outcome })),
    slowest: [...results].sort((a, b) => b.outcome.ms - a.outcome.ms).slice(0, 5).map((r) => ({ file: r.file, ms: r.outcome.ms, status: r.outcome.status })),
    ...(ok.some((r) => r.outcome.gateway) ? { gateway: gatewayTotals(ok) } : {}),
  };
}

/** Gateway API passes: route objects, services that needed objects of several routes, hashed names, regex matches, pairs left to creation order. */
function gatewayTotals(ok) {
  const stats = ok.map((r) => r.outcome.gateway).filter(Boolean);
  return {
    objects: stats.reduce((n, s) => n + s.objects, 0),
    servicesWithSharedObjects: stats.filter((s) => s.overlapObjects > 0).length,
    sharedObjects: stats.reduce((n, s) => n + s.overlapObjects, 0),
    servicesWithHashedNames: stats.filter((s) => s.hashedNames > 0).length,
    hashedNames: stats.reduce((n, s) => n + s.hashedNames, 0),
    regexMatches: stats.reduce((n, s) => n + s.regexMatches, 0),
    // Overlapping pairs of routes in different objects (different annotations, or more than 16):
    // before disjoint regexes every one was left to creationTimestamp; now only those beyond them are.
    splitPairs: stats.reduce((n, s) => n + split(s), 0),
    specsWithSplitPairs: stats.filter((s) => split(s) > 0).length,
    disjointRules: stats.reduce((n, s) => n + (s.disjointRules ?? 0), 0),
    tieBreakPairs: stats.reduce((n, s) => n + (s.tieBreakPairs ?? 0), 0),
    specsWithTieBreaks: stats.filter((s) => (s.tieBreakPairs ?? 0) > 0).length,
    ...guardTotals(ok),
  };
}

/** The route guard's findings on the generated output, per rule ID, and the specs that have any. */
function guardTotals(ok) {
  const withFindings = ok.filter((r) => r.outcome.findings && Object.keys(r.outcome.findings).length > 0);
  const findings = {};
  for (const r of withFindings) for (const [rule, n] of Object.entries(r.outcome.findings)) findings[rule] = (findings[rule] ?? 0) + n;
  return { guardFindings: Object.fromEntries(Object.entries(findings).sort(([a], [b]) => (a < b ? -1 : 1))), specsWithGuardFindings: withFindings.length };
}

const split = (s) => (s.disjointPairs ?? 0) + (s.tieBreakPairs ?? 0);

/** True when the corpus run found nothing to fix. */
export function isClean(summary) {
  return summary.crashes.length === 0 && summary.hangs.length === 0 && summary.unclear.length === 0;
}

const pad = (n, w = 6) => String(n).padStart(w);

export function formatSummary(s, seconds) {
  const lines = [`${s.name}: ${s.total} specs in ${seconds.toFixed(1)} s`];
  lines.push(`  ok              ${pad(s.ok)}   (${s.routes} routes, ${s.warnings} warnings)`);
  const p = s.places;
  lines.push(`  clear errors    ${pad(s.errors - s.unclear.length)}   (${p.line} at line:column, ${p.pointer} at a JSON pointer only, ${p.file} naming the file only)`);
  for (const [kind, n] of Object.entries(s.errorKinds)) lines.push(`    ${pad(n, 5)}  ${kind}`);
  if (s.gateway) {
    const g = s.gateway;
    lines.push(`  route objects   ${pad(g.objects)}   (${g.regexMatches} RegularExpression matches; ${g.hashedNames} hashed names in ${g.servicesWithHashedNames} specs)`);
    lines.push(`  shared objects  ${pad(g.sharedObjects)}   (objects holding several overlapping routes, in ${g.servicesWithSharedObjects} specs)`);
    lines.push(
      `  tie-breaks      ${pad(g.tieBreakPairs)}   (overlapping pairs in different objects whose winner rests on creationTimestamp, in ${g.specsWithTieBreaks} specs; without disjoint regexes ${g.splitPairs} pairs in ${g.specsWithSplitPairs} specs, ${g.disjointRules} regexes rewritten)`,
    );
    const byRule = Object.entries(g.guardFindings ?? {}).map(([rule, n]) => `${rule} ${n}`);
    const total = Object.values(g.guardFindings ?? {}).reduce((n, c) => n + c, 0);
    lines.push(`  guard findings  ${pad(total)}   (the route guard on the generated output, in ${g.specsWithGuardFindings ?? 0} specs${byRule.length ? `: ${byRule.join(", ")}` : ""})`);
  }
  lines.push(`  unclear errors  ${pad(s.unclear.length)}   (SpecError naming no file)`);
  lines.push(`  crashes         ${pad(s.crashes.length)}`);
  lines.push(`  hangs           ${pad(s.hangs.length)}`);
  lines.push(`  slowest: ${s.slowest.map((r) => `${r.file} ${r.ms} ms`).join(", ")}`);
  for (const f of s.fileOnly.slice(0, 10)) lines.push(`\n  NO PLACE ${f.file}\n    ${f.formatted.replace(/\n/g, "\n    ")}`);
  if (s.fileOnly.length > 10) lines.push(`\n  ... and ${s.fileOnly.length - 10} more errors naming the file only`);
  for (const u of s.unclear) lines.push(`\n  UNCLEAR ${u.file}\n    ${u.formatted.replace(/\n/g, "\n    ")}`);
  for (const c of s.crashes) lines.push(`\n  CRASH ${c.file}\n    ${c.stack.replace(/\n/g, "\n    ")}`);
  for (const h of s.hangs) lines.push(`\n  HANG ${h.file}: ${h.message}`);
  return lines.join("\n");
}
