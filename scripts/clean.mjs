// A stale dist/ keeps compiled tests of deleted sources running, so every test run starts from nothing.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const projects = ['packages', 'examples'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name)),
);
for (const project of [...projects, join(root, 'bench')]) {
  rmSync(join(project, 'dist'), { recursive: true, force: true });
}
