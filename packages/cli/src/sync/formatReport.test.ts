import { SyncPlan, SyncReport } from '@portsync/sync';
import { createColors } from 'picocolors';
import { formatPlan, formatReport } from './formatReport';

const plain = createColors(false);
const colored = createColors(true);

const plan: SyncPlan = {
  creates: [
    {
      ref: 'component:default/new',
      blueprint: 'component',
      identifier: 'component:default/new',
      payload: {},
      changes: [],
    },
  ],
  updates: [
    {
      ref: 'component:default/old',
      blueprint: 'component',
      identifier: 'component:default/old',
      payload: {},
      changes: [
        {
          path: 'properties.lifecycle',
          before: 'experimental',
          after: 'production',
        },
        {
          path: 'properties.description',
          before: null,
          after: 'x'.repeat(100),
        },
      ],
    },
  ],
  deletes: [{ blueprint: 'api', identifier: 'api:default/gone' }],
  unchanged: 7,
  counts: {
    mapped: 9,
    upserted: 2,
    unchanged: 7,
    deleted: 1,
    failed: 0,
    skipped: 0,
    fieldErrors: 0,
  },
  failures: [],
  deletion: { stale: 1, owned: 9, threshold: 0.9, skipped: false },
};

describe('formatPlan', () => {
  it('lists creates, updates with their changed fields, deletes and the totals', () => {
    expect(formatPlan(plan, plain, { fields: true })).toBe(
      [
        '+ component/component:default/new',
        '~ component/component:default/old',
        '    properties.lifecycle: "experimental" → "production"',
        `    properties.description: null → "${'x'.repeat(76)}...`,
        '- api/api:default/gone',
        '1 to create, 1 to update, 1 to delete, 7 unchanged',
        '',
      ].join('\n'),
    );
  });

  it('leaves the fields out when asked (sync --dry-run)', () => {
    expect(formatPlan(plan, plain, { fields: false })).not.toContain(
      'properties.lifecycle',
    );
  });

  it('colours creates green, updates yellow and deletes red on a terminal', () => {
    const text = formatPlan(plan, colored, { fields: false });
    expect(text).toContain(
      '\u001b[32m+ component/component:default/new\u001b[39m',
    );
    expect(text).toContain(
      '\u001b[33m~ component/component:default/old\u001b[39m',
    );
    expect(text).toContain('\u001b[31m- api/api:default/gone\u001b[39m');
  });

  it('says why deletion would be skipped', () => {
    const guarded = {
      ...plan,
      deletes: [],
      deletion: {
        ...plan.deletion,
        skipped: true,
        reason: '9 of 9 owned entities are stale',
      },
    };
    expect(formatPlan(guarded, plain, { fields: false })).toContain(
      'deletion would be skipped: 9 of 9 owned entities are stale\n',
    );
  });
});

describe('formatReport', () => {
  const report: SyncReport = {
    runId: 'r1',
    type: 'resync',
    status: 'completed',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.500Z',
    counts: {
      mapped: 3,
      upserted: 1,
      unchanged: 1,
      deleted: 0,
      failed: 1,
      skipped: 0,
      fieldErrors: 2,
    },
    failures: [
      {
        ref: 'component:default/bad',
        blueprint: 'component',
        identifier: 'component:default/bad',
        status: 422,
        error: 'invalid_request',
        message: 'lifecycle must be a string',
      },
    ],
    timings: { total: 1500 },
  };

  it('prints each failure, then the counts in one line', () => {
    expect(formatReport(report, 'Port', plain)).toBe(
      'failed component/component:default/bad (component:default/bad): 422 invalid_request: lifecycle must be a string\n' +
        'sync completed in 1.5s: 3 mapped, 1 upserted, 1 unchanged, 0 deleted, 1 failed, 0 skipped, 2 field errors (state: Port)\n',
    );
  });

  it('lists at most 20 failures and counts the rest', () => {
    const many = {
      ...report,
      failures: Array.from({ length: 25 }, () => report.failures[0]),
    };
    const lines = formatReport(many, 'Port', plain).split('\n');
    expect(lines.filter(line => line.startsWith('failed '))).toHaveLength(20);
    expect(lines).toContain('... and 5 more failures');
  });
});
