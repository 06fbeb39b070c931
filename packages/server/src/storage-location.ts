import { resolve } from 'node:path';

/** Where the server keeps contact lists and campaigns, as DATABASE_URL names it. */
export type StorageLocation =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'mysql'; readonly url: string };

const DEFAULT_SQLITE_FILE = 'data/outbound.sqlite';

const ACCEPTED_DATABASE_URLS =
  'sqlite:///absolute/path.sqlite, sqlite:relative/path.sqlite, mysql://user:password@host:port/database or memory:';

/**
 * Reads DATABASE_URL: unset is the SQLite file `./data/outbound.sqlite`. Returns a problem to
 * report, naming the variable, when the value is none of the accepted forms.
 */
export function readStorageLocation(value: string | undefined, cwd: string): StorageLocation | string {
  if (value === undefined || value === '') return { kind: 'sqlite', file: resolve(cwd, DEFAULT_SQLITE_FILE) };
  if (value === 'memory:') return { kind: 'memory' };
  const absoluteSqlite = /^sqlite:\/\/(\/.+)$/.exec(value);
  if (absoluteSqlite?.[1] !== undefined) return { kind: 'sqlite', file: absoluteSqlite[1] };
  const relativeSqlite = /^sqlite:([^/].*)$/.exec(value);
  if (relativeSqlite?.[1] !== undefined) return { kind: 'sqlite', file: resolve(cwd, relativeSqlite[1]) };
  if (value.startsWith('mysql://') && URL.canParse(value)) {
    const url = new URL(value);
    if (url.hostname !== '' && url.pathname.length > 1) return { kind: 'mysql', url: value };
  }
  return `DATABASE_URL must be ${ACCEPTED_DATABASE_URLS} (got ${JSON.stringify(withoutPassword(value))})`;
}

/**
 * A URL fit for logs and errors: any password replaced by ****. A value that does not parse with
 * a host (a password holding an unencoded `/` or `@`, say) keeps only its scheme and what follows
 * its last `@`, since where its password ends cannot be told.
 */
export function withoutPassword(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  // An `@` after the host means the password may have held the `/` the host was read up to.
  if (url !== null && url.host !== '' && !`${url.pathname}${url.search}${url.hash}`.includes('@')) {
    if (url.password !== '') url.password = '****';
    if (url.searchParams.has('password')) url.searchParams.set('password', '****');
    return url.toString();
  }
  const lastAt = value.lastIndexOf('@');
  if (lastAt < 0) return value;
  const scheme = /^[a-z][a-z0-9+.-]*:\/*/i.exec(value)?.[0] ?? '';
  return `${scheme}****${value.slice(lastAt)}`;
}

export function describeStorage(location: StorageLocation): string {
  switch (location.kind) {
    case 'memory':
      return 'in memory (nothing is kept after the process ends)';
    case 'sqlite':
      return `SQLite file ${location.file}`;
    case 'mysql':
      return `MySQL ${withoutPassword(location.url)}`;
  }
}
