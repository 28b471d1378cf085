// Before `npm start` starts anything: is each port it needs free, and if not, who holds it?
// Only Node builtins (this runs before dependencies are installed). "Who" comes from `ss`
// (Linux), else `lsof` (macOS, BSD), else /proc; a process of another user stays anonymous
// unless we are root, which the message then says.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { processTable } from './process-tree.mjs';

/** Whether `port` can be listened on at `host` right now ('::' is every interface). */
export function canListen(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (e) => {
      // No IPv6 on this machine: every interface means every IPv4 one.
      if (host === '::' && (e.code === 'EAFNOSUPPORT' || e.code === 'EADDRNOTAVAIL'))
        resolve(canListen(port, '0.0.0.0'));
      else resolve(false);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** { pid, command, args, parent } of the process listening on TCP `port`, or null if it cannot be told. */
export function portHolder(port) {
  return fromSs(port) ?? fromLsof(port) ?? fromProc(port);
}

function run(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 3_000 });
  return r.status === 0 ? r.stdout : null;
}

function withArgs(pid, command) {
  const table = processTable();
  const self = table.find((p) => p.pid === pid);
  const parent = self && table.find((p) => p.pid === self.ppid);
  return {
    pid,
    command,
    args: self?.args || null,
    parent: parent ? { pid: parent.pid, args: parent.args } : null,
  };
}

function fromSs(port) {
  const out = run('ss', ['-ltnpH', `sport = :${port}`]);
  const m = out?.match(/users:\(\("([^"]+)",pid=(\d+)/);
  return m ? withArgs(Number(m[2]), m[1]) : null;
}

function fromLsof(port) {
  const out = run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc']);
  const pid = out?.match(/^p(\d+)$/m);
  const command = out?.match(/^c(.+)$/m);
  return pid ? withArgs(Number(pid[1]), command?.[1] ?? '?') : null;
}

/** The listening socket's inode in /proc/net/tcp{,6}, then the process with that inode open. */
function fromProc(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is field 9.
      if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9]);
    }
  }
  if (!inodes.size) return null;
  let pids;
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process
    }
    for (const fd of fds) {
      let target;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = target.match(/^socket:\[(\d+)\]$/);
      if (m && inodes.has(m[1])) {
        let command = '?';
        try {
          command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        } catch {
          // gone meanwhile
        }
        return withArgs(Number(pid), command);
      }
    }
  }
  return null;
}

/**
 * The ports of `wanted` ({ port, host, what, variable }) that are taken, each with its holder.
 * @returns {Promise<Array<{ port: number, host: string, what: string, variable?: string, holder: ReturnType<typeof portHolder> }>>}
 */
export async function busyPorts(wanted) {
  const busy = [];
  for (const w of wanted) {
    if (!(await canListen(w.port, w.host))) busy.push({ ...w, holder: portHolder(w.port) });
  }
  return busy;
}

/**
 * A message naming each taken port, what holds it, and how to move ours. `isOurs(args)` tells
 * a process of this project's `npm start` by its command line (then its pid is named, to stop it).
 */
export function describeBusyPorts(busy, { isOurs = () => false } = {}) {
  const shorten = (s, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const starts = new Set();
  const lines = busy.map(({ port, what, holder }) => {
    let by = 'by a process this user cannot see (another user’s, or outside this container)';
    if (holder) {
      by = `by ${holder.command} (pid ${holder.pid}${holder.args ? `: ${shorten(holder.args)}` : ''})`;
      if (holder.parent && isOurs(holder.parent.args)) starts.add(holder.parent.pid);
      else if (holder.args && isOurs(holder.args)) starts.add(holder.pid);
    }
    return `  port ${port} (${what}) is already in use ${by}`;
  });
  const variables = [...new Set(busy.map((b) => b.variable).filter(Boolean))];
  const advice = [];
  if (starts.size)
    advice.push(
      `Another \`npm start\` of this project is running (pid ${[...starts].join(', ')}): ` +
        `stop it with Ctrl-C in its terminal, or \`kill ${[...starts].join(' ')}\`.`,
    );
  advice.push(
    `${starts.size ? 'Or' : `Stop what holds ${busy.length === 1 ? 'it' : 'them'}, or`} run this ` +
      `one on other ports: ${variables.map((v) => `${v}=<port>`).join(' ')} npm start`,
  );
  return (
    `${busy.length === 1 ? 'a port it needs is' : 'ports it needs are'} taken:\n` +
    lines.join('\n') +
    '\n' +
    advice.map((a) => `  ${a}`).join('\n')
  );
}
