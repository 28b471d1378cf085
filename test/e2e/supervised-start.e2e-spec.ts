import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { buildServices, freePort } from '../support/service-processes';

/**
 * `npm start` supervises the API and the worker (scripts/lib/supervisor.mjs) and stops the
 * whole stack on Ctrl-C. First the supervisor alone, with real child processes (small node
 * scripts that die by a signal or an exit code, or ignore SIGTERM); then scripts/start.mjs
 * itself, on ports and a data directory of its own: its API SIGKILLed and restarted, its worker
 * SIGKILLed and seen by /health, a second start refused naming the taken ports, and Ctrl-C
 * leaving no process behind.
 *
 * The supervisor is an ES module and jest runs these suites as CommonJS, so a small driver
 * process hosts it and reports its events as JSON lines; the test sends it commands.
 */
const ROOT = join(__dirname, '..', '..');
const SUPERVISOR = pathToFileURL(join(ROOT, 'scripts', 'lib', 'supervisor.mjs')).href;

let scratch: string;
const spawned = new Set<ChildProcess>();

/** Runs the plan's step for this run (a counter file counts runs): die, exit or live. */
const CHILD = `
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const counter = process.env.COUNTER;
const run = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0;
writeFileSync(counter, String(run + 1));
const plan = JSON.parse(process.env.PLAN);
const step = plan[Math.min(run, plan.length - 1)];
const [what, ms, arg] = step.split(':');
// Alive until the step ends it, and never longer than the driver that started it.
const parent = process.ppid;
setInterval(() => { try { process.kill(parent, 0); } catch { process.exit(70); } }, 300);
if (what === 'ignore-term') process.on('SIGTERM', () => {});
if (what === 'signal') setTimeout(() => process.kill(process.pid, arg), Number(ms));
if (what === 'exit') setTimeout(() => process.exit(Number(arg)), Number(ms));
`;

/** Hosts a Supervisor: reads commands on stdin, writes events on stdout (one JSON per line). */
const DRIVER = `
import { Supervisor } from ${JSON.stringify(SUPERVISOR)};
import { createInterface } from 'node:readline';
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const sup = new Supervisor({ ...JSON.parse(process.argv[2]), log: (message) => out({ event: 'log', message }) });
sup.on('spawn', (e) => out({ event: 'spawn', ...e }));
sup.on('exit', (e) => out({ event: 'exit', ...e, error: e.error?.message }));
for await (const line of createInterface({ input: process.stdin })) {
  const c = JSON.parse(line);
  if (c.op === 'add') {
    const restart = c.restartUnlessCode === undefined ? c.restart ?? true : (e) => e.code !== c.restartUnlessCode;
    const h = sup.add(c.name, {
      command: process.execPath,
      args: [c.script],
      options: { env: { ...process.env, ...c.env }, stdio: 'ignore' },
      restart,
    });
    if (c.await) h.exited().then((e) => out({ event: 'exited', name: c.name, code: e.code, signal: e.signal }));
  }
  if (c.op === 'stop') {
    const started = Date.now();
    const results = await sup.stop({ timeoutMs: c.timeoutMs });
    out({ event: 'stopped', ms: Date.now() - started, results: results.map((r) => ({ name: r.name, code: r.code, signal: r.signal, expected: r.expected })) });
  }
}
`;

type Event = Record<string, unknown> & { event: string; name?: string };

class Driver {
  readonly events: Event[] = [];
  private waiters: Array<() => void> = [];
  private readonly child: ChildProcess;

  constructor(options: Record<string, number>) {
    this.child = spawn(process.execPath, [join(scratch, 'driver.mjs'), JSON.stringify(options)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    spawned.add(this.child);
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.events.push({ ...(JSON.parse(line) as Event), at: Date.now() });
      for (const w of this.waiters) w();
    });
  }

  send(command: Record<string, unknown>): void {
    this.child.stdin!.write(JSON.stringify(command) + '\n');
  }

  add(name: string, plan: string[], extra: Record<string, unknown> = {}): void {
    this.send({
      op: 'add',
      name,
      script: join(scratch, 'child.js'),
      env: { PLAN: JSON.stringify(plan), COUNTER: join(scratch, `${name}.count`) },
      ...extra,
    });
  }

  /** Waits for the `count`-th event matching `match` (a deadline, not a sleep). */
  async next(match: (e: Event) => boolean, count = 1, timeoutMs = 10_000): Promise<Event> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.filter(match);
      if (found.length >= count) return found[count - 1];
      if (Date.now() > deadline)
        throw new Error(`no such event within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
  }

  of(event: string, name: string): Event[] {
    return this.events.filter((e) => e.event === event && e.name === name);
  }

  close(): void {
    this.child.kill('SIGKILL');
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'codev-supervisor-'));
  // As root, PostgreSQL runs as the postgres user, who must reach the data directory in here.
  chmodSync(scratch, 0o755);
  writeFileSync(join(scratch, 'child.js'), CHILD);
  writeFileSync(join(scratch, 'driver.mjs'), DRIVER);
});

afterAll(() => {
  for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

describe('the supervisor (scripts/lib/supervisor.mjs) with real child processes', () => {
  it('restarts a child killed by a signal, after pauses that double up to the cap, and says so', async () => {
    const d = new Driver({ initialDelayMs: 100, maxDelayMs: 400, resetAfterMs: 60_000 });
    try {
      d.add('crasher', ['signal:30:SIGKILL']);
      await d.next((e) => e.event === 'spawn' && e.name === 'crasher', 6);
      const exits = d.of('exit', 'crasher').slice(0, 5);
      expect(exits.map((e) => [e.signal, e.code])).toEqual(Array(5).fill(['SIGKILL', null]));
      expect(exits.map((e) => e.restartInMs)).toEqual([100, 200, 400, 400, 400]);
      // The pause really is kept: each respawn comes no sooner than announced.
      const spawns = d.of('spawn', 'crasher');
      exits.forEach((exit, i) =>
        expect((spawns[i + 1].at as number) - (exit.at as number)).toBeGreaterThanOrEqual(
          (exit.restartInMs as number) - 50,
        ),
      );
      const logs = d.events.filter((e) => e.event === 'log').map((e) => e.message as string);
      expect(logs[0]).toMatch(
        /^crasher \(pid \d+\) was killed by SIGKILL after [\d.]+ s up; restarting it in 0\.1 s, at \d\d:\d\d:\d\d\.$/,
      );
      expect(logs).toContainEqual(
        expect.stringMatching(/^crasher restarted \(pid \d+, restart 1\)\.$/),
      );
      expect(logs).toContainEqual(expect.stringContaining('(3 deaths in a row)'));

      d.send({ op: 'stop', timeoutMs: 1_000 });
      await d.next((e) => e.event === 'stopped');
      const pids = d.of('spawn', 'crasher').map((e) => e.pid as number);
      const spawnsAtStop = pids.length;
      await new Promise((r) => setTimeout(r, 600)); // longer than any pending restart pause
      expect(d.of('spawn', 'crasher')).toHaveLength(spawnsAtStop);
      expect(pids.filter(alive)).toEqual([]);
    } finally {
      d.close();
    }
  });

  it('restarts on an exit code too, from the first pause again once a child stayed up a while', async () => {
    const d = new Driver({ initialDelayMs: 100, maxDelayMs: 10_000, resetAfterMs: 500 });
    try {
      // Dies at once twice (pauses 100, 200), then lives 700 ms (> resetAfterMs) and dies.
      d.add('flaky', ['exit:10:3', 'exit:10:3', 'exit:700:4', 'live']);
      const fourth = await d.next((e) => e.event === 'spawn' && e.name === 'flaky', 4);
      expect(fourth.restarts).toBe(3);
      expect(d.of('exit', 'flaky').map((e) => [e.code, e.signal, e.restartInMs])).toEqual([
        [3, null, 100],
        [3, null, 200],
        [4, null, 100],
      ]);
      d.send({ op: 'stop', timeoutMs: 1_000 });
      const stopped = await d.next((e) => e.event === 'stopped');
      expect(stopped.results).toEqual([
        { name: 'flaky', code: null, signal: 'SIGTERM', expected: true },
      ]);
    } finally {
      d.close();
    }
  });

  it('resolves a one-shot child’s exit whether it ends by a signal or an exit code', async () => {
    const d = new Driver({});
    try {
      d.add('by-signal', ['signal:50:SIGKILL'], { restart: false, await: true });
      d.add('by-code', ['exit:50:7'], { restart: false, await: true });
      d.add('by-term', ['signal:50:SIGTERM'], { restart: false, await: true });
      const bySignal = await d.next((e) => e.event === 'exited' && e.name === 'by-signal');
      const byCode = await d.next((e) => e.event === 'exited' && e.name === 'by-code');
      const byTerm = await d.next((e) => e.event === 'exited' && e.name === 'by-term');
      expect([bySignal.signal, bySignal.code]).toEqual(['SIGKILL', null]);
      expect([byCode.signal, byCode.code]).toEqual([null, 7]);
      expect([byTerm.signal, byTerm.code]).toEqual(['SIGTERM', null]);
      expect(d.events.filter((e) => e.event === 'spawn')).toHaveLength(3); // none restarted
      // A restart policy can refuse: exit code 2 is final, others restart.
      d.add('picky', ['exit:10:1', 'exit:10:2'], { restartUnlessCode: 2 });
      await d.next((e) => e.event === 'exit' && e.name === 'picky', 2);
      expect(d.of('exit', 'picky').map((e) => [e.code, e.restartInMs])).toEqual([
        [1, 1_000],
        [2, null],
      ]);
    } finally {
      d.close();
    }
  });

  it('stop() ends every child — SIGKILL for one that ignores SIGTERM — and cancels a pending restart', async () => {
    const d = new Driver({ initialDelayMs: 5_000 });
    try {
      d.add('polite', ['live']);
      d.add('stubborn', ['ignore-term']);
      d.add('waiting', ['exit:10:1']); // dies, then waits 5 s for its restart
      await d.next((e) => e.event === 'exit' && e.name === 'waiting');
      await d.next((e) => e.event === 'spawn' && e.name === 'stubborn');
      await new Promise((r) => setTimeout(r, 100)); // its SIGTERM handler is installed
      const pids = d.events.filter((e) => e.event === 'spawn').map((e) => e.pid as number);
      d.send({ op: 'stop', timeoutMs: 500 });
      const stopped = await d.next((e) => e.event === 'stopped');
      expect(stopped.ms).toBeLessThan(2_000);
      expect(stopped.results).toEqual(
        expect.arrayContaining([
          { name: 'polite', code: null, signal: 'SIGTERM', expected: true },
          { name: 'stubborn', code: null, signal: 'SIGKILL', expected: true },
        ]),
      );
      expect(pids.filter(alive)).toEqual([]);
      expect(d.events.filter((e) => e.event === 'log').map((e) => e.message)).toContainEqual(
        expect.stringMatching(
          /^stubborn \(pid \d+\) still running 0\.5 s after SIGTERM: killing it\.$/,
        ),
      );
      expect(d.of('spawn', 'waiting')).toHaveLength(1);
    } finally {
      d.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** Every process below `pid`, from `ps` (pid, parent, command line). */
function descendants(pid: number): { pid: number; args: string }[] {
  const table = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s*(.*)$/))
    .filter((m): m is RegExpMatchArray => !!m)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const found: { pid: number; args: string }[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const next = table.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

describe('npm start (scripts/start.mjs)', () => {
  let start: ChildProcess | undefined;
  let output = '';
  afterAll(() => {
    // Whatever happened, leave nothing running: the whole process group of the start.
    if (start?.pid && start.exitCode === null && start.signalCode === null) {
      for (const p of descendants(start.pid)) spawnSync('kill', ['-9', String(p.pid)]);
      start.kill('SIGKILL');
    }
  });

  /** Waits until the start has printed something matching `re` (after `from`), with a deadline. */
  async function printed(re: RegExp, timeoutMs: number, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = output.slice(from).match(re);
      if (m) return m;
      if (Date.now() > deadline || (start && start.exitCode !== null))
        throw new Error(
          `npm start did not print ${re} within ${timeoutMs} ms:\n${output.slice(-6000)}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function healthStatus(url: string): Promise<{ status: number; worker?: string }> {
    try {
      const res = await fetch(`${url}/health`);
      const body = (await res.json()) as { details?: { worker?: { status: string } } };
      return { status: res.status, worker: body.details?.worker?.status };
    } catch {
      return { status: 0 };
    }
  }

  async function healthUntil(url: string, want: number, timeoutMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if ((await healthStatus(url)).status === want) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `/health never answered ${want} within ${timeoutMs} ms:\n${output.slice(-4000)}`,
    );
  }

  beforeAll(async () => {
    await buildServices(); // so that the start finds dist/ current and builds nothing
  }, 180_000);

  it('restarts its killed API, refuses a second start naming the ports, and stops everything on Ctrl-C', async () => {
    const ports = {
      PORT: String(await freePort()),
      CODEV_PG_PORT: String(await freePort()),
      CODEV_TEMPORAL_PORT: String(await freePort()),
      CODEV_TEMPORAL_UI_PORT: String(await freePort()),
    };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...ports,
      CODEV_STATE_DIR: join(scratch, 'state'),
      CODEV_DEMO_CALL: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    };
    for (const v of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_TASK_QUEUE', 'JWT_SECRET'])
      delete env[v];
    const url = `http://127.0.0.1:${ports.PORT}`;
    // Its own process group, as a terminal gives a foreground job: Ctrl-C signals the group.
    start = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    spawned.add(start);
    const take = (d: Buffer) => {
      output += d.toString();
      if (process.env.CODEV_TEST_LOGS === '1') process.stderr.write(d);
    };
    start.stdout!.on('data', take);
    start.stderr!.on('data', take);
    const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((r) =>
      start!.once('exit', (code, signal) => r({ code, signal, at: Date.now() })),
    );
    await printed(/All healthy\./, 90_000);

    // `npm run token` finds this stack (its secret and database) through its state directory:
    // a token per organisation, with the organisation's id, that the API accepts.
    const token = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'scripts', 'mint-token.mjs'), ...args], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
    const help = token('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('programme-designer');
    const list = token('--list');
    expect(list.status).toBe(0);
    const club = list.stdout.match(
      /# Club Jerezano de Los Ángeles \(MIGRANT_CLUB\)  id ([0-9a-f-]{36})\n(\S+)/,
    );
    expect(club).not.toBeNull();
    const asked = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${club![2]}` },
      body: JSON.stringify({ query: `{ organisation(id: "${club![1]}") { name } }` }),
    });
    expect(await asked.json()).toEqual({
      data: { organisation: { name: 'Club Jerezano de Los Ángeles' } },
    });

    const tree = () => descendants(start!.pid!);
    const api = tree().find((p) => p.args.includes('dist/apps/api/src/main.js'))!;
    expect(api).toBeDefined();

    // The API SIGKILLed: the start says so, restarts it after 1 s, and the API answers again.
    let mark = output.length;
    process.kill(api.pid, 'SIGKILL');
    await printed(
      new RegExp(
        `api \\(pid ${api.pid}\\) was killed by SIGKILL after .* restarting it in 1 s, at \\d\\d:\\d\\d:\\d\\d`,
      ),
      5_000,
      mark,
    );
    const restarted = await printed(/api restarted \(pid (\d+), restart 1\)/, 10_000, mark);
    expect(Number(restarted[1])).not.toBe(api.pid);
    await healthUntil(url, 200, 30_000);

    // The worker SIGKILLed: /health is 503 within seconds, then 200 once it is restarted.
    const worker = tree().find((p) => p.args.includes('dist/apps/worker/src/main.js'))!;
    mark = output.length;
    process.kill(worker.pid, 'SIGKILL');
    expect(await healthUntil(url, 503, 5_000)).toBeLessThan(3_000);
    await printed(/worker restarted \(pid \d+, restart 1\)/, 10_000, mark);
    await healthUntil(url, 200, 30_000);

    // A second start on the same ports is refused at once, naming each port and its holder.
    const second = spawnSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: { ...env, CODEV_STATE_DIR: join(scratch, 'second') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('npm start failed: ports it needs are taken:');
    expect(second.stderr).toMatch(
      new RegExp(
        `port ${ports.PORT} \\(the API\\) is already in use by node \\(pid \\d+: .*dist/apps/api/src/main\\.js`,
      ),
    );
    expect(second.stderr).toMatch(
      new RegExp(
        `port ${ports.CODEV_PG_PORT} \\(PostgreSQL\\) is already in use by postgres \\(pid \\d+`,
      ),
    );
    expect(second.stderr).toContain(`port ${ports.CODEV_TEMPORAL_PORT} (the Temporal dev server)`);
    expect(second.stderr).toContain(
      `Another \`npm start\` of this project is running (pid ${start.pid})`,
    );
    expect(second.stderr).not.toContain('undefined');

    // Ctrl-C: SIGINT to the whole group. Everything below the start is gone, promptly, and it says so.
    const before = tree();
    expect(before.some((p) => /\/postgres\b/.test(p.args))).toBe(true);
    expect(before.some((p) => /temporal.* server start-dev/.test(p.args))).toBe(true);
    const sentAt = Date.now();
    process.kill(-start.pid!, 'SIGINT');
    const end = await exited;
    expect(end.at - sentAt).toBeLessThan(10_000);
    expect(end).toMatchObject({ code: 0, signal: null });
    expect(output).toMatch(/Stopping \(SIGINT\)…[\s\S]*\] Stopped\.\n/);
    expect(before.map((p) => p.pid).filter(alive)).toEqual([]);
    expect(await healthStatus(url)).toEqual({ status: 0 });
    // Stopped, the stack is no longer advertised: a token list says so.
    expect(token('--list').stderr).toContain('npm start is not running');
  }, 150_000);
});
