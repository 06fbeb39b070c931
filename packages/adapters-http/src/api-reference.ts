import type Router from '@koa/router';
import type { Context } from 'koa';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocument } from './openapi-document.js';
import { nameRoute } from './serving-state.js';

/** The files of swagger-ui-dist the page loads, each served from the installed package under `/docs/`. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const swaggerUiDirectory = (): string => dirname(fileURLToPath(import.meta.resolve('swagger-ui-dist/package.json')));

/**
 * The API's reference: `GET /openapi.json`, the document, and `GET /docs`, Swagger UI over it, every
 * file from the installed swagger-ui-dist package and nothing from another host: the validator
 * badge, which would send the document to validator.swagger.io, is off. Assets are read once, when
 * first asked for.
 */
export function addApiReference(router: Router, prefix: string, document: OpenApiDocument): void {
  const loaded = new Map<string, Promise<Buffer>>();
  const asset = (name: string): Promise<Buffer> => {
    let content = loaded.get(name);
    if (content === undefined) {
      content = readFile(join(swaggerUiDirectory(), name));
      // A failed read is tried again on the next request rather than remembered.
      content.catch(() => loaded.delete(name));
      loaded.set(name, content);
    }
    return content;
  };
  const page = referencePage(prefix);
  const initializer = initializerScript(prefix);

  router.get('/openapi.json', nameRoute, (ctx) => {
    ctx.body = document;
  });
  router.get('/docs', nameRoute, (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = page;
  });
  router.get('/docs/swagger-initializer.js', nameRoute, (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.body = initializer;
  });
  router.get('/docs/:asset', nameRoute, async (ctx: Context, next) => {
    const name = (ctx.params as { asset: string }).asset;
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (type === undefined) {
      await next();
      return;
    }
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = await asset(name);
  });
}

function referencePage(prefix: string): string {
  const at = (file: string): string => `${prefix}/docs/${file}`;
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>outbound API reference</title>
    <link rel="stylesheet" type="text/css" href="${at('swagger-ui.css')}" />
    <link rel="stylesheet" type="text/css" href="${at('index.css')}" />
    <link rel="icon" type="image/png" href="${at('favicon-32x32.png')}" sizes="32x32" />
    <link rel="icon" type="image/png" href="${at('favicon-16x16.png')}" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${at('swagger-ui-bundle.js')}" charset="UTF-8"></script>
    <script src="${at('swagger-initializer.js')}" charset="UTF-8"></script>
  </body>
</html>
`;
}

function initializerScript(prefix: string): string {
  const options = { dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null };
  // The document lists, for proxies and generated clients, the 405 and OPTIONS answers of every
  // method a path does not serve (tag "methods"); the page lists the operations a person calls.
  // Swagger UI also stops rendering its list part-way through a document of that many operations.
  return `window.onload = async function () {
  const answer = await fetch(${JSON.stringify(`${prefix}/openapi.json`)});
  const document = await answer.json();
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if ((operation.tags || []).includes('methods')) delete item[method];
    }
  }
  window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(options)}, {
    spec: document,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  }));
};
`;
}
