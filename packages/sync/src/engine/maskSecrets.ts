import { BackstageEntity } from '@portsync/mapping';

/** What a masked value becomes: the key stays visible so the mapping can still be written against it. */
export const MASK = '********';

/**
 * An annotation whose key names a credential. Matched on the last path
 * segment so `example.com/api-token` is caught while `sonarqube.org/project-key`
 * (an identifier, not a secret) and `author` are not.
 */
const SECRET_KEY =
  /(token|secret|passw(or)?d|pwd|credential|api[-_]?key|access[-_]?key|private[-_]?key|client[-_]?key|auth(?!or)|cookie|session)/i;

/**
 * Token shapes found inside otherwise harmless values (a URL, a command line).
 * Each is replaced where it occurs; the rest of the value is kept.
 */
const SECRET_VALUES: RegExp[] = [
  // JSON Web Tokens.
  /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g,
  // An Authorization header value.
  /\bBearer\s+[\w\-.~+/]{16,}=*/gi,
  // Prefixed tokens: GitHub, GitLab, Slack, AWS access key ids, npm.
  /\b(gh[pousr]_\w{20,}|github_pat_\w{20,}|glpat-[\w-]{20,}|xox[abprs]-[\w-]{10,}|AKIA[0-9A-Z]{16}|npm_\w{30,})/g,
];

/** The password of `scheme://user:password@host`. */
const URL_PASSWORD = /(\b[a-z][\w+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)@/gi;

function maskValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lastSegment = key.slice(key.lastIndexOf('/') + 1);
  if (SECRET_KEY.test(lastSegment)) return MASK;
  let masked = value.replace(URL_PASSWORD, `$1${MASK}@`);
  for (const pattern of SECRET_VALUES) masked = masked.replace(pattern, MASK);
  return masked;
}

/**
 * A copy of the entity with credentials in `metadata.annotations` masked,
 * for raw examples sent to Port: annotations are where Backstage entities
 * carry integration settings, and Port stores and shows examples to everyone
 * who can open the data-sources page.
 */
export function maskSecrets(entity: BackstageEntity): BackstageEntity {
  const annotations = entity.metadata?.annotations;
  if (!annotations || typeof annotations !== 'object') return entity;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: Object.fromEntries(
        Object.entries(annotations as Record<string, unknown>).map(
          ([key, value]) => [key, maskValue(key, value)],
        ),
      ),
    },
  };
}
