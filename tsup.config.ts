import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    validation: 'src/validation/index.ts',
    testing: 'src/testing/index.ts',
    'testing-node': 'src/testing-node.ts',
  },
  format: ['esm'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  external: ['zod', 'p-retry', 'type-fest', 'node:http', 'http'],
});
