import { PortApiError } from './PortApiError';
import { PortRequest, RequestSender } from './RequestSender';
import { planBatches } from './planBatches';
import { BulkUpsertResult, PortEntity, UpsertOptions } from './types';
import { wireEntity } from './wireEntity';

interface BulkUpsertResponse {
  entities?: Array<{ identifier: string; index: number; created?: boolean }>;
  errors?: Array<{
    identifier: string;
    index: number;
    statusCode: number;
    error: string;
    message?: string;
  }>;
}

/** One call's entities, their serialised texts and the results being filled in. */
interface Upload {
  path: string;
  entities: PortEntity[];
  texts: string[];
  options: UpsertOptions;
  results: BulkUpsertResult[];
}

/**
 * The bulk upsert behind `PortClient.upsertEntities`: plans bodies of at most `maxEntities`
 * and `maxBytes`, sends them concurrently through the sender's limits, halves a body that
 * Port rejects with 413, and maps every answer back to the input by index.
 */
export async function upsertInBatches(
  sender: RequestSender,
  limits: { maxEntities: number; maxBytes: number },
  blueprint: string,
  entities: PortEntity[],
  options: UpsertOptions,
): Promise<BulkUpsertResult[]> {
  // Serialised once: the sizes plan the batches and the texts make up the bodies.
  const texts = entities.map(entity => JSON.stringify(wireEntity(entity)));
  const sizes = texts.map(text => Buffer.byteLength(text));
  const upload: Upload = {
    path: `/v1/blueprints/${encodeURIComponent(blueprint)}/entities/bulk`,
    entities,
    texts,
    options,
    results: new Array(entities.length),
  };
  const plan = planBatches(sizes, limits.maxEntities, limits.maxBytes);
  for (const index of plan.tooLarge) {
    upload.results[index] = {
      ok: false,
      identifier: identifierOf(entities[index]),
      status: 413,
      error: 'entity_too_large',
      message: `the entity serialises to ${sizes[index]} bytes; a request body may have at most ${limits.maxBytes}`,
    };
  }
  await Promise.all(
    plan.batches.map(batch => sendBatch(sender, upload, batch)),
  );
  return upload.results;
}

async function sendBatch(
  sender: RequestSender,
  upload: Upload,
  indexes: number[],
): Promise<void> {
  const { entities, results } = upload;
  let response;
  try {
    response = await sender.request<BulkUpsertResponse>({
      method: 'POST',
      path: upload.path,
      query: upsertQuery(upload.options),
      bodyText: `{"entities":[${indexes
        .map(index => upload.texts[index])
        .join(',')}]}`,
      idempotent: true,
      entityWrite: true,
      signal: upload.options.signal,
    });
  } catch (error) {
    if (!(error instanceof PortApiError)) throw error;
    if (error.kind === 'too-large' && indexes.length > 1) {
      const middle = Math.ceil(indexes.length / 2);
      await Promise.all([
        sendBatch(sender, upload, indexes.slice(0, middle)),
        sendBatch(sender, upload, indexes.slice(middle)),
      ]);
      return;
    }
    // Port validates the whole body against its schema, so one malformed
    // entity fails the request with 422: the others are sent again one by one
    // and only the bad one fails, with Port's message.
    if (error.status === 422 && indexes.length > 1) {
      await Promise.all(
        indexes.map(index => sendBatch(sender, upload, [index])),
      );
      return;
    }
    for (const index of indexes) {
      results[index] = {
        ok: false,
        identifier: identifierOf(entities[index]),
        status: error.status,
        error: error.code ?? error.kind,
        // Port's words for an entity it refused, as a 207 item carries them.
        message: error.status === 422 ? error.reason : error.message,
      };
    }
    return;
  }

  // Port reports each entity by its position in the request (port-api-notes §1.3).
  for (const item of response.body.entities ?? []) {
    const index = indexes[item.index];
    if (index === undefined) continue;
    results[index] = {
      ok: true,
      identifier: item.identifier,
      created: item.created === true,
    };
  }
  for (const item of response.body.errors ?? []) {
    const index = indexes[item.index];
    if (index === undefined) continue;
    results[index] = {
      ok: false,
      identifier: item.identifier,
      status: item.statusCode,
      error: item.error,
      message: sender.redact(item.message ?? ''),
    };
  }
  for (const index of indexes) {
    results[index] ??= {
      ok: false,
      identifier: identifierOf(entities[index]),
      status: response.status,
      error: 'missing_result',
      message: 'Port returned neither a result nor an error for this entity',
    };
  }
}

/** Query flags of the single and bulk upsert routes, as Ocean sends them (port-api-notes §1.3). */
export function upsertQuery(options: UpsertOptions): PortRequest['query'] {
  return {
    upsert: true,
    merge: options.merge ?? false,
    validation_only: options.validationOnly ?? false,
    create_missing_related_entities:
      options.createMissingRelatedEntities ?? false,
    run_id: options.runId,
  };
}

function identifierOf(entity: PortEntity): string {
  return typeof entity.identifier === 'string'
    ? entity.identifier
    : JSON.stringify(entity.identifier);
}
