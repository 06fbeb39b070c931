import { startOutbound } from '@outbound/server/testing';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cp, lstat, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execute = promisify(execFile);

/** Runs a command; when it fails, the error says what it printed (a compiler's errors, say). */
async function run(...args: Parameters<typeof execute>): Promise<{ stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(...args);
    return { stdout: String(stdout), stderr: String(stderr) };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${(error as Error).message}\n${stdout}${stderr}`, { cause: error });
  }
}
const repository = fileURLToPath(new URL('../../../', import.meta.url));

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly description?: string;
  readonly license?: string;
  readonly repository?: { readonly url?: string; readonly directory?: string };
  readonly engines?: { readonly node?: string };
  readonly bin?: Record<string, string>;
  readonly exports?: Record<string, { readonly types?: string; readonly default?: string }>;
  readonly files?: readonly string[];
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/** The packages under packages/, by name, as the repository has them. */
async function workspacePackages(): Promise<Map<string, PackageJson>> {
  const folders = await readdir(join(repository, 'packages'));
  const manifests = await Promise.all(
    folders.map((folder) => readJson<PackageJson>(join(repository, 'packages', folder, 'package.json'))),
  );
  return new Map(manifests.map((manifest) => [manifest.name, manifest]));
}

describe('the packages, packed and installed into a new project outside the workspace', function () {
  // npm install compiles better-sqlite3 from source in the new project.
  this.timeout(15 * 60_000);
  let project: string;
  let packed: readonly Packed[];
  let ours: Map<string, PackageJson>;

  before(async function () {
    ours = await workspacePackages();
    project = await mkdtemp(join(tmpdir(), 'outbound-host-'));
    const listed = await run('npx', ['lerna', 'list', '--json', '--loglevel', 'silent'], { cwd: repository });
    const publishable = JSON.parse(listed.stdout) as { name: string; location: string }[];
    const workspaces = publishable.flatMap(({ location }) => ['--workspace', location]);
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project, ...workspaces], {
      cwd: repository,
    });
    packed = JSON.parse(stdout) as Packed[];

    // The host's own dependencies, at the ranges our packages ask of their peers and our tools use.
    const sql = ours.get('@outbound/adapters-sql')?.peerDependencies ?? {};
    const tools = (await readJson<PackageJson>(join(repository, 'package.json'))).devDependencies ?? {};
    const host = {
      name: 'host-service',
      private: true,
      type: 'module',
      dependencies: {
        ...Object.fromEntries(packed.map(({ name, filename }) => [name, `file:./${filename}`])),
        knex: sql['knex'],
        'better-sqlite3': sql['better-sqlite3'],
        koa: ours.get('@outbound/adapters-http')?.dependencies?.['koa'],
      },
      devDependencies: { typescript: tools['typescript'], '@types/node': tools['@types/node'] },
      allowScripts: { 'better-sqlite3': true },
    };
    await writeFile(join(project, 'package.json'), JSON.stringify(host, null, 2));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
    await cp(join(repository, 'package-tests', 'consumer'), project, { recursive: true });
    await cp(
      join(repository, 'examples', 'koa-host', 'src', 'create-host-app.ts'),
      join(project, 'src', 'create-host-app.ts'),
    );
  });
  after(async function () {
    if (project !== undefined) await rm(project, { recursive: true, force: true });
  });

  it('packs every package under packages/, each with only what runs', async function () {
    expect(packed.map(({ name }) => name).sort()).to.deep.equal([...ours.keys()].sort());
    for (const { name, files } of packed) {
      const paths = files.map(({ path }) => path);
      expect(paths, name).to.include.members(['package.json', 'README.md']);
      // A command's executable is declared in `bin`, and loads its compiled code from dist.
      const executables = Object.values(ours.get(name)?.bin ?? {}).map((path) => path.replace(/^\.\//, ''));
      expect(paths, name).to.include.members(executables);
      const strays = paths.filter(
        (path) =>
          !['package.json', 'README.md', ...executables].includes(path) &&
          !/^dist\/(src|testing)\/.+\.(js|js\.map|d\.ts)$/.test(path),
      );
      expect(strays, name).to.deep.equal([]);
    }
  });

  it('installs each from its tarball, with no link into the repository', async function () {
    for (const name of ours.keys()) {
      const installed = await lstat(join(project, 'node_modules', name));
      expect(installed.isDirectory() && !installed.isSymbolicLink(), name).to.equal(true);
    }
    // Exits non-zero on any missing, invalid or unmet peer dependency.
    await run('npm', ['ls', '--all'], { cwd: project });
  });

  it('describes every package as a published package should', async function () {
    for (const name of ours.keys()) {
      const manifest = await readJson<PackageJson>(join(project, 'node_modules', name, 'package.json'));
      expect(manifest, name).to.include.keys('version', 'description', 'license', 'engines', 'exports', 'files');
      expect(manifest.private, name).to.equal(undefined);
      expect(manifest.repository?.directory, name).to.match(/^packages\//);
      for (const [entry, target] of Object.entries(manifest.exports ?? {})) {
        expect(target.types, `${name} ${entry}`).to.match(/\.d\.ts$/);
      }
    }
  });

  it('keeps valibot as the one dependency of @outbound/domain, peers included', async function () {
    const domain = await readJson<PackageJson>(join(project, 'node_modules', '@outbound', 'domain', 'package.json'));

    expect(Object.keys(domain.dependencies ?? {})).to.deep.equal(['valibot']);
    expect(domain.peerDependencies).to.equal(undefined);
  });

  it("type-checks a host's strict TypeScript against the installed types", async function () {
    await run('npx', ['tsc', '--noEmit', '-p', '.'], { cwd: project });
  });

  it("embeds the use case on the host's own knex and serves it under /outbound in the host's Koa app", async function () {
    await run('npx', ['tsc', '-p', '.'], { cwd: project });

    const { stdout } = await run(process.execPath, ['dist/host-service.js', 'host.sqlite'], { cwd: project });

    expect(JSON.parse(stdout)).to.deep.equal({
      embedded: 'succeeded',
      storedRows: [{ phoneNumber: '+442079460018', name: 'Ada', otherDetails: { plan: 'gold' } }],
      ownRoute: { status: 200, body: { service: 'acme-crm', outbound: '/outbound' } },
      mounted: {
        status: 200,
        body: {
          status: 'success',
          data: {
            message: 'Done',
            contactListName: 'Acme_contact_over_http',
            campaignName: 'Acme_campaign_over_http',
            rowsStored: 1,
            duplicatesSkipped: 0,
            replayed: false,
          },
          message: 'Contact and campaign created.',
        },
      },
    });
  });

  it('runs the installed outbound command: its help, then serving one request', async function () {
    const help = await run('npx', ['outbound', '--help'], { cwd: project });
    expect(help.stdout).to.match(/^usage: outbound/);

    const outbound = await startOutbound(
      { DATABASE_URL: 'sqlite:served.sqlite' },
      { cwd: project, executable: join(project, 'node_modules', '.bin', 'outbound') },
    );
    try {
      const response = await fetch(`${outbound.url}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifierName: 'installed', userData: [{ phone_number: '14155550100' }] }),
      });

      expect(response.status).to.equal(200);
      expect(await response.json()).to.have.nested.property('data.campaignName', 'VoiceGenie_campaign_installed');
    } finally {
      expect((await outbound.stop()).code).to.equal(0);
    }
  });
});
