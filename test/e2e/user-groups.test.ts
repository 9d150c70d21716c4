import { UserGroupCache } from '../../src/adapters/redis/user-groups';
import { startTestBot, TEST_ACCESS, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({
    file: { access: { ...TEST_ACCESS, admins: ['S0PLATFORM'] } },
    userGroups: { S0PLATFORM: ['U0LEAD'] },
  });
});
afterAll(async () => {
  await t.stop();
});

describe('roles granted through Slack user groups', () => {
  it('lets a member of an admin user group run an admin command, and nobody else', async () => {
    await t.waitForCall((c) => c.method === 'usergroups.users.list');
    // The refresh job caches the members right after it asked Slack.
    await until(
      'U0LEAD cached as a member of S0PLATFORM',
      async () => (await new UserGroupCache(t.inspect).groupsOf('U0LEAD', ['S0PLATFORM'])).length > 0,
    );
    const lead = await t.command('audit --limit 1', { user: 'U0LEAD' });
    expect(lead.body).toBe('');
    await t.waitForCall((c) => c.kind === 'response_url' && JSON.stringify(c.args).includes('Audit trail'));
    const other = await t.command('audit', { user: 'U0OUTSIDER' });
    expect(JSON.stringify(other.json())).toContain('needs the *admin* role');
  });
});
