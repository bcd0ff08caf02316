import { useApi } from '@backstage/frontend-plugin-api';
import { Alert, Flex, Text, TextAreaField, TextField } from '@backstage/ui';
import { PreviewResponse } from '@portsync/plugin-port-common';
import { useEffect, useState } from 'react';
import { parse } from 'yaml';
import { portApiRef } from '../api/PortApi';
import { errorMessage } from './errorMessage';
import { FieldErrorList } from './FieldErrorList';

/** Waits this long after the last keystroke before asking the backend for a preview. */
export const PREVIEW_DEBOUNCE_MS = 400;

/** A starting point to edit: a small mapping for components, in Port's mapping format. */
export const exampleMapping = `resources:
  - kind: component
    selector:
      query: 'true'
    port:
      entity:
        mappings:
          identifier: .metadata.identifier
          title: .metadata.title // .metadata.name
          blueprint: '"component"'
          properties:
            type: .spec.type
            lifecycle: .spec.lifecycle
`;

type Preview =
  | { kind: 'idle' }
  | { kind: 'ok'; response: PreviewResponse }
  | { kind: 'error'; message: string };

/**
 * Pick an entity, edit a mapping (YAML or JSON), and see what it produces: `/preview` with the
 * mapping in the body. An empty mapping previews the mapping in use.
 */
export function MappingPlayground() {
  const api = useApi(portApiRef);
  const [entityRef, setEntityRef] = useState('');
  const [mappingText, setMappingText] = useState(exampleMapping);
  const [preview, setPreview] = useState<Preview>({ kind: 'idle' });

  useEffect(() => {
    const ref = entityRef.trim();
    if (!ref) {
      setPreview({ kind: 'idle' });
      return undefined;
    }
    // A newer edit cancels the request of an older one, so answers cannot arrive out of order.
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      let mapping: unknown;
      try {
        mapping = mappingText.trim() ? parse(mappingText) : undefined;
      } catch (e) {
        setPreview({
          kind: 'error',
          message: `The mapping is not valid YAML: ${(e as Error).message}`,
        });
        return;
      }
      try {
        const response = await api.preview({
          entityRef: ref,
          mapping,
          signal: abort.signal,
        });
        if (!abort.signal.aborted) setPreview({ kind: 'ok', response });
      } catch (e) {
        if (!abort.signal.aborted)
          setPreview({ kind: 'error', message: errorMessage(e as Error) });
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [api, entityRef, mappingText]);

  return (
    <Flex direction="column" gap="3">
      <TextField
        label="Entity ref"
        placeholder="component:default/web-player"
        value={entityRef}
        onChange={setEntityRef}
      />
      <TextAreaField
        label="Mapping (YAML or JSON; empty: the mapping in use)"
        value={mappingText}
        onChange={setMappingText}
        rows={14}
        style={{ fontFamily: 'monospace' }}
      />
      {preview.kind === 'error' && (
        <Alert
          status="danger"
          title="Preview failed"
          description={preview.message}
        />
      )}
      {preview.kind === 'ok' && (
        <Flex direction="column" gap="2">
          <Text weight="bold">
            {preview.response.entities.length} Port entit
            {preview.response.entities.length === 1 ? 'y' : 'ies'}
            {preview.response.skipped
              ? ` (${preview.response.skipped} skipped: empty identifier or blueprint)`
              : ''}
          </Text>
          {preview.response.entities.map((e, i) => (
            <pre
              key={i}
              aria-label="Port entity"
              style={{ margin: 0, fontSize: 12 }}
            >
              {JSON.stringify(e, null, 2)}
            </pre>
          ))}
          <FieldErrorList errors={preview.response.errors} />
        </Flex>
      )}
    </Flex>
  );
}
