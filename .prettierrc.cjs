// The settings of OCA's prettier configuration for 18.0 (oca-addons-repo-template).
/** @type {import('prettier').Config} */
const config = {
  plugins: [require.resolve("@prettier/plugin-xml")],
  bracketSpacing: false,
  printWidth: 88,
  proseWrap: "always",
  semi: true,
  trailingComma: "es5",
  xmlWhitespaceSensitivity: "preserve",
  // 4 spaces, as OCA's repositories get them from their .editorconfig (indent_size = 4)
  tabWidth: 4,
};

module.exports = config;
