// graphql-codegen's client preset: typed documents for the storefront and the dashboard, and
// the trusted-documents manifest (persisted-documents.json, sha256 of each normalised
// document), which `edestory documents push` or `persistedDocumentsRegister` registers.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["documents/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      config: { scalars: { Decimal: "string", DateTime: "string", JSON: "unknown" } },
    },
  },
};

export default config;
