import { Command } from '../framework/Command';
import { mapCommand } from './mapCommand';

/** Every command, in the order `--help` lists them. */
export const commands: Command[] = [mapCommand];
