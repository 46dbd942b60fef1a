/**
 * Architecture rules `npm run lint` enforces over src/ (docs/ARCHITECTURE.md, "Layers").
 * Type-only imports count: a cycle of types is still a cycle of concepts.
 */
const PROVIDER_FOLDER = "^src/providers/(?!shared/)[^/]+/";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "Modules form a tree of concerns; a cycle means two of them are one concern or the contract is in the wrong place.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "providers-are-translations",
      severity: "error",
      comment:
        "A provider folder knows the provider contract (providers/types.ts, the errors it throws, OpenAI's wire types in chat/ and embeddings/), " +
        "providers/shared/, src/lib/ and vendor wire types — nothing of transport, routing, caching or metrics.",
      from: { path: PROVIDER_FOLDER },
      to: {
        path: "^src/",
        pathNot: [
          "^src/providers/types\\.ts$",
          "^src/providers/shared/",
          "^src/errors\\.ts$",
          "^src/(chat|embeddings)/types\\.ts$",
          "^src/lib/",
          // A provider folder's other modules (its own or another provider's, e.g. Qwen on the OpenAI translation).
          PROVIDER_FOLDER,
          // Option validators are built from the config's validators; nothing else in a provider folder is.
          "^src/config/validate\\.ts$",
        ],
      },
    },
    {
      name: "only-options-validate-config",
      severity: "error",
      comment: "The config validators are for `providers.<name>.options`; a translation does not validate config.",
      from: {
        path: "^src/providers/",
        pathNot: ["/options\\.ts$", "^src/providers/shared/model-table\\.ts$", "^src/providers/types\\.ts$"],
      },
      to: { path: "^src/config/" },
    },
    {
      name: "shared-is-translations",
      severity: "error",
      comment: "providers/shared/ holds helpers for translations, under the same rule as the provider folders.",
      from: { path: "^src/providers/shared/" },
      to: {
        path: "^src/",
        pathNot: [
          "^src/providers/types\\.ts$",
          "^src/providers/shared/",
          "^src/errors\\.ts$",
          "^src/(chat|embeddings)/types\\.ts$",
          "^src/lib/",
          "^src/config/validate\\.ts$",
        ],
      },
    },
    {
      name: "contract-is-a-leaf",
      severity: "error",
      comment: "The provider contract imports types only, and only wire types and the error class.",
      from: { path: "^src/providers/types\\.ts$" },
      to: {
        path: "^src/",
        pathNot: [
          "^src/(chat|embeddings)/types\\.ts$",
          "^src/errors\\.ts$",
          "^src/config/validate\\.ts$",
          "^src/providers/shared/data-url\\.ts$",
        ],
      },
    },
    {
      name: "lib-has-no-dependencies",
      severity: "error",
      comment: "src/lib/ holds small pure helpers anyone may import; they import nothing of the app.",
      from: { path: "^src/lib/" },
      to: { path: "^src/", pathNot: "^src/lib/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
