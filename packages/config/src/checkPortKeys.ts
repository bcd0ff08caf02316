import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Values are read and checked by `readPortConfig`; this schema only knows which keys exist. */
const value = z.unknown();

function keys<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .strict(`unknown key; expected one of ${Object.keys(shape).join(', ')}`)
    .optional();
}

/**
 * Every key of the `port` block. `port.mapping` holds Port's mapping format, whose keys the mapping package checks
 * (with line and column when it comes from a file); here only its value must be an object.
 */
const portBlock = z
  .object({
    baseUrl: value,
    appUrl: value,
    clientId: value,
    clientSecret: value,
    userAgent: value,
    integration: keys({ identifier: value, type: value }),
    initializePortResources: value,
    sendRawDataExamples: value,
    maxDeletionsPerRun: value,
    resync: keys({
      schedule: keys({
        frequency: value,
        timeout: value,
        initialDelay: value,
        scope: value,
      }),
    }),
    changeScan: keys({ frequency: value, timeout: value }),
    changes: keys({
      frequency: value,
      hintDelay: value,
      maxAttempts: value,
      retryDelay: value,
    }),
    client: keys({ timeout: value, concurrency: value, maxRetries: value }),
    // Port's format is open here; only portsync's own nested setting has its keys checked.
    mapping: z
      .object({ isolation: keys({ timeout: value, maxHeapMb: value }) })
      .passthrough()
      .optional(),
    resyncRequests: keys({ pollInterval: value }),
  })
  .strict(
    'unknown key; expected one of baseUrl, clientId, clientSecret, userAgent, integration, ' +
      'initializePortResources, sendRawDataExamples, maxDeletionsPerRun, resync, changeScan, changes, client, mapping, resyncRequests, appUrl',
  );

/**
 * Throws an `InputError` naming every unknown key under `port` by its full path (`port.changeScan.frequncy`), so
 * that a misspelt setting is not silently left at its default.
 */
export function checkPortKeys(block: unknown): void {
  const result = portBlock.safeParse(block);
  if (result.success) return;
  const problems = result.error.issues.flatMap(issue => {
    const at = ['port', ...issue.path].join('.');
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      return issue.keys.map(key => `${at}.${key}: ${issue.message}`);
    }
    return [`${at}: expected an object`];
  });
  throw new InputError(problems.join('; '));
}
