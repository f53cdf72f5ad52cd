/** What a long command tells the person waiting, on stderr so stdout stays for the result. */
export interface Progress {
  /** A finished step: always printed. */
  line(text: string): void;
  /** Work under way: printed at most once a second. */
  update(text: string): void;
}

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let lastUpdate = 0;
  return {
    line: (text) => void stream.write(`${text}\n`),
    update(text) {
      const now = Date.now();
      if (now - lastUpdate < 1000) return;
      lastUpdate = now;
      stream.write(`  … ${text}\n`);
    },
  };
}

export const silentProgress: Progress = { line: () => {}, update: () => {} };

export const formatCount = (n: number): string => n.toLocaleString('en-US');

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
