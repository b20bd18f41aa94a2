// Init error: an @OnInit() hook that throws is reported to Lambda as an init error; no invocation is served.
import { Handler, inject, Kernel, OnInit, Singleton } from 'lambda-kernel';

@Singleton()
class Database {
  @OnInit()
  async connect(): Promise<void> {
    throw new Error('cannot reach the database at db.internal:5432');
  }
}

@Handler()
class Unreachable {
  constructor(@inject(Database) private db: Database) {}

  handle() {
    return 'never served';
  }
}

Kernel.create({ handler: Unreachable, providers: [Database] }).run();
