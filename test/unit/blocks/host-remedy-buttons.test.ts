import { type HostRestartValue, remedyButtons } from '../../../src/blocks/diagnostics/host-remedy-buttons';
import { reportThreadOf } from '../../../src/domain/changes/change';
import { parseDiagnostics } from '../../../src/domain/diagnostics/parse-diagnostics';
import { diagnosticsOutput } from '../../support/diagnostics-output';

const host = { name: 'line-4', managedInstanceId: 'mi-0abc1234def567890', cluster: 'plant', site: 'plant-3' };

interface Button {
  action_id: string;
  text: { text: string };
  value: string;
  style?: string;
}
const buttons = (block: ReturnType<typeof remedyButtons>) =>
  (block as unknown as { elements: Button[] }).elements;

describe('remedyButtons', () => {
  it('offers Restart kubelet and Restart containerd, the one the diagnostics point to first', () => {
    // The sample output: kubelet activating (crash-looping), containerd active.
    const [kubelet, containerd] = buttons(remedyButtons(host, parseDiagnostics(diagnosticsOutput())));
    expect(kubelet?.text.text).toBe('Restart kubelet');
    expect(kubelet?.style).toBe('primary');
    expect(containerd?.text.text).toBe('Restart containerd');
    expect(containerd?.style).toBeUndefined();
    expect(JSON.parse(kubelet?.value ?? '{}')).toEqual({
      cluster: 'plant',
      host: 'line-4',
      service: 'kubelet',
    } satisfies HostRestartValue);
  });

  it("carries the alert's thread in every button when the diagnostics sit in one, so the change reports there", () => {
    const thread = { channel: 'C0ALERTS', slot: 'alert-1765116000.000100-C0ALERTS' };
    const values = buttons(remedyButtons(host, parseDiagnostics(diagnosticsOutput()), thread)).map(
      (b) => JSON.parse(b.value) as HostRestartValue,
    );
    expect(values).toEqual([
      { cluster: 'plant', host: 'line-4', thread, service: 'kubelet' },
      { cluster: 'plant', host: 'line-4', thread, service: 'containerd' },
      { cluster: 'plant', host: 'line-4', thread },
    ]);
    expect(reportThreadOf(values[0]?.thread)).toEqual(thread);
  });

  it('reads back only a thread of the shape the bot writes', () => {
    for (const bad of [
      undefined,
      'C0ALERTS',
      { channel: 'C0ALERTS' },
      { channel: 'not a channel', slot: 'alert-1-C0ALERTS' },
      { channel: 'C0ALERTS', slot: 'alert 1 <!here>' },
    ]) {
      expect(reportThreadOf(bad)).toBeUndefined();
    }
  });

  it('points to no remedy when both services run and the kubelet logs no error', () => {
    const healthy = parseDiagnostics(
      diagnosticsOutput({
        services: 'kubelet=active\ncontainerd=active\namazon-ssm-agent=active',
        'kubelet-journal':
          'I1207 14:01:58.101234    2211 kubelet.go:2410] "SyncLoop ADD" source="api" pods=[]',
      }),
    );
    expect(healthy.services.kubelet).toBe('active');
    expect(healthy.kubeletErrors).toEqual([]);
    expect(buttons(remedyButtons(host, healthy)).map((b) => b.style)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('offers Reboot host last, never as the first remedy, its value naming the cluster and host', () => {
    const reboot = buttons(remedyButtons(host, parseDiagnostics(diagnosticsOutput()))).at(-1);
    expect(reboot).toMatchObject({ action_id: 'host_reboot', text: { text: 'Reboot host' } });
    expect(reboot?.style).toBeUndefined();
    expect(JSON.parse(reboot?.value ?? '{}')).toEqual({ cluster: 'plant', host: 'line-4' });
  });
});
