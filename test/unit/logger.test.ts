import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, log: createLogger({ destination }) };
}

describe('logs', () => {
  it('redact secrets by field name, at any depth', () => {
    const { lines, log } = capture();
    log.info(
      {
        activationCode: 'AbCdEfGhIjKlMnOpQrSt',
        nested: { token: 'xoxb-1-2-3', deeper: { signingSecret: 's3cr3t' } },
      },
      'hi',
    );
    const out = lines.join('');
    expect(out).not.toContain('AbCdEfGhIjKlMnOpQrSt');
    expect(out).not.toContain('xoxb-1-2-3');
    expect(out).not.toContain('s3cr3t');
    expect(out).toContain('[redacted]');
  });

  it('scrub Slack tokens from free-text messages', () => {
    const { lines, log } = capture();
    log.warn('failed with token xoxb-123456-abcdef and xapp-1-A0-xyz');
    expect(lines.join('')).not.toMatch(/xox|xapp-1/);
  });

  it('are JSON with a level and the message', () => {
    const { lines, log } = capture();
    log.child({ jobId: 'j1' }).info('done');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 30, jobId: 'j1', msg: 'done' });
  });
});
