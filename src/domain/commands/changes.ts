import { command } from './command-spec';

/** Changes to clusters: what is planned, under way or over, and every step of one. */
export const CHANGE_COMMANDS = [
  command({
    name: 'changes',
    role: 'viewer',
    summary: 'List changes, newest first: what each does, its state and progress.',
    positionals: [],
    options: {
      cluster: { type: 'string', description: 'only this cluster' },
      state: {
        type: 'string',
        description: 'only this state (awaiting-approval, applying, paused, done, …)',
      },
    },
  }),
  command({
    name: 'change show',
    role: 'viewer',
    summary: 'One change in full: every step with its state, times and output, and who did what.',
    positionals: [{ name: 'id', required: true }],
    options: {},
  }),
] as const;
