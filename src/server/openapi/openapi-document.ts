import { z } from 'zod';
import { apiErrorSchema } from '../../core/api/errors.ts';
import { endpoints } from './endpoint-catalogue.ts';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** Query parameters from an object schema's properties. */
function queryParameters(schema: z.ZodType) {
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the server validates with. */
export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponse = {
    description: 'Error',
    content: { 'application/json': { schema: jsonSchema(apiErrorSchema, 'output') } },
  };
  for (const e of endpoints) {
    const pathParameters = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    paths[e.path] ??= {};
    paths[e.path]![e.method] = {
      summary: e.summary,
      tags: [e.tag],
      ...(e.public ? { security: [] } : {}),
      parameters: [...pathParameters, ...(e.query ? queryParameters(e.query) : [])],
      ...(e.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(e.body, 'input') } },
            },
          }
        : {}),
      responses: {
        '200': e.stream
          ? {
              description: 'Server-Sent Events; the schema is the data of the main event',
              content: {
                'text/event-stream': { schema: e.response ? jsonSchema(e.response, 'output') : {} },
              },
            }
          : e.file
            ? {
                description: 'The file',
                content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
              }
            : {
                description: 'OK',
                content: {
                  'application/json': { schema: e.response ? jsonSchema(e.response, 'output') : {} },
                },
              },
        '4XX': errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jalon API',
      version,
      description:
        'Plans d’action qualité. Authentification : cookie de session (+ en-tête x-csrf-token sur les écritures) ou `Authorization: Bearer <jeton personnel>`. Toute modification nomme la révision lue ; une révision périmée reçoit 409 avec l’état courant.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'jalon_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
