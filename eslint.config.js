import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // src/generated/: ajv standalone output (scripts/gen-validators.mjs), hundreds of KB that only slow linting down.
  { ignores: ["dist/", "node_modules/", ".cache/", "coverage/", "src/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", TextDecoder: "readonly", TextEncoder: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
);
