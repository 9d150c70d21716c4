import { COMMAND_PROCESSORS } from '../../jobs';
import type { CommandProcessor, CommandProcessors } from '../../jobs/job-context';
import { commandJob, parsedCommandJob } from '../../src/command-job';
import { specOf } from '../../src/domain/commands';

const request = { requestId: 'r1', user: 'U1', channel: 'C1', receivedAt: 0 };

// The lines under `@ts-expect-error` must not compile (`npm run typecheck` fails if one does).
describe('command jobs typed from their spec', () => {
  it('a command without a processor does not compile', () => {
    const { ping: _ping, ...others } = COMMAND_PROCESSORS;
    // @ts-expect-error `ping` is a command its spec declares, and has no processor here.
    const withoutPing: CommandProcessors = others;
    expect(Object.keys(withoutPing)).not.toContain('ping');
  });

  it('a processor reading an option its spec does not declare does not compile', () => {
    const reads: CommandProcessor<'pool add'> = async (job) => job.data.options.hosts;
    // @ts-expect-error `pool add` declares no --profile (the pool's own profile is used).
    const strays: CommandProcessor<'pool add'> = async (job) => job.data.options.profile;
    expect([reads, strays]).toHaveLength(2);
  });

  it('a form sending the wrong shape does not compile', () => {
    const job = commandJob('pool create', request, {
      positionals: { name: 'tills' },
      // @ts-expect-error --hosts is the list of hosts, not the text typed after the command.
      options: { cluster: 'demo', hosts: 'h1,h2' },
    });
    expect(job.command).toBe('pool create');
  });

  it('a typed command becomes the job its spec declares, and an undeclared option is refused', () => {
    const args = { positionals: { pool: 'tills' }, options: { cluster: 'demo', hosts: 'h1, h2' } };
    expect(parsedCommandJob('pool add', request, args)).toEqual({
      request,
      command: 'pool add',
      positionals: { pool: 'tills' },
      options: { cluster: 'demo', hosts: ['h1', 'h2'] },
    });
    expect(() =>
      parsedCommandJob('pool add', request, {
        positionals: { pool: 'tills' },
        options: { profile: 'pos@1.0.0' },
      }),
    ).toThrow(/profile/);
    expect(parsedCommandJob('help', request, { positionals: {}, options: {} })).toBeUndefined();
  });

  it('roles and admin-only options come from the spec', () => {
    expect(specOf('pool create').role).toBe('operator');
    expect(specOf('pool remove').options.force.role).toBe('admin');
  });
});
