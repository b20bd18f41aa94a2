// DI: a singleton service using all four lifecycle hooks, a per-invocation service, and a handler injecting both.
import {
  AfterResponse,
  BeforeInvoke,
  CLOCK,
  type Clock,
  Handler,
  inject,
  InvocationContext,
  type InvocationOutcome,
  type InvocationScope,
  Kernel,
  Logger,
  OnInit,
  OnShutdown,
  Scoped,
  Singleton,
} from 'lambda-kernel';

/** Process-wide: built once during init, shut down on SIGTERM. */
@Singleton()
class Greetings {
  #served = 0;
  #readyAt = 0;

  constructor(@inject(Logger) private logger: Logger, @inject(CLOCK) private clock: Clock) {}

  @OnInit()
  async warmUp(): Promise<void> {
    this.#readyAt = this.clock.now();
    this.logger.info('greetings service ready');
  }

  @BeforeInvoke()
  before(scope: InvocationScope): void {
    this.logger.debug(`invocation ${scope.context.requestId} starting`);
  }

  @AfterResponse()
  after(outcome: InvocationOutcome): void {
    // Runs once the response is sent: the caller is not kept waiting for this.
    this.logger.info(`response sent (${outcome.ok ? 'ok' : 'error'}); ${this.#served} greetings so far`);
  }

  @OnShutdown()
  shutdown(): void {
    this.logger.info(`shutdown: served ${this.#served} greetings since ${new Date(this.#readyAt).toISOString()}`);
  }

  greet(name: string): string {
    this.#served++;
    return `Hello, ${name}!`;
  }
}

/** Per invocation: a new instance each time, disposed when the invocation ends. */
@Scoped()
class RequestInfo {
  constructor(@inject(InvocationContext) private ctx: InvocationContext) {}

  describe(): { requestId: string; remainingMs: number } {
    return { requestId: this.ctx.requestId, remainingMs: this.ctx.getRemainingTimeInMillis() };
  }
}

@Handler()
class GreetHandler {
  constructor(@inject(Greetings) private greetings: Greetings, @inject(RequestInfo) private info: RequestInfo) {}

  handle(event: { name?: string }) {
    return { message: this.greetings.greet(event?.name ?? 'world'), ...this.info.describe() };
  }
}

Kernel.create({ handler: GreetHandler, providers: [Greetings, RequestInfo] }).run();
