/** Everything okno prints goes through an Output, so tests can capture it and JSON stays clean on stdout. */
export interface Output {
  /** Human-readable text on stdout. */
  print(text: string): void;
  /** Machine-readable result on stdout. */
  json(value: unknown): void;
  /** Warnings and errors on stderr. */
  error(text: string): void;
  /** A progress bar on a terminal; nothing when stderr is not a terminal. */
  progress(label: string): ProgressBar;
}

export interface ProgressBar {
  update(fraction: number): void;
  done(): void;
}

const silentBar: ProgressBar = { update() {}, done() {} };

export function processOutput(
  stdout: Pick<NodeJS.WriteStream, 'write'> = process.stdout,
  stderr: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr,
  now: () => number = Date.now,
): Output {
  const interactive = stderr.isTTY === true && !process.env.CI;
  return {
    print: (text) => stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    json: (value) => stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    error: (text) => stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    progress: (label) => (interactive ? terminalBar(stderr, label, now) : silentBar),
  };
}

function terminalBar(stream: Pick<NodeJS.WriteStream, 'write'>, label: string, now: () => number): ProgressBar {
  const started = now();
  let shown = -1;
  const draw = (fraction: number) => {
    const pct = Math.floor(fraction * 100);
    // Only for loads long enough to wonder about; a redraw per percent at most.
    if (pct === shown || now() - started < 300) return;
    shown = pct;
    const width = 30;
    const filled = Math.round((width * pct) / 100);
    stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(pct).padStart(3)}%`);
  };
  return {
    update: draw,
    done() {
      if (shown >= 0) stream.write('\r\x1b[2K');
    },
  };
}
