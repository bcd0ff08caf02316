import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { portApiRef } from '../api/PortApi';
import { fakePortApi } from '../__testUtils__/fakePortApi';
import { MappingPlayground } from './MappingPlayground';

async function renderPlayground(api: ReturnType<typeof fakePortApi>) {
  await renderInTestApp(<MappingPlayground />, { apis: [[portApiRef, api]] });
}

describe('MappingPlayground', () => {
  it('previews the edited mapping for the chosen entity and shows its field errors', async () => {
    const api = fakePortApi();
    api.preview.mockResolvedValue({
      entityRef: 'component:default/web-player',
      entities: [
        {
          blueprint: 'component',
          identifier: 'component:default/web-player',
          properties: {},
          relations: {},
          resourceIndex: 0,
        },
      ],
      errors: [
        {
          resourceIndex: 0,
          kind: 'component',
          field: 'properties.lifecycle',
          expression: '.spec.lifecycle | tonumber',
          message: 'Cannot be parsed as a number',
        },
      ],
      skipped: 0,
    });
    await renderPlayground(api);

    fireEvent.change(screen.getByLabelText(/Mapping/), {
      target: {
        value:
          'resources:\n  - kind: component\n    port: { entity: { mappings: { identifier: .metadata.name } } }\n',
      },
    });
    fireEvent.change(screen.getByLabelText('Entity ref'), {
      target: { value: 'component:default/web-player' },
    });

    expect(await screen.findByText('Field errors')).toBeInTheDocument();
    expect(screen.getByText('.spec.lifecycle | tonumber')).toBeInTheDocument();
    expect(screen.getByText('1 Port entity')).toBeInTheDocument();
    // Debounced: one request for the settled input, with the mapping parsed from YAML.
    expect(api.preview).toHaveBeenCalledTimes(1);
    expect(api.preview).toHaveBeenCalledWith({
      signal: expect.any(AbortSignal),
      entityRef: 'component:default/web-player',
      mapping: {
        resources: [
          {
            kind: 'component',
            port: { entity: { mappings: { identifier: '.metadata.name' } } },
          },
        ],
      },
    });
  });

  it('reports a mapping that is not YAML without asking the backend', async () => {
    const api = fakePortApi();
    await renderPlayground(api);

    fireEvent.change(screen.getByLabelText(/Mapping/), {
      target: { value: 'resources: [' },
    });
    fireEvent.change(screen.getByLabelText('Entity ref'), {
      target: { value: 'component:default/web-player' },
    });

    expect(
      await screen.findByText(/The mapping is not valid YAML/),
    ).toBeInTheDocument();
    expect(api.preview).not.toHaveBeenCalled();
  });

  it("shows the backend's error for a preview it refuses", async () => {
    const api = fakePortApi();
    api.preview.mockRejectedValue(
      new Error('Invalid mapping: resources.0.kind: Required'),
    );
    await renderPlayground(api);

    fireEvent.change(screen.getByLabelText('Entity ref'), {
      target: { value: 'component:default/web-player' },
    });

    await waitFor(() =>
      expect(
        screen.getByText('Invalid mapping: resources.0.kind: Required'),
      ).toBeInTheDocument(),
    );
  });
});
