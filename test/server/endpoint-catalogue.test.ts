import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../src/server/openapi/endpoint-catalogue.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const webDist = path.resolve('web/dist');

/**
 * Every "METHOD /path" fastify registered, from `printRoutes` (a tree: each line is a path
 * fragment under its parent, four characters of drawing per level, methods in parentheses).
 */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)(?:[├└]── )(.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = [...match[1]!].length / 4;
    const fullPath = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = fullPath;
    stack.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${fullPath}`);
    }
  }
  return routes;
}

/** The web app's own files and its index page: served as they are, not part of the API. */
function isWebAppRoute(route: string): boolean {
  const routePath = route.split(' ')[1]!;
  if (routePath === '/') return true;
  const file = path.join(webDist, routePath);
  return file.startsWith(webDist) && existsSync(file) && statSync(file).isFile();
}

describe('the OpenAPI endpoint catalogue', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists exactly the routes the server registers, both ways', () => {
    const registered = registeredRoutes(server.app.printRoutes({ commonPrefix: false }))
      .filter((r) => !isWebAppRoute(r))
      .sort();
    const catalogued = endpoints
      .map((e) => `${e.method.toUpperCase()} ${e.path.replace(/\{(\w+)\}/g, ':$1')}`)
      .sort();
    // Sanity check of the tree parser on a route nested three levels deep.
    expect(registered).toContain('POST /api/v1/plans/:planId/versions/:versionId/publication');
    expect(registered.filter((r) => !catalogued.includes(r))).toEqual([]);
    expect(catalogued.filter((r) => !registered.includes(r))).toEqual([]);
    expect(new Set(catalogued).size).toBe(catalogued.length);
  });
});
