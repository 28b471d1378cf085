// Keeps long-running child processes up, as `npm start` runs the API and the worker: a child
// that dies — whatever the cause: an exit code, or a signal such as SIGKILL or the OOM killer —
// is started again after a pause that doubles while it keeps dying (1 s, 2 s, 4 s … 30 s) and
// starts again from 1 s once it has stayed up for a while. stop() ends every child (SIGTERM, then
// SIGKILL after a deadline) and resolves only once each one is gone.
//
// Only Node builtins, no dependency on the rest of the project: test/e2e/supervised-start
// drives it with small node scripts that crash.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';

export const DEFAULTS = Object.freeze({
  /** The first pause before a restart; it doubles with each death in a row… */
  initialDelayMs: 1_000,
  /** …up to this. */
  maxDelayMs: 30_000,
  /** A child that ran this long before dying is restarted after initialDelayMs again. */
  resetAfterMs: 60_000,
  /** stop(): how long a child may take over its SIGTERM before it is SIGKILLed. */
  stopTimeoutMs: 10_000,
});

/** The pause before restart number `consecutive` + 1 of a child that keeps dying. */
export function backoffDelay(consecutive, { initialDelayMs, maxDelayMs } = DEFAULTS) {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(consecutive, 30));
}

/** "exited with code 1", "was killed by SIGKILL", "could not start (spawn node ENOENT)". */
export function describeExit({ code, signal, error }) {
  if (error) return `could not start (${error.message})`;
  if (signal) return `was killed by ${signal}`;
  return `exited with code ${code}`;
}

/** 850 ms → "0.9 s", 95 000 ms → "1 min 35 s". */
export function formatDuration(ms) {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const clock = (ms) => new Date(ms).toTimeString().slice(0, 8);

/**
 * Events (all with `name`):
 *   'spawn'  { pid, restarts }                         a child started (restarts: how many before)
 *   'exit'   { pid, code, signal, error, uptimeMs, expected, restartInMs }
 *            expected: stop() asked for it; restartInMs: null when it will not be restarted
 *   'stopped' {}                                        stop() finished: every child is gone
 */
export class Supervisor extends EventEmitter {
  /**
   * @param {object} [options]
   * @param {(message: string) => void} [options.log] one line per death and restart
   * @param {number} [options.initialDelayMs]
   * @param {number} [options.maxDelayMs]
   * @param {number} [options.resetAfterMs]
   * @param {number} [options.stopTimeoutMs]
   */
  constructor(options = {}) {
    super();
    const { log = () => {}, ...timing } = options;
    this.log = log;
    this.timing = { ...DEFAULTS, ...timing };
    /** @type {Map<string, Service>} */
    this.services = new Map();
    this.stopping = false;
    this.stopped = null;
  }

  /**
   * Adds a child and starts it.
   * @param {string} name
   * @param {object} spec
   * @param {string} spec.command
   * @param {string[]} [spec.args]
   * @param {object} [spec.options]  child_process.spawn options (env, cwd, stdio…)
   * @param {boolean | ((exit: object) => boolean)} [spec.restart]  false for a one-shot child;
   *   a function decides per death (it receives what 'exit' carries). Default: always restart.
   * @param {NodeJS.Signals} [spec.stopSignal]  what stop() sends first (default SIGTERM)
   * @returns {{ readonly pid: number | undefined, readonly running: boolean, readonly restarts: number, exited(): Promise<object> }}
   */
  add(name, spec) {
    if (this.services.has(name)) throw new Error(`${name} is already supervised`);
    if (this.stopping) throw new Error(`cannot add ${name}: the supervisor is stopping`);
    const service = new Service(this, name, spec);
    this.services.set(name, service);
    service.spawn();
    return service.handle;
  }

  /** The handle add() returned. */
  get(name) {
    return this.services.get(name)?.handle;
  }

  /**
   * Stops every child: no more restarts, pending ones cancelled, `stopSignal` to each running
   * child, SIGKILL to any still there after stopTimeoutMs. Resolves once all are gone, with
   * how each ended. Safe to call more than once (the same promise).
   */
  stop({ timeoutMs = this.timing.stopTimeoutMs } = {}) {
    if (this.stopped) return this.stopped;
    this.stopping = true;
    this.stopped = Promise.all([...this.services.values()].map((s) => s.stop(timeoutMs))).then(
      (results) => {
        this.emit('stopped', {});
        return results.filter(Boolean);
      },
    );
    return this.stopped;
  }
}

class Service {
  constructor(supervisor, name, spec) {
    this.supervisor = supervisor;
    this.name = name;
    this.spec = spec;
    this.child = null;
    this.exitedPromise = null;
    this.startedAt = 0;
    this.restarts = 0;
    this.consecutive = 0;
    this.timer = null;
    this.stopRequested = false;
    const self = this;
    this.handle = {
      get pid() {
        return self.child?.pid;
      },
      get running() {
        return self.isRunning();
      },
      get restarts() {
        return self.restarts;
      },
      /** Resolves when the current child (if any) has exited, with how. */
      exited: () => self.exitedPromise ?? Promise.resolve(null),
    };
  }

  isRunning() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  spawn() {
    const { command, args = [], options = {} } = this.spec;
    const startedAt = Date.now();
    let child;
    try {
      child = spawn(command, args, options);
    } catch (error) {
      // spawn throws synchronously on invalid arguments; treat it as a death like any other.
      this.exitedPromise = Promise.resolve(
        this.onExit({ pid: undefined, code: null, signal: null, error, startedAt }),
      );
      return;
    }
    this.child = child;
    this.startedAt = startedAt;
    // One settlement per child, whichever comes first: 'exit' (code or signal: exitCode is null
    // when a signal ended it, so never wait on exitCode alone), or 'error' when it never started.
    this.exitedPromise = new Promise((resolve) => {
      let settled = false;
      const settle = (code, signal, error) => {
        if (settled) return;
        settled = true;
        resolve(this.onExit({ pid: child.pid, code, signal, error, startedAt }));
      };
      child.once('exit', (code, signal) => settle(code, signal, undefined));
      child.once('error', (error) => {
        if (child.pid === undefined) settle(null, null, error);
      });
    });
    if (child.pid !== undefined) {
      this.supervisor.emit('spawn', { name: this.name, pid: child.pid, restarts: this.restarts });
      if (this.restarts > 0)
        this.supervisor.log(`${this.name} restarted (pid ${child.pid}, restart ${this.restarts}).`);
    }
  }

  onExit({ pid, code, signal, error, startedAt }) {
    const uptimeMs = Date.now() - startedAt;
    const exit = { name: this.name, pid, code, signal, error, uptimeMs };
    const sup = this.supervisor;
    const expected = this.stopRequested || sup.stopping;
    let restartInMs = null;
    if (!expected) {
      const { restart = true } = this.spec;
      const again = typeof restart === 'function' ? restart(exit) : restart;
      if (again) {
        if (uptimeMs >= sup.timing.resetAfterMs) this.consecutive = 0;
        restartInMs = backoffDelay(this.consecutive, sup.timing);
        this.consecutive += 1;
        this.timer = setTimeout(() => {
          this.timer = null;
          if (sup.stopping) return;
          this.restarts += 1;
          this.spawn();
        }, restartInMs);
        const who = pid === undefined ? this.name : `${this.name} (pid ${pid})`;
        sup.log(
          `${who} ${describeExit(exit)} after ${formatDuration(uptimeMs)} up; ` +
            `restarting it in ${formatDuration(restartInMs)}, at ${clock(Date.now() + restartInMs)}` +
            (this.consecutive > 1 ? ` (${this.consecutive} deaths in a row)` : '') +
            '.',
        );
      }
    }
    const event = { ...exit, expected, restartInMs };
    sup.emit('exit', event);
    return event;
  }

  async stop(timeoutMs) {
    this.stopRequested = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.isRunning()) return null;
    const child = this.child;
    const exited = this.exitedPromise;
    child.kill(this.spec.stopSignal ?? 'SIGTERM');
    let timer;
    const late = await Promise.race([
      exited.then(() => false),
      new Promise((r) => (timer = setTimeout(() => r(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (late && this.isRunning()) {
      this.supervisor.log(
        `${this.name} (pid ${child.pid}) still running ${formatDuration(timeoutMs)} after ` +
          `${this.spec.stopSignal ?? 'SIGTERM'}: killing it.`,
      );
      child.kill('SIGKILL');
    }
    return exited;
  }
}
