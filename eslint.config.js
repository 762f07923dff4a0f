import js from "@eslint/js";
import tseslint from "typescript-eslint";
import regexp from "eslint-plugin-regexp";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      // Configuration is read once, in core/config; everything else receives it.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through core/config/env.ts." },
      ],
    },
  },
  {
    // Anyone can paste up to the input limit, so every pattern that runs on pasted text must be
    // linear in its input: one super-linear pattern turns a long line into minutes of CPU. Reported
    // as soon as two quantifiers could trade characters ("potential"), and for sticky patterns and
    // partial matches too: a pattern written for one use is easily reused for another. Tests and
    // benches run on text the project wrote, so only the code that reads pastes is held to it.
    files: ["core/**/*.ts", "bot/**/*.ts", "worker/**/*.ts"],
    plugins: { regexp },
    rules: {
      "regexp/no-super-linear-backtracking": ["error", { report: "potential" }],
      "regexp/no-super-linear-move": ["error", { ignoreSticky: false, ignorePartial: false }],
    },
  },
  {
    // Spreading an array into a call puts every element on the stack: a big paste's lines overflow it.
    files: ["core/**/*.ts", "bot/**/*.ts", "worker/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: ":matches(CallExpression, NewExpression) > SpreadElement",
          message: "A spread argument overflows the stack on a big array: loop, or reduce. For a small fixed array, disable this line with a reason.",
        },
      ],
    },
  },
  {
    files: ["core/config/env.ts", "test/**/*.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
