/**
 * The value rules the HTTPRoute CRD (v1.2.1) puts on `Exact` and `PathPrefix`
 * path matches, as CEL `x-kubernetes-validations` on
 * `spec.rules[].matches[].path`. A literal path that breaks one of them has to
 * be written as a `RegularExpression` match instead.
 */
/**
 * What is wrong with `value` as an Exact or PathPrefix path, one sentence per
 * CEL rule broken (in the CRD's order); empty when it is allowed.
 */
export declare function pathValueProblems(value: string): string[];
/** Whether a literal path can be an `Exact` (or `PathPrefix`) match value: the CRD's charset and segment rules (not its 1024-character limit, which binds every match type). */
export declare function isAllowedExactPath(value: string): boolean;
