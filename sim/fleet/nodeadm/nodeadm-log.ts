/** nodeadm logs as zap JSON lines: info on stdout, the fatal error on stderr. */
export class NodeadmLog {
  readonly out: string[] = [];
  readonly err: string[] = [];
  constructor(private readonly now: Date) {}

  info(msg: string, fields: Record<string, unknown> = {}): void {
    this.out.push(JSON.stringify({ level: 'info', ts: this.now.getTime() / 1000, msg, ...fields }));
  }

  fatal(error: string): void {
    this.err.push(
      JSON.stringify({
        level: 'fatal',
        ts: this.now.getTime() / 1000,
        caller: 'nodeadm/main.go:57',
        msg: 'Command failed',
        error,
      }),
    );
  }
}
