// Typed operations: every `.graphql` file under src/graphql/, checked against the composed
// supergraph (the same file the schema check validates them with). Output is generated on
// every build and test run, never committed.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema/supergraph.graphql',
  documents: ['src/graphql/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string' },
        skipTypename: false,
      },
    },
  },
  silent: true,
};

export default config;
