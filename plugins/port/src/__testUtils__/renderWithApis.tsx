import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';

/**
 * `renderInTestApp` with a fresh cache for `usePermission`: it caches decisions in SWR's
 * global cache, which would carry one test's decision into the next.
 */
export function renderWithApis(
  element: ReactElement,
  apis: Parameters<typeof renderInTestApp>[1] extends infer O
    ? O extends { apis?: infer A }
      ? A
      : never
    : never,
) {
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>,
    { apis },
  );
}
