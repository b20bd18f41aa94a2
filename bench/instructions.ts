/**
 * @module
 * `npm run bench:instructions [-- --node <version>]`: the per-invocation cost of the hello function, the floor and
 * the bare undici loop, counted by valgrind's callgrind with its cache and branch simulation. Unlike timings on
 * a shared machine these counts repeat to within about 1% run after run, which makes them the way to tell a 2%
 * change from noise. Slow (about five minutes a contender, two at a time): a script, never a test.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fetchNodeBinary } from '../src/cli/node-binary.js';
import { buildFunction } from './contenders.js';
import { LeanApi } from './lean-api.js';
import { lambdaEnv } from './spawn.js';

const run = promisify(execFile);
// V8 keeps optimising under valgrind for longer than on bare metal (its compiler threads run serialised):
// below about 30,000 invocations the counts still fall.
const WARMUP = 40_000;
const COUNT = 3_000;
const CONTENDERS = [
  { name: 'bare-undici', label: 'bare loop, undici Client' },
  { name: 'bare-undici-als', label: 'bare undici loop + ALS, CT (the floor)' },
  { name: 'hello', label: 'lambda-kernel run()' },
];
/** Events per invocation, as callgrind names them (Ir instructions, I1mr/D1mr/D1mw L1 misses, Bcm/Bim mispredicts). */
type Counts = Record<string, number>;

/** Runs `file` under callgrind; counts the `COUNT` invocations after `WARMUP`. */
async function count(node: string, file: string): Promise<Counts> {
  const dir = mkdtempSync(join(tmpdir(), 'lk-callgrind-'));
  const api = new LeanApi();
  const address = await api.start();
  const args = ['--tool=callgrind', '--cache-sim=yes', '--branch-sim=yes', '--smc-check=all-non-file', `--callgrind-out-file=${dir}/out`];
  const child = spawn('valgrind', [...args, node, file], { env: { ...lambdaEnv(address), PATH: process.env.PATH ?? '' }, stdio: 'ignore' });
  try {
    await api.firstNext;
    await api.release(WARMUP);
    await run('callgrind_control', ['--zero', String(child.pid)]);
    await api.release(COUNT);
    await run('callgrind_control', ['--dump', String(child.pid)]);
    const dump = readdirSync(dir).find((f) => f !== 'out')!;
    const text = readFileSync(join(dir, dump), 'utf8');
    const names = /^events: (.*)$/m.exec(text)![1]!.split(' ');
    const totals = /^(?:summary|totals): (.*)$/m.exec(text)![1]!.split(' ').map(Number);
    return Object.fromEntries(names.map((n, i) => [n, totals[i]! / COUNT]));
  } finally {
    child.kill('SIGKILL');
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A rough cycle estimate: an L1 miss served by the next level costs about 12 cycles, a mispredict about 15. */
function cycles(c: Counts): number {
  return c.Ir! + 12 * (c.I1mr! + c.D1mr! + c.D1mw!) + 15 * (c.Bcm! + c.Bim!);
}

export async function main(argv: string[], root: string): Promise<number> {
  try {
    await run('valgrind', ['--version']);
  } catch {
    console.error('valgrind is not installed (Debian/Ubuntu: apt-get install valgrind); nothing was counted.');
    return 1;
  }
  const at = argv.indexOf('--node');
  let node = { path: process.execPath, version: process.version };
  if (at >= 0) {
    const arch = process.arch === 'arm64' ? 'arm64' : 'x86_64';
    const fetched = await fetchNodeBinary({ arch, version: argv[at + 1], cacheDir: join(root, '.cache', 'bench', 'node'), log: console.log });
    node = { path: fetched.path, version: `v${fetched.version}` };
  }
  const out = join(root, '.cache', 'bench', 'build');
  const files = await Promise.all(CONTENDERS.map((c) => buildFunction(root, c.name, out)));
  console.log(`callgrind on Node.js ${node.version}: ${WARMUP} warm-up and ${COUNT} counted invocations per contender…`);
  const counts: Counts[] = [];
  // Two at a time: callgrind runs one thread, and counts do not depend on what else the machine does.
  for (let i = 0; i < files.length; i += 2) {
    counts.push(...(await Promise.all(files.slice(i, i + 2).map((f) => count(node.path, f.file)))));
  }
  const base = counts[0]!;
  const row = (label: string, c: Counts) =>
    `| ${label} | ${(c.Ir! / 1000).toFixed(1)}k | ${(c.Ir! / base.Ir!).toFixed(3)}× | ${c.I1mr!.toFixed(0)} | ${(c.D1mr! + c.D1mw!).toFixed(0)} | ${(c.Bcm! + c.Bim!).toFixed(0)} | ${(cycles(c) / 1000).toFixed(1)}k | ${(cycles(c) / cycles(base)).toFixed(3)}× |`;
  const table = [
    '| Per invocation | Instructions | ÷ bare undici | I1 misses | D1 misses | Mispredicts | Est. cycles | ÷ bare undici |',
    '| --- | --: | --: | --: | --: | --: | --: | --: |',
    ...CONTENDERS.map((c, i) => row(c.label, counts[i]!)),
  ].join('\n');
  console.log(`\n${table}`);
  const suffix = at >= 0 ? `-node${node.version.slice(1).split('.')[0]}` : '';
  const target = join(root, 'bench', `instructions${suffix}.md`);
  writeFileSync(
    target,
    `# Instructions per invocation\n\nGenerated by \`npm run bench:instructions\` (bench/instructions.ts) on Node.js ${node.version}, ` +
      `${process.arch}. Callgrind (${(await run('valgrind', ['--version'])).stdout.trim()}) with its cache and branch ` +
      `simulation counts every thread of the function process over ${COUNT} invocations after ${WARMUP} of warm-up, against the ` +
      `bench's lean Runtime API. Est. cycles = instructions + 12 × L1 misses + 15 × mispredicts, a rough model of what the ` +
      `misses cost. The kernel's side (system calls, the loopback network stack) is not counted.\n\n${table}\n`,
  );
  console.log(`\nwritten to ${target.slice(root.length)}`);
  return 0;
}
