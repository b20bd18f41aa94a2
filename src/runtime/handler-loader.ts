import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HandlerLoadError } from '../errors.js';
import { bufferedDriver, type Handler } from './run.js';
import { type RuntimeOptions, startRuntime } from './runtime.js';

const EXTENSIONS = ['.mjs', '.js', '.cjs'];

/**
 * Loads the function named by a `_HANDLER` string (`dir/module.export.nested`) from the task root, with the
 * error types of AWS's Node.js runtime (runtime-api.md §2.2): MalformedHandlerName, ImportModuleError,
 * UserCodeSyntaxError, HandlerNotFound. Top-level await rejections propagate with their own type.
 */
export async function loadHandler(handler: string | undefined, taskRoot: string): Promise<(...args: unknown[]) => unknown> {
  if (!handler) {
    throw new HandlerLoadError('_HANDLER is not set; set it to "<module>.<export>", e.g. "index.handler".', 'Runtime.MalformedHandlerName');
  }
  const slash = handler.lastIndexOf('/');
  const name = handler.slice(slash + 1);
  const dot = name.indexOf('.');
  const modulePart = handler.slice(0, slash + 1) + name.slice(0, dot);
  const exportPath = name.slice(dot + 1);
  if (dot <= 0 || exportPath === '' || handler.split('/').includes('..')) {
    throw new HandlerLoadError(
      `Bad handler "${handler}": expected "<module path>.<export>" inside the task root, e.g. "index.handler".`,
      'Runtime.MalformedHandlerName',
    );
  }
  const base = resolve(taskRoot, modulePart);
  const file = EXTENSIONS.map((ext) => base + ext).find((f) => existsSync(f)) ?? (isAbsolute(base) && existsSync(base) ? base : undefined);
  if (!file) {
    throw new HandlerLoadError(
      `Cannot find module "${modulePart}" in ${taskRoot} (tried ${EXTENSIONS.join(', ')}). Check _HANDLER and the zip's layout.`,
      'Runtime.ImportModuleError',
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof SyntaxError) throw new HandlerLoadError(`${modulePart}: ${err.message}`, 'Runtime.UserCodeSyntaxError', err);
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new HandlerLoadError(`${modulePart}: ${(err as Error).message}`, 'Runtime.ImportModuleError', err);
    }
    throw err;
  }
  let target: unknown = mod;
  for (const key of exportPath.split('.')) target = (target as Record<string, unknown> | undefined)?.[key];
  if (target === undefined) {
    throw new HandlerLoadError(`${handler} is undefined or not exported`, 'Runtime.HandlerNotFound');
  }
  if (typeof target !== 'function') throw new HandlerLoadError(`${handler} is not a function`, 'Runtime.HandlerNotFound');
  return target as (...args: unknown[]) => unknown;
}

/**
 * Runs the handler named by `_HANDLER` from `LAMBDA_TASK_ROOT`, as AWS's Node.js runtime does: a drop-in
 * runtime for an existing function. Loading happens during init, so a bad handler is an init error.
 * @example
 * // bootstrap: node -e "import('lambda-kernel/runtime').then((r) => r.runHandlerFromEnv())"
 */
export async function runHandlerFromEnv(options: RuntimeOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  let handler: Handler | undefined;
  return startRuntime(
    bufferedDriver(() => handler!),
    {
      ...options,
      init: async (init) => {
        handler = (await loadHandler(env._HANDLER, env.LAMBDA_TASK_ROOT ?? process.cwd())) as Handler;
        await options.init?.(init);
      },
    },
  );
}
