/**
 * The `format`s the ServiceProfile CRD schema uses, as the API server reads
 * them. Shared by the generated validator (src/generated/profile-validator.js)
 * and the script that generates it.
 */
export const profileFormats = {
  int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  float: { type: "number", validate: (n: number) => Number.isFinite(n) },
} as const;
