import { changeFeatures } from '../../app/change-features';
import { COMMAND_PROCESSORS } from '../../jobs';
import { backgroundProcessors } from '../../jobs/background';
import { CHANGE_JOB_NAMES } from '../../src/change-jobs';
import { COMMANDS } from '../../src/domain/commands';

describe('job contracts', () => {
  it('every command the grammar knows has a processor (help is answered by the handler itself)', () => {
    const missing = COMMANDS.map((c) => c.name).filter(
      (name) => name !== 'help' && !(name in COMMAND_PROCESSORS),
    );
    expect(missing).toEqual([]);
  });

  it('every processor answers a command the grammar knows, or a form, so none is dead', () => {
    const known = new Set(COMMANDS.map((c) => c.name));
    const unknown = Object.keys(COMMAND_PROCESSORS).filter(
      (name) => !known.has(name) && !name.includes('bulk'),
    );
    expect(unknown).toEqual([]);
  });

  it('every change engine job has a processor', () => {
    expect(CHANGE_JOB_NAMES.filter((name) => !(name in backgroundProcessors(changeFeatures())))).toEqual([]);
  });
});
