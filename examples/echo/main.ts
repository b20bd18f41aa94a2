// echo: returns the event byte for byte, whatever it is (JSON, text, binary).
import { run } from 'lambda-kernel/runtime';

// `raw` decoding hands over the bytes unparsed; a Uint8Array result is sent as it is.
run((event: Uint8Array) => event, { decoding: 'raw' });
