import { changeFeatures } from '../../app/change-features';
import { COMMAND_PROCESSORS } from '../../jobs';
import { backgroundProcessors } from '../../jobs/background';
import { CHANGE_JOB_NAMES } from '../../src/change-jobs';
import { COMMANDS, type CommandSpec, jobSpecNamed } from '../../src/domain/commands';

describe('job contracts', () => {
  it('every command the grammar knows has a processor, but those its handler answers (help)', () => {
    const specs: readonly CommandSpec[] = COMMANDS;
    const missing = specs.filter((c) => !c.handlerOnly && !(c.name in COMMAND_PROCESSORS)).map((c) => c.name);
    expect(missing).toEqual([]);
  });

  it('every processor runs a job a spec declares (a command, or a form of its own), so none is dead', () => {
    expect(Object.keys(COMMAND_PROCESSORS).filter((name) => !jobSpecNamed(name))).toEqual([]);
  });

  it('every change engine job has a processor', () => {
    expect(CHANGE_JOB_NAMES.filter((name) => !(name in backgroundProcessors(changeFeatures())))).toEqual([]);
  });
});
