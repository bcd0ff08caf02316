import { Command } from '../framework/Command';
import { blueprintsCommand } from './blueprintsCommand';
import { diffCommand } from './diffCommand';
import { jqCommand } from './jqCommand';
import { mapCommand } from './mapCommand';
import { sandboxCommand } from './sandboxCommand';
import { syncCommand } from './syncCommand';

/** Every command, in the order `--help` lists them. */
export const commands: Command[] = [
  syncCommand,
  diffCommand,
  mapCommand,
  blueprintsCommand,
  sandboxCommand,
  jqCommand,
];
