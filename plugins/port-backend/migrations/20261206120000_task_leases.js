// @ts-check

/**
 * Leases for the work one replica at a time does (the change scan, the resync, the poll of
 * Port's resync requests). They replace the scheduler's global locks, which outlive a killed
 * holder by the task's timeout: a lease lapses within seconds of its holder's last heartbeat.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('port_task_leases', table => {
    table.comment('Who does which exclusive task, and until when');
    table.string('name', 64).primary().comment('Task name, e.g. change-scan');
    table
      .string('holder', 255)
      .nullable()
      .comment('host:pid:uuid of the holding process, null when released');
    table
      .bigInteger('expires_at')
      .notNullable()
      .comment('Epoch ms; the holder extends it while it works');
    table
      .bigInteger('last_started_at')
      .notNullable()
      .comment(
        'Epoch ms of the last run on any replica, for the minimum interval',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('port_task_leases');
};
