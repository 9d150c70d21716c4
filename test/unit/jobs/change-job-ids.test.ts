import { changeSlot } from '../../../jobs/changes/change-report';
import { askedNoteId, changeJobId, lockedNoteId } from '../../../jobs/changes/engine';

// Jobs already queued carry these IDs: a new shape would run a queued job twice or lose its dedupe.
describe('change job IDs keep the shapes queued jobs already use', () => {
  it('names the engine’s jobs change-<id>-<parts>', () => {
    expect(changeJobId('c1', 'expire')).toBe('change-c1-expire');
    expect(changeJobId('c1', 'after', 'host:h1', 2)).toBe('change-c1-after-host:h1-2');
  });

  it('names the change’s message slot change-<id>', () => {
    expect(changeSlot('c1')).toBe('change-c1');
  });

  it('names the “held by another change” note by the request, colons made dashes', () => {
    expect(lockedNoteId('T1:C1:trigger.123')).toBe('change-locked-T1-C1-trigger.123');
  });

  it('names the “asks for approval” note change-ack-<id>', () => {
    expect(askedNoteId('c1')).toBe('change-ack-c1');
  });
});
