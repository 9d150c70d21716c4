import { loadConfig } from '../../../../src/config/load-config';
import { fleetChannels } from '../../../../src/domain/fleets/fleet-channels';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
  HYBRID_BOT_CONFIG: '/etc/hybrid-bot/config.yaml',
};
const file = (extra: string) => `access: {}
clusters:
  - { name: demo, region: us-west-2, channel: C0OPS, hybridNodesRole: HybridNodesRole }
${extra}`;

describe("where a fleet's live message goes", () => {
  it("without a fleets channel: the first pool's cluster channel, mirrored once in each other cluster's", () => {
    expect(fleetChannels(['C0OPS', 'C0GITOPS', 'C0OPS', 'C0EAST'], undefined)).toEqual({
      home: 'C0OPS',
      mirrors: ['C0GITOPS', 'C0EAST'],
    });
  });

  it('with a fleets channel in the configuration: there alone, whatever clusters it spans', () => {
    expect(fleetChannels(['C0OPS', 'C0GITOPS', 'C0EAST'], 'C0FLEET')).toEqual({
      home: 'C0FLEET',
      mirrors: [],
    });
  });
});

describe('fleets.channel in the config file', () => {
  it('is read as a channel ID, and is optional', () => {
    expect(loadConfig(ENV, () => file('fleets:\n  channel: C0FLEET\n')).fleets.channel).toBe('C0FLEET');
    expect(loadConfig(ENV, () => file('')).fleets.channel).toBeUndefined();
  });

  it('refuses a channel name instead of an ID, naming the YAML path and what it takes', () => {
    expect(() => loadConfig(ENV, () => file('fleets:\n  channel: "#fleet-ops"\n'))).toThrow(
      /fleets\.channel.*must be a Slack channel ID \(C… or G…\)/,
    );
  });
});
