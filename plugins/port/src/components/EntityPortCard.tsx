import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Alert,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Link,
  Text,
} from '@backstage/ui';
import { EntitySyncState } from '@portsync/plugin-port-common';
import { portApiRef } from '../api/PortApi';
import { errorMessage } from './errorMessage';
import { FieldErrorList } from './FieldErrorList';
import { useAsync } from './useAsync';

const stateLabels: Record<EntitySyncState['state'], string> = {
  'not-mapped': 'Not mapped',
  queued: 'Waiting in the queue',
  pushed: 'Pushed',
  failed: 'Failed',
  parked: 'Parked',
  'port-unreachable': 'Port unreachable',
};

function StateSummary({ state }: { state: EntitySyncState }) {
  const pushed = state.lastPushedAt
    ? ` Last pushed ${new Date(state.lastPushedAt).toLocaleString()}.`
    : '';
  switch (state.state) {
    case 'not-mapped':
      return (
        <Alert
          status="info"
          title={stateLabels['not-mapped']}
          description="The mapping produces no Port entity for this entity (no resource for its kind, or its selector is false)."
        />
      );
    case 'queued':
      return (
        <Alert
          status="info"
          title={stateLabels.queued}
          description={
            state.attempts
              ? `${state.attempts} failed attempt(s); last error: ${state.lastError}.${pushed}`
              : `portsync pushes it shortly.${pushed}`
          }
        />
      );
    case 'pushed':
      return (
        <Alert
          status="success"
          title={stateLabels.pushed}
          description={`Port accepted every entity below.${pushed}`}
        />
      );
    case 'failed':
    case 'parked':
      return (
        <Alert
          status="danger"
          title={stateLabels[state.state]}
          description={`${state.lastError ?? 'No error recorded'}${
            state.state === 'parked'
              ? ' — portsync stopped retrying; it pushes again at the next change of the entity or a retry from the Port admin page.'
              : ' — portsync retries it with backoff.'
          }${pushed}`}
        />
      );
    case 'port-unreachable':
      return (
        <Alert
          status="warning"
          title={stateLabels['port-unreachable']}
          description={`${
            state.port.lastError ?? 'portsync cannot reach Port'
          }.${pushed}`}
        />
      );
    default:
      return null;
  }
}

/** What portsync knows of one entity: its state, the Port entities it produces, its field errors. */
export function EntityPortState({ state }: { state: EntitySyncState }) {
  return (
    <Flex direction="column" gap="3">
      <StateSummary state={state} />
      {state.portEntities.length > 0 && (
        <Flex direction="column" gap="1">
          <Text variant="body-medium" weight="bold">
            In Port
          </Text>
          <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
            {state.portEntities.map(e => (
              <li key={`${e.blueprint}/${e.identifier}`}>
                <Text variant="body-medium">
                  {e.blueprint} <code>{e.identifier}</code>
                  {e.title ? ` (${e.title})` : ''} —{' '}
                </Text>
                <Link href={e.url} target="_blank" rel="noopener">
                  Open in Port
                </Link>
              </li>
            ))}
          </ul>
        </Flex>
      )}
      <FieldErrorList errors={state.fieldErrors} />
    </Flex>
  );
}

/** The "Port" card (and tab) of an entity page. */
export function EntityPortCard() {
  const { entity } = useEntity();
  const api = useApi(portApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, error, loading } = useAsync(
    () => api.getEntityState(entityRef),
    [api, entityRef],
  );
  return (
    <Card>
      <CardHeader>
        <Text as="h3" variant="title-small">
          Port
        </Text>
      </CardHeader>
      <CardBody>
        {error && (
          <Alert
            status="danger"
            title="Could not load portsync's state"
            description={errorMessage(error)}
          />
        )}
        {!error && loading && !value && <Text>Loading…</Text>}
        {value && <EntityPortState state={value} />}
      </CardBody>
    </Card>
  );
}
