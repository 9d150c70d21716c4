import { parseCommand } from '../../src/domain/command-grammar';
import type { CommandSpec } from '../../src/domain/commands';
import { command } from '../../src/domain/commands/command-spec';
import { tokenize } from '../../src/domain/tokenize';

describe('the /hybrid command grammar', () => {
  it('reads a bare subcommand', () => {
    const r = parseCommand('ping');
    expect(r.ok && r.command.spec.name).toBe('ping');
  });

  it('treats an empty command as a request for help', () => {
    const r = parseCommand('   ');
    expect(r.ok && r.command.spec.name).toBe('help');
  });

  it('reads options with values, in either spelling', () => {
    const a = parseCommand('audit --user U0ABC --limit 5');
    const b = parseCommand('AUDIT --limit=5 --user=U0ABC');
    for (const r of [a, b]) {
      expect(r.ok && r.command.options).toEqual({ user: 'U0ABC', limit: '5' });
    }
  });

  it('accepts curly quotes as Slack sends them', () => {
    const r = parseCommand('audit --user “U0 ABC”');
    expect(r.ok && r.command.options.user).toBe('U0 ABC');
  });

  it('suggests the nearest command for a typo', () => {
    const r = parseCommand('pnig');
    expect(r).toMatchObject({ ok: false, suggestion: 'ping' });
    expect(!r.ok && r.message).toContain('Did you mean `/hybrid ping`?');
  });

  it('gives no suggestion when nothing is close', () => {
    const r = parseCommand('xylophone');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.suggestion).toBeUndefined();
    expect(!r.ok && r.message).toContain('/hybrid help');
  });

  it('names the unknown word after a command group and suggests the command meant', () => {
    const r = parseCommand('host regster foo');
    expect(r).toMatchObject({ ok: false, suggestion: 'host register' });
    expect(!r.ok && r.message).toBe(
      '`regster` is not a `host` command: use `register`, `show`, `debug`, `restart`, `reboot`, `reissue`, `deregister`. ' +
        'Did you mean `/hybrid host register`? Type `/hybrid help` for the list.',
    );
    const bare = parseCommand('host');
    expect(!bare.ok && bare.message).toMatch(
      /^`host` needs one of `register`, `show`, `debug`, `restart`, `reboot`, `reissue`, `deregister`\./,
    );
  });

  it('takes a negative number after an option as its value, for the command to judge', () => {
    const r = parseCommand('hosts --page -1');
    expect(r.ok && r.command.options).toEqual({ page: '-1' });
    const missing = parseCommand('hosts --page');
    expect(!missing.ok && missing.message).toContain('`--page` needs a value.');
  });

  it('reads mentions, channels, links and entities as Slack escapes them', () => {
    for (const text of ['audit --user <@U0JANE|jane.doe>', 'audit --user <@U0JANE>', 'audit --user U0JANE']) {
      const r = parseCommand(text);
      expect(r.ok && r.command.options.user).toBe('U0JANE');
    }
    const host = parseCommand(
      'host show <http://pos-1.store-12.example|pos-1.store-12.example> --cluster a&amp;b',
    );
    expect(host.ok && host.command.positionals.name).toBe('pos-1.store-12.example');
    expect(host.ok && host.command.options.cluster).toBe('a&b');
  });

  it('names an unknown option and shows the usage', () => {
    const r = parseCommand('audit --color red');
    expect(!r.ok && r.message).toContain('`--color` is not an option');
    expect(!r.ok && r.message).toContain('Usage: `/hybrid audit');
  });

  it('refuses a stray argument', () => {
    const r = parseCommand('ping now');
    expect(!r.ok && r.message).toContain('`now` is not expected here');
  });

  it('matches the longest multi-word command and binds its positionals', () => {
    const specs: CommandSpec[] = [
      command({ name: 'host', role: 'viewer', summary: '', positionals: [], options: {} }),
      command({
        name: 'host show',
        role: 'viewer',
        summary: '',
        positionals: [{ name: 'name', required: true }],
        options: {},
      }),
    ];
    const r = parseCommand('host show edge-1', specs);
    expect(r.ok && r.command.spec.name).toBe('host show');
    expect(r.ok && r.command.positionals).toEqual({ name: 'edge-1' });
    const missing = parseCommand('host show', specs);
    expect(!missing.ok && missing.message).toContain('needs <name>');
  });
});

describe('tokenize', () => {
  it('keeps quoted words together and joins touching pieces', () => {
    expect(tokenize(`a "b c" 'd e' --x="y z" ‘f g’`)).toEqual(['a', 'b c', 'd e', '--x=y z', 'f g']);
    expect(tokenize('   ')).toEqual([]);
  });
});
