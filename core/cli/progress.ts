/** A one-line progress indicator on stderr while model calls run; silent when stderr is not a terminal. */
export function progressOnStderr(stream: NodeJS.WriteStream = process.stderr): { update: (done: number, total: number) => void; done: () => void } {
  let shown = false;
  return {
    update(done, total) {
      if (stream.isTTY !== true) return;
      shown = true;
      stream.write(`\r\x1b[2Ksummarising: ${done}/${total} model call(s)`);
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
