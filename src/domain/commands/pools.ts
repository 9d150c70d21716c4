import type { CommandSpec } from './command-spec';

/** Reading pools: their hosts, nodes and drift. */
export const POOL_READ_COMMANDS: readonly CommandSpec[] = [];

/** Changing pools: each a change a second person approves. */
export const POOL_CHANGE_COMMANDS: readonly CommandSpec[] = [];
