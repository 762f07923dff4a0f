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
    files: ["core/config/env.ts", "test/**/*.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
