// The DI hello application: 5 singletons, 2 scoped services and all four hooks, doing next to nothing, so that
// what is measured is the kernel's own per-invocation cost.
import { AfterResponse, BeforeInvoke, Handler, InvocationContext, inject, type KernelOptions, OnInit, OnShutdown, Scoped, Singleton } from 'lambda-kernel';

@Singleton()
class Settings {
  greeting = '';
  @OnInit() load() {
    this.greeting = 'Hello';
  }
}

@Singleton()
class Names {
  readonly fallback = 'world';
}

@Singleton()
class Metrics {
  invocations = 0;
  @BeforeInvoke() count() {
    this.invocations++;
  }
}

@Singleton()
class Audit {
  last: boolean | undefined;
  @AfterResponse() record(outcome: { ok: boolean }) {
    this.last = outcome.ok;
  }
  @OnShutdown() flush() {}
}

@Singleton()
class Greeter {
  constructor(@inject(Settings) private readonly settings: Settings, @inject(Names) private readonly names: Names) {}
  greet(name?: string) {
    return `${this.settings.greeting}, ${name ?? this.names.fallback}!`;
  }
}

@Scoped()
class RequestInfo {
  constructor(@inject(InvocationContext) readonly context: InvocationContext) {}
}

@Scoped()
class Greeting {
  constructor(@inject(Greeter) private readonly greeter: Greeter, @inject(RequestInfo) readonly info: RequestInfo) {}
  text(name?: string) {
    return this.greeter.greet(name);
  }
}

@Handler()
class Hello {
  constructor(@inject(Greeting) private readonly greeting: Greeting) {}
  handle(event: { name?: string }) {
    return this.greeting.text(event?.name);
  }
}

/** The kernel options of the DI hello. */
export const helloApp: KernelOptions = { handler: Hello, providers: [Settings, Names, Metrics, Audit, Greeter, RequestInfo, Greeting] };
