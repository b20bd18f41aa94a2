/**
 * @module
 * Local AWS Lambda Runtime API emulator: the test bed for the runtime (dev tooling).
 */

/** The emulator and its function process. */
export { RuntimeApiEmulator } from './emulator.js';
export { FunctionProcess } from './function-process.js';
export { EmulatorError } from './emulator-error.js';
/** A local Function URL in front of the emulator. */
export { FunctionUrlGateway, type GatewayOptions } from './gateway.js';

/** Options, outcomes, recorded requests, faults and shutdown reports. */
export type {
  EmulatorOptions,
  ErrorDetails,
  ExitInfo,
  Fault,
  FaultRoute,
  FunctionSpec,
  InvocationOutcome,
  InvokeOptions,
  OutcomeStatus,
  RecordedRequest,
  ShutdownReason,
  ShutdownReport,
  StreamChunk,
} from './types.js';

/** Protocol constants useful in tests. */
export { MAX_PAYLOAD_SIZE } from './rendering.js';
export { normaliseErrorType } from './outcome.js';
