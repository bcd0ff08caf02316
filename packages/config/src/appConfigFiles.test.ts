import { createMockDirectory } from '@backstage/backend-test-utils';
import { appConfigFiles } from './appConfigFiles';

describe('appConfigFiles', () => {
  const dir = createMockDirectory({
    content: {
      'app-config.yaml': 'app: {}\n',
      'app-config.local.yaml': 'app: {}\n',
      'packages/backend/package.json': '{}',
    },
  });

  it('takes every --config argument, resolved against the working directory', () => {
    expect(
      appConfigFiles(
        ['node', 'index', '--config', 'a.yaml', '--config=/etc/b.yaml'],
        dir.path,
      ),
    ).toEqual([dir.resolve('a.yaml'), '/etc/b.yaml']);
  });

  it('finds the nearest app-config.yaml up from the working directory, with its local file', () => {
    expect(
      appConfigFiles(['node', 'index'], dir.resolve('packages/backend')),
    ).toEqual([
      dir.resolve('app-config.yaml'),
      dir.resolve('app-config.local.yaml'),
    ]);
  });
});
