/**
 * The synth benchmark's peak-RSS probe (bin/bench.ts): how to wrap a command in `/usr/bin/time` so it
 * reports the peak RSS of its process tree, on GNU and BSD/macOS systems alike.
 */
import { spawnSync } from 'node:child_process';

/** How to wrap a command so it reports the peak RSS of its process tree (getrusage of the children). */
export interface RssProbe {
  readonly name: string;
  wrap(command: string, args: string[]): [string, string[]];
  parseMb(stderr: string): number | undefined;
}

const TIME = '/usr/bin/time';

/** GNU time (`-f %M`, KB), else BSD/macOS time (`-l`: bytes on macOS, KB elsewhere), else none. */
export function rssProbe(): RssProbe | undefined {
  const gnu = spawnSync(TIME, ['-f', 'rss=%M', 'true'], { encoding: 'utf8' });
  if (gnu.status === 0 && /rss=\d+/.test(gnu.stderr)) {
    return {
      name: `${TIME} -f %M`,
      wrap: (command, args) => [TIME, ['-f', 'cdktf-org-logging-bench-rss=%M', command, ...args]],
      parseMb: (stderr) => {
        const kb = /cdktf-org-logging-bench-rss=(\d+)\s*$/.exec(stderr)?.[1];
        return kb === undefined ? undefined : Number(kb) / 1024;
      },
    };
  }
  const bsd = spawnSync(TIME, ['-l', 'true'], { encoding: 'utf8' });
  if (bsd.status === 0 && /maximum resident set size/.test(bsd.stderr)) {
    const unit = process.platform === 'darwin' ? 1024 * 1024 : 1024;
    return {
      name: `${TIME} -l`,
      wrap: (command, args) => [TIME, ['-l', command, ...args]],
      parseMb: (stderr) => {
        const value = /(\d+)\s+maximum resident set size/.exec(stderr)?.[1];
        return value === undefined ? undefined : Number(value) / unit;
      },
    };
  }
  return undefined;
}
