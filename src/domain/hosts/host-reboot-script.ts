/** Where the reboot script keeps its marker: a path that survives a reboot (not /tmp, not /run). */
export const REBOOT_MARKER_DIR = '/var/lib/hybrid-bot';

/** What the run after the reboot prints first, so the step can tell a reboot from any other success. */
export const REBOOTED = 'Host rebooted:';

/**
 * A reboot through SSM's documented mechanism for Linux managed nodes: a script run by
 * AWS-RunShellScript that exits 194 makes the SSM Agent reboot the host, then run the same script
 * again from the start. So the script is idempotent: its first run records the boot ID in a marker
 * named after `key` and asks for the reboot; the run after it sees another boot ID, says so and
 * exits 0. A run that still sees the recorded boot (no reboot yet) asks again.
 */
export function rebootScript(key: string): string[] {
  const marker = `${REBOOT_MARKER_DIR}/reboot-${key.replace(/[^A-Za-z0-9._-]/g, '-')}`;
  return [
    'set -eu',
    'boot=$(cat /proc/sys/kernel/random/boot_id)',
    `marker=${marker}`,
    'if [ -f "$marker" ] && [ "$(cat "$marker")" != "$boot" ]; then',
    `  echo "${REBOOTED} boot $(cat "$marker") is now boot $boot"`,
    '  rm -f "$marker"',
    '  exit 0',
    'fi',
    `mkdir -p ${REBOOT_MARKER_DIR}`,
    'echo "$boot" > "$marker"',
    'echo "Rebooting (boot $boot)"',
    // 194: the SSM Agent reboots the host and runs this script again once it is back.
    'exit 194',
  ];
}
