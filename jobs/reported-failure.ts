import { UnrecoverableError } from 'bullmq';

/**
 * Thrown by a processor that has already told the right person why it stopped (in words it
 * chose, e.g. with a mention): the runner fails the job and audits it, and says nothing more.
 */
export class ReportedFailure extends UnrecoverableError {}
