/**
 * @module
 * AWS's Node.js runtime interface client, installed on demand into the bench cache (never a devDependency:
 * its install compiles curl and a C++ client, about 2 minutes).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where aws-lambda-ric lives and the handler it runs, or why it is not available. */
export type RicSetup = { ok: true; bin: string; taskRoot: string; version: string } | { ok: false; reason: string };

const PACKAGE = 'aws-lambda-ric@4';
// Tools the package's preinstall script needs to build its bundled curl.
const BUILD_TOOLS = ['autoreconf', 'libtoolize', 'automake', 'cmake', 'make', 'g++'];

function which(tool: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, tool)));
}

function installed(dir: string): RicSetup | undefined {
  const pkg = join(dir, 'node_modules', 'aws-lambda-ric');
  // 4.x ships the native client at the package root, 3.x under dist/.
  if (!['rapid-client.node', 'dist/rapid-client.node'].some((f) => existsSync(join(pkg, f)))) return undefined;
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
  return { ok: true, bin: join(pkg, manifest.bin['aws-lambda-ric']!), taskRoot: join(dir, 'task'), version: manifest.version };
}

/**
 * Returns the installed client, installing it first when `install` is true.
 * The equivalent handler is written to `<dir>/task/index.mjs`.
 */
export async function setupRic(dir: string, install: boolean, log: (line: string) => void): Promise<RicSetup> {
  mkdirSync(join(dir, 'task'), { recursive: true });
  writeFileSync(join(dir, 'task', 'index.mjs'), "export const handler = async () => 'Hello, world!';\n");
  const ready = installed(dir);
  if (ready) return ready;
  if (!install) return { ok: false, reason: `not installed in ${dir} (a full run installs it; --quick does not)` };
  const missing = BUILD_TOOLS.filter((tool) => !which(tool));
  if (missing.length > 0) {
    return {
      ok: false,
      reason:
        `its install compiles curl and needs ${missing.join(', ')}, not found on PATH ` +
        '(Debian/Ubuntu: apt-get install autoconf automake libtool cmake make g++)',
    };
  }
  log(`installing ${PACKAGE} into ${dir} (it compiles curl and a C++ client: about 2 minutes)…`);
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
    let text = '';
    const child = spawn('npm', ['install', PACKAGE, '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => resolve({ code: -1, text: err.message }));
    child.on('close', (code) => resolve({ code, text }));
  });
  const after = installed(dir);
  if (after) return after;
  const errors = output.text.split('\n').filter((line) => /error|not found|fatal/i.test(line));
  return {
    ok: false,
    reason: `npm install ${PACKAGE} failed (exit ${output.code}): ${(errors.length ? errors : output.text.split('\n')).slice(-6).join(' | ').trim()}`,
  };
}
