import { parseArgs } from 'node:util';
import type { ChaosKind } from './chaos';
import { runSoak } from './run-soak';

/**
 * npm run soak -- --minutes N [--no-chaos | --chaos kill,slack,aws,node,site]: prints the soak's
 * report as JSON and exits 1 when a check failed. Redis failover joins the chaos once a Sentinel
 * harness is passed to runSoak.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '3' },
      chaos: { type: 'string' },
      'no-chaos': { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    process.stderr.write('soak: --minutes must be a number of minutes above 0, e.g. --minutes 60\n');
    process.exit(2);
  }
  const chaos = values['no-chaos'] ? false : values.chaos ? (values.chaos.split(',') as ChaosKind[]) : true;
  const report = await runSoak({ minutes, chaos });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.ok ? 0 : 1);
}

main().catch((err: Error) => {
  process.stderr.write(`soak: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
