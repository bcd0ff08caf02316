// @ts-check

/**
 * Resync requests: from the admin API, the schedule, or Port's UI. The resync
 * task works through them one at a time (the scheduler runs it on one replica
 * at a time).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('port_resync_requests', table => {
    table.comment('Full resyncs asked for, and their outcome');
    table
      .string('id', 64)
      .primary()
      .comment('Also the run id reported by the sync engine');
    table
      .string('source', 16)
      .notNullable()
      .comment("'api' | 'schedule' | 'port'");
    table
      .string('port_request_id', 255)
      .nullable()
      .unique('port_resync_requests_port_request_id_uniq')
      .comment(
        "Port's resync request id, so each is honoured once across replicas",
      );
    table.boolean('force').notNullable().defaultTo(false);
    table
      .text('kinds')
      .nullable()
      .comment('JSON array of kinds, or null for all');
    table.string('requested_by', 255).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment("'pending' | 'running' | 'completed' | 'failed' | 'aborted'");
    table.bigInteger('requested_at').notNullable().comment('Epoch ms');
    table.bigInteger('started_at').nullable().comment('Epoch ms');
    table.bigInteger('finished_at').nullable().comment('Epoch ms');
    table.index(['status', 'requested_at'], 'port_resync_requests_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('port_resync_requests');
};
