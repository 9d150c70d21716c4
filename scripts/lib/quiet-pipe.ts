/**
 * `npm run slack | head` closes the pipe after ten lines: the next write fails with EPIPE. A reader
 * that has seen enough is not an error, so the script ends quietly (exit 0, no stack trace), as
 * command-line tools do when SIGPIPE ends them.
 */
export function exitQuietlyWhenReaderCloses(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
