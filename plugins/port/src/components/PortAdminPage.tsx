import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Container,
  Flex,
  Text,
} from '@backstage/ui';
import {
  portSyncManagePermission,
  PortRun,
} from '@portsync/plugin-port-common';
import { useState } from 'react';
import { portApiRef } from '../api/PortApi';
import { errorMessage } from './errorMessage';
import { MappingPlayground } from './MappingPlayground';
import { useAsync } from './useAsync';

/** How often the page reloads the status, so that a started resync shows up as it runs. */
const STATUS_POLL_MS = 3000;

function duration(run: PortRun): string {
  const ms =
    run.timings.total ??
    (run.finishedAt
      ? Date.parse(run.finishedAt) - Date.parse(run.startedAt)
      : undefined);
  return ms === undefined ? 'running' : `${(ms / 1000).toFixed(1)} s`;
}

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-small">
          {props.title}
        </Text>
      </CardHeader>
      <CardBody>{props.children}</CardBody>
    </Card>
  );
}

/** The columns of the runs table: title and value. */
const runColumns: Array<[string, (run: PortRun) => string | number]> = [
  ['Run', run => run.id],
  ['Type', run => run.type],
  ['Status', run => run.status],
  ['Started', run => new Date(run.startedAt).toLocaleString()],
  ['Duration', duration],
  ['Upserted', run => run.counts.upserted],
  ['Unchanged', run => run.counts.unchanged],
  ['Deleted', run => run.counts.deleted],
  ['Failed', run => run.counts.failed],
];

const cell = { padding: '4px 12px 4px 0', textAlign: 'left' } as const;

function PortAdminContent() {
  const api = useApi(portApiRef);
  const status = useAsync(() => api.getStatus(), [api], STATUS_POLL_MS);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const act = async (what: () => Promise<string>) => {
    try {
      setMessage({ ok: true, text: await what() });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e as Error) });
    }
    status.reload();
  };
  const resync = (force: boolean) =>
    act(async () => {
      const { runId } = await api.resync({ force });
      return `${force ? 'Forced resync' : 'Resync'} started: run ${runId}`;
    });
  const retry = (ref: string) =>
    act(async () => {
      const { requeued } = await api.retryEntity(ref);
      return `${ref}: ${requeued} change(s) queued again`;
    });

  const s = status.value;
  return (
    <Flex direction="column" gap="4">
      <Flex gap="2" align="center">
        <Button onPress={() => resync(false)}>Resync now</Button>
        <Button variant="secondary" onPress={() => resync(true)}>
          Force resync
        </Button>
      </Flex>
      {message && (
        <Alert
          status={message.ok ? 'success' : 'danger'}
          title={message.text}
        />
      )}
      {status.error && (
        <Alert
          status="danger"
          title="Could not load portsync's status"
          description={errorMessage(status.error)}
        />
      )}
      {s && (
        <>
          <Section title="Port">
            <Flex direction="column" gap="1">
              <Text>
                Connectivity:{' '}
                <strong>
                  {s.port.connected ? 'connected' : 'not connected'}
                </strong>
                {s.port.lastError ? ` — ${s.port.lastError}` : ''}
              </Text>
              <Text>
                Mapping source: <strong>{s.mapping.source}</strong> (kinds:{' '}
                {s.mapping.kinds.join(', ') || 'none'})
                {s.mapping.lastError ? ` — ${s.mapping.lastError}` : ''}
              </Text>
              <Text>
                Queue depth: <strong>{s.queue.depth}</strong> ({s.queue.due}{' '}
                due, {s.queue.parked} parked)
              </Text>
            </Flex>
          </Section>
          <Section title="Recent runs">
            <table
              aria-label="Recent runs"
              style={{ borderCollapse: 'collapse' }}
            >
              <thead>
                <tr>
                  {runColumns.map(([title]) => (
                    <th key={title} style={cell}>
                      <Text weight="bold">{title}</Text>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.runs.map(run => (
                  <tr key={run.id} data-testid="port-run">
                    {runColumns.map(([title, value]) => (
                      <td key={title} style={cell}>
                        <Text>{value(run)}</Text>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {s.runs.length === 0 && <Text>No run yet.</Text>}
          </Section>
          <Section title="Parked failures">
            {s.parked.length === 0 ? (
              <Text>None.</Text>
            ) : (
              <Flex direction="column" gap="2">
                {s.parked.map(item => (
                  <Flex key={item.ref} gap="2" align="center">
                    <Text>
                      <code>{item.ref}</code> ({item.op}, {item.attempts}{' '}
                      attempts): {item.lastError ?? 'no error recorded'}
                    </Text>
                    <Button size="small" onPress={() => retry(item.ref)}>
                      Retry
                    </Button>
                  </Flex>
                ))}
              </Flex>
            )}
          </Section>
        </>
      )}
      <Section title="Mapping playground">
        <MappingPlayground />
      </Section>
    </Flex>
  );
}

/** The admin page at `/port`: only with the `port.sync.manage` permission. */
export function PortAdminPage() {
  const { loading, allowed } = usePermission({
    permission: portSyncManagePermission,
  });
  return (
    <Container>
      <Flex
        direction="column"
        gap="4"
        style={{ paddingTop: 24, paddingBottom: 24 }}
      >
        <Text as="h1" variant="title-large">
          Port sync
        </Text>
        {loading && <Text>Checking your permissions…</Text>}
        {!loading && !allowed && (
          <Alert
            status="warning"
            title="Not allowed"
            description="This page needs the port.sync.manage permission."
          />
        )}
        {!loading && allowed && <PortAdminContent />}
      </Flex>
    </Container>
  );
}
