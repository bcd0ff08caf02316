/**
 * The `portsync-jq` command line as a function: `@portsync/jq/cli`. Kept out of the main entry
 * point so that mapping code does not load the CLI and its test-file runner.
 *
 * @packageDocumentation
 */
export { runCli } from './runCli';
export type { CliIO } from './runCli';
