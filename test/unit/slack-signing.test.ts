import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidSlackRequest } from '@slack/bolt';
import { slackSignature } from '../support/slack-requests';

const vectorPath = join(
  __dirname,
  '..',
  '..',
  '..',
  'shared',
  'reference',
  'slack',
  'signing-test-vector.json',
);

interface Vector {
  signingSecret: string;
  timestamp: string;
  body: string;
  expectedSignature: string;
  replayWindowSeconds: number;
}

// The bot's receiver checks every request with Bolt's verifySlackRequest; this pins it to Slack's worked example.
describe("request signing, against Slack's worked example", () => {
  const vector: Vector | undefined = existsSync(vectorPath)
    ? (JSON.parse(readFileSync(vectorPath, 'utf8')) as Vector)
    : undefined;
  if (!vector)
    console.warn(`skipped: Slack's signing example is not at ${vectorPath} (../shared/reference is absent)`);

  const check = (v: Vector, overrides: { body?: string; signature?: string; nowSeconds?: number }) =>
    isValidSlackRequest({
      signingSecret: v.signingSecret,
      body: overrides.body ?? v.body,
      headers: {
        'x-slack-signature': overrides.signature ?? v.expectedSignature,
        'x-slack-request-timestamp': Number(v.timestamp),
      },
      nowMilliseconds: (overrides.nowSeconds ?? Number(v.timestamp) + 10) * 1000,
    });

  it('the test harness signs exactly as Slack does', () => {
    if (!vector) return;
    expect(slackSignature(vector.signingSecret, vector.timestamp, vector.body)).toBe(
      vector.expectedSignature,
    );
  });

  it('accepts the example within the replay window', () => {
    if (!vector) return;
    expect(check(vector, {})).toBe(true);
  });

  it('refuses a tampered body, a wrong signature and a replay after five minutes', () => {
    if (!vector) return;
    expect(check(vector, { body: vector.body.replace('text=', 'text=ping') })).toBe(false);
    expect(check(vector, { signature: `v0=${'0'.repeat(64)}` })).toBe(false);
    expect(check(vector, { nowSeconds: Number(vector.timestamp) + vector.replayWindowSeconds + 1 })).toBe(
      false,
    );
  });
});
