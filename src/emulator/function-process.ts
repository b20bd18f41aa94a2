/**
 * @module
 * The function (runtime) process the emulator starts, restarts after a timeout or crash, and stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { ExitInfo, FunctionSpec } from './types.js';

/** Called on every exit; `requested` is true when the emulator itself signalled the process. */
export type ExitListener = (info: ExitInfo, requested: boolean) => void;

/** A spawned function process; one object across restarts. */
export class FunctionProcess {
  /** Every stdout/stderr line of every incarnation, in arrival order. */
  readonly output: string[] = [];
  #child?: ChildProcess;
  #exited: Promise<ExitInfo> = Promise.resolve({ code: null, signal: null });
  #running = false;
  #restarts = 0;
  #requested = false;

  constructor(
    private readonly spec: FunctionSpec,
    private readonly env: () => Record<string, string>,
    private readonly onExit: ExitListener,
  ) {}

  /** Pid of the current incarnation. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Resolves when the current incarnation has exited and its output is drained. */
  get exited(): Promise<ExitInfo> {
    return this.#exited;
  }

  /** How many times the process was started again after the first start. */
  get restarts(): number {
    return this.#restarts;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Sends a signal as an outsider would: the emulator treats the resulting exit as a crash. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.#running) this.#child?.kill(signal);
  }

  /** Starts the process, or a new incarnation of it (counted in `restarts`). */
  start(): void {
    if (this.#running) return;
    if (this.#child !== undefined) this.#restarts += 1;
    this.#requested = false;
    const child = spawn(this.spec.command, this.spec.args ?? [], {
      cwd: this.spec.cwd,
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#running = true;
    this.#pipe(child.stdout, 'stdout');
    this.#pipe(child.stderr, 'stderr');
    child.on('error', (error) => this.#line(`[emulator] ${error.message}`, 'stderr'));
    this.#exited = new Promise((resolve) => {
      // 'close' (not 'exit') so that `output` is complete; it is also the only event after a failed spawn.
      child.once('close', (code, signal) => {
        this.#running = false;
        const info: ExitInfo = { code, signal };
        resolve(info);
        this.onExit(info, this.#requested);
      });
    });
  }

  /** Signals the current incarnation on the emulator's behalf (timeout, shutdown, close): not a crash. */
  signal(signal: NodeJS.Signals): void {
    if (!this.#running) return;
    this.#requested = true;
    this.#child?.kill(signal);
  }

  // Lines end at '\n' only, as CloudWatch splits them: a '\r' inside a log line (how runtimes keep a
  // multi-line message in one event) stays part of the line. readline would split on it.
  #pipe(stream: Readable | null, name: 'stdout' | 'stderr'): void {
    if (stream === null) return;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop()!;
      for (const line of lines) this.#line(line, name);
    });
    stream.on('end', () => {
      if (pending !== '') this.#line(pending, name);
      pending = '';
    });
  }

  #line(line: string, stream: 'stdout' | 'stderr'): void {
    this.output.push(line);
    this.spec.onOutput?.(line, stream);
  }
}
