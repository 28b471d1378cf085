// The processes under `npm start`, so that stopping it leaves none behind. Reads /proc (Linux,
// including slim containers without `ps`), else `ps` (macOS, BSD). Only Node builtins.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Every process this user can see: { pid, ppid, args }. */
export function processTable() {
  let dirs = null;
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    // no /proc: ask ps below
  }
  if (dirs) {
    const table = [];
    for (const d of dirs) {
      try {
        // The command name (field 2) is in parentheses and may hold spaces: ppid follows the last ')'.
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean);
        table.push({ pid: Number(d), ppid, args: args.join(' ') });
      } catch {
        // exited meanwhile
      }
    }
    return table;
  }
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return (ps.stdout ?? '')
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s*(.*)$/))
    .filter(Boolean)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }))
    .filter((p) => p.pid !== ps.pid); // not ps itself, a child of ours while it ran
}

/** The processes below `pid` (children, theirs, …), deepest last. */
export function descendants(pid, table = processTable()) {
  const found = [];
  let frontier = [pid];
  while (frontier.length) {
    const next = table.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Ends every process still below `pid`: SIGTERM, then SIGKILL for those still there after
 * `graceMs`. Returns what it found (nothing, when everything stopped as it should).
 */
export async function endDescendants(pid, { graceMs = 2_000 } = {}) {
  const left = descendants(pid);
  if (!left.length) return [];
  const signal = (s) => {
    for (const p of left) {
      try {
        process.kill(p.pid, s);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && left.some((p) => isAlive(p.pid)))
    await new Promise((r) => setTimeout(r, 50));
  if (left.some((p) => isAlive(p.pid))) signal('SIGKILL');
  return left;
}
