// ESLint flat config: the recommended JavaScript and typescript-eslint rules; formatting is Prettier's job.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "bin/**", "vendor/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    prettier,
    { files: ["**/*.js"], languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } } },
    {
        rules: {
            // Fakes and JSON from Vault's API are loosely typed on purpose; `any` there is explicit, not accidental.
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            // `export =` and require() are how the Pulumi entry point and the bundle test load CommonJS.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
);
