import { BackstageEntity } from '@portsync/mapping';
import { MASK, maskSecrets } from './maskSecrets';

function withAnnotations(
  annotations: Record<string, unknown>,
): BackstageEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: { owner: 'team-a' },
  };
}

const masked = (annotations: Record<string, unknown>) =>
  maskSecrets(withAnnotations(annotations)).metadata.annotations as Record<
    string,
    unknown
  >;

describe('maskSecrets', () => {
  it('masks the whole value of an annotation whose key names a credential', () => {
    expect(
      masked({
        'example.com/api-token': 'abc',
        'example.com/client-secret': 'def',
        'vault.io/db-password': 'ghi',
        'example.com/api_key': 'jkl',
        'example.com/oauth-config': 'mno',
      }),
    ).toEqual({
      'example.com/api-token': MASK,
      'example.com/client-secret': MASK,
      'vault.io/db-password': MASK,
      'example.com/api_key': MASK,
      'example.com/oauth-config': MASK,
    });
  });

  it('keeps identifiers whose key only looks close to a credential', () => {
    const annotations = {
      'sonarqube.org/project-key': 'acme:svc',
      'example.com/author': 'ada',
      'github.com/project-slug': 'acme/svc',
      'backstage.io/source-location': 'url:https://github.com/acme/svc',
    };
    expect(masked(annotations)).toEqual(annotations);
  });

  it('masks tokens and URL passwords inside other values, keeping the rest', () => {
    expect(
      masked({
        'example.com/db': 'postgres://svc:hunter2@db.internal:5432/app',
        'example.com/call':
          'curl -H "Authorization: Bearer abcdefghijklmnop0123"',
        'example.com/ci': 'uses ghp_0123456789abcdefghijABCDEFGHIJ here',
        'example.com/jwt': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
        'example.com/aws': 'AKIAABCDEFGHIJKLMNOP',
      }),
    ).toEqual({
      'example.com/db': `postgres://svc:${MASK}@db.internal:5432/app`,
      'example.com/call': `curl -H "Authorization: ${MASK}"`,
      'example.com/ci': `uses ${MASK} here`,
      'example.com/jwt': MASK,
      'example.com/aws': MASK,
    });
  });

  it('leaves the entity alone outside annotations and does not change its input', () => {
    const entity = withAnnotations({ 'example.com/api-token': 'abc' });
    const result = maskSecrets(entity);
    expect(result.spec).toBe(entity.spec);
    expect(result.metadata.name).toBe('svc');
    expect(
      (entity.metadata.annotations as Record<string, string>)[
        'example.com/api-token'
      ],
    ).toBe('abc');
  });

  it('returns an entity without annotations as it is', () => {
    const entity: BackstageEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-a' },
    };
    expect(maskSecrets(entity)).toBe(entity);
  });
});
