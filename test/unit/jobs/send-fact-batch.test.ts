import { sendFactBatch } from '../../../jobs/monitoring/send-fact-batch';
import type { ManagedInstance } from '../../../src/cloud-ports';
import { BotError, ErrorCode } from '../../../src/errors';

/** SSM as it answers when `lost` stopped being Online after the batch was listed. */
function ssmWith(lost: string[], error = new BotError(ErrorCode.NotFound, 'not in a valid state')) {
  const sent: string[][] = [];
  return {
    sent,
    ssm: {
      sendShellCommand: async (ids: string[]) => {
        sent.push(ids);
        if (ids.some((id) => lost.includes(id))) throw error;
        return `cmd-${sent.length}`;
      },
      describeInstances: async (f: { instanceIds?: string[] } = {}): Promise<ManagedInstance[]> =>
        (f.instanceIds ?? []).map((instanceId) => ({
          instanceId,
          pingStatus: lost.includes(instanceId) ? 'ConnectionLost' : 'Online',
        })),
    },
  };
}

describe('sendFactBatch', () => {
  it('sends one command to the whole batch', async () => {
    const { ssm, sent } = ssmWith([]);
    expect(await sendFactBatch(ssm, ['mi-1', 'mi-2'], 'c')).toEqual({ commandId: 'cmd-1', offline: [] });
    expect(sent).toEqual([['mi-1', 'mi-2']]);
  });

  it('when a host went offline since it was listed, sends once more to the rest and names it offline', async () => {
    const { ssm, sent } = ssmWith(['mi-2']);
    expect(await sendFactBatch(ssm, ['mi-1', 'mi-2', 'mi-3'], 'c')).toEqual({
      commandId: 'cmd-2',
      offline: ['mi-2'],
    });
    expect(sent).toEqual([
      ['mi-1', 'mi-2', 'mi-3'],
      ['mi-1', 'mi-3'],
    ]);
  });

  it('sends nothing more when the whole batch went offline, and passes other errors on', async () => {
    const lostAll = ssmWith(['mi-1']);
    expect(await sendFactBatch(lostAll.ssm, ['mi-1'], 'c')).toEqual({ offline: ['mi-1'] });
    expect(lostAll.sent).toHaveLength(1);
    const denied = ssmWith(['mi-1'], new BotError(ErrorCode.AccessDenied, 'denied'));
    await expect(sendFactBatch(denied.ssm, ['mi-1'], 'c')).rejects.toThrow('denied');
  });
});
