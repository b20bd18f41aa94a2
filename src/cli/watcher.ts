/**
 * @module
 * Watches the files a bundle was built from (esbuild's metafile inputs outside node_modules) and calls back once
 * per burst of changes. One non-recursive fs.watch per directory: inotify-cheap, and no event storms from output
 * or dependency directories.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Metafile } from 'esbuild';

/** The source files of a bundle, as absolute paths (dependencies in node_modules excluded). */
export function sourceFiles(metafile: Metafile, cwd = process.cwd()): string[] {
  return Object.keys(metafile.inputs)
    .filter((input) => !input.includes('node_modules/') && !input.includes(':'))
    .map((input) => resolve(cwd, input));
}

/** Calls `onChange(files)` `debounceMs` after the last change to a watched file. */
export class SourceWatcher {
  readonly #watchers = new Map<string, FSWatcher>();
  #names = new Map<string, Set<string>>();
  #changed = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChange: (files: string[]) => void,
    private readonly debounceMs = 100,
  ) {}

  /** Number of files being watched. */
  get size(): number {
    let n = 0;
    for (const names of this.#names.values()) n += names.size;
    return n;
  }

  /** Watches exactly `files` from now on (after each build: imports come and go). */
  update(files: string[]): void {
    const names = new Map<string, Set<string>>();
    for (const file of files) {
      const dir = dirname(file);
      names.set(dir, (names.get(dir) ?? new Set()).add(basename(file)));
    }
    this.#names = names;
    for (const [dir, watcher] of this.#watchers) {
      if (names.has(dir)) continue;
      watcher.close();
      this.#watchers.delete(dir);
    }
    for (const dir of names.keys()) {
      if (this.#watchers.has(dir)) continue;
      // Editors that save by rename report the file's name too; a null name (rare) is treated as a change.
      const watcher = watch(dir, (_event, name) => {
        const file = name === null ? dir : resolve(dir, name.toString());
        if (name === null || this.#names.get(dir)?.has(name.toString())) this.#touch(file);
      });
      watcher.on('error', () => {}); // a deleted directory: the next build's inputs decide what to watch
      this.#watchers.set(dir, watcher);
    }
  }

  #touch(file: string): void {
    this.#changed.add(file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const files = [...this.#changed];
      this.#changed.clear();
      this.onChange(files);
    }, this.debounceMs);
  }

  /** Stops watching. */
  close(): void {
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }
}
