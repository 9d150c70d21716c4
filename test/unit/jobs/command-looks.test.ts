import { commandResult, commandSent } from '../../../jobs/nodes/command-looks';
import type { CommandStatus, InvocationStatus } from '../../../src/cloud-ports';

/** SSM as the steps of one change see it: each command's status, and the calls made to read them. */
function fakeSsm(statuses: Record<string, CommandStatus>) {
  const calls: string[] = [];
  return {
    calls,
    statuses,
    ssm: {
      listRecentInvocations: async (_since: Date, wanted: ReadonlySet<string>) => {
        calls.push(`list ${[...wanted].sort().join(',')}`);
        return Object.entries(statuses).map(
          ([commandId, status]): InvocationStatus => ({
            commandId,
            instanceId: `mi-${commandId}`,
            comment: '',
            status,
          }),
        );
      },
      getCommandResult: async (commandId: string) => {
        calls.push(`get ${commandId}`);
        return { status: statuses[commandId] ?? 'Pending', stdout: `${commandId} printed`, stderr: '' };
      },
    },
  };
}

describe("looking at the Run Commands a change's hosts wait on", () => {
  it('reads them in one look for every host that looks within the poll interval, and a finished one once on its own', async () => {
    const f = fakeSsm({ a: 'InProgress', b: 'InProgress' });
    commandSent('c1', 'a', 'mi-a', Date.now() - 10);
    commandSent('c1', 'b', 'mi-b', Date.now() - 10);
    expect((await commandResult(f.ssm, 'c1', 'a', 'mi-a', 60_000)).status).toBe('InProgress');
    expect((await commandResult(f.ssm, 'c1', 'b', 'mi-b', 60_000)).status).toBe('InProgress');
    expect(f.calls).toEqual(['list a,b']);
    // Past the poll interval, the next host to look makes a new look; a's command has ended.
    f.statuses.a = 'Success';
    expect(await commandResult(f.ssm, 'c1', 'a', 'mi-a', -1, true)).toEqual({
      status: 'Success',
      stdout: 'a printed',
      stderr: '',
    });
    expect(f.calls).toEqual(['list a,b', 'list a,b', 'get a']);
    // a is no longer looked for; b still is.
    expect((await commandResult(f.ssm, 'c1', 'b', 'mi-b', -1)).status).toBe('InProgress');
    expect(f.calls.at(-1)).toBe('list b');
    // A success whose output nobody asked for needs no read of its own; a failure's output is read.
    f.statuses.b = 'Success';
    expect(await commandResult(f.ssm, 'c1', 'b', 'mi-b', -1)).toEqual({
      status: 'Success',
      stdout: '',
      stderr: '',
    });
    commandSent('c1', 'd', 'mi-d', Date.now());
    f.statuses.d = 'Failed';
    expect((await commandResult(f.ssm, 'c1', 'd', 'mi-d', -1)).stdout).toBe('d printed');
    expect(f.calls.slice(-3)).toEqual(['list b', 'list d', 'get d']);
  });

  it('reads on its own a command this process did not send (found after a crash, or sent by another worker)', async () => {
    const f = fakeSsm({ z: 'InProgress' });
    expect((await commandResult(f.ssm, 'c2', 'z', 'mi-z', 60_000)).status).toBe('InProgress');
    expect(f.calls).toEqual(['get z']);
  });

  it('takes a command SSM does not list yet for pending, and a failed look is not shared', async () => {
    const f = fakeSsm({});
    commandSent('c3', 'new', 'mi-new', Date.now());
    expect((await commandResult(f.ssm, 'c3', 'new', 'mi-new', 60_000)).status).toBe('Pending');
    const failing = {
      ...f.ssm,
      listRecentInvocations: async () => {
        f.calls.push('list failed');
        throw new Error('ThrottlingException');
      },
    };
    commandSent('c4', 'x', 'mi-x', Date.now());
    await expect(commandResult(failing, 'c4', 'x', 'mi-x', 60_000)).rejects.toThrow('ThrottlingException');
    f.statuses.x = 'InProgress';
    expect((await commandResult(f.ssm, 'c4', 'x', 'mi-x', 60_000)).status).toBe('InProgress');
    expect(f.calls).toEqual(['list new', 'list failed', 'list x']);
  });
});
