import { SandboxState } from '../sandbox/SandboxState';
import {
  BlueprintRecord,
  EntityRecord,
  IntegrationRecord,
  relationTargets,
} from '../store/records';
import { SafeHtml, html, page } from './html';

/** Rows shown per list; the count says when more exist. */
const PAGE_ROWS = 500;

function entityHref(blueprint: string, identifier: string): string {
  return `/blueprints/${encodeURIComponent(
    blueprint,
  )}/entities/${encodeURIComponent(identifier)}`;
}

function json(value: unknown): SafeHtml {
  return html`<pre>${JSON.stringify(value, null, 2)}</pre>`;
}

export function homePage(state: SandboxState): string {
  const blueprints = state.store.listBlueprints();
  const integrations = state.store.listIntegrations();
  return page(
    'Blueprints',
    html`
      <p class="muted">
        ${state.store.totalEntities()} entities in ${blueprints.length}
        blueprints · ${state.requestLog.list().length} requests logged
      </p>
      <table id="blueprints">
        <tr>
          <th>Blueprint</th>
          <th>Title</th>
          <th>Entities</th>
          <th>Relations</th>
        </tr>
        ${blueprints.map(
          blueprint => html`<tr>
            <td>
              <a href="/blueprints/${encodeURIComponent(blueprint.identifier)}"
                >${blueprint.identifier}</a
              >
            </td>
            <td>${blueprint.title}</td>
            <td class="count">
              ${state.store.countEntities(blueprint.identifier)}
            </td>
            <td>
              ${Object.entries(blueprint.relations)
                .map(
                  ([name, relation]) =>
                    `${name} → ${relation.target}${
                      relation.many ? ' (many)' : ''
                    }`,
                )
                .join(', ')}
            </td>
          </tr>`,
        )}
      </table>
      <h2>Integrations</h2>
      ${integrations.length === 0
        ? html`<p class="muted">No integration registered.</p>`
        : html`<table id="integrations">
            <tr>
              <th>Integration</th>
              <th>Type</th>
              <th>Version</th>
              <th>Resync state</th>
              <th>Last start</th>
              <th>Last end</th>
              <th>Next</th>
              <th>Resync requested</th>
            </tr>
            ${integrations.map(
              integration => html`<tr>
                <td>
                  <a
                    href="/integrations/${encodeURIComponent(
                      integration.identifier,
                    )}"
                    >${integration.identifier}</a
                  >
                </td>
                <td>${integration.installationAppType}</td>
                <td>${integration.version}</td>
                <td class="resync-status">
                  ${integration.resyncState?.status ?? 'none'}
                </td>
                <td>${integration.resyncState?.lastResyncStart}</td>
                <td>${integration.resyncState?.lastResyncEnd}</td>
                <td>${integration.resyncState?.nextResync}</td>
                <td>${integration.resyncRequest?.updatedAt}</td>
              </tr>`,
            )}
          </table>`}
    `,
  );
}

export function blueprintPage(
  state: SandboxState,
  blueprint: BlueprintRecord,
  query: string,
): string {
  const needle = query.toLowerCase();
  const matches: EntityRecord[] = [];
  let total = 0;
  for (const entity of state.store.entitiesOf(blueprint.identifier)) {
    const hit =
      needle === '' ||
      entity.identifier.toLowerCase().includes(needle) ||
      (entity.title ?? '').toLowerCase().includes(needle);
    if (!hit) continue;
    total += 1;
    if (matches.length < PAGE_ROWS) matches.push(entity);
  }
  return page(
    `Blueprint ${blueprint.identifier}`,
    html`
      <form
        method="get"
        action="/blueprints/${encodeURIComponent(blueprint.identifier)}"
      >
        <input
          type="search"
          name="q"
          value="${query}"
          placeholder="identifier or title"
          aria-label="Search entities"
        />
        <button type="submit">Search</button>
      </form>
      <p class="muted" id="entity-count">
        ${total} matching
        entities${total > matches.length
          ? `, first ${matches.length} shown`
          : ''}
      </p>
      <table id="entities">
        <tr>
          <th>Identifier</th>
          <th>Title</th>
          <th>Updated</th>
          <th>Datasource</th>
        </tr>
        ${matches.map(
          entity => html`<tr>
            <td>
              <a href="${entityHref(entity.blueprint, entity.identifier)}"
                >${entity.identifier}</a
              >
            </td>
            <td>${entity.title}</td>
            <td>${entity.updatedAt}</td>
            <td class="muted">${entity.datasource}</td>
          </tr>`,
        )}
      </table>
      <h2>Definition</h2>
      ${json(blueprint)}
    `,
  );
}

export function entityPage(
  state: SandboxState,
  entity: EntityRecord,
  entityJson: Record<string, unknown>,
): string {
  const definitions =
    state.store.findBlueprint(entity.blueprint)?.relations ?? {};
  const incoming = state.store.sourcesOf(entity.blueprint, entity.identifier);
  return page(
    `${entity.blueprint} / ${entity.identifier}`,
    html`
      <p class="muted">
        $datasource: ${entity.datasource || '(no User-Agent)'}
      </p>
      <h2>Relations</h2>
      <table id="relations">
        <tr>
          <th>Relation</th>
          <th>Targets</th>
        </tr>
        ${Object.entries(entity.relations).map(([name, value]) => {
          const target = definitions[name]?.target ?? '';
          return html`<tr>
            <td>${name}</td>
            <td>
              ${relationTargets(value).map(
                identifier =>
                  html`<a href="${entityHref(target, identifier)}"
                    >${identifier}</a
                  > `,
              )}
            </td>
          </tr>`;
        })}
      </table>
      <h2>Related from</h2>
      <ul id="incoming">
        ${incoming.map(
          source =>
            html`<li>
              <a href="${entityHref(source.blueprint, source.identifier)}"
                >${source.blueprint} / ${source.identifier}</a
              >
            </li>`,
        )}
      </ul>
      <h2>JSON</h2>
      ${json(entityJson)}
    `,
  );
}

export function integrationPage(
  integration: IntegrationRecord,
  error?: string,
): string {
  return page(
    `Integration ${integration.identifier}`,
    html`
      ${error ? html`<p class="status-err" id="error">${error}</p>` : ''}
      <h2>Resync state</h2>
      ${json(integration.resyncState ?? null)}
      <h2>Last resync request</h2>
      ${json(integration.resyncRequest ?? null)}
      <form
        method="post"
        action="/integrations/${encodeURIComponent(
          integration.identifier,
        )}/resync"
      >
        <button type="submit" id="request-resync">Request a resync</button>
      </form>
      <h2>Config (mapping)</h2>
      <form
        method="post"
        action="/integrations/${encodeURIComponent(
          integration.identifier,
        )}/config"
      >
        <textarea name="config" rows="16" cols="100" aria-label="Config JSON">
${JSON.stringify(integration.config, null, 2)}</textarea
        >
        <p>
          <label
            ><input type="checkbox" name="resync" value="true" checked /> resync
            after saving</label
          >
          <button type="submit" id="save-config">Save config</button>
        </p>
      </form>
      <h2>Raw examples (${integration.examples.length})</h2>
      <table id="examples">
        <tr>
          <th>Kind</th>
          <th>Received</th>
          <th>Example</th>
        </tr>
        ${integration.examples
          .slice(-50)
          .reverse()
          .map(
            example =>
              html`<tr>
                <td>${example.kind}</td>
                <td>${example.receivedAt}</td>
                <td><pre>${JSON.stringify(example.example, null, 2)}</pre></td>
              </tr>`,
          )}
      </table>
    `,
  );
}

export function requestsPage(state: SandboxState): string {
  const entries = state.requestLog.list();
  const shown = entries.slice(-PAGE_ROWS).reverse();
  return page(
    'Request log',
    html`
      <p class="muted">
        ${entries.length} requests, newest
        first${entries.length > shown.length
          ? `, last ${shown.length} shown`
          : ''}
      </p>
      <table id="requests">
        <tr>
          <th>At</th>
          <th>Method</th>
          <th>Path</th>
          <th>Status</th>
          <th>ms</th>
          <th>User-Agent</th>
        </tr>
        ${shown.map(
          entry => html`<tr>
            <td>${entry.at}</td>
            <td>${entry.method}</td>
            <td>${entry.path}</td>
            <td
              class="${entry.status >= 200 && entry.status < 400
                ? 'status-ok'
                : 'status-err'}"
            >
              ${entry.status || 'dropped'}
            </td>
            <td>${entry.durationMs.toFixed(1)}</td>
            <td class="muted">${entry.userAgent}</td>
          </tr>`,
        )}
      </table>
    `,
  );
}
