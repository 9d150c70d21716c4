import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { prometheusTool } from '../support/prometheus-tools';

const DIR = join(__dirname, '..', '..', 'deploy', 'prometheus');

// The alert rules the bot ships, checked by Prometheus's own tool: each rule fires on the series of its
// test (hybrid-bot-rules.test.yaml) when it should, with the labels and text an on-call person reads,
// and resolves when the problem is gone.
describe('deploy/prometheus/hybrid-bot-rules.yaml', () => {
  const promtool = prometheusTool('promtool');

  it('is valid Prometheus rules', () => {
    const r = spawnSync(promtool, ['check', 'rules', 'hybrid-bot-rules.yaml'], {
      cwd: DIR,
      encoding: 'utf8',
    });
    expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS: 6 rules found');
    expect(r.status).toBe(0);
  });

  it('fires and resolves each alert as its unit tests expect (promtool test rules)', () => {
    const r = spawnSync(promtool, ['test', 'rules', 'hybrid-bot-rules.test.yaml'], {
      cwd: DIR,
      encoding: 'utf8',
    });
    expect({ status: r.status, output: `${r.stdout}${r.stderr}` }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });
});
