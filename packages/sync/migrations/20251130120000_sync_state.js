/*
 * The sync engine's state: what each catalog ref produced in Port, the durable queue and the
 * runs. Every table name carries the store's prefix so that a plugin can share a database
 * with others (see src/state/migrationSource.ts, which passes the prefix in).
 */

/**
 * @param {import('knex').Knex} knex
 * @param {string} prefix
 */
exports.up = async function up(knex, prefix = '') {
  await knex.schema.createTable(`${prefix}sync_refs`, table => {
    table.comment('Catalog refs the engine has synced');
    table.string('ref', 255).notNullable();
    table.primary(['ref'], `${prefix}sync_refs_pkey`);
    table.string('uid', 255).nullable();
    table.string('etag', 255).nullable();
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable(`${prefix}sync_entities`, table => {
    table.comment(
      'Port entities each ref produced, with the hash Port last accepted',
    );
    table.string('ref', 255).notNullable();
    table.string('blueprint', 255).notNullable();
    table.string('identifier', 1000).notNullable();
    table.string('hash', 64).notNullable();
    table.bigInteger('updated_at').notNullable();
    table.primary(
      ['ref', 'blueprint', 'identifier'],
      `${prefix}sync_entities_pkey`,
    );
    table.index(['blueprint', 'identifier'], `${prefix}sync_entities_key_idx`);
  });

  await knex.schema.createTable(`${prefix}sync_queue`, table => {
    table.comment('Durable queue of refs to upsert or delete');
    table.string('ref', 255).notNullable();
    table.primary(['ref'], `${prefix}sync_queue_pkey`);
    table.string('op', 16).notNullable();
    table.string('etag', 255).nullable();
    table.integer('seq').notNullable().defaultTo(0);
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('next_attempt_at').notNullable();
    table.text('last_error').nullable();
    table.boolean('parked').notNullable().defaultTo(false);
    table.bigInteger('enqueued_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.string('claimed_by', 64).nullable();
    table.bigInteger('claimed_until').nullable();
    table.index(['parked', 'next_attempt_at'], `${prefix}sync_queue_due_idx`);
  });

  await knex.schema.createTable(`${prefix}sync_runs`, table => {
    table.comment('Resyncs, queue drains and change scans, with their reports');
    table.string('id', 64).notNullable();
    table.primary(['id'], `${prefix}sync_runs_pkey`);
    table.string('type', 16).notNullable();
    table.string('status', 16).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.text('counts').notNullable();
    table.text('errors').notNullable();
    table.text('deletion').nullable();
    table.text('timings').notNullable();
    table.index(['started_at'], `${prefix}sync_runs_started_idx`);
  });
};

/**
 * @param {import('knex').Knex} knex
 * @param {string} prefix
 */
exports.down = async function down(knex, prefix = '') {
  await knex.schema.dropTable(`${prefix}sync_runs`);
  await knex.schema.dropTable(`${prefix}sync_queue`);
  await knex.schema.dropTable(`${prefix}sync_entities`);
  await knex.schema.dropTable(`${prefix}sync_refs`);
};
