// eslint (flat configuration, eslint 9) for the browser tours of the addons: Odoo 18's
// JavaScript is made of ES modules run in the browser.
const globals = require("globals");
const jsdoc = require("eslint-plugin-jsdoc");

module.exports = [
    {
        files: ["**/*.js"],
        plugins: {jsdoc},
        languageOptions: {
            ecmaVersion: 2024,
            sourceType: "module",
            globals: {
                odoo: "readonly",
                owl: "readonly",
                luxon: "readonly",
                ...globals.browser,
            },
        },
        rules: {
            "array-callback-return": "warn",
            "constructor-super": "error",
            "dot-notation": "warn",
            eqeqeq: "error",
            "no-alert": "warn",
            "no-cond-assign": "error",
            "no-const-assign": "error",
            "no-debugger": "error",
            "no-dupe-keys": "error",
            "no-duplicate-case": "error",
            "no-duplicate-imports": "error",
            "no-else-return": "warn",
            "no-empty": "warn",
            "no-empty-function": "error",
            "no-eval": "error",
            "no-implicit-coercion": ["warn", {allow: ["~"]}],
            "no-redeclare": "error",
            "no-return-assign": "error",
            "no-shadow": "warn",
            "no-undef": "error",
            "no-unneeded-ternary": "error",
            "no-unreachable": "error",
            "no-unused-expressions": "error",
            "no-unused-vars": "error",
            "no-use-before-define": "error",
            "no-useless-concat": "warn",
            "no-useless-escape": "warn",
            "no-var": "error",
            "prefer-const": "warn",
            "sort-imports": "warn",
            "spaced-comment": ["error", "always"],
            "use-isnan": "error",
            "valid-typeof": "error",
            "jsdoc/check-tag-names": "warn",
            "jsdoc/check-types": "warn",
        },
    },
];
