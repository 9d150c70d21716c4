import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('README', () => {
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = firstBlock
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/#.*$/, '').trim());

  it('starts with the two commands a newcomer runs: one runs the bot, one runs the tests', () => {
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/npm run demo/);
    expect(commands[1]).toMatch(/npm test/);
  });

  it('names npm scripts that exist, and CI runs the same test command', () => {
    for (const c of commands) {
      for (const m of c.matchAll(/npm run (\S+)/g)) expect(Object.keys(pkg.scripts)).toContain(m[1]);
    }
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
