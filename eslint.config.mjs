// The archive's own scripts (theme/assets/), linted by `make lint`: ESLint's recommended rules for
// classic browser scripts, which are also loaded by the Node tests in tests/js/.
import { createRequire } from "node:module";

// The linter and its rules are installed by `make` into .tools/ (never in the repository).
const require = createRequire(new URL("./.tools/package.json", import.meta.url));
const js = require("@eslint/js");
const globals = require("globals");

export default [
  js.configs.recommended,
  {
    files: ["theme/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-var": "off",  // classic scripts, written for every browser that opens a file:// page
      "eqeqeq": "error",
      "no-implicit-globals": "error",
      "strict": ["error", "function"],
    },
  },
  {
    files: ["tests/js/**/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
