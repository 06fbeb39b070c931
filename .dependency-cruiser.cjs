// The dependency rule of DESIGN.md, checked: what each package may import, and that it declares it.
// Workspace packages are read through their node_modules links (preserveSymlinks), so importing
// one is an npm dependency that must be declared like any other.

/** Packages in the order they may depend on one another: each only on those before it, tests included, so no two packages ever depend on each other. */
const mayImport = (from, allowed) => ({
  name: `${from}-imports-only-${allowed.join('-') || 'itself'}`,
  comment: `${from} may import, of this repository's packages, only ${allowed.join(', ') || 'none'}`,
  severity: 'error',
  from: { path: `^packages/${from}/` },
  to: {
    path: '^node_modules/@outbound/',
    ...(allowed.length > 0 ? { pathNot: `^node_modules/@outbound/(${allowed.join('|')})/` } : {}),
  },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports valibot and its own files only: no Node module, no adapter, nothing that does I/O.',
      severity: 'error',
      from: { path: '^packages/domain/src/' },
      to: { pathNot: ['^packages/domain/src/', '^node_modules/valibot/'] },
    },
    mayImport('domain', []),
    mayImport('metrics', []),
    mayImport('port-contracts', ['domain']),
    {
      name: 'adapters-import-only-the-domain',
      comment:
        'An adapter knows the domain and its own technology (metrics counted through @outbound/metrics), never another adapter or the server.',
      severity: 'error',
      from: { path: '^packages/adapters-[^/]+/(src|testing)/' },
      to: { path: '^node_modules/@outbound/', pathNot: '^node_modules/@outbound/(domain|metrics)/' },
    },
    mayImport('adapters-memory', ['domain', 'port-contracts']),
    mayImport('adapters-sql', ['domain', 'port-contracts']),
    mayImport('adapters-csv', ['domain']),
    mayImport('adapters-phone-metadata', ['domain']),
    mayImport('adapters-http', ['domain', 'metrics', 'port-contracts', 'adapters-memory']),
    mayImport('server', [
      'domain',
      'metrics',
      'port-contracts',
      'adapters-memory',
      'adapters-sql',
      'adapters-csv',
      'adapters-http',
      'adapters-phone-metadata',
    ]),
    {
      name: 'no-reaching-into-another-package',
      comment:
        'Another package is imported by its name, through what it exports, never by a relative path into its files.',
      severity: 'error',
      from: { path: '^(packages|examples)/([^/]+)/' },
      to: { path: '^(packages|examples|bench)/', pathNot: '^$1/$2/' },
    },
    {
      name: 'bench-by-name-only',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^(packages|examples)/' },
    },
    {
      name: 'no-circular',
      comment: 'Files of a package never import one another in a circle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-non-package-json',
      comment: "Every package imported is declared in the importing package's own package.json, tests included.",
      severity: 'error',
      from: {},
      to: {
        dependencyTypes: ['npm-no-pkg', 'npm-unknown'],
        // dependency-cruiser reads peerDependenciesMeta as one more list of dependencies, of no type
        // it knows, and calls an optional peer dependency npm-no-pkg as well as npm-peer.
        dependencyTypesNot: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'],
      },
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'What ships (src, testing) imports only dependencies and peer dependencies, never a devDependency alone.',
      severity: 'error',
      from: { path: '^packages/[^/]+/(src|testing)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm', 'npm-peer'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      // The typed client's types exist only once its test has generated them from docs/openapi.json.
      to: { couldNotResolve: true, pathNot: '^\\./outbound-api\\.js$' },
    },
    {
      name: 'not-to-tests',
      comment: 'What ships never imports a test.',
      severity: 'error',
      from: { path: '/(src|testing)/' },
      to: { path: '/test/' },
    },
  ],
  options: {
    preserveSymlinks: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^packages/[^/]+/dist/', '^examples/[^/]+/dist/', '^bench/dist/'] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default', 'node'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
  },
};
