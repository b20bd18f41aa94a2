import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { FunctionUrlGateway, RuntimeApiEmulator } from '../../src/emulator/index.js';

/** This machine's first non-loopback IPv4 address, if it has one. */
function externalAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return undefined;
}

/** The IPv4 addresses listening on `port`, from the kernel's socket table (Linux only; undefined elsewhere). */
function listeningAddresses(port: number): string[] | undefined {
  if (!existsSync('/proc/net/tcp')) return undefined;
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A') // 0A: LISTEN
    .map((f) => {
      const hex = f[1]!.split(':')[0]!; // little-endian bytes
      return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
    });
}

/** Resolves 'connected' or the connection error's code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('local servers bind the loopback interface unless told otherwise', () => {
  it('the Runtime API emulator and the Function URL gateway listen on 127.0.0.1 only', async () => {
    const emulator = await RuntimeApiEmulator.start();
    const gateway = await FunctionUrlGateway.start(emulator);
    try {
      const gatewayPort = Number(new URL(gateway.url).port);
      expect(emulator.host).toBe('127.0.0.1');
      expect(new URL(gateway.url).hostname).toBe('127.0.0.1');
      expect(await tryConnect('127.0.0.1', emulator.port)).toBe('connected');
      expect(await tryConnect('127.0.0.1', gatewayPort)).toBe('connected');
      // Whatever interfaces this machine has, the socket table shows what each server is bound to.
      for (const port of [emulator.port, gatewayPort]) {
        const bound = listeningAddresses(port);
        if (bound !== undefined) expect(bound).toEqual(['127.0.0.1']);
      }
      const external = externalAddress();
      if (external !== undefined) {
        // Reachable from other machines only if bound to a non-loopback interface: it must be refused.
        expect(await tryConnect(external, emulator.port)).toBe('ECONNREFUSED');
        expect(await tryConnect(external, gatewayPort)).toBe('ECONNREFUSED');
      }
    } finally {
      await gateway.close();
      await emulator.close();
    }
  });

  it('the emulator binds another interface only when given one', async () => {
    const emulator = await RuntimeApiEmulator.start({ host: '0.0.0.0' });
    try {
      expect(emulator.host).toBe('0.0.0.0');
      const bound = listeningAddresses(emulator.port);
      if (bound !== undefined) expect(bound).toEqual(['0.0.0.0']);
      expect(await tryConnect('127.0.0.1', emulator.port)).toBe('connected');
    } finally {
      await emulator.close();
    }
  });
});
