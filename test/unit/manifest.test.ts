import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { REGISTERED } from '../../handlers/registry';
import { EXTRA_SCOPES, METHOD_SCOPES } from '../../src/adapters/slack/scopes';

interface Manifest {
  features: {
    slash_commands?: { command: string; usage_hint?: string; should_escape?: boolean }[];
    shortcuts?: { callback_id: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions?: { bot_events?: string[] }; interactivity?: { is_enabled: boolean } };
}

const root = join(__dirname, '..', '..');
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as Manifest;
const schemaPath = join(root, '..', 'shared', 'reference', 'slack', 'manifest.schema.1.0.0.json');

describe('manifest.yml', () => {
  it("validates against Slack's manifest schema v1", () => {
    if (!existsSync(schemaPath)) {
      console.warn(
        `skipped: Slack's manifest schema is not at ${schemaPath} (../shared/reference is absent)`,
      );
      return;
    }
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('declares exactly the slash commands the code registers', () => {
    expect((manifest.features.slash_commands ?? []).map((c) => c.command).sort()).toEqual(
      [...REGISTERED.commands].sort(),
    );
  });

  it('asks Slack to escape /hybrid, so `--user @name` arrives as a mention with the user ID', () => {
    for (const c of manifest.features.slash_commands ?? []) expect(c.should_escape).toBe(true);
  });

  it('subscribes to exactly the events the code listens for', () => {
    expect([...(manifest.settings.event_subscriptions?.bot_events ?? [])].sort()).toEqual(
      [...REGISTERED.events].sort(),
    );
  });

  it('declares exactly the shortcuts the code registers, and interactivity when buttons or modals exist', () => {
    expect((manifest.features.shortcuts ?? []).map((s) => s.callback_id).sort()).toEqual(
      [...REGISTERED.shortcuts].sort(),
    );
    const interactive = REGISTERED.actions.length + REGISTERED.views.length + REGISTERED.shortcuts.length > 0;
    expect(manifest.settings.interactivity?.is_enabled ?? false).toBe(interactive);
  });

  it('asks for only the bot scopes the code uses', () => {
    const used = new Set([
      ...Object.values(METHOD_SCOPES).filter((s): s is string => Boolean(s)),
      ...EXTRA_SCOPES,
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...used].sort());
  });
});
