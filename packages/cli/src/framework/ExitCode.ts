/**
 * Exit codes of the `portsync` command. A CI job can tell a failed sync (1) from a setup problem (2–5) without
 * reading the output.
 *
 * @public
 */
export enum ExitCode {
  /** Everything worked. */
  Ok = 0,
  /** The command ran and something failed: an entity Port rejected, a mapping field error. */
  Failed = 1,
  /** Unknown command or option, a missing or malformed argument. */
  Usage = 2,
  /** Configuration: a missing setting, an unreadable or invalid config or mapping file. */
  Config = 3,
  /** Backstage: unreachable, the token rejected, an entity not found. */
  Backstage = 4,
  /** Port: unreachable, the credentials rejected, an API call that failed for good. */
  Port = 5,
}
