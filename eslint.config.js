// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Globals through which code reaches the process, the clock, the network or the console. */
const IO_GLOBALS = [
  'process',
  'require',
  'fetch',
  'console',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'Buffer',
  'performance',
  'crypto',
].map((name) => ({ name, message: 'The domain does no I/O: take what varies from a port or an option.' }));

export default defineConfig(
  {
    ignores: [
      '**/dist/',
      '**/node_modules/',
      'coverage/',
      // A host's project, completed with an example's file and compiled strictly against the
      // installed tarballs by `npm run test:packages`; here its import of that file has nothing to resolve.
      'package-tests/consumer/',
      // A client's project over types its test generates from docs/openapi.json, then compiles
      // strictly; until then its import of them has nothing to resolve.
      'packages/adapters-http/test/typed-client/',
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Port methods are async by contract. An adapter that answers synchronously (in memory, a
      // test double) stays async so that whatever it throws reaches the caller as a rejection.
      '@typescript-eslint/require-await': 'off',
      // Destructuring a key away with `const { code: _code, ...rest } = outcome` is how a copy
      // without that key is made; the named key is meant to go unused.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...IO_GLOBALS],
      // `Date.now()` and `new Date()` read the clock; time reaches the domain through the Clock port.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Read time from the Clock port.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read time from the Clock port.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'The domain is deterministic.',
        },
      ],
    },
  },
  {
    // The one place the domain may read the machine's clock: the default every adapter falls back on.
    files: ['packages/domain/src/clock.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Plain JavaScript (configs, scripts) belongs to no TypeScript project and runs on Node.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
