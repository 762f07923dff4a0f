import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
