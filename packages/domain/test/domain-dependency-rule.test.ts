import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The domain stays pure so it can be embedded anywhere: only valibot and its own files.
const ALLOWED = /^(valibot|\.{1,2}\/.*)$/;
const IMPORT = /\b(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g;
const GLOBAL_IO = /\b(?:process|require|fetch|setTimeout|setInterval|console)\b\s*[.(]/;

const sourceFolder = fileURLToPath(new URL('../../src', import.meta.url));

function forbiddenImports(text: string): string[] {
  const specifiers = [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? '');
  return specifiers.filter((specifier) => !ALLOWED.test(specifier));
}

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

describe('the domain dependency rule', function () {
  const files = sources(sourceFolder);

  it('finds the domain sources', function () {
    expect(files.length).to.be.greaterThan(5);
  });

  it('would catch an adapter import, a Node module or I/O through a global', function () {
    const offending =
      "import Koa from 'koa';\nimport { readFile } from 'node:fs';\nexport * from '@outbound/adapters-memory';";
    expect(forbiddenImports(offending)).to.deep.equal(['koa', 'node:fs', '@outbound/adapters-memory']);
    expect(forbiddenImports("import * as v from 'valibot';\nimport { x } from './x.js';")).to.deep.equal([]);
    expect('const port = process.env.PORT;').to.match(GLOBAL_IO);
  });

  for (const file of files) {
    const name = file.slice(sourceFolder.length + 1);
    const text = readFileSync(file, 'utf8');

    it(`${name} imports nothing but valibot and domain files`, function () {
      expect(forbiddenImports(text)).to.deep.equal([]);
    });

    it(`${name} reaches for no I/O global`, function () {
      expect(text).not.to.match(GLOBAL_IO);
    });
  }
});
