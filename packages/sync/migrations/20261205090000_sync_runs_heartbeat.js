/*
 * A running run's heartbeat: a process that dies mid-run leaves its run `running`; the next
 * start closes the runs whose heartbeat stopped (RunLog.closeInterrupted).
 */

/**
 * @param {import('knex').Knex} knex
 * @param {string} prefix
 */
exports.up = async function up(knex, prefix = '') {
  await knex.schema.alterTable(`${prefix}sync_runs`, table => {
    table.bigInteger('heartbeat_at').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 * @param {string} prefix
 */
exports.down = async function down(knex, prefix = '') {
  await knex.schema.alterTable(`${prefix}sync_runs`, table => {
    table.dropColumn('heartbeat_at');
  });
};
