import { PortBlueprint, PortEntity } from '../types';

/** The outcome of pushing to a Port API: every per-entity error of every bulk call, and the entities it created. */
export interface PushReport {
  errors: Array<{ blueprint: string; identifier: string; message: string }>;
  upserted: number;
}

/**
 * Creates `blueprints` on the Port API at `baseUrl` (bare first, then with relations, as Ocean does, because
 * blueprints point at each other) and bulk-upserts `entities` per blueprint in batches of 20, the API's limit, with
 * the query parameters Ocean sends for the default mapping's flags.
 */
export async function pushToSandbox(
  sandbox: { url: string; clientId: string; clientSecret: string },
  blueprints: PortBlueprint[],
  entities: PortEntity[],
): Promise<PushReport> {
  const api = `${sandbox.url}/v1`;
  const tokenResponse = await call(`${api}/auth/access_token`, 'POST', {
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
  });
  const headers = {
    Authorization: `${tokenResponse.tokenType} ${tokenResponse.accessToken}`,
  };
  for (const blueprint of blueprints) {
    await call(
      `${api}/blueprints`,
      'POST',
      { ...blueprint, relations: {} },
      headers,
    );
  }
  for (const blueprint of blueprints) {
    await call(
      `${api}/blueprints/${blueprint.identifier}`,
      'PATCH',
      { relations: blueprint.relations },
      headers,
    );
  }

  const report: PushReport = { errors: [], upserted: 0 };
  const query =
    'upsert=true&merge=true&create_missing_related_entities=true&validation_only=false';
  for (const blueprint of blueprints) {
    const own = entities
      .filter(e => e.blueprint === blueprint.identifier)
      .map(({ resourceIndex: _r, ...body }) => body);
    for (let i = 0; i < own.length; i += 20) {
      const batch = own.slice(i, i + 20);
      const body = await call(
        `${api}/blueprints/${blueprint.identifier}/entities/bulk?${query}`,
        'POST',
        { entities: batch },
        headers,
        [200, 207],
      );
      report.upserted += (body.entities as unknown[]).length;
      for (const error of body.errors as Array<{
        identifier: string;
        message: string;
      }>) {
        report.errors.push({ blueprint: blueprint.identifier, ...error });
      }
    }
  }
  return report;
}

async function call(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
  ok: number[] = [200, 201],
): Promise<Record<string, any>> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!ok.includes(response.status)) {
    throw new Error(
      `${method} ${new URL(url).pathname} → ${response.status}: ${text}`,
    );
  }
  return JSON.parse(text);
}
