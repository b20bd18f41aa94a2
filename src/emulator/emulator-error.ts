/**
 * @module
 * The emulator's own error: misuse of the test tool, or a wait that timed out.
 */
import { LambdaKernelError } from '../errors.js';

/** Thrown by the emulator's API (never sent over the wire). */
export class EmulatorError extends LambdaKernelError {
  constructor(message: string) {
    super(message, {}, 'Emulator.Error');
  }
}
